"""Reads of performance plans, shaped for the pages that show them."""

from decimal import Decimal
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from ekinerja import kalender
from ekinerja.access import admin_scope, is_admin_bkd
from ekinerja.models import Pegawai
from ekinerja.selectors import atasan_for, bawahan_for, bawahan_ids, cached

from .models import (
    Aktivitas,
    Iki,
    Indikator,
    IndikatorVersi,
    Periode,
    RealisasiManual,
    RencanaAksi,
    Rhk,
    SasaranOrganisasi,
    Skp,
    SkpVersi,
    TahunKinerja,
    TargetPeriode,
    TemplateRhk,
    UraianTugas,
)


def tahun_aktif():
    """Years people can plan for, newest first."""
    return TahunKinerja.objects.order_by("-tahun")


def tahun_list():
    """The years with their periods, for BKD's page of years."""
    return TahunKinerja.objects.prefetch_related("periode")


def indikator_list():
    """The indicator library with its versions, by code."""
    return Indikator.objects.prefetch_related("versi").order_by("kode")


def skp_list_for(pegawai):
    return Skp.objects.filter(pegawai=pegawai).select_related("tahun", "jabatan", "unit")


def skp_detail(pk):
    """One SKP with everything its page shows, in a constant number of queries."""
    iki = Iki.objects.select_related("indikator_versi").prefetch_related("target_periode__periode")
    rhk = Rhk.objects.select_related("intervensi__skp__pegawai", "sasaran").prefetch_related(
        Prefetch("iki", queryset=iki), "rencana_aksi")
    return (Skp.objects.select_related("pegawai__jabatan", "pegawai__unit", "tahun", "jabatan",
                                       "unit")
            .prefetch_related(Prefetch("rhk", queryset=rhk), "perilaku", "riwayat",
                              "tahun__periode")
            .filter(pk=pk).first())


def rencana_aksi_choices(*, pegawai, tanggal):
    """The action plans a day's activity may advance: those of the quarter of `tanggal` on
    the person's SKPs of that year."""
    return (RencanaAksi.objects
            .filter(rhk__skp__pegawai=pegawai, rhk__skp__tahun__tahun=tanggal.year,
                    triwulan=RencanaAksi.triwulan_of(tanggal))
            .select_related("rhk").order_by("rhk_id", "id"))


def intervensi_choices(skp):
    """The approved RHKs of the person's current atasan for the same year."""
    atasan = atasan_for(skp.pegawai)
    if atasan is None:
        return Rhk.objects.none()
    return Rhk.objects.filter(skp__pegawai=atasan, skp__tahun=skp.tahun_id,
                              skp__status=Skp.Status.DISETUJUI).order_by("-jenis", "id")


def dengan_nama_kini(indikator_qs, *, on=None):
    """Indicators annotated with the name and unit of their version in force (`nama_kini`,
    `satuan_kini`), for dropdowns that show more than a code: one query."""
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

    on = on or timezone.localdate()
    in_force = IndikatorVersi.objects.filter(indikator=OuterRef("pk"),
                                             berlaku_mulai__lte=on).order_by("-berlaku_mulai")
    first = IndikatorVersi.objects.filter(indikator=OuterRef("pk")).order_by("berlaku_mulai")
    return indikator_qs.annotate(
        nama_kini=Coalesce(Subquery(in_force.values("nama")[:1]),
                           Subquery(first.values("nama")[:1])),
        satuan_kini=Coalesce(Subquery(in_force.values("satuan")[:1]),
                             Subquery(first.values("satuan")[:1])))


def label_indikator(indikator):
    nama = getattr(indikator, "nama_kini", None)
    return f"{indikator.kode} · {nama} ({indikator.satuan_kini})" if nama else indikator.kode


