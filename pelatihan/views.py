"""Training pages: my trainings with the JP tracker, recording one with its certificate,
the certificate itself (private), the verification queue, the catalogue and its review,
compliance with the JP right for a team or an admin's scope, and the development plan."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ekinerja.access import admin_scope, is_admin_bkd, may_view_pegawai
from ekinerja.berkas import file_response
from ekinerja.models import Pegawai, UnitKerja
from ekinerja.selectors import bawahan_ids, opd_choices
from ekinerja.views.forms import form_errors_as_messages, form_page, run_action

from . import services
from .forms import (
    JalurFormSet,
    KegiatanForm,
    PartisipasiForm,
    RencanaForm,
    TinjauForm,
    VerifikasiForm,
    planned_items,
    rencana_formset,
)
from .models import JalurBelajar, KegiatanBelajar, Partisipasi, RencanaPengembangan
from .selectors import (
    antrean_verifikasi,
    jp_per_tahun,
    jp_tahun,
    kepatuhan,
    kepatuhan_opd,
    kesenjangan,
    saran_kegiatan,
)


@require_GET
def saya_view(request):
    year = timezone.localdate().year
    history = sorted(jp_per_tahun(request.user).values(), key=lambda y: -y["tahun"])
    tahun = jp_tahun(request.user, year)
    return render(request, "pelatihan/saya.html", {
        "tahun": tahun, "riwayat": history, "pengingat": _pengingat(year) if tahun["kurang"]
        else None,
        "rows": Partisipasi.objects.filter(pegawai=request.user).select_related("jalur")})


def _pengingat(year):
    """In the last quarter of the current year: the days left to reach the JP right."""
    today = timezone.localdate()
    if year != today.year or today.month < 10:
        return None
    return {"hari": (dt.date(year, 12, 31) - today).days}


@require_http_methods(["GET", "POST"])
def catat_view(request):
    form = PartisipasiForm(request.POST or None, request.FILES or None, pegawai=request.user,
                           instance=Partisipasi(pegawai=request.user))
    return form_page(
        request, form, template="pelatihan/catat.html",
        save=lambda f: services.partisipasi_catat(partisipasi=f.instance, actor=request.user,
                                                  berkas=f.cleaned_data.get("berkas")),
        success=lambda _p: reverse("pelatihan_saya"),
        message=lambda _p: _("Recorded; it counts once verified."))


def _partisipasi_for(user, pk):
    p = Partisipasi.objects.select_related("pegawai__unit", "jalur").filter(pk=pk).first()
    if p is None or not (may_view_pegawai(user, p.pegawai) or services.may_verify(user, p)):
        raise Http404
    return p


@require_GET
def sertifikat_view(request, pk):
    """The certificate, shown in the browser under a policy that runs nothing."""
    p = _partisipasi_for(request.user, pk)
    if not p.sertifikat:
        raise Http404
    return file_response(p.sertifikat, name=p.sertifikat_nama, jenis=p.sertifikat_jenis,
                         inline=True)


@require_GET
def verifikasi_list_view(request):
    rows = antrean_verifikasi(request.user)
    return render(request, "pelatihan/verifikasi.html", {"rows": rows})


@require_POST
def verifikasi_view(request, pk):
    p = _partisipasi_for(request.user, pk)
    if not services.may_verify(request.user, p):
        raise Http404
    form = VerifikasiForm(request.POST)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect("pelatihan_verifikasi")
    data = form.cleaned_data
    if request.POST.get("putusan") == "tolak":
        run_action(request, lambda: services.partisipasi_tolak(
            partisipasi=p, actor=request.user, alasan=data["catatan"]), _("Rejected."))
    else:
        run_action(request, lambda: services.partisipasi_verifikasi(
            partisipasi=p, actor=request.user, jp_diakui=data["jp_diakui"],
            catatan=data["catatan"]), _("Verified."))
    return redirect("pelatihan_verifikasi")




# --- the catalogue ----------------------------------------------------------------------

PER_PAGE = 50


@require_GET
def katalog_view(request):
    """The catalogue for everyone, searchable by name, organiser, path and competency;
    the user's own proposals; for Admin BKD the proposals waiting for review."""
    q = request.GET.get("q", "").strip()[:100]
    jalur = request.GET.get("jalur", "")
    rows = KegiatanBelajar.objects.filter(status=KegiatanBelajar.Status.DISETUJUI) \
        .select_related("jalur")
    if q:
        rows = rows.filter(Q(nama__icontains=q) | Q(kompetensi__icontains=q)
                           | Q(penyelenggara__icontains=q))
    if jalur:
        rows = rows.filter(jalur__kode=jalur)
    bkd = is_admin_bkd(request.user)
    return render(request, "pelatihan/katalog.html", {
        "page": Paginator(rows, PER_PAGE).get_page(request.GET.get("page")), "q": q,
        "jalur": jalur, "paths": JalurBelajar.objects.filter(aktif=True), "bkd": bkd,
        "usulan_saya": KegiatanBelajar.objects.filter(dibuat_oleh=request.user).exclude(
            status=KegiatanBelajar.Status.DISETUJUI).select_related("jalur"),
        "usulan": KegiatanBelajar.objects.filter(status=KegiatanBelajar.Status.USULAN)
        .select_related("jalur", "dibuat_oleh") if bkd else []})


