"""`make test` stops with instructions, not a traceback, when a service is down."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_ping_says_how_to_start_what_is_down():
    env = {"PATH": os.environ["PATH"], "DATABASE_URL": "postgres://postgres@127.0.0.1:1/x",
           "REDIS_URL": "redis://127.0.0.1:2/0"}
    result = subprocess.run([sys.executable, "tests/ping_postgresql_redis.py"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "PostgreSQL is not reachable" in result.stderr
    assert "Redis is not reachable" in result.stderr
    assert "pg_ctlcluster" in result.stderr and "redis-server" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_ping_passes_when_both_answer():
    result = subprocess.run([sys.executable, "tests/ping_postgresql_redis.py"], cwd=ROOT,
                            env={"PATH": os.environ["PATH"]}, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
