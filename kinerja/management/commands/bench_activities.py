"""Benchmark: a year of daily activities for N people (default 1,000), then the server time
of the month view, the atasan's pending-count endpoint and submitting an activity, each
against a minimal one-query Django view measured in the same run.

Runs in a throwaway test database (created and dropped here). Server time is measured
in process through Django's test client: the full middleware stack, no network.

    make bench-activities
"""

import datetime as dt
import statistics
import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import connection
from django.http import JsonResponse
from django.test import Client, override_settings
from django.test.utils import setup_databases, teardown_databases
from django.urls import clear_url_caches, include, path
from django.utils import timezone

from ekinerja import kalender
from ekinerja.models import Jabatan, Pegawai, UnitKerja
from ekinerja.services import unit_kerja_save
from kinerja import services
from kinerja.models import Aktivitas, Iki, Rhk, Skp, TahunKinerja


def baseline_view(request):
    """The floor: one indexed query and a tiny response, through the same middleware."""
    return JsonResponse({"ok": Pegawai.objects.filter(pk=request.user.pk).exists()})


urlpatterns = [path("bench/baseline/", baseline_view), path("", include("ekinerja.urls"))]

TEAM = 20
SLOTS = [(dt.time(7, 30), dt.time(9, 30), 120), (dt.time(9, 45), dt.time(11, 45), 120),
         (dt.time(13, 0), dt.time(15, 0), 120)]


def _nip(n):
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=n % 9000)
    return f"{birth:%Y%m%d}{birth.year + 25}{birth.month:02d}{1 + n % 2}{1 + n // 9000:03d}"


class Command(BaseCommand):
    help = "Seed a year of activities for N people and time the activity pages."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=1000)
        parser.add_argument("--requests", type=int, default=200)

    def handle(self, *args, people, requests, **options):
        old = setup_databases(verbosity=0, interactive=False)
        try:
            with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"]):
                clear_url_caches()
                self.run(people, requests)
        finally:
            clear_url_caches()
            teardown_databases(old, verbosity=0)

    def seed(self, people):
        today = timezone.localdate()
        root = unit_kerja_save(unit=UnitKerja(kode="ROOT", nama="Provinsi", jenis="instansi"),
                               actor=None)
        opd = unit_kerja_save(unit=UnitKerja(kode="OPD", nama="Dinas", jenis="dinas",
                                             parent=root), actor=None)
        tahun = services.tahun_kinerja_create(tahun=TahunKinerja(
            tahun=today.year, ritme="bulanan", batas_skp=dt.date(today.year, 1, 31),
            hari_cutoff=5), actor=None)
        password = make_password("bench-password-123")
        heads, staff, n = [], [], 0
        for b in range((people + TEAM - 1) // TEAM):
            unit = unit_kerja_save(unit=UnitKerja(kode=f"B{b}", nama=f"Bidang {b}",
                                                  jenis="bidang", parent=opd), actor=None)
            head_post = Jabatan.objects.create(kode=f"B{b}-K", nama="Kepala", unit=unit,
                                               jenis="administrator", kelas_jabatan=11,
                                               kepala_unit=True)
            post = Jabatan.objects.create(kode=f"B{b}-S", nama="Staf", unit=unit,
                                          jenis="pelaksana", kelas_jabatan=6)
            n += 1
            heads.append(Pegawai(nip=_nip(n), nama=f"Kepala {b}", jenis="PNS", golongan="IV/a",
                                 jabatan=head_post, unit=unit, password=password))
            for _i in range(min(TEAM, people - len(staff))):
                n += 1
                staff.append(Pegawai(nip=_nip(n), nama=f"Pegawai {n}", jenis="PNS",
                                     golongan="III/a", jabatan=post, unit=unit,
                                     password=password))
        Pegawai.objects.bulk_create(heads + staff, batch_size=2000)
        staff = list(Pegawai.objects.filter(jabatan__kepala_unit=False).select_related("unit"))
        skps = Skp.objects.bulk_create(
            Skp(pegawai=p, tahun=tahun, jabatan_id=p.jabatan_id, unit_id=p.unit_id,
                status=Skp.Status.DISETUJUI) for p in staff)
        rhks = Rhk.objects.bulk_create(Rhk(skp=s, jenis="utama", uraian="Layanan") for s in skps)
        ikis = Iki.objects.bulk_create(Iki(rhk=r, nama="Laporan", aspek="kuantitas",
                                           satuan="laporan", target=240, bobot=100)
                                       for r in rhks)
        days = [d for m in range(1, today.month + 1)
                for d in kalender.working_days(today.year, m, 5) if d < today]
        self.stdout.write(f"seeding {len(staff)} people x {len(days)} working days x "
                          f"{len(SLOTS)} activities ...")
        start = time.perf_counter()
        now = timezone.now()
        batch = []
        for person, iki in zip(staff, ikis, strict=True):
            for day in days:
                status = "disetujui" if (today - day).days > 3 else "diajukan"
                for mulai, selesai, menit in SLOTS:
                    batch.append(Aktivitas(pegawai_id=person.pk, tanggal=day, mulai=mulai,
                                           selesai=selesai, menit=menit, uraian="Pekerjaan",
                                           kategori="iki", iki_id=iki.pk, output=1,
                                           status=status, diajukan_pada=now))
            if len(batch) >= 20_000:
                Aktivitas.objects.bulk_create(batch)
                batch = []
        Aktivitas.objects.bulk_create(batch)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE kinerja_aktivitas")
        count = Aktivitas.objects.count()
        self.stdout.write(f"  {count} activities in {time.perf_counter() - start:.1f} s")
        return heads, staff, dict(zip([p.pk for p in staff], ikis, strict=True))

    def run(self, people, requests):
        heads, staff, iki_of = self.seed(people)
        today = timezone.localdate()
        person, head = staff[0], heads[0]
        person_client, head_client = Client(), Client()
        person_client.force_login(person)
        head_client.force_login(head)
        # Fresh drafts to submit, one per request, on people who have nothing at 16:00.
        drafts = []
        for p in staff[:requests]:
            drafts.append(services.aktivitas_save(aktivitas=Aktivitas(
                pegawai=p, tanggal=today, mulai=dt.time(16, 0), selesai=dt.time(16, 30),
                uraian="Rapat", kategori="iki", iki=iki_of[p.pk]), actor=p))
        submit_clients = []
        for d in drafts:
            c = Client()
            c.force_login(d.pegawai)
            submit_clients.append((c, d.pk))

        def timed(fn, n):
            fn()  # warm up (caches, connections)
            samples = []
            for _i in range(n):
                start = time.perf_counter()
                response = fn()
                samples.append((time.perf_counter() - start) * 1000)
                assert response.status_code in (200, 302), response.status_code
            samples.sort()
            return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]

        results = {
            "baseline (1 query)": timed(lambda: person_client.get("/bench/baseline/"), requests),
            "month view": timed(lambda: person_client.get("/aktivitas/bulan/"), requests),
            "pending count": timed(lambda: head_client.get("/aktivitas/menunggu/"), requests),
        }
        counter = iter(range(len(submit_clients)))

        def submit():
            client, pk = submit_clients[next(counter)]
            return client.post(f"/aktivitas/{pk}/ajukan/")

        results["submit activity"] = timed(submit, len(submit_clients) - 1)
        base = results["baseline (1 query)"][0]
        self.stdout.write(f"server time over {requests} requests each (ms):")
        for name, (p50, p95) in results.items():
            self.stdout.write(f"  {name:20} p50 {p50:7.2f}  p95 {p95:7.2f}  "
                              f"({p50 / base:4.1f}x baseline p50)")