@require_http_methods(["GET", "POST"])
def katalog_form_view(request, pk=None):
    kegiatan = KegiatanBelajar()
    if pk is not None:
        kegiatan = KegiatanBelajar.objects.filter(pk=pk).first()
        if kegiatan is None or not services.may_edit_kegiatan(request.user, kegiatan):
            raise Http404
    form = KegiatanForm(request.POST or None, instance=kegiatan)
    bkd = is_admin_bkd(request.user)
    return form_page(
        request, form, template="pelatihan/katalog_form.html", bkd=bkd,
        save=lambda f: services.kegiatan_simpan(kegiatan=f.instance, actor=request.user),
        success=lambda _k: reverse("pelatihan_katalog"),
        message=lambda k: _("Saved in the catalogue.") if k.status == "disetujui"
        else _("Proposed; the Admin BKD will review it."))


@require_POST
def katalog_tinjau_view(request, pk):
    if not is_admin_bkd(request.user):
        raise Http404
    kegiatan = KegiatanBelajar.objects.filter(pk=pk).first()
    if kegiatan is None:
        raise Http404
    form = TinjauForm(request.POST)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect("pelatihan_katalog")
    terima = request.POST.get("putusan") == "terima"
    run_action(request, lambda: services.kegiatan_tinjau(
        kegiatan=kegiatan, actor=request.user, terima=terima,
        catatan=form.cleaned_data["catatan"]),
        _("Added to the catalogue.") if terima else _("Not accepted."))
    return redirect("pelatihan_katalog")


# --- compliance -------------------------------------------------------------------------

SORTS = {"nama": ["nama"], "jp": ["jp_dihitung", "nama"], "kurang": ["jp_kurang", "nama"],
         "unit": ["unit__path", "nama"]}


def _year_param(request):
    today = timezone.localdate()
    try:
        year = int(request.GET.get("tahun", today.year))
    except ValueError:
        year = today.year
    return year if 2000 <= year <= today.year + 1 else today.year


@require_GET
def kepatuhan_view(request, pengingat=False):
    """Who is under their JP right: the atasan's team, or an admin's scope (per OPD, with
    its compliance rate, and per person for a chosen unit). Sortable; the reminder list
    is the same page limited to the people still short."""
    year = _year_param(request)
    scope = admin_scope(request.user)
    lingkup = "tim" if scope is None or request.GET.get("lingkup") == "tim" else "unit"
    unit = None
    if lingkup == "tim":
        people = Pegawai.objects.filter(pk__in=bawahan_ids(request.user))
        per_opd = None
    else:
        unit = scope
        if request.GET.get("unit", "").isdigit():
            unit = UnitKerja.objects.filter(pk=request.GET["unit"],
                                            path__startswith=scope.path).first()
            if unit is None:
                raise Http404
        people = Pegawai.objects.filter(unit__path__startswith=unit.path)
        per_opd = kepatuhan_opd(scope, year) if unit.pk == scope.pk else None
    rows = kepatuhan(people.filter(aktif=True), year).select_related("unit", "jabatan")
    kurang_saja = pengingat or request.GET.get("kurang") == "1"
    if kurang_saja:
        rows = rows.filter(jp_kurang__gt=0)
    urut = request.GET.get("urut", "kurang" if kurang_saja else "nama")
    key = urut.lstrip("-")
    if key not in SORTS:
        urut, key = "nama", "nama"
    order = SORTS[key]
    if urut.startswith("-"):
        order = [f"-{order[0]}", *order[1:]]
    elif key == "kurang":
        order = [f"-{order[0]}", *order[1:]]  # most missing first
    rows = rows.order_by(*order)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    plans = dict(RencanaPengembangan.objects.filter(
        tahun=year, pegawai_id__in=[p.pk for p in page]).values_list("pegawai_id", "status"))
    for person in page:
        person.rencana = plans.get(person.pk)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "pelatihan/kepatuhan.html", {
        "page": page, "tahun": year, "lingkup": lingkup, "unit": unit, "scope": scope,
        "per_opd": per_opd, "opds": opd_choices(scope) if scope else [],
        "urut": urut, "kurang_saja": kurang_saja, "pengingat": _pengingat(year),
        "reminder_page": pengingat, "query": params.urlencode(),
        "has_team": scope is not None or bool(bawahan_ids(request.user))})


