"""Demo plans: the current year, an indicator library, a template and task catalogue, the
organisation goals, and approved SKPs cascading from each head of OPD down.

The demo "pegawai" account's post is left without SKPs on purpose: its holders are where
a demo (and the browser journey) applies the template and walks the approval cycle.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja.demo import register
from ekinerja.models import Jabatan, Pegawai, UnitKerja

from . import services
from .models import (
    Aktivitas,
    Iki,
    Indikator,
    IndikatorVersi,
    Periode,
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


def _plans(people, tahun, library, admin_bkd):
    """Complete approved SKPs for `people` (sorted top-down), written in bulk: one Utama
    RHK each, linked to the atasan's Utama RHK (or, for a head of OPD, to the OPD's goal),
    with two library IKIs weighted 60/40, their period targets, the BerAKHLAK rows and the
    approved version. Demo rows, not user input (like the activities): laid out to keep the
    rules the services check, without an audit entry or a notification per SKP. A wave per
    level of the tree, so that every atasan's RHK exists before their staff link to it."""
    from ekinerja.selectors import atasan_map

    from .berakhlak import BERAKHLAK
    from .models import Perilaku, SkpVersi, TargetPeriode

    now = timezone.now()
    atasan_of = atasan_map([p.pk for p in people])
    atasan_ids = {pk for pk in atasan_of.values() if pk}
    atasan = {p.pk: p for p in Pegawai.objects.filter(pk__in=atasan_ids)
              .select_related("jabatan", "unit")}
    rhk_of = {r.skp.pegawai_id: r for r in Rhk.objects.filter(
        skp__tahun=tahun, skp__status=Skp.Status.DISETUJUI, jenis="utama",
        skp__pegawai_id__in=atasan_ids).select_related("skp").order_by("pk")}
    sasaran = {s.unit_id: s for s in SasaranOrganisasi.objects.filter(tahun=tahun)}
    periods = list(Periode.objects.filter(tahun=tahun).order_by("nomor"))
    versi = {kode: services.indikator_versi_current(library[kode])
             for kode in ("LAP-01", "LAY-01")}
    waves = {}
    for person in people:
        waves.setdefault((person.unit.depth, not person.jabatan.kepala_unit), []).append(person)
    made = []
    for wave in waves.values():
        skps = []
        for person in wave:
            boss = atasan.get(atasan_of.get(person.pk))
            approver = boss or admin_bkd
            skps.append(Skp(
                pegawai=person, tahun=tahun, jabatan=person.jabatan, unit=person.unit,
                status=Skp.Status.DISETUJUI, disetujui_pada=now, atasan_nip=approver.nip,
                atasan_nama=approver.nama_lengkap,
                atasan_jabatan=(approver.jabatan.nama if boss and boss.jabatan_id else
                                _("Admin BKD on behalf of the regional head")),
                atasan_unit=approver.unit.nama if approver.unit_id else ""))
        Skp.objects.bulk_create(skps)
        Perilaku.objects.bulk_create(Perilaku(skp=skp, nilai=n) for skp in skps
                                     for n in BERAKHLAK)
        rhks = []
        for skp in skps:
            person, boss_id = skp.pegawai, atasan_of.get(skp.pegawai_id)
            depth = min(person.unit.depth + (0 if person.jabatan.kepala_unit else 1), 4)
            rhks.append(Rhk(skp=skp, jenis="utama", intervensi=rhk_of.get(boss_id),
                            sasaran=None if boss_id else sasaran.get(person.unit_id),
                            uraian=LEVEL_TEXT[depth].format(unit=person.unit.nama)))
        Rhk.objects.bulk_create(rhks)
        rhk_of.update({r.skp.pegawai_id: r for r in rhks})
        ikis = [Iki(rhk=rhk, indikator_versi=v, nama=v.nama, satuan=v.satuan, aspek=v.aspek,
                    arah=v.arah, agregasi=v.agregasi, wajib_bukti=v.wajib_bukti,
                    target=Decimal(target), bobot=Decimal(bobot))
                for rhk in rhks
                for v, target, bobot in ((versi["LAP-01"], 12, 60), (versi["LAY-01"], 90, 40))]
        Iki.objects.bulk_create(ikis)
        TargetPeriode.objects.bulk_create(
            TargetPeriode(iki=iki, periode=p, target=t) for iki in ikis
            for p, t in zip(periods, services.target_periode_nilai(iki, len(periods)), strict=True))
        made += skps
    SkpVersi.objects.bulk_create(
        SkpVersi(skp=skp, nomor=skp.versi, isi=services.skp_content(skp),
                 disetujui_pada=now, atasan_nip=skp.atasan_nip, atasan_nama=skp.atasan_nama)
        for skp in Skp.objects.filter(pk__in=[s.pk for s in made])
        .select_related("jabatan", "unit").prefetch_related("perilaku"))


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
    _plans(people, tahun, library, admin_bkd)
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
