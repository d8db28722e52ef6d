"""The formulas of the result-based score, written once.

Per IKI and per SKP they run in the database, as one set-based statement over the
realisation (kinerja.selectors.realisasi_cte), so a province is scored in one pass and one
person in a few milliseconds by the same code. Per person the last steps (productivity,
the suggested rating, the TPP component) run here on plain numbers. The explanation page
shows the stored figures, so what is stored is what is explained.

Capaian of an IKI (PermenPANRB 6/2022; domain.md): realisasi / target x 100%, inverted
where lower is better (no realisation at all then earns the maximum); for a range target
100% inside it, against the upper bound when above it and the lower bound when below it;
capped at the BKD maximum; none without a target. An SKP's result score is the weighted
sum of capaian over its Utama IKIs (an IKI without a target counts as zero); a
qualitative SKP has none, its atasan judges the result. Someone with several SKPs in the
range (moved to another post) gets each SKP's result score weighted by the approved
minutes spent on its IKIs, or their plain mean when no minutes were spent.
"""

from decimal import Decimal

from django.db import connection

HUNDRED = Decimal("100")
CENT = Decimal("0.01")

_CAPAIAN = """
CASE
    WHEN b.target IS NULL OR b.target <= 0 THEN NULL
    WHEN b.arah = 'turun' THEN
        CASE WHEN b.realisasi <= 0 THEN {maks}
             ELSE {least}(b.target * 100.0 / b.realisasi, {maks}) END
    WHEN b.arah = 'rentang' AND b.realisasi > b.target_atas THEN
        {least}(b.target_atas * 100.0 / b.realisasi, {maks})
    WHEN b.arah = 'rentang' AND b.realisasi >= b.target THEN {least}(100.0, {maks})
    ELSE {least}(b.realisasi * 100.0 / b.target, {maks})
END"""

_SKOR = """{realisasi},
dinilai AS (
    SELECT b.*, ROUND({capaian}, 2) AS capaian FROM baris b
), per_skp AS (
    SELECT pegawai_id, skp_id, pendekatan, SUM(menit) AS menit,
           CASE WHEN pendekatan = 'kuantitatif' THEN ROUND(
               SUM(CASE WHEN utama = 1 THEN COALESCE(capaian, 0) * bobot ELSE 0 END) / 100, 2)
           END AS skor_hasil,
           {iki_json} AS iki,
           ROW_NUMBER() OVER (PARTITION BY pegawai_id
                              ORDER BY SUM(menit) DESC, skp_id DESC) AS urutan
    FROM dinilai GROUP BY pegawai_id, skp_id, pendekatan
)
SELECT p.pegawai_id, MAX(CASE WHEN p.urutan = 1 THEN p.skp_id END),
       COALESCE(MAX(o.menit), 0),
       CASE WHEN COUNT(p.skor_hasil) = 0 THEN NULL
            WHEN SUM(CASE WHEN p.skor_hasil IS NULL THEN 0 ELSE p.menit END) = 0
                THEN ROUND(AVG(p.skor_hasil), 2)
            ELSE ROUND(SUM(p.skor_hasil * p.menit)
                       / SUM(CASE WHEN p.skor_hasil IS NULL THEN 0 ELSE p.menit END), 2)
       END,
       COALESCE(MAX(u.hari_kerja), 5),
       {skp_json}
FROM per_skp p
LEFT JOIN orang o ON o.pegawai_id = p.pegawai_id
JOIN {pegawai} pg ON pg.id = p.pegawai_id
LEFT JOIN {unit} u ON u.id = pg.unit_id
GROUP BY p.pegawai_id
ORDER BY p.pegawai_id"""

# The columns of the rows in Skor.rincian (built by the statement above).
RINCIAN_SKP = ("skp", "pendekatan", "menit", "skor_hasil")
RINCIAN_IKI = ("iki", "utama", "arah", "realisasi", "target", "target_atas", "capaian",
               "bobot", "menit")


def _dialect():
    iki_cols = "iki_id, utama, arah, realisasi, target, target_atas, capaian, bobot, menit"
    skp_cols = "p.skp_id, p.pendekatan, p.menit, p.skor_hasil"
    if connection.vendor == "postgresql":
        return {"least": "LEAST", "maks": "CAST(%(maks)s AS numeric)",
                "iki_json": f"json_agg(json_build_array({iki_cols}) ORDER BY iki_id)",
                "skp_json": f"json_agg(json_build_array({skp_cols}, p.iki) "
                            "ORDER BY p.skp_id)::text"}
    return {"least": "MIN", "maks": "CAST(%(maks)s AS REAL)",  # SQLite: scalar MIN
            "iki_json": f"json_group_array(json_array({iki_cols}))",
            "skp_json": f"json_group_array(json_array({skp_cols}, json(p.iki)))"}


def skor_sql(realisasi_sql):
    """The statement scoring everyone in `realisasi_sql` (kinerja.selectors.realisasi_cte,
    whose parameters it takes, plus `maks`): per person the main SKP, approved minutes,
    result score, working days per week and the `rincian` as JSON text."""
    from ekinerja.models import Pegawai, UnitKerja

    dialect = _dialect()
    return _SKOR.format(realisasi=realisasi_sql,
                        capaian=_CAPAIAN.format(least=dialect["least"], maks=dialect["maks"]),
                        pegawai=Pegawai._meta.db_table, unit=UnitKerja._meta.db_table,
                        **dialect)


def q(value):
    return Decimal(value).quantize(CENT)


def produktivitas(menit, target_menit):
    """Approved minutes against the period's target minutes, capped at 100%."""
    if not target_menit:
        return Decimal("0.00")
    return q(min(Decimal(menit) / Decimal(target_menit) * HUNDRED, HUNDRED))


def rating_saran(skor, *, ambang_di_atas, ambang_sesuai):
    """The suggested hasil kerja rating; the atasan confirms or overrides it. None (a
    qualitative SKP) suggests nothing."""
    if skor is None:
        return ""
    if skor >= ambang_di_atas:
        return "di_atas"
    if skor >= ambang_sesuai:
        return "sesuai"
    return "di_bawah"


def tpp_kinerja(*, produktivitas, skor_hasil, bobot_produktivitas, bobot_hasil):
    """The TPP performance component in percent: a weighted mix of productivity and result
    score (each capped at 100), weights from the versioned rule. Without a result score
    (a qualitative SKP, rated by the atasan) productivity stands for the whole component.
    Attendance (disiplin) is the other part of TPP and is not computed here."""
    if skor_hasil is None:
        return q(min(produktivitas, HUNDRED))
    return q((min(produktivitas, HUNDRED) * bobot_produktivitas
              + min(skor_hasil, HUNDRED) * bobot_hasil) / HUNDRED)
