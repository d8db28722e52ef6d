"""My trainings with the JP tracker, recording one with its certificate, the certificate
itself (private), and the verification queue."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ekinerja.berkas import file_response
from ekinerja.views.forms import form_errors_as_messages, form_page, run_action

from .. import services
from ..access import get_partisipasi_for, get_partisipasi_to_verify
from ..forms import PartisipasiForm, VerifikasiForm
from ..models import Partisipasi
from ..selectors import (
    antrean_verifikasi,
    jp_per_tahun,
    jp_tahun,
    partisipasi_milik,
    pengingat_akhir_tahun,
)


@require_GET
def saya_view(request):
    year = timezone.localdate().year
    history = sorted(jp_per_tahun(request.user).values(), key=lambda y: -y["tahun"])
    tahun = jp_tahun(request.user, year)
    return render(request, "pelatihan/saya.html", {
        "tahun": tahun, "riwayat": history,
        "pengingat": pengingat_akhir_tahun(year) if tahun["kurang"] else None,
        "rows": partisipasi_milik(request.user)})


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


@require_GET
def sertifikat_view(request, pk):
    """The certificate, shown in the browser under a policy that runs nothing."""
    p = get_partisipasi_for(request.user, pk)
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
    p = get_partisipasi_to_verify(request.user, pk)
    form = VerifikasiForm(request.POST)
    if not form.is_valid():
        form_errors_as_messages(request, form)
        return redirect("pelatihan_verifikasi")
    data = form.cleaned_data
    if request.POST.get("putusan") == "tolak":
        run_action(request, lambda: services.partisipasi_reject(
            partisipasi=p, actor=request.user, alasan=data["catatan"]), _("Rejected."))
    else:
        run_action(request, lambda: services.partisipasi_verifikasi(
            partisipasi=p, actor=request.user, jp_diakui=data["jp_diakui"],
            catatan=data["catatan"]), _("Verified."))
    return redirect("pelatihan_verifikasi")
