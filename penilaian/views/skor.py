"""Scores and their explanation: the inputs, the formula with numbers, the activities."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ekinerja.views.forms import form_page

from .. import access, selectors, services
from ..forms import RealisasiManualForm


@require_GET
def skor_list_view(request):
    return render(request, "penilaian/skor_list.html",
                  {"rows": selectors.skor_saya(request.user)})


@require_GET
def skor_detail_view(request, pk):
    """Everything the score was computed from, as stored with it: per SKP and IKI the
    realisation, target, capaian and weight, and the approved activities counted."""
    skor = access.get_skor_for(request.user, pk)
    return render(request, "penilaian/skor_detail.html",
                  {"skor": skor, **selectors.skor_rincian(skor)})


@require_http_methods(["GET", "POST"])
def realisasi_manual_view(request, iki_pk, periode_pk):
    """The owner enters the period's realisation of an IKI measured by hand."""
    iki, periode = access.get_realisasi_manual_for(request.user, iki_pk, periode_pk)
    current = selectors.realisasi_manual_of(iki, periode)
    initial = {"nilai": current.nilai, "keterangan": current.keterangan} if current else None
    form = RealisasiManualForm(request.POST or None, initial=initial)
    target = selectors.target_periode_of(iki, periode)
    return form_page(
        request, form, template="penilaian/realisasi_manual.html",
        save=lambda f: services.realisasi_manual_save(
            iki=iki, periode=periode, nilai=f.cleaned_data["nilai"],
            keterangan=f.cleaned_data["keterangan"], actor=request.user),
        success=lambda row: reverse("aktivitas_bulan", args=[periode.mulai.year,
                                                             periode.mulai.month]),
        message=lambda row: _("Realisation saved; your score will follow shortly."),
        iki=iki, periode=periode, target=target, current=current,
        cancel_url=reverse("aktivitas_bulan", args=[periode.mulai.year, periode.mulai.month]))
