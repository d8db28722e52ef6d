"""Benchmark: a synthetic province (100,000 people, 5 IKI each, 2.2 million approved
activities in one month), then in one run

  (a) the equivalent raw SQL: one aggregate, the weighted score and an upsert of one row
      per person, written directly here, and
  (b) the product's full monthly computation as production runs it every night: the
      period split by OPD into Celery tasks (penilaian.tasks.skor_hitung_bagian) on a
      real worker with one process per core, timed from dispatch to the last result,

printing both times and, last, `ratio: <product seconds / raw SQL seconds>`. Also: the
same computation as one statement in one process (the `hitung_skor` command, run in a
separate process so its peak memory is its own), the incremental recompute of one
person, and the unit roll-up. Needs Redis (the broker) like the test suite.

Runs in a throwaway test database (created and dropped here):

    make bench-scores
"""

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import setup_databases, teardown_databases

from ekinerja import kalender
from ekinerja.models import Jabatan, Pegawai, UnitKerja
from ekinerja.services import unit_kerja_save
from kinerja import services
from kinerja.models import Aktivitas, Iki, Periode, Rhk, Skp, TahunKinerja, TargetPeriode
from penilaian.models import Skor
from penilaian.services import skor_hitung, skor_unit_hitung

OPD, BIDANG = 40, 25  # 1,000 units of 100 people at the default size
RAW_TABLE = "bench_skor_mentah"
RAW_SQL = f"""
WITH agg AS (
    SELECT pegawai_id, iki_id, SUM(menit) AS menit, SUM(output) AS jumlah
    FROM kinerja_aktivitas
    WHERE status = 'disetujui' AND tanggal BETWEEN %(mulai)s AND %(selesai)s
    GROUP BY pegawai_id, iki_id
), orang AS (
    SELECT pegawai_id, SUM(menit) AS menit FROM agg GROUP BY pegawai_id
), hasil AS (
    SELECT s.pegawai_id,
           SUM(CASE WHEN r.jenis = 'utama'
                    THEN LEAST(COALESCE(g.jumlah, 0) / NULLIF(t.target, 0) * 100, 120) * i.bobot
                    ELSE 0 END) / 100 AS skor
    FROM kinerja_iki i
    JOIN kinerja_rhk r ON r.id = i.rhk_id
    JOIN kinerja_skp s ON s.id = r.skp_id
    LEFT JOIN kinerja_targetperiode t ON t.iki_id = i.id AND t.periode_id = %(periode)s
    LEFT JOIN agg g ON g.iki_id = i.id AND g.pegawai_id = s.pegawai_id
    WHERE s.tahun_id = %(tahun)s AND s.status = 'disetujui'
    GROUP BY s.pegawai_id
)
INSERT INTO {RAW_TABLE} (pegawai_id, skor_hasil, produktivitas, menit)
SELECT h.pegawai_id, ROUND(h.skor, 2),
       ROUND(LEAST(COALESCE(o.menit, 0)::numeric / %(target)s * 100, 100), 2),
       COALESCE(o.menit, 0)
FROM hasil h LEFT JOIN orang o ON o.pegawai_id = h.pegawai_id
ON CONFLICT (pegawai_id) DO UPDATE SET skor_hasil = excluded.skor_hasil,
    produktivitas = excluded.produktivitas, menit = excluded.menit
"""


def _nip(n):
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=n % 9000)
    return f"{birth:%Y%m%d}{birth.year + 25}{birth.month:02d}{1 + n % 2}{1 + n // 9000:03d}"


def _insert_select(model, columns, select_sql, params=()):
    """INSERT INTO model (columns + every other column at its default) SELECT ...: bulk
    generation in the database, without building model instances."""
    given = list(columns)
    rest = [f for f in model._meta.concrete_fields
            if f.column not in given and not f.primary_key and not f.null]
    now = dt.datetime.now(dt.UTC)
    defaults = [f.get_db_prep_save(now if getattr(f, "auto_now", False)
                                   or getattr(f, "auto_now_add", False) else f.get_default(),
                                   connection) for f in rest]
    cols = ", ".join(given + [f.column for f in rest])
    marks = ", ".join(["%s"] * len(rest))
    sql = select_sql.replace("{defaults}", (", " + marks) if rest else "")
    with connection.cursor() as cursor:
        # The SELECT's own parameters all come before its first {defaults}.
        cursor.execute(f"INSERT INTO {model._meta.db_table} ({cols}) {sql}",
                       [*params, *defaults * select_sql.count("{defaults}")])
        return cursor.rowcount


