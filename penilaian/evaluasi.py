"""The atasan's periodic and annual evaluation, the employee's acknowledgement or appeal,
and the appeal's decision by the atasan pejabat penilai. Every write is atomic, checked
and audited; the predikat comes from penilaian.predikat only. Who may decide an appeal or
set a unit's predikat is answered by penilaian.access."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja.audit import audit_record
from ekinerja.models import Pegawai
from ekinerja.notifikasi import notifikasi_kirim
from ekinerja.selectors import atasan_for
from kinerja.access import kapasitas, may_decide
from kinerja.models import KontrakPppk, Periode, Rhk, Skp

from . import kurva, services
from .access import kepala_unit_of, may_decide_keberatan, may_set_predikat_unit
from .angka_kredit import angka_kredit_antre
from .models import (
    RATING_KEPALA,
    BatasKurva,
    Evaluasi,
    EvaluasiPerilaku,
    EvaluasiRhk,
    Keberatan,
    PredikatOrganisasi,
    PredikatUnit,
    SesiKalibrasi,
    Skor,
)
from .predikat import Predikat, Rating, predikat
from .siasn import kirim_antre

NILAI_BERAKHLAK = range(1, 8)


def _skps(pegawai, tahun):
    """The person's SKPs of the year that were approved at least once."""
    return (Skp.objects.filter(pegawai=pegawai, tahun=tahun)
            .filter(status=Skp.Status.DISETUJUI) | Skp.objects.filter(
                pegawai=pegawai, tahun=tahun, riwayat__isnull=False)).distinct()


def _fresh_score(pegawai, tahun, periode):
    """The person's score for the range, recomputed first while the range is open."""
    if periode is not None:
        services.skor_hitung(periode=periode, pegawai_ids=[pegawai.pk])
        return Skor.objects.filter(pegawai=pegawai, periode=periode).first()
    services.skor_hitung_tahun(tahun=tahun, pegawai_ids=[pegawai.pk])
    return Skor.objects.filter(pegawai=pegawai, tahun=tahun, nomor=Skor.TAHUNAN).first()


def _snapshot(evaluasi, actor):
    pegawai = evaluasi.pegawai
    evaluasi.penilai = actor
    evaluasi.penilai_nip, evaluasi.penilai_nama = actor.nip, actor.nama_lengkap
    evaluasi.penilai_jabatan = actor.jabatan.nama if actor.jabatan_id else ""
    evaluasi.penilai_unit = actor.unit.nama if actor.unit_id else ""
    evaluasi.penilai_kapasitas = kapasitas(actor, pegawai)
    evaluasi.pegawai_jabatan = pegawai.jabatan.nama if pegawai.jabatan_id else ""
    evaluasi.pegawai_unit = pegawai.unit.nama if pegawai.unit_id else ""


def evaluasi_periksa(*, pegawai, tahun, nomor, actor):
    """Whether `actor` may evaluate `pegawai` for period `nomor` of the year (0: the year)
    now: the period and the approved SKPs, or ValidationError saying why not. Reads only:
    the page shows it before anything is created."""
    if actor.pk == pegawai.pk or not may_decide(actor, pegawai):
        raise ValidationError(_("Only the employee's supervisor can evaluate them."))
    periode = None
    if nomor:
        periode = Periode.objects.filter(tahun=tahun, nomor=nomor).first()
        if periode is None:
            raise ValidationError(_("This period does not exist."))
        if periode.mulai > timezone.localdate():
            raise ValidationError(_("This period has not started yet."))
        if paruh_waktu(pegawai, tahun) and tahun.ritme == tahun.Ritme.BULANAN \
                and nomor % 3:
            raise ValidationError(_("A part-time PPPK is evaluated each quarter (March, June, "
                                    "September, December) and for the year."))
    skps = list(_skps(pegawai, tahun))
    if not skps:
        raise ValidationError(_("The employee has no approved SKP for %(year)s.")
                              % {"year": tahun.tahun})
    return periode, skps


