"""The dashboard: the employee's month, scores with their explanation links, predikat
and JP; the atasan's backlog, reporting, predikat and SKP of the team; chart data as
inert JSON; query counts that do not grow with the team."""

import datetime as dt
import json

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ekinerja import kalender
from kinerja.selectors import periode_of
from penilaian import services
from penilaian.models import Evaluasi, Skor

from ..factories import staff_of
from ..pelatihan.conftest import jalur  # noqa: F401
from ..pelatihan.helpers import verified
from .helpers import done
from .test_skor_service import _approved, iki  # noqa: F401


def _chart(body):
    marker = '<script id="dasbor-data" type="application/json">'
    start = body.index(marker) + len(marker)
    return json.loads(body[start:body.index("</script>", start)])


def test_the_employee_sees_where_they_stand(iki, pegawai, atasan, login):  # noqa: F811
    _approved(pegawai, atasan, iki, 8, 4)
    periode = periode_of(timezone.localdate())
    services.skor_hitung(periode=periode, pegawai_ids=[pegawai.pk])
    skor = Skor.objects.get(pegawai=pegawai, nomor=periode.nomor)
    Evaluasi.objects.create(pegawai=pegawai, tahun=periode.tahun, nomor=periode.nomor,
                            periode=periode, status="final", predikat="baik",
                            rating_hasil="sesuai", rating_perilaku="sesuai")
    done(pegawai, None, timezone.localdate(), 13, 1, status="dikembalikan")
    body = login(pegawai).get("/dasbor/").content.decode()
    assert f"/skor/{skor.pk}/" in body  # each score links to its explanation
    assert "Baik" in body and iki.nama in body and 'id="dikembalikan"' in body
    chart = _chart(body)
    assert chart["pegawai"]["bulan"]["disetujui"] == skor.menit_disetujui
    assert chart["pegawai"]["riwayat"] == [[str(skor.label), float(skor.skor_hasil)]]
    assert chart["tim"] is None  # no team


def test_the_atasan_sees_the_team(iki, pegawai, atasan, login):  # noqa: F811
    today = timezone.localdate()
    other = staff_of(pegawai.unit, nama="Rekan Belum Lapor")
    done(pegawai, iki, today, 8, 1, status="diajukan")
    body = login(atasan).get("/dasbor/").content.decode()
    backlog = body[body.index('id="backlog"'):body.index('id="belum-lapor"')]
    assert pegawai.nama in backlog and other.nama not in backlog
    working = not kalender.is_weekend(today, pegawai.unit.hari_kerja) and \
        today not in kalender.holidays_between(today, today)
    not_reported = body[body.index('id="belum-lapor"'):body.index('id="hari-kosong"')]
    assert (other.nama in not_reported) == working and pegawai.nama not in not_reported
    assert len(_chart(body)["tim"]["distribusi"]) == 5


def test_the_atasan_sees_empty_days_of_the_last_week_and_team_jp(
        iki, pegawai, atasan, login, jalur):  # noqa: F811
    today = timezone.localdate()
    start = today - dt.timedelta(days=7)
    holidays = kalender.holidays_between(start, today)
    week = [start + dt.timedelta(days=n) for n in range(7)]
    working = [d for d in week if d not in holidays
               and not kalender.is_weekend(d, pegawai.unit.hari_kerja)]
    diligent, other = staff_of(pegawai.unit, nama="Rajin Lapor"), staff_of(
        pegawai.unit, nama="Rekan Kosong")
    for day in working:
        done(diligent, None, day, 8, 1)
    for day in working[1:]:
        done(pegawai, None, day, 8, 1, status="diajukan")
    done(pegawai, None, working[0], 9, 1, status="ditolak")  # rejected: still empty
    done(other, None, today, 8, 1)  # today does not count: the day is not over
    verified(pegawai, jalur, 20, dt.date(today.year, 2, 1))
    body = login(atasan).get("/dasbor/").content.decode()
    empty = body[body.index('id="hari-kosong"'):body.index('id="distribusi"')]
    assert f"{pegawai.nama_lengkap}: 1 hari" in empty
    assert f"{other.nama_lengkap}: {len(working)} hari" in empty
    assert diligent.nama not in empty
    assert empty.index(other.nama) < empty.index(pegawai.nama)  # most empty days first
    jp = body[body.index('id="jp-tim"'):]
    assert jp.startswith('id="jp-tim">1 dari 3 memenuhi hak JP tahun ini'), jp[:80]


def test_anonymous_and_outsiders(pegawai_lain, login):
    assert Client().get("/dasbor/").status_code == 302
    body = login(pegawai_lain).get("/dasbor/").content.decode()
    assert 'id="dasbor-tim"' not in body and 'id="dasbor-pegawai"' in body


def test_the_query_count_does_not_grow_with_the_team(iki, pegawai, atasan, login):  # noqa: F811
    client = login(atasan)

    def count():
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/dasbor/").status_code == 200
        return len(ctx.captured_queries)

    done(pegawai, iki, timezone.localdate(), 8, 1, status="diajukan")
    small = count()
    for n in range(15):
        person = staff_of(pegawai.unit)
        done(person, None, timezone.localdate(), 8 + n % 5, 1, status="diajukan")
    assert count() == small
    assert small <= 36  # 34, and the people due a dialogue this quarter (2)
