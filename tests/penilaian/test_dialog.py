"""Dialog kinerja: who sees a dialogue (the two; the atasan's atasan only when shared; never
an admin or a colleague), notes by each side, actions carried to the next dialogues until
closed, acknowledgement by both closing it, bad input, the quarter's reminder made once,
who is due on the list and the dashboard, the evaluation showing the year's dialogues, and
the list's queries not growing with the dialogues."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ekinerja.models import AuditLog, Notifikasi
from penilaian import dialog as layanan
from penilaian.models import AksiDialog, Dialog

from ..factories import staff_of

TANGGAL = dt.date(2026, 10, 12)  # a Monday before the pinned 14 October 2026


def _baru(client, pegawai, **data):
    return client.post(f"/dialog/baru/{pegawai.pk}/", {
        "tanggal": TANGGAL.isoformat(), "jenis": "coaching", "topik": "Target triwulan IV",
        **data})


@pytest.fixture
def d(pegawai, atasan, login):
    response = _baru(login(atasan), pegawai)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Dialog.objects.get()


def test_the_atasan_records_a_dialogue_and_only_the_two_see_it(
        d, pegawai, atasan, kepala_a, admin_bkd, admin_opd, pegawai_lain, bidang_a1, login):
    assert (d.pegawai, d.atasan, d.dibuat_oleh, d.jenis) == (pegawai, atasan, atasan,
                                                            "coaching")
    url = f"/dialog/{d.pk}/"
    assert Client().get(url).status_code == 302
    for party in (pegawai, atasan):
        assert login(party).get(url).status_code == 200
    colleague = staff_of(bidang_a1)
    for outsider in (kepala_a, admin_bkd, admin_opd, pegawai_lain, colleague):
        assert login(outsider).get(url).status_code == 404, outsider
        assert login(outsider).post(f"{url}catatan/", {"catatan": "x"}).status_code == 404
    # Shared by the employee: the atasan's atasan reads it, and still cannot write in it.
    assert login(pegawai).post(f"{url}bagikan/", {"bagikan": "1"}).status_code == 302
    boss = login(kepala_a)
    assert boss.get(url).status_code == 200
    boss.post(f"{url}catatan/", {"catatan": "Dari atas"})
    d.refresh_from_db()
    assert "Dari atas" not in (d.catatan_atasan + d.catatan_pegawai)
    assert d.pk in [x.pk for x in login(kepala_a).get("/dialog/").context["rows"]]
    assert login(admin_bkd).get(url).status_code == 404  # still not the admins'
    assert AuditLog.objects.filter(action="dialog.bagikan").count() == 1


def test_who_may_start_a_dialogue(pegawai, atasan, pegawai_lain, admin_bkd, login):
    assert _baru(login(pegawai), pegawai).status_code == 302  # the employee asks
    assert Dialog.objects.get().atasan == atasan
    assert _baru(login(pegawai_lain), pegawai).status_code == 404
    assert _baru(login(admin_bkd), pegawai).status_code == 404
    assert _baru(login(pegawai), atasan).status_code == 404  # not the other way round


@pytest.mark.parametrize("change, message", [
    ({"tanggal": "2026-10-20", "direncanakan": ""},
     "tidak bisa di masa yang akan datang"),
    ({"tanggal": "2023-01-01"}, "dalam setahun dari hari ini"),
    ({"tanggal": "bukan tanggal"}, "Masukkan tanggal yang valid"),
    ({"jenis": "ngobrol"}, "Masukkan pilihan yang valid"),
    ({"topik": "x" * 301}, "paling banyak 300 karakter"),
])
def test_bad_input_is_explained_and_nothing_saved(pegawai, atasan, login, change, message):
    data = {"direncanakan": "on", **change}
    if data["direncanakan"] == "":
        del data["direncanakan"]
    response = _baru(login(atasan), pegawai, **data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Dialog.objects.exists()


def test_notes_by_each_side_and_acknowledgement_closes_it(d, pegawai, atasan, login):
    url = f"/dialog/{d.pk}/"
    login(atasan).post(f"{url}catatan/", {"catatan": "Target jelas, perlu laporan mingguan"})
    login(pegawai).post(f"{url}catatan/", {"catatan": "<script>alert(1)</script> Siap"})
    d.refresh_from_db()
    assert d.catatan_atasan == "Target jelas, perlu laporan mingguan"
    assert d.catatan_pegawai.endswith("Siap")
    body = login(atasan).get(url).content.decode()
    assert "<script>alert(1)" not in body and "&lt;script&gt;" in body
    too_long = login(atasan).post(f"{url}catatan/", {"catatan": "x" * 5001})
    assert too_long.status_code == 400
    login(atasan).post(f"{url}akui/")
    twice = login(atasan).post(f"{url}akui/", follow=True)
    assert "sudah mengakui" in twice.content.decode()
    login(pegawai).post(f"{url}akui/")
    d.refresh_from_db()
    assert d.selesai
    late = login(pegawai).post(f"{url}catatan/", {"catatan": "ubah"}, follow=True)
    assert "sudah ditutup" in late.content.decode()
    d.refresh_from_db()
    assert d.catatan_pegawai.endswith("Siap")


def test_a_planned_dialogue_is_acknowledged_only_once_held(pegawai, atasan, login):
    _baru(login(atasan), pegawai, tanggal="2026-10-28", direncanakan="on")
    d = Dialog.objects.get()
    refused = login(atasan).post(f"/dialog/{d.pk}/akui/", follow=True)
    assert "setelah dilaksanakan" in refused.content.decode()
    d.refresh_from_db()
    assert d.diakui_atasan is None


def test_an_action_is_carried_over_until_closed(d, pegawai, atasan, login, jam):
    client = login(atasan)
    url = f"/dialog/{d.pk}/"
    bad = client.post(f"{url}aksi/", {"uraian": "", "pemilik": pegawai.pk,
                                      "tenggat": "2026-11-01"})
    assert bad.status_code == 400 and not AksiDialog.objects.exists()
    outsider = staff_of(pegawai.unit)
    assert client.post(f"{url}aksi/", {"uraian": "Susun SOP", "pemilik": outsider.pk,
                                       "tenggat": "2026-11-01"}).status_code == 400
    assert client.post(f"{url}aksi/", {"uraian": "Susun SOP layanan", "pemilik": pegawai.pk,
                                       "tenggat": "2026-11-01"}).status_code == 302
    aksi = AksiDialog.objects.get()
    client.post(f"{url}akui/")
    login(pegawai).post(f"{url}akui/")
    # The next dialogue, a month later: the open action is on its agenda.
    jam.move_to(dt.datetime(2026, 11, 16, 10, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    client = login(atasan)  # a month on: a new session
    _baru(client, pegawai, tanggal="2026-11-16", jenis="mentoring")
    nxt = Dialog.objects.exclude(pk=d.pk).get()
    page = client.get(f"/dialog/{nxt.pk}/")
    assert [a.pk for a in page.context["agenda"]["aksi_lama"]] == [aksi.pk]
    assert "terlambat" in page.content.decode()  # due 1 November
    assert client.post(f"/dialog/{nxt.pk}/aksi/{aksi.pk}/tutup/",
                       {"catatan": "SOP terbit"}).status_code == 302
    aksi.refresh_from_db()
    assert (aksi.ditutup_di, aksi.catatan_tutup) == (nxt, "SOP terbit")
    again = client.post(f"/dialog/{nxt.pk}/aksi/{aksi.pk}/tutup/", follow=True)
    assert "sudah ditutup" in again.content.decode()
    # A third dialogue no longer carries it.
    _baru(client, pegawai, tanggal="2026-11-16", jenis="konseling")
    third = Dialog.objects.order_by("-pk").first()
    assert client.get(f"/dialog/{third.pk}/").context["agenda"]["aksi_lama"] == []
    # Another pair's action cannot be closed here.
    other = staff_of(pegawai.unit)
    foreign = Dialog.objects.create(pegawai=other, atasan=atasan, tanggal=TANGGAL,
                                    jenis="coaching", dibuat_oleh=atasan)
    theirs = AksiDialog.objects.create(dialog=foreign, uraian="Lain", pemilik=other,
                                       tenggat=TANGGAL)
    assert client.post(f"/dialog/{third.pk}/aksi/{theirs.pk}/tutup/").status_code == 404


def test_the_quarters_reminder_goes_once_to_each_atasan(pegawai, atasan, kepala_a, bidang_a1,
                                                      jam):
    colleague = staff_of(bidang_a1)
    Dialog.objects.create(pegawai=colleague, atasan=atasan, tanggal=TANGGAL,
                          jenis="coaching", dibuat_oleh=atasan)
    made = layanan.pengingat_dialog(today=dt.date(2026, 12, 1))
    mine = Notifikasi.objects.get(penerima=atasan, jenis="dialog_pengingat")
    assert mine.kunci == "2026-T4" and mine.judul.startswith("1 ")  # the pegawai, not the
    assert made >= 2  # colleague; the kepala hears about the atasan
    assert Notifikasi.objects.filter(penerima=kepala_a, jenis="dialog_pengingat").exists()
    assert layanan.pengingat_dialog(today=dt.date(2026, 12, 15)) == 0  # once a quarter
    # A dialogue held in the last quarter does not count for the next one.
    assert layanan.pengingat_dialog(today=dt.date(2027, 3, 1)) >= 2
    assert Notifikasi.objects.filter(penerima=atasan, kunci="2027-T1").exists()


def test_who_is_due_shows_on_the_list_and_the_dashboard(d, pegawai, atasan, bidang_a1, login):
    colleague = staff_of(bidang_a1)
    page = login(atasan).get("/dialog/")
    due = [r["pegawai"] for r in page.context["jatuh_tempo"]]
    assert colleague in due and pegawai not in due
    assert colleague.nama in login(atasan).get("/dasbor/").content.decode()


def test_the_evaluation_shows_the_years_dialogues(d, pegawai, atasan, login, tahun):
    from penilaian.models import Evaluasi

    evaluasi = Evaluasi.objects.create(pegawai=pegawai, tahun=tahun, nomor=0, status="final",
                                       rating_hasil="sesuai", rating_perilaku="sesuai",
                                       predikat="baik", penilai=atasan)
    body = login(atasan).get(f"/evaluasi/{evaluasi.pk}/").content.decode()
    assert 'id="dialog-tahun"' in body and "Target triwulan IV" in body


def test_the_list_takes_the_same_queries_for_1_or_8_dialogues(d, pegawai, atasan, login):
    client = login(atasan)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/dialog/").status_code == 200
        return len(ctx.captured_queries)

    count()  # the team's ids cached, as on any page after the first
    one = count()
    for n in range(7):
        other = staff_of(pegawai.unit)
        x = Dialog.objects.create(pegawai=other, atasan=atasan, tanggal=TANGGAL,
                                  jenis="coaching", dibuat_oleh=atasan, topik=f"T{n}")
        AksiDialog.objects.create(dialog=x, uraian="A", pemilik=other, tenggat=TANGGAL)
    assert count() == one


def test_the_monitoring_shows_the_share_met_this_quarter(d, opd_a, bidang_a1):
    from types import SimpleNamespace

    from penilaian import pantau

    staff_of(bidang_a1)  # not met
    data = {"sendiri": SimpleNamespace(unit=opd_a), "anak": [SimpleNamespace(unit=bidang_a1)]}
    pantau.dialog_triwulan(data, opd_a)
    people_opd = pantau.Pegawai.objects.filter(aktif=True,
                                               unit__path__startswith=opd_a.path).count()
    people_bidang = pantau.Pegawai.objects.filter(
        aktif=True, unit__path__startswith=bidang_a1.path).count()
    assert data["sendiri"].dialog[:2] == (1, people_opd)
    assert data["anak"][0].dialog == (1, people_bidang, round(100 / people_bidang))
    # Next quarter, last quarter's dialogue no longer counts.
    pantau.dialog_triwulan(data, opd_a, today=dt.date(2027, 1, 5))
    assert data["sendiri"].dialog[0] == 0


def test_a_new_atasan_does_not_inherit_the_old_ones_actions(d, pegawai, atasan, kepala_a,
                                                            login):
    login(atasan).post(f"/dialog/{d.pk}/aksi/", {"uraian": "Konseling pribadi",
                                                 "pemilik": pegawai.pk,
                                                 "tenggat": "2026-10-20"})
    aksi = AksiDialog.objects.get()
    other = Dialog.objects.create(pegawai=pegawai, atasan=kepala_a, tanggal=TANGGAL,
                                  jenis="coaching", dibuat_oleh=kepala_a)
    page = login(kepala_a).get(f"/dialog/{other.pk}/")
    assert page.context["agenda"]["aksi_lama"] == []
    assert "Konseling pribadi" not in page.content.decode()
    assert login(kepala_a).post(f"/dialog/{other.pk}/aksi/{aksi.pk}/tutup/").status_code == 404
