"""Writes of daily activities and their evidence: recording (every rule of a valid
activity), deleting, submitting, copying a day; adding and removing evidence."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ekinerja.audit import audit_record, snapshot
from ekinerja.gangguan import susulan_terbuka

from ..models import Aktivitas, BuktiDukung, KontrakPppk, Periode, Skp, TahunKinerja
from .periode import _cutoff_after, _month_end
from .rencana import check_rencana_aksi


def _minutes(start, end):
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def month_cutoff(day):
    """Until when a day's month accepts entries: the year's cut-off day of the next month
    (None if BKD has not set the year up)."""
    tahun = TahunKinerja.objects.filter(tahun=day.year).first()
    if tahun is None:
        return None
    return _cutoff_after(_month_end(day.year, day.month), tahun.hari_cutoff)


def _check_month_open(day):
    cutoff = month_cutoff(day)
    if cutoff is None:
        raise ValidationError(_("The performance year %(year)s has not been set up by BKD.")
                              % {"year": day.year})
    if timezone.localdate() > cutoff and susulan_terbuka(day) is None:
        # After an outage, BKD's backfill window keeps the missed days open a while longer.
        raise ValidationError(_("Entries for %(month)s closed on %(date)s.") % {
            "month": f"{day:%m/%Y}", "date": f"{cutoff:%d-%m-%Y}"})
    if Periode.objects.filter(tahun__tahun=day.year, mulai__lte=day, selesai__gte=day,
                              terkunci=True).exists():
        raise ValidationError(_("The period of this date is locked by BKD."))


def _check_iki(aktivitas):
    if aktivitas.kategori != Aktivitas.Kategori.IKI:
        aktivitas.iki = None
        return
    if aktivitas.iki_id is None:
        raise ValidationError({"iki": _("Choose the IKI this activity advances.")})
    skp = aktivitas.iki.rhk.skp
    approved_once = skp.status == Skp.Status.DISETUJUI or skp.riwayat.exists()
    if skp.pegawai_id != aktivitas.pegawai_id or skp.tahun.tahun != aktivitas.tanggal.year \
            or not approved_once:
        raise ValidationError({"iki": _("Choose an IKI of your approved SKP for %(year)s.")
                               % {"year": aktivitas.tanggal.year}})


def _check_day(aktivitas):
    """No overlap with the person's other activities that day; the day's total within the
    cap. Rejected activities do not count."""
    others = Aktivitas.objects.filter(pegawai_id=aktivitas.pegawai_id,
                                      tanggal=aktivitas.tanggal).exclude(
        status=Aktivitas.Status.DITOLAK)
    if aktivitas.pk:
        others = others.exclude(pk=aktivitas.pk)
    clash = others.filter(mulai__lt=aktivitas.selesai, selesai__gt=aktivitas.mulai).first()
    if clash:
        raise ValidationError({"mulai": _("This time overlaps another activity "
                                          "(%(start)s-%(end)s: %(what)s).") % {
            "start": f"{clash.mulai:%H:%M}", "end": f"{clash.selesai:%H:%M}",
            "what": Truncator(clash.uraian).words(12, truncate="…")}})
    total = sum(o.menit for o in others) + aktivitas.menit
    if total > settings.MAKS_MENIT_HARI:
        raise ValidationError(_("The day would have %(total)s minutes of activities; at most "
                                "%(max)s are accepted.") % {"total": total,
                                                            "max": settings.MAKS_MENIT_HARI})


@transaction.atomic
def _check_kontrak(pegawai, tanggal):
    """A PPPK with recorded work contracts works on the days of one of them."""
    if pegawai.jenis != pegawai.Jenis.PPPK:
        return
    contracts = list(KontrakPppk.objects.filter(pegawai=pegawai).order_by("mulai"))
    if contracts and not any(k.mulai <= tanggal <= k.selesai for k in contracts):
        raise ValidationError({"tanggal": _(
            "This day is outside your work contract (%(ranges)s).") % {"ranges": ", ".join(
                f"{k.mulai:%d-%m-%Y} - {k.selesai:%d-%m-%Y}" for k in contracts)}})


def aktivitas_save(*, aktivitas, actor):
    """Create or change an activity of the actor's own (draft or returned)."""
    if actor.pk != aktivitas.pegawai_id:
        raise ValidationError(_("You can only record your own activities."))
    if aktivitas.pk:
        current = Aktivitas.objects.select_for_update().get(pk=aktivitas.pk)
        if not current.editable:
            raise ValidationError(_("A submitted activity cannot be changed unless it is "
                                    "returned for revision."))
    today = timezone.localdate()
    pegawai = aktivitas.pegawai
    if aktivitas.tanggal > today:
        raise ValidationError({"tanggal": _("Activities cannot be recorded for a future "
                                            "date.")})
    if pegawai.tanggal_mulai and aktivitas.tanggal < pegawai.tanggal_mulai:
        raise ValidationError({"tanggal": _("You started here on %(date)s.") % {
            "date": f"{pegawai.tanggal_mulai:%d-%m-%Y}"}})
    if pegawai.tanggal_selesai and aktivitas.tanggal > pegawai.tanggal_selesai:
        raise ValidationError({"tanggal": _("You left on %(date)s.") % {
            "date": f"{pegawai.tanggal_selesai:%d-%m-%Y}"}})
    _check_kontrak(pegawai, aktivitas.tanggal)
    if aktivitas.selesai <= aktivitas.mulai:
        raise ValidationError({"selesai": _("The end must be after the start.")})
    now = timezone.localtime()  # the server's clock, in Asia/Jakarta (TIME_ZONE)
    if aktivitas.tanggal == now.date() and aktivitas.selesai > now.time().replace(
            second=0, microsecond=0):
        raise ValidationError({"selesai": _(
            "The end (%(end)s) is later than now (%(now)s): record work once it is done.")
            % {"end": f"{aktivitas.selesai:%H:%M}", "now": f"{now:%H:%M}"}})
    aktivitas.menit = _minutes(aktivitas.mulai, aktivitas.selesai)
    _check_month_open(aktivitas.tanggal)
    _check_iki(aktivitas)
    check_rencana_aksi(aktivitas)
    aktivitas.full_clean()
    _check_day(aktivitas)
    created = aktivitas.pk is None
    try:
        with transaction.atomic():
            aktivitas.save()
    except IntegrityError:
        # Another request saved an overlapping activity between our check and our write.
        raise ValidationError({"mulai": _("This time overlaps another activity.")}) from None
    audit_record(actor=actor, action="aktivitas.create" if created else "aktivitas.update",
                 target=aktivitas, after=snapshot(aktivitas, AKTIVITAS_FIELDS))
    return aktivitas


