from celery import shared_task
from django.core.management import call_command


@shared_task
def sessions_clear_expired():
    """Nightly: delete sessions past their idle expiry (Django's clearsessions)."""
    call_command("clearsessions")
