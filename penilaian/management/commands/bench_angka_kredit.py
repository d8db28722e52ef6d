"""Benchmark: the province's yearly angka kredit conversion (default 12,000 people).

Runs in a throwaway test database: builds the organisation with the import (as
bench_import does), gives its functional posts (half the staff) the eight levels in turn,
dates a tenth of them into their post in April (a part year), gives everyone in a
functional post a starting PAK as of the end of the year before, and everyone a final
annual evaluation with predikat in turn for that year and the year before. Then times the
yearly run (penilaian.angka_kredit.angka_kredit_hitung_tahun, what the task does), once
more (it replaces, never adds), and the eligibility list of an OPD (the BKD's page and its
export).

    make bench-angka-kredit     # 12,000 people against PostgreSQL
"""

import datetime as dt
import time
from decimal import Decimal

from django.db.models import Count, Sum

from ekinerja.bench import BenchCommand, provinsi_impor
from ekinerja.models import Jabatan, Pegawai, RiwayatJabatan, UnitKerja
from kinerja.models import TahunKinerja

from ...angka_kredit import angka_kredit_hitung_tahun, kelayakan_banyak
from ...models import AngkaKredit, Evaluasi, PakAwal
from ...predikat import Predikat
from ...selectors import fungsional_di

TAHUN = 2025
PREDIKAT = [Predikat.BAIK, Predikat.SANGAT_BAIK, Predikat.BAIK, Predikat.BUTUH_PERBAIKAN,
            Predikat.BAIK, Predikat.KURANG, Predikat.BAIK, Predikat.SANGAT_KURANG]


class Command(BenchCommand):
    help = "Time the yearly angka kredit conversion of N people."

    def run(self, people, opd_count=None):
        start = time.perf_counter()
        tahun = self.build(people, opd_count)
        fungsional = Pegawai.objects.filter(jabatan__jenis=Jabatan.Jenis.FUNGSIONAL).count()
        self.stdout.write(f"{Pegawai.objects.count()} people ({fungsional} in a functional "
                          f"post), {UnitKerja.objects.count()} units built in "
                          f"{time.perf_counter() - start:.1f} s")
        for label in ("yearly conversion", "again (replaces)"):
            start = time.perf_counter()
            converted, rows = angka_kredit_hitung_tahun(tahun)
            took = time.perf_counter() - start
            total = AngkaKredit.objects.aggregate(n=Count("id"), s=Sum("nilai"))
            self.stdout.write(f"{label}: {took:.2f} s for {converted} people, {rows} rows "
                              f"({converted / took:.0f} people/s); stored {total['n']} rows, "
                              f"sum {total['s']}")
        opd = UnitKerja.objects.filter(jenis="dinas").order_by("kode").first()  # all alike
        start = time.perf_counter()
        listed = kelayakan_banyak(list(fungsional_di(opd)))
        took = time.perf_counter() - start
        eligible = sum(1 for k in listed if k.layak_pangkat or k.layak_jenjang)
        self.stdout.write(f"eligibility of an OPD ({len(listed)} people in a "
                          f"functional post, its subtree): {took:.2f} s, {eligible} eligible")

    def build(self, people, opd_count):
        _root, admin = provinsi_impor(people, opd_count=opd_count)
        levels = Jabatan.Jenjang.values
        posts = list(Jabatan.objects.filter(jenis=Jabatan.Jenis.FUNGSIONAL).order_by("pk"))
        for n, post in enumerate(posts):
            post.jenjang = levels[n % len(levels)]
        Jabatan.objects.bulk_update(posts, ["jenjang"], batch_size=2000)
        RiwayatJabatan.objects.update(mulai=dt.date(2019, 1, 1))
        tenth = list(RiwayatJabatan.objects.filter(jabatan__jenis=Jabatan.Jenis.FUNGSIONAL)
                     .order_by("pk").values_list("pk", flat=True))[3::10]
        RiwayatJabatan.objects.filter(pk__in=tenth).update(mulai=dt.date(TAHUN, 4, 1))
        years = [TahunKinerja.objects.create(
            tahun=year, ritme=TahunKinerja.Ritme.BULANAN, batas_skp=dt.date(year, 1, 31),
            hari_cutoff=5) for year in (TAHUN - 1, TAHUN)]
        staff = list(Pegawai.objects.filter(jabatan__isnull=False).select_related("jabatan")
                     .order_by("pk"))
        # Two years of final evaluations (the last two count for a rank).
        Evaluasi.objects.bulk_create(
            [Evaluasi(pegawai=p, tahun=tahun, nomor=0, status=Evaluasi.Status.FINAL,
                      predikat=PREDIKAT[(n // 2 + k) % len(PREDIKAT)])
             for k, tahun in enumerate(years) for n, p in enumerate(staff)], batch_size=2000)
        tahun = years[-1]
        PakAwal.objects.bulk_create(
            [PakAwal(pegawai=p, jenis=PakAwal.Jenis.KONVERSI,
                     per_tanggal=dt.date(TAHUN - 1, 12, 31), nilai=Decimal(20 + n % 80),
                     jenjang=p.jabatan.jenjang, nomor_sk=f"PAK/{TAHUN}/{n}",
                     tanggal_sk=dt.date(TAHUN, 2, 1), dicatat_oleh=admin)
             for n, p in enumerate(staff) if p.jabatan.jenis == Jabatan.Jenis.FUNGSIONAL],
            batch_size=2000)
        return tahun
