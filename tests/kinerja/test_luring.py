"""Daily entry that survives a bad connection, server side: the phone's queue endpoint (one
activity per request, its one-time key, the phone's recording time, every rule), the day
form's one-time key, and BKD's outage announcements with their backfill window.
The clock is the suite's pinned moment (Wednesday 14 October 2026, 16:30 WIB); every date
here is fixed against it."""

import datetime as dt
import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ekinerja import gangguan as layanan
from ekinerja.models import AuditLog, Gangguan, KunciKiriman
from kinerja.models import Aktivitas, Periode
from kinerja.services import aktivitas_save, periode_lock
from penilaian.services import periode_close_due

from .conftest import make_year

HARI_INI = dt.date(2026, 10, 14)
SEPTEMBER = dt.date(2026, 9, 29)  # its month closed on the cut-off day in October


@pytest.fixture
def tahun_2026(db, admin_bkd, jam):
    assert timezone.localdate() == HARI_INI  # the suite's pinned moment
    return make_year(2026, admin_bkd)


def _isian(day=HARI_INI - dt.timedelta(days=1), mulai="08:00", selesai="09:30", **extra):
    return {"tanggal": day.isoformat(), "mulai": mulai, "selesai": selesai,
            "kategori": "tugas_tambahan", "uraian": "Rapat koordinasi", "output": "1",
            "kunci_kiriman": str(uuid.uuid4()), **extra}


def _kirim(client, data):
    return client.post("/aktivitas/antrean/", data, HTTP_ACCEPT="application/json")


def test_a_queued_activity_is_saved_with_the_phones_time(tahun_2026, pegawai, login):
    client = login(pegawai)
    data = _isian(dicatat_luring="2026-10-13T02:31:00.000Z")
    response = _kirim(client, data)
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "tersimpan"
    saved = Aktivitas.objects.get(pegawai=pegawai)
    assert (saved.menit, saved.status, saved.uraian) == (90, "draft", "Rapat koordinasi")
    assert saved.dicatat_luring == dt.datetime(2026, 10, 13, 2, 31, tzinfo=dt.UTC)
    entry = AuditLog.objects.get(action="aktivitas.create", target_id=str(saved.pk))
    assert entry.after["dicatat_luring"].startswith("2026-10-13T02:31")
    day = client.get(response.json()["url"]).content.decode()
    assert "Dicatat luring di ponsel pada 13 Okt 2026 09:31" in day


def test_the_same_item_sent_twice_is_saved_once(tahun_2026, pegawai, login):
    client, data = login(pegawai), _isian()
    assert _kirim(client, data).status_code == 201
    again = _kirim(client, data)
    assert again.status_code == 200
    assert again.json() == {"status": "sudah_ada", "url": "/aktivitas/hari/2026-10-13/",
                            "pesan": "Ini sudah tersimpan."}
    assert Aktivitas.objects.filter(pegawai=pegawai).count() == 1
    assert KunciKiriman.objects.filter(kunci=data["kunci_kiriman"]).count() == 1


def test_a_refused_item_says_why_saves_nothing_and_can_be_sent_again(tahun_2026, pegawai,
                                                                       login):
    client = login(pegawai)
    assert _kirim(client, _isian(mulai="08:00", selesai="10:00")).status_code == 201
    clash = _isian(mulai="09:00", selesai="11:00")
    refused = _kirim(client, clash)
    assert refused.status_code == 422
    body = refused.json()
    assert body["status"] == "ditolak"
    assert any("tumpang tindih" in reason and "08:00-10:00" in reason for reason in body["pesan"])
    assert Aktivitas.objects.filter(pegawai=pegawai).count() == 1
    # The refusal used nothing up: corrected, the same item (same key) is saved.
    assert not KunciKiriman.objects.filter(kunci=clash["kunci_kiriman"]).exists()
    fixed = _kirim(client, {**clash, "mulai": "10:00"})
    assert fixed.status_code == 201
    assert Aktivitas.objects.filter(pegawai=pegawai).count() == 2


