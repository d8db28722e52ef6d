"""Adoption monitoring: the weekly figures per unit (never logged in, no approved SKP,
reported person-days) against a hand-worked week; the page's access rules and query
counts; the people to reach, filtered, reminded once a day and exported."""

import datetime as dt
import io

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from ekinerja.ekspor import ekspor_jalankan
from ekinerja.models import AuditLog, Ekspor, Notifikasi, Pegawai
from kinerja import adopsi
from kinerja.models import AdopsiMinggu

from ..factories import UnitKerjaFactory, staff_of
from ..penilaian.helpers import done


def _week():
    """A whole week of this year in the past (no holidays in the test database)."""
    monday = adopsi.senin(dt.date(timezone.localdate().year, 6, 15))
    return monday, [monday + dt.timedelta(days=n) for n in range(5)]


def _logged_in(*people):
    Pegawai.objects.filter(pk__in=[p.pk for p in people]).update(last_login=timezone.now())


def test_a_hand_worked_week(skp_pegawai, pegawai, atasan, kepala_a, bidang_a1, opd_a,
                            instansi, pegawai_lain):
    monday, days = _week()
    for day in days:
        done(atasan, None, day, 8, 1)
    done(pegawai, None, days[0], 8, 1, status="diajukan")
    done(pegawai, None, days[0], 10, 1)  # the same day twice: one person-day
    done(pegawai, None, days[1], 8, 1, status="draft")  # a draft: not reported yet
    done(pegawai, None, days[2], 8, 1, status="ditolak")  # rejected: not reported
    done(pegawai, None, monday + dt.timedelta(days=5), 8, 1)  # Saturday: not required
    _logged_in(atasan)
    assert adopsi.adopsi_hitung(minggu=monday, today=monday + dt.timedelta(days=8)) >= 3
    bidang = AdopsiMinggu.objects.get(unit=bidang_a1, minggu=monday)
    opd = AdopsiMinggu.objects.get(unit=opd_a, minggu=monday)
    # Bidang A1: the atasan (logged in, SKP approved, 5 days) and the employee (never
    # logged in, SKP a draft, 1 day).
    assert (bidang.pegawai_aktif, bidang.belum_login, bidang.tanpa_skp) == (2, 1, 1)
    assert (bidang.hari_lapor, bidang.hari_wajib) == (6, 10)
    assert bidang.persen_lapor == 60.0 and bidang.persen_login == 50.0
    # Each working day: people who reported against those for whom it is a working day.
    assert bidang.per_hari == {d.isoformat(): [n, 2] for d, n in zip(days, [2, 1, 1, 1, 1],
                                                                       strict=True)}
    assert [share for _d, share in bidang.hari] == [100.0, 50.0, 50.0, 50.0, 50.0]
    assert (opd.pegawai_aktif, opd.belum_login, opd.tanpa_skp) == (3, 2, 1)
    assert (opd.hari_lapor, opd.hari_wajib) == (6, 15)
    top = AdopsiMinggu.objects.get(unit=instansi, minggu=monday)
    assert top.pegawai_aktif >= 4 and top.tanpa_skp >= 2  # pegawai_lain has none
    # Mid-week, only the days before today count; run again, the rows are updated.
    adopsi.adopsi_hitung(minggu=monday, today=days[2])
    bidang.refresh_from_db()
    assert (bidang.hari_lapor, bidang.hari_wajib) == (3, 4)  # Monday and Tuesday only
    assert AdopsiMinggu.objects.filter(unit=bidang_a1).count() == 1


def test_the_page_for_each_role(pegawai, atasan, kepala_a, bidang_a1, opd_a, opd_b,
                                bidang_b1, pegawai_lain, admin_bkd, admin_opd, login):
    monday, _days = _week()
    adopsi.adopsi_hitung(minggu=monday, today=monday + dt.timedelta(days=7))
    assert Client().get("/adopsi/").status_code == 302
    assert login(pegawai).get("/adopsi/").status_code == 404
    head = login(atasan)
    body = head.get("/adopsi/").content.decode()
    assert "Adopsi: Bidang A1" in body and pegawai.nama in body  # someone to reach
    assert head.get(f"/adopsi/unit/{opd_a.pk}/").status_code == 404
    assert login(kepala_a).get(f"/adopsi/unit/{bidang_a1.pk}/").status_code == 200
    opd = login(admin_opd)
    body = opd.get("/adopsi/").content.decode()
    assert 'id="adopsi-anak"' in body and "Bidang A1" in body and '"adopsi":' in body
    assert body.count("%</strong>") == 5  # the week's five working days
    assert opd.get(f"/adopsi/unit/{bidang_b1.pk}/").status_code == 404
    assert login(admin_bkd).get(f"/adopsi/unit/{bidang_b1.pk}/").status_code == 200
    assert login(admin_bkd).get("/adopsi/unit/999999/").status_code == 404


