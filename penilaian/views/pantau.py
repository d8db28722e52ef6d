"""Monitoring for BKD, Admin OPD and heads of units: a unit's figures for a period, its
sub-units to drill into, and the people placed in it."""

from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from ekinerja.access import admin_scope, unit_pantau
from ekinerja.selectors import jejak

from .. import pantau
from ..forms import PeriodeForm


@require_GET
def pantau_view(request, unit_pk=None):
    scope, unit = unit_pantau(request.user, unit_pk)
    periods = pantau.periode_pilihan()
    form = PeriodeForm(request.GET or None, periods=periods)
    periode = None
    if form.is_bound and form.is_valid():
        periode = form.periods.get(form.cleaned_data["periode"])
    if periode is None:
        periode = pantau.periode_awal(unit, periods)
        form.initial["periode"] = periode.pk if periode else None
    context = {"form": form, "unit": unit, "periode": periode, "scope": scope,
               "jejak": jejak(scope, unit),
               "tautan_orang": admin_scope(request.user) is not None}
    if periode is not None:
        data = pantau.ringkasan(unit, periode)
        pantau.dialog_triwulan(data, unit)
        context.update(data, grafik={"pantau": pantau.grafik(data)},
                       qs=urlencode({"periode": periode.pk}),
                       orang=pantau.orang(unit, periode, halaman=request.GET.get("hal")))
        if unit.parent_id is not None:
            context["atasan_terlambat"] = pantau.atasan_terlambat(unit, periode)
    return render(request, "penilaian/pantau.html", context,
                  status=400 if form.errors else 200)