@pytest.mark.parametrize(("change", "fragment"), [
    ({"tanggal": "2026-10-15"}, "masa depan"),
    ({"tanggal": "bukan-tanggal"}, "Tanggal"),
    ({"mulai": "", "selesai": ""}, "Mulai: Bidang ini tidak boleh kosong"),
    ({"uraian": "x" * 501}, "500"),
    ({"uraian": ""}, "tidak boleh kosong"),
    ({"selesai": "07:00"}, "setelah"),
    ({"kategori": "iki"}, "IKI"),
    ({"output": "-1"}, "0"),
    ({"uraian": "<script>alert(1)</script>", "selesai": "25:00"}, "Selesai"),
])
def test_bad_queued_input_is_refused_in_indonesian(tahun_2026, pegawai, login, change,
                                                   fragment):
    refused = _kirim(login(pegawai), _isian(**change))
    assert refused.status_code == 422
    assert fragment in " ".join(refused.json()["pesan"])
    assert not Aktivitas.objects.exists() and not KunciKiriman.objects.exists()


@pytest.mark.parametrize("stated", ["2026-10-20T08:00:00Z", "kemarin", ""])
def test_an_unreadable_or_future_phone_time_is_not_kept(tahun_2026, pegawai, login, stated):
    assert _kirim(login(pegawai), _isian(dicatat_luring=stated)).status_code == 201
    assert Aktivitas.objects.get().dicatat_luring is None


def test_the_queue_records_only_for_the_person_logged_in(tahun_2026, pegawai, pegawai_lain,
                                                         login, client):
    data = _isian(pegawai=str(pegawai_lain.pk), pemilik=str(pegawai_lain.pk))
    assert _kirim(login(pegawai), data).status_code == 201
    assert Aktivitas.objects.get().pegawai == pegawai
    # Someone sending another person's key saves nothing and learns nothing of theirs.
    other = _kirim(login(pegawai_lain), {**data, "mulai": "13:00", "selesai": "14:00"})
    assert other.status_code == 422 and "/aktivitas/hari/" not in other.content.decode()
    assert Aktivitas.objects.count() == 1
    anonymous = _kirim(client, _isian())
    assert anonymous.status_code == 302 and "/masuk/" in anonymous["Location"]
    assert client.get("/aktivitas/antrean/").status_code == 302  # anonymous: log in first
    assert login(pegawai).get("/aktivitas/antrean/").status_code == 405


def test_the_day_form_sent_twice_saves_once(tahun_2026, pegawai, login):
    client, data = login(pegawai), _isian()
    first = client.post("/aktivitas/hari/2026-10-13/", data)
    assert first.status_code == 302
    second = client.post("/aktivitas/hari/2026-10-13/", data, follow=True)
    assert "sudah tersimpan" in second.content.decode()
    assert Aktivitas.objects.count() == 1


def test_the_day_page_carries_the_queue_and_is_kept_only_without_a_notice(
        tahun_2026, pegawai, login):
    client = login(pegawai)
    page = client.get("/aktivitas/")
    body = page.content.decode()
    assert 'id="antrean"' in body and 'id="form-aktivitas"' in body
    assert f'name="pemilik" value="{pegawai.pk}"' in body
    assert 'name="kunci_kiriman"' in body
    assert "X-Luring-Simpan" not in page
    client.post("/aktivitas/hari/2026-10-13/", _isian())
    after_save = client.get("/aktivitas/hari/2026-10-13/")
    assert after_save["X-Luring-Simpan"] == "0"  # it shows "Tersimpan." once
    assert "X-Luring-Simpan" not in client.get("/aktivitas/hari/2026-10-13/")


# --- outages and the backfill window -------------------------------------------------------

def _gangguan(admin_bkd, **kw):
    data = {"judul": "Server e-kinerja mati", "isi": "Pusat data padam.",
            "mulai": dt.datetime(2026, 9, 29, 8, 0, tzinfo=timezone.get_current_timezone()),
            "selesai": dt.datetime(2026, 9, 30, 17, 0, tzinfo=timezone.get_current_timezone()),
            "dibuat_oleh": admin_bkd, **kw}
    return layanan.gangguan_simpan(gangguan=Gangguan(**data), actor=admin_bkd)


