"""Results sent to SIASN, for the Admin BKD: the refused and waiting ones first, each with
SIASN's reason, and a resend (penilaian.siasn)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ekinerja.access import bkd_required

from ..access import get_kirim_angka_kredit, get_kirim_siasn
from ..selectors import kirim_angka_kredit_list, kirim_siasn_list
from ..siasn import kirim_ulang


@bkd_required
@require_GET
def kirim_siasn_view(request):
    page = Paginator(kirim_siasn_list(), 100).get_page(request.GET.get("hal"))
    years = Paginator(kirim_angka_kredit_list(), 100).get_page(request.GET.get("hal_ak"))
    return render(request, "penilaian/kirim_siasn.html", {"halaman": page, "ak": years})


@bkd_required
@require_POST
def kirim_siasn_ulang_view(request, pk):
    kirim_ulang(kirim=get_kirim_siasn(pk), actor=request.user)
    messages.success(request, _("Queued to be sent to SIASN again."))
    return redirect("kirim_siasn")


@bkd_required
@require_POST
def kirim_angka_kredit_ulang_view(request, pk):
    kirim_ulang(kirim=get_kirim_angka_kredit(pk), actor=request.user)
    messages.success(request, _("Queued to be sent to SIASN again."))
    return redirect("kirim_siasn")
