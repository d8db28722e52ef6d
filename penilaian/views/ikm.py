"""Service units (BKD and OPD admins) and their IKM (admins and heads of units, like the
other monitoring pages): trend, elements, improvement targets, comments, the QR poster,
and voiding a burst of abusive answers (BKD)."""

import io

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ekinerja.access import admin_required, admin_scope, is_admin_bkd, lingkup_pantau
from ekinerja.dokumen import pdf_response
from ekinerja.forms import ServiceValidatedForm
from ekinerja.models import UnitKerja
from ekinerja.views.forms import form_page, run_action

from .. import ikm
from ..models import NilaiIKM, ResponSurvei, UnitLayanan


class UnitLayananForm(ServiceValidatedForm):
    layanan = forms.CharField(label=gettext_lazy("Services (one per line)"),
                              widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)

    class Meta:
        model = UnitLayanan
        fields = ["unit", "nama", "alamat", "aktif"]

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = UnitKerja.objects.filter(
            path__startswith=scope.path).order_by("path")
        if self.instance.pk:
            self.initial["layanan"] = "\n".join(
                self.instance.layanan_set.filter(aktif=True).values_list("nama", flat=True))


class BatalForm(forms.Form):
    mulai = forms.DateTimeField(label=gettext_lazy("From"),
                                widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    selesai = forms.DateTimeField(label=gettext_lazy("Until"),
                                  widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    alasan = forms.CharField(label=gettext_lazy("Reason"), max_length=300)

    def clean(self):
        data = super().clean()
        if data.get("mulai") and data.get("selesai") and data["selesai"] < data["mulai"]:
            raise forms.ValidationError(_("The end cannot be before the start."))
        return data


def _scope_units(request):
    scope = lingkup_pantau(request.user)
    if scope is None:
        raise Http404
    return scope, UnitLayanan.objects.filter(unit__path__startswith=scope.path)


@admin_required
@require_GET
def layanan_list_view(request):
    scope = admin_scope(request.user)
    rows = (UnitLayanan.objects.filter(unit__path__startswith=scope.path)
            .select_related("unit").order_by("unit__path", "nama"))
    return render(request, "penilaian/layanan_list.html", {"rows": rows})


@admin_required
@require_http_methods(["GET", "POST"])
def layanan_edit_view(request, pk=None):
    scope = admin_scope(request.user)
    instance = UnitLayanan()
    if pk is not None:
        instance = UnitLayanan.objects.filter(pk=pk, unit__path__startswith=scope.path).first()
        if instance is None:
            raise Http404
    form = UnitLayananForm(request.POST or None, scope=scope, instance=instance)
    return form_page(
        request, form, template="penilaian/layanan_form.html",
        save=lambda f: ikm.unit_layanan_simpan(unit_layanan=f.instance,
                                               layanan=f.cleaned_data["layanan"].splitlines(),
                                               actor=request.user),
        success=lambda obj: reverse("ikm_detail", args=[obj.pk]))


@require_GET
def ikm_list_view(request):
    scope, units = _scope_units(request)
    units = list(units.select_related("unit").order_by("unit__path", "nama"))
    latest = {}
    for nilai in (NilaiIKM.objects.filter(unit_layanan__in=units)
                  .select_related("periode").order_by("periode__mulai")):
        latest[nilai.unit_layanan_id] = nilai
    for unit in units:
        unit.nilai = latest.get(unit.pk)
    opd = {}
    for nilai in (NilaiIKM.objects.filter(unit_layanan__isnull=True,
                                          unit__path__startswith=scope.path)
                  .select_related("periode", "unit").order_by("periode__mulai")):
        opd[nilai.unit_id] = nilai
    return render(request, "penilaian/ikm_list.html", {
        "units": units, "opd": sorted(opd.values(), key=lambda n: n.unit.nama)})


def _unit_for(request, pk):
    _scope, units = _scope_units(request)
    unit = units.select_related("unit").filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


@require_GET
def ikm_detail_view(request, pk):
    unit = _unit_for(request, pk)
    trend = list(NilaiIKM.objects.filter(unit_layanan=unit).select_related("periode")
                 .order_by("periode__mulai"))
    latest = trend[-1] if trend else None
    comments = Paginator(ResponSurvei.objects.filter(unit_layanan=unit, batal=False)
                         .exclude(komentar="").select_related("layanan").order_by("-dibuat"),
                         30).get_page(request.GET.get("hal"))
    admin = admin_scope(request.user)
    year = timezone.localdate().year
    return render(request, "penilaian/ikm_detail.html", {
        "iki_pilihan": ikm.iki_pilihan(request.user, unit, year),
        "iki_terhubung": unit.iki_set.select_related("iki__rhk__skp__pegawai"),
        "unit_layanan": unit, "trend": trend, "latest": latest,
        "unsur": list(zip([u[0] for u in ikm.UNSUR], latest.nrr_angka, strict=True))
        if latest else [],
        "terendah": ikm.terendah(latest) if latest else [], "komentar": comments,
        "boleh_sembunyikan": admin is not None and unit.unit.path.startswith(admin.path),
        "boleh_batal": is_admin_bkd(request.user), "batal_form": BatalForm(),
        "survei_url": request.build_absolute_uri(reverse("survei", args=[unit.token])),
        "grafik": {"ikm": {"tren": [[str(n.periode), float(n.ikm)] for n in trend],
                           "unsur": [[u[0], float(v)] for u, v in zip(
                               ikm.UNSUR, latest.nrr_angka, strict=True)] if latest else []}}})


@require_POST
def komentar_sembunyi_view(request, pk, respon_pk):
    unit = _unit_for(request, pk)
    admin = admin_scope(request.user)
    respon = ResponSurvei.objects.filter(pk=respon_pk, unit_layanan=unit).first()
    if respon is None or admin is None or not unit.unit.path.startswith(admin.path):
        raise Http404
    run_action(request, lambda: ikm.komentar_sembunyikan(
        respon=respon, alasan=request.POST.get("alasan", ""), actor=request.user),
        _("The comment is hidden."))
    return redirect("ikm_detail", unit.pk)


@require_POST
def batal_view(request, pk):
    unit = _unit_for(request, pk)
    if not is_admin_bkd(request.user):
        raise Http404
    form = BatalForm(request.POST)
    if form.is_valid():
        count = ikm.respon_batalkan(unit_layanan=unit, mulai=form.cleaned_data["mulai"],
                                    selesai=form.cleaned_data["selesai"],
                                    alasan=form.cleaned_data["alasan"], actor=request.user)
        messages.success(request, _("%(n)s answers were voided and the IKM recomputed.")
                         % {"n": count})
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("ikm_detail", unit.pk)


@require_GET
def poster_view(request, pk):
    """A printable A4 poster with the QR code of the survey page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from ekinerja.dokumen import Qr, styles, teks

    unit = _unit_for(request, pk)
    url = request.build_absolute_uri(reverse("survei", args=[unit.token]))
    s = styles()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=f"Survei {unit.nama}",
                            leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2.5 * cm)
    qr = Qr(url, 12 * cm)
    qr.hAlign = "CENTER"
    doc.build([Paragraph("Bagaimana layanan kami hari ini?", s["judul"]),
               teks(f"{unit.nama} - {unit.unit.nama}", s["sub"]), Spacer(1, 1 * cm), qr,
               Spacer(1, 0.8 * cm),
               Paragraph("Pindai kode QR dengan kamera ponsel Anda dan isi survei singkat "
                         "(sekitar 2 menit, tanpa nama atau nomor telepon).", s["p"]),
               teks(url, s["kecil"])])
    return pdf_response(buffer.getvalue(), f"poster-survei-{unit.pk}.pdf")


@require_POST
def iki_view(request, pk):
    """A head makes the service unit's IKM the realisation of one of their IKIs."""
    unit = _unit_for(request, pk)
    year = timezone.localdate().year
    iki = ikm.iki_pilihan(request.user, unit, year).filter(pk=request.POST.get("iki") or 0) \
        .first() if (request.POST.get("iki") or "").isdigit() else None
    if iki is None:
        messages.error(request, _("Choose an IKI from the list."))
    else:
        run_action(request, lambda: ikm.iki_hubungkan(iki=iki, unit_layanan=unit,
                                                      actor=request.user, tahun=year),
                   _("From now on this IKM is the IKI's realisation each period."))
    return redirect("ikm_detail", unit.pk)