def _september(pegawai, jam_mulai=8):
    return Aktivitas(pegawai=pegawai, tanggal=SEPTEMBER, mulai=dt.time(jam_mulai),
                     selesai=dt.time(jam_mulai + 1), uraian="Rekap data",
                     kategori="tugas_tambahan")


def test_a_closed_month_opens_again_only_within_bkds_backfill_window(tahun_2026, pegawai,
                                                                     admin_bkd, login):
    client = login(pegawai)
    closed = _kirim(client, _isian(day=SEPTEMBER))
    assert closed.status_code == 422 and "ditutup" in " ".join(closed.json()["pesan"])
    _gangguan(admin_bkd, susulan_dari=dt.date(2026, 9, 29), susulan_sampai=dt.date(2026, 9, 30),
              susulan_batas=dt.date(2026, 10, 20))
    assert _kirim(client, _isian(day=SEPTEMBER)).status_code == 201
    before = _kirim(client, _isian(day=dt.date(2026, 9, 28)))
    assert before.status_code == 422  # not a missed day
    saved = Aktivitas.objects.get(tanggal=SEPTEMBER)
    from kinerja.services import aktivitas_submit
    assert aktivitas_submit(items=[saved], actor=pegawai) == 1  # and submitted, no admin
    assert "aktivitas tanggal 29 Sep – 30 Sep 2026 diterima sampai 20 Okt 2026" in \
        client.get("/aktivitas/").content.decode()


def test_the_window_closes_on_its_last_day(tahun_2026, pegawai, admin_bkd, jam):
    _gangguan(admin_bkd, susulan_dari=SEPTEMBER, susulan_sampai=SEPTEMBER,
              susulan_batas=dt.date(2026, 10, 16))
    jam.move_to(dt.datetime(2026, 10, 16, 23, 0, tzinfo=timezone.get_current_timezone()))
    assert aktivitas_save(aktivitas=_september(pegawai), actor=pegawai).pk
    jam.move_to(dt.datetime(2026, 10, 17, 0, 1, tzinfo=timezone.get_current_timezone()))
    with pytest.raises(Exception, match="ditutup"):
        aktivitas_save(aktivitas=_september(pegawai, 10), actor=pegawai)


def test_a_locked_period_stays_locked_in_a_window(tahun_2026, pegawai, admin_bkd):
    periode = Periode.objects.get(tahun__tahun=2026, mulai__lte=SEPTEMBER,
                                  selesai__gte=SEPTEMBER)
    _gangguan(admin_bkd, susulan_dari=SEPTEMBER, susulan_sampai=SEPTEMBER,
              susulan_batas=dt.date(2026, 10, 20))
    periode_lock(periode=periode, actor=admin_bkd)  # locked again after the window opened
    with pytest.raises(Exception, match="dikunci"):
        aktivitas_save(aktivitas=_september(pegawai), actor=pegawai)


def test_a_period_waits_for_the_window_before_it_escalates_and_closes(tahun_2026, pegawai,
                                                                      admin_bkd):
    periode = Periode.objects.get(tahun__tahun=2026, mulai__lte=SEPTEMBER,
                                  selesai__gte=SEPTEMBER)
    _gangguan(admin_bkd, susulan_dari=SEPTEMBER, susulan_sampai=SEPTEMBER,
              susulan_batas=dt.date(2026, 10, 20))
    late = aktivitas_save(aktivitas=_september(pegawai), actor=pegawai)
    Aktivitas.objects.filter(pk=late.pk).update(status="diajukan")
    assert periode not in periode_close_due(today=dt.date(2026, 10, 20))
    late.refresh_from_db()
    periode.refresh_from_db()
    assert late.dieskalasi_pada is None and not periode.terkunci
    periode_close_due(today=dt.date(2026, 10, 21))  # the window is over: the usual rules
    late.refresh_from_db()
    periode.refresh_from_db()
    assert late.dieskalasi_pada is not None
    # with their escalation time counted from the window's last day, not the cut-off
    hari = periode.tahun.hari_eskalasi
    assert periode not in periode_close_due(today=dt.date(2026, 10, 20 + hari))
    assert periode in periode_close_due(today=dt.date(2026, 10, 21 + hari))


