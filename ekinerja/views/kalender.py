"""BKD enters the national holidays and cuti bersama of each year."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..access import admin_required, bkd_required, get_hari_libur, is_admin_bkd
from ..forms import HariLiburForm
from ..selectors import hari_libur_list
from ..services import hari_libur_delete, hari_libur_save
from .forms import form_page


@admin_required
@require_http_methods(["GET", "POST"])
def hari_libur_view(request):
    form = HariLiburForm(request.POST or None) if is_admin_bkd(request.user) else None
    items = hari_libur_list(200)
    if form is None:
        return render(request, "ekinerja/hari_libur.html", {"items": items})
    return form_page(request, form, template="ekinerja/hari_libur.html", items=items,
                     save=lambda f: hari_libur_save(hari=f.instance, actor=request.user),
                     success=lambda _obj: reverse("hari_libur"))


@bkd_required
@require_POST
def hari_libur_delete_view(request, pk):
    hari = get_hari_libur(pk)
    hari_libur_delete(hari=hari, actor=request.user)
    messages.success(request, _("Deleted."))
    return redirect("hari_libur")
