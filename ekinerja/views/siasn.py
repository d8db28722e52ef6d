"""The SIASN pull for the Admin BKD: ask for one, read its report, apply it
(ekinerja.rekonsiliasi)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..access import bkd_required, get_siasn_tarik
from ..middleware import passive
from ..rekonsiliasi import siasn_tarik_minta, siasn_tarik_terapkan
from ..selectors import siasn_tarik_list
from .forms import run_action

PER_HALAMAN = 100


@bkd_required
@require_http_methods(["GET", "POST"])
def siasn_view(request):
    if request.method == "POST":
        tarik = siasn_tarik_minta(actor=request.user)
        messages.success(request, _("The pull from SIASN is queued; this page shows it when "
                                    "it is ready."))
        return redirect("siasn_detail", tarik.pk)
    return render(request, "ekinerja/siasn.html", {"tarik_list": siasn_tarik_list()})


@bkd_required
@passive  # polls itself while the pull runs (the request that asked counted as activity)
def siasn_detail_view(request, pk):
    tarik = get_siasn_tarik(pk)
    page = Paginator(tarik.perbedaan, PER_HALAMAN).get_page(request.GET.get("hal"))
    return render(request, "ekinerja/siasn_detail.html",
                  {"t": tarik, "r": tarik.ringkasan, "halaman": page})


@bkd_required
@require_POST
def siasn_terapkan_view(request, pk):
    tarik = get_siasn_tarik(pk)
    run_action(request, lambda: siasn_tarik_terapkan(tarik=tarik, actor=request.user),
               lambda skipped: _("Applied: %(n)s people updated from SIASN; %(skip)s rows "
                                 "could not be applied (listed below).")
               % {"n": tarik.ringkasan.get("diterapkan", 0), "skip": len(skipped)})
    return redirect("siasn_detail", tarik.pk)
