"""Service units (BKD and OPD admins) and their IKM (admins and heads of units, like the
other monitoring pages): trend, elements, improvement targets, comments, the QR poster,
and voiding a burst of abusive answers (BKD)."""

import io

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ekinerja.access import admin_required, admin_scope, require_bkd
from ekinerja.dokumen import pdf_response
from ekinerja.views.forms import form_page, run_action

from .. import access, ikm, selectors
from ..forms import BatalForm, UnitLayananForm
from ..models import UnitLayanan


@admin_required
@require_GET
def layanan_list_view(request):
    return render(request, "penilaian/layanan_list.html",
                  {"rows": selectors.unit_layanan_daftar(admin_scope(request.user))})


@admin_required
@require_http_methods(["GET", "POST"])
def layanan_edit_view(request, pk=None):
    scope = admin_scope(request.user)
    instance = UnitLayanan()
    if pk is not None:
        instance = access.get_unit_layanan_for_admin(request.user, pk)
    form = UnitLayananForm(request.POST or None, scope=scope, instance=instance)
    return form_page(
        request, form, template="penilaian/layanan_form.html",
        save=lambda f: ikm.unit_layanan_save(unit_layanan=f.instance,
                                               layanan=f.cleaned_data["layanan"].splitlines(),
                                               actor=request.user),
        success=lambda obj: reverse("ikm_detail", args=[obj.pk]))


@require_GET
def ikm_list_view(request):
    scope, units = access.unit_layanan_pantau(request.user)
    units, opd = selectors.ikm_terbaru(scope, units)
    return render(request, "penilaian/ikm_list.html", {"units": units, "opd": opd})


@require_GET
def ikm_detail_view(request, pk):
    unit = access.get_unit_layanan_for(request.user, pk)
    trend = selectors.ikm_tren(unit)
    latest = trend[-1] if trend else None
    comments = selectors.komentar_halaman(unit, request.GET.get("hal"))
    year = timezone.localdate().year
    return render(request, "penilaian/ikm_detail.html", {
        "iki_pilihan": ikm.iki_pilihan(request.user, unit, year),
        "iki_terhubung": selectors.iki_terhubung(unit),
        "unit_layanan": unit, "trend": trend, "latest": latest,
        "unsur": list(zip([u[0] for u in ikm.UNSUR], latest.nrr_angka, strict=True))
        if latest else [],
        "terendah": ikm.terendah(latest) if latest else [], "komentar": comments,
        "boleh_sembunyikan": access.may_hide_komentar(request.user, unit),
        "boleh_batal": access.may_batalkan_respon(request.user), "batal_form": BatalForm(),
        "survei_url": request.build_absolute_uri(reverse("survei", args=[unit.token])),
        "grafik": {"ikm": {"tren": [[str(n.periode), float(n.ikm)] for n in trend],
                           "unsur": [[u[0], float(v)] for u, v in zip(
                               ikm.UNSUR, latest.nrr_angka, strict=True)] if latest else []}}})


@admin_required
@require_POST
def komentar_sembunyi_view(request, pk, respon_pk):
    """The admins of the service unit's scope hide a comment (403 for anyone without an
    admin scope, 404 outside it)."""
    unit = access.get_unit_layanan_for(request.user, pk)
    respon = access.get_respon_to_hide(request.user, unit, respon_pk)
    run_action(request, lambda: ikm.komentar_sembunyikan(
        respon=respon, alasan=request.POST.get("alasan", ""), actor=request.user),
        _("The comment is hidden."))
    return redirect("ikm_detail", unit.pk)


@require_POST
def batal_view(request, pk):
    """Admin BKD voids a burst of answers (403 for everyone else)."""
    require_bkd(request.user)
    unit = access.get_unit_layanan_for(request.user, pk)
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

    unit = access.get_unit_layanan_for(request.user, pk)
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
    unit = access.get_unit_layanan_for(request.user, pk)
    year = timezone.localdate().year
    iki = selectors.iki_pilihan_get(request.user, unit, year, request.POST.get("iki"))
    if iki is None:
        messages.error(request, _("Choose an IKI from the list."))
    else:
        run_action(request, lambda: ikm.iki_hubungkan(iki=iki, unit_layanan=unit,
                                                      actor=request.user, tahun=year),
                   _("From now on this IKM is the IKI's realisation each period."))
    return redirect("ikm_detail", unit.pk)
