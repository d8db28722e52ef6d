"""BKD admin pages: units, positions and people within the admin's scope."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from ..access import (
    admin_required,
    admin_scope,
    get_jabatan_for_admin,
    get_pegawai_for_admin,
    get_unit_for_admin,
    is_admin_bkd,
)
from ..forms import JabatanForm, PegawaiForm, UnitKerjaForm
from ..mfa import mfa_reset, punya_perangkat
from ..models import Jabatan, Pegawai, UnitKerja
from ..selectors import atasan_for, jabatan_list, pegawai_list, unit_list
from ..services import jabatan_save, pegawai_reset_password, pegawai_save, unit_kerja_save
from .forms import form_page, run_action

PER_PAGE = 50


def _saved(obj):
    return _("Saved: %(obj)s.") % {"obj": obj}


def _page(request, queryset):
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))


@admin_required
def unit_list_view(request):
    q = request.GET.get("q", "").strip()
    units = unit_list(scope=admin_scope(request.user), q=q)
    return render(request, "ekinerja/unit_list.html", {"page": _page(request, units), "q": q})


@admin_required
@require_http_methods(["GET", "POST"])
def unit_edit_view(request, pk=None):
    scope = admin_scope(request.user)
    unit = get_unit_for_admin(request.user, pk) if pk else UnitKerja()
    form = UnitKerjaForm(request.POST or None, instance=unit, scope=scope)
    return form_page(request, form, template="ekinerja/unit_form.html", unit=unit,
                     save=lambda f: unit_kerja_save(unit=f.instance, actor=request.user),
                     success=lambda u: reverse("unit_edit", args=[u.pk]), message=_saved)


@admin_required
def jabatan_list_view(request):
    q = request.GET.get("q", "").strip()
    qs = jabatan_list(scope=admin_scope(request.user), q=q)
    return render(request, "ekinerja/jabatan_list.html", {"page": _page(request, qs), "q": q})


@admin_required
@require_http_methods(["GET", "POST"])
def jabatan_edit_view(request, pk=None):
    scope = admin_scope(request.user)
    jabatan = get_jabatan_for_admin(request.user, pk) if pk else Jabatan(kelas_jabatan=7)
    form = JabatanForm(request.POST or None, instance=jabatan, scope=scope)
    return form_page(request, form, template="ekinerja/jabatan_form.html", jabatan=jabatan,
                     save=lambda f: jabatan_save(jabatan=f.instance, actor=request.user),
                     success=lambda j: reverse("jabatan_edit", args=[j.pk]), message=_saved)


@admin_required
def pegawai_list_view(request):
    q = request.GET.get("q", "").strip()
    qs = pegawai_list(scope=admin_scope(request.user), q=q)
    return render(request, "ekinerja/pegawai_list.html", {"page": _page(request, qs), "q": q})


@admin_required
@require_http_methods(["GET", "POST"])
def pegawai_edit_view(request, pk=None):
    scope = admin_scope(request.user)
    pegawai = get_pegawai_for_admin(request.user, pk) if pk else Pegawai(jenis="PNS")
    form = PegawaiForm(request.POST or None, instance=pegawai, scope=scope,
                       may_grant_admin=is_admin_bkd(request.user))
    return form_page(
        request, form, template="ekinerja/pegawai_form.html", pegawai=pegawai,
        atasan=atasan_for(pegawai) if pegawai.pk else None,
        mfa_aktif=punya_perangkat(pegawai) if pegawai.pk else False,
        field_map={"atasan_override": "nip_atasan", "unit": "jabatan"},
        save=lambda f: pegawai_save(pegawai=f.instance, actor=request.user),
        success=lambda p: reverse("pegawai_edit", args=[p.pk]), message=_saved,
    )


@admin_required
@require_POST
@never_cache
def pegawai_reset_password_view(request, pk):
    pegawai = get_pegawai_for_admin(request.user, pk)
    password = pegawai_reset_password(pegawai=pegawai, actor=request.user)
    return render(request, "ekinerja/pegawai_password.html",
                  {"pegawai": pegawai, "password": password})


@admin_required
@require_POST
def pegawai_reset_mfa_view(request, pk):
    """A lost phone: the person's apps and recovery codes go (audited); they set two-step
    verification up again at their next login where it is required of them."""
    pegawai = get_pegawai_for_admin(request.user, pk)
    run_action(request, lambda: mfa_reset(pegawai=pegawai, actor=request.user),
               _("Two-step verification of %(nama)s was reset.")
               % {"nama": pegawai.nama_lengkap})
    return redirect("pegawai_edit", pk=pegawai.pk)
