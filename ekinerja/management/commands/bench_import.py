"""Benchmark: import a province-sized organisation (default 12,000 people) from CSV.

Runs in a throwaway test database (created and dropped here), never in real data. Prints
the seconds for each step: check (dry run + storing the preview) and apply, for units,
positions and people, then a re-import of the same people file (all rows unchanged).

    make bench-import          # 12,000 people against PostgreSQL
"""

import datetime as dt
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import setup_databases, teardown_databases

from ekinerja.impor import impor_apply, impor_upload
from ekinerja.models import ImporData, Pegawai, UnitKerja
from ekinerja.services import pegawai_save, unit_kerja_save

OPD_COUNT = 30
BIDANG_PER_OPD = 4


def _nip(n):
    """Distinct valid NIPs: birth dates 1960-1998 day by day, then the sequence number."""
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=n % 14_000)
    return f"{birth:%Y%m%d}{birth.year + 25}{birth.month:02d}{1 + n % 2}{1 + n // 14_000:03d}"


def _csv(rows):
    return ("\n".join(",".join(map(str, row)) for row in rows) + "\n").encode()


def build_files(people, opd_count=OPD_COUNT):
    """Units, positions and people CSVs: OPDs -> bidang -> seksi, staff spread evenly."""
    units = [["kode", "nama", "jenis", "kode_induk"]]
    posts = [["kode", "nama", "jenis", "jenjang", "kelas_jabatan", "kode_unit", "kepala_unit"]]
    seksi = []
    for o in range(opd_count):
        opd = f"OPD{o:02d}"
        units.append([opd, f"Dinas {o}", "dinas", "ROOT"])
        posts.append([f"{opd}-K", f"Kepala Dinas {o}", "jpt_pratama", "", 14, opd, "ya"])
        for b in range(BIDANG_PER_OPD):
            bid = f"{opd}-B{b}"
            units.append([bid, f"Bidang {o}.{b}", "bidang", opd])
            posts.append([f"{bid}-K", f"Kepala Bidang {o}.{b}", "administrator", "", 11, bid,
                          "ya"])
            for s in range(3):
                sek = f"{bid}-S{s}"
                units.append([sek, f"Seksi {o}.{b}.{s}", "sub_unit", bid])
                posts.append([f"{sek}-K", f"Kepala Seksi {o}.{b}.{s}", "pengawas", "", 9, sek,
                              "ya"])
                posts.append([f"{sek}-P", "Pelaksana", "pelaksana", "", 6, sek, "tidak"])
                posts.append([f"{sek}-F", "Pranata Komputer", "fungsional", "ahli_pertama", 8,
                              sek, "tidak"])
                seksi.append(sek)
    rows = [["nip", "nama", "jenis", "golongan", "kode_jabatan"]]
    heads = [p[0] for p in posts[1:] if p[6] == "ya"]
    for n, kode in enumerate(heads):
        rows.append([_nip(n), f"Pejabat {n}", "PNS", "IV/a", kode])
    for n in range(len(heads), people):
        sek = seksi[n % len(seksi)]
        rows.append([_nip(n), f"Pegawai {n}", "PNS", "III/a", f"{sek}-{'PF'[n % 2]}"])
    return _csv(units), _csv(posts), _csv(rows)


class Command(BaseCommand):
    help = "Time the import of units, positions and N people (default 12,000)."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=12_000)

    def handle(self, *args, people, **options):
        old_config = setup_databases(verbosity=0, interactive=False)
        try:
            self.run(people)
        finally:
            teardown_databases(old_config, verbosity=0)

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
