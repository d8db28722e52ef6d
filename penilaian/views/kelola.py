"""BKD asks for a recompute of a unit or the whole instansi and watches it finish."""

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from ekinerja.access import admin_required, admin_scope
from ekinerja.middleware import passive
from ekinerja.models import UnitKerja
from kinerja.models import Periode

from .. import services
from ..models import SkorUnit, TugasHitung


class RecomputeForm(forms.Form):
    periode = forms.ModelChoiceField(label=_("Period"), queryset=Periode.objects.none())
    unit = forms.ModelChoiceField(label=_("Unit (empty: everything you administer)"),
                                  queryset=UnitKerja.objects.none(), required=False)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].queryset = Periode.objects.select_related("tahun").order_by(
            "-mulai")
        self.fields["unit"].queryset = UnitKerja.objects.filter(
            path__startswith=scope.path, jenis__in=[UnitKerja.Jenis.INSTANSI,
                                                     *UnitKerja.OPD_KINDS])


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
    rows = (SkorUnit.objects.filter(unit__path__startswith=scope.path,
                                    unit__jenis__in=UnitKerja.OPD_KINDS)
            .select_related("unit", "periode__tahun").order_by("-periode__mulai", "unit__nama")
            [:100])
    recent = TugasHitung.objects.filter(unit__path__startswith=scope.path).select_related(
        "periode__tahun", "unit", "dibuat_oleh")[:10]
    return render(request, "penilaian/recompute.html",
                  {"form": form, "rows": rows, "recent": recent},
                  status=400 if form.errors else 200)


def _tugas_for_admin(request, pk):
    scope = admin_scope(request.user)
    tugas = TugasHitung.objects.select_related("periode__tahun", "unit").filter(
        pk=pk, unit__path__startswith=scope.path).first()
    if tugas is None:
        raise Http404
    return tugas


@admin_required
@require_GET
def tugas_view(request, pk):
    return render(request, "penilaian/tugas.html", {"tugas": _tugas_for_admin(request, pk)})


@passive
@admin_required
@require_GET
@never_cache
def tugas_status_view(request, pk):
    return render(request, "penilaian/_tugas_status.html",
                  {"tugas": _tugas_for_admin(request, pk)})
