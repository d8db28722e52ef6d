"""A real Celery worker on the real Redis broker runs our tasks against PostgreSQL."""

import datetime as dt
import time

from django.contrib.sessions.models import Session
from django.utils import timezone

from ekinerja.celery import app
from ekinerja.tasks import sessions_clear_expired


def _wait_for(condition, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_the_nightly_session_cleanup_runs_on_a_worker(celery_worker):
    now = timezone.now()
    Session.objects.create(session_key="kedaluwarsa", session_data="x",
                           expire_date=now - dt.timedelta(days=1))
    Session.objects.create(session_key="masih-berlaku", session_data="x",
                           expire_date=now + dt.timedelta(days=1))
    sessions_clear_expired.delay()
    assert _wait_for(lambda: not Session.objects.filter(session_key="kedaluwarsa").exists())
    assert Session.objects.filter(session_key="masih-berlaku").exists()


def test_the_beat_schedule_names_only_registered_tasks(settings):
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
