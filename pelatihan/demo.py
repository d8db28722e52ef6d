"""Demo training: a catalogue tagged for the appraisal gaps, a proposal waiting for BKD, a
year of verified training in which some people are under their JP right, a few claims
waiting for verification, and the demo employee's submitted development plan."""

import datetime as dt
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from ekinerja.demo import register
from ekinerja.models import Pegawai

from .jalur import jalur_pastikan
from .models import JalurBelajar, KegiatanBelajar, Partisipasi, RencanaKegiatan, RencanaPengembangan

KATALOG = [  # (name, path, organiser, mode, days, JP, tags)
    ("Pelatihan Pelayanan Publik Prima", "KL03", "BPSDM Provinsi Jambi", "luring", 3, 24,
     "pelayanan publik, berorientasi pelayanan"),
    ("Bimbingan Teknis Manajemen Kinerja ASN", "KL10", "BKD Provinsi Jambi", "luring", 2, 16,
     "manajemen kinerja, hasil kerja"),
    ("Pelatihan Integritas dan Antikorupsi", "KL03", "Inspektorat Provinsi Jambi", "daring",
     2, 12, "akuntabel, integritas"),
    ("Workshop Inovasi Pelayanan", "KL07", "Biro Organisasi", "campuran", 2, 16,
     "adaptif, inovasi, pelayanan publik"),
    ("Pelatihan Komunikasi Efektif dan Kerja Sama Tim", "KL08", "BPSDM Provinsi Jambi",
     "luring", 2, 16, "kolaboratif, kerja sama, harmonis, komunikasi"),
    ("E-learning Wawasan Kebangsaan", "NKL03", "LAN RI", "daring", 5, 20,
     "loyal, wawasan kebangsaan"),
    ("Pelatihan Analisis Data untuk Perencanaan", "KL03", "BPSDM Provinsi Jambi", "luring", 3,
     24, "kompeten, teknis jabatan"),
    ("Coaching Penyusunan SKP", "NKL01", "BKD Provinsi Jambi", "luring", 1, 4,
     "hasil kerja, manajemen kinerja"),
]

# A valid one-page PDF: the demo's certificates.
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
       b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\n"
       b"trailer<</Root 1 0 R>>\n%%EOF\n")


def _katalog(admin_bkd, today):
    paths = {j.kode: j for j in JalurBelajar.objects.all()}
    items = []
    for n, (nama, kode, org, moda, days, jp, tags) in enumerate(KATALOG):
        # Half already held this year, half coming up.
        start = today - dt.timedelta(days=200 - 45 * n) if n % 2 == 0 else \
            today + dt.timedelta(days=10 + 20 * n)
        items.append(KegiatanBelajar(
            nama=nama, jalur=paths[kode], penyelenggara=org, moda=moda, mulai=start,
            selesai=start + dt.timedelta(days=days - 1), jp=jp, kompetensi=tags,
            status=KegiatanBelajar.Status.DISETUJUI, dibuat_oleh=admin_bkd,
            ditinjau_oleh=admin_bkd))
    return KegiatanBelajar.objects.bulk_create(items)


def _history(people, katalog, admin_bkd, today, rng):
    """For each person a year of verified training: about a third stay under their
    right. Demo rows, written in bulk and laid out to keep every rule."""
    past = [k for k in katalog if k.selesai < today]
    start_of_year = dt.date(today.year, 1, 1)
    rows = []
    for person in people:
        target = rng.choice([0, 8, 12, 20, 24, 28, 32])
        done, n = 0, 0
        while done < target:
            k = past[n % len(past)]
            jp = min(k.jp, target - done) if target - done >= 4 else k.jp
            rows.append(Partisipasi(
                pegawai=person, kegiatan=k, nama=k.nama, jalur=k.jalur,
                penyelenggara=k.penyelenggara, mulai=k.mulai, selesai=k.selesai, jp_klaim=jp,
                jp_diakui=jp, status=Partisipasi.Status.TERVERIFIKASI, sumber="impor",
                diverifikasi_oleh=admin_bkd, diverifikasi_pada=timezone.now(),
                nomor_sertifikat=f"DEMO/{today.year}/{person.nip}/{n + 1}"))
            done, n = done + jp, n + 1
        if rng.random() < 0.5:  # and last year's, for the history by year
            last = start_of_year - dt.timedelta(days=rng.randint(20, 300))
            rows.append(Partisipasi(
                pegawai=person, nama="Sosialisasi Kebijakan Kepegawaian",
                jalur=past[0].jalur, penyelenggara="BKD Provinsi Jambi", mulai=last,
                selesai=last, jp_klaim=8, jp_diakui=8, status=Partisipasi.Status.TERVERIFIKASI,
                sumber="impor", diverifikasi_oleh=admin_bkd,
                diverifikasi_pada=timezone.now()))
    Partisipasi.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@register
