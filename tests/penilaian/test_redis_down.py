"""With Redis down, people still log, submit and validate work: nothing hangs, nothing is
lost; the nightly run computes the missed scores."""

import time

import pytest
from django.test import override_settings

from ekinerja.celery import app
from kinerja.models import Aktivitas
from kinerja.selectors import periode_of
from penilaian.models import Skor
from penilaian.tasks import skor_hitung_periode_terbuka

from .test_skor_service import _approved, iki  # noqa: F401

DEAD = "redis://127.0.0.1:1/0"


def _use_broker(url):
    """Point the Celery app at another broker, dropping the pools built for the old one."""
    from kombu import pools

    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()  # kombu keeps producer pools per connection, process-wide


@pytest.fixture
def redis_down(settings):
    caches = {"default": {**settings.CACHES["default"], "LOCATION": DEAD}}
    old = app.conf.broker_url
    _use_broker(DEAD)
    try:
        with override_settings(CACHES=caches, CELERY_BROKER_URL=DEAD, REDIS_URL=DEAD):
            yield
    finally:
        _use_broker(old)


@pytest.mark.kalender
def test_work_goes_on_and_the_nightly_run_catches_up(redis_down, iki, pegawai,  # noqa: F811
                                                     atasan, login, hari_lapor,
                                                     django_capture_on_commit_callbacks):
    start = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        _approved(pegawai, atasan, iki, 8, 4, day=hari_lapor)
    assert time.monotonic() - start < 10
    assert Aktivitas.objects.get(pegawai=pegawai).status == "disetujui"
    assert not Skor.objects.exists()  # the recompute could not be enqueued
    client = login(atasan)
    assert client.get("/").status_code == 200  # the nav's cached team falls back to the DB
    assert login(pegawai).get("/aktivitas/").status_code == 200
    assert client.get("/healthz").status_code == 503
    app.conf.task_always_eager = True  # the nightly run's parts, in this process
    try:
        skor_hitung_periode_terbuka()  # what beat runs nightly, once Redis is back
    finally:
        app.conf.task_always_eager = False
    # Every open period is scored (two around a month's turn); the work counts in its own.
    skor = Skor.objects.get(pegawai=pegawai, periode=periode_of(hari_lapor))
    assert skor.baris_iki()[0]["realisasi"] == 4
    assert Skor.objects.get(pegawai=pegawai, nomor=Skor.TAHUNAN).baris_iki()[0][
        "realisasi"] == 4
