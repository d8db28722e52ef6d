"""The public survey page (no login): a citizen rates the service they just used. Small
and script-free for a cheap phone on a slow connection; nothing internal is linked from
it. Abuse is limited without personal data: a rate per client address, one answer per
device (a random cookie) per service unit and day, and a honeypot field."""

import secrets

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from ekinerja.batas import batas_terlampaui

from .. import ikm
from ..access import get_unit_layanan_survei
from ..forms import SurveiForm

COOKIE = "survei_perangkat"


@login_not_required
@require_http_methods(["GET", "POST"])
def survei_view(request, token):
    unit_layanan = get_unit_layanan_survei(token)
    device = request.get_signed_cookie(COOKIE, default=None, salt="survei")
    form = SurveiForm(request.POST or None, unit_layanan=unit_layanan)
    context = {"unit_layanan": unit_layanan, "form": form, "skala": ikm.SKALA}
    status = 200
    if request.method == "POST":
        if batas_terlampaui(request, ruang="survei", batas=settings.SURVEI_BATAS_PER_JAM):
            context["terlalu_sering"] = True
            status = 429
        elif form.data.get("situs"):
            context["selesai"] = True  # a bot: thanked, nothing saved
        elif form.is_valid():
            device = device or secrets.token_hex(16)
            data = {k: v for k, v in form.cleaned_data.items() if k != "situs"}
            if ikm.respon_save(unit_layanan=unit_layanan, device_id=device,
                                 data=data) is not None:
                context["selesai"] = True
            else:
                context["sudah"] = True  # this device answered today already
        else:
            status = 400
    response = render(request, "penilaian/survei.html", context, status=status)
    if device is None:
        device = secrets.token_hex(16)
    response.set_signed_cookie(COOKIE, device, salt="survei", max_age=365 * 24 * 3600,
                               httponly=True, samesite="Lax",
                               secure=settings.SESSION_COOKIE_SECURE)
    return response
