"""Import of units, positions and people: upload, dry-run preview, apply."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ..access import admin_required, admin_scope, get_impor_for_admin
from ..forms import ImporForm
from ..impor import COLUMNS, impor_apply, impor_upload


@admin_required
@require_http_methods(["GET", "POST"])
def impor_start_view(request):
    form = ImporForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        berkas = form.cleaned_data["berkas"]
        impor = impor_upload(jenis=form.cleaned_data["jenis"], nama_file=berkas.name,
                             content=berkas.read(), actor=request.user,
                             scope=admin_scope(request.user))
        return redirect("impor_detail", impor.pk)
    return render(request, "ekinerja/impor_start.html", {"form": form, "columns": COLUMNS},
                  status=400 if form.errors else 200)


@admin_required
def impor_detail_view(request, pk):
    impor = get_impor_for_admin(request.user, pk)
    return render(request, "ekinerja/impor_detail.html",
                  {"impor": impor, "r": impor.ringkasan})


@admin_required
@require_POST
def impor_apply_view(request, pk):
    impor = get_impor_for_admin(request.user, pk)
    try:
        impor_apply(impor=impor, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Import applied: %(new)s new, %(upd)s updated.") % {
            "new": impor.ringkasan["baru"], "upd": impor.ringkasan["diubah"]})
    return redirect("impor_detail", impor.pk)
