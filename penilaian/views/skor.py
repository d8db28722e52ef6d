"""Scores and their explanation: the inputs, the formula with numbers, the activities."""

from decimal import Decimal

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ekinerja.access import may_view_pegawai
from ekinerja.views.forms import form_page
from kinerja.models import Aktivitas, Iki, Periode, RealisasiManual, Skp, TargetPeriode

from .. import services
from ..models import Skor


def _skor_for_user(user, pk):
    skor = (Skor.objects.select_related("pegawai__unit", "periode", "tahun", "aturan", "skp")
            .filter(pk=pk).first())
    if skor is None or not may_view_pegawai(user, skor.pegawai):
        raise Http404
    return skor


@require_GET
def skor_list_view(request):
    rows = (Skor.objects.filter(pegawai=request.user).select_related("periode", "tahun")
            .order_by("-tahun__tahun", "nomor"))
    return render(request, "penilaian/skor_list.html", {"rows": rows})


CENT = Decimal("0.01")


@require_GET
def skor_detail_view(request, pk):
    """Everything the score was computed from, as stored with it: per SKP and IKI the
    realisation, target, capaian and weight, and the approved activities counted."""
    skor = _skor_for_user(request.user, pk)
    skp_rows = skor.baris_skp()
    iki = Iki.objects.in_bulk([line["iki"] for s in skp_rows for line in s["iki"]])
    skps = Skp.objects.select_related("jabatan", "unit").in_bulk([s["skp"] for s in skp_rows])
    groups = []
    for s in skp_rows:
        lines = []
        for line in s["iki"]:
            kontribusi = None
            if line["utama"]:
                kontribusi = ((line["capaian"] or 0) * line["bobot"] / 100).quantize(CENT)
            lines.append({**line, "iki": iki.get(line["iki"]), "kontribusi": kontribusi})
        lines.sort(key=lambda x: (not x["utama"], x["iki"].pk if x["iki"] else 0))
        groups.append({**s, "skp": skps.get(s["skp"]), "lines": lines})
    context = {"skor": skor, "groups": groups, "gabungan": len(groups) > 1}
    if skor.tahunan:
        context["periods"] = (Skor.objects.filter(pegawai=skor.pegawai, tahun=skor.tahun)
                              .exclude(nomor=Skor.TAHUNAN).select_related("periode")
                              .order_by("nomor"))
    else:
        context["activities"] = (Aktivitas.objects.filter(
            pegawai=skor.pegawai, status=Aktivitas.Status.DISETUJUI,
            tanggal__range=(skor.periode.mulai, skor.periode.selesai))
            .select_related("iki").order_by("tanggal", "mulai"))
    return render(request, "penilaian/skor_detail.html", context)


class RealisasiManualForm(forms.Form):
    nilai = forms.DecimalField(label=_("Realisation"), max_digits=12, decimal_places=2,
                               min_value=0, localize=True)
    keterangan = forms.CharField(label=_("Source or explanation"), max_length=500,
                                 widget=forms.Textarea(attrs={"rows": 2}))


@require_http_methods(["GET", "POST"])
def realisasi_manual_view(request, iki_pk, periode_pk):
    """The owner enters the period's realisation of an IKI measured by hand."""
    iki = (Iki.objects.select_related("rhk__skp__tahun")
           .filter(pk=iki_pk, rhk__skp__pegawai=request.user).first())
    periode = Periode.objects.select_related("tahun").filter(pk=periode_pk).first()
    if iki is None or periode is None:
        raise Http404
    current = RealisasiManual.objects.filter(iki=iki, periode=periode).first()
    initial = {"nilai": current.nilai, "keterangan": current.keterangan} if current else None
    form = RealisasiManualForm(request.POST or None, initial=initial)
    target = TargetPeriode.objects.filter(iki=iki, periode=periode).values_list(
        "target", flat=True).first()
    return form_page(
        request, form, template="penilaian/realisasi_manual.html",
        save=lambda f: services.realisasi_manual_save(
            iki=iki, periode=periode, nilai=f.cleaned_data["nilai"],
            keterangan=f.cleaned_data["keterangan"], actor=request.user),
        success=lambda row: reverse("aktivitas_bulan", args=[periode.mulai.year,
                                                             periode.mulai.month]),
        message=lambda row: _("Realisation saved; your score will follow shortly."),
        iki=iki, periode=periode, target=target, current=current,
        cancel_url=reverse("aktivitas_bulan", args=[periode.mulai.year, periode.mulai.month]))
