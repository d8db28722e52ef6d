"""Thin Celery tasks over the scoring service: ids in, one service call."""

import datetime as dt

from celery import shared_task
from django.utils import timezone

from kinerja.models import Periode
from kinerja.selectors import periode_of

from . import services


@shared_task(acks_late=True)
def skor_hitung_pegawai(pegawai_id, day):
    """One person's period after a validation (enqueued coalesced, after commit)."""
    periode = periode_of(dt.date.fromisoformat(day))
    if periode is not None:
        services.skor_hitung(periode=periode, pegawai_ids=[pegawai_id])


@shared_task(acks_late=True)
def skor_hitung_periode_terbuka():
    """Nightly: every period whose entries are still open (its cut-off not yet passed) is
    recomputed for everyone, catching up any recompute that was missed."""
    today = timezone.localdate()
    for periode in Periode.objects.filter(mulai__lte=today, cutoff__gte=today,
                                          terkunci=False):
        services.skor_hitung(periode=periode)
        services.skor_unit_hitung(periode=periode)


@shared_task(acks_late=True)
def periode_tutup_jatuh_tempo():
    """Nightly: periods past their cut-off get final scores and are closed."""
    return [p.pk for p in services.periode_close_due()]


@shared_task(acks_late=True)
def tugas_hitung_jalankan(tugas_id):
    """A recompute BKD asked for from the web (penilaian.services.tugas_hitung_create)."""
    services.tugas_hitung_jalankan(tugas_id=tugas_id)
