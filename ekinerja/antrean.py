"""Queueing a Celery task from a write: only once the transaction commits (the worker must
see the rows), and without failing a request that has already committed when the broker
is down: the failure is logged and `gagal()` lets the record say so."""

import logging

from django.db import InterfaceError, OperationalError, transaction
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# What an idempotent task retries: the database unreachable for a moment (restart, failover).
DATABASE_TRANSIENT = (OperationalError, InterfaceError)


def antre_setelah_commit(task, *args, gagal=None):
    """`task`: the task's dotted path (imported when sent, so that services need not
    import their tasks module)."""

    def send():
        try:
            import_string(task).delay(*args)
        except Exception:  # noqa: BLE001 - the broker is down: say so, do not fail
            logger.warning("%s%r not enqueued", task, args, exc_info=True)
            if gagal is not None:
                gagal()

    transaction.on_commit(send)
