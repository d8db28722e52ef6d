"""The employee's day and month, evidence, and the atasan's live pending count."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ekinerja import gangguan
from ekinerja.berkas import file_response
from ekinerja.middleware import passive
from ekinerja.views.forms import SudahTerkirim, form_page, run_action, simpan_sekali

from .. import services
from ..access import get_aktivitas_own, get_bukti_for_user, get_bukti_own, get_pegawai_for_user
from ..forms import AktivitasForm, BuktiForm
from ..models import Aktivitas
from ..selectors import (
    aktivitas_hari,
    aktivitas_menunggu_count,
    bulan_ringkasan,
    iki_for_indikator,
    last_day_with_activities,
    last_used_iki_id,
    uraian_tugas_aktif,
    uraian_tugas_pilih,
)

START_OF_DAY = dt.time(7, 30)  # Perpres 21/2023: the working day starts at 07.30


def _day(value):
    """A day from the URL: a real date within the years the application covers (a date
    like 9999-12-31 has no next day to link to), else 404."""
    try:
        day = dt.date.fromisoformat(value) if value else timezone.localdate()
    except ValueError:
        raise Http404 from None
    if not 2000 <= day.year <= 2100:
        raise Http404
    return day


def _initial(request, tanggal, day_items):
    """Quick entry: start where the day's last activity ended, the last IKI used, or the
    values of a catalogue task chosen on the page."""
    start = max((a.selesai for a in day_items), default=START_OF_DAY)
    initial = {"tanggal": tanggal, "mulai": start, "iki": last_used_iki_id(request.user)}
    tugas_id = request.GET.get("tugas")
    if tugas_id and tugas_id.isdigit():
        tugas = uraian_tugas_pilih(jabatan_id=request.user.jabatan_id, pk=tugas_id)
        if tugas is not None:
            end = dt.datetime.combine(tanggal, start) + dt.timedelta(minutes=tugas.menit_standar)
            initial.update(uraian=tugas.uraian, uraian_tugas=tugas.pk,
                           selesai=end.time() if end.date() == tanggal else None)
            match = iki_for_indikator(pegawai=request.user, tanggal=tanggal,
                                      indikator_id=tugas.indikator_id)
            if tugas.indikator_id and match is not None:
                initial["iki"] = match.pk
    return initial


@require_http_methods(["GET", "POST"])
def hari_view(request, tanggal=None):
    tanggal = _day(tanggal)
    items = aktivitas_hari(pegawai=request.user, tanggal=tanggal)
    form = AktivitasForm(request.POST or None, pegawai=request.user, tanggal=tanggal,
                         instance=Aktivitas(pegawai=request.user),
                         initial=_initial(request, tanggal, items))
    total = sum(a.menit for a in items if a.status != Aktivitas.Status.DITOLAK)
    response = form_page(
        request, form, template="kinerja/aktivitas_hari.html",
        save=lambda f: services.aktivitas_save(aktivitas=f.instance, actor=request.user),
        success=lambda a: reverse("aktivitas_hari", args=[a.tanggal.isoformat()]),
        tanggal=tanggal, items=items, total=total,
        lewat_normal=total > settings.MENIT_KERJA_HARI,
        tugas=uraian_tugas_aktif(request.user.jabatan_id),
        kemarin=tanggal - dt.timedelta(days=1), besok=tanggal + dt.timedelta(days=1),
        bukti_form=BuktiForm(), poll_seconds=settings.STATUS_POLL_SECONDS,
        tanpa_iki=form.tanpa_iki(), gangguan=list(gangguan.berlangsung()),
        susulan=list(gangguan.susulan_aktif()))
    if response.status_code != 200 or len(messages.get_messages(request)):
        # The phone keeps the day page for offline use (templates/pwa/sw.js), but not a
        # copy showing this one moment's notice or errors.
        response["X-Luring-Simpan"] = "0"
    return response


def _dicatat_luring(value):
    """When the phone says an offline entry was recorded (ISO 8601 from the browser), or
    None when that is unreadable or in the future (a phone's clock can be wrong; the
    value is only shown, never used for a rule)."""
    try:
        moment = dt.datetime.fromisoformat(value or "")
    except ValueError:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment if moment <= timezone.now() + dt.timedelta(minutes=5) else None


@require_POST
def antrean_kirim_view(request):
    """One activity from the phone's offline queue (static/js/luring.js): the day form's
    fields with their one-time key, and when the phone recorded it. Saved by the same
    service and rules as the day form. JSON: 201 saved, 200 saved before (the same item
    sent twice), 422 refused with the reasons in the person's language."""
    try:
        tanggal = dt.date.fromisoformat(request.POST.get("tanggal", ""))
    except ValueError:
        tanggal = timezone.localdate()  # the form refuses the date itself
    form = AktivitasForm(request.POST, pegawai=request.user, tanggal=tanggal,
                         instance=Aktivitas(pegawai=request.user))
    form.instance.dicatat_luring = _dicatat_luring(request.POST.get("dicatat_luring"))

    def success(aktivitas):
        return reverse("aktivitas_hari", args=[aktivitas.tanggal.isoformat()])

    try:
        saved, aktivitas = simpan_sekali(
            request, form, success=success,
            save=lambda f: services.aktivitas_save(aktivitas=f.instance, actor=request.user))
    except SudahTerkirim as sent:
        return JsonResponse({"status": "sudah_ada", "url": sent.tujuan,
                             "pesan": _("This was already saved.")})
    if not saved:
        reasons = [f"{form.fields[name].label}: {error}" if name in form.fields else error
                   for name, errors in form.errors.items() for error in errors]
        return JsonResponse({"status": "ditolak", "pesan": reasons}, status=422)
    return JsonResponse({"status": "tersimpan", "url": success(aktivitas),
                         "pesan": _("Saved.")}, status=201)


