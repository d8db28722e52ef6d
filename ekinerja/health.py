"""What /healthz reports: can we reach the database, Redis and the Celery broker.

A probe must answer quickly even when a server hangs (accepts connections, never replies):
each client has a timeout from settings (PostgreSQL's connect timeout, REDIS_TIMEOUT), and
Redis and the broker are asked in parallel with the database, so the answer comes within
the slowest single timeout (about 2 s), not their sum.
"""

from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connection
from kombu import Connection

_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="healthz")


def _failure(exc):
    return {"ok": False, "error": exc.__class__.__name__}


def _database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True}
    except Exception as exc:  # noqa: BLE001 - any failure is a health failure
        # A connection that failed midway must not be reused by the next request.
        connection.close_if_unusable_or_obsolete()
        return _failure(exc)


def _redis():
    if not settings.REDIS_URL:
        return {"ok": True, "detail": "not configured (local run)"}
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL,
                                      socket_connect_timeout=settings.REDIS_TIMEOUT,
                                      socket_timeout=settings.REDIS_TIMEOUT)
        try:
            client.ping()
        finally:
            client.close()
        return {"ok": True}
    except Exception as exc:  # noqa: BLE001
        return _failure(exc)


def _broker():
    if settings.CELERY_BROKER_URL.startswith("memory://"):
        return {"ok": True, "detail": "tasks run in process (local run)"}
    timeout = settings.REDIS_TIMEOUT
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=timeout,
                        transport_options={"socket_timeout": timeout,
                                           "socket_connect_timeout": timeout}) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
            # Connecting alone proves little against a server that never answers: a PING
            # on the broker's own client does.
            client = getattr(conn.default_channel, "client", None)
            if client is not None:
                client.ping()
        return {"ok": True}
    except Exception as exc:  # noqa: BLE001
        return _failure(exc)


def health_status():
    redis_state, broker_state = _pool.submit(_redis), _pool.submit(_broker)
    return {"database": _database(), "redis": redis_state.result(),
            "broker": broker_state.result()}
