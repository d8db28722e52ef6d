"""Calibration of a unit's annual predikat (PermenPANRB 6/2022: the staff distribution must
fit the organisation's result). Before the year's predikat stand, BKD or the unit's head
opens a session for the unit: the organisation predikat and the curve's limits, each
person's predikat as proposed by their evaluator (filtered by sub-unit and evaluator), and
each evaluator's tendency (their share of Sangat Baik against the unit's). Before the
meeting the evaluators' own atasan agree or disagree with each proposal, with a reason. In
the session the facilitator changes a predikat only with a reason; the evaluator hears of
it and the evaluation holds the calibrated value. The session closes with the distribution
inside the curve or a recorded justification (refused when the year's curve is binding),
then locks. While it is open the unit's people cannot acknowledge or appeal their year's
predikat; once it locks, the time to appeal runs from then. Everything is audited.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja.access import is_atasan_of
from ekinerja.audit import audit_record
from ekinerja.notifikasi import notifikasi_kirim, notifikasi_kirim_banyak
from ekinerja.selectors import atasan_map

from . import kurva
from .access import may_set_predikat_unit
from .angka_kredit import angka_kredit_antre
from .evaluasi import distribusi, staf_unit
from .models import Evaluasi, KalibrasiBaris, PredikatUnit, SesiKalibrasi
from .predikat import Predikat
from .siasn import kirim_antre

SELESAI = (Evaluasi.Status.FINAL, Evaluasi.Status.DIAKUI, Evaluasi.Status.KEBERATAN,
           Evaluasi.Status.DIPUTUSKAN)
BARIS_PER_HALAMAN = 100


def evaluasi_sesi(sesi):
    """The year's evaluations past their draft of the unit's staff (its head excluded, as
    in the curve)."""
    return Evaluasi.objects.filter(pegawai__in=staf_unit(sesi.unit), tahun=sesi.tahun,
                                   nomor=0, status__in=SELESAI)


# --- the session's page -----------------------------------------------------------------------


def sebaran(sesi):
    """(counts per predikat, how many are still without a final evaluation, the curve's
    broken limits or None without an organisation predikat, the organisation predikat)."""
    counts, open_count = distribusi(sesi.unit, sesi.tahun)
    org = PredikatUnit.objects.filter(unit=sesi.unit, tahun=sesi.tahun).first()
    broken = kurva.periksa(kurva.batas_for(org.predikat), counts) if org else None
    return counts, open_count, broken, org


def kecenderungan(sesi):
    """Per evaluator: how many they proposed and their share of Sangat Baik, with the
    unit's share to compare (one grouped query)."""
    rows = list(evaluasi_sesi(sesi).values("penilai_id", "penilai_nama")
                .annotate(n=Count("id"), sb=Count("id", filter=Q(
                    predikat=Predikat.SANGAT_BAIK))).order_by("-n", "penilai_nama"))
    total, sb = sum(r["n"] for r in rows), sum(r["sb"] for r in rows)
    for r in rows:
        r["persen_sb"] = round(100 * r["sb"] / r["n"]) if r["n"] else 0
    return rows, round(100 * sb / total) if total else 0


def baris_halaman(sesi, *, sub_unit=None, penilai_id=None, hanya_penilai=None, halaman=1):
    """A page of the session's evaluations (filtered by a sub-unit's subtree and by the
    evaluator; `hanya_penilai`: the evaluators a previewer may see), each with its session
    row (proposal, preview, change). A fixed number of queries whatever the page size."""
    from django.core.paginator import Paginator

    rows = evaluasi_sesi(sesi).select_related("pegawai__unit", "penilai").order_by(
        "pegawai__unit__path", "pegawai__nama", "pk")
    if sub_unit is not None:
        rows = rows.filter(pegawai__unit__path__startswith=sub_unit.path)
    if penilai_id:
        rows = rows.filter(penilai_id=penilai_id)
    if hanya_penilai is not None:
        rows = rows.filter(penilai_id__in=hanya_penilai)
    page = Paginator(rows, BARIS_PER_HALAMAN).get_page(halaman)
    baris = {b.evaluasi_id: b for b in KalibrasiBaris.objects.filter(
        sesi=sesi, evaluasi_id__in=[e.pk for e in page])}
    labels = dict(Predikat.choices)
    for e in page:
        e.baris = baris.get(e.pk)
        e.usul = labels.get(e.baris.predikat_usul if e.baris else e.predikat, "-")
    return page


