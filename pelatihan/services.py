"""Writes of training: the catalogue (BKD adds, anyone proposes, BKD reviews), recording a
completed training with its certificate and its verification (only verified JP count),
and the yearly development plan agreed with the atasan. Each write is atomic, checked and
audited."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja.access import is_admin_bkd
from ekinerja.audit import audit_record, snapshot
from ekinerja.berkas import SCANS, check_upload

from .access import may_agree_rencana, may_edit_kegiatan, may_verify
from .models import JalurBelajar, KegiatanBelajar, Partisipasi, RencanaKegiatan, RencanaPengembangan

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
def partisipasi_reject(*, partisipasi, actor, alasan):
    if not alasan.strip():
        raise ValidationError({"alasan": _("Give the reason for rejecting.")})
    _decide(partisipasi, actor, status=Partisipasi.Status.DITOLAK,
            catatan_verifikasi=alasan.strip())
    audit_record(actor=actor, action="pelatihan.tolak", target=partisipasi,
                 after={"alasan": partisipasi.catatan_verifikasi})
    return partisipasi


# --- the catalogue ----------------------------------------------------------------------

KEGIATAN_FIELDS = ["nama", "jalur", "penyelenggara", "moda", "mulai", "selesai", "jp",
                   "kompetensi", "status"]


def kompetensi_tags(text):
    """Competency tags as stored: lower case, single spaces, each once, in order."""
    tags = []
    for part in (text or "").split(","):
        tag = " ".join(part.lower().split())
        if tag and tag not in tags:
            tags.append(tag)
    return tags


@transaction.atomic
def kegiatan_save(*, kegiatan, actor):
    """Add or change a learning activity. Added by Admin BKD it is in the catalogue at
    once; added by anyone else it is a proposal for BKD to review."""
    k = kegiatan
    before = None
    if k.pk is None:
        k.dibuat_oleh = actor
        k.status = (KegiatanBelajar.Status.DISETUJUI if is_admin_bkd(actor)
                    else KegiatanBelajar.Status.USULAN)
    else:
        current = KegiatanBelajar.objects.select_for_update().get(pk=k.pk)
        if not may_edit_kegiatan(actor, current):
            raise ValidationError(_("Only the Admin BKD changes the catalogue."))
        before = snapshot(current, KEGIATAN_FIELDS)
    k.nama, k.penyelenggara = k.nama.strip(), k.penyelenggara.strip()
    if not k.nama:
        raise ValidationError({"nama": _("Name the learning activity.")})
    if not k.penyelenggara:
        raise ValidationError({"penyelenggara": _("Name the organiser.")})
    if k.mulai and k.selesai:
        if k.selesai < k.mulai:
            raise ValidationError({"selesai": _("The end cannot be before the start.")})
        days = (k.selesai - k.mulai).days + 1
        if k.jp and k.jp > days * settings.JP_MAKS_HARI:
            raise ValidationError({"jp": _("%(jp)s JP in %(days)s day(s) is more than "
                                           "possible (at most %(most)s).") % {
                "jp": k.jp, "days": days, "most": days * settings.JP_MAKS_HARI}})
    if k.jalur_id and not k.jalur.aktif:
        raise ValidationError({"jalur": _("This learning path is no longer used.")})
    k.kompetensi = ", ".join(kompetensi_tags(k.kompetensi))
    k.full_clean(exclude=["dibuat_oleh"])
    if KegiatanBelajar.objects.filter(nama__iexact=k.nama, mulai=k.mulai).exclude(
            status=KegiatanBelajar.Status.DITOLAK).exclude(pk=k.pk).exists():
        raise ValidationError({"nama": _("This activity is already in the catalogue for "
                                         "this start date.")})
    k.save()
    audit_record(actor=actor, action="pelatihan.katalog_simpan", target=k, before=before,
                 after=snapshot(k, KEGIATAN_FIELDS))
    return k


@transaction.atomic
def kegiatan_tinjau(*, kegiatan, actor, terima, catatan=""):
    """Admin BKD takes a proposed activity into the catalogue, or declines it with a
    reason (the proposer sees it)."""
    if not is_admin_bkd(actor):
        raise ValidationError(_("Only the Admin BKD reviews proposed activities."))
    if not terima and not catatan.strip():
        raise ValidationError({"catatan": _("Give the reason for not accepting it.")})
    status = KegiatanBelajar.Status.DISETUJUI if terima else KegiatanBelajar.Status.DITOLAK
    updated = KegiatanBelajar.objects.filter(
        pk=kegiatan.pk, status=KegiatanBelajar.Status.USULAN).update(
        status=status, ditinjau_oleh=actor, catatan_tinjauan=catatan.strip())
    if updated != 1:
        raise ValidationError(_("This proposal was already reviewed. Reload the page."))
    kegiatan.refresh_from_db()
    audit_record(actor=actor, action="pelatihan.katalog_tinjau", target=kegiatan,
                 after={"status": status, "catatan": kegiatan.catatan_tinjauan})
    return kegiatan


# --- the development plan ---------------------------------------------------------------

RENCANA_FIELDS = ["tahun", "tujuan", "kesenjangan", "status"]


def _rencana_locked(rencana):
    return RencanaPengembangan.objects.select_for_update().get(pk=rencana.pk)


@transaction.atomic
def rencana_save(*, rencana, kegiatan, actor):
    """The employee writes their plan for a year with its planned learning (a list of
    unsaved RencanaKegiatan, which replaces the previous one). Saving an agreed plan makes
    it a draft again: the atasan agrees to what is planned, not to an earlier version."""
    r = rencana
    if actor.pk != r.pegawai_id:
        raise ValidationError(_("Only the employee writes their development plan."))
    before = None
    if r.pk:
        current = _rencana_locked(r)
        if current.status == RencanaPengembangan.Status.DIAJUKAN:
            raise ValidationError(_("The plan is with the atasan; it can be changed once "
                                    "they return it."))
        before = snapshot(current, RENCANA_FIELDS)
    this_year = timezone.localdate().year
    if not this_year - 1 <= r.tahun <= this_year + 1:
        raise ValidationError(_("Plan for last year, this year or next year."))
    r.tujuan, r.kesenjangan = r.tujuan.strip(), r.kesenjangan.strip()
    if not r.tujuan:
        raise ValidationError({"tujuan": _("Write the development goals.")})
    for item in kegiatan:
        if item.kegiatan_id:
            item.nama = item.nama.strip() or item.kegiatan.nama
            item.jalur_id = item.jalur_id or item.kegiatan.jalur_id
        if not item.nama.strip() or not item.jalur_id:
            raise ValidationError(_("Each planned activity needs a name (or a catalogue "
                                    "entry) and a learning path."))
        if not item.jp or item.jp < 1:
            raise ValidationError(_("Each planned activity needs at least 1 JP."))
    r.status = RencanaPengembangan.Status.DRAFT
    r.disepakati_oleh, r.disepakati_pada = None, None
    r.full_clean(exclude=["pegawai"])
    r.save()
    r.kegiatan_set.all().delete()
    for item in kegiatan:
        item.rencana = r
    RencanaKegiatan.objects.bulk_create(kegiatan)
    audit_record(actor=actor, action="pelatihan.rencana_simpan", target=r, before=before,
                 after={**snapshot(r, RENCANA_FIELDS),
                        "kegiatan": [[i.nama, i.jalur_id, i.jp, i.triwulan] for i in kegiatan]})
    return r


def _move(rencana, actor, frm, to, action, **changes):
    updated = RencanaPengembangan.objects.filter(pk=rencana.pk, status=frm).update(
        status=to, **changes)
    if updated != 1:
        raise ValidationError(_("The plan was already changed. Reload the page."))
    rencana.refresh_from_db()
    audit_record(actor=actor, action=action, target=rencana,
                 after={"status": to, "catatan": rencana.catatan_atasan})
    return rencana


@transaction.atomic
def rencana_submit(*, rencana, actor):
    if actor.pk != rencana.pegawai_id:
        raise ValidationError(_("Only the employee submits their development plan."))
    if not rencana.kegiatan_set.exists():
        raise ValidationError(_("Plan at least one learning activity before submitting."))
    return _move(rencana, actor, RencanaPengembangan.Status.DRAFT,
                 RencanaPengembangan.Status.DIAJUKAN, "pelatihan.rencana_ajukan")


@transaction.atomic
def rencana_putuskan(*, rencana, actor, sepakat, catatan=""):
    """The atasan agrees to the submitted plan, or returns it to the employee with a
    note."""
    if not may_agree_rencana(actor, rencana):
        raise ValidationError(_("Only the employee's atasan agrees to their plan."))
    if not sepakat and not catatan.strip():
        raise ValidationError({"catatan": _("Say what should change.")})
    if sepakat:
        return _move(rencana, actor, RencanaPengembangan.Status.DIAJUKAN,
                     RencanaPengembangan.Status.DISEPAKATI, "pelatihan.rencana_sepakati",
                     disepakati_oleh=actor, disepakati_pada=timezone.now(),
                     catatan_atasan=catatan.strip())
    return _move(rencana, actor, RencanaPengembangan.Status.DIAJUKAN,
                 RencanaPengembangan.Status.DRAFT, "pelatihan.rencana_kembalikan",
                 catatan_atasan=catatan.strip())


# --- the learning paths -----------------------------------------------------------------


@transaction.atomic
def jalur_save(*, forms, actor):
    """Admin BKD renames or retires learning paths (validated forms of JalurBelajar; the
    codes stay as the regulation has them). Each changed row is audited."""
    if not is_admin_bkd(actor):
        raise ValidationError(_("Only the Admin BKD changes the learning paths."))
    for form in forms:
        if not form.has_changed():
            continue
        before = snapshot(JalurBelajar.objects.get(pk=form.instance.pk), ["nama", "aktif"])
        row = form.save()
        audit_record(actor=actor, action="pelatihan.jalur", target=row, before=before,
                     after=snapshot(row, ["nama", "aktif"]))


# --- reminders --------------------------------------------------------------------------


def pengingat_jp(*, today=None):
    """In the last quarter, a notification to each active person still under their JP
    right (once a month). Returns how many were made."""
    from ekinerja.models import Pegawai
    from ekinerja.notifikasi import notifikasi_kirim

    from .selectors import kepatuhan

    today = today or timezone.localdate()
    if today.month < 10:
        return 0
    made = 0
    for person in kepatuhan(Pegawai.objects.filter(aktif=True), today.year).filter(
            jp_kurang__gt=0).iterator(chunk_size=2000):
        made += notifikasi_kirim(
            penerima=person, jenis="pelatihan_pengingat", kunci=f"{today:%Y-%m}",
            judul=_("You still need %(jp)s JP this year") % {"jp": person.jp_kurang},
            pesan=_("%(n)s of your %(hak)s JP are verified. Record completed trainings, or "
                    "plan one from the catalogue.") % {"n": person.jp_dihitung,
                                                        "hak": person.hak},
            tautan=reverse("pelatihan_saya")) is not None
    return made