@passive
@require_GET
@never_cache
def hari_status_view(request, tanggal):
    """The day's timeline alone, polled by the day page (does not extend the session)."""
    tanggal = _day(tanggal)
    return render(request, "kinerja/_linimasa.html", {
        "tanggal": tanggal, "items": aktivitas_hari(pegawai=request.user, tanggal=tanggal),
        "bukti_form": BuktiForm(), "poll_seconds": settings.STATUS_POLL_SECONDS})


def _back(aktivitas):
    return redirect("aktivitas_hari", aktivitas.tanggal.isoformat())


@require_http_methods(["GET", "POST"])
def aktivitas_edit_view(request, pk):
    aktivitas = get_aktivitas_own(request.user, pk)
    form = AktivitasForm(request.POST or None, pegawai=request.user,
                         tanggal=aktivitas.tanggal, instance=aktivitas)
    return form_page(
        request, form, template="kinerja/aktivitas_form.html", aktivitas=aktivitas,
        save=lambda f: services.aktivitas_save(aktivitas=f.instance, actor=request.user),
        success=lambda a: reverse("aktivitas_hari", args=[a.tanggal.isoformat()]))


@require_POST
def aktivitas_delete_view(request, pk):
    aktivitas = get_aktivitas_own(request.user, pk)
    run_action(request, lambda: services.aktivitas_delete(aktivitas=aktivitas, actor=request.user),
         _("Activity deleted."))
    return _back(aktivitas)


@require_POST
def aktivitas_submit_view(request, pk):
    aktivitas = get_aktivitas_own(request.user, pk)
    run_action(request, lambda: services.aktivitas_submit(items=[aktivitas], actor=request.user),
         _("Activity submitted."))
    return _back(aktivitas)


@require_POST
def hari_submit_view(request, tanggal):
    tanggal = _day(tanggal)
    items = [a for a in aktivitas_hari(pegawai=request.user, tanggal=tanggal) if a.editable]
    run_action(request, lambda: services.aktivitas_submit(items=items, actor=request.user),
         lambda n: _("%(n)s activities submitted.") % {"n": n})
    return redirect("aktivitas_hari", tanggal.isoformat())


