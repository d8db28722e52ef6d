"""The learning catalogue: BKD adds, anyone proposes, BKD reviews; bad input refused."""

import datetime as dt

import pytest
from django.urls import resolve

from ekinerja.models import AuditLog
from pelatihan.models import KegiatanBelajar


def _data(paths, **change):
    data = {"nama": "Pelatihan Pelayanan Publik Prima", "jalur": paths["KL03"].pk,
            "penyelenggara": "BPSDM Provinsi Jambi", "moda": "luring",
            "mulai": "2026-12-07", "selesai": "2026-12-09", "jp": "24",
            "kompetensi": " Pelayanan  Publik, berorientasi pelayanan,pelayanan publik"}
    data.update(change)
    return data


def test_bkd_adds_to_the_catalogue_and_everyone_sees_it(jalur, admin_bkd, pegawai, login):
    response = login(admin_bkd).post("/pelatihan/katalog/tambah/", _data(jalur))
    assert response.status_code == 302, response.content.decode()[:2000]
    k = KegiatanBelajar.objects.get()
    assert (k.status, k.kompetensi) == ("disetujui",
                                        "pelayanan publik, berorientasi pelayanan")
    assert AuditLog.objects.filter(action="pelatihan.katalog_simpan").exists()
    body = login(pegawai).get("/pelatihan/katalog/?q=pelayanan publik").content.decode()
    assert "Pelatihan Pelayanan Publik Prima" in body
    assert "Pelatihan Pelayanan Publik Prima" not in \
        login(pegawai).get("/pelatihan/katalog/?jalur=KL01").content.decode()


def test_a_proposal_waits_for_bkd(jalur, admin_bkd, admin_opd, pegawai, pegawai_lain, login):
    client = login(pegawai)
    assert client.post("/pelatihan/katalog/tambah/", _data(jalur)).status_code == 302
    k = KegiatanBelajar.objects.get()
    assert k.status == "usulan"
    # Not offered to others yet, and not choosable when recording a training.
    other = login(pegawai_lain)
    assert "Pelatihan Pelayanan Publik Prima" not in other.get(
        "/pelatihan/katalog/").content.decode()
    assert other.get(f"/pelatihan/katalog/{k.pk}/ubah/").status_code == 404
    # The proposer may amend it while it waits; an Admin OPD may not review it (a role
    # without the action: 403).
    assert client.post(f"/pelatihan/katalog/{k.pk}/ubah/",
                       _data(jalur, jp="16")).status_code == 302
    assert login(admin_opd).post(f"/pelatihan/katalog/{k.pk}/tinjau/",
                                 {"putusan": "terima"}).status_code == 403
    bkd = login(admin_bkd)
    assert "Pelatihan Pelayanan Publik Prima" in bkd.get("/pelatihan/katalog/").content.decode()
    bkd.post(f"/pelatihan/katalog/{k.pk}/tinjau/", {"putusan": "terima"})
    k.refresh_from_db()
    assert (k.status, k.jp, k.ditinjau_oleh) == ("disetujui", 16, admin_bkd)
    assert "Pelatihan Pelayanan Publik Prima" in other.get("/pelatihan/katalog/").content.decode()
    # Once in the catalogue only BKD changes it.
    assert client.get(f"/pelatihan/katalog/{k.pk}/ubah/").status_code == 404
    assert bkd.get(f"/pelatihan/katalog/{k.pk}/ubah/").status_code == 200


def test_declining_needs_a_reason_which_the_proposer_sees(jalur, admin_bkd, pegawai, login):
    login(pegawai).post("/pelatihan/katalog/tambah/", _data(jalur))
    k = KegiatanBelajar.objects.get()
    bkd = login(admin_bkd)
    body = bkd.post(f"/pelatihan/katalog/{k.pk}/tinjau/", {"putusan": "tolak"},
                    follow=True).content.decode()
    assert "alasan" in body
    k.refresh_from_db()
    assert k.status == "usulan"
    bkd.post(f"/pelatihan/katalog/{k.pk}/tinjau/", {"putusan": "tolak",
                                                     "catatan": "Sudah ada di katalog BPSDM"})
    k.refresh_from_db()
    assert k.status == "ditolak"
    assert "Sudah ada di katalog BPSDM" in login(pegawai).get(
        "/pelatihan/katalog/").content.decode()
    again = bkd.post(f"/pelatihan/katalog/{k.pk}/tinjau/", {"putusan": "terima"}, follow=True)
    assert "sudah ditinjau" in again.content.decode()


