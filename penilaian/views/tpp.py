"""TPP: a person's month explained (base, performance part, every attendance cut with its
date, the gates), the unit's list for admins with the computation on the worker, BKD's
rule and its simulation, the OPD admin's record of days away with a reason; and PPPK work
contracts with the extension report."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ekinerja.access import admin_required, admin_scope, bkd_required, unit_pantau
from ekinerja.selectors import jejak
from ekinerja.views.forms import form_page, run_action
from kinerja.access import get_pegawai_for_user
from kinerja.kehadiran import izin_save, kontrak_pppk_save
from kinerja.models import Izin, KontrakPppk

from .. import selectors, tpp
from ..forms import IzinForm, KebijakanTppForm, KontrakPppkForm
from ..models import KebijakanTpp


def _periode(request):
    value = request.GET.get("periode", "")
    periode = tpp.periode_tpp(int(value) if value.isdigit() else None)
    if periode is None:
        raise Http404
    return periode


def _rincian(request, pegawai):
    periode = _periode(request)
    return render(request, "penilaian/tpp_rincian.html", {
        "p": pegawai, "periode": periode, "t": selectors.tpp_of(pegawai, periode),
        "periods": selectors.periode_tpp_pilihan(),
        "hadir": selectors.kehadiran_bulan(pegawai, periode)})


@require_GET
def saya_view(request):
    return _rincian(request, request.user)


@require_GET
def pegawai_view(request, pk):
    return _rincian(request, get_pegawai_for_user(request.user, pk))


@admin_required
@require_GET
def kelola_view(request, unit_pk=None):
    scope, unit = unit_pantau(request.user, unit_pk)
    periode = _periode(request)
    rows = selectors.tpp_unit(unit, periode)
    return render(request, "penilaian/tpp_kelola.html", {
        "unit": unit, "jejak": jejak(scope, unit), "periode": periode, "rows": rows,
        "jumlah": sum(r.total for r in rows), "periods": selectors.periode_tpp_pilihan()})


@admin_required
@require_POST
def hitung_view(request, unit_pk):
    _scope, unit = unit_pantau(request.user, unit_pk)
    periode = _periode(request)
    run_action(request, lambda: tpp.tpp_minta(periode=periode, unit=unit, actor=request.user),
               _("TPP queued: the worker computes it; reload in a moment."))
    return redirect(f"/kelola/tpp/unit/{unit.pk}/?periode={periode.pk}")


@admin_required
@require_http_methods(["GET", "POST"])
def izin_view(request):
    scope = admin_scope(request.user)
    form = IzinForm(request.POST or None, instance=Izin(), scope=scope)
    return form_page(request, form, template="penilaian/izin.html",
                     save=lambda f: izin_save(izin=f.instance, actor=request.user),
                     success=lambda i: "/kelola/izin/", message=lambda i: _("Recorded."),
                     rows=selectors.izin_terakhir(scope))


@bkd_required
@require_http_methods(["GET", "POST"])
def aturan_view(request):
    """The rule's versions; a new one from a date, simulated against the latest month
    before it is saved."""
    periode = tpp.periode_tpp(selesai=True)  # the latest month that has ended
    kini = tpp.kebijakan_pada(periode.mulai if periode else timezone.localdate())
    form = KebijakanTppForm(request.POST or None, instance=KebijakanTpp(), kini=kini,
                            initial={"sumber": "", **({
                                f: getattr(kini, f) for f in KebijakanTppForm.Meta.fields
                                if f not in ("berlaku_mulai", "sumber")} if kini else {})})
    hasil = None
    if request.method == "POST" and "simulasi" in request.POST:
        if form.is_valid() and periode is not None:
            hasil = tpp.simulasi(rule=tpp.kebijakan_draf(
                kebijakan=form.instance, basis=form.basis(), band=form.band()),
                periode=periode)
        return render(request, "penilaian/tpp_aturan.html", {
            "form": form, "hasil": hasil, "periode": periode,
            "versi": selectors.kebijakan_tpp_list()}, status=400 if form.errors else 200)
    return form_page(request, form, template="penilaian/tpp_aturan.html",
                     save=lambda f: tpp.kebijakan_tpp_create(
                         kebijakan=f.instance, basis=f.basis(), band=f.band(),
                         actor=request.user),
                     success=lambda k: "/kelola/tpp/aturan/",
                     message=lambda k: _("Version %(v)s saved.") % {"v": k.versi},
                     hasil=None, periode=periode, versi=selectors.kebijakan_tpp_list())


@admin_required
@require_GET
def pppk_view(request, unit_pk=None):
    """PPPK whose contract ends soon, with the evaluations inside it and whether they
    qualify for an extension."""
    scope, unit = unit_pantau(request.user, unit_pk)
    return render(request, "penilaian/pppk.html", {
        "unit": unit, "jejak": jejak(scope, unit),
        "rows": selectors.laporan_pppk(unit, timezone.localdate())})


@admin_required
@require_http_methods(["GET", "POST"])
def kontrak_view(request):
    form = KontrakPppkForm(request.POST or None, instance=KontrakPppk(),
                           scope=admin_scope(request.user))
    return form_page(request, form, template="penilaian/kontrak_pppk.html",
                     save=lambda f: kontrak_pppk_save(kontrak=f.instance, actor=request.user),
                     success=lambda k: "/kelola/pppk/", message=lambda k: _("Recorded."))
