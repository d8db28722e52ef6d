"""Realisation entered by hand: the employee's figure for an IKI measured by hand, per
period, while the period is open; audited, and the score follows."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja.audit import audit_record
from kinerja.models import Agregasi, RealisasiManual, Skp

from ..models import IkiIkm
from .hitung import skor_recompute_later


@transaction.atomic
def realisasi_manual_save(*, iki, periode, nilai, keterangan, actor):
    """The employee enters (or corrects) the period's realisation of an IKI measured by
    hand, while the period is open; audited, and the score follows."""
    skp = iki.rhk.skp
    if actor.pk != skp.pegawai_id:
        raise ValidationError(_("You can only enter the realisation of your own IKI."))
    if iki.agregasi != Agregasi.MANUAL:
        raise ValidationError(_("This IKI's realisation comes from approved activities."))
    link = IkiIkm.objects.filter(iki=iki).select_related("unit_layanan").first()
    if link is not None:
        raise ValidationError(_("This IKI's realisation is the IKM of %(unit)s, computed "
                                "from the public survey.") % {"unit": link.unit_layanan})
    if skp.status != Skp.Status.DISETUJUI and not skp.riwayat.exists():
        raise ValidationError(_("The SKP must be approved first."))
    if periode.tahun_id != skp.tahun_id:
        raise ValidationError(_("This period is not in the SKP's year."))
    today = timezone.localdate()
    if periode.terkunci or today > periode.cutoff:
        raise ValidationError(_("The period is closed; its scores are final. BKD can "
                                "reopen it."))
    if today < periode.mulai:
        raise ValidationError(_("The period has not started yet."))
    if nilai is None or nilai < 0:
        raise ValidationError({"nilai": _("The realisation cannot be negative.")})
    if not keterangan.strip():
        raise ValidationError({"keterangan": _("Say where the figure comes from.")})
    before = RealisasiManual.objects.filter(iki=iki, periode=periode).first()
    row, _created = RealisasiManual.objects.update_or_create(
        iki=iki, periode=periode,
        defaults={"nilai": nilai, "keterangan": keterangan.strip(), "diisi_oleh": actor})
    audit_record(actor=actor, action="realisasi.manual", target=row,
                 before={"nilai": str(before.nilai)} if before else None,
                 after={"nilai": str(nilai), "keterangan": row.keterangan})
    skor_recompute_later(pegawai_id=skp.pegawai_id, day=periode.mulai)
    return row
