"""Demo plans: the current year, an indicator library, a template and task catalogue, the
organisation goals, and approved SKPs cascading from each head of OPD down.

The demo "pegawai" account's post is left without SKPs on purpose: its holders are where
a demo (and the browser journey) applies the template and walks the approval cycle.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ekinerja.demo import register
from ekinerja.models import Jabatan, Pegawai, UnitKerja
from ekinerja.selectors import atasan_for

from . import services
from .models import (
    Aktivitas,
    Iki,
    Indikator,
    IndikatorVersi,
    Rhk,
    SasaranOrganisasi,
    Skp,
    TahunKinerja,
    TemplateIki,
    TemplateRhk,
    UraianTugas,
)

LIBRARY = [
    ("LAP-01", "Jumlah laporan yang disusun", "laporan", "kuantitas", "naik", "jumlah"),
    ("LAY-01", "Persentase layanan selesai tepat waktu", "persen", "waktu", "naik", "rata"),
    ("ARS-01", "Jumlah dokumen yang diarsipkan", "dokumen", "kuantitas", "naik", "jumlah"),
    ("KEP-01", "Indeks kepuasan pengguna layanan", "indeks", "kualitas", "naik", "terakhir"),
    ("KEG-01", "Jumlah kegiatan yang dilaksanakan", "kegiatan", "kuantitas", "naik", "hitung"),
    ("ANG-01", "Persentase realisasi anggaran", "persen", "biaya", "naik", "terakhir"),
]

TASKS = [
    ("Mengagendakan dan mendistribusikan surat masuk", "surat", 10, "ARS-01"),
    ("Mengarsipkan dokumen kegiatan", "dokumen", 15, "ARS-01"),
    ("Menyusun laporan kegiatan bulanan", "laporan", 120, "LAP-01"),
    ("Melayani permintaan data dari unit lain", "permintaan", 30, "LAY-01"),
]

LEVEL_TEXT = {
    1: "Meningkatnya kualitas layanan {unit}",
    2: "Terlaksananya program {unit} sesuai rencana",
    3: "Terselenggaranya kegiatan {unit} tepat waktu",
    4: "Tersusunnya dokumen dan laporan {unit}",
}


def _year():
    today = timezone.localdate()
    tahun = TahunKinerja.objects.filter(tahun=today.year).first()
    if tahun is None:
        tahun = services.tahun_kinerja_create(
            tahun=TahunKinerja(tahun=today.year, ritme=TahunKinerja.Ritme.BULANAN,
                               batas_skp=dt.date(today.year, 1, 31), hari_cutoff=5),
            actor=None)
    return tahun


def _library():
    start = dt.date(timezone.localdate().year, 1, 1)
    for kode, nama, satuan, aspek, arah, agregasi in LIBRARY:
        if not Indikator.objects.filter(kode=kode).exists():
            services.indikator_create(kode=kode, actor=None, versi=IndikatorVersi(
                nama=nama, satuan=satuan, aspek=aspek, arah=arah, agregasi=agregasi,
                berlaku_mulai=start))
    return {i.kode: i for i in Indikator.objects.all()}


def _tasks(jabatan, library):
    if not jabatan.uraian_tugas.exists():
        for uraian, satuan, menit, kode in TASKS:
            services.config_save(obj=UraianTugas(jabatan=jabatan, uraian=uraian,
                                                 satuan_output=satuan, menit_standar=menit,
                                                 indikator=library[kode]), actor=None)


def _template_and_tasks(jabatan, library):
    if not TemplateRhk.objects.filter(jabatan=jabatan).exists():
        utama = services.config_save(obj=TemplateRhk(
            jabatan=jabatan, jenis="utama",
            uraian="Terkelolanya administrasi persuratan dan arsip seksi"), actor=None)
        for kode, target, bobot in (("ARS-01", 600, 60), ("LAP-01", 12, 40)):
            services.config_save(obj=TemplateIki(rhk=utama, indikator=library[kode],
                                                 target=target, bobot=bobot), actor=None)
    _tasks(jabatan, library)


def _plan(person, tahun, library, approver_fallback):
    """A complete approved SKP: one Utama RHK linked up, with two IKIs weighted 60/40."""
    skp = services.skp_create(pegawai=person, tahun=tahun, actor=person)
    unit = person.unit
    atasan = atasan_for(person)
    parent = sasaran = None
    if atasan is None:
        sasaran = SasaranOrganisasi.objects.filter(unit=unit, tahun=tahun).first()
    else:
        parent = Rhk.objects.filter(skp__pegawai=atasan, skp__tahun=tahun, jenis="utama",
                                    skp__status=Skp.Status.DISETUJUI).first()
    depth = min(unit.depth + (0 if person.jabatan.kepala_unit else 1), 4)
    rhk = services.rhk_save(rhk=Rhk(skp=skp, jenis="utama", intervensi=parent, sasaran=sasaran,
                                    uraian=LEVEL_TEXT[depth].format(unit=unit.nama)),
                            actor=person)
    for kode, target, bobot in (("LAP-01", 12, 60), ("LAY-01", 90, 40)):
        versi = services.indikator_versi_current(library[kode])
        services.iki_save(iki=Iki(rhk=rhk, indikator_versi=versi, target=Decimal(target),
                                  bobot=Decimal(bobot)), actor=person)
    services.skp_submit(skp=skp, actor=person)
    services.skp_approve(skp=skp, actor=atasan or approver_fallback)


@register
def build(*, accounts, stdout):
    tahun = _year()
    library = _library()
    pegawai = Pegawai.objects.select_related("jabatan").get(nip=accounts["pegawai"])
    admin_bkd = Pegawai.objects.get(nip=accounts["admin_bkd"])
    _template_and_tasks(pegawai.jabatan, library)
    # The demo atasan's team gets the task catalogue too (the daily-report journey).
    for jabatan in Jabatan.objects.filter(unit=pegawai.unit, kepala_unit=False):
        _tasks(jabatan, library)
    for opd in UnitKerja.objects.filter(jenis__in=UnitKerja.OPD_KINDS):
        if not SasaranOrganisasi.objects.filter(unit=opd, tahun=tahun).exists():
            services.config_save(obj=SasaranOrganisasi(
                unit=opd, tahun=tahun, uraian=f"Meningkatnya kinerja layanan {opd.nama}"),
                actor=None)
    done = set(Skp.objects.filter(tahun=tahun).values_list("pegawai_id", flat=True))
    people = [p for p in Pegawai.objects.filter(aktif=True, jabatan__isnull=False)
              .select_related("jabatan", "unit")
              if p.pk not in done and p.jabatan_id != pegawai.jabatan_id]
    # Top-down, so that every atasan's plan is approved before their staff link to it.
    people.sort(key=lambda p: (p.unit.depth, not p.jabatan.kepala_unit, p.nip))
    for person in people:
        _plan(person, tahun, library, admin_bkd)
    stdout.write(f"Plans ready: year {tahun.tahun}, {len(people)} SKPs approved now, "
                 f"{Skp.objects.filter(tahun=tahun).count()} in all.")


SLOTS = [((7, 30), (9, 30)), ((9, 45), (11, 45)), ((13, 0), (15, 0))]


def awal_aktivitas(today):
    """The first day the demo's activities cover: the 1st of this month, or of the previous
    month of the same year while fewer than five working days of this month have passed, so
    that a demo seeded early in a month still has work to validate and a history to see."""
    from ekinerja import kalender

    first = today.replace(day=1)
    if first.month == 1:
        return first
    passed = [d for d in kalender.working_days(today.year, today.month, 5) if d < today]
    if len(passed) >= 5:
        return first
    return (first - dt.timedelta(days=1)).replace(day=1)


def _hari_kerja(start, today, hari_kerja, holidays):
    from ekinerja import kalender

    days, month = [], start
    while month <= today:
        days += [d for d in kalender.working_days(month.year, month.month, hari_kerja,
                                                  holidays) if start <= d <= today]
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return days


@register
def build_activities(*, accounts, stdout):
    """Activities for everyone with an approved SKP since `awal_aktivitas`: approved but the
    last two working days, which wait for the atasan, and a draft this morning; nothing
    later than now. Written
    in bulk: demo rows, not user input, laid out so that they keep every rule (working days
    only, no overlap, own IKIs, no time in the future)."""
    from ekinerja import kalender

    now = timezone.localtime()
    today = now.date()
    first = awal_aktivitas(today)
    have = set(Aktivitas.objects.filter(tanggal__gte=first).values_list("pegawai_id",
                                                                         flat=True))
    ikis = {}
    for iki in Iki.objects.filter(rhk__skp__tahun__tahun=today.year,
                                  rhk__skp__status=Skp.Status.DISETUJUI,
                                  rhk__jenis="utama").select_related("rhk__skp__pegawai__unit"):
        ikis.setdefault(iki.rhk.skp.pegawai, []).append(iki)
    holidays = kalender.holidays_between(first, today)
    rows = []
    for person, person_ikis in ikis.items():
        if person.pk in have:
            continue
        days = _hari_kerja(first, today, person.unit.hari_kerja, holidays)
        for day in days:
            # Today a draft; the two working days before it waiting for the atasan.
            before = sum(1 for d in days if day < d < today)
            status = ("draft" if day == today else "diajukan" if before < 2 else "disetujui")
            slots = SLOTS[:1] if day == today else SLOTS
            for n, (start, end) in enumerate(slots):
                if day == today and dt.time(*end) > now.time():
                    continue
                iki = person_ikis[n % len(person_ikis)]
                rows.append(Aktivitas(
                    pegawai=person, tanggal=day, mulai=dt.time(*start), selesai=dt.time(*end),
                    menit=(end[0] - start[0]) * 60 + end[1] - start[1], kategori="iki", iki=iki,
                    uraian=f"{iki.nama}: pekerjaan hari ini", output=1, status=status,
                    diajukan_pada=None if status == "draft" else now))
    Aktivitas.objects.bulk_create(rows, batch_size=5000)
    stdout.write(f"Activities ready: {len(rows)} written from {first:%d/%m/%Y}.")


@register(last=True)
def build_adopsi(*, accounts, stdout):
    """The adoption figures of this month's weeks, as the nightly run leaves them."""
    import datetime as dt

    from .adopsi import adopsi_hitung, senin

    today = timezone.localdate()
    first = awal_aktivitas(today)  # where the demo's activities start
    monday, rows = senin(first + dt.timedelta(days=6)), 0
    while monday < today:
        rows += adopsi_hitung(minggu=monday, today=today)
        monday += dt.timedelta(days=7)
    stdout.write(f"Adoption ready: {rows} unit-weeks.")
