"""The supervisor's judgement of daily work: the one place an activity's validation state
changes (approve, reject, return, approve many, undo). Each transition is a conditional
UPDATE from the state the validator saw, so two supervisors (or one double click) acting
at once give exactly one transition; each is audited and queues the person's score
recompute (`hitung.skor_recompute_later`)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja.audit import audit_record
from ekinerja.notifikasi import notifikasi_kirim
from kinerja.access import kapasitas, may_decide
from kinerja.models import Aktivitas
from kinerja.selectors import periode_of

from ..anomali import anomali_for
from .hitung import skor_recompute_later


def _check_validator(aktivitas, actor):
    if actor.pk == aktivitas.pegawai_id:
        raise ValidationError(_("No one validates their own activities."))
    if aktivitas.dieskalasi_ke_id != actor.pk and not may_decide(actor, aktivitas.pegawai):
        raise ValidationError(_("Only the employee's supervisor can validate this activity."))
    periode = periode_of(aktivitas.tanggal)
    if periode is not None and periode.terkunci:
        raise ValidationError(_("The period of this activity is closed; its scores are final. "
                                "BKD can reopen it."))


def _notify_decision(aktivitas, to, catatan, entry):
    rejected = to == Aktivitas.Status.DITOLAK
    notifikasi_kirim(
        penerima=aktivitas.pegawai, kunci=entry.pk,
        jenis="aktivitas_ditolak" if rejected else "aktivitas_dikembalikan",
        judul=(_("Activity of %(date)s rejected") if rejected
               else _("Activity of %(date)s returned for revision"))
        % {"date": f"{aktivitas.tanggal:%d-%m-%Y}"},
        pesan=f"{aktivitas.uraian}\n{catatan}".strip(),
        tautan=reverse("aktivitas_hari", args=[aktivitas.tanggal.isoformat()]))


def _transition(aktivitas, actor, to, *, action, catatan="", **fields):
    _check_validator(aktivitas, actor)
    now = timezone.now()
    updated = Aktivitas.objects.filter(pk=aktivitas.pk, status=Aktivitas.Status.DIAJUKAN).update(
        status=to, catatan_validasi=catatan, diubah=now, divalidasi_oleh=actor,
        divalidasi_pada=now, **fields)
    if updated != 1:
        aktivitas.refresh_from_db()
        raise ValidationError(_("This activity was already handled (it is now %(status)s).")
                              % {"status": aktivitas.get_status_display().lower()})
    aktivitas.refresh_from_db()
    acting = kapasitas(actor, aktivitas.pegawai)
    entry = audit_record(actor=actor, action=action, target=aktivitas,
                         after={"status": to, "catatan": catatan,
                                **{k: str(v) for k, v in fields.items()},
                                **({"kapasitas": acting} if acting else {})})
    if to in (Aktivitas.Status.DITOLAK, Aktivitas.Status.DIKEMBALIKAN):
        _notify_decision(aktivitas, to, catatan, entry)
    skor_recompute_later(pegawai_id=aktivitas.pegawai_id, day=aktivitas.tanggal)
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


def aktivitas_approve_bulk(*, items, actor):
    """Approve many (a person's day, or a selection), leaving out the anomalous ones
    (penilaian.anomali) and any another validator handled first. Returns (approved,
    left out as [(activity, reasons)])."""
    items = list(items)
    anomalies = anomali_for(items)
    approved, left = [], []
    for aktivitas in items:
        if aktivitas.pk in anomalies:
            left.append((aktivitas, anomalies[aktivitas.pk]))
            continue
        try:
            approved.append(aktivitas_approve(aktivitas=aktivitas, actor=actor))
        except ValidationError as exc:
            left.append((aktivitas, exc.messages))
    return approved, left


UNDOABLE = (Aktivitas.Status.DISETUJUI, Aktivitas.Status.DITOLAK)


@transaction.atomic
def aktivitas_undo(*, aktivitas, actor, alasan):
    """Undo an approval or rejection: only the validator who made it, until the period's
    cut-off, with a reason. The activity waits for validation again; audited."""
    if not alasan.strip():
        raise ValidationError({"alasan": _("Give the reason for undoing the validation.")})
    if aktivitas.status not in UNDOABLE:
        raise ValidationError(_("Only an approval or a rejection can be undone."))
    if aktivitas.divalidasi_oleh_id != actor.pk:
        raise ValidationError(_("Only the supervisor who validated it can undo it."))
    # And only while they still may validate it: after the person moved to another
    # supervisor (or the acting post ended), the decision is no longer theirs to reopen.
    if aktivitas.dieskalasi_ke_id != actor.pk and not may_decide(actor, aktivitas.pegawai):
        raise ValidationError(_("You no longer validate this employee's activities; ask "
                                "their current supervisor."))
    periode = periode_of(aktivitas.tanggal)
    if periode is None or periode.terkunci or timezone.localdate() > periode.cutoff:
        raise ValidationError(_("The period's cut-off has passed; the validation stands. "
                                "BKD can reopen the period."))
    before = aktivitas.status
    updated = Aktivitas.objects.filter(pk=aktivitas.pk, status=before,
                                       divalidasi_oleh=actor).update(
        status=Aktivitas.Status.DIAJUKAN, divalidasi_oleh=None, divalidasi_pada=None,
        catatan_validasi="", diubah=timezone.now())
    if updated != 1:
        raise ValidationError(_("This activity was changed meanwhile. Reload the page."))
    aktivitas.refresh_from_db()
    audit_record(actor=actor, action="aktivitas.undo", target=aktivitas,
                 before={"status": before}, after={"status": aktivitas.status,
                                                   "alasan": alasan.strip()})
    skor_recompute_later(pegawai_id=aktivitas.pegawai_id, day=aktivitas.tanggal)
    return aktivitas
