"""Benchmark: import a province-sized organisation (default 12,000 people) from CSV.

Runs in a throwaway test database (created and dropped here), never in real data. Prints
the seconds for each step: check (dry run + storing the preview) and apply, for units,
positions and people, then a re-import of the same people file (all rows unchanged).

    make bench-import          # 12,000 people against PostgreSQL
"""

import time

from django.db import connection

from ekinerja.bench import BenchCommand, _nip, build_files
from ekinerja.impor import impor_apply, impor_upload
from ekinerja.models import ImporData, Pegawai, UnitKerja
from ekinerja.services import pegawai_save, unit_kerja_save


class Command(BenchCommand):
    help = "Time the import of units, positions and N people (default 12,000)."

    def run(self, people):
        root = unit_kerja_save(unit=UnitKerja(kode="ROOT", nama="Provinsi", jenis="instansi"),
                               actor=None)
        admin = Pegawai(nip=_nip(people), nama="Admin", jenis="PNS", golongan="III/b",
                        admin_scope=root)
        admin = pegawai_save(pegawai=admin, actor=None)
        units, posts, persons = build_files(people)
        n_units, n_posts = len(units.splitlines()) - 1, len(posts.splitlines()) - 1
        self.stdout.write(f"database: {connection.vendor}; {people} people, {n_units} units, "
                          f"{n_posts} positions")
        for jenis, content in (("unit", units), ("jabatan", posts), ("pegawai", persons),
                               ("pegawai", persons)):
            start = time.perf_counter()
            impor = impor_upload(jenis=jenis, nama_file=f"{jenis}.csv", content=content,
                                 actor=admin, scope=root)
            checked = time.perf_counter()
            r = impor.ringkasan
            if r["salah"] or r["file_errors"]:
                found = r["file_errors"] or r["errors"][:3]
                raise SystemExit(f"{jenis}: unexpected errors {found}")
            impor_apply(impor=ImporData.objects.get(pk=impor.pk), actor=admin)
            done = time.perf_counter()
            self.stdout.write(
                f"{jenis:8} rows={r['baris']:6} new={r['baru']:6} unchanged={r['sama']:6}  "
                f"check {checked - start:6.2f} s  apply {done - checked:6.2f} s  "
                f"total {done - start:6.2f} s")
        self.stdout.write(f"people in database: {Pegawai.objects.count()}")
