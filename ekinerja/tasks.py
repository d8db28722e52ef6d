from celery import shared_task
from django.core.management import call_command

from . import audit, impor


@shared_task
def sessions_clear_expired():
    """Nightly: delete sessions past their idle expiry (Django's clearsessions)."""
    call_command("clearsessions")


@shared_task
def impor_purge_old():
    """Nightly: drop uploaded import files older than 30 days (personal data)."""
    return impor.impor_purge_old(days=30)


@shared_task
def audit_periksa(actor_id=None):
    """Nightly, or when Admin BKD asks: check the whole audit chain."""
    from .models import Pegawai

    actor = Pegawai.objects.filter(pk=actor_id).first() if actor_id else None
    return audit.audit_periksa(actor=actor).pk
