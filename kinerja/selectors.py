"""Reads of performance plans, shaped for the pages that show them."""

from decimal import Decimal

from django.db.models import Avg, Count, F, OuterRef, Prefetch, Q, Subquery, Sum

from ekinerja import kalender
from ekinerja.models import Pegawai
from ekinerja.selectors import atasan_for, bawahan_for, bawahan_ids

from .models import (
    Aktivitas,
    Iki,
    Indikator,
    Periode,
    Rhk,
    SasaranOrganisasi,
    Skp,
    TahunKinerja,
    TargetPeriode,
    TemplateRhk,
)


def tahun_aktif():
    """Years people can plan for, newest first."""
    return TahunKinerja.objects.order_by("-tahun")


def skp_list_for(pegawai):
    return Skp.objects.filter(pegawai=pegawai).select_related("tahun", "jabatan", "unit")


def skp_detail(pk):
    """One SKP with everything its page shows, in a constant number of queries."""
    iki = Iki.objects.select_related("indikator_versi").prefetch_related("target_periode__periode")
    rhk = Rhk.objects.select_related("intervensi__skp__pegawai", "sasaran").prefetch_related(
        Prefetch("iki", queryset=iki))
    return (Skp.objects.select_related("pegawai__jabatan", "pegawai__unit", "tahun", "jabatan",
                                       "unit")
            .prefetch_related(Prefetch("rhk", queryset=rhk), "perilaku", "riwayat",
                              "tahun__periode")
            .filter(pk=pk).first())


def intervensi_choices(skp):
    """The approved RHKs of the person's current atasan for the same year."""
    atasan = atasan_for(skp.pegawai)
    if atasan is None:
        return Rhk.objects.none()
    return Rhk.objects.filter(skp__pegawai=atasan, skp__tahun=skp.tahun_id,
                              skp__status=Skp.Status.DISETUJUI).order_by("-jenis", "id")


def indikator_choices(skp):
    """Library indicators offered on this SKP: those meant for everyone, or for this post,
    or for the person's unit or one of its parents."""
    meant_for_all = Q(versi__untuk_jabatan__isnull=True, versi__untuk_unit__isnull=True)
    mine = Q(versi__untuk_jabatan=skp.jabatan_id) | Q(
        versi__untuk_unit__in=skp.unit.ancestor_ids())
    return Indikator.objects.filter(aktif=True).filter(meant_for_all | mine).distinct()


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

def aktivitas_menunggu_count(atasan):
    """Submitted activities waiting for this atasan: one indexed COUNT (plus the cache)."""
    ids = bawahan_ids(atasan)
    if not ids:
        return 0
    return Aktivitas.objects.filter(pegawai_id__in=ids, status=Aktivitas.Status.DIAJUKAN).count()


def aktivitas_hari(*, pegawai, tanggal):
    return list(Aktivitas.objects.filter(pegawai=pegawai, tanggal=tanggal)
                .select_related("iki").prefetch_related("bukti").order_by("mulai"))


def iki_choices_for(*, pegawai, tanggal):
    """IKIs of the person's SKPs for that year that have been approved at least once."""
    return (Iki.objects.filter(rhk__skp__pegawai=pegawai, rhk__skp__tahun__tahun=tanggal.year)
            .filter(Q(rhk__skp__status=Skp.Status.DISETUJUI) | Q(rhk__skp__riwayat__isnull=False))
            .select_related("rhk").distinct().order_by("rhk__id", "id"))


def last_used_iki_id(pegawai):
    return (Aktivitas.objects.filter(pegawai=pegawai, iki__isnull=False).order_by("-id")
            .values_list("iki_id", flat=True).first())


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


def iki_realisasi(*, periode, pegawai_ids=None):
    """Per IKI of the SKPs approved (at least once) for the period's year: the period's
    target and the aggregates of the approved activities in the period. One query; the
    computation of scores and the month view's progress both read it."""
    approved = Aktivitas.objects.filter(iki=OuterRef("pk"), status=Aktivitas.Status.DISETUJUI,
                                        tanggal__gte=periode.mulai,
                                        tanggal__lte=periode.selesai)
    rows = (Iki.objects.filter(rhk__skp__tahun_id=periode.tahun_id)
            .filter(Q(rhk__skp__status=Skp.Status.DISETUJUI) | Q(rhk__skp__riwayat__isnull=False)))
    if pegawai_ids is not None:
        rows = rows.filter(rhk__skp__pegawai_id__in=pegawai_ids)
    return rows.distinct().order_by("rhk__skp__pegawai_id", "rhk__id", "id").annotate(
        pegawai_id=F("rhk__skp__pegawai_id"), skp_id=F("rhk__skp_id"),
        jenis_rhk=F("rhk__jenis"),
        target_periode_ini=Subquery(TargetPeriode.objects.filter(
            iki=OuterRef("pk"), periode=periode).values("target")[:1]),
        r_jumlah=Subquery(approved.values("iki").annotate(v=Sum("output")).values("v")[:1]),
        r_hitung=Subquery(approved.values("iki").annotate(v=Count("id")).values("v")[:1]),
        r_rata=Subquery(approved.values("iki").annotate(v=Avg("output")).values("v")[:1]),
        r_terakhir=Subquery(approved.order_by("-tanggal", "-selesai").values("output")[:1]),
    )


def realisasi_of(row):
    """The realisation of an IKI row from iki_realisasi, as its indicator aggregates it
    (sum of output, count of activities, average, last value; by hand: not yet entered)."""
    value = {"jumlah": row.r_jumlah, "hitung": row.r_hitung, "rata": row.r_rata,
             "terakhir": row.r_terakhir}.get(row.agregasi)
    return Decimal(value or 0).quantize(Decimal("0.01"))


def periode_of(day):
    return (Periode.objects.filter(tahun__tahun=day.year, mulai__lte=day, selesai__gte=day)
            .select_related("tahun").first())


def iki_progress(*, pegawai, day):
    """Approved realisation so far in the period containing `day`, per IKI, against that
    period's target."""
    periode = periode_of(day)
    if periode is None:
        return []
    return [{"iki": row, "target": row.target_periode_ini, "realisasi": realisasi_of(row),
             "manual": row.agregasi == "manual"}
            for row in iki_realisasi(periode=periode, pegawai_ids=[pegawai.pk])]
