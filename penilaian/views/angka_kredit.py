"""Angka kredit: a person's balance, conversions and what the next rank and level still
need (themself, their atasan, admins in scope); the Admin BKD's starting PAK, the level's
conditions and the PAK document; the eligibility list per unit and the rule's versions."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ekinerja.access import admin_required, bkd_required, is_admin_bkd, unit_pantau
from ekinerja.dokumen import pdf_response, salinan_berlaku, salinan_bytes
from ekinerja.middleware import alamat_situs
from ekinerja.models import Dokumen
from ekinerja.selectors import jejak
from ekinerja.views.forms import form_page
from kinerja.access import get_pegawai_for_user

from .. import selectors
from ..angka_kredit import (
    AturanCache,
    aturan_angka_kredit_create,
    kelayakan,
    kelayakan_banyak,
    pak_awal_save,
    syarat_jenjang_save,
)
from ..dokumen import pak_terbitkan
from ..forms import AturanAngkaKreditForm, PakAwalForm, PakTerbitForm, SyaratJenjangForm
from ..models import PakAwal


def _halaman(request, pegawai, *, pak_form=None, syarat_form=None):
    """The person's page (context shared by the page and the BKD's forms on it)."""
    bkd = is_admin_bkd(request.user)
    syarat = selectors.syarat_jenjang_of(pegawai)
    return {
        "p": pegawai, "k": kelayakan(pegawai), "rincian": selectors.angka_kredit_rincian(pegawai),
        "riwayat": selectors.riwayat_jabatan_of(pegawai), "paks": selectors.pak_awal_of(pegawai),
        "dokumen": salinan_berlaku(Dokumen.Jenis.PAK, f"penilaian.pak:{pegawai.pk}"), "bkd": bkd,
        "sendiri": pegawai.pk == request.user.pk,
        "pak_form": pak_form or (PakAwalForm(prefix="pak") if bkd else None),
        "syarat_form": syarat_form or (SyaratJenjangForm(instance=syarat, prefix="syarat")
                                       if bkd else None),
    }


@require_GET
def saya_view(request):
    return render(request, "penilaian/angka_kredit.html", _halaman(request, request.user))


@require_GET
def pegawai_view(request, pk):
    pegawai = get_pegawai_for_user(request.user, pk)
    return render(request, "penilaian/angka_kredit.html", _halaman(request, pegawai))


@bkd_required
@require_POST
def pak_awal_view(request, pk):
    pegawai = get_pegawai_for_user(request.user, pk)
    form = PakAwalForm(request.POST, prefix="pak", instance=PakAwal(pegawai=pegawai))
    return form_page(request, form, template="penilaian/angka_kredit.html",
                     save=lambda f: pak_awal_save(pak=f.instance, actor=request.user),
                     success=lambda pak: f"/angka-kredit/{pegawai.pk}/",
                     message=lambda pak: _("Starting PAK recorded."),
                     **_halaman(request, pegawai, pak_form=form))


@bkd_required
@require_POST
def syarat_view(request, pk):
    pegawai = get_pegawai_for_user(request.user, pk)
    form = SyaratJenjangForm(request.POST, prefix="syarat",
                             instance=selectors.syarat_jenjang_of(pegawai))
    return form_page(request, form, template="penilaian/angka_kredit.html",
                     save=lambda f: syarat_jenjang_save(syarat=f.instance, actor=request.user),
                     success=lambda s: f"/angka-kredit/{pegawai.pk}/",
                     message=lambda s: _("Conditions recorded."),
                     **_halaman(request, pegawai, syarat_form=form))


@bkd_required
@require_POST
def pak_terbit_view(request, pk):
    """The Admin BKD issues the person's PAK as of today under its number and downloads it
    (each year it sets then goes to SIASN, while SIASN is configured)."""
    pegawai = get_pegawai_for_user(request.user, pk)
    form = PakTerbitForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["nomor"])
        _dokumen, pdf = pak_terbitkan(pegawai=pegawai, nomor=form.cleaned_data["nomor"],
                                      actor=request.user, situs=alamat_situs(request))
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return redirect("angka_kredit_pegawai", pegawai.pk)
    return pdf_response(pdf, f"pak-{pegawai.nip}.pdf")


@require_GET
def pak_unduh_view(request, pk):
    """The PAK as last issued (whoever may see the person's page)."""
    pegawai = get_pegawai_for_user(request.user, pk)
    dokumen = salinan_berlaku(Dokumen.Jenis.PAK, f"penilaian.pak:{pegawai.pk}")
    if dokumen is None:
        raise Http404
    return pdf_response(salinan_bytes(dokumen), f"pak-{pegawai.nip}.pdf")


@admin_required
@require_GET
def kelola_view(request, unit_pk=None):
    """Who in a unit (an admin's scope, drilled down) reaches the next rank or level: today,
    or by the end of the year (`per=akhir-tahun`: the year in the level is counted to 31
    December)."""
    scope, unit = unit_pantau(request.user, unit_pk)
    today = timezone.localdate()
    saring = "layak" if request.GET.get("saring") == "layak" else ""
    akhir_tahun = request.GET.get("per") == "akhir-tahun"
    people = kelayakan_banyak(list(selectors.fungsional_di(unit)),
                              dt.date(today.year, 12, 31) if akhir_tahun else today)
    eligible = [k for k in people if k.layak_pangkat or k.layak_jenjang]
    kueri = "&".join(q for q in (f"saring={saring}" if saring else "",
                                 "per=akhir-tahun" if akhir_tahun else "") if q)
    return render(request, "penilaian/angka_kredit_kelola.html", {
        "unit": unit, "jejak": jejak(scope, unit), "tahun": today.year,
        "halaman": Paginator(eligible if saring else people, 50).get_page(
            request.GET.get("halaman")),
        "saring": saring, "akhir_tahun": akhir_tahun, "kueri": kueri, "jumlah": len(people),
        "layak": len(eligible)})


@bkd_required
@require_http_methods(["GET", "POST"])
def aturan_view(request):
    """The versions of the conversion rule, and a new one from a date."""
    berlaku = AturanCache().pada(timezone.localdate())
    form = AturanAngkaKreditForm(request.POST or None, tabel=berlaku,
                                 initial={"sumber": berlaku.aturan.sumber if berlaku else ""})

    def save(f):
        persen, koefisien = f.nilai()
        return aturan_angka_kredit_create(
            berlaku_mulai=f.cleaned_data["berlaku_mulai"], sumber=f.cleaned_data["sumber"],
            persen=persen, koefisien=koefisien, actor=request.user)

    return form_page(request, form, template="penilaian/angka_kredit_aturan.html", save=save,
                     success=lambda a: "/kelola/angka-kredit/aturan/",
                     message=lambda a: _("Version %(v)s saved.") % {"v": a.versi},
                     versi=selectors.aturan_angka_kredit_list(), berlaku=berlaku)
