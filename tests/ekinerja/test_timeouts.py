"""A server that hangs (accepts the connection, never replies) costs a bounded wait: every
network client has a timeout from settings, and /healthz answers within 3 s when
PostgreSQL and Redis both hang."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def _elapsed(fn):
    start = time.monotonic()
    with pytest.raises(Exception) as exc:  # noqa: B017,PT011 - whichever the client raises
        fn()
    return time.monotonic() - start, exc.value


SNIPPET = r"""
import json, time
import django
django.setup()
from django.test import Client
from django.urls import resolve
resolve("/healthz")  # the URLconf and views imported, as in a running worker
start = time.monotonic()
response = Client().get("/healthz", HTTP_HOST="127.0.0.1")
print(json.dumps({"status": response.status_code, "seconds": time.monotonic() - start,
                  "body": response.json()}))
"""


def test_healthz_answers_within_3_seconds_when_postgresql_and_redis_hang(silent_port,
                                                                        tmp_path):
    """Production settings in a process of their own, pointed at the silent server."""
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "DEBUG": "0",
           "SECRET_KEY": "k" * 50, "DJANGO_SETTINGS_MODULE": "ekinerja.settings",
           "DATABASE_URL": f"postgres://postgres@127.0.0.1:{silent_port}/ekinerja",
           "REDIS_URL": f"redis://127.0.0.1:{silent_port}/0"}
    result = subprocess.run([sys.executable, "-c", SNIPPET], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    assert answer["seconds"] < 3, answer
    body = answer["body"]
    assert not (body["database"]["ok"] or body["redis"]["ok"] or body["broker"]["ok"])


def test_the_database_connection_times_out(silent_port):
    import psycopg2
    from django.db import connection

    params = {**connection.get_connection_params(), "host": "127.0.0.1",
              "port": silent_port}
    assert params["connect_timeout"] == settings.DATABASES["default"]["OPTIONS"][
        "connect_timeout"] == 2
    seconds, exc = _elapsed(lambda: psycopg2.connect(**params))
    assert isinstance(exc, psycopg2.OperationalError) and seconds < 5


def test_the_cache_times_out(silent_port, settings):
    from django.core.cache import caches

    location = f"redis://127.0.0.1:{silent_port}/0"
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": location}}
    seconds, _exc = _elapsed(lambda: caches["default"].get("anything"))
    assert seconds < 3 * settings.REDIS_TIMEOUT


def _app(**conf):
    from celery import Celery

    app = Celery("ekinerja-timeout-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(**conf)
    return app


def test_the_broker_times_out(silent_port):
    app = _app(broker_url=f"redis://127.0.0.1:{silent_port}/0")
    seconds, _exc = _elapsed(lambda: app.send_task("ekinerja.tasks.tidak_ada"))
    assert seconds < 10


def test_the_result_backend_times_out(silent_port):
    app = _app(result_backend=f"redis://127.0.0.1:{silent_port}/0")
    seconds, _exc = _elapsed(lambda: app.backend.get_task_meta("tidak-ada"))
    assert seconds < 10


def test_smtp_times_out(silent_port, settings):
    from django.core.mail import get_connection

    assert settings.EMAIL_TIMEOUT == 10  # the default production runs with
    settings.EMAIL_TIMEOUT = 1
    mail = get_connection("django.core.mail.backends.smtp.EmailBackend",
                          host="127.0.0.1", port=silent_port, use_tls=False)
    seconds, exc = _elapsed(mail.open)
    assert isinstance(exc, OSError) and seconds < 3