def test_who_to_reach_filters_and_bad_input(skp_pegawai, pegawai, atasan, bidang_a1,
                                            admin_opd, login):
    client = login(admin_opd)  # logs the admin in: they are not in the list
    _logged_in(pegawai)
    for day in range(1, 8):
        done(atasan, None, timezone.localdate() - dt.timedelta(days=day), 8, 1)
    body = client.get(f"/adopsi/unit/{bidang_a1.pk}/").content.decode()
    table = body[body.index('id="jangkau"'):]
    assert pegawai.nama in table and "Tanpa SKP disetujui tahun ini" in table
    assert atasan.nama in table and "Belum pernah masuk" in table
    only = client.get(f"/adopsi/unit/{bidang_a1.pk}/?alasan=tanpa_skp").content.decode()
    only = only[only.index('id="jangkau"'):]
    assert pegawai.nama in only and atasan.nama not in only
    response = client.get(f"/adopsi/unit/{bidang_a1.pk}/", {"alasan": "<script>"})
    assert response.status_code == 400 and "Pilih alasan dari daftar." in \
        response.content.decode() and "<script>" not in response.content.decode()


def test_reminders_once_a_day_audited(pegawai, atasan, bidang_a1, pegawai_lain, admin_opd,
                                      login):
    client = login(admin_opd)
    response = client.post(f"/adopsi/unit/{bidang_a1.pk}/ingatkan/", {"alasan": "belum_login"})
    assert response.status_code == 302 and response["Location"].endswith("alasan=belum_login")
    sent = {n.penerima_id: n for n in Notifikasi.objects.filter(jenis="adopsi_pengingat")}
    assert set(sent) == {pegawai.pk, atasan.pk}  # bidang A1's people; never logged in
    assert "belum pernah masuk" in sent[pegawai.pk].pesan
    assert "SKP" not in sent[pegawai.pk].pesan  # only the reason asked for
    entry = AuditLog.objects.get(action="adopsi.ingatkan")
    assert entry.after == {"alasan": "belum_login", "jumlah": 2}
    client.post(f"/adopsi/unit/{bidang_a1.pk}/ingatkan/", {"alasan": "belum_login"})
    assert Notifikasi.objects.filter(jenis="adopsi_pengingat").count() == 2  # once a day
    assert client.post(f"/adopsi/unit/{bidang_a1.pk}/ingatkan/",
                       {"alasan": "semua"}).status_code == 302  # refused, with a message
    assert Notifikasi.objects.filter(jenis="adopsi_pengingat").count() == 2
    assert login(pegawai_lain).post(f"/adopsi/unit/{bidang_a1.pk}/ingatkan/",
                                    {"alasan": ""}).status_code == 404
    assert client.get(f"/adopsi/unit/{bidang_a1.pk}/ingatkan/").status_code == 405
    assert Notifikasi.objects.filter(jenis="adopsi_pengingat").count() == 2


def test_the_export_lists_who_to_reach(pegawai, atasan, opd_a, admin_opd, login):
    client = login(admin_opd)
    assert client.post("/ekspor/", {"tahun": timezone.localdate().year,
                                    "jenis": "adopsi_jangkau", "unit": opd_a.pk}) \
        .status_code == 302
    assert ekspor_jalankan(Ekspor.objects.get().pk) is True
    response = client.get(f"/ekspor/{Ekspor.objects.get().pk}/unduh/")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert rows[0][:2] == ["NIP", "Nama"]
    mine = next(r for r in rows if r[0] == pegawai.nip)
    assert mine[3:5] == ["ya", "ya"]  # never logged in, no approved SKP
    admin = next(r for r in rows if r[0] == admin_opd.nip)
    assert admin[3:5] == [None, "ya"]  # logged in (an empty cell), but no SKP


def test_the_page_costs_the_same_queries_for_more_units_and_people(
        pegawai, bidang_a1, opd_a, admin_opd, login):
    monday, _days = _week()
    client = login(admin_opd)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/adopsi/unit/{opd_a.pk}/").status_code == 200
        return len(ctx.captured_queries)

    adopsi.adopsi_hitung(minggu=monday, today=monday + dt.timedelta(days=7))
    count()  # the session's first write
    small = count()
    for n in range(8):
        unit = UnitKerjaFactory(kode=f"A-X{n}", nama=f"Seksi X{n}", parent=opd_a)
        staff_of(unit)
        staff_of(bidang_a1)
    adopsi.adopsi_hitung(minggu=monday, today=monday + dt.timedelta(days=7))
    assert count() == small
