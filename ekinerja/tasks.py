from celery import shared_task
from django.conf import settings
from django.core.management import call_command

from . import audit, ekspor, impor, notifikasi, rekonsiliasi


@shared_task
def sessions_clear_expired():
    """Nightly: delete sessions past their idle expiry (Django's clearsessions), and the
    keys of form submissions older than two days (a resent form arrives within seconds)."""
    import datetime as dt

    from django.utils import timezone

    from .models import KunciKiriman

    call_command("clearsessions")
    KunciKiriman.objects.filter(dibuat__lt=timezone.now() - dt.timedelta(days=2)).delete()


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


@shared_task(bind=True, max_retries=5)
def notifikasi_email(self, notifikasi_id):
    """Send one notification's e-mail; a transient SMTP failure is retried with backoff
    (NOTIFIKASI_RETRY_DETIK: 30 s, then 1, 2, 4, 8 min), then the e-mail is marked
    failed."""
    try:
        return notifikasi.email_kirim(notifikasi_id)
    except notifikasi.TRANSIENT as exc:
        if self.request.retries >= self.max_retries:
            notifikasi.email_gagal(notifikasi_id)
            return False
        raise self.retry(exc=exc, countdown=settings.NOTIFIKASI_RETRY_DETIK
                         * 2 ** self.request.retries) from exc


@shared_task(acks_late=True)
def ekspor_jalankan(ekspor_id):
    """Build an Excel export an admin asked for."""
    return ekspor.ekspor_jalankan(ekspor_id)


@shared_task(acks_late=True)
def siasn_tarik_jalankan(tarik_id):
    """Pull from SIASN and compare (ekinerja.rekonsiliasi); BKD applies the report."""
    return rekonsiliasi.siasn_tarik_jalankan(tarik_id)


@shared_task(acks_late=True)
def siasn_tarik_malam():
    """Nightly, when SIASN_TARIK_MALAM is on: pull from SIASN and apply the report."""
    tarik = rekonsiliasi.siasn_tarik_malam()
    return tarik.pk if tarik else None
