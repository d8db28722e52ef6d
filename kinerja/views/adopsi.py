"""Adoption monitoring for BKD, Admin OPD and heads of units: per unit and week, accounts
never used, SKPs not approved, reporting; the people to reach, to export or remind."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ekinerja.access import admin_scope, unit_pantau
from ekinerja.selectors import jejak

from .. import adopsi
from ..forms import AdopsiAlasanForm

ORANG_PER_HALAMAN = 50


@require_GET
def adopsi_view(request, unit_pk=None):
    scope, unit = unit_pantau(request.user, unit_pk)
    form = AdopsiAlasanForm(request.GET or None)
    alasan = form.cleaned_data["alasan"] if form.is_valid() else ""
    page = Paginator(adopsi.jangkau(unit, alasan=alasan), ORANG_PER_HALAMAN).get_page(
        request.GET.get("hal"))
    for person in page:
        person.alasan = adopsi.alasan_teks(person)
    return render(request, "kinerja/adopsi.html", {
        **adopsi.ringkasan(unit), "unit": unit, "jejak": jejak(scope, unit), "form": form,
        "alasan": alasan, "page": page, "admin": admin_scope(request.user) is not None,
        "qs": urlencode({"alasan": alasan}) if alasan else "",
    }, status=400 if form.errors else 200)


@require_POST
def ingatkan_view(request, unit_pk):
    _scope, unit = unit_pantau(request.user, unit_pk)
    form = AdopsiAlasanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a reason from the list."))
        return redirect("adopsi_unit", unit.pk)
    alasan = form.cleaned_data["alasan"]
    made = adopsi.ingatkan(unit=unit, alasan=alasan or None, actor=request.user)
    messages.success(request, _("%(n)s people were reminded (anyone reminded today for the "
                                "same reason is not reminded twice).") % {"n": made})
    return redirect(f"{reverse('adopsi_unit', args=[unit.pk])}?alasan={alasan}")
