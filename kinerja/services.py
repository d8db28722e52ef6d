"""Writes of performance plans. Atomic, validated, audited; transitions are conditional
updates so a double click or two supervisors at once give one result."""

import calendar
import datetime as dt
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from ekinerja.audit import audit_record, snapshot
from ekinerja.notifikasi import notifikasi_kirim
from ekinerja.selectors import atasan_for

from .berakhlak import BERAKHLAK
from .models import (
    AGREGASI_ADITIF,
    Aktivitas,
    Arah,
    BuktiDukung,
    Iki,
    Indikator,
    JenisRhk,
    Perilaku,
    Periode,
    Rhk,
    Skp,
    SkpVersi,
    TahunKinerja,
    TargetPeriode,
    TemplateIki,
    TemplateRhk,
)

CENT = Decimal("0.01")


def _num(value):
    """12.50 -> '12.5', 90.00 -> '90': numbers in messages as people write them."""
    return format(value.normalize(), "f")


# --- years and periods ------------------------------------------------------------------


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


# --- indicator library ------------------------------------------------------------------

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


# --- SKP content ------------------------------------------------------------------------


def split_target(total, count):
    """The annual target split evenly over the periods, the rounding rest in the last."""
    base = (total / count).quantize(CENT, rounding=ROUND_DOWN)
    return [base] * (count - 1) + [total - base * (count - 1)]


def _check_editable(skp, actor):
    if actor.pk != skp.pegawai_id:
        raise ValidationError(_("Only the employee can change their own SKP."))
    if not skp.editable:
        raise ValidationError(_("This SKP is %(status)s and cannot be changed. An approved SKP "
                                "is changed through a revision.") % {
                                    "status": skp.get_status_display().lower()})


@transaction.atomic
def skp_create(*, pegawai, tahun, actor):
    """A new SKP for the person's current post. A transfer later starts another one."""
    if actor.pk != pegawai.pk:
        raise ValidationError(_("Only the employee can start their own SKP."))
    if pegawai.jabatan_id is None:
        raise ValidationError(_("You have no position; ask your admin to set it."))
    skp = Skp(pegawai=pegawai, tahun=tahun, jabatan=pegawai.jabatan, unit=pegawai.unit)
    skp.full_clean()
    skp.save()
    Perilaku.objects.bulk_create(Perilaku(skp=skp, nilai=n) for n in BERAKHLAK)
    audit_record(actor=actor, action="skp.create", target=skp)
    return skp


def _check_parent(rhk):
    """Intervensi only to an approved RHK of the current atasan, same year; an organisation
    goal only for someone with no atasan in the system (heads of OPD), of their own OPD."""
    skp = rhk.skp
    atasan = atasan_for(skp.pegawai)
    if rhk.intervensi_id:
        parent = rhk.intervensi.skp
        if atasan is None or parent.pegawai_id != atasan.pk or parent.tahun_id != skp.tahun_id \
                or parent.status != Skp.Status.DISETUJUI:
            raise ValidationError({"intervensi": _(
                "Choose an RHK from the approved SKP of your current supervisor for this "
                "year.")})
    if rhk.sasaran_id:
        opd_id = skp.unit.ancestor_ids()[1] if len(skp.unit.ancestor_ids()) > 1 else None
        if atasan is not None or rhk.sasaran.unit_id != opd_id or \
                rhk.sasaran.tahun_id != skp.tahun_id:
            raise ValidationError({"sasaran": _(
                "Only the head of an OPD links to an organisation goal, of their own OPD and "
                "year.")})


@transaction.atomic
def rhk_save(*, rhk, actor):
    _check_editable(rhk.skp, actor)
    if rhk.intervensi_id and rhk.sasaran_id:
        raise ValidationError(_("Link the RHK either to your supervisor's RHK or to an "
                                "organisation goal, not both."))
    rhk.full_clean()
    _check_parent(rhk)
    created = rhk.pk is None
    rhk.save()
    if rhk.jenis == JenisRhk.TAMBAHAN:
        rhk.iki.update(bobot=0)
    audit_record(actor=actor, action="rhk.create" if created else "rhk.update", target=rhk,
                 after=snapshot(rhk, ["jenis", "uraian", "intervensi", "sasaran"]))
    return rhk