AKTIVITAS_FIELDS = ["tanggal", "mulai", "selesai", "menit", "uraian", "kategori", "iki",
                    "rencana_aksi", "output", "status", "dicatat_luring"]


@transaction.atomic
def aktivitas_delete(*, aktivitas, actor):
    if actor.pk != aktivitas.pegawai_id:
        raise ValidationError(_("You can only delete your own activities."))
    if Aktivitas.objects.filter(pk=aktivitas.pk, status=Aktivitas.Status.DRAFT).count() != 1:
        raise ValidationError(_("Only a draft can be deleted."))
    files = [b.berkas for b in aktivitas.bukti.exclude(berkas="")]
    audit_record(actor=actor, action="aktivitas.delete", target=aktivitas,
                 before=snapshot(aktivitas, AKTIVITAS_FIELDS))
    aktivitas.delete()
    transaction.on_commit(lambda: [f.delete(save=False) for f in files])


@transaction.atomic
def aktivitas_submit(*, items, actor):
    """Submit one activity or a whole day. Each must be the actor's, editable, in an open
    month, and carry evidence where its indicator requires it. All or none."""
    items = list(items)
    if not items:
        raise ValidationError(_("There is nothing to submit."))
    for a in items:
        if a.pegawai_id != actor.pk:
            raise ValidationError(_("You can only submit your own activities."))
        _check_month_open(a.tanggal)
        if a.iki_id and a.iki.wajib_bukti and not a.bukti.exists():
            raise ValidationError(_("\"%(what)s\" needs evidence: its indicator requires it.")
                                  % {"what": a.uraian[:60]})
    updated = Aktivitas.objects.filter(pk__in=[a.pk for a in items],
                                       status__in=Aktivitas.EDITABLE).update(
        status=Aktivitas.Status.DIAJUKAN, diajukan_pada=timezone.now())
    if updated != len(items):
        raise ValidationError(_("Some of these activities were already submitted. Reload the "
                                "page."))
    for a in items:
        audit_record(actor=actor, action="aktivitas.submit", target=a)
    return updated


@transaction.atomic
def aktivitas_copy_day(*, pegawai, source, target, actor):
    """Copy a day's activities (not rejected ones) to another day as drafts, skipping any
    that would overlap what the target day already has. Returns how many were copied."""
    copied = 0
    for a in Aktivitas.objects.filter(pegawai=pegawai, tanggal=source).exclude(
            status=Aktivitas.Status.DITOLAK).select_related("iki__rhk__skp__tahun"):
        new = Aktivitas(pegawai=pegawai, tanggal=target, mulai=a.mulai, selesai=a.selesai,
                        uraian=a.uraian, kategori=a.kategori, iki=a.iki, output=a.output)
        try:
            with transaction.atomic():
                aktivitas_save(aktivitas=new, actor=actor)
            copied += 1
        except ValidationError as exc:
            if "mulai" in getattr(exc, "error_dict", {}):
                continue  # overlaps what the target day already has
            raise
    return copied


@transaction.atomic
def bukti_add(*, aktivitas, actor, upload=None, tautan=""):
    from ekinerja.berkas import check_upload

    if actor.pk != aktivitas.pegawai_id or not aktivitas.editable:
        raise ValidationError(_("Evidence can only be added to your own activity while it can "
                                "be edited."))
    if upload is not None:
        jenis, name = check_upload(upload)
        bukti = BuktiDukung(aktivitas=aktivitas, nama_berkas=name, jenis_berkas=jenis,
                            ukuran=upload.size)
        bukti.berkas.save(name, upload, save=False)
    else:
        bukti = BuktiDukung(aktivitas=aktivitas, tautan=tautan.strip())
        if not bukti.tautan.startswith(("https://", "http://")):
            raise ValidationError({"tautan": _("Give a link that starts with https://.")})
    bukti.full_clean()
    bukti.save()
    audit_record(actor=actor, action="bukti.add", target=aktivitas,
                 after={"bukti": str(bukti)})
    return bukti


@transaction.atomic
def bukti_delete(*, bukti, actor):
    aktivitas = bukti.aktivitas
    if actor.pk != aktivitas.pegawai_id or not aktivitas.editable:
        raise ValidationError(_("Evidence can only be removed from your own activity while it "
                                "can be edited."))
    audit_record(actor=actor, action="bukti.delete", target=aktivitas,
                 before={"bukti": str(bukti)})
    berkas = bukti.berkas
    bukti.delete()
    if berkas:
        transaction.on_commit(lambda: berkas.delete(save=False))