def indikator_choices(skp):
    """Library indicators offered on this SKP: those meant for everyone, or for this post,
    or for the person's unit or one of its parents."""
    meant_for_all = Q(versi__untuk_jabatan__isnull=True, versi__untuk_unit__isnull=True)
    mine = Q(versi__untuk_jabatan=skp.jabatan_id) | Q(
        versi__untuk_unit__in=skp.unit.ancestor_ids())
    return dengan_nama_kini(Indikator.objects.filter(aktif=True).filter(meant_for_all | mine)
                            .distinct())


def sasaran_choices(skp):
    if atasan_for(skp.pegawai) is not None:
        return SasaranOrganisasi.objects.none()
    ids = skp.unit.ancestor_ids()
    opd_id = ids[1] if len(ids) > 1 else None
    return SasaranOrganisasi.objects.filter(unit_id=opd_id, tahun=skp.tahun_id)


def skp_for_approval(*, atasan, tahun=None):
    """The atasan's team with their SKP for the year (or None), submitted ones first."""
    team = list(bawahan_for(atasan))
    skps = Skp.objects.filter(pegawai__in=team).select_related("tahun", "jabatan")
    if tahun is not None:
        skps = skps.filter(tahun=tahun)
    by_person = {}
    for skp in skps.order_by("tahun__tahun"):
        by_person[skp.pegawai_id] = skp
    rows = [(p, by_person.get(p.pk)) for p in team]
    order = {Skp.Status.DIAJUKAN: 0, None: 1}
    rows.sort(key=lambda r: (order.get(r[1].status if r[1] else None, 2), r[0].nama))
    return rows


def template_rhk_for(jabatan):
    return TemplateRhk.objects.filter(jabatan=jabatan).prefetch_related("iki__indikator")


def template_holders(*, jabatan):
    return Pegawai.objects.filter(jabatan=jabatan, aktif=True).select_related("unit")


def uraian_tugas_for(jabatan):
    """The position's task catalogue (active or not) with the indicators, for BKD."""
    return jabatan.uraian_tugas.select_related("indikator")


def uraian_tugas_aktif(jabatan_id):
    """The tasks of a position people pick from when recording an activity."""
    return UraianTugas.objects.filter(jabatan=jabatan_id, aktif=True)


def uraian_tugas_pilih(*, jabatan_id, pk):
    """One active task of the position, or None."""
    return UraianTugas.objects.filter(pk=pk, jabatan=jabatan_id, aktif=True).first()


def sasaran_in(scope):
    """The organisation goals of the units in an admin's scope."""
    return SasaranOrganisasi.objects.filter(unit__path__startswith=scope.path).select_related(
        "unit", "tahun")


def matriks_peran_hasil(*, unit, tahun):
    """How RHKs cascade inside a unit for a year: each person with their SKP's RHKs and,
    for each RHK, the subordinates' RHKs that support it. Also who has no SKP."""
    people = list(Pegawai.objects.filter(unit__path__startswith=unit.path, aktif=True)
                  .select_related("jabatan", "unit").order_by("unit__path", "-jabatan__kepala_unit",
                                                              "nama"))
    rhks = list(Rhk.objects.filter(skp__tahun=tahun, skp__pegawai__in=people)
                .select_related("skp__pegawai").order_by("-jenis", "id"))
    children = {}
    for rhk in rhks:
        children.setdefault(rhk.intervensi_id, []).append(rhk)
    with_skp = {r.skp.pegawai_id for r in rhks} | set(
        Skp.objects.filter(tahun=tahun, pegawai__in=people).values_list("pegawai_id", flat=True))
    roots = [r for r in rhks if r.intervensi_id is None or r.intervensi_id not in
             {x.pk for x in rhks}]

    def tree(rhk, depth=0):
        yield rhk, depth
        for child in children.get(rhk.pk, []):
            yield from tree(child, depth + 1)

    rows = [row for root in roots for row in tree(root)]
    return {"rows": rows, "tanpa_skp": [p for p in people if p.pk not in with_skp]}


# --- daily activities -------------------------------------------------------------------