@transaction.atomic
def rhk_delete(*, rhk, actor):
    _check_editable(rhk.skp, actor)
    if rhk.turunan.exists():
        raise ValidationError(_("Subordinates' RHKs support this RHK; it cannot be deleted."))
    audit_record(actor=actor, action="rhk.delete", target=rhk,
                 before=snapshot(rhk, ["jenis", "uraian"]))
    rhk.delete()


def _check_iki_target(iki):
    if iki.target is None or iki.target <= 0:
        # Capaian divides by the target (or by the realisation, where lower is better).
        raise ValidationError({"target": _("The target must be greater than zero.")})
    if iki.arah == Arah.RENTANG:
        if iki.target_atas is None or iki.target_atas < iki.target:
            raise ValidationError({"target_atas": _(
                "A range needs an upper bound at least as large as the target.")})
    else:
        iki.target_atas = None


@transaction.atomic
def iki_save(*, iki, actor):
    """Create or change an IKI. Library IKIs take meaning from their indicator version.
    Period targets are (re)split evenly whenever the annual target changes."""
    skp = iki.rhk.skp
    _check_editable(skp, actor)
    if iki.indikator_versi_id:
        v = iki.indikator_versi
        iki.nama, iki.satuan, iki.aspek = v.nama, v.satuan, v.aspek
        iki.arah, iki.agregasi, iki.wajib_bukti = v.arah, v.agregasi, v.wajib_bukti
    if iki.rhk.jenis == JenisRhk.TAMBAHAN:
        iki.bobot = Decimal("0")
    _check_iki_target(iki)
    iki.full_clean()
    old_target = Iki.objects.filter(pk=iki.pk).values_list("target", flat=True).first()
    created = iki.pk is None
    iki.save()
    if created or old_target != iki.target:
        _reset_targets(iki)
    audit_record(actor=actor, action="iki.create" if created else "iki.update", target=iki,
                 after=snapshot(iki, ["nama", "aspek", "satuan", "arah", "target",
                                      "target_atas", "bobot", "indikator_versi"]))
    return iki


def _reset_targets(iki):
    periods = list(Periode.objects.filter(tahun_id=iki.rhk.skp.tahun_id).order_by("nomor"))
    if iki.agregasi in AGREGASI_ADITIF and iki.arah != Arah.RENTANG:
        values = split_target(iki.target, len(periods))
    else:
        values = [iki.target] * len(periods)
    TargetPeriode.objects.filter(iki=iki).delete()
    TargetPeriode.objects.bulk_create(
        TargetPeriode(iki=iki, periode=p, target=v) for p, v in zip(periods, values, strict=True))


def _sums_to_annual(iki):
    return iki.agregasi in AGREGASI_ADITIF and iki.arah != Arah.RENTANG


@transaction.atomic
def targets_save(*, iki, values, actor):
    """values: periode id -> target. Additive indicators must sum to the annual target."""
    _check_editable(iki.rhk.skp, actor)
    rows = {t.periode_id: t for t in iki.target_periode.all()}
    if set(values) != set(rows):
        raise ValidationError(_("Give a target for every period."))
    if any(v is None or v < 0 for v in values.values()):
        raise ValidationError(_("A period target cannot be negative or empty."))
    total = sum(values.values(), Decimal("0"))
    if _sums_to_annual(iki) and total != iki.target:
        raise ValidationError(_("The period targets add up to %(sum)s, but the annual target "
                                "is %(target)s.") % {"sum": _num(total),
                                                     "target": _num(iki.target)})
    for periode_id, value in values.items():
        rows[periode_id].target = value
    TargetPeriode.objects.bulk_update(rows.values(), ["target"])
    audit_record(actor=actor, action="iki.targets", target=iki,
                 after={str(k): str(v) for k, v in values.items()})


@transaction.atomic
def iki_delete(*, iki, actor):
    _check_editable(iki.rhk.skp, actor)
    audit_record(actor=actor, action="iki.delete", target=iki, before={"nama": iki.nama})
    iki.delete()