def test_a_window_over_a_locked_period_is_refused_with_the_reason(tahun_2026, admin_bkd):
    periode = Periode.objects.get(tahun__tahun=2026, mulai__lte=SEPTEMBER,
                                  selesai__gte=SEPTEMBER)
    periode_lock(periode=periode, actor=admin_bkd)
    with pytest.raises(Exception, match="dikunci"):
        _gangguan(admin_bkd, susulan_dari=SEPTEMBER, susulan_sampai=SEPTEMBER,
                  susulan_batas=dt.date(2026, 10, 20))
    assert not Gangguan.objects.exists()


# --- BKD's announcements -----------------------------------------------------------------

def _form(**kw):
    return {"judul": "Gangguan jaringan", "isi": "Jaringan provinsi putus.",
            "mulai": "2026-10-13T08:00", "selesai": "", "susulan_dari": "2026-10-13",
            "susulan_sampai": "2026-10-13", "susulan_batas": "2026-10-23", **kw}


def test_bkd_announces_an_outage_and_everyone_sees_it(tahun_2026, admin_bkd, pegawai, login,
                                                      client):
    bkd = login(admin_bkd)
    assert bkd.get("/kelola/gangguan/baru/").status_code == 200
    response = bkd.post("/kelola/gangguan/baru/", _form())
    assert response.status_code == 302
    g = Gangguan.objects.get()
    assert AuditLog.objects.get(action="gangguan.create", target_id=str(g.pk)).actor == admin_bkd
    status = client.get("/status/").content.decode()  # public
    assert "Gangguan jaringan" in status and "Jaringan provinsi putus." in status
    assert "diterima sampai Jumat, 23 Oktober 2026" in status
    day = login(pegawai).get("/aktivitas/").content.decode()
    assert 'id="gangguan"' in day and "Gangguan jaringan" in day
    assert bkd.post(f"/kelola/gangguan/{g.pk}/akhiri/").status_code == 302
    g.refresh_from_db()
    assert g.selesai is not None and g.mulai <= g.selesai <= timezone.now()
    assert AuditLog.objects.filter(action="gangguan.akhiri").count() == 1
    again = bkd.post(f"/kelola/gangguan/{g.pk}/akhiri/", follow=True).content.decode()
    assert "sudah berakhir" in again
    status = client.get("/status/").content.decode()
    assert 'id="normal"' in status and "Gangguan terbaru" in status
    day = login(pegawai).get("/aktivitas/").content.decode()
    assert 'id="gangguan"' not in day  # over; its window is still open and said so
    assert "diterima sampai 23 Okt 2026" in day


@pytest.mark.parametrize(("change", "fragment"), [
    ({"susulan_sampai": "2026-10-15"}, "masa depan"),
    ({"susulan_dari": "2026-10-14", "susulan_sampai": "2026-10-13"}, "sebelum"),
    ({"susulan_batas": "2026-10-13"}, "antara hari ini"),
    ({"susulan_batas": "2026-12-31"}, "30 hari"),
    ({"susulan_dari": "2026-08-01", "susulan_sampai": "2026-10-13"}, "31 hari"),
    ({"susulan_batas": ""}, "jendela"),
    ({"judul": ""}, "tidak boleh kosong"),
    ({"mulai": "kemarin"}, "Mulai"),
    ({"mulai": "2026-10-20T08:00"}, "sehari"),
    ({"selesai": "2026-10-12T08:00"}, "sebelum"),
    ({"isi": "x" * 3001}, "3000"),
])
def test_a_wrong_announcement_is_refused_in_indonesian(tahun_2026, admin_bkd, login, change,
                                                       fragment):
    response = login(admin_bkd).post("/kelola/gangguan/baru/", _form(**change))
    assert response.status_code == 400
    assert fragment in response.content.decode()
    assert not Gangguan.objects.exists() and not AuditLog.objects.filter(
        action__startswith="gangguan").exists()


