"""Monitoring for BKD and the leaders of units: per unit and period, reporting
completion, the validation backlog and late validations, result scores, staff predikat
against the curve, SKP status and JP compliance, with drill-down to sub-units and people.

Units are read from SkorUnit (penilaian.services.skor_unit_hitung, nightly and on
request), so a page over a province costs the same few queries as one over a bidang.
Only the people placed directly in a unit, a page at a time, and the supervisors with
late validations below an OPD are read live, in grouped queries.
"""

from django.db.models import Count, Q
from django.utils import timezone

from ekinerja.models import Pegawai
from ekinerja.selectors import atasan_map
from kinerja.models import Aktivitas, Periode, Skp

from . import kurva
from .models import Evaluasi, PredikatOrganisasi, PredikatUnit, Skor, SkorUnit
from .predikat import Predikat
from .services import terlambat_q

ORANG_PER_HALAMAN = 50
ATASAN_TERLAMBAT_MAKS = 20


def periode_pilihan():
    """Periods that have started, newest first (the period filter)."""
    return list(Periode.objects.filter(mulai__lte=timezone.localdate())
                .select_related("tahun").order_by("-mulai"))


def periode_awal(unit, periods):
    """The newest period with figures for `unit`, else the newest period."""
    ids = set(SkorUnit.objects.filter(unit=unit, periode__in=periods)
              .values_list("periode_id", flat=True))
    return next((p for p in periods if p.pk in ids), periods[0] if periods else None)


def ringkasan(unit, periode):
    """The unit's figures and those of its direct sub-units for the period, each with its
    organisation predikat of the year and the curve limits its staff predikat break."""
    rows = {r.unit_id: r for r in SkorUnit.objects.filter(
        Q(unit=unit) | Q(unit__parent=unit), periode=periode).select_related("unit")}
    sendiri = rows.pop(unit.pk, None)
    anak = sorted(rows.values(), key=lambda r: r.unit.nama)
    org = dict(PredikatUnit.objects.filter(unit_id__in=[unit.pk, *rows],
                                           tahun_id=periode.tahun_id)
               .values_list("unit_id", "predikat"))
    batas, org_labels = kurva.batas_semua(), dict(PredikatOrganisasi.choices)
    for row in filter(None, [sendiri, *anak]):
        row.predikat_org = org.get(row.unit_id, "")
        row.predikat_org_label = org_labels.get(row.predikat_org, "")
        row.di_luar_kurva = (kurva.periksa(batas.get(row.predikat_org, []), row.predikat)
                             if row.predikat_org else [])
        row.sebaran = [(label, row.predikat.get(key, 0)) for key, label in Predikat.choices]
    return {"sendiri": sendiri, "anak": anak}


def dialog_triwulan(data, unit, today=None):
    """Share of the active people with a performance dialogue held this quarter, for the
    unit and each sub-unit row of `data` (their subtrees); sets `row.dialog` to (people
    with one, active people, percent). Two queries, whatever the size of the tree."""
    from .dialog import triwulan
    from .models import Dialog

    today = today or timezone.localdate()
    start, _end, _q = triwulan(today)
    people = list(Pegawai.objects.filter(aktif=True, unit__path__startswith=unit.path)
                  .values_list("pk", "unit__path"))
    held = set(Dialog.objects.filter(tanggal__range=(start, today),
                                     pegawai__unit__path__startswith=unit.path)
               .values_list("pegawai_id", flat=True))
    for row in filter(None, [data["sendiri"], *data["anak"]]):
        inside = [pk for pk, path in people if path.startswith(row.unit.path)]
        met = sum(1 for pk in inside if pk in held)
        row.dialog = (met, len(inside), round(100 * met / len(inside)) if inside else None)


def grafik(data):
    """The charts' data (json_script): the unit's staff predikat, and the reporting
    completion of each sub-unit."""
    sendiri = data["sendiri"]
    return {
        "predikat": [[str(label), n] for label, n in sendiri.sebaran] if sendiri else [],
        "kelengkapan": [[r.unit.nama[:40], float(r.kelengkapan)] for r in data["anak"]],
    }