# --- the development plan ---------------------------------------------------------------


def _plan_context(pegawai, year, rencana):
    gaps = saran_kegiatan(kesenjangan(pegawai, year))
    return {"pegawai": pegawai, "tahun": year, "rencana": rencana, "gaps": gaps,
            "items": rencana.kegiatan_set.select_related("jalur", "kegiatan")
            if rencana else [],
            "jp": jp_tahun(pegawai, year)}


def _valid_year(year):
    today = timezone.localdate().year
    if not today - 1 <= year <= today + 1:
        raise Http404
    return year


@require_GET
def rencana_saya_view(request, tahun=None):
    year = _valid_year(tahun or timezone.localdate().year)
    rencana = RencanaPengembangan.objects.filter(pegawai=request.user, tahun=year).first()
    return render(request, "pelatihan/rencana.html", {
        **_plan_context(request.user, year, rencana), "pemilik": True})


@require_http_methods(["GET", "POST"])
def rencana_ubah_view(request, tahun):
    year = _valid_year(tahun)
    rencana = RencanaPengembangan.objects.filter(pegawai=request.user, tahun=year).first() \
        or RencanaPengembangan(pegawai=request.user, tahun=year)
    form = RencanaForm(request.POST or None, instance=rencana)
    formset = rencana_formset(request.POST or None, rencana=rencana)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.rencana_simpan(rencana=form.instance, kegiatan=planned_items(formset),
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
    rencana = RencanaPengembangan.objects.filter(pegawai=request.user, tahun=tahun).first()
    if rencana is None:
        raise Http404
    run_action(request, lambda: services.rencana_ajukan(rencana=rencana, actor=request.user),
               _("Submitted to your atasan."))
    return redirect("pelatihan_rencana_tahun", tahun)


def _pegawai_for(user, pk):
    pegawai = Pegawai.objects.select_related("unit", "jabatan").filter(pk=pk).first()
    if pegawai is None or not may_view_pegawai(user, pegawai):
        raise Http404
    return pegawai


@require_GET
def rencana_pegawai_view(request, pk, tahun):
    """A person's plan as their atasan (who agrees to it) or an admin in scope sees it."""
    pegawai = _pegawai_for(request.user, pk)
    if pegawai.pk == request.user.pk:
        return redirect("pelatihan_rencana_tahun", tahun)
    year = _valid_year(tahun)
    rencana = RencanaPengembangan.objects.filter(pegawai=pegawai, tahun=year).first()
    return render(request, "pelatihan/rencana.html", {
        **_plan_context(pegawai, year, rencana), "pemilik": False,
        "may_agree": rencana is not None and services.may_agree_rencana(request.user,
                                                                        rencana)})


@require_POST
def rencana_putus_view(request, pk, tahun):
    pegawai = _pegawai_for(request.user, pk)
    rencana = RencanaPengembangan.objects.filter(pegawai=pegawai, tahun=tahun).first()
    if rencana is None:
        raise Http404
    if not services.may_agree_rencana(request.user, rencana):
        raise PermissionDenied
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


@require_http_methods(["GET", "POST"])
def jalur_view(request):
    """Admin BKD keeps the learning paths: names and whether they are still offered."""
    if not is_admin_bkd(request.user):
        raise PermissionDenied
    formset = JalurFormSet(request.POST or None, queryset=JalurBelajar.objects.all())
    if request.method == "POST" and formset.is_valid():
        services.jalur_simpan(forms=formset.forms, actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("pelatihan_jalur")
    return render(request, "pelatihan/jalur.html", {"formset": formset},
                  status=400 if formset.is_bound and not formset.is_valid() else 200)
