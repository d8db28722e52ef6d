"""360 feedback: my requests to answer, my own round and my team's; nominating raters,
answering, the results (the atasan everything, the employee only averages from three
answers on); BKD's setting of the year's round and the completion per unit."""

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ekinerja.access import admin_required, bkd_required, unit_pantau
from ekinerja.selectors import jejak
from ekinerja.views.forms import form_page

from .. import access, selectors, umpan_balik
from ..forms import JawabanForm, NominasiForm, PutaranForm


@require_GET
def daftar_view(request):
    putaran = umpan_balik.putaran_berjalan()
    return render(request, "penilaian/umpan_balik.html", {
        "putaran": putaran,
        **(selectors.umpan_balik_saya(request.user, putaran) if putaran else {})})


def _putaran():
    putaran = umpan_balik.putaran_berjalan()
    if putaran is None:
        raise Http404
    return putaran


@require_http_methods(["GET", "POST"])
def nominasi_view(request, pegawai_pk):
    pegawai = access.get_self_or_subordinate(request.user, pegawai_pk)
    putaran = _putaran()
    form = NominasiForm(request.POST or None, kandidat=umpan_balik.kandidat(pegawai))
    return form_page(request, form, template="penilaian/umpan_balik_nominasi.html",
                     save=lambda f: umpan_balik.nominasi_simpan(
                         putaran=putaran, pegawai=pegawai,
                         penilai_ids=f.cleaned_data["penilai"], actor=request.user),
                     success=lambda rows: "/360/",
                     message=lambda rows: _("Raters asked."), pegawai=pegawai,
                     putaran=putaran,
                     sudah=selectors.penilai_360_of(putaran, pegawai))


@require_http_methods(["GET", "POST"])
def jawab_view(request, pk):
    row = access.get_penilai360_for(request.user, pk)
    form = JawabanForm(request.POST or None)
    return form_page(request, form, template="penilaian/umpan_balik_jawab.html",
                     save=lambda f: umpan_balik.jawaban_simpan(
                         penilai360=row, actor=request.user, jawaban=f.jawaban()),
                     success=lambda r: "/360/", message=lambda r: _("Thank you: answered."),
                     row=row)


@require_GET
def hasil_view(request, pegawai_pk):
    pegawai = access.get_self_or_subordinate(request.user, pegawai_pk)
    year = request.GET.get("tahun", "")
    tahun = selectors.tahun_dari(int(year)) if year.isdigit() else None
    putaran = umpan_balik.putaran_berjalan(tahun) if tahun else _putaran()
    if putaran is None:
        raise Http404
    return render(request, "penilaian/umpan_balik_hasil.html", {
        "pegawai": pegawai, "putaran": putaran, "ambang": umpan_balik.AMBANG,
        "h": umpan_balik.hasil(pegawai, putaran, request.user)})


@admin_required
@require_GET
def kelola_view(request, unit_pk=None):
    scope, unit = unit_pantau(request.user, unit_pk)
    putaran = umpan_balik.putaran_berjalan()
    return render(request, "penilaian/umpan_balik_kelola.html", {
        "unit": unit, "jejak": jejak(scope, unit), "putaran": putaran,
        "rows": umpan_balik.kelengkapan(unit, putaran) if putaran else []})


@bkd_required
@require_http_methods(["GET", "POST"])
def atur_view(request):
    tahun = selectors.tahun_berjalan()
    if tahun is None:
        raise Http404
    putaran = selectors.putaran_360_of(tahun)
    form = PutaranForm(request.POST or None, instance=putaran,
                       initial={"batas": timezone.localdate()})
    return form_page(request, form, template="penilaian/umpan_balik_atur.html",
                     save=lambda f: umpan_balik.putaran_simpan(putaran=f.instance,
                                                               actor=request.user),
                     success=lambda p: "/kelola/360/", message=lambda p: _("Saved."),
                     tahun=tahun)
