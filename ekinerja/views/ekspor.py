"""Excel exports: ask for one, watch its progress, download it (only the one who asked)."""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from ..access import admin_required, admin_scope, get_ekspor_for
from ..berkas import file_response
from ..ekspor import JENIS, ekspor_minta
from ..middleware import passive
from ..models import Ekspor
from ..selectors import ekspor_list, ekspor_unit_choices
from .forms import form_page


class EksporForm(forms.Form):
    jenis = forms.ChoiceField(label=_("What to export"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=None)
    tahun = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    nomor = forms.IntegerField(label=_("Period (for the monthly recap)"), min_value=1,
                               max_value=12, required=False)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis"].choices = [(k, j.label) for k, j in JENIS.items()]
        self.fields["unit"].queryset = ekspor_unit_choices(scope)
        self.fields["tahun"].initial = timezone.localdate().year

    def clean(self):
        data = super().clean()
        jenis = JENIS.get(data.get("jenis"))
        if jenis and jenis.butuh_periode and not data.get("nomor"):
            self.add_error("nomor", _("This export needs the period."))
        return data


@admin_required
@require_http_methods(["GET", "POST"])
def ekspor_view(request):
    form = EksporForm(request.POST or None, scope=admin_scope(request.user))

    def save(f):
        data = f.cleaned_data
        parameter = {"tahun": data["tahun"]}
        if JENIS[data["jenis"]].butuh_periode:
            parameter["nomor"] = data["nomor"]
        return ekspor_minta(jenis=data["jenis"], unit=data["unit"], parameter=parameter,
                            actor=request.user)

    return form_page(request, form, template="ekinerja/ekspor.html", save=save,
                     success=lambda e: f"/ekspor/{e.pk}/",
                     message=lambda e: _("Export queued."),
                     rows=ekspor_list(request.user, 20),
                     labels={k: j.label for k, j in JENIS.items()})


@passive
@require_GET
def ekspor_detail_view(request, pk):
    """The progress page, which polls itself until the file is ready (passive: reached
    right after the request that asked, which counted as activity)."""
    ekspor = get_ekspor_for(request.user, pk)
    template = "ekinerja/_ekspor_status.html" if request.headers.get("HX-Request") \
        else "ekinerja/ekspor_detail.html"
    return render(request, template, {"e": ekspor, "label": JENIS[ekspor.jenis].label})


@require_GET
def ekspor_unduh_view(request, pk):
    ekspor = get_ekspor_for(request.user, pk)
    if ekspor.status != Ekspor.Status.SELESAI or not ekspor.berkas:
        raise Http404
    return file_response(ekspor.berkas, name=ekspor.nama_berkas, jenis="xlsx")

