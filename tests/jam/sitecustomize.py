"""Loaded at start by every Python process a test launches with this folder on PYTHONPATH
(the production smoke test's gunicorn, Celery worker and beat): moves the process's clock
by EKINERJA_UJI_GESER_DETIK seconds with time-machine, so all of them agree with the test's
pinned moment while time still moves. Forked children (gunicorn and Celery workers) keep it.
Never on the path of a real deployment."""

import os

if os.environ.get("EKINERJA_UJI_GESER_DETIK"):
    import time

    import time_machine

    time_machine.travel(time.time() + float(os.environ["EKINERJA_UJI_GESER_DETIK"]),
                        tick=True).start()
