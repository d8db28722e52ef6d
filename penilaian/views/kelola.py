"""BKD asks for a recompute of a unit or the whole instansi and watches it finish."""

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from ekinerja.access import admin_required, admin_scope
from ekinerja.middleware import passive

from .. import selectors, services
from ..access import get_tugas_for_admin
from ..forms import RecomputeForm


@admin_required
@require_http_methods(["GET", "POST"])
def recompute_view(request):
    scope = admin_scope(request.user)
    form = RecomputeForm(request.POST or None, scope=scope)
    if request.method == "POST" and form.is_valid():
        tugas = services.tugas_hitung_create(periode=form.cleaned_data["periode"],
                                             unit=form.cleaned_data["unit"] or scope,
                                             actor=request.user)
        return redirect("tugas_hitung", tugas.pk)
    return render(request, "penilaian/recompute.html",
                  {"form": form, "rows": selectors.skor_unit_terbaru(scope),
                   "recent": selectors.tugas_terbaru(scope)},
                  status=400 if form.errors else 200)


@admin_required
@require_GET
def tugas_view(request, pk):
    return render(request, "penilaian/tugas.html",
                  {"tugas": get_tugas_for_admin(request.user, pk)})


@passive
@admin_required
@require_GET
@never_cache
def tugas_status_view(request, pk):
    return render(request, "penilaian/_tugas_status.html",
                  {"tugas": get_tugas_for_admin(request.user, pk)})
