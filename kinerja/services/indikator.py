"""Writes of the indicator library: indicators and their versions by effective date (a
version in use is never changed, a change becomes a new version)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja.audit import audit_record, snapshot

from ..models import Iki, Indikator

VERSI_FIELDS = ["nama", "definisi", "satuan", "aspek", "arah", "agregasi", "wajib_bukti"]


def indikator_versi_current(indikator, *, on=None):
    on = on or timezone.localdate()
    return (indikator.versi.filter(berlaku_mulai__lte=on).order_by("-berlaku_mulai").first()
            or indikator.versi.order_by("berlaku_mulai").first())


@transaction.atomic
def indikator_create(*, kode, versi, untuk_jabatan=(), untuk_unit=(), actor):
    indikator = Indikator(kode=kode)
    indikator.full_clean()
    indikator.save()
    versi.indikator = indikator
    versi.berlaku_mulai = versi.berlaku_mulai or timezone.localdate()
    versi.full_clean()
    versi.save()
    versi.untuk_jabatan.set(untuk_jabatan)
    versi.untuk_unit.set(untuk_unit)
    audit_record(actor=actor, action="indikator.create", target=indikator,
                 after=snapshot(versi, VERSI_FIELDS))
    return versi


@transaction.atomic
def indikator_update(*, indikator, versi, untuk_jabatan=(), untuk_unit=(), actor):
    """Change an indicator. If its current version is used by any IKI, the change becomes a
    new version effective from `versi.berlaku_mulai` (default today); a version nobody
    uses yet is edited in place."""
    current = indikator_versi_current(indikator)
    used = Iki.objects.filter(indikator_versi=current).exists()
    start = versi.berlaku_mulai or timezone.localdate()
    before = snapshot(current, VERSI_FIELDS)
    if used:
        if start <= current.berlaku_mulai:
            raise ValidationError({"berlaku_mulai": _(
                "This indicator is already used; the change needs an effective date after "
                "%(date)s.") % {"date": current.berlaku_mulai}})
        versi.pk = None
        versi.indikator = indikator
        versi.berlaku_mulai = start
        action = "indikator.new_version"
    else:
        for name in VERSI_FIELDS:
            setattr(current, name, getattr(versi, name))
        versi, action = current, "indikator.update"
    versi.full_clean()
    versi.save()
    versi.untuk_jabatan.set(untuk_jabatan)
    versi.untuk_unit.set(untuk_unit)
    audit_record(actor=actor, action=action, target=indikator,
                 before=before, after=snapshot(versi, VERSI_FIELDS))
    return versi
