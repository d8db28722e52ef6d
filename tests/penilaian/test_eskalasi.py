"""At the cut-off, activities still pending go to the atasan's atasan (or stay flagged, as
the year says); the period closes once they are handled or the escalation time is over.
Time travel: the nightly service is called with the day it would run."""

import datetime as dt

import pytest
from django.utils import timezone

from ekinerja.models import AuditLog, Notifikasi
from kinerja.models import Aktivitas, TahunKinerja
from kinerja.selectors import periode_of
from penilaian.models import SkorUnit
from penilaian.services import periode_close_due

from .helpers import done


@pytest.fixture
def late(tahun, pegawai):
    """An activity submitted in the current period and never validated by the atasan."""
    periode = periode_of(timezone.localdate())
    return done(pegawai, None, periode.mulai, 8, 1, status="diajukan"), periode


def test_pending_work_goes_one_level_up_and_the_period_waits(late, atasan, kepala_a,
                                                             pegawai_lain, login):
    aktivitas, periode = late
    assert periode not in periode_close_due(today=periode.cutoff + dt.timedelta(days=1))
    aktivitas.refresh_from_db()
    assert aktivitas.dieskalasi_ke == kepala_a and aktivitas.status == "diajukan"
    assert AuditLog.objects.filter(action="aktivitas.eskalasi").count() == 1
    told = Notifikasi.objects.get(jenis="eskalasi")
    assert told.penerima == kepala_a and told.judul.startswith("1 ")
    periode_close_due(today=periode.cutoff + dt.timedelta(days=1))  # the next night
    assert Notifikasi.objects.filter(jenis="eskalasi").count() == 1
    periode.refresh_from_db()
    assert not periode.terkunci  # still open for the escalated validation
    assert login(pegawai_lain).post(f"/validasi/{aktivitas.pk}/setujui/",
                                    {"output": "1"}).status_code == 404
    boss = login(kepala_a)
    body = boss.get("/validasi/").content.decode()
    assert f'id="aktivitas-{aktivitas.pk}"' in body and "lewat batas waktu" in body
    assert boss.get("/aktivitas/menunggu/").content.decode().count(">1<") == 1
    boss.post(f"/validasi/{aktivitas.pk}/setujui/", {"output": "1"})
    assert Aktivitas.objects.get(pk=aktivitas.pk).status == "disetujui"
    # the next night nothing is pending: the period closes with final scores
    assert periode in periode_close_due(today=periode.cutoff + dt.timedelta(days=2))
    periode.refresh_from_db()
    assert periode.terkunci


def test_the_period_closes_when_the_escalation_time_is_over(late):
    aktivitas, periode = late
    over = periode.cutoff + dt.timedelta(days=periode.tahun.hari_eskalasi + 1)
    assert periode in periode_close_due(today=over)
    aktivitas.refresh_from_db()
    assert aktivitas.status == "diajukan" and aktivitas.dieskalasi_pada is not None
    row = SkorUnit.objects.get(periode=periode, unit=aktivitas.pegawai.unit)
    assert row.menunggu_validasi == 1  # flagged on the unit figures, not dropped


def test_keep_and_flag_closes_at_once(late):
    aktivitas, periode = late
    TahunKinerja.objects.filter(pk=periode.tahun_id).update(saat_cutoff="tandai")
    assert periode in periode_close_due(today=periode.cutoff + dt.timedelta(days=1))
    aktivitas.refresh_from_db()
    assert aktivitas.dieskalasi_ke is None and aktivitas.status == "diajukan"
    assert SkorUnit.objects.get(periode=periode,
                                unit=aktivitas.pegawai.unit).menunggu_validasi == 1
