"""Dialog kinerja: the atasan and the employee meet at least once a quarter (PermenPANRB
6/2022: monitoring, clarifying expectations, coaching, mentoring, counseling), planned or
ad hoc. Both write their notes, agree actions with an owner (one of the two) and a due
date, and acknowledge it; an action open after its dialogue is on the agenda of the next
ones until it is closed in one of them. A dialogue is private to the two; either of them
may share it with the atasan's own atasan. Acknowledged by both, it is closed.

The quarter's reminder tells each atasan whom they have not met yet (once a quarter).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ekinerja.access import is_atasan_of
from ekinerja.audit import audit_record, snapshot
from ekinerja.models import Pegawai
from ekinerja.notifikasi import notifikasi_kirim_banyak
from ekinerja.selectors import atasan_for, atasan_map

from .models import AksiDialog, Dialog

FIELDS = ["tanggal", "jenis", "direncanakan", "topik"]


def triwulan(day):
    """(first day, last day, number) of the quarter `day` is in."""
    q = (day.month - 1) // 3
    start = dt.date(day.year, 3 * q + 1, 1)
    end = dt.date(day.year, 12, 31) if q == 3 else \
        dt.date(day.year, 3 * q + 4, 1) - dt.timedelta(days=1)
    return start, end, q + 1


def pihak(user, dialog):
    """Which side of the dialogue `user` is: "atasan", "pegawai" or None."""
    if user.pk == dialog.atasan_id:
        return "atasan"
    if user.pk == dialog.pegawai_id:
        return "pegawai"
    return None


def _terbuka(dialog):
    if dialog.selesai:
        raise ValidationError(_("Both have acknowledged this dialogue: it is closed."))


@transaction.atomic
def dialog_create(*, dialog, actor):
    """The atasan plans or records a dialogue with one of their people, or the employee
    asks their atasan for one. `dialog`: unsaved, with pegawai and the fields set."""
    pegawai = dialog.pegawai
    if actor.pk == pegawai.pk:
        atasan = atasan_for(pegawai)
        if atasan is None:
            raise ValidationError(_("You have no supervisor to hold a dialogue with."))
    elif is_atasan_of(actor, pegawai):
        atasan = actor
    else:
        raise ValidationError(_("Only the employee and their supervisor hold a dialogue."))
    today = timezone.localdate()
    if not dialog.direncanakan and dialog.tanggal > today:
        raise ValidationError({"tanggal": _("A dialogue held ad hoc cannot be in the future; "
                                            "plan it instead.")})
    if dialog.tanggal < dt.date(today.year - 1, 1, 1) or \
            dialog.tanggal > today + dt.timedelta(days=366):
        raise ValidationError({"tanggal": _("Choose a date within a year of today.")})
    dialog.atasan, dialog.dibuat_oleh = atasan, actor
    dialog.full_clean()
    dialog.save()
    audit_record(actor=actor, action="dialog.create", target=dialog,
                 after={**snapshot(dialog, FIELDS), "pegawai": pegawai.pk,
                        "atasan": atasan.pk})
    return dialog


@transaction.atomic
def dialog_catatan_save(*, dialog, actor, catatan):
    """Each side writes its own notes, until the dialogue is closed."""
    dialog = Dialog.objects.select_for_update().get(pk=dialog.pk)
    side = pihak(actor, dialog)
    if side is None:
        raise ValidationError(_("Only the two in the dialogue write its notes."))
    _terbuka(dialog)
    field = f"catatan_{side}"
    before = getattr(dialog, field)
    setattr(dialog, field, catatan.strip())
    dialog.full_clean()
    dialog.save(update_fields=[field, "diubah"])
    audit_record(actor=actor, action="dialog.catatan", target=dialog,
                 before={field: before}, after={field: getattr(dialog, field)})
    return dialog


@transaction.atomic
def aksi_create(*, aksi, actor):
    """An action agreed in the dialogue, owned by one of the two."""
    dialog = Dialog.objects.select_for_update().get(pk=aksi.dialog_id)
    if pihak(actor, dialog) is None:
        raise ValidationError(_("Only the two in the dialogue agree its actions."))
    _terbuka(dialog)
    if aksi.pemilik_id not in (dialog.pegawai_id, dialog.atasan_id):
        raise ValidationError({"pemilik": _("The owner is one of the two in the dialogue.")})
    aksi.full_clean()
    aksi.save()
    audit_record(actor=actor, action="dialog.aksi", target=dialog,
                 after={"aksi": aksi.pk, "uraian": aksi.uraian, "pemilik": aksi.pemilik_id,
                        "tenggat": str(aksi.tenggat)})
    return aksi


@transaction.atomic
def aksi_tutup(*, aksi, dialog, actor, catatan):
    """Close an open action of the pair in `dialog` (the one it was agreed in, or a later
    one it was carried to)."""
    dialog = Dialog.objects.select_for_update().get(pk=dialog.pk)
    if pihak(actor, dialog) is None:
        raise ValidationError(_("Only the two in the dialogue close its actions."))
    _terbuka(dialog)
    origin = aksi.dialog
    if (origin.pegawai_id, origin.atasan_id) != (dialog.pegawai_id, dialog.atasan_id) \
            or origin.tanggal > dialog.tanggal:
        raise ValidationError(_("This action is not on this dialogue's agenda."))
    closed = AksiDialog.objects.filter(pk=aksi.pk, ditutup_pada__isnull=True).update(
        ditutup_di=dialog, ditutup_pada=timezone.now(), catatan_tutup=catatan.strip()[:300])
    if closed != 1:
        raise ValidationError(_("This action was closed already."))
    audit_record(actor=actor, action="dialog.aksi_tutup", target=dialog,
                 after={"aksi": aksi.pk, "catatan": catatan.strip()[:300]})


@transaction.atomic
def dialog_akui(*, dialog, actor):
    """One side acknowledges the dialogue as held and written; with both, it is closed."""
    dialog = Dialog.objects.select_for_update().get(pk=dialog.pk)
    side = pihak(actor, dialog)
    if side is None:
        raise ValidationError(_("Only the two in the dialogue acknowledge it."))
    if dialog.tanggal > timezone.localdate():
        raise ValidationError(_("A dialogue is acknowledged once it has been held."))
    field = f"diakui_{side}"
    if getattr(dialog, field) is not None:
        raise ValidationError(_("You have acknowledged this dialogue already."))
    setattr(dialog, field, timezone.now())
    dialog.save(update_fields=[field, "diubah"])
    audit_record(actor=actor, action="dialog.akui", target=dialog, after={"pihak": side})
    return dialog


@transaction.atomic
def dialog_bagikan(*, dialog, actor, bagikan):
    """Either side shares the dialogue with the atasan's own atasan, or stops sharing it."""
    if pihak(actor, dialog) is None:
        raise ValidationError(_("Only the two in the dialogue decide who else sees it."))
    Dialog.objects.filter(pk=dialog.pk).update(dibagikan=bagikan)
    audit_record(actor=actor, action="dialog.bagikan", target=dialog,
                 before={"dibagikan": dialog.dibagikan}, after={"dibagikan": bagikan})


