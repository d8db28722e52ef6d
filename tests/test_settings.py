"""Settings come from the environment and refuse values they cannot understand."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-secret-" + "x7Qp9vLm2Rt8Zk4Wn6Bh" * 3,
    "DATABASE_URL": "postgres://ekinerja:secret@db.internal:5432/ekinerja",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "ALLOWED_HOSTS": "ekinerja.jambiprov.go.id",
    "EMAIL_HOST": "smtp.jambiprov.go.id",
}


def _manage(*args, env):
    # Only what a process needs to run; nothing the test settings or other tests set.
    base = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT,
                          env={**base, **env}, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_production_variables():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_without_a_secret_key_production_refuses_to_start():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


@pytest.mark.parametrize("name, value, message", [
    ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
    ("SESSION_IDLE_MINUTES", "half an hour", "is not a whole number"),
    ("SESSION_IDLE_MINUTES", "1", "must be between"),
    ("DATABASE_URL", "mysql://root@localhost/x", "must point to PostgreSQL"),
    ("DATABASE_URL", "nonsense", "cannot be used"),
    ("REDIS_URL", "http://localhost:6379", "must be a URL with scheme"),
])
def test_a_bad_value_stops_the_start_with_a_clear_message(name, value, message):
    result = _manage("check", env={**PRODUCTION, name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_local_run_needs_no_variables_at_all():
    assert _manage("check", env={}).returncode == 0
    result = _manage("check", env={"DEBUG": "1"})
    assert result.returncode == 0, result.stderr


def test_models_and_migrations_agree():
    result = _manage("makemigrations", "--check", "--dry-run", env={"DEBUG": "1"})
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_embedded_run_waits_for_a_writer_instead_of_failing():
    """Two posts at once on `make run` (SQLite): the second waits for the first's lock
    (busy timeout) instead of answering 500 "database is locked"."""
    result = _manage("shell", "-c", "from django.conf import settings; "
                     "print(settings.DATABASES['default']['OPTIONS'])", env={"DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    assert "'timeout': 20" in result.stdout
