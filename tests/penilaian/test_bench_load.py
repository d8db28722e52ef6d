"""The load benchmark runs end to end at a small scale (generation, the release step,
gunicorn and a worker with production settings, locust) and prints its table with no
error: so `make bench-load` keeps working."""

import os
import subprocess
import sys
from pathlib import Path

from ..conftest import SAAT_BAKU
from ..produksi import clock_env

ROOT = Path(__file__).resolve().parents[2]


def test_the_load_benchmark_runs_and_reports(tmp_path):
    import time_machine

    offset = SAAT_BAKU.timestamp() - time_machine.escape_hatch.time.time()
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LANG": "C.UTF-8",
           "DJANGO_SETTINGS_MODULE": "ekinerja.settings_test",
           "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/ekinerja_bench_load_uji",
           # Its own Redis database: the suite's workers use theirs (settings_test).
           "REDIS_URL": "redis://127.0.0.1:6379/2",
           **clock_env(offset)}
    # A fifth of the peak's users on two gunicorn workers (the full peak is over this
    # machine's capacity by design, and beside the suite's other workers nothing would
    # finish), for 8 s after the 2 s ramp: each user saves every 10 s, so every one's
    # second save falls in the window.
    result = subprocess.run(
        [sys.executable, "manage.py", "bench_load", "--people", "200", "--seconds", "8",
         "--ramp", "2", "--scale", "0.2", "--workers", "2", "--scenario", "peak"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    lines = result.stdout.splitlines()
    table = lines[lines.index("peak (2 sync workers):") + 2:]
    rows = {line[:36].strip(): line[36:].split() for line in table if line.startswith("  ")}
    assert {"hari: simpan aktivitas", "hari: lihat", "atasan: badge (poll)",
            "Aggregated"} <= set(rows), result.stdout
    assert int(rows["hari: simpan aktivitas"][0]) > 0
    assert rows["Aggregated"][1] == "0", result.stdout  # no error
