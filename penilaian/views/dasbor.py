"""The dashboard: where I stand this month and this year, and, for an atasan, where the
team stands."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ekinerja.selectors import bawahan_ids

from ..access import kepala_unit_of
from ..dasbor import pegawai_dasbor, tim_dasbor
from ..selectors import dialog_jatuh_tempo


@require_GET
def dasbor_view(request):
    team = bawahan_ids(request.user)
    tim = tim_dasbor(team) if team else None
    chart = {"pegawai": None, "tim": tim["chart"] if tim else None}
    today = timezone.localdate()
    context = {"tim": tim, "today": today,
               "dialog_jatuh_tempo": dialog_jatuh_tempo(request.user, today) if tim else [],
               # A head of a unit monitors it; admins have it in the menu.
               "pantau": tim is not None and kepala_unit_of(request.user) is not None}
    if request.user.unit_id:
        saya = pegawai_dasbor(request.user)
        chart["pegawai"] = saya["chart"]
        context["saya"] = saya
    context["chart"] = chart
    return render(request, "penilaian/dasbor.html", context)
