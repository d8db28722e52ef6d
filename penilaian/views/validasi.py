"""The atasan's validation queue: pending activities of the team, oldest first, grouped by
day and person, anomalies marked; approve (optionally adjusting the output), reject,
return, approve a day or a selection at once, undo a recent validation."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ekinerja.middleware import passive
from ekinerja.views.forms import form_errors_as_messages, run_action

from .. import services
from ..access import get_aktivitas_to_validate
from ..forms import ALASAN_TOLAK, AlasanForm, CatatanForm, SetujuiForm, TolakForm
from ..selectors import (
    antrean_baru_count,
    antrean_validasi,
    menunggu_dipilih,
    validasi_terakhir,
)


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
    aktivitas = get_aktivitas_to_validate(request.user, pk, undo=undo)
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
    items = menunggu_dipilih(request.user, ids)
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
