"""The public verification page of an issued document: what was issued under the QR
code's token, and whether an uploaded copy is that very file."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..access import get_dokumen_by_token
from ..batas import batas_terlampaui
from ..dokumen import periksa_salinan


@login_not_required
@require_http_methods(["GET", "POST"])
def verifikasi_view(request, token):
    # Public, and a check hashes an upload of up to IMPORT_MAX_MB: the survey's limiter,
    # counted before the token is looked up (guessing tokens counts too).
    if batas_terlampaui(request, ruang="verifikasi", batas=settings.VERIFIKASI_BATAS_PER_JAM):
        response = render(request, "429.html", status=429)
        response["Retry-After"] = "3600"
        return response
    dokumen = get_dokumen_by_token(token)
    hasil, error = None, None
    if request.method == "POST":
        upload = request.FILES.get("berkas")
        if upload is None:
            error = _("Choose the PDF file to check.")
        elif upload.size > settings.IMPORT_MAX_BYTES:
            error = _("The file is larger than %(mb)s MB.") % {
                "mb": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
        else:
            hasil = periksa_salinan(dokumen, upload.read())
    nip = dokumen.pegawai.nip
    return render(request, "ekinerja/dokumen_verifikasi.html", {
        "dokumen": dokumen, "nip": f"{nip[:8]}…{nip[-3:]}", "hasil": hasil, "error": error},
        status=400 if error else 200)