# --- writes -------------------------------------------------------------------------------


@transaction.atomic
def kalibrasi_buka(*, unit, tahun, actor):
    """Open the unit's session for the year (BKD or the unit's head); the evaluators'
    atasan are asked for their preview."""
    if not may_set_predikat_unit(actor, unit):
        raise ValidationError(_("Only BKD or the head of the unit opens its calibration."))
    org = PredikatUnit.objects.filter(unit=unit, tahun=tahun).first()
    if org is not None and org.final:
        raise ValidationError(_("The unit's predikat for %(year)s is final already.")
                              % {"year": tahun.tahun})
    sesi, created = SesiKalibrasi.objects.get_or_create(unit=unit, tahun=tahun,
                                                        defaults={"dibuka_oleh": actor})
    if not created:
        raise ValidationError(_("This unit has a calibration session for %(year)s already.")
                              % {"year": tahun.tahun})
    audit_record(actor=actor, action="kalibrasi.buka", target=sesi,
                 after={"unit": unit.pk, "tahun": tahun.tahun})
    evaluators = set(evaluasi_sesi(sesi).exclude(penilai=None)
                     .values_list("penilai_id", flat=True))
    atasan = {a for a in atasan_map(list(evaluators)).values() if a}
    notifikasi_kirim_banyak(
        jenis="kalibrasi_pratinjau", kunci=f"kalibrasi-{sesi.pk}",
        isi={a: (_("Preview the proposed predikat of %(unit)s") % {"unit": unit.nama},
                 _("Agree or disagree, with a reason, before the calibration meeting."))
             for a in atasan},
        tautan=reverse("kalibrasi_detail", args=[sesi.pk]))
    return sesi


def _terbuka(sesi):
    if sesi.status != SesiKalibrasi.Status.BUKA:
        raise ValidationError(_("The session is closed and locked."))


def _kunci(sesi, evaluasi):
    """The session locked for this write (a close waits for it, or it waits for a close),
    still open, and holding the evaluation (the unit's staff, its head excluded)."""
    sesi = SesiKalibrasi.objects.select_for_update().select_related("unit", "tahun").get(
        pk=sesi.pk)
    _terbuka(sesi)
    if not evaluasi_sesi(sesi).filter(pk=evaluasi.pk).exists():
        raise ValidationError(_("This evaluation is not one the session calibrates."))
    return sesi


def _baris(sesi, evaluasi):
    row, _created = KalibrasiBaris.objects.select_for_update().get_or_create(
        sesi=sesi, evaluasi=evaluasi, defaults={"predikat_usul": evaluasi.predikat})
    return row


@transaction.atomic
def kalibrasi_pratinjau(*, sesi, evaluasi, actor, setuju, alasan):
    """The evaluator's own atasan agrees or disagrees with the proposed predikat, with a
    reason (required to disagree)."""
    sesi = _kunci(sesi, evaluasi)
    if evaluasi.penilai is None or not is_atasan_of(actor, evaluasi.penilai):
        raise ValidationError(_("Only the evaluator's own supervisor previews this predikat."))
    if not setuju and not alasan.strip():
        raise ValidationError({"alasan": _("Give the reason you disagree.")})
    row = _baris(sesi, evaluasi)
    row.pratinjau = KalibrasiBaris.Pratinjau.SETUJU if setuju else \
        KalibrasiBaris.Pratinjau.TIDAK
    row.pratinjau_alasan, row.pratinjau_oleh = alasan.strip(), actor
    row.pratinjau_pada = timezone.now()
    row.full_clean()
    row.save()
    audit_record(actor=actor, action="kalibrasi.pratinjau", target=sesi,
                 after={"evaluasi": evaluasi.pk, "pratinjau": row.pratinjau,
                        "alasan": row.pratinjau_alasan})
    return row