def kepala_tanpa_atasan_ids(admin):
    """For Admin BKD: the heads directly under the instansi (heads of OPD) in scope who
    have no atasan in the system; Admin BKD validates for their pejabat penilai, the
    kepala daerah (kinerja.access.may_decide). Cached like a team."""
    if not is_admin_bkd(admin):
        return []
    scope = admin_scope(admin)

    def compute():
        heads = (Pegawai.objects.filter(aktif=True, jabatan__kepala_unit=True,
                                        unit__path__startswith=scope.path,
                                        unit__parent__parent__isnull=True,
                                        unit__parent__isnull=False)
                 .select_related("unit", "jabatan", "atasan_override"))
        return [p.pk for p in heads if atasan_for(p) is None]

    return cached(f"kepala-tanpa-atasan:{admin.pk}", compute)


def validasi_pegawai_ids(user):
    """Whose activities this user validates."""
    return list(bawahan_ids(user)) + kepala_tanpa_atasan_ids(user)


def aktivitas_menunggu_count(atasan):
    """Submitted activities waiting for this atasan (their team's, and any escalated to
    them at a cut-off): one indexed COUNT (plus the cache)."""
    ids = validasi_pegawai_ids(atasan)
    return (Aktivitas.objects.filter(Q(pegawai_id__in=ids) | Q(dieskalasi_ke=atasan),
                                     status=Aktivitas.Status.DIAJUKAN)
            .exclude(pegawai=atasan).count())


def aktivitas_hari(*, pegawai, tanggal):
    return list(Aktivitas.objects.filter(pegawai=pegawai, tanggal=tanggal)
                .select_related("iki").prefetch_related("bukti").order_by("mulai"))


def iki_choices_for(*, pegawai, tanggal):
    """IKIs of the person's SKPs for that year that have been approved at least once."""
    return (Iki.objects.filter(rhk__skp__pegawai=pegawai, rhk__skp__tahun__tahun=tanggal.year)
            .filter(Q(rhk__skp__status=Skp.Status.DISETUJUI) | Q(rhk__skp__riwayat__isnull=False))
            .select_related("rhk").distinct().order_by("rhk__id", "id"))


def iki_for_indikator(*, pegawai, tanggal, indikator_id):
    """The person's IKI (of `iki_choices_for`) that measures this library indicator, or
    None."""
    return iki_choices_for(pegawai=pegawai, tanggal=tanggal).filter(
        indikator_versi__indikator=indikator_id).first()


def last_used_iki_id(pegawai):
    # By date, so PostgreSQL walks the (pegawai, tanggal) index backwards: ordering by id
    # alone made it scan the whole primary key for people with few rows (18 ms at 74,000
    # activities, found by bench_load).
    return (Aktivitas.objects.filter(pegawai=pegawai, iki__isnull=False)
            .order_by("-tanggal", "-id").values_list("iki_id", flat=True).first())


def last_day_with_activities(*, pegawai, before):
    return (Aktivitas.objects.filter(pegawai=pegawai, tanggal__lt=before)
            .exclude(status=Aktivitas.Status.DITOLAK).order_by("-tanggal")
            .values_list("tanggal", flat=True).first())