@transaction.atomic
def evaluasi_buka(*, pegawai, tahun, nomor, actor):
    """Start the evaluation (a draft, prefilled from a fresh score), or refresh a draft
    from the latest score: the atasan's "Mulai evaluasi" / "Perbarui dari skor" (a POST;
    opening the page changes nothing)."""
    periode, skps = evaluasi_periksa(pegawai=pegawai, tahun=tahun, nomor=nomor, actor=actor)
    evaluasi, created = Evaluasi.objects.select_for_update().get_or_create(
        pegawai=pegawai, tahun=tahun, nomor=nomor,
        defaults={"periode": periode, "skp": skps[-1]})
    if evaluasi.status == Evaluasi.Status.DRAFT:
        skor = _fresh_score(pegawai, tahun, periode)
        evaluasi.skor_hasil = skor.skor_hasil if skor else None
        evaluasi.rating_saran = skor.rating_saran if skor else ""
        from_unit = rating_kepala(pegawai, tahun) if nomor == 0 else None
        if paruh_waktu(pegawai, tahun):
            from_unit = rating_organisasi(pegawai, tahun)
        if from_unit:
            evaluasi.rating_saran = from_unit
        _snapshot(evaluasi, actor)
        evaluasi.save()
        for rhk in Rhk.objects.filter(skp__in=skps):
            EvaluasiRhk.objects.get_or_create(evaluasi=evaluasi, rhk=rhk)
        for nilai in NILAI_BERAKHLAK:
            EvaluasiPerilaku.objects.get_or_create(evaluasi=evaluasi, nilai=nilai)
    if created:
        audit_record(actor=actor, action="evaluasi.create", target=evaluasi,
                     after={"tahun": tahun.tahun, "nomor": nomor})
    return evaluasi


@transaction.atomic
def evaluasi_save(*, evaluasi, actor, rating_hasil, alasan_rating, rating_perilaku,
                    umpan_balik_rhk, perilaku, final):
    """Save the atasan's ratings and feedback; with `final`, everything must be rated, a
    rating of hasil kerja other than the suggested one needs a reason, and the predikat
    follows from the matrix. A final evaluation no longer changes (except by appeal)."""
    evaluasi = Evaluasi.objects.select_for_update().get(pk=evaluasi.pk)
    if evaluasi.status != Evaluasi.Status.DRAFT:
        raise ValidationError(_("This evaluation is final."))
    if actor.pk == evaluasi.pegawai_id or not may_decide(actor, evaluasi.pegawai):
        raise ValidationError(_("Only the employee's supervisor can evaluate them."))
    errors = {}
    from_unit = rating_kepala(evaluasi.pegawai, evaluasi.tahun) if evaluasi.nomor == 0 \
        else None
    if final and from_unit and rating_hasil != from_unit:
        errors["rating_hasil"] = _("For the head of a unit, the rating of hasil kerja is the "
                                   "unit's result: %(rating)s.") % {
            "rating": Rating(from_unit).label}
    if final:
        if not rating_hasil:
            errors["rating_hasil"] = _("Choose the rating of hasil kerja.")
        if not rating_perilaku:
            errors["rating_perilaku"] = _("Choose the overall rating of perilaku.")
        if any(not perilaku.get(n, ("", ""))[0] for n in NILAI_BERAKHLAK):
            errors["perilaku"] = _("Rate each of the 7 BerAKHLAK values.")
        if (rating_hasil and evaluasi.rating_saran and rating_hasil != evaluasi.rating_saran
                and not alasan_rating.strip() and not from_unit):
            errors["alasan_rating"] = _("Say why the rating differs from the suggested one "
                                        "(%(suggested)s).") % {
                "suggested": Rating(evaluasi.rating_saran).label}
    if errors:
        raise ValidationError(errors)
    evaluasi.rating_hasil, evaluasi.rating_perilaku = rating_hasil, rating_perilaku
    evaluasi.alasan_rating = alasan_rating.strip()
    for row in evaluasi.rhk_set.all():
        if row.rhk_id in umpan_balik_rhk:
            row.umpan_balik = umpan_balik_rhk[row.rhk_id].strip()
            row.save(update_fields=["umpan_balik"])
    for row in evaluasi.perilaku_set.all():
        if row.nilai in perilaku:
            row.rating, row.umpan_balik = perilaku[row.nilai][0], perilaku[row.nilai][1].strip()
            row.save(update_fields=["rating", "umpan_balik"])
    _snapshot(evaluasi, actor)
    if final:
        evaluasi.predikat = predikat(rating_hasil, rating_perilaku)
        evaluasi.status = Evaluasi.Status.FINAL
        evaluasi.difinalkan_pada = timezone.now()
    evaluasi.save()
    if final:
        kirim_antre(evaluasi.pk)  # the result to SIASN, when it is configured
        angka_kredit_antre(evaluasi)  # a functional post's angka kredit from the predikat
        notifikasi_kirim(
            penerima=evaluasi.pegawai, jenis="evaluasi_siap", kunci=evaluasi.pk,
            judul=_("Your evaluation for %(label)s is ready") % {"label": evaluasi.label},
            pesan=_("Predikat: %(p)s. Acknowledge it, or appeal within the deadline.")
            % {"p": evaluasi.get_predikat_display()},
            tautan=reverse("evaluasi_detail", args=[evaluasi.pk]))
    audit_record(actor=actor, action="evaluasi.final" if final else "evaluasi.save",
                 target=evaluasi, after={
                     "rating_hasil": rating_hasil, "rating_perilaku": rating_perilaku,
                     "predikat": evaluasi.predikat, "alasan_rating": evaluasi.alasan_rating,
                     **({"kapasitas": evaluasi.penilai_kapasitas}
                        if evaluasi.penilai_kapasitas else {})})
    return evaluasi


