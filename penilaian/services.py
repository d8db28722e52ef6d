"""The supervisor's judgement of daily work: the one place an activity's validation state
changes. The validation queue pages arrive with the appraisal issue; the score recompute
that an approval enqueues arrives with the scoring issue.

Each transition is a conditional UPDATE from the state the validator saw, so two
supervisors (or one double click) acting at once give exactly one transition.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja.audit import audit_record
from kinerja.access import may_decide
from kinerja.models import Aktivitas


def _check_validator(aktivitas, actor):
    if actor.pk == aktivitas.pegawai_id:
        raise ValidationError(_("No one validates their own activities."))
    if not may_decide(actor, aktivitas.pegawai):
        raise ValidationError(_("Only the employee's supervisor can validate this activity."))


def _transition(aktivitas, actor, to, *, action, catatan="", **fields):
    _check_validator(aktivitas, actor)
    updated = Aktivitas.objects.filter(pk=aktivitas.pk, status=Aktivitas.Status.DIAJUKAN).update(
        status=to, catatan_validasi=catatan, diubah=timezone.now(), **fields)
    if updated != 1:
        aktivitas.refresh_from_db()
        raise ValidationError(_("This activity was already handled (it is now %(status)s).")
                              % {"status": aktivitas.get_status_display().lower()})
    aktivitas.refresh_from_db()
    audit_record(actor=actor, action=action, target=aktivitas,
                 after={"status": to, "catatan": catatan, **{k: str(v) for k, v in
                                                             fields.items()}})
    return aktivitas


@transaction.atomic
def aktivitas_approve(*, aktivitas, actor, output=None, catatan=""):
    """Approve, optionally with an adjusted output quantity (a note is then required)."""
    fields = {}
    if output is not None and Decimal(output) != aktivitas.output:
        if Decimal(output) < 0:
            raise ValidationError({"output": _("The output cannot be negative.")})
        if not catatan.strip():
            raise ValidationError({"catatan": _("Say why the output is adjusted.")})
        fields["output"] = Decimal(output)
    return _transition(aktivitas, actor, Aktivitas.Status.DISETUJUI, action="aktivitas.approve",
                       catatan=catatan.strip(), **fields)


@transaction.atomic
def aktivitas_reject(*, aktivitas, actor, catatan):
    if not catatan.strip():
        raise ValidationError({"catatan": _("Give the reason for rejecting.")})
    return _transition(aktivitas, actor, Aktivitas.Status.DITOLAK, action="aktivitas.reject",
                       catatan=catatan.strip())


@transaction.atomic
def aktivitas_return(*, aktivitas, actor, catatan):
    if not catatan.strip():
        raise ValidationError({"catatan": _("Say what must be revised.")})
    return _transition(aktivitas, actor, Aktivitas.Status.DIKEMBALIKAN,
                       action="aktivitas.return", catatan=catatan.strip())
