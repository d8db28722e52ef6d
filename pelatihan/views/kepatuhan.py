"""Compliance with the JP right for an atasan's team or an admin's scope, and the reminder
list."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ekinerja.access import admin_scope, get_unit_for_admin
from ekinerja.selectors import bawahan_ids, opd_choices

from ..selectors import (
    kepatuhan_daftar,
    kepatuhan_opd,
    pegawai_dalam,
    pegawai_tim,
    pengingat_akhir_tahun,
    rencana_status,
)

PER_PAGE = 50


def _year_param(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("tahun", today.year))
    except ValueError:
        year = today.year
    return year if 2000 <= year <= today.year + 1 else today.year


@require_GET
def kepatuhan_view(request, pengingat=False):
    """Who is under their JP right: the atasan's team, or an admin's scope (per OPD, with
    its compliance rate, and per person for a chosen unit). Sortable; the reminder list
    is the same page limited to the people still short."""
    year = _year_param(request)
    scope = admin_scope(request.user)
    lingkup = "tim" if scope is None or request.GET.get("lingkup") == "tim" else "unit"
    unit = per_opd = None
    if lingkup == "tim":
        people = pegawai_tim(request.user)
    else:
        unit = scope
        if request.GET.get("unit", "").isdigit():
            unit = get_unit_for_admin(request.user, request.GET["unit"])  # 404 out of scope
        people = pegawai_dalam(unit)
        per_opd = kepatuhan_opd(scope, year) if unit.pk == scope.pk else None
    kurang_saja = pengingat or request.GET.get("kurang") == "1"
    rows, urut = kepatuhan_daftar(people, year, kurang_saja=kurang_saja,
                                  urut=request.GET.get("urut"))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    plans = rencana_status(year, [p.pk for p in page])
    for person in page:
        person.rencana = plans.get(person.pk)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "pelatihan/kepatuhan.html", {
        "page": page, "tahun": year, "lingkup": lingkup, "unit": unit, "scope": scope,
        "per_opd": per_opd, "opds": opd_choices(scope) if scope else [],
        "urut": urut, "kurang_saja": kurang_saja, "pengingat": pengingat_akhir_tahun(year),
        "reminder_page": pengingat, "query": params.urlencode(),
        "has_team": scope is not None or bool(bawahan_ids(request.user))})
