"""BKN's Progres Harian: exported from our activities (a person's own, or an atasan's
team's, for a date range: kinerja.progres), and a person's own file imported (upload, dry
run, apply: kinerja.services.progres)."""

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ekinerja.access import unit_pantau
from ekinerja.forms import BerkasImporForm
from ekinerja.middleware import alamat_situs
from ekinerja.selectors import bawahan_for, jejak
from ekinerja.views.forms import run_action

from .. import services
from ..access import get_progres_impor_own, tim_progres
from ..forms import ProgresHarianForm, TriwulanForm
from ..progres import KOLOM, progres_harian_xlsx
from ..selectors import capaian_rencana_aksi, capaian_ringkas, capaian_unit, triwulan_pilihan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def progres_harian_view(request):
    today = timezone.localdate()
    quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    punya_tim = bawahan_for(request.user).exists()
    form = ProgresHarianForm(request.GET or None, punya_tim=punya_tim,
                             initial={"dari": quarter_start, "sampai": today})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["lingkup"] == "tim":
            pegawai, whose = tim_progres(request.user), "tim"
        else:
            pegawai, whose = request.user, request.user.nip
        content = progres_harian_xlsx(pegawai=pegawai, start=data["dari"], end=data["sampai"],
                                      situs=alamat_situs(request))
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="progres-harian-{whose}-{data["dari"]:%Y%m%d}-'
            f'{data["sampai"]:%Y%m%d}.xlsx"')
        return response
    return render(request, "kinerja/progres_harian.html", {"form": form})


@require_http_methods(["GET", "POST"])
def progres_impor_view(request):
    """Upload one's own Progres Harian file (BKN's shape): the dry run comes next."""
    form = BerkasImporForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        impor = services.progres_impor_upload(nama_file=berkas.name, content=berkas.read(),
                                              pegawai=request.user)
        return redirect("progres_impor_detail", impor.pk)
    return render(request, "kinerja/progres_impor.html", {"form": form, "kolom": KOLOM},
                  status=400 if form.errors else 200)


def progres_impor_detail_view(request, pk):
    impor = get_progres_impor_own(request.user, pk)
    return render(request, "kinerja/impor_detail.html", {
        "impor": impor, "r": impor.ringkasan, "judul": _("Import my Progres Harian"),
        "apply_url": reverse("progres_impor_apply", args=[impor.pk]),
        "again_url": reverse("progres_impor"), "back_url": reverse("aktivitas"),
        "back_label": _("My day")})


@require_POST
def progres_impor_apply_view(request, pk):
    impor = get_progres_impor_own(request.user, pk)
    run_action(request, lambda: services.progres_impor_apply(impor=impor, actor=request.user),
               lambda done: _("Imported as drafts: %(new)s new, %(upd)s updated. Submit them "
                              "from your day pages.") % {"new": done.ringkasan["baru"],
                                                          "upd": done.ringkasan["diubah"]})
    return redirect("progres_impor_detail", impor.pk)


def _triwulan(request):
    form = TriwulanForm(request.GET or None, pilihan=triwulan_pilihan(timezone.localdate()))
    year, quarter = form.terpilih()
    form.initial["triwulan"] = f"{year}-{quarter}"
    return form, year, quarter


@require_GET
def capaian_tim_view(request):
    """The atasan's team: how far each one's quarter's action plans are filled."""
    team = tim_progres(request.user)
    form, year, quarter = _triwulan(request)
    data = capaian_rencana_aksi([p.pk for p in team], year, quarter)
    return render(request, "kinerja/capaian_rencana_aksi.html", {
        "form": form, "year": year, "quarter": quarter, "ringkas": capaian_ringkas(data),
        "orang": [(p, data[p.pk]) for p in team]}, status=400 if form.errors else 200)


@require_GET
def capaian_unit_view(request, unit_pk=None):
    """A unit in the user's monitoring scope: its subtree's fill rate, its sub-units and the
    people placed in it."""
    scope, unit = unit_pantau(request.user, unit_pk)
    form, year, quarter = _triwulan(request)
    context = capaian_unit(unit, year, quarter, halaman=request.GET.get("hal"))
    context.update(form=form, year=year, quarter=quarter, unit=unit, scope=scope,
                   jejak=jejak(scope, unit), qs=urlencode({"triwulan": f"{year}-{quarter}"}))
    return render(request, "kinerja/capaian_rencana_aksi.html", context,
                  status=400 if form.errors else 200)
