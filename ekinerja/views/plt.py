"""Admins record acting officials (Plt/Plh) for head posts in their scope."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ..access import admin_required, admin_scope, get_penugasan_plt_for_admin
from ..forms import DateInput, PenugasanPltForm
from ..models import PenugasanPlt
from ..selectors import penugasan_plt_list
from ..services import penugasan_plt_end, penugasan_plt_save
from .forms import form_page, run_action


class AkhiriForm(forms.Form):
    tanggal = forms.DateField(label=gettext_lazy("Last day"), widget=DateInput())


@admin_required
@require_http_methods(["GET", "POST"])
def plt_view(request):
    scope = admin_scope(request.user)
    form = PenugasanPltForm(request.POST or None, scope=scope,
                            instance=PenugasanPlt(mulai=timezone.localdate()))
    items = penugasan_plt_list(scope=scope, limit=200)
    return form_page(request, form, template="ekinerja/plt.html",
                     save=lambda f: penugasan_plt_save(penugasan=f.instance,
                                                       actor=request.user),
                     success=lambda _obj: reverse("plt"), field_map={"nip": "nip"},
                     items=items, today=timezone.localdate())


@admin_required
@require_POST
def plt_end_view(request, pk):
    penugasan = get_penugasan_plt_for_admin(request.user, pk)
    form = AkhiriForm(request.POST)
    if form.is_valid():
        run_action(request, lambda: penugasan_plt_end(
            penugasan=penugasan, actor=request.user, tanggal=form.cleaned_data["tanggal"]),
            lambda result: _("The acting assignment now ends on the chosen day.") if result
            else _("The acting assignment had not started; it is removed."))
    else:
        messages.error(request, _("Enter the last day as a date."))
    return redirect("plt")
