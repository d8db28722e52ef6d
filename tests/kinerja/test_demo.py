"""The demo's activities at any moment: work waiting for the atasan (so a demo seeded on the
1st of a month still has a queue), none in the future, every day a working day (the demo's
national holidays and cuti bersama left out)."""

import datetime as dt
import io

import pytest
from django.utils import timezone

from ekinerja.demo import build_hari_libur
from ekinerja.models import HariLibur
from kinerja.demo import build_activities
from kinerja.models import Aktivitas, Iki

from .conftest import approve


@pytest.mark.kalender
def test_the_demo_leaves_work_waiting_and_nothing_in_the_future(skp_pegawai, pegawai,
                                                                 hari_lapor):
    approve(skp_pegawai)
    assert Iki.objects.filter(rhk__skp=skp_pegawai).exists()
    build_hari_libur(accounts={}, stdout=io.StringIO())
    holidays = set(HariLibur.objects.values_list("tanggal", flat=True))
    assert dt.date(timezone.localdate().year, 8, 17) in holidays
    build_activities(accounts={}, stdout=io.StringIO())
    rows = list(Aktivitas.objects.filter(pegawai=pegawai))
    now = timezone.localtime()
    assert all(timezone.make_aware(dt.datetime.combine(a.tanggal, a.selesai)) <= now
               for a in rows)
    assert all(a.tanggal.weekday() < 5 and a.tanggal not in holidays for a in rows)
    if hari_lapor.year == now.year:  # the SKP is of this year: work up to the last day
        assert max(a.tanggal for a in rows) >= hari_lapor
        assert any(a.status == "diajukan" for a in rows)
        assert any(a.status == "disetujui" for a in rows)
    else:  # 1 January before any working day: the new year has nothing yet
        assert rows == []
