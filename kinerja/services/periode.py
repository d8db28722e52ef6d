"""Writes of the performance years and their periods: a year with its generated periods,
locking and unlocking a period; the month and cut-off arithmetic the activities share."""

import calendar
import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ekinerja.audit import audit_record, snapshot

from ..models import Periode, TahunKinerja


def _month_end(year, month):
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _cutoff_after(day, hari):
    """Day `hari` of the month after `day` (the month's entries close then)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, hari)


@transaction.atomic
def tahun_kinerja_create(*, tahun, actor):
    """Create a year and generate its evaluation periods (12 months or 4 quarters)."""
    tahun.full_clean()
    if tahun.batas_skp.year not in (tahun.tahun - 1, tahun.tahun):
        raise ValidationError({"batas_skp": _("The SKP deadline must fall in this year.")})
    tahun.save()
    step = 1 if tahun.ritme == TahunKinerja.Ritme.BULANAN else 3
    periods = []
    for nomor, month in enumerate(range(1, 13, step), start=1):
        end = _month_end(tahun.tahun, month + step - 1)
        periods.append(Periode(tahun=tahun, nomor=nomor, mulai=dt.date(tahun.tahun, month, 1),
                               selesai=end, cutoff=_cutoff_after(end, tahun.hari_cutoff)))
    Periode.objects.bulk_create(periods)
    audit_record(actor=actor, action="tahun.create", target=tahun,
                 after=snapshot(tahun, ["tahun", "ritme", "batas_skp", "hari_cutoff"]))
    return tahun


@transaction.atomic
def periode_lock(*, periode, actor):
    if Periode.objects.filter(pk=periode.pk, terkunci=False).update(terkunci=True) != 1:
        raise ValidationError(_("This period is already locked."))
    audit_record(actor=actor, action="periode.lock", target=periode)


@transaction.atomic
def periode_unlock(*, periode, actor, alasan):
    if not alasan.strip():
        raise ValidationError({"alasan": _("Give the reason for unlocking.")})
    if Periode.objects.filter(pk=periode.pk, terkunci=True).update(terkunci=False) != 1:
        raise ValidationError(_("This period is not locked."))
    audit_record(actor=actor, action="periode.unlock", target=periode,
                 after={"alasan": alasan.strip()})


def susulan_periksa(dari, sampai):
    """A backfill window after an outage (ekinerja.gangguan) cannot reopen a locked period:
    BKD is told to open the period again first, instead of announcing days that stay
    refused."""
    locked = Periode.objects.filter(mulai__lte=sampai, selesai__gte=dari,
                                    terkunci=True).order_by("mulai").first()
    if locked is not None:
        raise ValidationError({"susulan_dari": _(
            "The period %(period)s is locked: open it again first, or entries of those days "
            "stay refused.") % {"period": locked}})
