"""BKD pages: years and periods, indicator library, templates, task catalogue, goals."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ekinerja.access import (
    admin_required,
    admin_scope,
    bkd_required,
    get_jabatan_for_admin,
    is_admin_bkd,
)
from ekinerja.views.forms import form_page

from .. import services
from ..access import get_indikator, get_periode, get_template_item
from ..forms import (
    AlasanForm,
    IndikatorVersiForm,
    SasaranForm,
    TahunForm,
    TemplateApplyForm,
    TemplateIkiForm,
    TemplateRhkForm,
    UraianTugasForm,
)
from ..models import SasaranOrganisasi, TemplateIki, TemplateRhk, UraianTugas
from ..selectors import (
    indikator_list,
    sasaran_in,
    tahun_aktif,
    tahun_list,
    template_rhk_for,
    uraian_tugas_for,
)


def _save(request, form, save, template, done, **context):
    """done: a view name, or (view name, arg)."""
    name, *args = done if isinstance(done, tuple) else (done,)
    return form_page(request, form, save=save, template=template,
                     success=lambda _obj: reverse(name, args=args), **context)


@admin_required
@require_http_methods(["GET", "POST"])
def tahun_list_view(request):
    form = TahunForm(request.POST or None) if is_admin_bkd(request.user) else None
    years = tahun_list()
    if form is None:
        return render(request, "kinerja/tahun_list.html", {"years": years})
    return _save(request, form, lambda f: services.tahun_kinerja_create(tahun=f.instance,
                                                                       actor=request.user),
                 "kinerja/tahun_list.html", "tahun_list", years=years)


@bkd_required
@require_POST
def periode_lock_view(request, pk):
    periode = get_periode(pk)
    form = AlasanForm(request.POST)
    form.is_valid()
    try:
        if periode.terkunci:
            services.periode_unlock(periode=periode, actor=request.user,
                                    alasan=form.cleaned_data.get("alasan", ""))
            messages.success(request, _("Period %(p)s unlocked.") % {"p": periode})
        else:
            services.periode_lock(periode=periode, actor=request.user)
            messages.success(request, _("Period %(p)s locked.") % {"p": periode})
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("tahun_list")


@admin_required
def indikator_list_view(request):
    items = indikator_list()
    return render(request, "kinerja/indikator_list.html", {"items": items,
                                                           "may_edit": is_admin_bkd(request.user)})


@bkd_required
@require_http_methods(["GET", "POST"])
def indikator_edit_view(request, pk=None):
    indikator = get_indikator(pk) if pk else None
    current = services.indikator_versi_current(indikator) if indikator else None
    form = IndikatorVersiForm(request.POST or None, instance=current, indikator=indikator)

    def save(f):
        links = {"untuk_jabatan": f.cleaned_data["jabatan_kode"],
                 "untuk_unit": f.cleaned_data["unit_kode"]}
        if indikator is None:
            return services.indikator_create(kode=f.cleaned_data["kode"], versi=f.instance,
                                             actor=request.user, **links)
        return services.indikator_update(indikator=indikator, versi=f.instance,
                                         actor=request.user, **links)

    return _save(request, form, save, "kinerja/indikator_form.html", "indikator_list",
                 indikator=indikator)


@admin_required
@require_http_methods(["GET", "POST"])
def template_view(request, jabatan_pk):
    """The SKP template and task catalogue of one position, with forms to extend them."""
    jabatan = get_jabatan_for_admin(request.user, jabatan_pk)
    kind = request.POST.get("form")
    forms = {
        "rhk": TemplateRhkForm(request.POST if kind == "rhk" else None,
                               instance=TemplateRhk(jabatan=jabatan)),
        "iki": TemplateIkiForm(request.POST if kind == "iki" else None, jabatan=jabatan,
                               instance=TemplateIki()),
        "tugas": UraianTugasForm(request.POST if kind == "tugas" else None,
                                 instance=UraianTugas(jabatan=jabatan)),
    }
    context = {"jabatan": jabatan, "rhk_list": template_rhk_for(jabatan),
               "tugas_list": uraian_tugas_for(jabatan),
               "weights_ok": services.template_weights_ok(jabatan),
               "apply_form": TemplateApplyForm(initial={"tahun": tahun_aktif().first()}),
               "forms": forms}
    if kind in forms:
        form = forms[kind]
        return _save(request, form, lambda f: services.config_save(obj=f.instance,
                                                                   actor=request.user),
                     "kinerja/template.html", ("template", jabatan.pk), **context)
    return render(request, "kinerja/template.html", context)


@admin_required
@require_POST
def template_delete_view(request, jabatan_pk, kind, pk):
    jabatan = get_jabatan_for_admin(request.user, jabatan_pk)
    services.config_delete(obj=get_template_item(jabatan, kind, pk), actor=request.user)
    messages.success(request, _("Deleted."))
    return redirect("template", jabatan.pk)


@admin_required
@require_http_methods(["GET", "POST"])
def template_apply_view(request, jabatan_pk):
    """GET: what applying would create; POST: create it."""
    jabatan = get_jabatan_for_admin(request.user, jabatan_pk)
    form = TemplateApplyForm(request.POST or request.GET or None)
    if not form.is_valid():
        messages.error(request, _("Choose a year."))
        return redirect("template", jabatan.pk)
    tahun = form.cleaned_data["tahun"]
    if request.method == "POST":
        try:
            count = services.template_apply(jabatan=jabatan, tahun=tahun, actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(n)s draft SKPs created.") % {"n": count})
        return redirect("template", jabatan.pk)
    create, have = services.template_apply_plan(jabatan=jabatan, tahun=tahun)
    return render(request, "kinerja/template_apply.html", {
        "jabatan": jabatan, "tahun": tahun, "create": create, "have": have,
        "rhk_list": template_rhk_for(jabatan)})


@admin_required
@require_http_methods(["GET", "POST"])
def sasaran_view(request):
    scope = admin_scope(request.user)
    form = SasaranForm(request.POST or None, scope=scope, instance=SasaranOrganisasi())
    items = sasaran_in(scope)
    return _save(request, form, lambda f: services.config_save(obj=f.instance,
                                                               actor=request.user),
                 "kinerja/sasaran.html", "sasaran", items=items)