def bulan_ringkasan(*, pegawai, year, month):
    """The month calendar: per day minutes by status, working days and holidays, totals
    against the target minutes, and progress per IKI. A constant number of queries."""
    days = kalender.month_days(year, month)
    start, end = days[0], days[-1]
    holidays = kalender.holidays_between(start, end)
    hari_kerja = pegawai.unit.hari_kerja if pegawai.unit_id else 5
    per_day = {}
    for row in (Aktivitas.objects.filter(pegawai=pegawai, tanggal__range=(start, end))
                .values("tanggal", "status").annotate(menit=Sum("menit"), n=Count("id"))):
        cell = per_day.setdefault(row["tanggal"], {"menit": 0, "status": {}})
        cell["status"][row["status"]] = row["n"]
        if row["status"] != Aktivitas.Status.DITOLAK:
            cell["menit"] += row["menit"]
    cells = []
    for day in days:
        info = per_day.get(day, {"menit": 0, "status": {}})
        cells.append({"tanggal": day, "libur": holidays.get(day),
                      "kerja": not kalender.is_weekend(day, hari_kerja) and day not in holidays,
                      **info})
    weeks = [[None] * days[0].weekday() + cells[:7 - days[0].weekday()]]
    rest = cells[7 - days[0].weekday():]
    weeks += [rest[i:i + 7] for i in range(0, len(rest), 7)]
    weeks[-1] += [None] * (7 - len(weeks[-1]))
    totals = {s: 0 for s in Aktivitas.Status.values}
    for row in (Aktivitas.objects.filter(pegawai=pegawai, tanggal__range=(start, end))
                .values("status").annotate(menit=Sum("menit"))):
        totals[row["status"]] = row["menit"]
    return {
        "weeks": weeks, "totals": totals,
        "target": kalender.target_minutes(year, month, hari_kerja, holidays),
        "hari_kerja": len(kalender.working_days(year, month, hari_kerja, holidays)),
        "progress": iki_progress(pegawai=pegawai, day=start),
    }


class IkiRow(NamedTuple):
    """One IKI of an approved SKP with its realisation over a date range."""

    pegawai_id: int
    skp_id: int
    pendekatan: str
    utama: int  # 1 for an IKI of an Utama RHK
    iki_id: int
    arah: str
    agregasi: str
    bobot: Decimal
    target: Decimal | None
    target_atas: Decimal | None
    realisasi: Decimal
    menit: int  # approved minutes on this IKI


# The common table expressions `agg` (approved activities grouped per person and IKI),
# `orang` (approved minutes per person) and `baris` (one row per IKI, the IkiRow columns).
_REALISASI_CTE = """
WITH agg AS (
    SELECT a.pegawai_id, a.iki_id, SUM(a.menit) AS menit, SUM(a.output) AS jumlah,
           COUNT(*) AS hitung
    FROM {aktivitas} a
    WHERE a.status = 'disetujui' AND a.tanggal BETWEEN %(mulai)s AND %(selesai)s {orang_a}
    GROUP BY a.pegawai_id, a.iki_id
), orang AS (
    SELECT pegawai_id, SUM(menit) AS menit FROM agg GROUP BY pegawai_id
), baris AS (
    SELECT s.pegawai_id, s.id AS skp_id, s.pendekatan,
           CASE WHEN r.jenis = 'utama' THEN 1 ELSE 0 END AS utama, i.id AS iki_id, i.arah,
           i.agregasi, i.bobot, {target} AS target, i.target_atas,
           ROUND(COALESCE(CASE i.agregasi
               WHEN 'jumlah' THEN g.jumlah
               WHEN 'hitung' THEN g.hitung
               WHEN 'rata' THEN g.jumlah * 1.0 / g.hitung
               WHEN 'terakhir' THEN (
                   SELECT a2.output FROM {aktivitas} a2
                   WHERE a2.iki_id = i.id AND a2.status = 'disetujui'
                     AND a2.tanggal BETWEEN %(mulai)s AND %(selesai)s
                   ORDER BY a2.tanggal DESC, a2.selesai DESC LIMIT 1)
               WHEN 'manual' THEN {manual}
           END, 0), 2) AS realisasi,
           COALESCE(g.menit, 0) AS menit
    FROM {iki} i
    JOIN {rhk} r ON r.id = i.rhk_id
    JOIN {skp} s ON s.id = r.skp_id
    LEFT JOIN agg g ON g.iki_id = i.id AND g.pegawai_id = s.pegawai_id
    {target_join}
    WHERE s.tahun_id = %(tahun)s {orang_s}
      AND (s.status = 'disetujui' OR EXISTS (SELECT 1 FROM {versi} v WHERE v.skp_id = s.id))
)"""

