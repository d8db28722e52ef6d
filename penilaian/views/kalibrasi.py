"""Calibration sessions: the list (those I facilitate or preview) and opening one, the
session's page (the curve, the evaluators' tendencies, the people filtered by sub-unit and
evaluator), a preview, a change with its reason, and closing it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ekinerja.selectors import jejak
from ekinerja.views.forms import run_action

from .. import access, kalibrasi, selectors
from ..forms import (
    KalibrasiBukaForm,
    KalibrasiPratinjauForm,
    KalibrasiTutupForm,
    KalibrasiUbahForm,
)
from ..predikat import Predikat


def _units(user):
    """The units whose calibration `user` may open: BKD's OPDs in scope, their own unit."""
    try:
        units = access.kurva_units_for(user)
    except Http404:
        return []
    return [u for u in units if access.may_set_predikat_unit(user, u)]


@require_GET
def daftar_view(request):
    units = _units(request.user)
    tahun = timezone.localdate().year
    sessions = [s for s in selectors.sesi_kalibrasi_tahun(tahun)
                if _may_open_page(request.user, s.pk)]
    return render(request, "penilaian/kalibrasi_list.html", {
        "sessions": sessions, "tahun": tahun,
        "form": KalibrasiBukaForm(units=units) if units else None})


def _may_open_page(user, pk):
    try:
        access.get_sesi_kalibrasi_for(user, pk)
    except Http404:
        return False
    return True


@require_POST
def buka_view(request):
    form = KalibrasiBukaForm(request.POST, units=_units(request.user))
    tahun = selectors.tahun_berjalan()
    if not form.is_valid() or tahun is None:
        raise Http404
    sesi = run_action(request, lambda: kalibrasi.kalibrasi_buka(
        unit=form.cleaned_data["unit"], tahun=tahun, actor=request.user),
        _("Calibration session opened."))
    return redirect("kalibrasi_detail", sesi.pk) if sesi else redirect("kalibrasi_list")


@require_GET
def detail_view(request, pk):
    sesi, fasilitator, penilai = access.get_sesi_kalibrasi_for(request.user, pk)
    sub = None
    if request.GET.get("sub", "").isdigit():
        sub = next((u for u in _anak(sesi) if u.pk == int(request.GET["sub"])), None)
    penilai_id = int(request.GET["penilai"]) if request.GET.get("penilai", "").isdigit() \
        else None
    counts, open_count, broken, org = kalibrasi.sebaran(sesi)
    total = sum(counts.values())
    tendencies, unit_sb = kalibrasi.kecenderungan(sesi) if fasilitator else ([], None)
    return render(request, "penilaian/kalibrasi_detail.html", {
        "sesi": sesi, "fasilitator": fasilitator, "jejak": jejak(sesi.unit, sesi.unit),
        "halaman": kalibrasi.baris_halaman(sesi, sub_unit=sub, penilai_id=penilai_id,
                                           hanya_penilai=penilai,
                                           halaman=request.GET.get("hal")),
        "sebaran": [(label, counts.get(value, 0),
                     round(100 * counts.get(value, 0) / total, 1) if total else 0)
                    for value, label in Predikat.choices],
        "total": total, "open_count": open_count, "broken": broken, "org": org,
        "tendencies": tendencies, "unit_sb": unit_sb, "anak": _anak(sesi), "sub": sub,
        "penilai_id": penilai_id, "predikat_choices": Predikat.choices,
        "qs": request.GET.urlencode(), "tutup_form": KalibrasiTutupForm()})


def _anak(sesi):
    return selectors.unit_anak(sesi.unit)


def _kembali(request, sesi):
    qs = QueryDict(request.POST.get("qs", "")).urlencode()
    return redirect(f"/kalibrasi/{sesi.pk}/" + (f"?{qs}" if qs else ""))


@require_POST
def ubah_view(request, pk, evaluasi_pk):
    sesi, fasilitator, penilai = access.get_sesi_kalibrasi_for(request.user, pk)
    if not fasilitator:  # a previewer sees the page but never changes a predikat
        raise PermissionDenied
    evaluasi = access.get_evaluasi_in_sesi(sesi, evaluasi_pk, penilai)
    form = KalibrasiUbahForm(request.POST)
    if _valid(request, form):
        run_action(request, lambda: kalibrasi.kalibrasi_ubah(
            sesi=sesi, evaluasi=evaluasi, actor=request.user, **form.cleaned_data),
            _("Predikat calibrated."))
    return _kembali(request, sesi)


def _valid(request, form):
    """The form's errors as messages (the page is a list of rows, not one form)."""
    if form.is_valid():
        return True
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return False


@require_POST
def pratinjau_view(request, pk, evaluasi_pk):
    sesi, _fasilitator, penilai = access.get_sesi_kalibrasi_for(request.user, pk)
    evaluasi = access.get_evaluasi_in_sesi(sesi, evaluasi_pk, penilai)
    form = KalibrasiPratinjauForm(request.POST)
    if _valid(request, form):
        run_action(request, lambda: kalibrasi.kalibrasi_pratinjau(
            sesi=sesi, evaluasi=evaluasi, actor=request.user, **form.cleaned_data),
            _("Preview saved."))
    return _kembali(request, sesi)


@require_POST
def tutup_view(request, pk):
    sesi, fasilitator, _penilai = access.get_sesi_kalibrasi_for(request.user, pk)
    if not fasilitator:
        raise PermissionDenied
    form = KalibrasiTutupForm(request.POST)
    if _valid(request, form):
        run_action(request, lambda: kalibrasi.kalibrasi_tutup(
            sesi=sesi, actor=request.user, alasan=form.cleaned_data["alasan"]),
            _("The session is closed and locked."))
    return _kembali(request, sesi)
