"""Writes of the quarters' action plans (rencana aksi) under an RHK, BKN e-Kinerja's unit
of daily progress. The employee keeps them, at any status of the SKP: they plan how the
agreed targets are reached, they do not change the agreement. One in use by an activity
is not deleted."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ekinerja.audit import audit_record, snapshot

from ..models import Aktivitas, RencanaAksi

RENCANA_FIELDS = ["rhk", "triwulan", "uraian", "target", "satuan"]


def _check_owner(rencana, actor):
    if actor.pk != rencana.rhk.skp.pegawai_id:
        raise ValidationError(_("Only the employee keeps the action plans of their SKP."))


@transaction.atomic
def rencana_aksi_save(*, rencana, actor):
    _check_owner(rencana, actor)
    rencana.uraian = " ".join((rencana.uraian or "").split())
    rencana.satuan = " ".join((rencana.satuan or "").split())
    rencana.full_clean()
    created = rencana.pk is None
    rencana.save()
    audit_record(actor=actor, action="rencana_aksi.create" if created else "rencana_aksi.update",
                 target=rencana, after=snapshot(rencana, RENCANA_FIELDS))
    return rencana


@transaction.atomic
def rencana_aksi_delete(*, rencana, actor):
    _check_owner(rencana, actor)
    used = rencana.aktivitas.count()
    if used:
        raise ValidationError(_("%(n)s activities point to this action plan; it cannot be "
                                "deleted. Change its text instead.") % {"n": used})
    audit_record(actor=actor, action="rencana_aksi.delete", target=rencana,
                 before=snapshot(rencana, RENCANA_FIELDS))
    rencana.delete()


def check_rencana_aksi(aktivitas):
    """An activity's action plan must be of its IKI's RHK and of its date's quarter."""
    if aktivitas.rencana_aksi_id is None:
        return
    if aktivitas.kategori != Aktivitas.Kategori.IKI:
        aktivitas.rencana_aksi = None
        return
    rencana = aktivitas.rencana_aksi
    if aktivitas.iki is not None and rencana.rhk_id != aktivitas.iki.rhk_id:
        raise ValidationError({"rencana_aksi": _(
            "This action plan belongs to another RHK than the chosen IKI.")})
    quarter = RencanaAksi.triwulan_of(aktivitas.tanggal)
    if rencana.triwulan != quarter:
        raise ValidationError({"rencana_aksi": _(
            "This action plan is for quarter %(plan)s; the date is in quarter %(day)s.")
            % {"plan": rencana.triwulan, "day": quarter}})