@transaction.atomic
def skp_lampiran_save(*, skp, actor):
    _check_editable(Skp.objects.get(pk=skp.pk), actor)
    skp.full_clean()
    skp.save(update_fields=["pendekatan", "dukungan_sumber_daya", "skema_pertanggungjawaban",
                            "konsekuensi"])
    audit_record(actor=actor, action="skp.lampiran", target=skp)
    return skp


def skp_problems(skp):
    """What stops the SKP from being submitted (empty when it is complete)."""
    problems = []
    rhks = list(skp.rhk.prefetch_related("iki__target_periode"))
    utama = [r for r in rhks if r.jenis == JenisRhk.UTAMA]
    if not utama:
        problems.append(_("Add at least one main (Utama) RHK."))
    for rhk in rhks:
        if not rhk.iki.all():
            problems.append(_("RHK \"%(rhk)s\" has no indicator (IKI).") % {"rhk": rhk})
    has_atasan = atasan_for(skp.pegawai) is not None
    for rhk in utama:
        if has_atasan and not rhk.intervensi_id:
            problems.append(_("Main RHK \"%(rhk)s\" must support an RHK of your supervisor.")
                            % {"rhk": rhk})
        if not has_atasan and not rhk.sasaran_id:
            problems.append(_("Main RHK \"%(rhk)s\" must support an organisation goal.")
                            % {"rhk": rhk})
    weight = sum((i.bobot for r in utama for i in r.iki.all()), Decimal("0"))
    if utama and weight != 100:
        problems.append(_("The weights of the main IKIs add up to %(sum)s; they must add up "
                          "to 100.") % {"sum": _num(weight)})
    for rhk in rhks:
        for iki in rhk.iki.all():
            total = sum((t.target for t in iki.target_periode.all()), Decimal("0"))
            if _sums_to_annual(iki) and total != iki.target:
                problems.append(_("The period targets of \"%(iki)s\" add up to %(sum)s, not "
                                  "%(target)s.") % {"iki": iki, "sum": _num(total),
                                                    "target": _num(iki.target)})
    return problems


def _transition(skp, frm, to, **fields):
    updated = Skp.objects.filter(pk=skp.pk, status__in=frm).update(status=to, **fields)
    if updated != 1:
        skp.refresh_from_db()
        raise ValidationError(_("This SKP has just been changed (it is now %(status)s). Reload "
                                "the page.") % {"status": skp.get_status_display().lower()})
    skp.refresh_from_db()


@transaction.atomic
def skp_submit(*, skp, actor):
    _check_editable(skp, actor)
    problems = skp_problems(skp)
    if problems:
        raise ValidationError(problems)
    _transition(skp, Skp.EDITABLE, Skp.Status.DIAJUKAN)
    entry = audit_record(actor=actor, action="skp.submit", target=skp)
    atasan = atasan_for(skp.pegawai)
    if atasan is not None:  # (a head of OPD without one is approved by the Admin BKD)
        notifikasi_kirim(penerima=atasan, jenis="skp_diajukan", kunci=entry.pk,
                         judul=_("%(name)s submitted the SKP %(year)s") % {
                             "name": skp.pegawai.nama_lengkap, "year": skp.tahun.tahun},
                         pesan=_("Approve it or return it with a note."),
                         tautan=reverse("skp_detail", args=[skp.pk]))
    return skp


def _check_approver(skp, actor):
    from .access import may_decide

    if not may_decide(actor, skp.pegawai):
        raise ValidationError(_("Only the employee's current supervisor can decide on this "
                                "SKP."))


def skp_content(skp):
    """The SKP as a plain structure: what is frozen in each approved version."""
    return {
        "pendekatan": skp.pendekatan,
        "jabatan": skp.jabatan.nama,
        "unit": skp.unit.nama,
        "rhk": [{
            "jenis": r.jenis, "uraian": r.uraian,
            "intervensi": r.intervensi.uraian if r.intervensi_id else None,
            "sasaran": r.sasaran.uraian if r.sasaran_id else None,
            "iki": [{
                "nama": i.nama, "aspek": i.aspek, "satuan": i.satuan, "arah": i.arah,
                "target": str(i.target),
                "target_atas": str(i.target_atas) if i.target_atas is not None else None,
                "bobot": str(i.bobot),
                "indikator_versi": i.indikator_versi_id,
                "target_periode": {str(t.periode.nomor): str(t.target)
                                   for t in i.target_periode.all()},
            } for i in r.iki.all()],
        } for r in skp.rhk.select_related("intervensi", "sasaran").prefetch_related(
            "iki__target_periode__periode")],
        "perilaku": {str(p.nilai): p.ekspektasi_khusus for p in skp.perilaku.all()},
        "lampiran": {"dukungan_sumber_daya": skp.dukungan_sumber_daya,
                     "skema_pertanggungjawaban": skp.skema_pertanggungjawaban,
                     "konsekuensi": skp.konsekuensi},
    }