@transaction.atomic
def evaluasi_akui(*, evaluasi, actor):
    """The employee acknowledges a final evaluation."""
    if actor.pk != evaluasi.pegawai_id:
        raise ValidationError(_("Only the evaluated employee can acknowledge it."))
    cek_kalibrasi(evaluasi, _("acknowledge it"))
    updated = Evaluasi.objects.filter(pk=evaluasi.pk, status=Evaluasi.Status.FINAL).update(
        status=Evaluasi.Status.DIAKUI, diakui_pada=timezone.now())
    if updated != 1:
        raise ValidationError(_("Only a final evaluation awaiting acknowledgement can be "
                                "acknowledged."))
    evaluasi.refresh_from_db()
    audit_record(actor=actor, action="evaluasi.akui", target=evaluasi)
    return evaluasi


def sesi_kalibrasi(evaluasi, status):
    """The calibration session of `status` over a unit that holds the person, for the
    year of an annual evaluation (penilaian.kalibrasi); None for a periodic one."""
    pegawai = evaluasi.pegawai
    if evaluasi.nomor != 0 or not pegawai.unit_id:
        return None
    return (SesiKalibrasi.objects.filter(tahun_id=evaluasi.tahun_id, status=status,
                                         unit_id__in=pegawai.unit.ancestor_ids())
            .order_by("-dibuka_pada").first())


def cek_kalibrasi(evaluasi, what):
    """ValidationError while the person's year predikat is being calibrated."""
    if sesi_kalibrasi(evaluasi, SesiKalibrasi.Status.BUKA) is not None:
        raise ValidationError(_("The predikat of %(year)s is being calibrated in your unit: "
                                "%(what)s once the session closes.")
                              % {"year": evaluasi.tahun.tahun, "what": what})


def batas_keberatan(evaluasi):
    """The last day an appeal can be filed: from when the evaluation became final, or from
    when the calibration of the person's unit closed, whichever is later."""
    if evaluasi.difinalkan_pada is None:
        return None
    start = evaluasi.difinalkan_pada
    sesi = sesi_kalibrasi(evaluasi, SesiKalibrasi.Status.TERKUNCI)
    if sesi is not None and sesi.ditutup_pada > start:
        start = sesi.ditutup_pada
    days = dt.timedelta(days=evaluasi.tahun.hari_keberatan)
    return timezone.localtime(start).date() + days


