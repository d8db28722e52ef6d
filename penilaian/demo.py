"""Demo data: this period's scores and the unit figures the monitoring pages read, as the
nightly run would leave them (after every other app has written its demo data)."""

from django.utils import timezone

from ekinerja.demo import register
from kinerja.selectors import periode_of

from .services import skor_hitung, skor_unit_hitung


@register(last=True)
def build(*, accounts, stdout):
    """The scores of each period the demo's activities fall in."""
    from kinerja.demo import awal_aktivitas

    today = timezone.localdate()
    for periode in dict.fromkeys([periode_of(awal_aktivitas(today)), periode_of(today)]):
        if periode is None:
            continue
        people = skor_hitung(periode=periode)
        units = skor_unit_hitung(periode=periode)
        stdout.write(f"Scores ready: {people} people scored for {periode}, {units} unit rows.")


LAYANAN_DEMO = [  # (OPD code, service unit, services, how well it serves: 1-4 mean)
    ("DINKES", "Layanan Surat Keterangan Sehat", ["Surat keterangan sehat", "Imunisasi"],
     3.4),
    ("RSUD-RM", "Instalasi Rawat Jalan RSUD Raden Mattaher", ["Poli umum", "Poli anak",
                                                              "Farmasi"], 3.1),
    ("DISHUB", "Loket Uji Kendaraan Bermotor", ["Uji berkala kendaraan",
                                                "Penerbitan buku uji"], 2.7),
]
KOMENTAR_DEMO = ["Pelayanan cepat, terima kasih.", "Antrean terlalu panjang pagi hari.",
                 "Petugas ramah dan jelas menjelaskan.", "Ruang tunggu panas, kipas rusak.",
                 "Persyaratan di papan informasi tidak sama dengan yang diminta petugas."]


@register(last=True)
def build_ikm(*, accounts, stdout):
    """Service units in three OPDs with a few hundred answers this month, and their IKM."""
    import datetime as dt
    import random

    from ekinerja.models import Pegawai, UnitKerja

    from . import ikm
    from .models import ResponSurvei, UnitLayanan

    periode = periode_of(timezone.localdate())
    if UnitLayanan.objects.exists() or periode is None:
        return
    admin = Pegawai.objects.get(nip=accounts["admin_bkd"])
    rng, today, rows = random.Random(2026), timezone.localdate(), []
    opds = list(UnitKerja.objects.filter(jenis__in=UnitKerja.OPD_KINDS).order_by("kode"))
    for n, (kode, nama, services, mean) in enumerate(LAYANAN_DEMO):
        opd = next((u for u in opds if u.kode == kode), opds[n % len(opds)])
        unit = ikm.unit_layanan_save(unit_layanan=UnitLayanan(unit=opd, nama=nama),
                                       layanan=services, actor=admin)
        layanan = list(unit.layanan_set.all())
        for i in range(rng.randint(80, 140)):
            day = periode.mulai + dt.timedelta(days=rng.randrange((today - periode.mulai).days
                                                                  + 1))
            values = [min(4, max(1, round(rng.gauss(mean, 0.7)))) for _k in range(9)]
            rows.append(ResponSurvei(
                unit_layanan=unit, layanan=rng.choice(layanan), tanggal=day,
                perangkat=f"demo-{unit.pk}-{i}",
                komentar=rng.choice(KOMENTAR_DEMO) if rng.random() < 0.2 else "",
                **{f"u{k}": v for k, v in enumerate(values, start=1)}))
    ResponSurvei.objects.bulk_create(rows)
    for row in rows:  # answered on their day, not when the demo was built
        row.dibuat = timezone.make_aware(dt.datetime.combine(row.tanggal, dt.time(9)))
    ResponSurvei.objects.bulk_update(rows, ["dibuat"], batch_size=1000)
    computed = ikm.ikm_hitung(periode=periode)
    stdout.write(f"Public survey ready: {len(LAYANAN_DEMO)} service units, {len(rows)} "
                 f"answers, {computed} IKM rows.")


@register(last=True)
def build_angka_kredit(*, accounts, stdout):
    """Everyone in a functional post: in it since a January of 2019-2023 (the TMT), and a
    PAK konversi as of the end of last year, as BKD's import would leave them."""
    import datetime as dt
    from decimal import Decimal

    from ekinerja.models import Jabatan, Pegawai, RiwayatJabatan

    from .models import PakAwal

    if PakAwal.objects.exists():
        return
    admin = Pegawai.objects.get(nip=accounts["admin_bkd"])
    year = timezone.localdate().year
    people = list(Pegawai.objects.filter(jabatan__jenis=Jabatan.Jenis.FUNGSIONAL)
                  .select_related("jabatan").order_by("nip"))
    for n, p in enumerate(people):
        RiwayatJabatan.objects.filter(pegawai=p, selesai__isnull=True).update(
            mulai=dt.date(2019 + n % 5, 1, 1))
    PakAwal.objects.bulk_create(
        PakAwal(pegawai=p, jenis=PakAwal.Jenis.KONVERSI, per_tanggal=dt.date(year - 1, 12, 31),
                nilai=Decimal(15 + (n * 37) % 160) + Decimal("0.5") * (n % 2),
                jenjang=p.jabatan.jenjang, nomor_sk=f"800.1.13/{n + 1:04d}/BKD/{year}",
                tanggal_sk=dt.date(year, 1, 20), dicatat_oleh=admin)
        for n, p in enumerate(people))
    stdout.write(f"Angka kredit: {len(people)} people in a functional post with a starting PAK.")
