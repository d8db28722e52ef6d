"""Benchmark: a calibration session's page for a unit of 2,500 people (the default).

Runs in a throwaway test database: builds one OPD with the import (as bench_import does:
bidang, seksi, their heads, the staff spread over them), gives everyone but the OPD's head
a final annual evaluation by their atasan with predikat in turn, opens the session as the
Admin BKD, and times the page as BKD sees it: all rows, one evaluator's, and a later page;
each with its queries and the median of several requests.

    make bench-kalibrasi     # 2,500 people against PostgreSQL
"""

import datetime as dt
import time

from ekinerja.bench import BenchCommand, klien_masuk, provinsi_impor, ukur_halaman
from ekinerja.models import Pegawai, UnitKerja
from ekinerja.selectors import atasan_map
from kinerja.models import TahunKinerja

from ...evaluasi import staf_unit
from ...kalibrasi import kalibrasi_buka
from ...models import Evaluasi
from ...predikat import Predikat

RUNS = 7
TURN = [Predikat.BAIK, Predikat.BAIK, Predikat.SANGAT_BAIK, Predikat.BAIK,
        Predikat.BUTUH_PERBAIKAN, Predikat.BAIK, Predikat.SANGAT_BAIK, Predikat.KURANG]


class Command(BenchCommand):
    help = "Time a calibration session's page for a unit of N people."

    PEOPLE = 2_500

    def run(self, people):
        start = time.perf_counter()
        admin, opd, tahun = self.build(people)
        evaluated = Evaluasi.objects.filter(tahun=tahun).count()
        people_in = Pegawai.objects.filter(unit__path__startswith=opd.path).count()
        units = UnitKerja.objects.filter(path__startswith=opd.path).count()
        self.stdout.write(f"{people_in} people in {units} units, {evaluated} final annual "
                          f"evaluations, built in {time.perf_counter() - start:.1f} s")
        sesi = kalibrasi_buka(unit=opd, tahun=tahun, actor=admin)
        client = klien_masuk(admin)
        evaluator = Evaluasi.objects.filter(tahun=tahun).values_list(
            "penilai_id", flat=True).first()
        for label, url in (("the whole unit", f"/kalibrasi/{sesi.pk}/"),
                           ("one evaluator", f"/kalibrasi/{sesi.pk}/?penilai={evaluator}"),
                           ("page 10", f"/kalibrasi/{sesi.pk}/?hal=10")):
            queries, ms, size = ukur_halaman(client, url, RUNS)
            self.stdout.write(f"calibration page, {label}: {queries} queries, median "
                              f"{ms:.1f} ms over {RUNS} requests, {size / 1024:.0f} KiB")

    def build(self, people):
        _root, admin = provinsi_impor(people, opd_count=1)
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
