"""The public survey page (no login): a citizen rates the service they just used. Small
and script-free for a cheap phone on a slow connection; nothing internal is linked from
it. Abuse is limited without personal data: a rate per client address, one answer per
device (a random cookie) per service unit and day, and a honeypot field."""

import secrets

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ekinerja.batas import batas_terlampaui

from .. import ikm
from ..models import JenisLayanan, ResponSurvei, UnitLayanan

COOKIE = "survei_perangkat"
USIA = [("", "-"), ("<20", "di bawah 20"), ("20-34", "20-34"), ("35-49", "35-49"),
        ("50-64", "50-64"), ("65+", "65 ke atas")]
KELAMIN = [("", "-"), ("L", "Laki-laki"), ("P", "Perempuan")]
PENDIDIKAN = [("", "-"), ("sd", "SD atau di bawahnya"), ("smp", "SMP"), ("sma", "SMA/SMK"),
              ("diploma", "Diploma"), ("s1", "S1"), ("s2+", "S2/S3")]
PEKERJAAN = [("", "-"), ("pelajar", "Pelajar/mahasiswa"), ("asn", "ASN/TNI/Polri"),
             ("swasta", "Pegawai swasta"), ("wirausaha", "Wirausaha"),
             ("lainnya", "Lainnya")]


class SurveiForm(forms.Form):
    layanan = forms.ModelChoiceField(label="Layanan yang Anda terima",
                                     queryset=JenisLayanan.objects.none(), empty_label=None,
                                     widget=forms.RadioSelect)
    komentar = forms.CharField(label="Saran atau komentar (tidak wajib)", required=False,
                               max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    usia = forms.ChoiceField(label="Usia", choices=USIA, required=False)
    jenis_kelamin = forms.ChoiceField(label="Jenis kelamin", choices=KELAMIN, required=False)
    pendidikan = forms.ChoiceField(label="Pendidikan", choices=PENDIDIKAN, required=False)
    pekerjaan = forms.ChoiceField(label="Pekerjaan", choices=PEKERJAAN, required=False)
    # Hidden from people; a bot filling every field fills it.
    situs = forms.CharField(label="Situs web", required=False)

    def __init__(self, *args, unit_layanan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layanan"].queryset = unit_layanan.layanan_set.filter(aktif=True)
        for n, (nama, tanya) in enumerate(ikm.UNSUR, start=1):
            self.fields[f"u{n}"] = forms.TypedChoiceField(
                label=f"{n}. {tanya}", help_text=nama, choices=ikm.SKALA, coerce=int,
                widget=forms.RadioSelect)
        self.order_fields(["layanan", *ikm.KOLOM])

    def unsur(self):
        return [self[k] for k in ikm.KOLOM]

    def demografi(self):
        return [self[k] for k in ("usia", "jenis_kelamin", "pendidikan", "pekerjaan")]


@login_not_required
@require_http_methods(["GET", "POST"])
def survei_view(request, token):
    unit_layanan = UnitLayanan.objects.filter(token=token, aktif=True).select_related(
        "unit").first()
    if unit_layanan is None:
        raise Http404
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
            try:
                with transaction.atomic():
                    ResponSurvei.objects.create(
                        unit_layanan=unit_layanan, perangkat=ikm.perangkat_hash(
                            device, unit_layanan), tanggal=timezone.localdate(), **data)
                context["selesai"] = True
            except IntegrityError:
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
