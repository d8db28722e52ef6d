"""Notifications: each app's services call notifikasi_kirim() inside their transaction;
the person sees it in their notification centre (/notifikasi/), and, when they want that
kind by e-mail, a Celery worker sends it once the transaction commits.

Never twice: a notification is unique per (person, kind, key), so a task that runs again
(a retry, a redelivery, the same digest asked for twice) finds it made; and the e-mail is
claimed (queued -> sending) before it is sent, so a second worker does not send it again.
A transient SMTP failure releases the claim and the task retries with backoff.
"""

from smtplib import SMTPException

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .antrean import antre_setelah_commit
from .middleware import alamat_situs
from .models import Notifikasi, PreferensiNotifikasi

# kind -> (what the person sees in their settings, e-mail by default)
JENIS = {
    "aktivitas_menunggu": (_("Activities of my team waiting for validation (a daily "
                             "digest)"), True),
    "aktivitas_ditolak": (_("An activity of mine was rejected"), True),
    "aktivitas_dikembalikan": (_("An activity of mine was returned for revision"), True),
    "eskalasi": (_("Activities escalated to me at the cut-off"), True),
    "batas_validasi": (_("The cut-off is near and activities still wait for me"), True),
    "batas_lapor": (_("The cut-off is near and my days are incomplete or not yet "
                      "validated"), True),
    "skp_diajukan": (_("An SKP of my team waits for my approval"), True),
    "skp_dikembalikan": (_("My SKP was returned"), True),
    "skp_disetujui": (_("My SKP was approved"), False),
    "evaluasi_siap": (_("An evaluation is ready for me to acknowledge"), True),
    "keberatan_diajukan": (_("An appeal waits for my decision"), True),
    "keberatan_diputuskan": (_("My appeal was decided"), True),
    "adopsi_pengingat": (_("A reminder to start using e-kinerja (login, SKP, daily "
                           "reports)"), True),
    "pelatihan_pengingat": (_("My JP are under my right in the last quarter"), True),
    "dialog_pengingat": (_("People of my team I have not held a performance dialogue with "
                           "this quarter"), True),
    "kalibrasi_pratinjau": (_("A calibration asks for my preview of my team's evaluators' "
                              "predikat"), True),
    "kalibrasi_diubah": (_("A calibration changed a predikat I proposed"), True),
    "kalibrasi_selesai": (_("The calibration of my unit closed: my predikat stands"), True),
    "umpan_balik_diminta": (_("Someone asks me for 360 feedback"), True),
}

TRANSIENT = (SMTPException, OSError)


def wants_email(pegawai, jenis):
    pref = PreferensiNotifikasi.objects.filter(pegawai=pegawai, jenis=jenis).first()
    return pref.email if pref is not None else JENIS[jenis][1]


def notifikasi_kirim(*, penerima, jenis, kunci, judul, pesan="", tautan=""):
    """Make the notification (once per person, kind and key) and queue its e-mail when the
    person wants it and has an address. Returns it, or None if it existed already."""
    if jenis not in JENIS:
        raise ValueError(f"unknown notification kind {jenis!r}")
    notifikasi, created = Notifikasi.objects.get_or_create(
        penerima=penerima, jenis=jenis, kunci=str(kunci)[:100],
        defaults={"judul": str(judul)[:200], "pesan": str(pesan), "tautan": tautan})
    if not created:
        return None
    if penerima.email and penerima.aktif and wants_email(penerima, jenis):
        Notifikasi.objects.filter(pk=notifikasi.pk).update(email=Notifikasi.Email.ANTRE)
        # Broker down: still in the centre; the e-mail stays queued.
        antre_setelah_commit("ekinerja.tasks.notifikasi_email", notifikasi.pk)
    return notifikasi


BANYAK_BATCH = 2000