def test_only_the_admin_bkd_reviews_a_proposal(jalur, admin_bkd, admin_opd, pegawai,
                                               pegawai_lain, login):
    """Reviewing is the Admin BKD's action: every other role gets 403 (the proposer and
    an Admin OPD included) and nothing changes; for the BKD a missing proposal is 404."""
    login(pegawai).post("/pelatihan/katalog/tambah/", _data(jalur))
    k = KegiatanBelajar.objects.get()
    url = f"/pelatihan/katalog/{k.pk}/tinjau/"
    for user in (pegawai, pegawai_lain, admin_opd):
        assert login(user).post(url, {"putusan": "terima"}).status_code == 403
    k.refresh_from_db()
    assert (k.status, k.ditinjau_oleh) == ("usulan", None)
    assert not AuditLog.objects.filter(action="pelatihan.katalog_tinjau").exists()
    bkd = login(admin_bkd)
    assert bkd.post(f"/pelatihan/katalog/{k.pk + 1000}/tinjau/",
                    {"putusan": "terima"}).status_code == 404
    assert bkd.post(url, {"putusan": "terima"}).status_code == 302


def test_the_bkd_only_pages_use_the_shared_gate():
    """The review and the learning paths are behind ekinerja.access.bkd_required."""
    for url in ("/pelatihan/katalog/1/tinjau/", "/pelatihan/jalur/"):
        assert getattr(resolve(url).func, "gerbang", None) == "bkd", url


@pytest.mark.parametrize("change, message", [
    ({"nama": "  "}, "tidak boleh kosong"),
    ({"selesai": "2026-12-01"}, "sebelum"),
    ({"jp": "0"}, "Pastikan nilai ini lebih besar"),
    ({"jp": "100"}, "lebih dari yang mungkin"),
    ({"mulai": "besok"}, "tanggal"),
    ({"moda": "hybrid-x"}, "Masukkan pilihan yang valid"),
    ({"penyelenggara": ""}, "penyelenggara"),
    ({"kompetensi": "x" * 301}, "paling banyak 300"),
])
def test_bad_input_is_refused_and_nothing_saved(jalur, admin_bkd, login, change, message):
    response = login(admin_bkd).post("/pelatihan/katalog/tambah/", _data(jalur, **change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not KegiatanBelajar.objects.exists()


def test_the_same_activity_twice_is_refused(jalur, admin_bkd, login):
    client = login(admin_bkd)
    client.post("/pelatihan/katalog/tambah/", _data(jalur))
    response = client.post("/pelatihan/katalog/tambah/",
                           _data(jalur, nama="pelatihan pelayanan publik prima"))
    assert response.status_code == 400 and "sudah ada di katalog" in response.content.decode()
    assert KegiatanBelajar.objects.count() == 1


def test_anonymous_is_sent_to_log_in(db, client):
    for url in ("/pelatihan/katalog/", "/pelatihan/katalog/tambah/"):
        response = client.get(url)
        assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_a_past_activity_can_be_recorded_from_the_catalogue(jalur, admin_bkd, pegawai, login):
    ended = dt.date.today() - dt.timedelta(days=2)
    login(admin_bkd).post("/pelatihan/katalog/tambah/", _data(
        jalur, mulai=ended.isoformat(), selesai=ended.isoformat(), jp="8"))
    k = KegiatanBelajar.objects.get()
    assert f'value="{k.pk}"' in login(pegawai).get("/pelatihan/catat/").content.decode()


def _paths_form(paths, **change):
    rows = list(paths.values())
    data = {"form-TOTAL_FORMS": str(len(rows)), "form-INITIAL_FORMS": str(len(rows)),
            "form-MIN_NUM_FORMS": "0", "form-MAX_NUM_FORMS": "1000"}
    for n, j in enumerate(sorted(rows, key=lambda j: (not j.klasikal, j.kode))):
        data.update({f"form-{n}-id": str(j.pk), f"form-{n}-nama": j.nama})
        if j.aktif:
            data[f"form-{n}-aktif"] = "on"
        for field, value in change.get(j.kode, {}).items():
            data[f"form-{n}-{field}"] = value
    return {k: v for k, v in data.items() if v is not None}


def test_bkd_renames_and_retires_learning_paths(jalur, admin_bkd, admin_opd, pegawai, login):
    for user in (admin_opd, pegawai):
        assert login(user).get("/pelatihan/jalur/").status_code == 403
    client = login(admin_bkd)
    assert client.get("/pelatihan/jalur/").status_code == 200
    response = client.post("/pelatihan/jalur/", _paths_form(jalur, KL12={"nama": ""}))
    assert response.status_code == 400 and "tidak boleh kosong" in response.content.decode()
    response = client.post("/pelatihan/jalur/", _paths_form(
        jalur, KL09={"aktif": None}, KL11={"nama": "Sosialisasi kebijakan"}))
    assert response.status_code == 302
    jalur["KL09"].refresh_from_db()
    assert (jalur["KL09"].aktif, jalur["KL09"].kode) == (False, "KL09")
    assert AuditLog.objects.filter(action="pelatihan.jalur").count() == 2
    form = login(pegawai).get("/pelatihan/catat/").content.decode()
    assert "Sosialisasi kebijakan" in form and "KL09 Penataran" not in form