_MANUAL_PERIODE = "(SELECT m.nilai FROM {manual_t} m WHERE m.iki_id = i.id " \
                  "AND m.periode_id = %(periode)s)"
_MANUAL_TAHUN = ("(SELECT m.nilai FROM {manual_t} m JOIN {periode_t} p ON p.id = m.periode_id "
                 "WHERE m.iki_id = i.id ORDER BY p.nomor DESC LIMIT 1)")


def realisasi_cte(*, tahun_id, mulai, selesai, periode_id=None, pegawai_ids=None):
    """The SQL (common table expressions, and their parameters) of every IKI of the SKPs
    approved (at least once) for the year, with the target for the period (the annual
    target when `periode_id` is None) and the realisation from the approved activities
    between `mulai` and `selesai` as the indicator aggregates it: sum of output, count,
    average, last value, or the value entered by hand (for the year, the latest
    period's). A single grouped scan of the activities joined to the IKIs; the score
    computation builds on it, the month view reads it through realisasi_rows."""
    tables = {
        "aktivitas": Aktivitas._meta.db_table, "iki": Iki._meta.db_table,
        "rhk": Rhk._meta.db_table, "skp": Skp._meta.db_table,
        "versi": SkpVersi._meta.db_table, "manual_t": RealisasiManual._meta.db_table,
        "periode_t": Periode._meta.db_table,
    }
    params = {"mulai": mulai, "selesai": selesai, "tahun": tahun_id, "periode": periode_id}
    parts = {"orang_a": "", "orang_s": ""}
    if pegawai_ids is not None:
        ids = [int(pk) for pk in pegawai_ids] or [0]
        placeholders = ", ".join(f"%(p{n})s" for n in range(len(ids)))
        params.update({f"p{n}": pk for n, pk in enumerate(ids)})
        parts = {"orang_a": f"AND a.pegawai_id IN ({placeholders})",
                 "orang_s": f"AND s.pegawai_id IN ({placeholders})"}
    if periode_id is None:
        parts.update(target="i.target", target_join="", manual=_MANUAL_TAHUN.format(**tables))
    else:
        parts.update(target="t.target", manual=_MANUAL_PERIODE.format(**tables),
                     target_join=f"LEFT JOIN {TargetPeriode._meta.db_table} t "
                                 "ON t.iki_id = i.id AND t.periode_id = %(periode)s")
    return _REALISASI_CTE.format(**tables, **parts), params


def _num(value):
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(CENT)  # SQLite hands back floats


def realisasi_rows(**kwargs):
    """The rows of realisasi_cte (same arguments), ordered by person, SKP and IKI."""
    sql, params = realisasi_cte(**kwargs)
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} SELECT * FROM baris ORDER BY pegawai_id, skp_id, iki_id",
                       params)
        return [IkiRow(*row[:7], *map(_num, row[7:11]), int(row[11])) for row in cursor]


CENT = Decimal("0.01")


def periode_of(day):
    return (Periode.objects.filter(tahun__tahun=day.year, mulai__lte=day, selesai__gte=day)
            .select_related("tahun").first())


def iki_progress(*, pegawai, day):
    """Approved realisation so far in the period containing `day`, per IKI, against that
    period's target."""
    periode = periode_of(day)
    if periode is None:
        return []
    rows = realisasi_rows(tahun_id=periode.tahun_id, mulai=periode.mulai,
                          selesai=periode.selesai, periode_id=periode.pk,
                          pegawai_ids=[pegawai.pk])
    iki = Iki.objects.in_bulk([r.iki_id for r in rows])
    return [{"iki": iki[r.iki_id], "target": r.target, "realisasi": r.realisasi,
             "manual": r.agregasi == "manual", "periode": periode} for r in rows]


# --- the quarters' action plans: fill rate ------------------------------------------------


def triwulan_pilihan(today):
    """The quarters one may look at: this year's up to the current one and last year's, newest
    first, as (year, quarter)."""
    current = RencanaAksi.triwulan_of(today)
    return ([(today.year, q) for q in range(current, 0, -1)]
            + [(today.year - 1, q) for q in range(4, 0, -1)])


