"""Scores and their explanation: the inputs, the formula with numbers, the activities."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from ekinerja.access import may_view_pegawai
from kinerja.models import Aktivitas

from ..models import Skor


def _skor_for_user(user, pk):
    skor = (Skor.objects.select_related("pegawai__unit", "periode__tahun", "aturan", "skp")
            .filter(pk=pk).first())
    if skor is None or not may_view_pegawai(user, skor.pegawai):
        raise Http404
    return skor


@require_GET
def skor_list_view(request):
    rows = (Skor.objects.filter(pegawai=request.user).select_related("periode__tahun")
            .order_by("-periode__mulai"))
    return render(request, "penilaian/skor_list.html", {"rows": rows})


@require_GET
def skor_detail_view(request, pk):
    skor = _skor_for_user(request.user, pk)
    lines = list(skor.iki_rows.select_related("iki").order_by("-utama", "iki_id"))
    activities = (Aktivitas.objects.filter(
        pegawai=skor.pegawai, status=Aktivitas.Status.DISETUJUI,
        tanggal__range=(skor.periode.mulai, skor.periode.selesai))
        .select_related("iki").order_by("tanggal", "mulai"))
    return render(request, "penilaian/skor_detail.html",
                  {"skor": skor, "lines": lines, "activities": activities})
