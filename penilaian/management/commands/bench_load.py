"""Benchmark: the 16:00 peak and the morning login storm of Pemprov Jambi (about 12,000 ASN)
against the production configuration on this machine.

A province is generated in a throwaway PostgreSQL database (40 OPDs, 10 bidang each, a
head and 29 staff per bidang: 12,040 people with approved SKPs and this month's
activities, the last two working days waiting for their atasan). Then the Procfile's
release step, gunicorn (production settings: DEBUG=0, PBKDF2 at Django's default
iterations, manifest static files) and a Celery worker start, and locust (the field's load
tool, `penilaian/locustfile.py`) runs bounded scenarios, each for --seconds:

  peak       about 17 activity saves a second, each followed by the day view, a submitted
             day now and then, the day page's status poll, the atasan's badge poll every
             10 s, the queue and approvals, and a few logins
  storm-one  everyone logs in between 07:30 and 08:00 (12,000 / 1,800 s = 6.7 logins a
             second) while early reports are saved, one gunicorn pool for everything
  storm-two  the same, with logins on a pool of their own (what a reverse proxy's
             `location = /masuk/` does; see deploy/nginx.conf)

For each it prints p50/p95/p99 per request type, errors and throughput:

    make bench-load
"""

import csv
import datetime as dt
import json
import os
import random
import secrets
import sys
import tempfile
import time
from pathlib import Path

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import setup_databases, teardown_databases
from django.utils import timezone

from ekinerja import kalender
from ekinerja.models import Jabatan, Pegawai, UnitKerja
from ekinerja.procfile import ROOT, Proses, wait_for_http
from ekinerja.services import unit_kerja_save
from kinerja import services
from kinerja.models import Aktivitas, Iki, Rhk, Skp, TahunKinerja, TargetPeriode

from .bench_scores import _insert_select, _nip, _WithoutIndexes

PASSWORD = "bench-Kinerja-2026"
# The bench's own Redis database: the test suite's workers use 15 and 12 downwards
# (ekinerja/settings_test.py), so its deployment never takes their tasks or flushes them.
BEBAN_REDIS_URL = "redis://127.0.0.1:6379/2"
OPD, BIDANG, STAFF = 40, 10, 29
SCENARIOS = {
    # name: (users per class, extra environment for locust, gunicorn pools)
    "peak": ({"Pegawai": 170, "Atasan": 60, "Masuk": 2}, {}, "one"),
    "storm-one": ({"Pegawai": 30, "Masuk": 30}, {"BEBAN_MASUK_PER_DETIK": "6.7"}, "one"),
    "storm-two": ({"Pegawai": 30, "Masuk": 30}, {"BEBAN_MASUK_PER_DETIK": "6.7"}, "two"),
}


