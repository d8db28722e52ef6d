"""Service outages (gangguan): BKD announces them on the public status page, and when people
could not report it opens a backfill window. Activities dated within the window's missed
days are then accepted until its last day even where their month has closed, without an
admin reopening anything, and the periods those days fall in wait for the window before
they close (penilaian.services.eskalasi)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit_record, snapshot
from .models import Gangguan

# Checks of a backfill window by the apps that own what it reopens (their AppConfig.ready
# adds them): each is called with the first and last missed day and raises
# ValidationError when the window could not do what it says.
PEMERIKSA_SUSULAN = []

FIELDS = ["judul", "isi", "mulai", "selesai", "susulan_dari", "susulan_sampai",
          "susulan_batas"]


def daftar():
    """Every announcement, the latest first, for BKD's list."""
    return Gangguan.objects.select_related("dibuat_oleh")


def berlangsung(now=None):
    """Outages still going on."""
    now = now or timezone.now()
    return Gangguan.objects.filter(Q(selesai__isnull=True) | Q(selesai__gt=now), mulai__lte=now)


def untuk_halaman_status(now=None, days=30):
    """What the status page shows: outages ongoing or ended within `days`, and those whose
    backfill window is still open."""
    now = now or timezone.now()
    return Gangguan.objects.filter(
        Q(selesai__isnull=True) | Q(selesai__gte=now - dt.timedelta(days=days))
        | Q(susulan_batas__gte=timezone.localdate(now)))


def susulan_terbuka(tanggal, today=None):
    """The open backfill window that covers the day `tanggal`, or None."""
    today = today or timezone.localdate()
    return (Gangguan.objects.filter(susulan_dari__lte=tanggal, susulan_sampai__gte=tanggal,
                                    susulan_batas__gte=today)
            .order_by("-susulan_batas").first())


def susulan_aktif(today=None):
    """Backfill windows still open today."""
    return Gangguan.objects.filter(susulan_batas__gte=today or timezone.localdate()) \
        .order_by("susulan_dari")


def batas_susulan(mulai, selesai):
    """The last closing day of the backfill windows over a day between `mulai` and
    `selesai`, or None: a period of those days neither escalates nor closes before it,
    and its escalation time counts from it (penilaian.services.eskalasi)."""
    return Gangguan.objects.filter(susulan_dari__lte=selesai, susulan_sampai__gte=mulai) \
        .aggregate(batas=Max("susulan_batas"))["batas"]


@transaction.atomic
def gangguan_simpan(*, gangguan, actor):
    """Announce an outage or change its announcement (Admin BKD; audited). A backfill
    window covers days already past, and closes between today and
    GANGGUAN_SUSULAN_MAKS_HARI days from now; it spans at most a month of missed days."""
    today = timezone.localdate()
    before = None
    if gangguan.pk:
        before = snapshot(Gangguan.objects.select_for_update().get(pk=gangguan.pk), FIELDS)
    if gangguan.mulai and gangguan.mulai > timezone.now() + dt.timedelta(days=1):
        raise ValidationError({"mulai": _("Announce an outage once it has begun (at most a day "
                                          "ahead).")})
    window = [gangguan.susulan_dari, gangguan.susulan_sampai, gangguan.susulan_batas]
    if any(window) and not all(window):
        raise ValidationError(_("A backfill window needs its first and last missed day and the "
                                "day it closes."))
    if all(window):
        changed = before is None or [before[f] for f in FIELDS[4:]] != [
            str(d) for d in window]
        if gangguan.susulan_sampai > today:
            raise ValidationError({"susulan_sampai": _("The missed days cannot be in the "
                                                       "future.")})
        if gangguan.susulan_sampai < gangguan.susulan_dari:
            raise ValidationError({"susulan_sampai": _("The last missed day is before the "
                                                       "first.")})
        if (gangguan.susulan_sampai - gangguan.susulan_dari).days > 31:
            raise ValidationError({"susulan_dari": _("A backfill window covers at most 31 "
                                                     "missed days.")})
        if changed:
            for periksa in PEMERIKSA_SUSULAN:  # e.g. kinerja: no locked period in it
                periksa(gangguan.susulan_dari, gangguan.susulan_sampai)
        longest = settings.GANGGUAN_SUSULAN_MAKS_HARI
        if changed and not today <= gangguan.susulan_batas <= today + dt.timedelta(
                days=longest):
            raise ValidationError({"susulan_batas": _(
                "The window closes between today and %(days)s days from now.")
                % {"days": longest}})
    gangguan.full_clean()
    gangguan.save()
    audit_record(actor=actor, action="gangguan.update" if before else "gangguan.create",
                 target=gangguan, before=before, after=snapshot(gangguan, FIELDS))
    return gangguan


@transaction.atomic
def gangguan_akhiri(*, gangguan, actor):
    """The outage is over (now). Its backfill window stays open until its last day."""
    gangguan = Gangguan.objects.select_for_update().get(pk=gangguan.pk)
    if gangguan.selesai is not None:
        raise ValidationError(_("This outage has already ended."))
    gangguan.selesai = max(timezone.now(), gangguan.mulai)
    gangguan.save(update_fields=["selesai"])
    audit_record(actor=actor, action="gangguan.akhiri", target=gangguan,
                 after={"selesai": gangguan.selesai.isoformat()})
    return gangguan