@transaction.atomic
def keberatan_submit(*, evaluasi, actor, alasan):
    """The employee appeals a final evaluation's predikat within the year's deadline."""
    if actor.pk != evaluasi.pegawai_id:
        raise ValidationError(_("Only the evaluated employee can appeal."))
    if not alasan.strip():
        raise ValidationError({"alasan": _("Give the reason for the appeal.")})
    if evaluasi.status != Evaluasi.Status.FINAL:
        raise ValidationError(_("Only a final evaluation that is not yet acknowledged can "
                                "be appealed."))
    cek_kalibrasi(evaluasi, _("appeal it"))
    last = batas_keberatan(evaluasi)
    if timezone.localdate() > last:
        raise ValidationError(_("The time to appeal ended on %(date)s.")
                              % {"date": f"{last:%d-%m-%Y}"})
    updated = Evaluasi.objects.filter(pk=evaluasi.pk, status=Evaluasi.Status.FINAL).update(
        status=Evaluasi.Status.KEBERATAN)
    if updated != 1:
        raise ValidationError(_("This evaluation was changed meanwhile. Reload the page."))
    keberatan = Keberatan.objects.create(evaluasi=evaluasi, alasan=alasan.strip(),
                                         predikat_awal=evaluasi.predikat)
    evaluasi.refresh_from_db()
    audit_record(actor=actor, action="keberatan.create", target=keberatan,
                 after={"alasan": keberatan.alasan, "predikat": keberatan.predikat_awal})
    decider = atasan_for(evaluasi.penilai) if evaluasi.penilai_id else None
    if decider is not None:
        notifikasi_kirim(
            penerima=decider, jenis="keberatan_diajukan", kunci=keberatan.pk,
            judul=_("%(name)s appealed an evaluation") % {"name": actor.nama_lengkap},
            pesan=keberatan.alasan, tautan=reverse("keberatan_list"))
    return keberatan


@transaction.atomic
def keberatan_putuskan(*, keberatan, actor, terima, predikat_baru, alasan):
    """Decide an appeal: upheld with a changed predikat, or rejected; a reason either
    way. The evaluation then shows the final predikat; audited."""
    if not may_decide_keberatan(actor, keberatan):
        raise ValidationError(_("Only the supervisor of the evaluator decides this appeal."))
    if not alasan.strip():
        raise ValidationError({"alasan": _("Give the reason for the decision.")})
    if terima and (predikat_baru not in Predikat.values
                   or predikat_baru == keberatan.predikat_awal):
        raise ValidationError({"predikat_baru": _("Choose the changed predikat.")})
    status = Keberatan.Status.DITERIMA if terima else Keberatan.Status.DITOLAK
    updated = Keberatan.objects.filter(pk=keberatan.pk,
                                       status=Keberatan.Status.DIAJUKAN).update(
        status=status, predikat_baru=predikat_baru if terima else "",
        alasan_keputusan=alasan.strip(), pemutus=actor, diputuskan_pada=timezone.now())
    if updated != 1:
        raise ValidationError(_("This appeal was already decided."))
    changes = {"status": Evaluasi.Status.DIPUTUSKAN}
    if terima:
        changes["predikat"] = predikat_baru
    Evaluasi.objects.filter(pk=keberatan.evaluasi_id).update(**changes)
    if terima:
        kirim_antre(keberatan.evaluasi_id)  # SIASN's record updated with the new predikat
        angka_kredit_antre(keberatan.evaluasi)  # and the angka kredit converted again
    keberatan.refresh_from_db()
    audit_record(actor=actor, action="keberatan.decide", target=keberatan,
                 before={"predikat": keberatan.predikat_awal},
                 after={"status": status, "predikat": predikat_baru if terima
                        else keberatan.predikat_awal, "alasan": keberatan.alasan_keputusan})
    notifikasi_kirim(
        penerima=keberatan.evaluasi.pegawai, jenis="keberatan_diputuskan", kunci=keberatan.pk,
        judul=_("Your appeal was upheld") if terima else _("Your appeal was rejected"),
        pesan=keberatan.alasan_keputusan,
        tautan=reverse("evaluasi_detail", args=[keberatan.evaluasi_id]))
    return keberatan


# --- the organisation predikat and the distribution curve ----------------------------------


def rating_kepala(pegawai, tahun):
    """For the head of a unit with an organisation predikat for the year: the rating of
    hasil kerja it gives them (the unit's result is theirs). Else None."""
    unit = kepala_unit_of(pegawai)
    if unit is None:
        return None
    row = PredikatUnit.objects.filter(unit=unit, tahun=tahun).first()
    return RATING_KEPALA[row.predikat] if row else None


