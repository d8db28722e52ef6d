"""Training tasks."""

from celery import shared_task

from . import services


@shared_task
def pengingat_jp():
    """The first of each month of the last quarter: people under their JP right."""
    return services.pengingat_jp()
