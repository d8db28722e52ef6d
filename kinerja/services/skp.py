"""Writes of the SKP: its content (RHK, IKI, period targets, lampiran, BerAKHLAK
expectations) while the employee edits it, and its approval cycle (submit, approve,
return, revise), each approved version frozen. Transitions are conditional updates so a
double click or two supervisors at once give one result."""

from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja.audit import audit_record, snapshot
from ekinerja.notifikasi import notifikasi_kirim
from ekinerja.selectors import atasan_for

from ..berakhlak import BERAKHLAK
from ..models import (
    AGREGASI_ADITIF,
    Arah,
    Iki,
    JenisRhk,
    Perilaku,
    Periode,
    Skp,
    SkpVersi,
    TargetPeriode,
)

CENT = Decimal("0.01")


def _num(value):
    """12.50 -> '12.5', 90.00 -> '90': numbers in messages as people write them."""
    return format(value.normalize(), "f")


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


def target_periode_nilai(iki, n):
    """The annual target over n periods: split evenly when the periods add up to the year
    (additive, not a range), else the same target in each."""
    return split_target(iki.target, n) if _sums_to_annual(iki) else [iki.target] * n


def _reset_targets(iki):
    periods = list(Periode.objects.filter(tahun_id=iki.rhk.skp.tahun_id).order_by("nomor"))
    values = target_periode_nilai(iki, len(periods))
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
    from ..access import may_decide

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
    from ..access import kapasitas

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
