from celery import shared_task
from django.core.management import call_command

from . import impor


@shared_task
def sessions_clear_expired():
    """Nightly: delete sessions past their idle expiry (Django's clearsessions)."""
    call_command("clearsessions")


@shared_task
def impor_purge_old():
    """Nightly: drop uploaded import files older than 30 days (personal data)."""
    return impor.impor_purge_old(days=30)
