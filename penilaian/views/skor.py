"""Scores and their explanation: the inputs, the formula with numbers, the activities."""

from decimal import Decimal

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ekinerja.access import may_view_pegawai
from kinerja.models import Aktivitas, Iki, Skp

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


def _num(text):
    return None if text is None else Decimal(text)


@require_GET
def skor_detail_view(request, pk):
    """Everything the score was computed from, as stored with it: per SKP and IKI the
    realisation, target, capaian and weight, and the approved activities counted."""
    skor = _skor_for_user(request.user, pk)
    rincian = skor.rincian or {}
    iki = Iki.objects.in_bulk([line["iki"] for line in rincian.get("iki", [])])
    skps = Skp.objects.select_related("jabatan", "unit").in_bulk(
        [s["skp"] for s in rincian.get("skp", [])])
    groups = []
    for s in rincian.get("skp", []):
        lines = []
        for line in skor.baris_iki():
            if line["skp"] != s["skp"]:
                continue
            kontribusi = None
            if line["utama"]:
                kontribusi = ((line["capaian"] or 0) * line["bobot"] / 100).quantize(CENT)
            lines.append({**line, "iki": iki.get(line["iki"]), "kontribusi": kontribusi})
        lines.sort(key=lambda x: (not x["utama"], x["iki"].pk if x["iki"] else 0))
        groups.append({**s, "skp": skps.get(s["skp"]), "skor_hasil": _num(s["skor_hasil"]),
                       "lines": lines})
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