def pengingat_dialog(*, today=None):
    """The quarter's reminder (beat, from the quarter's last month): each atasan hears whom
    of their people they have not held a dialogue with this quarter; once a quarter (the
    notification's key). Set-based: the whole province in a few queries. Returns how many
    were made."""
    today = today or timezone.localdate()
    start, end, q = triwulan(today)
    people = list(Pegawai.objects.filter(aktif=True).values_list("pk", flat=True))
    atasan = atasan_map(people)
    held = set(Dialog.objects.filter(tanggal__range=(start, min(end, today)))
               .values_list("pegawai_id", flat=True))
    due = {}
    for pk in people:
        if atasan.get(pk) and pk not in held:
            due.setdefault(atasan[pk], []).append(pk)
    isi = {a: (ngettext("%(n)s of your people has had no performance dialogue this quarter",
                        "%(n)s of your people have had no performance dialogue this quarter",
                        len(ids)) % {"n": len(ids)},
               _("Quarter %(q)s of %(y)s ends on %(end)s. Plan a dialogue with each of them.")
               % {"q": q, "y": today.year, "end": end.strftime("%d-%m-%Y")})
           for a, ids in due.items()}
    return notifikasi_kirim_banyak(jenis="dialog_pengingat", kunci=f"{today.year}-T{q}",
                                   isi=isi, tautan=reverse("dialog_list"))