def test_an_ended_outage_text_can_be_corrected_after_its_window(tahun_2026, admin_bkd, jam,
                                                                login):
    g = _gangguan(admin_bkd, susulan_dari=SEPTEMBER, susulan_sampai=SEPTEMBER,
                  susulan_batas=dt.date(2026, 10, 16))
    jam.move_to(dt.datetime(2026, 11, 2, 9, 0, tzinfo=timezone.get_current_timezone()))
    bkd = login(admin_bkd)
    form = bkd.get(f"/kelola/gangguan/{g.pk}/").content.decode()
    assert "Server e-kinerja mati" in form
    data = {"judul": "Server e-kinerja mati (pusat data)", "isi": g.isi,
            "mulai": "2026-09-29T08:00", "selesai": "2026-09-30T17:00",
            "susulan_dari": "2026-09-29", "susulan_sampai": "2026-09-29",
            "susulan_batas": "2026-10-16"}
    assert bkd.post(f"/kelola/gangguan/{g.pk}/", data).status_code == 302
    entry = AuditLog.objects.get(action="gangguan.update")
    assert entry.before["judul"] == "Server e-kinerja mati"
    # reopening the window later is a new decision: it must close ahead, within the limit
    reopened = bkd.post(f"/kelola/gangguan/{g.pk}/", {**data, "susulan_batas": "2026-10-30"})
    assert reopened.status_code == 400


def test_outage_pages_access(tahun_2026, admin_bkd, admin_opd, pegawai, login, client):
    g = _gangguan(admin_bkd)
    for path in ["/kelola/gangguan/", "/kelola/gangguan/baru/", f"/kelola/gangguan/{g.pk}/"]:
        assert client.get(path).status_code == 302  # anonymous: to the login page
        assert login(pegawai).get(path).status_code == 403
        assert login(admin_opd).get(path).status_code == 403
        assert login(admin_bkd).get(path).status_code == 200
    assert login(admin_bkd).get("/kelola/gangguan/999999/").status_code == 404
    assert login(admin_bkd).post("/kelola/gangguan/999999/akhiri/").status_code == 404
    assert login(admin_opd).post(f"/kelola/gangguan/{g.pk}/akhiri/").status_code == 403
    assert client.get("/status/").status_code == 200


# --- the installable app -----------------------------------------------------------------

def test_the_worker_and_manifest_are_served_to_anyone(client, db):
    sw = client.get("/sw.js")
    assert sw.status_code == 200 and sw["Content-Type"].startswith("text/javascript")
    assert sw["Cache-Control"] == "no-cache"
    text = sw.content.decode()
    assert 'importScripts("/static/js/antrean.js")' in text and '"/luring/"' in text
    assert "worker-src 'self'" in sw["Content-Security-Policy"]
    manifest = client.get("/manifest.webmanifest")
    assert manifest["Content-Type"] == "application/manifest+json"
    data = json.loads(manifest.content)
    assert (data["start_url"], data["display"], data["scope"]) == ("/aktivitas/", "standalone",
                                                                  "/")
    assert {i["sizes"] for i in data["icons"]} == {"192x192", "512x512"}
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200
    assert "manifest-src 'self'" in manifest["Content-Security-Policy"]
    offline = client.get("/luring/").content.decode()
    assert "Tidak ada sambungan" in offline and "data-pegawai" not in offline


def test_the_queue_and_the_status_page_ask_a_fixed_number_of_queries(
        tahun_2026, pegawai, admin_bkd, login, client, django_assert_num_queries):
    for n in range(3):
        _gangguan(admin_bkd, judul=f"Gangguan {n}", susulan_dari=SEPTEMBER,
                  susulan_sampai=SEPTEMBER, susulan_batas=dt.date(2026, 10, 20))
    client.get("/status/")
    with django_assert_num_queries(2):  # the announcements, the open windows
        assert client.get("/status/").status_code == 200
    phone = login(pegawai)
    _kirim(phone, _isian(mulai="06:00", selesai="06:30"))  # the session's first writes
    counts = []
    for start in ("07:00", "08:00"):
        with CaptureQueriesContext(connection) as ctx:
            assert _kirim(phone, _isian(mulai=start, selesai=start[:3] + "30")).status_code \
                == 201
        counts.append(len(ctx.captured_queries))
    assert counts == [24, 24], counts  # the same however many were sent before