class _WithoutIndexes:
    """Load a table without its secondary indexes and constraints (other than the primary
    key and checks), then build them once: much faster than maintaining them per row."""

    def __init__(self, table):
        self.table = table

    def __enter__(self):
        with connection.cursor() as c:
            c.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                      "WHERE conrelid = %s::regclass AND contype IN ('f', 'u', 'x')",
                      [self.table])
            self.constraints = c.fetchall()
            for name, _definition in self.constraints:
                c.execute(f'ALTER TABLE {self.table} DROP CONSTRAINT "{name}"')
            c.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
                      "AND indexname NOT LIKE '%%_pkey'", [self.table])
            self.indexes = c.fetchall()
            for name, _definition in self.indexes:
                c.execute(f'DROP INDEX "{name}"')
        return self

    def __exit__(self, *exc):
        with connection.cursor() as c:
            for _name, definition in self.indexes:
                c.execute(definition)
            for name, definition in self.constraints:
                c.execute(f'ALTER TABLE {self.table} ADD CONSTRAINT "{name}" {definition}')
            c.execute(f"ANALYZE {self.table}")


def _db_url():
    """The generated database, for the processes this command starts."""
    db = connection.settings_dict
    return (f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
            f"{db['NAME']}")


def _rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _children(pid):
    """The worker's child processes (its pool), from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return found or [pid]


def _peak_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


class Command(BaseCommand):
    help = "Time the monthly score computation for a synthetic province against raw SQL."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=100_000)
        parser.add_argument("--keep", action="store_true",
                            help="keep the generated database, and reuse it next time")
        parser.add_argument("--child", type=int, help=argparse.SUPPRESS)

    def handle(self, *args, people, keep=False, child=None, **options):
        if child is not None:  # the product's computation, in its own process
            periode = Periode.objects.get(pk=child)
            start = time.perf_counter()
            count = skor_hitung(periode=periode)
            seconds = time.perf_counter() - start
            self.stdout.write(json.dumps({"seconds": seconds, "count": count,
                                          "rss_mb": _rss_mb()}))
            return
        old = setup_databases(verbosity=0, interactive=False, keepdb=keep, serialized_aliases=[])
        try:
            self.run(people)
        finally:
            if not keep:
                teardown_databases(old, verbosity=0)

    def seed(self, people):
        year = dt.date.today().year
        tahun = services.tahun_kinerja_create(tahun=TahunKinerja(
            tahun=year, ritme="bulanan", batas_skp=dt.date(year, 1, 31), hari_cutoff=5),
            actor=None)
        # A whole month in the past that is still open: October.
        periode = Periode.objects.get(tahun=tahun, nomor=10)
        Periode.objects.filter(pk=periode.pk).update(terkunci=False)
        root = unit_kerja_save(unit=UnitKerja(kode="PROV", nama="Provinsi", jenis="instansi"),
                               actor=None)
        per_unit = max(1, people // (OPD * BIDANG))
        password = make_password("bench-password-123")
        staff, n = [], 0
        start = time.perf_counter()
        for o in range(OPD):
            opd = unit_kerja_save(unit=UnitKerja(kode=f"OPD{o}", nama=f"Dinas {o}",
                                                 jenis="dinas", parent=root), actor=None)
            for b in range(BIDANG):
                if n >= people:
                    break
                unit = unit_kerja_save(unit=UnitKerja(
                    kode=f"OPD{o}-B{b}", nama=f"Bidang {b}", jenis="bidang", parent=opd,
                    hari_kerja=6 if b == 0 else 5), actor=None)
                post = Jabatan.objects.create(kode=f"OPD{o}-B{b}-S", nama="Staf", unit=unit,
                                              jenis="pelaksana", kelas_jabatan=6)
                for _i in range(min(per_unit, people - n)):
                    n += 1
                    staff.append(Pegawai(nip=_nip(n), nama=f"Pegawai {n}", jenis="PNS",
                                         golongan="III/a", jabatan=post, unit=unit,
                                         password=password))
        Pegawai.objects.bulk_create(staff, batch_size=5000)
        del staff
        self.stdout.write(f"  {n} people in {OPD} OPDs ({time.perf_counter() - start:.1f} s)")
        start = time.perf_counter()
        _insert_select(Skp, ["pegawai_id", "tahun_id", "jabatan_id", "unit_id", "status"],
                       "SELECT id, %s, jabatan_id, unit_id, 'disetujui' {defaults} "
                       "FROM ekinerja_pegawai", [tahun.pk])
        _insert_select(Rhk, ["skp_id", "jenis", "uraian"],
                       "SELECT s.id, j.jenis, 'Layanan ' || j.jenis {defaults} FROM kinerja_skp s "
                       "CROSS JOIN (VALUES ('utama'), ('tambahan')) AS j(jenis)")
        # Utama: 4 IKI of 25% each (sums, a count, an average); Tambahan: 1 (last value).
        ikis = ("(1, 'jumlah', 25), (2, 'jumlah', 25), (3, 'hitung', 25), (4, 'rata', 25)")
        _insert_select(Iki, ["rhk_id", "nama", "aspek", "satuan", "agregasi", "target",
                             "bobot"],
                       f"SELECT r.id, 'Indikator ' || k.n, 'kuantitas', 'dokumen', k.agregasi, "
                       f"CASE k.agregasi WHEN 'rata' THEN 2 ELSE 60 END, k.bobot {{defaults}} "
                       f"FROM kinerja_rhk r CROSS JOIN (VALUES {ikis}) AS k(n, agregasi, bobot) "
                       f"WHERE r.jenis = 'utama' "
                       f"UNION ALL SELECT r.id, 'Indikator 5', 'kuantitas', 'persen', "
                       f"'terakhir', 90, 0 {{defaults}} FROM kinerja_rhk r "
                       f"WHERE r.jenis = 'tambahan'")
        with _WithoutIndexes(TargetPeriode._meta.db_table):
            _insert_select(TargetPeriode, ["iki_id", "periode_id", "target"],
                           "SELECT i.id, p.id, CASE WHEN i.agregasi IN ('jumlah', 'hitung') "
                           "THEN i.target / 12 ELSE i.target END "
                           "FROM kinerja_iki i CROSS JOIN kinerja_periode p "
                           "WHERE p.tahun_id = %s", [tahun.pk])
        self.stdout.write(f"  SKPs, {Iki.objects.count()} IKI and their period targets "
                          f"({time.perf_counter() - start:.1f} s)")
        start = time.perf_counter()
        days = kalender.working_days(year, 10, 5)[:22]
        with _WithoutIndexes(Aktivitas._meta.db_table):
            _insert_select(
                Aktivitas, ["pegawai_id", "tanggal", "mulai", "selesai", "menit", "uraian",
                            "kategori", "iki_id", "output", "status"],
                "WITH k AS (SELECT s.pegawai_id, i.id AS iki_id, "
                "  row_number() OVER (PARTITION BY s.pegawai_id ORDER BY i.id) - 1 AS k "
                "  FROM kinerja_iki i JOIN kinerja_rhk r ON r.id = i.rhk_id "
                "  JOIN kinerja_skp s ON s.id = r.skp_id), "
                "d AS (SELECT day, n - 1 AS n FROM unnest(%s::date[]) WITH ORDINALITY AS "
                "  x(day, n)) "
                "SELECT k.pegawai_id, d.day, time '07:30', "
                "  time '07:30' + (180 + (k.pegawai_id + d.n) %% 240) * interval '1 minute', "
                "  180 + (k.pegawai_id + d.n) %% 240, 'Pekerjaan harian', "
                "  CASE WHEN d.n %% 11 = 10 THEN 'tugas_tambahan' ELSE 'iki' END, "
                "  CASE WHEN d.n %% 11 = 10 THEN NULL ELSE k.iki_id END, "
                "  1 + (k.pegawai_id + d.n) %% 3, 'disetujui' {defaults} "
                "FROM k JOIN d ON k.k = d.n %% 5", [days])
        count = Aktivitas.objects.count()
        self.stdout.write(f"  {count} approved activities in {days[0]:%B %Y} "
                          f"({time.perf_counter() - start:.1f} s)")
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE")
            c.execute(f"CREATE TABLE {RAW_TABLE} (pegawai_id integer PRIMARY KEY, "
                      "skor_hasil numeric(6, 2), produktivitas numeric(6, 2), menit integer)")
        return tahun, periode

    def raw(self, tahun, periode):
        target = kalender.target_minutes(periode.mulai.year, periode.mulai.month, 5)
        start = time.perf_counter()
        with transaction.atomic(), connection.cursor() as c:
            c.execute("SET LOCAL work_mem = '256MB'")  # the product's session settings
            c.execute("SET LOCAL jit = off")
            c.execute(RAW_SQL, {"mulai": periode.mulai, "selesai": periode.selesai,
                                "periode": periode.pk, "tahun": tahun.pk, "target": target})
            rows = c.rowcount
        return time.perf_counter() - start, rows

    def product(self, periode):
        url = _db_url()
        result = subprocess.run(
            [sys.executable, "manage.py", "bench_scores", "--child", str(periode.pk)],
            env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True,
            check=True)
        return json.loads(result.stdout.strip().splitlines()[-1])

    def parallel(self, periode):
        """The per-OPD parts on a real worker (a process per core); seconds from dispatch
        to the last result, and the largest peak memory of a worker process."""
        from celery import group

        from ekinerja.celery import app
        from penilaian import services
        from penilaian.tasks import skor_hitung_bagian

        url = _db_url()
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "ekinerja", "worker", "-Q", "bench-skor",
             "-c", str(os.cpu_count() or 2), "--without-gossip", "--without-mingle",
             "--without-heartbeat", "-l", "warning"],
            env={**os.environ, "DATABASE_URL": url}, stdout=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while not app.control.ping(timeout=0.5):
                if time.monotonic() > deadline:
                    raise RuntimeError("the bench worker did not start")
            parts = services.bagian_instansi()
            start = time.perf_counter()
            results = group(skor_hitung_bagian.s(periode.pk, unit_id, subtree, False)
                            for unit_id, subtree in parts).apply_async(queue="bench-skor")
            done = results.get(timeout=1200)
            seconds = time.perf_counter() - start
            peak = max(_peak_mb(pid) for pid in _children(worker.pid))
        finally:
            worker.terminate()
            worker.wait(30)
        return seconds, sum(r["ditulis"] for r in done), peak, len(parts)

    def run(self, people):
        periode = Periode.objects.select_related("tahun").filter(nomor=10).first()
        if periode is not None and Pegawai.objects.count() == people:
            tahun = periode.tahun
            self.stdout.write(f"reusing the province of {people} people")
            with connection.cursor() as c:
                c.execute(f"TRUNCATE {RAW_TABLE}, penilaian_skor")
        else:
            self.stdout.write(f"generating a province of {people} people ...")
            tahun, periode = self.seed(people)
        with connection.cursor() as c:  # warm the cache for both runs alike
            c.execute("SELECT count(*), sum(output) FROM kinerja_aktivitas")
        self.stdout.write("raw SQL ...")
        raw_seconds, raw_rows = self.raw(tahun, periode)
        self.stdout.write("product, one process ...")
        product = self.product(periode)
        assert product["count"] == raw_rows, (product, raw_rows)
        self.check_same(periode)
        Skor.objects.filter(periode=periode).delete()
        self.stdout.write("product, per OPD on a worker ...")
        par_seconds, par_rows, par_peak, par_parts = self.parallel(periode)
        assert par_rows == raw_rows, (par_rows, raw_rows)
        self.check_same(periode)
        self.stdout.write("one person ...")
        person = Skor.objects.filter(periode=periode).order_by("pegawai_id").first().pegawai_id
        activity = Aktivitas.objects.filter(pegawai_id=person, iki__isnull=False).first()
        samples = []
        for i in range(21):
            Aktivitas.objects.filter(pk=activity.pk).update(output=1 + i % 4)
            start = time.perf_counter()
            skor_hitung(periode=periode, pegawai_ids=[person])
            samples.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        unit_rows = skor_unit_hitung(periode=periode, today=periode.selesai)
        unit_seconds = time.perf_counter() - start
        again = self.product(periode)
        self.stdout.write(
            f"one person's recompute (median of 21): {statistics.median(samples[1:]):.1f} ms\n"
            f"unit roll-up ({unit_rows} units): {unit_seconds:.2f} s\n"
            f"product again, inputs unchanged (no rows rewritten): {again['seconds']:.2f} s\n"
            f"peak memory: one process {product['rss_mb']:.0f} MB, "
            f"worker process {par_peak:.0f} MB\n"
            f"product in one process (hitung_skor, one statement): "
            f"{product['seconds']:.2f} s ({product['seconds'] / raw_seconds:.2f}x)\n"
            f"raw SQL (aggregate + weighted score + upsert of {raw_rows} rows): "
            f"{raw_seconds:.2f} s\n"
            f"product (full monthly computation, {par_rows} people in {par_parts} parts "
            f"on {os.cpu_count()} worker processes): {par_seconds:.2f} s\n"
            f"ratio: {par_seconds / raw_seconds:.2f}")

    def check_same(self, periode):
        """The product and the raw SQL agree on every person whose IKIs the raw SQL covers
        (sums and counts); the average IKI is where they may differ, so compare minutes and
        productivity, which both compute the same way."""
        with connection.cursor() as c:
            c.execute(f"SELECT count(*) FROM {RAW_TABLE} m JOIN penilaian_skor s "
                      "ON s.pegawai_id = m.pegawai_id AND s.periode_id = %s "
                      "WHERE s.menit_disetujui <> m.menit", [periode.pk])
            differ = c.fetchone()[0]
        assert differ == 0, f"{differ} people differ in approved minutes"