class Command(BaseCommand):
    help = "Load-test the 16:00 peak and the morning login storm against production settings."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=OPD * BIDANG * (STAFF + 1) + OPD)
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--ramp", type=int, default=10,
                            help="seconds to start every simulated user (not measured)")
        parser.add_argument("--workers", type=int, default=4,
                            help="gunicorn sync workers in all (default 4)")
        parser.add_argument("--scenario", action="append", choices=sorted(SCENARIOS))
        parser.add_argument("--scale", type=float, default=1.0,
                            help="share of each scenario's simulated users (default 1: the "
                                 "real peak; the suite's smoke run uses a fraction)")
        parser.add_argument("--keep", action="store_true",
                            help="keep the generated database, and reuse it next time")

    def handle(self, *args, people, seconds, ramp, workers, scenario, keep, scale, **options):
        if scale <= 0:
            raise CommandError("--scale must be above 0")
        self.ramp, self.scale = max(1, ramp), scale
        old = setup_databases(verbosity=0, interactive=False, keepdb=keep,
                              serialized_aliases=[])
        secret = secrets.token_urlsafe(50)
        try:
            data = self.province(people, secret)
            self.run_all(data, secret, seconds, workers, scenario or list(SCENARIOS))
        finally:
            if not keep:
                teardown_databases(old, verbosity=0)

    # -- the province -----------------------------------------------------------------
    def province(self, people, secret):
        hari = _hari_beban(timezone.localdate())
        if Pegawai.objects.exists():
            self.stdout.write(f"reusing the province of {Pegawai.objects.count()} people")
        else:
            self.stdout.write(f"generating a province of about {people} people ...")
            self.seed(people, hari)
        staff = list(Iki.objects.filter(rhk__skp__status="disetujui", rhk__jenis="utama",
                                        rhk__skp__pegawai__jabatan__kepala_unit=False)
                     .order_by("-rhk__skp__pegawai_id", "-pk")
                     .values_list("rhk__skp__pegawai_id", "rhk__skp__pegawai__nip", "pk"))
        pegawai = {pk: (nip, iki) for pk, nip, iki in staff}  # the lowest IKI of each
        atasan = dict(Pegawai.objects.filter(jabatan__kepala_unit=True, unit__jenis="bidang")
                      .values_list("pk", "nip"))
        # Sessions for the afternoon's people, signed with the key the server will run
        # with: their logins are the morning's load, not this one's.
        rng = random.Random(2026)
        chosen = rng.sample(sorted(pegawai), min(len(pegawai), 600))
        keys = _sessions([*chosen, *atasan], secret)
        return {"hari": hari.isoformat(), "password": PASSWORD,
                "pegawai": [[*pegawai[pk], keys[pk]] for pk in chosen],
                "atasan": [[nip, keys[pk]] for pk, nip in atasan.items()]}

    def seed(self, people, hari):
        start = time.perf_counter()
        tahun = services.tahun_kinerja_create(tahun=TahunKinerja(
            tahun=hari.year, ritme="bulanan", batas_skp=dt.date(hari.year, 1, 31),
            hari_cutoff=10), actor=None)
        root = unit_kerja_save(unit=UnitKerja(kode="PROV", nama="Pemerintah Provinsi",
                                              jenis="instansi"), actor=None)
        # What production checks (the test settings this command runs under hash with MD5).
        password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
        bidang_per_opd = max(1, min(BIDANG, people // (OPD * (STAFF + 1))))
        rows, n = [], 0
        for o in range(OPD):
            opd = unit_kerja_save(unit=UnitKerja(kode=f"OPD{o}", nama=f"Dinas {o}",
                                                 jenis="dinas", parent=root), actor=None)
            posts = [(opd, Jabatan.objects.create(kode=f"OPD{o}-K", nama=f"Kepala Dinas {o}",
                                                  unit=opd, jenis="jpt_pratama",
                                                  kelas_jabatan=14, kepala_unit=True), 1)]
            for b in range(bidang_per_opd):
                unit = unit_kerja_save(unit=UnitKerja(kode=f"OPD{o}-B{b}", nama=f"Bidang {b}",
                                                      jenis="bidang", parent=opd), actor=None)
                posts.append((unit, Jabatan.objects.create(
                    kode=f"OPD{o}-B{b}-K", nama=f"Kepala Bidang {b}", unit=unit,
                    jenis="administrator", kelas_jabatan=11, kepala_unit=True), 1))
                posts.append((unit, Jabatan.objects.create(
                    kode=f"OPD{o}-B{b}-S", nama="Pengadministrasi", unit=unit,
                    jenis="pelaksana", kelas_jabatan=6), STAFF))
            for unit, post, count in posts:
                for _i in range(count):
                    n += 1
                    rows.append(Pegawai(nip=_nip(n), nama=f"Pegawai {n}", jenis="PNS",
                                        golongan="III/a", jabatan=post, unit=unit,
                                        password=password))
        Pegawai.objects.bulk_create(rows, batch_size=5000)
        self.stdout.write(f"  {n} people ({time.perf_counter() - start:.1f} s)")
        start = time.perf_counter()
        _insert_select(Skp, ["pegawai_id", "tahun_id", "jabatan_id", "unit_id", "status"],
                       "SELECT id, %s, jabatan_id, unit_id, 'disetujui' {defaults} "
                       "FROM ekinerja_pegawai", [tahun.pk])
        _insert_select(Rhk, ["skp_id", "jenis", "uraian"],
                       "SELECT s.id, 'utama', 'Layanan administrasi' {defaults} "
                       "FROM kinerja_skp s")
        _insert_select(Iki, ["rhk_id", "nama", "aspek", "satuan", "agregasi", "target",
                             "bobot"],
                       "SELECT r.id, 'Laporan ' || k.n, 'kuantitas', 'laporan', 'jumlah', "
                       "120, 50 {defaults} FROM kinerja_rhk r "
                       "CROSS JOIN (VALUES (1), (2)) AS k(n)")
        with _WithoutIndexes(TargetPeriode._meta.db_table):
            _insert_select(TargetPeriode, ["iki_id", "periode_id", "target"],
                           "SELECT i.id, p.id, 10 FROM kinerja_iki i "
                           "CROSS JOIN kinerja_periode p WHERE p.tahun_id = %s", [tahun.pk])
        days = [d for d in kalender.working_days(hari.year, hari.month, 5) if d < hari]
        waiting = days[-2:]
        with _WithoutIndexes(Aktivitas._meta.db_table):
            _insert_select(
                Aktivitas, ["pegawai_id", "tanggal", "mulai", "selesai", "menit", "uraian",
                            "kategori", "iki_id", "output", "status", "diajukan_pada"],
                "WITH k AS (SELECT s.pegawai_id, min(i.id) AS iki_id FROM kinerja_iki i "
                "  JOIN kinerja_rhk r ON r.id = i.rhk_id JOIN kinerja_skp s ON s.id = r.skp_id "
                "  GROUP BY s.pegawai_id), "
                "d AS (SELECT unnest(%s::date[]) AS day), "
                "slot AS (SELECT * FROM (VALUES (time '07:30', time '09:30'), "
                "  (time '09:45', time '11:45'), (time '13:00', time '15:00')) "
                "  AS x(mulai, selesai)) "
                "SELECT k.pegawai_id, d.day, slot.mulai, slot.selesai, 120, 'Pekerjaan harian', "
                "  'iki', k.iki_id, 1, CASE WHEN d.day = ANY(%s::date[]) THEN 'diajukan' "
                "  ELSE 'disetujui' END, now() {defaults} FROM k CROSS JOIN d CROSS JOIN slot",
                [days, waiting])
        with connection.cursor() as c:
            c.execute("VACUUM ANALYZE")
        self.stdout.write(f"  SKPs and {Aktivitas.objects.count()} activities of "
                          f"{hari:%m/%Y} ({time.perf_counter() - start:.1f} s)")

    # -- the runs ---------------------------------------------------------------------
    def run_all(self, data, secret, seconds, workers, scenarios):
        tmp = Path(tempfile.mkdtemp(prefix="ekinerja-beban-"))
        (tmp / "data.json").write_text(json.dumps(data))
        db = connection.settings_dict
        env = {
            "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}", "HOME": str(tmp),
            "LANG": "C.UTF-8", "DEBUG": "0", "SECRET_KEY": secret,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
                            f"{db['PORT'] or 5432}/{db['NAME']}",
            "REDIS_URL": BEBAN_REDIS_URL, "ALLOWED_HOSTS": "127.0.0.1",
            "MEDIA_ROOT": str(tmp / "media"), "STATIC_ROOT": str(tmp / "static"),
            "CELERY_CONCURRENCY": "1", "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "ekinerja.settings", "BEBAN_DATA": str(tmp / "data.json"),
            # Passed through: a test runs the whole bench at its pinned clock.
            **{k: v for k, v in os.environ.items()
               if k == "PYTHONPATH" or k.startswith("EKINERJA_")},
        }
        Proses("release", env, tmp).run()
        worker = Proses("worker", env, tmp).start()
        try:
            for name in scenarios:
                self.scenario(name, env, tmp, seconds, workers)
        finally:
            worker.stop()

    def scenario(self, name, env, tmp, seconds, workers):
        users, extra, pools = SCENARIOS[name]
        users = {kind: max(1, round(count * self.scale)) for kind, count in users.items()}
        # Each run reports on the same free day: the previous run's saves would overlap.
        Aktivitas.objects.filter(tanggal=json.loads((tmp / "data.json").read_text())["hari"]
                                 ).delete()
        main_port, login_port = _free_port(), _free_port()
        pool_env = {**env, "BIND": f"127.0.0.1:{main_port}",
                    "WEB_CONCURRENCY": str(workers - 1 if pools == "two" else workers),
                    "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{main_port},"
                                            f"http://127.0.0.1:{login_port}"}
        webs = [Proses("web", pool_env, tmp).start()]
        login_url = f"http://127.0.0.1:{main_port}"
        if pools == "two":
            login_url = f"http://127.0.0.1:{login_port}"
            webs.append(Proses("web", {**pool_env, "BIND": f"127.0.0.1:{login_port}",
                                       "WEB_CONCURRENCY": "1"}, tmp).start())
        try:
            for url in {f"http://127.0.0.1:{main_port}", login_url}:
                wait_for_http(f"{url}/healthz", timeout=60)
            total = sum(users.values())
            command = (
                f"locust -f {ROOT / 'penilaian' / 'locustfile.py'} --headless --only-summary "
                f"-u {total} -r {-(-total // self.ramp)} --run-time {seconds + self.ramp + 5}s "
                f"--reset-stats --stop-timeout 5 --exit-code-on-error 0 --csv {tmp / name} "
                f"--host http://127.0.0.1:{main_port} {' '.join(users)}")
            Proses("locust", {**env, **extra, "BEBAN_LOGIN_URL": login_url,
                              "BEBAN_USERS": json.dumps(users)}, tmp, command).run(
                timeout=seconds + 180)
        finally:
            for web in webs:
                web.stop()
        self.report(name, tmp / f"{name}_stats.csv", workers, pools)

    def report(self, name, path, workers, pools):
        with open(path) as f:
            rows = list(csv.DictReader(f))
        setting = (f"{workers} sync workers" if pools == "one"
                   else f"{workers - 1} sync workers + 1 for logins")
        self.stdout.write(f"\n{name} ({setting}):")
        self.stdout.write(f"  {'request':34} {'count':>7} {'err':>5} {'req/s':>7} "
                          f"{'p50':>6} {'p95':>6} {'p99':>6}  (ms)")
        for row in rows:
            self.stdout.write(
                f"  {row['Name'][:34]:34} {row['Request Count']:>7} {row['Failure Count']:>5} "
                f"{float(row['Requests/s']):7.1f} {row['50%']:>6} {row['95%']:>6} "
                f"{row['99%']:>6}")
        failures = path.with_name(path.name.replace("_stats.csv", "_failures.csv"))
        if failures.exists():
            with open(failures) as f:
                for row in list(csv.DictReader(f))[:10]:
                    self.stdout.write(f"  error: {row['Occurrences']} x {row['Method']} "
                                      f"{row['Name']}: {row['Error'][:200]}")


def _hari_beban(today):
    """The day the load reports on: the last weekday before today (its hours are over, so
    no saved time lies in the future; its period is still open)."""
    day = today - dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def _sessions(ids, secret):
    """A logged-in session per person (the database backend, signed with `secret`)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.test.utils import override_settings

    keys = {}
    with override_settings(SECRET_KEY=secret):
        for person in Pegawai.objects.filter(pk__in=ids):
            store = SessionStore()
            store[SESSION_KEY] = str(person.pk)
            store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
            store[HASH_SESSION_KEY] = person.get_session_auth_hash()
            store.set_expiry(6 * 3600)
            store.create()
            keys[person.pk] = store.session_key
    return keys


def _free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
