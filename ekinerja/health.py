"""What /healthz reports: can we reach the database, Redis and the Celery broker."""

from django.conf import settings
from django.db import connection
from kombu import Connection


def _database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True}
    except Exception as exc:  # noqa: BLE001 - any failure is a health failure
        return {"ok": False, "error": exc.__class__.__name__}


def _redis():
    if not settings.REDIS_URL:
        return {"ok": True, "detail": "not configured (local run)"}
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2,
                             socket_timeout=2).ping()
        return {"ok": True}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": exc.__class__.__name__}


def _broker():
    if settings.CELERY_BROKER_URL.startswith("memory://"):
        return {"ok": True, "detail": "tasks run in process (local run)"}
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=2)
        return {"ok": True}
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": exc.__class__.__name__}


def health_status():
    return {"database": _database(), "redis": _redis(), "broker": _broker()}