def _quarter_days(year, quarter):
    import datetime as dt

    start = dt.date(year, 3 * quarter - 2, 1)
    end = (dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
           ) - dt.timedelta(days=1)
    return start, end


def capaian_rencana_aksi(pegawai_ids, year, quarter):
    """Per person: how far the quarter's action plans are filled by reported daily progress
    (submitted or approved activities pointing to them, within the quarter). One grouped
    query. {pegawai_id: {"rencana", "terisi", "entri", "capaian"}}, capaian being the mean
    over the plans of min(realisation / target, 1), in percent (None without a plan)."""
    start, end = _quarter_days(year, quarter)
    reported = Q(aktivitas__status__in=Aktivitas.DILAPORKAN,
                 aktivitas__tanggal__range=(start, end))
    rows = (RencanaAksi.objects
            .filter(rhk__skp__pegawai_id__in=pegawai_ids, rhk__skp__tahun__tahun=year,
                    triwulan=quarter)
            .values("id", "target", "rhk__skp__pegawai_id")
            .annotate(real=Sum("aktivitas__output", filter=reported),
                      entri=Count("aktivitas", filter=reported)))
    result = {pk: {"rencana": 0, "terisi": 0, "entri": 0, "_rasio": Decimal(0)}
              for pk in pegawai_ids}
    for row in rows:
        person = result[row["rhk__skp__pegawai_id"]]
        real = row["real"] or Decimal(0)
        person["rencana"] += 1
        person["terisi"] += 1 if row["entri"] else 0
        person["entri"] += row["entri"]
        person["_rasio"] += min(real / row["target"], Decimal(1))
    for person in result.values():
        rasio = person.pop("_rasio")
        person["capaian"] = (round(100 * rasio / person["rencana"], 1)
                             if person["rencana"] else None)
    return result


def capaian_ringkas(per_person):
    """The totals of a team or unit: people, with a plan, with any entry, mean capaian."""
    values = list(per_person.values())
    with_plan = [v for v in values if v["rencana"]]
    return {"orang": len(values), "berencana": len(with_plan),
            "mengisi": sum(1 for v in values if v["entri"]),
            "capaian": (round(sum(v["capaian"] for v in with_plan) / len(with_plan), 1)
                        if with_plan else None)}


def capaian_unit(unit, year, quarter, *, halaman=1, per_halaman=50):
    """A unit's fill rate of the quarter's action plans: its whole subtree's totals, each
    direct sub-unit's (to drill into) and the people placed directly in it, a page at a
    time. Four queries whatever the unit's size."""
    from django.core.paginator import Paginator

    people = list(Pegawai.objects.filter(unit__path__startswith=unit.path, aktif=True)
                  .values_list("id", "unit__path"))
    data = capaian_rencana_aksi([pk for pk, _path in people], year, quarter)
    anak = []
    for child in unit.children.filter(aktif=True).order_by("nama"):
        members = {pk: data[pk] for pk, path in people if path.startswith(child.path)}
        anak.append((child, capaian_ringkas(members)))
    direct = (Pegawai.objects.filter(unit=unit, aktif=True).select_related("jabatan")
              .order_by("nama", "pk"))
    page = Paginator(direct, per_halaman).get_page(halaman)
    return {"ringkas": capaian_ringkas(data), "anak": anak, "halaman": page,
            "orang": [(p, data[p.pk]) for p in page]}


def kontrak_skp(skp):
    """A PPPK's work contracts overlapping the SKP's year: the dates and duties the SKP
    follows (KepmenPANRB 16/2025)."""
    import datetime as dt

    from .models import KontrakPppk

    year = skp.tahun.tahun
    return list(KontrakPppk.objects.filter(pegawai_id=skp.pegawai_id,
                                           mulai__lte=dt.date(year, 12, 31),
                                           selesai__gte=dt.date(year, 1, 1)))