@transaction.atomic
def kalibrasi_ubah(*, sesi, evaluasi, actor, predikat, alasan):
    """The facilitator changes a predikat, only with a reason; the evaluation holds the
    calibrated value (its acknowledgement, if any, is undone) and the evaluator hears of
    it. The result goes to SIASN again and the angka kredit is converted again."""
    sesi = _kunci(sesi, evaluasi)
    if not may_set_predikat_unit(actor, sesi.unit):
        raise ValidationError(_("Only the session's facilitator changes a predikat."))
    if evaluasi.pegawai_id == actor.pk:
        raise ValidationError(_("Nobody calibrates their own predikat."))
    if not alasan.strip():
        raise ValidationError({"alasan": _("Give the reason for the change.")})
    if predikat not in Predikat.values:
        raise ValidationError({"predikat": _("Choose the calibrated predikat.")})
    evaluasi = Evaluasi.objects.select_for_update().get(pk=evaluasi.pk)
    if evaluasi.status not in (Evaluasi.Status.FINAL, Evaluasi.Status.DIAKUI):
        raise ValidationError(_("An appealed evaluation is not calibrated."))
    if predikat == evaluasi.predikat:
        raise ValidationError({"predikat": _("Choose another predikat than the current one.")})
    row = _baris(sesi, evaluasi)
    before = evaluasi.predikat
    row.predikat_akhir, row.alasan = predikat, alasan.strip()
    row.diubah_oleh, row.diubah_pada = actor, timezone.now()
    row.full_clean()
    row.save()
    Evaluasi.objects.filter(pk=evaluasi.pk).update(
        predikat=predikat, status=Evaluasi.Status.FINAL, diakui_pada=None)
    audit_record(actor=actor, action="kalibrasi.ubah", target=evaluasi,
                 before={"predikat": before},
                 after={"predikat": predikat, "alasan": row.alasan, "sesi": sesi.pk})
    kirim_antre(evaluasi.pk)
    angka_kredit_antre(evaluasi)
    if evaluasi.penilai_id:
        notifikasi_kirim(
            penerima=evaluasi.penilai, jenis="kalibrasi_diubah", kunci=f"{row.pk}-{predikat}",
            judul=_("Calibration changed the predikat of %(name)s") % {
                "name": evaluasi.pegawai.nama_lengkap},
            pesan=_("From %(old)s to %(new)s: %(why)s") % {
                "old": Predikat(before).label, "new": Predikat(predikat).label,
                "why": row.alasan},
            tautan=reverse("evaluasi_detail", args=[evaluasi.pk]))
    return row


@transaction.atomic
def kalibrasi_tutup(*, sesi, actor, alasan):
    """Close and lock the session: the distribution inside the curve, or a justification
    (refused when the year's curve is binding). Each person's predikat then stands and the
    time to appeal starts."""
    sesi = SesiKalibrasi.objects.select_for_update().get(pk=sesi.pk)
    _terbuka(sesi)
    if not may_set_predikat_unit(actor, sesi.unit):
        raise ValidationError(_("Only the session's facilitator closes it."))
    counts, _open, broken, org = sebaran(sesi)
    if org is None:
        raise ValidationError(_("Set the unit's organisation predikat first: the curve "
                                "follows from it."))
    kurva.boleh_ditutup(broken, sesi.tahun, alasan)
    now = timezone.now()
    SesiKalibrasi.objects.filter(pk=sesi.pk).update(
        status=SesiKalibrasi.Status.TERKUNCI, ditutup_oleh=actor, ditutup_pada=now,
        alasan_di_luar_kurva=alasan.strip() if broken else "", sebaran=counts)
    sesi.refresh_from_db()
    audit_record(actor=actor, action="kalibrasi.tutup", target=sesi,
                 after={"sebaran": counts, "di_luar_kurva": broken or [],
                        "alasan": sesi.alasan_di_luar_kurva})
    people = {e.pegawai_id: e for e in evaluasi_sesi(sesi).filter(
        status=Evaluasi.Status.FINAL).select_related("tahun")}
    notifikasi_kirim_banyak(
        jenis="kalibrasi_selesai", kunci=f"kalibrasi-{sesi.pk}",
        isi={pk: (_("Your predikat of %(year)s stands: %(p)s") % {
            "year": e.tahun.tahun, "p": Predikat(e.predikat).label},
            _("The unit's calibration has closed. Acknowledge it, or appeal within the "
              "deadline.")) for pk, e in people.items()},
        tautan=reverse("evaluasi_saya"))
    return sesi
