"""Benchmark: the monitoring pages over a synthetic province (100,000 people by default,
the province of bench_scores: 40 OPDs of 25 bidang, 2.2 million activities in October),
with evaluations, verified training, organisation predikat and late validations added.
Prints, for the whole instansi, an OPD and a bidang: the queries each page runs and the
median time to render it (21 requests, as Admin BKD through Django's test client); the
unit roll-up's time; and the employees' cut-off reminder over the province.

Runs in a throwaway test database (created and dropped here; --keep reuses it):

    make bench-pantau
"""

import datetime as dt
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import setup_databases, teardown_databases

from ekinerja.bench import klien_masuk, ukur_halaman
from ekinerja.models import Notifikasi, Pegawai, UnitKerja
from kinerja.models import Aktivitas, Periode
from pelatihan.jalur import jalur_pastikan
from pelatihan.models import JalurBelajar, Partisipasi
from penilaian.models import Evaluasi, PredikatUnit, Skor
from penilaian.services import notifikasi_batas_lapor, skor_hitung, skor_unit_hitung

from .bench_scores import Command as Province
from .bench_scores import _insert_select, _nip

RUNS = 21


class Command(BaseCommand):
    help = "Time the monitoring pages and the unit roll-up over a synthetic province."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--keep", action="store_true",
                            help="keep the generated database, and reuse it next time")

    def handle(self, *args, people, keep=False, **options):
        old = setup_databases(verbosity=0, interactive=False, keepdb=keep, serialized_aliases=[])
        try:
            self.run(people)
        finally:
            if not keep:
                teardown_databases(old, verbosity=0)

    def seed(self, people):
        province = Province(stdout=self.stdout)
        tahun, periode = province.seed(people)
        start = time.perf_counter()
        with connection.cursor() as c:
            # Some work still waiting, some escalated at the cut-off.
            c.execute("UPDATE kinerja_aktivitas SET status = 'diajukan' WHERE id % 50 = 0")
            c.execute("UPDATE kinerja_aktivitas SET dieskalasi_pada = now() WHERE id % 97 = 0")
        self.stdout.write("  scores ...")
        skor_hitung(periode=periode)
        predikat = ("CASE p.id %% 10 WHEN 0 THEN 'sangat_baik' WHEN 1 THEN 'sangat_baik' "
                    "WHEN 8 THEN 'butuh_perbaikan' WHEN 9 THEN 'kurang' ELSE 'baik' END")
        _insert_select(Evaluasi, ["pegawai_id", "tahun_id", "nomor", "periode_id", "status",
                                  "predikat"],
                       f"SELECT p.id, %s, %s, %s, 'final', {predikat} {{defaults}} "
                       f"FROM ekinerja_pegawai p", [tahun.pk, periode.nomor, periode.pk])
        jalur_pastikan()
        jalur = JalurBelajar.objects.get(kode="KL03").pk
        year = periode.mulai.year
        _insert_select(Partisipasi, ["pegawai_id", "nama", "jalur_id", "penyelenggara", "mulai",
                                     "selesai", "jp_klaim", "jp_diakui", "status"],
                       "SELECT p.id, 'Pelatihan teknis', %s, 'BPSDM', %s, %s, "
                       "10 + p.id %% 15, 10 + p.id %% 15, 'terverifikasi' {defaults} "
                       "FROM ekinerja_pegawai p",
                       [jalur, dt.date(year, 3, 2), dt.date(year, 3, 6)])
        admin = self.admin()
        PredikatUnit.objects.bulk_create(
            PredikatUnit(unit=u, tahun=tahun, predikat="baik", ditetapkan_oleh=admin)
            for u in UnitKerja.objects.filter(jenis="dinas"))
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE")
        self.stdout.write(f"  evaluations, training, organisation predikat "
                          f"({time.perf_counter() - start:.1f} s)")
        return periode

    def admin(self):
        root = UnitKerja.objects.get(parent__isnull=True)
        admin, _created = Pegawai.objects.get_or_create(
            nip=_nip(900_000), defaults={"nama": "Admin BKD", "jenis": "PNS",
                                           "golongan": "III/c", "unit": root,
                                           "admin_scope": root})
        return admin

    def run(self, people):
        periode = Periode.objects.filter(nomor=10).first()
        if periode is not None and Skor.objects.filter(periode=periode).count() >= people:
            self.stdout.write(f"reusing the province of {people} people")
        else:
            self.stdout.write(f"generating a province of {people} people ...")
            periode = self.seed(people)
        start = time.perf_counter()
        units = skor_unit_hitung(periode=periode, today=periode.cutoff + dt.timedelta(days=1))
        rollup = time.perf_counter() - start
        client = klien_masuk(self.admin())
        opd = UnitKerja.objects.filter(jenis="dinas").order_by("pk").first()
        bidang = UnitKerja.objects.filter(parent=opd).order_by("pk").first()
        rows = []
        for label, url in (("instansi", "/pantau/"), ("OPD", f"/pantau/unit/{opd.pk}/"),
                           ("bidang", f"/pantau/unit/{bidang.pk}/")):
            queries, ms, size = ukur_halaman(client, f"{url}?periode={periode.pk}", RUNS)
            rows.append(f"{label} page: {queries} queries, median {ms:.1f} ms over {RUNS} "
                        f"requests, {size / 1024:.0f} KiB")
        Notifikasi.objects.filter(jenis="batas_lapor").delete()
        start = time.perf_counter()
        made = notifikasi_batas_lapor(today=periode.cutoff - dt.timedelta(days=2))
        reminder = time.perf_counter() - start
        activities = Aktivitas.objects.filter(tanggal__range=(periode.mulai, periode.selesai))
        self.stdout.write("\n".join([
            f"province: {Pegawai.objects.count()} people, {activities.count()} activities "
            f"in {periode}",
            f"unit roll-up ({units} units, every figure): {rollup:.2f} s",
            *rows,
            f"cut-off reminder to employees: {made} notifications in {reminder:.2f} s"]))