@require_POST
def hari_copy_view(request, tanggal):
    """Copy the last earlier day that has activities ("copy yesterday")."""
    tanggal = _day(tanggal)
    source = last_day_with_activities(pegawai=request.user, before=tanggal)
    if source is None:
        messages.error(request, _("There is no earlier day to copy."))
    else:
        run_action(request, lambda: services.aktivitas_copy_day(
            pegawai=request.user, source=source, target=tanggal, actor=request.user),
            lambda n: _("%(n)s activities copied from %(date)s as drafts.") % {
                "n": n, "date": f"{source:%d-%m-%Y}"})
    return redirect("aktivitas_hari", tanggal.isoformat())


@require_POST
def bukti_add_view(request, pk):
    aktivitas = get_aktivitas_own(request.user, pk)
    form = BuktiForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        run_action(request, lambda: services.bukti_add(
            aktivitas=aktivitas, actor=request.user, upload=form.cleaned_data["berkas"],
            tautan=form.cleaned_data["tautan"] or ""), _("Evidence added."))
    return _back(aktivitas)


@require_GET
def bukti_download_view(request, pk, inline=False):
    """Evidence files are private: served only here, after the access check."""
    bukti = get_bukti_for_user(request.user, pk)
    if not bukti.berkas:
        raise Http404
    return file_response(bukti.berkas, name=bukti.nama_berkas, jenis=bukti.jenis_berkas,
                         inline=inline)


@require_POST
def bukti_delete_view(request, pk):
    bukti = get_bukti_own(request.user, pk)
    run_action(request, lambda: services.bukti_delete(bukti=bukti, actor=request.user),
         _("Evidence removed."))
    return _back(bukti.aktivitas)


def _bulan_context(request, year, month):
    today = timezone.localdate()
    year, month = year or today.year, month or today.month
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    first = dt.date(year, month, 1)
    return {"bulan": first, "prev": (first - dt.timedelta(days=1)).replace(day=1),
            "next": (first + dt.timedelta(days=32)).replace(day=1),
            "hari": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
            "poll_seconds": settings.STATUS_POLL_SECONDS,
            **bulan_ringkasan(pegawai=request.user, year=year, month=month)}


@require_GET
def bulan_view(request, year=None, month=None):
    return render(request, "kinerja/aktivitas_bulan.html", _bulan_context(request, year, month))


@require_GET
def bulan_pdf_view(request, year, month):
    """The month's activity report as an official PDF: one's own, or (`?pegawai=`) of a
    person the user may see (their atasan, an admin in scope)."""
    from ekinerja.dokumen import pdf_response
    from ekinerja.middleware import alamat_situs

    from ..dokumen import laporan_bulanan_pdf

    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    pegawai = request.user
    if request.GET.get("pegawai", "").isdigit():
        pegawai = get_pegawai_for_user(request.user, request.GET["pegawai"])
    dokumen, pdf = laporan_bulanan_pdf(pegawai=pegawai, year=year, month=month,
                                       actor=request.user, situs=alamat_situs(request))
    return pdf_response(pdf, f"laporan-{pegawai.nip}-{year}-{month:02d}.pdf")


@passive
@require_GET
@never_cache
def bulan_status_view(request, year, month):
    """The calendar and totals alone, polled by the month page."""
    return render(request, "kinerja/_kalender.html", _bulan_context(request, year, month))


@passive
@require_GET
@never_cache
def menunggu_view(request):
    """The atasan's pending count for the nav badge, polled by htmx: one indexed COUNT."""
    count = aktivitas_menunggu_count(request.user)
    if not count:
        return HttpResponse("")
    title = _("Activities waiting for your validation")
    return HttpResponse(format_html(
        '<span class="badge rounded-pill text-bg-warning" id="badge-menunggu" title="{}">{}'
        '</span>', title, count))
