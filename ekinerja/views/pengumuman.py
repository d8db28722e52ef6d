"""Announcements: admins write and follow them; everyone reads theirs on the home page."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import pengumuman as layanan
from ..access import admin_required, admin_scope
from ..forms import PengumumanForm
from ..models import Pengumuman
from .forms import form_page


@admin_required
@require_GET
def daftar_view(request):
    page = Paginator(layanan.terkirim(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "ekinerja/pengumuman_list.html",
                  {"page": page, "today": timezone.localdate()})


@admin_required
@require_http_methods(["GET", "POST"])
def baru_view(request):
    form = PengumumanForm(request.POST or None, scope=admin_scope(request.user),
                          instance=Pengumuman(mulai=timezone.localdate()))
    return form_page(
        request, form, template="ekinerja/pengumuman_form.html",
        save=lambda f: layanan.pengumuman_kirim(pengumuman=f.instance, actor=request.user),
        success=lambda _obj: reverse("pengumuman_list"),
        message=lambda obj: _("Announcement sent to %(n)s people.") % {
            "n": obj.jumlah_sasaran})


@require_POST
def baca_view(request, pk):
    if not layanan.pengumuman_tandai_dibaca(pegawai=request.user, pk=pk):
        raise Http404
    messages.success(request, _("Marked as read."))
    return redirect("home")
