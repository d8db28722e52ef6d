"""Service outages: the public status page, and BKD announcing outages and opening backfill
windows (ekinerja.gangguan)."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import gangguan as layanan
from ..access import bkd_required, get_gangguan
from ..forms import GangguanForm
from ..models import Gangguan
from .forms import form_page, run_action


@login_not_required
@require_GET
def status_view(request):
    """Public: reachable when logging in is what fails."""
    now = timezone.now()
    items = list(layanan.untuk_halaman_status(now).order_by("-mulai")[:50])
    return render(request, "ekinerja/status.html", {
        "berlangsung": [g for g in items if g.selesai is None or g.selesai > now],
        "selesai": [g for g in items if g.selesai is not None and g.selesai <= now],
        "susulan": list(layanan.susulan_aktif()), "today": timezone.localdate()})


@bkd_required
@require_GET
def daftar_view(request):
    return render(request, "ekinerja/gangguan_list.html", {
        "items": layanan.daftar()[:100],
        "now": timezone.now()})


@bkd_required
@require_http_methods(["GET", "POST"])
def ubah_view(request, pk=None):
    gangguan = (get_gangguan(pk) if pk is not None
                else Gangguan(mulai=timezone.now().replace(second=0, microsecond=0),
                              dibuat_oleh=request.user))
    form = GangguanForm(request.POST or None, instance=gangguan)
    return form_page(request, form, template="ekinerja/gangguan_form.html", gangguan=gangguan,
                     save=lambda f: layanan.gangguan_simpan(gangguan=f.instance,
                                                            actor=request.user),
                     success=lambda _obj: reverse("gangguan_list"))


@bkd_required
@require_POST
def akhiri_view(request, pk):
    gangguan = get_gangguan(pk)
    run_action(request, lambda: layanan.gangguan_akhiri(gangguan=gangguan, actor=request.user),
               _("The outage is marked as ended."))
    return redirect("gangguan_list")