def notifikasi_kirim_banyak(*, jenis, kunci, isi, tautan=""):
    """notifikasi_kirim for many people at once (reminders to thousands): `isi` maps a
    person's id to (judul, pesan). Set-based, a few queries per batch: the notifications
    that exist already are skipped, the rest inserted, and the e-mails of those who want
    them queued. Returns how many were made."""
    if jenis not in JENIS:
        raise ValueError(f"unknown notification kind {jenis!r}")
    kunci, ids, made = str(kunci)[:100], list(isi), 0
    pref = PreferensiNotifikasi.objects.filter(pegawai=OuterRef("penerima_id"), jenis=jenis)
    wants = Exists(pref.filter(email=True))
    if JENIS[jenis][1]:
        wants |= ~Exists(pref)
    for start in range(0, len(ids), BANYAK_BATCH):
        batch = ids[start:start + BANYAK_BATCH]
        with transaction.atomic():
            have = set(Notifikasi.objects.filter(jenis=jenis, kunci=kunci, penerima_id__in=batch)
                       .values_list("penerima_id", flat=True))
            new = [pk for pk in batch if pk not in have]
            Notifikasi.objects.bulk_create(
                [Notifikasi(penerima_id=pk, jenis=jenis, kunci=kunci, judul=str(isi[pk][0])[:200],
                            pesan=str(isi[pk][1]), tautan=tautan) for pk in new],
                ignore_conflicts=True)  # one made meanwhile by another run stays as it was
            email = Notifikasi.objects.filter(
                wants, jenis=jenis, kunci=kunci, penerima_id__in=new, email=Notifikasi.Email.TIDAK,
                penerima__aktif=True, penerima__email__gt="")
            queued = list(email.values_list("pk", flat=True))
            Notifikasi.objects.filter(pk__in=queued).update(email=Notifikasi.Email.ANTRE)
            for pk in queued:
                antre_setelah_commit("ekinerja.tasks.notifikasi_email", pk)
        made += len(new)
    return made


def email_kirim(notifikasi_id):
    """Send one notification's e-mail if it is still queued. Returns whether it sent.
    A transient failure puts it back in the queue and raises, for the task to retry."""
    claimed = Notifikasi.objects.filter(pk=notifikasi_id, email=Notifikasi.Email.ANTRE) \
        .update(email=Notifikasi.Email.MENGIRIM)
    if claimed != 1:
        return False  # sent already, being sent, or not for e-mail
    n = Notifikasi.objects.select_related("penerima").get(pk=notifikasi_id)
    site = alamat_situs()
    link = f"{site}{n.tautan}" if n.tautan else site
    body = f"{n.pesan}\n\n{link}\n\n-- \ne-kinerja"
    try:
        send_mail(f"[e-kinerja] {n.judul}", body, None, [n.penerima.email])
    except TRANSIENT:
        Notifikasi.objects.filter(pk=n.pk).update(email=Notifikasi.Email.ANTRE)
        raise
    Notifikasi.objects.filter(pk=n.pk).update(email=Notifikasi.Email.TERKIRIM,
                                              email_pada=timezone.now())
    return True


def email_gagal(notifikasi_id):
    """After the last retry: the centre still has it; the e-mail is marked failed."""
    Notifikasi.objects.filter(pk=notifikasi_id, email=Notifikasi.Email.ANTRE).update(
        email=Notifikasi.Email.GAGAL)


def belum_dibaca(pegawai):
    return Notifikasi.objects.filter(penerima=pegawai, dibaca__isnull=True).count()


def notifikasi_tandai_dibaca(pegawai, pk=None):
    rows = Notifikasi.objects.filter(penerima=pegawai, dibaca__isnull=True)
    if pk is not None:
        rows = rows.filter(pk=pk)
    return rows.update(dibaca=timezone.now())


@transaction.atomic
def preferensi_save(*, pegawai, email_jenis):
    """The kinds the person wants by e-mail (the rest: in the centre only)."""
    for jenis in JENIS:
        PreferensiNotifikasi.objects.update_or_create(
            pegawai=pegawai, jenis=jenis, defaults={"email": jenis in email_jenis})