def orang(unit, periode, *, halaman=1):
    """The active people placed directly in `unit`, a page at a time, each with their
    period's reporting days, activities waiting, score and predikat, SKP status and JP.
    Seven queries whatever the page size."""
    from django.core.paginator import Paginator

    from pelatihan.selectors import kepatuhan

    people = Pegawai.objects.filter(unit=unit, aktif=True).select_related("jabatan") \
        .order_by("nama", "pk")
    page = Paginator(people, ORANG_PER_HALAMAN).get_page(halaman)
    ids = [p.pk for p in page]
    end = min(periode.selesai, timezone.localdate())
    aktivitas = {r["pegawai_id"]: r for r in (
        Aktivitas.objects.filter(pegawai_id__in=ids,
                                 tanggal__range=(periode.mulai, periode.selesai))
        .values("pegawai_id")
        .annotate(hari=Count("tanggal", distinct=True,
                             filter=Q(status__in=Aktivitas.DILAPORKAN, tanggal__lte=end)),
                  menunggu=Count("id", filter=Q(status=Aktivitas.Status.DIAJUKAN))))}
    skor = {s.pegawai_id: s for s in Skor.objects.filter(pegawai_id__in=ids, periode=periode)}
    predikat = dict(Evaluasi.objects.filter(pegawai_id__in=ids, periode=periode)
                    .exclude(status=Evaluasi.Status.DRAFT).values_list("pegawai_id",
                                                                       "predikat"))
    skp = {}
    for pegawai_id, status in Skp.objects.filter(pegawai_id__in=ids,
                                                 tahun_id=periode.tahun_id) \
            .values_list("pegawai_id", "status"):
        if skp.get(pegawai_id) != Skp.Status.DISETUJUI:
            skp[pegawai_id] = status
    jp = dict(kepatuhan(Pegawai.objects.filter(pk__in=ids), periode.mulai.year)
              .values_list("pk", "jp_kurang"))
    labels, skp_labels = dict(Predikat.choices), dict(Skp.Status.choices)
    for p in page:
        row = aktivitas.get(p.pk, {})
        p.hari_lapor, p.menunggu = row.get("hari", 0), row.get("menunggu", 0)
        p.skor = skor.get(p.pk)
        p.predikat = labels.get(predikat.get(p.pk), "")
        p.skp_status = skp.get(p.pk)
        p.skp_label = skp_labels.get(p.skp_status, "")
        p.jp_kurang = jp.get(p.pk, 0)
    return page


def atasan_terlambat(unit, periode):
    """Supervisors of the unit's people (its whole subtree) with the period's activities
    validated late, most first. Four queries: the late activities per person, their
    atasan (ekinerja.selectors.atasan_map), the supervisors' names."""
    today = timezone.localdate()
    late = dict(Aktivitas.objects.filter(terlambat_q(periode, today),
                                         tanggal__range=(periode.mulai, periode.selesai),
                                         pegawai__unit__path__startswith=unit.path)
                .values("pegawai_id").annotate(n=Count("id")).values_list("pegawai_id", "n"))
    if not late:
        return []
    per_atasan = {}
    for pegawai_id, atasan_id in atasan_map(list(late)).items():
        if atasan_id is not None:
            row = per_atasan.setdefault(atasan_id, {"aktivitas": 0, "pegawai": 0})
            row["aktivitas"] += late[pegawai_id]
            row["pegawai"] += 1
    top = sorted(per_atasan.items(), key=lambda kv: -kv[1]["aktivitas"])[
        :ATASAN_TERLAMBAT_MAKS]
    people = Pegawai.objects.select_related("unit", "jabatan").in_bulk([k for k, _ in top])
    return [{**row, "atasan": people[pk]} for pk, row in top if pk in people]
