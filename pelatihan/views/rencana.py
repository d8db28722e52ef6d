"""The development plan: the employee writes and submits theirs, the atasan agrees to it or
returns it, an admin in scope reads it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ekinerja.views.forms import form_errors_as_messages, run_action

from .. import services
from ..access import get_pegawai_for, get_rencana_own, get_rencana_to_decide, may_agree_rencana
from ..forms import RencanaForm, TinjauForm, planned_items, rencana_formset
from ..models import RencanaPengembangan
from ..selectors import jp_tahun, kesenjangan, rencana_dari, rencana_kegiatan, saran_kegiatan


def _plan_context(pegawai, year, rencana):
    gaps = saran_kegiatan(kesenjangan(pegawai, year))
    return {"pegawai": pegawai, "tahun": year, "rencana": rencana, "gaps": gaps,
            "items": rencana_kegiatan(rencana) if rencana else [],
            "jp": jp_tahun(pegawai, year)}


def _valid_year(year):
    today = timezone.localdate().year
    if not today - 1 <= year <= today + 1:
        raise Http404
    return year


@require_GET
def rencana_saya_view(request, tahun=None):
    year = _valid_year(tahun or timezone.localdate().year)
    rencana = rencana_dari(request.user, year)
    return render(request, "pelatihan/rencana.html", {
        **_plan_context(request.user, year, rencana), "pemilik": True})


@require_http_methods(["GET", "POST"])
def rencana_ubah_view(request, tahun):
    year = _valid_year(tahun)
    rencana = rencana_dari(request.user, year) \
        or RencanaPengembangan(pegawai=request.user, tahun=year)
    form = RencanaForm(request.POST or None, instance=rencana)
    formset = rencana_formset(request.POST or None, rencana=rencana)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.rencana_save(rencana=form.instance, kegiatan=planned_items(formset),
                                    actor=request.user)
        except ValidationError as exc:
            for text in exc.messages:
                form.add_error(None, text)
        else:
            messages.success(request, _("Plan saved. Submit it to your atasan when it is "
                                        "ready."))
            return redirect("pelatihan_rencana_tahun", year)
    gaps = saran_kegiatan(kesenjangan(request.user, year))
    return render(request, "pelatihan/rencana_form.html", {
        "form": form, "formset": formset, "tahun": year, "gaps": gaps},
        status=400 if form.errors or any(formset.errors) or formset.non_form_errors()
        else 200)


@require_POST
def rencana_ajukan_view(request, tahun):
    rencana = get_rencana_own(request.user, tahun)
    run_action(request, lambda: services.rencana_submit(rencana=rencana, actor=request.user),
               _("Submitted to your atasan."))
    return redirect("pelatihan_rencana_tahun", tahun)


@require_GET
def rencana_pegawai_view(request, pk, tahun):
    """A person's plan as their atasan (who agrees to it) or an admin in scope sees it."""
    pegawai = get_pegawai_for(request.user, pk)
    if pegawai.pk == request.user.pk:
        return redirect("pelatihan_rencana_tahun", tahun)
    year = _valid_year(tahun)
    rencana = rencana_dari(pegawai, year)
    return render(request, "pelatihan/rencana.html", {
        **_plan_context(pegawai, year, rencana), "pemilik": False,
        "may_agree": rencana is not None and may_agree_rencana(request.user, rencana)})


@require_POST
def rencana_putus_view(request, pk, tahun):
    pegawai, rencana = get_rencana_to_decide(request.user, pk, tahun)
    form = TinjauForm(request.POST)
    if not form.is_valid():
        form_errors_as_messages(request, form)
    else:
        sepakat = request.POST.get("putusan") == "sepakat"
        run_action(request, lambda: services.rencana_putuskan(
            rencana=rencana, actor=request.user, sepakat=sepakat,
            catatan=form.cleaned_data["catatan"]),
            _("Plan agreed.") if sepakat else _("Plan returned to the employee."))
    return redirect("pelatihan_rencana_pegawai", tahun=tahun, pk=pegawai.pk)
