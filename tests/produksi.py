"""A production deployment for a test: its own PostgreSQL database and Redis database, the
Procfile's release step, then gunicorn, a Celery worker and Celery beat with production
settings (DEBUG=0, a random SECRET_KEY, the manifest static files), on 127.0.0.1 only.

The processes' clock is the test's pinned moment: tests/jam/sitecustomize.py moves each
Python process by a constant offset from the real time (time-machine), so every process
agrees and time still moves; the database and Redis keep real time, which the app never
reads from them.
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import redis
import time_machine

from ekinerja.procfile import ROOT, Proses, wait_for_http

JAM = Path(__file__).resolve().parent / "jam"
HTTPS = {"X-Forwarded-Proto": "https"}  # what the TLS-terminating proxy adds


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clock_env(offset):
    """Environment that starts a Python process `offset` seconds from the real time."""
    return {"PYTHONPATH": str(JAM), "EKINERJA_UJI_GESER_DETIK": f"{offset:.3f}"}


class Stack:
    """`with Stack(tmp_path, moment=...) as stack:` the release has run and the processes
    named in `start` answer; on leaving, they stop and the database is dropped."""

    def __init__(self, tmp_path, *, moment, database_url=None, redis_db=14,
                 start=("web", "worker", "beat"), extra_env=None):
        self.tmp = Path(tmp_path)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.own_database = database_url is None
        self.dbname = f"test_ekinerja_produksi_{os.getpid()}"
        self.database_url = database_url or f"postgres://postgres@127.0.0.1:5432/{self.dbname}"
        self.redis_url = f"redis://127.0.0.1:6379/{redis_db}"
        self.start_names = start
        self.offset = moment.timestamp() - time_machine.escape_hatch.time.time()
        venv_bin = str(Path(sys.executable).parent)
        self.env = {
            "PATH": f"{venv_bin}:{os.environ['PATH']}", "HOME": str(self.tmp),
            "LANG": "C.UTF-8", "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": self.database_url, "REDIS_URL": self.redis_url,
            "ALLOWED_HOSTS": "127.0.0.1", "CSRF_TRUSTED_ORIGINS": self.url,
            "SITE_URL": self.url, "BIND": f"127.0.0.1:{self.port}",
            "MEDIA_ROOT": str(self.tmp / "media"), "STATIC_ROOT": str(self.tmp / "static"),
            "CELERY_BEAT_SCHEDULE_FILE": str(self.tmp / "celerybeat-schedule"),
            "WEB_CONCURRENCY": "2", "CELERY_CONCURRENCY": "1", "LOG_LEVEL": "INFO",
            "DJANGO_SETTINGS_MODULE": "ekinerja.settings",
            **clock_env(self.offset), **(extra_env or {}),
        }
        self.processes = {}

    # -- life cycle -------------------------------------------------------------------
    def __enter__(self):
        if self.own_database:
            self._admin(f"DROP DATABASE IF EXISTS {self.dbname} WITH (FORCE)",
                        f"CREATE DATABASE {self.dbname}")
        redis.Redis.from_url(self.redis_url).flushdb()
        try:
            Proses("release", self.env, self.tmp).run()
            for name in self.start_names:
                self.processes[name] = Proses(name, self.env, self.tmp).start()
            self.wait_until_ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def wait_until_ready(self):
        if "web" in self.processes:
            wait_for_http(f"{self.url}/healthz", timeout=90)
        if "worker" in self.processes:
            self.processes["worker"].wait_for_output(" ready.", timeout=90)
        if "beat" in self.processes:
            self.processes["beat"].wait_for_output("beat: Starting", timeout=60)

    def __exit__(self, *exc):
        for proses in self.processes.values():
            proses.stop()
        redis.Redis.from_url(self.redis_url).flushdb()
        if self.own_database:
            self._admin(f"DROP DATABASE IF EXISTS {self.dbname} WITH (FORCE)")

    def _admin(self, *statements):
        conn = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        finally:
            conn.close()

    # -- helpers for the test -----------------------------------------------------------
    def manage(self, *args, timeout=600):
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,
                                capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return result.stdout

    def python(self, code, timeout=120):
        """Run `code` with Django set up on this deployment; returns its last printed line,
        read as JSON."""
        script = "import django, json\ndjango.setup()\n" + code
        result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=self.env,
                                capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads(result.stdout.strip().splitlines()[-1])

    def sql(self, query, params=()):
        conn = psycopg2.connect(self.database_url)
        try:
            with conn.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall()
        finally:
            conn.close()

    def now(self):
        """The deployment's clock now (an aware datetime)."""
        import datetime as dt

        return dt.datetime.fromtimestamp(time_machine.escape_hatch.time.time() + self.offset,
                                         dt.UTC)

    def logs(self):
        return "\n".join(f"--- {name}\n{p.output()[-4000:]}"
                         for name, p in self.processes.items())

    def wait(self, predicate, timeout=30, interval=0.3):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(interval)
        return False