def paruh_waktu(pegawai, tahun):
    """Whether a PPPK works part-time under a contract in the year (KepmenPANRB 16/2025)."""
    return pegawai.jenis == Pegawai.Jenis.PPPK and KontrakPppk.objects.filter(
        pegawai=pegawai, jenis=KontrakPppk.Jenis.PARUH_WAKTU,
        mulai__lte=dt.date(tahun.tahun, 12, 31), selesai__gte=dt.date(tahun.tahun, 1, 1)
    ).exists()


def rating_organisasi(pegawai, tahun):
    """A part-time PPPK is rated against the organisation's result: the rating of hasil
    kerja that the year's organisation predikat of their unit (or the nearest unit above
    with one) gives. None while there is none."""
    if not pegawai.unit_id:
        return None
    rows = dict(PredikatUnit.objects.filter(unit_id__in=pegawai.unit.ancestor_ids(),
                                            tahun=tahun).values_list("unit_id", "predikat"))
    nearest = next((rows[u] for u in reversed(pegawai.unit.ancestor_ids()) if u in rows),
                   None)
    return RATING_KEPALA[nearest] if nearest else None


def staf_unit(unit):
    """The active people of the unit's subtree but its head (their result is the unit's)."""
    head = Pegawai.objects.filter(jabatan__unit=unit, jabatan__kepala_unit=True,
                                  unit=unit, aktif=True).values_list("pk", flat=True)
    return (Pegawai.objects.filter(aktif=True, unit__path__startswith=unit.path)
            .exclude(pk__in=list(head)))


def distribusi(unit, tahun):
    """The staff predikat of the year in the unit's subtree (its head excluded: their
    result is the unit's), and how many still have no final annual evaluation."""
    staff = staf_unit(unit)
    counts = dict(Evaluasi.objects.filter(pegawai__in=staff, tahun=tahun, nomor=0)
                  .exclude(status=Evaluasi.Status.DRAFT).values_list("predikat")
                  .annotate(n=Count("id")).values_list("predikat", "n"))
    return counts, staff.count() - sum(counts.values())


@transaction.atomic
def predikat_unit_tetapkan(*, unit, tahun, predikat_org, actor, final, alasan=""):
    """Set a unit's organisation predikat for the year; finalising checks the staff
    distribution against the curve: outside it, a justification is required, or (when
    the year's curve is binding) finalising is refused. Audited."""
    if not may_set_predikat_unit(actor, unit):
        raise ValidationError(_("Only BKD or the head of the unit sets its predikat."))
    if predikat_org not in PredikatOrganisasi.values:
        raise ValidationError({"predikat": _("Choose the organisation predikat.")})
    row = PredikatUnit.objects.select_for_update().filter(unit=unit, tahun=tahun).first()
    if row is not None and row.final:
        raise ValidationError(_("The unit's predikat for %(year)s is final.")
                              % {"year": tahun.tahun})
    broken = []
    if final:
        counts, _open = distribusi(unit, tahun)
        broken = kurva.periksa(kurva.batas_for(predikat_org), counts)
        kurva.boleh_ditutup(broken, tahun, alasan)
    row, _created = PredikatUnit.objects.update_or_create(
        unit=unit, tahun=tahun, defaults={
            "predikat": predikat_org, "final": final, "ditetapkan_oleh": actor,
            "alasan_di_luar_kurva": alasan.strip() if broken else ""})
    audit_record(actor=actor, action="predikat_unit.final" if final else "predikat_unit.set",
                 target=row, after={"predikat": predikat_org, "di_luar_kurva": broken,
                                    "alasan": row.alasan_di_luar_kurva})
    return row


@transaction.atomic
def batas_kurva_save(*, forms, actor):
    """Admin BKD changes limits of the curve (validated forms of BatasKurva); each changed
    row is audited with its old and new value."""
    for form in forms:
        if not form.has_changed():
            continue
        before = BatasKurva.objects.get(pk=form.instance.pk)
        form.save()
        row = BatasKurva.objects.get(pk=form.instance.pk)
        audit_record(actor=actor, action="kurva.batas", target=row,
                     before={"jenis": before.jenis, "persen": str(before.persen)},
                     after={"jenis": row.jenis, "persen": str(row.persen)})
