"""The distribution curve per unit: staff predikat against the organisation predikat's
limits, and setting and finalising the unit's predikat."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from ekinerja.access import bkd_required
from ekinerja.forms import add_service_errors

from .. import access, kurva, selectors
from .. import evaluasi as layanan
from ..forms import BatasFormSet, PredikatUnitForm
from ..models import PredikatOrganisasi
from ..predikat import Predikat


@require_GET
def kurva_list_view(request):
    """Units whose curve this user may see: OPDs in an admin's scope, or the unit they
    head."""
    return render(request, "penilaian/kurva_list.html", {
        "units": access.kurva_units_for(request.user), "tahun": timezone.localdate().year})


@require_http_methods(["GET", "POST"])
def kurva_view(request, unit_pk, tahun):
    unit, tahun_obj, current, may_set = access.get_kurva_for(
        request.user, unit_pk, tahun, ubah=request.method == "POST")
    form = PredikatUnitForm(request.POST or None,
                            initial={"predikat": current.predikat if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            layanan.predikat_unit_tetapkan(
                unit=unit, tahun=tahun_obj, predikat_org=form.cleaned_data["predikat"],
                actor=request.user, final="finalkan" in request.POST,
                alasan=form.cleaned_data["alasan"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(request.path)
    counts, open_count = layanan.distribusi(unit, tahun_obj)
    chosen = form.data.get("predikat") or (current.predikat if current else None)
    limits = kurva.batas_for(chosen) if chosen else []
    total = sum(counts.values())
    rows = [(label, counts.get(value, 0),
             round(100 * counts.get(value, 0) / total, 1) if total else 0)
            for value, label in Predikat.choices]
    return render(request, "penilaian/kurva.html", {
        "unit": unit, "tahun": tahun_obj, "current": current, "form": form,
        "may_set": may_set, "rows": rows, "total": total, "open_count": open_count,
        "limits": limits, "broken": kurva.periksa(limits, counts) if limits else [],
        "all_limits": selectors.batas_kurva_semua()},
        status=400 if form.errors else 200)


@bkd_required
@require_http_methods(["GET", "POST"])
def batas_view(request):
    """Admin BKD edits the curve's limits (the regulation's rows, seeded by migration)."""
    kurva.batas_for(PredikatOrganisasi.BAIK)  # the rows exist
    formset = BatasFormSet(request.POST or None, queryset=selectors.batas_kurva_semua())
    if request.method == "POST" and formset.is_valid():
        layanan.batas_kurva_save(forms=formset.forms, actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("kurva_batas")
    return render(request, "penilaian/kurva_batas.html", {"formset": formset},
                  status=400 if formset.is_bound and not formset.is_valid() else 200)
