"""Writes of training records: recording a completed training with its certificate, and
its verification. Each is atomic, checked and audited; only verified JP count."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja.access import admin_scope, is_atasan_of, unit_in_scope
from ekinerja.audit import audit_record, snapshot
from ekinerja.berkas import SCANS, check_upload

from .models import KegiatanBelajar, Partisipasi

FIELDS = ["nama", "jalur", "penyelenggara", "mulai", "selesai", "jp_klaim",
          "nomor_sertifikat", "kegiatan", "status"]


def _check_dates_and_jp(p):
    if p.mulai is None or p.selesai is None:
        raise ValidationError(_("Give the start and end dates."))
    if p.selesai < p.mulai:
        raise ValidationError({"selesai": _("The end cannot be before the start.")})
    if p.selesai > timezone.localdate():
        raise ValidationError({"selesai": _("Record a training once it has ended; the end "
                                            "date is in the future.")})
    days = (p.selesai - p.mulai).days + 1
    most = days * settings.JP_MAKS_HARI
    if not p.jp_klaim or p.jp_klaim < 1:
        raise ValidationError({"jp_klaim": _("The JP must be at least 1.")})
    if p.jp_klaim > most:
        raise ValidationError({"jp_klaim": _("%(jp)s JP in %(days)s day(s) is more than "
                                             "possible (at most %(most)s).") % {
            "jp": p.jp_klaim, "days": days, "most": most}})


def _check_duplicates(p):
    others = Partisipasi.objects.filter(pegawai=p.pegawai_id).exclude(
        status=Partisipasi.Status.DITOLAK).exclude(pk=p.pk)
    same = Q(kegiatan=p.kegiatan_id) if p.kegiatan_id else Q(nama__iexact=p.nama.strip())
    clash = others.filter(same, mulai__lte=p.selesai, selesai__gte=p.mulai).first()
    if clash:
        raise ValidationError(_("You already recorded this training for these dates "
                                "(%(start)s-%(end)s).") % {
            "start": f"{clash.mulai:%d-%m-%Y}", "end": f"{clash.selesai:%d-%m-%Y}"})
    if p.nomor_sertifikat and Partisipasi.objects.filter(
            nomor_sertifikat=p.nomor_sertifikat).exclude(
            status=Partisipasi.Status.DITOLAK).exclude(pk=p.pk).exists():
        raise ValidationError({"nomor_sertifikat": _("This certificate number is already "
                                                     "claimed.")})


@transaction.atomic
def partisipasi_catat(*, partisipasi, actor, berkas=None):
    """An employee records a training they completed (from the catalogue or described),
    with the certificate for a classical path; it then waits for verification."""
    p = partisipasi
    if actor.pk != p.pegawai_id:
        raise ValidationError(_("You can only record your own trainings."))
    if p.kegiatan_id:
        kegiatan = p.kegiatan
        if kegiatan.status != KegiatanBelajar.Status.DISETUJUI and \
                kegiatan.dibuat_oleh_id != actor.pk:
            raise ValidationError({"kegiatan": _("This activity is not in the catalogue "
                                                 "yet.")})
        p.nama = p.nama or kegiatan.nama
        p.jalur_id = p.jalur_id or kegiatan.jalur_id
        p.penyelenggara = p.penyelenggara or kegiatan.penyelenggara
    p.nama, p.nomor_sertifikat = p.nama.strip(), p.nomor_sertifikat.strip()
    if not p.nama:
        raise ValidationError({"nama": _("Name the training, or choose it from the "
                                         "catalogue.")})
    if not p.jalur_id:
        raise ValidationError({"jalur": _("Choose the learning path.")})
    if not p.penyelenggara.strip():
        raise ValidationError({"penyelenggara": _("Name the organiser.")})
    _check_dates_and_jp(p)
    _check_duplicates(p)
    if p.jalur.klasikal and berkas is None and not p.sertifikat:
        raise ValidationError({"berkas": _("Attach the certificate (PDF or image).")})
    p.status = Partisipasi.Status.DIAJUKAN
    if berkas is not None:
        p.sertifikat_jenis, p.sertifikat_nama = check_upload(berkas, SCANS)
        p.sertifikat.save(p.sertifikat_nama, berkas, save=False)
    try:  # a refused write must not leave the stored file behind
        p.full_clean(exclude=["sertifikat"])
        with transaction.atomic():
            p.save()
    except (ValidationError, IntegrityError) as exc:
        if berkas is not None:
            p.sertifikat.delete(save=False)
        if isinstance(exc, IntegrityError):
            raise ValidationError({"nomor_sertifikat": _("This certificate number is already "
                                                         "claimed.")}) from None
        raise
    audit_record(actor=actor, action="pelatihan.catat", target=p, after=snapshot(p, FIELDS))
    return p


def may_verify(user, partisipasi):
    """Classical paths: an admin whose scope holds the person (Admin BKD, or Admin OPD).
    Non-classical paths: the person's atasan (or whoever acts in that post). Never the
    person themself."""
    pegawai = partisipasi.pegawai
    if user.pk == pegawai.pk:
        return False
    if partisipasi.jalur.klasikal:
        return unit_in_scope(admin_scope(user), pegawai.unit)
    return is_atasan_of(user, pegawai)


def _decide(partisipasi, actor, **changes):
    if actor.pk == partisipasi.pegawai_id:
        raise ValidationError(_("No one verifies their own training."))
    if not may_verify(actor, partisipasi):
        raise ValidationError(_("You may not verify this training."))
    updated = Partisipasi.objects.filter(pk=partisipasi.pk,
                                         status=Partisipasi.Status.DIAJUKAN).update(
        diverifikasi_oleh=actor, diverifikasi_pada=timezone.now(), **changes)
    if updated != 1:
        raise ValidationError(_("This record was already handled. Reload the page."))
    partisipasi.refresh_from_db()
    return partisipasi


@transaction.atomic
def partisipasi_verifikasi(*, partisipasi, actor, jp_diakui=None, catatan=""):
    """Verify a claim: the JP claimed count, or a corrected number with a note."""
    jp = partisipasi.jp_klaim if jp_diakui is None else jp_diakui
    if jp < 1:
        raise ValidationError({"jp_diakui": _("The JP must be at least 1.")})
    if jp > partisipasi.jp_klaim:
        raise ValidationError({"jp_diakui": _("Recognise at most the %(jp)s JP claimed.")
                               % {"jp": partisipasi.jp_klaim}})
    if jp != partisipasi.jp_klaim and not catatan.strip():
        raise ValidationError({"catatan": _("Say why the JP are corrected.")})
    _decide(partisipasi, actor, status=Partisipasi.Status.TERVERIFIKASI, jp_diakui=jp,
            catatan_verifikasi=catatan.strip())
    audit_record(actor=actor, action="pelatihan.verifikasi", target=partisipasi,
                 after={"jp_diakui": jp, "catatan": partisipasi.catatan_verifikasi})
    return partisipasi


@transaction.atomic
def partisipasi_tolak(*, partisipasi, actor, alasan):
    if not alasan.strip():
        raise ValidationError({"alasan": _("Give the reason for rejecting.")})
    _decide(partisipasi, actor, status=Partisipasi.Status.DITOLAK,
            catatan_verifikasi=alasan.strip())
    audit_record(actor=actor, action="pelatihan.tolak", target=partisipasi,
                 after={"alasan": partisipasi.catatan_verifikasi})
    return partisipasi
