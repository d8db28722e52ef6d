"""A worker killed in the middle of computing leaves the old scores whole (one
transaction), and the task is redelivered to the next worker (acks_late)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
from django.db import connection
from django.utils import timezone

from penilaian.models import Skor
from penilaian.services import skor_hitung
from penilaian.tasks import skor_hitung_pegawai

from .test_skor_service import _approved, iki  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]


def _worker(settings):
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ekinerja.settings_test",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
           "REDIS_URL": settings.REDIS_URL, "CELERY_VISIBILITY_TIMEOUT": "2",
           "CELERY_RESTORE_INTERVAL": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "ekinerja", "worker", "--pool=solo",
         "--concurrency=1", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "--loglevel=WARNING"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)


def _stop(worker):
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(10)


def _wait(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_killed_worker_leaves_old_scores_and_the_task_is_redone(
        transactional_db, iki, pegawai, atasan, settings,  # noqa: F811
        django_capture_on_commit_callbacks):
    import redis

    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    _approved(pegawai, atasan, iki, 8, 4)
    periode_day = timezone.localdate()
    from kinerja.selectors import periode_of

    skor_hitung(periode=periode_of(periode_day), pegawai_ids=[pegawai.pk])
    assert Skor.objects.get(pegawai=pegawai).baris_iki()[0]["realisasi"] == 4
    with django_capture_on_commit_callbacks(execute=False):  # enqueue by hand below
        _approved(pegawai, atasan, iki, 10, 3)

    db = connection.settings_dict
    blocker = psycopg2.connect(dbname=db["NAME"], user=db["USER"], host=db["HOST"],
                               port=db["PORT"])
    cursor = blocker.cursor()
    cursor.execute("LOCK TABLE penilaian_skor IN EXCLUSIVE MODE")  # writes wait on us
    skor_hitung_pegawai.apply_async((pegawai.pk, periode_day.isoformat()))
    worker = _worker(settings)
    try:
        def worker_waits():
            with connection.cursor() as c:
                c.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s "
                          "AND wait_event_type = 'Lock'", [db["NAME"]])
                return c.fetchone()[0] > 0

        assert _wait(worker_waits), "the worker never reached the write"
        worker.send_signal(signal.SIGKILL)  # killed mid-computation
        worker.wait(10)
    finally:
        _stop(worker)  # never left behind when the test fails: it would take later tasks
        blocker.rollback()
        blocker.close()
    skor = Skor.objects.get(pegawai=pegawai)  # no year score written either
    assert [line["realisasi"] for line in skor.baris_iki()] == [4]  # the old score, whole

    second = _worker(settings)
    try:
        # A generous bound: the suite runs on every core, and a worker starting on a busy
        # machine (a benchmark beside it) takes a while; the wait ends when the score is in.
        assert _wait(lambda: Skor.objects.filter(pegawai=pegawai, nomor=Skor.TAHUNAN)
                     .exists(), 120)
    finally:
        _stop(second)
    period = Skor.objects.get(pegawai=pegawai, nomor__gt=0)
    assert [line["realisasi"] for line in period.baris_iki()] == [7]
    assert Skor.objects.filter(pegawai=pegawai).count() == 2  # the period and the year
