"""The formulas of the result-based score, written once, as one SQL statement.

It scores everyone in a realisation (kinerja.selectors.realisasi_cte: the whole province,
or one person after a validation) and upserts their rows, so a province is computed in
one pass of the database and one person in milliseconds by the same code. The
explanation page shows the stored figures, so what is stored is what is explained; the
tests evaluate each formula on hand-worked numbers.

Capaian of an IKI (PermenPANRB 6/2022; domain.md): realisasi / target x 100%, inverted
where lower is better (no realisation at all then earns the maximum); for a range target
100% inside it, against the upper bound when above it and the lower bound when below it;
capped at the BKD maximum; none without a target. An SKP's result score is the weighted
sum of capaian over its Utama IKIs (an IKI without a target counts as zero); a
qualitative SKP has none, its atasan judges the result. Someone with several SKPs in the
range (moved to another post) gets each SKP's result score weighted by the approved
minutes spent on its IKIs, or their plain mean when no minutes were spent.

Productivity = approved minutes / the range's target minutes (by the unit's working
week), capped at 100%. The suggested rating follows BKD's thresholds on the result
score. The TPP performance component mixes productivity and the result score (capped at
100) with the rule's weights; without a result score productivity is the whole of it.
Attendance (disiplin), the other part of TPP, is not computed here. Every figure is
rounded to two decimals where it is computed.
"""

from django.db import connection

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
), per_orang AS (
    SELECT p.pegawai_id, MAX(CASE WHEN p.urutan = 1 THEN p.skp_id END) AS skp_id,
           COALESCE(MAX(o.menit), 0) AS menit,
           CASE WHEN COUNT(p.skor_hasil) = 0 THEN NULL
                WHEN SUM(CASE WHEN p.skor_hasil IS NULL THEN 0 ELSE p.menit END) = 0
                    THEN ROUND(AVG(p.skor_hasil), 2)
                ELSE ROUND(SUM(p.skor_hasil * p.menit)
                           / SUM(CASE WHEN p.skor_hasil IS NULL THEN 0 ELSE p.menit END), 2)
           END AS skor_hasil,
           CASE WHEN MAX(u.hari_kerja) = 6 THEN %(target6)s ELSE %(target5)s END
               AS target_menit,
           {skp_json} AS rincian
    FROM per_skp p
    LEFT JOIN orang o ON o.pegawai_id = p.pegawai_id
    JOIN {pegawai} pg ON pg.id = p.pegawai_id
    LEFT JOIN {unit} u ON u.id = pg.unit_id
    GROUP BY p.pegawai_id
), produktif AS (
    SELECT x.*, CASE WHEN target_menit > 0
                     THEN ROUND({least}(menit * 100.0 / target_menit, 100), 2) ELSE 0 END
                    AS produktivitas
    FROM per_orang x
)
INSERT INTO {skor} (pegawai_id, tahun_id, nomor, periode_id, aturan_id, skp_id,
                    menit_disetujui, target_menit, produktivitas, skor_hasil, rating_saran,
                    tpp_kinerja, rincian, digest, dihitung_pada)
SELECT pegawai_id, %(tahun)s, %(nomor)s, %(periode)s, %(aturan)s, skp_id, menit,
       target_menit, produktivitas, skor_hasil,
       CASE WHEN skor_hasil IS NULL THEN ''
            WHEN skor_hasil >= %(ambang_di_atas)s THEN 'di_atas'
            WHEN skor_hasil >= %(ambang_sesuai)s THEN 'sesuai'
            ELSE 'di_bawah' END,
       CASE WHEN skor_hasil IS NULL THEN produktivitas
            ELSE ROUND((produktivitas * %(bobot_produktivitas)s
                        + {least}(skor_hasil, 100) * %(bobot_hasil)s) / 100, 2) END,
       {rincian},
       {md5}(CAST(%(versi)s AS TEXT) || '|' || CAST(menit AS TEXT) || '|'
             || CAST(target_menit AS TEXT) || '|' || CAST(rincian AS TEXT)),
       %(now)s
FROM produktif WHERE 1 = 1
ORDER BY pegawai_id  -- rows are locked in one order: concurrent runs queue, never deadlock
ON CONFLICT (pegawai_id, tahun_id, nomor) DO UPDATE SET
    periode_id = excluded.periode_id, aturan_id = excluded.aturan_id,
    skp_id = excluded.skp_id, menit_disetujui = excluded.menit_disetujui,
    target_menit = excluded.target_menit, produktivitas = excluded.produktivitas,
    skor_hasil = excluded.skor_hasil, rating_saran = excluded.rating_saran,
    tpp_kinerja = excluded.tpp_kinerja, rincian = excluded.rincian,
    digest = excluded.digest, dihitung_pada = excluded.dihitung_pada
WHERE {skor}.digest <> excluded.digest"""

# The columns of the rows in Skor.rincian (built by the statement above):
# penilaian.models.RINCIAN_SKP and RINCIAN_IKI.


def _dialect():
    iki_cols = "iki_id, utama, arah, realisasi, target, target_atas, capaian, bobot, menit"
    skp_cols = "p.skp_id, p.pendekatan, p.menit, p.skor_hasil"
    if connection.vendor == "postgresql":
        return {"least": "LEAST", "maks": "CAST(%(maks)s AS numeric)", "md5": "md5",
                "rincian": "CAST(rincian AS jsonb)",
                "iki_json": f"json_agg(json_build_array({iki_cols}) ORDER BY iki_id)",
                "skp_json": f"json_agg(json_build_array({skp_cols}, p.iki) ORDER BY p.skp_id)"}
    # SQLite (the embedded local run): the scalar MIN, JSON1, and the MD5 Django registers.
    return {"least": "MIN", "maks": "CAST(%(maks)s AS REAL)", "md5": "MD5",
            "rincian": "rincian",
            "iki_json": f"json_group_array(json_array({iki_cols}))",
            "skp_json": f"json_group_array(json_array({skp_cols}, json(p.iki)))"}


def capaian_sql():
    """The capaian of one IKI, over columns of `b`, as an SQL expression."""
    dialect = _dialect()
    return _CAPAIAN.format(least=dialect["least"], maks=dialect["maks"])


def skor_sql(realisasi_sql):
    """The statement scoring and upserting everyone in `realisasi_sql`
    (kinerja.selectors.realisasi_cte, whose parameters it takes, plus those of the rule,
    the range and the target minutes: see penilaian.services). Rows whose inputs did not
    change (the same digest) are left as they are."""
    from ekinerja.models import Pegawai, UnitKerja

    from .models import Skor

    dialect = _dialect()
    return _SKOR.format(realisasi=realisasi_sql, capaian=capaian_sql(),
                        pegawai=Pegawai._meta.db_table, unit=UnitKerja._meta.db_table,
                        skor=Skor._meta.db_table, **dialect)
