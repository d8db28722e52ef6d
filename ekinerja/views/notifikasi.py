"""The notification centre: one's notifications, opening one (marks it read), marking all
read, the unread badge, and which kinds come by e-mail."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ..access import get_notifikasi_for
from ..middleware import passive
from ..notifikasi import JENIS, belum_dibaca, notifikasi_tandai_dibaca, preferensi_save, wants_email
from ..selectors import notifikasi_list


@require_GET
def daftar_view(request):
    rows = notifikasi_list(request.user)
    return render(request, "ekinerja/notifikasi.html", {
        "page": Paginator(rows, 30).get_page(request.GET.get("page"))})


@require_GET
def buka_view(request, pk):
    """Open a notification: it is read, and the browser goes where it points (only ever
    a path of this site)."""
    notifikasi = get_notifikasi_for(request.user, pk)
    notifikasi_tandai_dibaca(request.user, pk)
    target = notifikasi.tautan
    if target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifikasi")


@require_POST
def baca_semua_view(request):
    notifikasi_tandai_dibaca(request.user)
    return redirect("notifikasi")


@passive
@require_GET
def jumlah_view(request):
    """The unread badge in the menu (polled every minute: passive, or an open page would
    keep an idle session alive forever)."""
    n = belum_dibaca(request.user)
    return HttpResponse(f'<span class="badge text-bg-danger">{n}</span>' if n else "")


@require_http_methods(["GET", "POST"])
def pengaturan_view(request):
    if request.method == "POST":
        chosen = {j for j in request.POST.getlist("email") if j in JENIS}
        preferensi_save(pegawai=request.user, email_jenis=chosen)
        messages.success(request, _("Saved."))
        return redirect("notifikasi_pengaturan")
    kinds = [{"jenis": j, "label": label, "email": wants_email(request.user, j)}
             for j, (label, _default) in JENIS.items()]
    return render(request, "ekinerja/notifikasi_pengaturan.html", {"kinds": kinds})
