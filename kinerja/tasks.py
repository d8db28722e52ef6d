"""Celery tasks of plans and reports."""

from celery import shared_task

from . import adopsi


@shared_task
def adopsi_hitung():
    """Nightly: the adoption figures of this week and last week, per unit."""
    return adopsi.adopsi_hitung_malam()