def build(*, accounts, stdout):
    jalur_pastikan()
    admin_bkd = Pegawai.objects.get(nip=accounts["admin_bkd"])
    if KegiatanBelajar.objects.filter(dibuat_oleh=admin_bkd).exists():
        return  # built before
    today = timezone.localdate()
    rng = random.Random(2026)
    pegawai = Pegawai.objects.get(nip=accounts["pegawai"])
    katalog = _katalog(admin_bkd, today)
    people = list(Pegawai.objects.filter(aktif=True).exclude(pk=pegawai.pk).order_by("nip"))
    written = _history(people, katalog, admin_bkd, today, rng)
    # The demo employee: 12 JP verified, one claim waiting for BKD, one proposal, a plan.
    done = katalog[0]
    Partisipasi.objects.create(
        pegawai=pegawai, kegiatan=katalog[2], nama=katalog[2].nama, jalur=katalog[2].jalur,
        penyelenggara=katalog[2].penyelenggara, mulai=katalog[2].mulai,
        selesai=katalog[2].selesai, jp_klaim=12, jp_diakui=12,
        status=Partisipasi.Status.TERVERIFIKASI, sumber="impor", diverifikasi_oleh=admin_bkd,
        diverifikasi_pada=timezone.now())
    waiting = Partisipasi(
        pegawai=pegawai, kegiatan=done, nama=done.nama, jalur=done.jalur,
        penyelenggara=done.penyelenggara, mulai=done.mulai, selesai=done.selesai,
        jp_klaim=done.jp, nomor_sertifikat=f"BPSDM-JMB/{today.year}/0417",
        sertifikat_nama="sertifikat.pdf", sertifikat_jenis="pdf")
    waiting.sertifikat.save("sertifikat.pdf", ContentFile(PDF), save=False)
    waiting.save()
    KegiatanBelajar.objects.create(
        nama="Kursus Bahasa Inggris untuk Pelayanan", jalur=JalurBelajar.objects.get(
            kode="KL08"), penyelenggara="Universitas Jambi", moda="daring",
        mulai=today + dt.timedelta(days=30), selesai=today + dt.timedelta(days=60), jp=32,
        kompetensi="pelayanan publik, komunikasi", dibuat_oleh=pegawai)
    plan = RencanaPengembangan.objects.create(
        pegawai=pegawai, tahun=today.year, status=RencanaPengembangan.Status.DIAJUKAN,
        tujuan="Meningkatkan kualitas layanan administrasi dan penguasaan aplikasi.",
        kesenjangan="Berorientasi pelayanan: waktu layanan masih di atas standar.")
    RencanaKegiatan.objects.bulk_create([
        RencanaKegiatan(rencana=plan, kegiatan=katalog[1], nama=katalog[1].nama,
                        jalur=katalog[1].jalur, jp=16, triwulan=4),
        RencanaKegiatan(rencana=plan, nama="Coaching oleh atasan langsung",
                        jalur=JalurBelajar.objects.get(kode="NKL01"), jp=4, triwulan=4)])
    stdout.write(f"Training ready: {len(katalog)} catalogue activities, {written + 2} "
                 f"training records.")
