"""BKN's Progres Harian exported from our activities: a person's own, or an atasan's
team's, for a date range (kinerja.progres)."""

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ekinerja.middleware import alamat_situs
from ekinerja.selectors import bawahan_for

from ..access import tim_progres
from ..forms import ProgresHarianForm
from ..progres import progres_harian_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_GET
def progres_harian_view(request):
    today = timezone.localdate()
    quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    punya_tim = bawahan_for(request.user).exists()
    form = ProgresHarianForm(request.GET or None, punya_tim=punya_tim,
                             initial={"dari": quarter_start, "sampai": today})
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["lingkup"] == "tim":
            pegawai, whose = tim_progres(request.user), "tim"
        else:
            pegawai, whose = request.user, request.user.nip
        content = progres_harian_xlsx(pegawai=pegawai, start=data["dari"], end=data["sampai"],
                                      situs=alamat_situs(request))
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="progres-harian-{whose}-{data["dari"]:%Y%m%d}-'
            f'{data["sampai"]:%Y%m%d}.xlsx"')
        return response
    return render(request, "kinerja/progres_harian.html", {"form": form})
