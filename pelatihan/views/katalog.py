"""The catalogue: everyone searches it and proposes activities, Admin BKD keeps it and
reviews the proposals."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ekinerja.access import bkd_required, is_admin_bkd
from ekinerja.views.forms import form_errors_as_messages, form_page, run_action

from .. import services
from ..access import get_kegiatan_for_bkd, get_kegiatan_to_edit
from ..forms import KegiatanForm, TinjauForm
from ..models import KegiatanBelajar
from ..selectors import jalur_aktif, katalog, usulan_dari, usulan_menunggu

PER_PAGE = 50


@require_GET
def katalog_view(request):
    """The catalogue for everyone, searchable by name, organiser, path and competency;
    the user's own proposals; for Admin BKD the proposals waiting for review."""
    q = request.GET.get("q", "").strip()[:100]
    jalur = request.GET.get("jalur", "")
    rows = katalog(q=q, jalur=jalur)
    bkd = is_admin_bkd(request.user)
    return render(request, "pelatihan/katalog.html", {
        "page": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")), "q": q,
        "jalur": jalur, "paths": jalur_aktif(), "bkd": bkd,
        "usulan_saya": usulan_dari(request.user),
        "usulan": usulan_menunggu() if bkd else []})


@require_http_methods(["GET", "POST"])
def katalog_form_view(request, pk=None):
    kegiatan = KegiatanBelajar() if pk is None else get_kegiatan_to_edit(request.user, pk)
    form = KegiatanForm(request.POST or None, instance=kegiatan)
    bkd = is_admin_bkd(request.user)
    return form_page(
        request, form, template="pelatihan/katalog_form.html", bkd=bkd,
        save=lambda f: services.kegiatan_save(kegiatan=f.instance, actor=request.user),
        success=lambda _k: reverse("pelatihan_katalog"),
        message=lambda k: _("Saved in the catalogue.") if k.status == "disetujui"
        else _("Proposed; the Admin BKD will review it."))


@bkd_required
@require_POST
def katalog_tinjau_view(request, pk):
    kegiatan = get_kegiatan_for_bkd(pk)
    form = TinjauForm(request.POST)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect("pelatihan_katalog")
    terima = request.POST.get("putusan") == "terima"
    run_action(request, lambda: services.kegiatan_tinjau(
        kegiatan=kegiatan, actor=request.user, terima=terima,
        catatan=form.cleaned_data["catatan"]),
        _("Added to the catalogue.") if terima else _("Not accepted."))
    return redirect("pelatihan_katalog")
