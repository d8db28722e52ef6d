"""Admin BKD keeps the learning paths: names and whether they are still offered."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ekinerja.access import bkd_required

from .. import services
from ..forms import JalurFormSet
from ..selectors import jalur_semua


@bkd_required
@require_http_methods(["GET", "POST"])
def jalur_view(request):
    formset = JalurFormSet(request.POST or None, queryset=jalur_semua())
    if request.method == "POST" and formset.is_valid():
        services.jalur_save(forms=formset.forms, actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("pelatihan_jalur")
    return render(request, "pelatihan/jalur.html", {"formset": formset},
                  status=400 if formset.is_bound and not formset.is_valid() else 200)
