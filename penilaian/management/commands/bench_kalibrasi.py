"""Benchmark: a calibration session's page for a unit of 2,500 people (the default).

Runs in a throwaway test database: builds one OPD with the import (as bench_import does:
bidang, seksi, their heads, the staff spread over them), gives everyone but the OPD's head
a final annual evaluation by their atasan with predikat in turn, opens the session as the
Admin BKD, and times the page as BKD sees it: all rows, one evaluator's, and a later page;
each with its queries and the median of several requests.

    make bench-kalibrasi     # 2,500 people against PostgreSQL
"""

import datetime as dt
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases

from ekinerja.impor import impor_apply, impor_upload
from ekinerja.management.commands.bench_import import _nip, build_files
from ekinerja.models import ImporData, Pegawai, UnitKerja
from ekinerja.selectors import atasan_map
from ekinerja.services import pegawai_save, unit_kerja_save
from kinerja.models import TahunKinerja

from ...evaluasi import staf_unit
from ...kalibrasi import kalibrasi_buka
from ...models import Evaluasi
from ...predikat import Predikat

RUNS = 7
TURN = [Predikat.BAIK, Predikat.BAIK, Predikat.SANGAT_BAIK, Predikat.BAIK,
        Predikat.BUTUH_PERBAIKAN, Predikat.BAIK, Predikat.SANGAT_BAIK, Predikat.KURANG]


class Command(BaseCommand):
    help = "Time a calibration session's page for a unit of N people."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=2_500)

    def handle(self, *args, people, **options):
        old_config = setup_databases(verbosity=0, interactive=False)
        try:
            self.run(people)
        finally:
            teardown_databases(old_config, verbosity=0)

    def run(self, people):
        start = time.perf_counter()
        admin, opd, tahun = self.build(people)
        evaluated = Evaluasi.objects.filter(tahun=tahun).count()
        people_in = Pegawai.objects.filter(unit__path__startswith=opd.path).count()
        units = UnitKerja.objects.filter(path__startswith=opd.path).count()
        self.stdout.write(f"{people_in} people in {units} units, {evaluated} final annual "
                          f"evaluations, built in {time.perf_counter() - start:.1f} s")
        sesi = kalibrasi_buka(unit=opd, tahun=tahun, actor=admin)
        client = Client(HTTP_HOST="localhost")
        client.force_login(admin)
        evaluator = Evaluasi.objects.filter(tahun=tahun).values_list(
            "penilai_id", flat=True).first()
        for label, url in (("the whole unit", f"/kalibrasi/{sesi.pk}/"),
                           ("one evaluator", f"/kalibrasi/{sesi.pk}/?penilai={evaluator}"),
                           ("page 10", f"/kalibrasi/{sesi.pk}/?hal=10")):
            queries, ms, size = self.page(client, url)
            self.stdout.write(f"calibration page, {label}: {queries} queries, median "
                              f"{ms:.1f} ms over {RUNS} requests, {size / 1024:.0f} KiB")

    @staticmethod
    def page(client, url):
        client.get(url)  # warm: the team's ids cached as on any later page
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        queries = len(ctx.captured_queries)  # before the next request resets the log
        assert response.status_code == 200, response.status_code
        samples = []
        for _i in range(RUNS):
            begin = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - begin) * 1000)
        return queries, statistics.median(samples), len(response.content)

    def build(self, people):
        root = unit_kerja_save(unit=UnitKerja(kode="ROOT", nama="Provinsi", jenis="instansi"),
                               actor=None)
        admin = pegawai_save(pegawai=Pegawai(nip=_nip(people + 1), nama="Admin BKD",
                                             jenis="PNS", golongan="III/b", admin_scope=root),
                             actor=None)
        files = build_files(people, opd_count=1)
        for jenis, content in zip(("unit", "jabatan", "pegawai"), files, strict=True):
            impor = impor_upload(jenis=jenis, nama_file=f"{jenis}.csv", content=content,
                                 actor=admin, scope=root)
            impor_apply(impor=ImporData.objects.get(pk=impor.pk), actor=admin)
        opd = UnitKerja.objects.get(kode="OPD00")
        year = dt.date.today().year
        tahun = TahunKinerja.objects.filter(tahun=year).first() or TahunKinerja.objects.create(
            tahun=year, ritme=TahunKinerja.Ritme.BULANAN, batas_skp=dt.date(year, 1, 31),
            hari_cutoff=5)
        staff = list(staf_unit(opd).order_by("pk"))
        atasan = atasan_map([p.pk for p in staff])
        names = dict(Pegawai.objects.values_list("pk", "nama"))
        Evaluasi.objects.bulk_create(
            [Evaluasi(pegawai=p, tahun=tahun, nomor=0, status=Evaluasi.Status.FINAL,
                      rating_hasil="sesuai", rating_perilaku="sesuai",
                      predikat=TURN[n % len(TURN)], penilai_id=atasan.get(p.pk),
                      penilai_nama=names.get(atasan.get(p.pk), ""))
             for n, p in enumerate(staff)], batch_size=2000)
        return admin, opd, tahun
