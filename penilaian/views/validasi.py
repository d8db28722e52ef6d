"""The atasan's validation queue: pending activities of the team, oldest first, grouped by
day and person, anomalies marked; approve (optionally adjusting the output), reject,
return, approve a day or a selection at once, undo a recent validation."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ekinerja.middleware import passive
from ekinerja.views.forms import form_errors_as_messages, run_action
from kinerja.access import may_decide
from kinerja.models import Aktivitas

from .. import services
from ..selectors import (
    antrean_baru_count,
    antrean_validasi,
    menunggu_untuk,
    validasi_terakhir,
)

LAIN = "lain"
ALASAN_TOLAK = [
    ("luar_tugas", gettext_lazy("Not part of the SKP or the duties of the post")),
    ("bukti", gettext_lazy("The evidence does not support the activity")),
    ("waktu", gettext_lazy("The time or minutes are not reasonable")),
    ("ganda", gettext_lazy("A duplicate of another activity")),
    (LAIN, gettext_lazy("Another reason (write it)")),
]


class SetujuiForm(forms.Form):
    output = forms.DecimalField(label=gettext_lazy("Output"), max_digits=10,
                                decimal_places=2, min_value=0, required=False,
                                localize=True)
    catatan = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)


class TolakForm(forms.Form):
    alasan = forms.ChoiceField(label=gettext_lazy("Reason"), choices=ALASAN_TOLAK)
    catatan = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if data.get("alasan") == LAIN and not data.get("catatan", "").strip():
            self.add_error("catatan", _("Write the reason."))
        return data

    def text(self):
        data = self.cleaned_data
        chosen = dict(ALASAN_TOLAK)[data["alasan"]]
        if data["alasan"] == LAIN:
            return data["catatan"].strip()
        return f"{chosen}: {data['catatan'].strip()}" if data["catatan"].strip() else str(chosen)


class CatatanForm(forms.Form):
    catatan = forms.CharField(label=gettext_lazy("Note"), max_length=500)


class AlasanForm(forms.Form):
    alasan = forms.CharField(label=gettext_lazy("Reason"), max_length=500)


def _mine(request, pk, *, undo=False):
    """An activity this user may validate (or, to undo, validated), else 404."""
    aktivitas = (Aktivitas.objects.select_related("pegawai__unit", "iki").filter(pk=pk)
                 .first())
    if aktivitas is None:
        raise Http404
    if undo and aktivitas.divalidasi_oleh_id != request.user.pk:
        raise Http404  # only the one who decided undoes, and only while still entitled
    if (aktivitas.dieskalasi_ke_id == request.user.pk
            and aktivitas.pegawai_id != request.user.pk):
        return aktivitas  # escalated to this user at the cut-off
    if aktivitas.pegawai_id == request.user.pk or not may_decide(request.user,
                                                                 aktivitas.pegawai):
        raise Http404
    return aktivitas


def _back(aktivitas=None):
    url = reverse("validasi")
    if aktivitas is not None:
        url += f"#g-{aktivitas.tanggal:%Y%m%d}-{aktivitas.pegawai_id}"
    return redirect(url)


@require_GET
def antrean_view(request):
    groups, more, newest = antrean_validasi(request.user)
    return render(request, "penilaian/validasi.html", {
        "groups": groups, "more": more, "newest": newest, "alasan_tolak": ALASAN_TOLAK,
        "terakhir": validasi_terakhir(request.user),
        "poll_seconds": settings.STATUS_POLL_SECONDS})


@passive
@require_GET
@never_cache
def antrean_baru_view(request):
    """Polled by the queue page: how many were submitted since it was loaded."""
    sejak = request.GET.get("sejak", "0")
    count = antrean_baru_count(request.user, sejak=int(sejak) if sejak.isdigit() else 0)
    if not count:
        return HttpResponse("")
    text = ngettext("%(n)s new activity submitted.", "%(n)s new activities submitted.",
                    count) % {"n": count}
    return HttpResponse(f'<div class="alert alert-info py-2" id="antrean-baru">{text} '
                        f'<a href="{reverse("validasi")}">{_("Reload")}</a></div>')


def _decide(request, pk, form_class, action, success, *, undo=False):
    """One decision on one activity: the form's errors as messages, or the service called
    with the cleaned form; back to the queue either way."""
    aktivitas = _mine(request, pk, undo=undo)
    form = form_class(request.POST)
    if not form.is_valid():
        form_errors_as_messages(request, form)
    else:
        run_action(request, lambda: action(aktivitas, form), success)
    return _back(aktivitas)


@require_POST
def setujui_view(request, pk):
    return _decide(request, pk, SetujuiForm, lambda a, f: services.aktivitas_approve(
        aktivitas=a, actor=request.user, output=f.cleaned_data["output"],
        catatan=f.cleaned_data["catatan"]), _("Approved."))


@require_POST
def tolak_view(request, pk):
    return _decide(request, pk, TolakForm, lambda a, f: services.aktivitas_reject(
        aktivitas=a, actor=request.user, catatan=f.text()), _("Rejected."))


@require_POST
def kembalikan_view(request, pk):
    return _decide(request, pk, CatatanForm, lambda a, f: services.aktivitas_return(
        aktivitas=a, actor=request.user, catatan=f.cleaned_data["catatan"]),
        _("Returned for revision."))


@require_POST
def batal_view(request, pk):
    return _decide(request, pk, AlasanForm, lambda a, f: services.aktivitas_undo(
        aktivitas=a, actor=request.user, alasan=f.cleaned_data["alasan"]),
        _("Validation undone: the activity waits for validation again."), undo=True)


@require_POST
def setujui_banyak_view(request):
    """Approve a day or a selection: only pending activities of the people this user
    validates count; anomalous ones are left out and listed."""
    ids = [int(v) for v in request.POST.getlist("aktivitas") if v.isdigit()]
    items = list(menunggu_untuk(request.user).filter(pk__in=ids)
                 .select_related("pegawai__unit", "iki", "uraian_tugas")
                 .prefetch_related("bukti").order_by("tanggal", "mulai"))
    if not items:
        messages.error(request, _("Choose at least one activity waiting for validation."))
        return _back()
    approved, left = services.aktivitas_approve_bulk(items=items, actor=request.user)
    if approved:
        messages.success(request, ngettext("%(n)s activity approved.",
                                           "%(n)s activities approved.",
                                           len(approved)) % {"n": len(approved)})
    for aktivitas, reasons in left:
        messages.warning(request, _("Left out for a look of its own: %(what)s (%(why)s).") % {
            "what": aktivitas.uraian[:60], "why": "; ".join(reasons)})
    return _back()
