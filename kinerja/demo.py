"""Demo plans: the current year, an indicator library, a template and task catalogue, the
organisation goals, and approved SKPs cascading from each head of OPD down.

The demo "pegawai" account's post is left without SKPs on purpose: its holders are where
a demo (and the browser journey) applies the template and walks the approval cycle.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from ekinerja.demo import register
from ekinerja.models import Pegawai, UnitKerja
from ekinerja.selectors import atasan_for

from . import services
from .models import (
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


def _template_and_tasks(jabatan, library):
    if not TemplateRhk.objects.filter(jabatan=jabatan).exists():
        utama = services.config_save(obj=TemplateRhk(
            jabatan=jabatan, jenis="utama",
            uraian="Terkelolanya administrasi persuratan dan arsip seksi"), actor=None)
        for kode, target, bobot in (("ARS-01", 600, 60), ("LAP-01", 12, 40)):
            services.config_save(obj=TemplateIki(rhk=utama, indikator=library[kode],
                                                 target=target, bobot=bobot), actor=None)
    if not jabatan.uraian_tugas.exists():
        for uraian, satuan, menit, kode in TASKS:
            services.config_save(obj=UraianTugas(jabatan=jabatan, uraian=uraian,
                                                 satuan_output=satuan, menit_standar=menit,
                                                 indikator=library[kode]), actor=None)


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