def _kapasitas(actor, pegawai):
    """An acting official's post and whom they stand in for, for the audit (or nothing)."""
    from .access import kapasitas

    found = kapasitas(actor, pegawai) if actor is not None else None
    return {"kapasitas": found} if found else {}


@transaction.atomic
def skp_approve(*, skp, actor):
    _check_approver(skp, actor)
    now = timezone.now()
    if atasan_for(skp.pegawai) is None:
        jabatan = _("Admin BKD on behalf of the regional head")
    else:
        jabatan = actor.jabatan.nama if actor.jabatan_id else ""
    _transition(skp, [Skp.Status.DIAJUKAN], Skp.Status.DISETUJUI, disetujui_pada=now,
                catatan_atasan="", atasan_nip=actor.nip, atasan_nama=actor.nama_lengkap,
                atasan_jabatan=jabatan, atasan_unit=actor.unit.nama if actor.unit_id else "")
    SkpVersi.objects.create(skp=skp, nomor=skp.versi, isi=skp_content(skp), disetujui_pada=now,
                            atasan_nip=actor.nip, atasan_nama=actor.nama_lengkap)
    entry = audit_record(actor=actor, action="skp.approve", target=skp,
                         after={"versi": skp.versi, **_kapasitas(actor, skp.pegawai)})
    notifikasi_kirim(penerima=skp.pegawai, jenis="skp_disetujui", kunci=entry.pk,
                     judul=_("Your SKP %(year)s was approved") % {"year": skp.tahun.tahun},
                     pesan=_("Approved by %(name)s.") % {"name": actor.nama_lengkap},
                     tautan=reverse("skp_detail", args=[skp.pk]))
    return skp


@transaction.atomic
def skp_return(*, skp, actor, catatan):
    _check_approver(skp, actor)
    if not catatan.strip():
        raise ValidationError({"catatan": _("Write what must be fixed.")})
    _transition(skp, [Skp.Status.DIAJUKAN], Skp.Status.DIKEMBALIKAN,
                catatan_atasan=catatan.strip())
    entry = audit_record(actor=actor, action="skp.return", target=skp,
                         after={"catatan": catatan})
    notifikasi_kirim(penerima=skp.pegawai, jenis="skp_dikembalikan", kunci=entry.pk,
                     judul=_("Your SKP %(year)s was returned") % {"year": skp.tahun.tahun},
                     pesan=catatan.strip(), tautan=reverse("skp_detail", args=[skp.pk]))
    return skp


@transaction.atomic
def skp_revise(*, skp, actor):
    """Reopen an approved SKP as the next version; the approved one stays in the history
    until the supervisor approves the revision."""
    if actor.pk != skp.pegawai_id:
        raise ValidationError(_("Only the employee can revise their own SKP."))
    _transition(skp, [Skp.Status.DISETUJUI], Skp.Status.DRAFT, versi=skp.versi + 1)
    audit_record(actor=actor, action="skp.revise", target=skp, after={"versi": skp.versi})
    return skp


@transaction.atomic
def perilaku_save(*, skp, ekspektasi, actor):
    """The supervisor's specific expectation per BerAKHLAK value (nilai -> text)."""
    _check_approver(skp, actor)
    if skp.status == Skp.Status.DISETUJUI:
        raise ValidationError(_("An approved SKP is changed through a revision."))
    rows = {p.nilai: p for p in skp.perilaku.all()}
    for nilai, text in ekspektasi.items():
        rows[nilai].ekspektasi_khusus = text.strip()
    Perilaku.objects.bulk_update(rows.values(), ["ekspektasi_khusus"])
    audit_record(actor=actor, action="skp.perilaku", target=skp,
                 after={str(k): v for k, v in ekspektasi.items()})


