"""The distribution curve per unit: staff predikat against the organisation predikat's
limits, and setting and finalising the unit's predikat."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from ekinerja.access import admin_scope, is_admin_bkd, unit_in_scope
from ekinerja.forms import add_service_errors
from ekinerja.models import UnitKerja
from kinerja.models import TahunKinerja

from .. import evaluasi as layanan
from .. import kurva
from ..models import BatasKurva, PredikatOrganisasi, PredikatUnit
from ..predikat import Predikat


class PredikatUnitForm(forms.Form):
    # No default: "Finalkan" sits next to it, and a preselected "Istimewa" would be
    # finalised by a careless click.
    predikat = forms.ChoiceField(label=_("Organisation predikat"),
                                 choices=[("", "---------"), *PredikatOrganisasi.choices])
    alasan = forms.CharField(label=_("Justification when outside the curve"), required=False,
                             max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


def _may_view(user, unit):
    scope = admin_scope(user)
    return unit_in_scope(scope, unit) or layanan.may_set_predikat_unit(user, unit)


@require_GET
def kurva_list_view(request):
    """Units whose curve this user may see: OPDs in an admin's scope, or the unit they
    head."""
    scope = admin_scope(request.user)
    units = []
    if scope is not None:
        units = list(UnitKerja.objects.filter(path__startswith=scope.path,
                                              jenis__in=UnitKerja.OPD_KINDS))
    own = layanan.kepala_unit_of(request.user)
    if own is not None and own not in units:
        units.insert(0, own)
    if not units:
        raise Http404
    return render(request, "penilaian/kurva_list.html", {
        "units": units, "tahun": timezone.localdate().year})


@require_http_methods(["GET", "POST"])
def kurva_view(request, unit_pk, tahun):
    unit = UnitKerja.objects.filter(pk=unit_pk).first()
    tahun_obj = TahunKinerja.objects.filter(tahun=tahun).first()
    if unit is None or tahun_obj is None or not _may_view(request.user, unit):
        raise Http404
    current = PredikatUnit.objects.filter(unit=unit, tahun=tahun_obj).first()
    may_set = layanan.may_set_predikat_unit(request.user, unit) and not (
        current and current.final)
    form = PredikatUnitForm(request.POST or None,
                            initial={"predikat": current.predikat if current else ""})
    if request.method == "POST":
        if not may_set:
            raise Http404
        if form.is_valid():
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
        "all_limits": BatasKurva.objects.all()},
        status=400 if form.errors else 200)




class BatasForm(forms.ModelForm):
    class Meta:
        model = BatasKurva
        fields = ["jenis", "persen"]

    def clean_persen(self):
        persen = self.cleaned_data["persen"]
        if persen is None or not 0 <= persen <= 100:
            raise ValidationError(_("A share is between 0 and 100."))
        return persen


BatasFormSet = forms.modelformset_factory(BatasKurva, form=BatasForm, extra=0)


@require_http_methods(["GET", "POST"])
def batas_view(request):
    """Admin BKD edits the curve's limits (the regulation's rows, seeded by migration)."""
    if not is_admin_bkd(request.user):
        raise PermissionDenied
    kurva.batas_for(PredikatOrganisasi.BAIK)  # the rows exist
    formset = BatasFormSet(request.POST or None, queryset=BatasKurva.objects.all())
    if request.method == "POST" and formset.is_valid():
        layanan.batas_kurva_simpan(forms=formset.forms, actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("kurva_batas")
    return render(request, "penilaian/kurva_batas.html", {"formset": formset},
                  status=400 if formset.is_bound and not formset.is_valid() else 200)