# --- templates --------------------------------------------------------------------------


def template_weights_ok(jabatan):
    total = TemplateIki.objects.filter(rhk__jabatan=jabatan, rhk__jenis=JenisRhk.UTAMA
                                       ).aggregate(s=Sum("bobot"))["s"] or 0
    return total == 100


def template_apply_plan(*, jabatan, tahun):
    """Who would get a draft SKP from the template: active holders without an SKP for
    this year and post. Returns (to_create, already_have)."""
    from .selectors import template_holders

    holders = list(template_holders(jabatan=jabatan))
    have = set(Skp.objects.filter(tahun=tahun, jabatan=jabatan, pegawai__in=holders)
               .values_list("pegawai_id", flat=True))
    return [p for p in holders if p.pk not in have], [p for p in holders if p.pk in have]


@transaction.atomic
def template_apply(*, jabatan, tahun, actor):
    """Create draft SKPs from the position's template for every holder that has none, in
    a constant number of statements however many holders there are."""
    rhks = list(TemplateRhk.objects.filter(jabatan=jabatan).prefetch_related("iki__indikator"))
    if not rhks:
        raise ValidationError(_("This position has no SKP template yet."))
    to_create, _have = template_apply_plan(jabatan=jabatan, tahun=tahun)
    if not to_create:
        return 0
    on = dt.date(tahun.tahun, 1, 1)
    versions = {}
    for trhk in rhks:
        for tiki in trhk.iki.all():
            versions[tiki.pk] = indikator_versi_current(tiki.indikator, on=on)
    skps = Skp.objects.bulk_create(
        Skp(pegawai=p, tahun=tahun, jabatan=jabatan, unit=p.unit) for p in to_create)
    Perilaku.objects.bulk_create(Perilaku(skp=s, nilai=n) for s in skps for n in BERAKHLAK)
    new_rhks = Rhk.objects.bulk_create(
        Rhk(skp=s, jenis=t.jenis, uraian=t.uraian) for s in skps for t in rhks)
    new_ikis, sources = [], []
    for rhk, trhk in zip(new_rhks, [t for _s in skps for t in rhks], strict=True):
        for tiki in trhk.iki.all():
            v = versions[tiki.pk]
            new_ikis.append(Iki(rhk=rhk, indikator_versi=v, nama=v.nama, aspek=v.aspek,
                                satuan=v.satuan, arah=v.arah, agregasi=v.agregasi,
                                wajib_bukti=v.wajib_bukti, target=tiki.target,
                                target_atas=tiki.target if v.arah == Arah.RENTANG else None,
                                bobot=tiki.bobot if trhk.jenis == JenisRhk.UTAMA else 0))
            sources.append(tiki)
    new_ikis = Iki.objects.bulk_create(new_ikis)
    periods = list(Periode.objects.filter(tahun=tahun).order_by("nomor"))
    targets = []
    for iki in new_ikis:
        values = split_target(iki.target, len(periods)) if _sums_to_annual(iki) \
            else [iki.target] * len(periods)
        targets.extend(TargetPeriode(iki=iki, periode=p, target=v)
                       for p, v in zip(periods, values, strict=True))
    TargetPeriode.objects.bulk_create(targets, batch_size=5000)
    audit_record(actor=actor, action="template.apply", target=jabatan,
                 after={"tahun": tahun.tahun, "skp": len(skps)})
    return len(skps)


# --- configuration rows (templates, task catalogue, organisation goals) -----------------


@transaction.atomic
def config_save(*, obj, actor):
    """Create or update a simple configuration row that BKD maintains."""
    obj.full_clean()
    created = obj.pk is None
    obj.save()
    kind = obj._meta.model_name
    audit_record(actor=actor, action=f"{kind}.{'create' if created else 'update'}", target=obj)
    return obj


@transaction.atomic
def config_delete(*, obj, actor):
    audit_record(actor=actor, action=f"{obj._meta.model_name}.delete", target=obj)
    obj.delete()


# --- daily activities -------------------------------------------------------------------


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
    if timezone.localdate() > cutoff:
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
                    "output", "status"]


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
