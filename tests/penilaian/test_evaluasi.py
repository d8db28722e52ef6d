"""Periodic and annual evaluation: the predikat matrix, the atasan's form with the
suggested rating, snapshots, acknowledgement, and the appeal decided one level up."""

import datetime as dt
from itertools import product

import pytest
from django.test import Client
from django.utils import timezone

from ekinerja.models import AuditLog, Dokumen, Notifikasi, PenugasanPlt
from kinerja.selectors import periode_of
from penilaian.models import Evaluasi, Keberatan, Skor
from penilaian.predikat import predikat

from ..kinerja.conftest import approve
from ..pdf_files import read_pdf
from .helpers import done


@pytest.mark.parametrize("hasil, perilaku, expected", [
    ("di_atas", "di_bawah", "kurang"),
    ("di_atas", "sesuai", "baik"),
    ("di_atas", "di_atas", "sangat_baik"),
    ("sesuai", "di_bawah", "kurang"),
    ("sesuai", "sesuai", "baik"),
    ("sesuai", "di_atas", "baik"),
    ("di_bawah", "di_bawah", "sangat_kurang"),
    ("di_bawah", "sesuai", "butuh_perbaikan"),
    ("di_bawah", "di_atas", "butuh_perbaikan"),
])
def test_the_predikat_matrix(hasil, perilaku, expected):
    assert predikat(hasil, perilaku) == expected


def test_the_matrix_covers_every_pair_and_refuses_others():
    ratings = ("di_atas", "sesuai", "di_bawah")
    assert len({predikat(h, p) for h, p in product(ratings, ratings)}) == 5
    with pytest.raises(ValueError):
        predikat("istimewa", "sesuai")


@pytest.fixture
def periode(skp_pegawai, pegawai):
    """The current period, with the employee's SKP approved and 9 of 10 reports done."""
    approve(skp_pegawai)
    periode = periode_of(timezone.localdate())
    iki = skp_pegawai.rhk.first().iki.first()
    done(pegawai, iki, periode.mulai, 8, 9)
    return periode


def url(pegawai, periode):
    return f"/evaluasi/nilai/{pegawai.pk}/{periode.tahun.tahun}/{periode.nomor}/"


def form_data(**extra):
    data = {f"perilaku_{n}": "sesuai" for n in range(1, 8)}
    data.update(rating_hasil="sesuai", rating_perilaku="sesuai", finalkan="1")
    data.update(extra)
    return data


def mulai(client, pegawai, periode):
    """The atasan starts the evaluation (a POST: opening the page creates nothing)."""
    response = client.post(url(pegawai, periode), {"mulai": "1"})
    assert response.status_code == 302, response.content.decode()[:300]
    return response


def finalised(client, pegawai, periode):
    """The atasan starts and finalises the evaluation with "as expected" everywhere."""
    mulai(client, pegawai, periode)
    assert client.post(url(pegawai, periode), form_data()).status_code == 302
    return Evaluasi.objects.get(pegawai=pegawai, nomor=periode.nomor)


def test_opening_the_page_creates_nothing_until_the_atasan_starts(periode, pegawai, atasan,
                                                                  login):
    client = login(atasan)
    page = client.get(url(pegawai, periode))
    assert page.status_code == 200 and 'id="mulai-evaluasi"' in page.content.decode()
    client.get(url(pegawai, periode))
    assert not Evaluasi.objects.exists()
    assert not AuditLog.objects.filter(action="evaluasi.create").exists()
    assert not Skor.objects.filter(pegawai=pegawai).exists()  # nothing recomputed either
    mulai(client, pegawai, periode)
    assert Evaluasi.objects.get().status == "draft"


def test_the_atasan_evaluates_with_the_suggestion(periode, pegawai, atasan, login):
    client = login(atasan)
    mulai(client, pegawai, periode)
    page = client.get(url(pegawai, periode))
    assert page.status_code == 200
    body = page.content.decode()
    assert "90,00" in body and "Sesuai Ekspektasi" in body  # score 90: suggested "as expected"
    evaluasi = Evaluasi.objects.get()
    assert (evaluasi.status, evaluasi.rating_saran, evaluasi.penilai) == ("draft", "sesuai",
                                                                        atasan)
    rhk = evaluasi.rhk_set.get()
    response = client.post(url(pegawai, periode), form_data(
        **{f"rhk_{rhk.rhk_id}": "Laporan tepat waktu", "perilaku_1": "di_atas",
           "perilaku_1_umpan": "Sangat ramah"}))
    assert response.status_code == 302
    evaluasi.refresh_from_db()
    assert (evaluasi.status, evaluasi.predikat) == ("final", "baik")
    assert evaluasi.rhk_set.get().umpan_balik == "Laporan tepat waktu"
    assert evaluasi.perilaku_set.get(nilai=1).umpan_balik == "Sangat ramah"
    assert (evaluasi.penilai_nip, evaluasi.pegawai_jabatan) == (atasan.nip,
                                                                pegawai.jabatan.nama)
    assert AuditLog.objects.filter(action="evaluasi.final").exists()
    # final: the form is closed, the page shows the result
    assert client.get(url(pegawai, periode)).status_code == 302


def test_finalising_needs_every_rating_and_a_reason_to_differ(periode, pegawai, atasan,
                                                              login):
    client = login(atasan)
    mulai(client, pegawai, periode)
    response = client.post(url(pegawai, periode), form_data(perilaku_3=""))
    assert response.status_code == 400 and "7 nilai BerAKHLAK" in response.content.decode()
    response = client.post(url(pegawai, periode), form_data(rating_hasil="di_atas"))
    assert response.status_code == 400
    assert "berbeda dari saran" in " ".join(response.context["form"].errors["alasan_rating"])
    response = client.post(url(pegawai, periode), form_data(rating_hasil="hebat"))
    assert response.status_code == 400 and "rating_hasil" in response.context["form"].errors
    response = client.post(url(pegawai, periode), form_data(alasan_rating="x" * 2001))
    assert response.status_code == 400
    assert Evaluasi.objects.get().status == "draft"
    response = client.post(url(pegawai, periode), form_data(
        rating_hasil="di_atas", alasan_rating="Menyelesaikan tugas tambahan penting"))
    assert response.status_code == 302
    assert Evaluasi.objects.get().predikat == "baik"


def test_a_draft_can_be_saved_incomplete(periode, pegawai, atasan, login):
    client = login(atasan)
    mulai(client, pegawai, periode)
    response = client.post(url(pegawai, periode), {"rating_hasil": "sesuai", "simpan": "1"})
    assert response.status_code == 302
    assert Evaluasi.objects.get().status == "draft"


def test_who_may_evaluate_and_see(periode, pegawai, atasan, pegawai_lain, admin_opd, login):
    assert Client().get(url(pegawai, periode)).status_code == 302
    for other in (pegawai, pegawai_lain, admin_opd):
        assert login(other).get(url(pegawai, periode)).status_code == 404
    for other in (pegawai, pegawai_lain, admin_opd):  # nor start it
        assert login(other).post(url(pegawai, periode), {"mulai": "1"}).status_code == 404
    assert not Evaluasi.objects.exists()
    mulai(login(atasan), pegawai, periode)
    evaluasi = Evaluasi.objects.get()
    assert login(pegawai).get(f"/evaluasi/{evaluasi.pk}/").status_code == 404  # a draft
    login(atasan).post(url(pegawai, periode), form_data())
    assert login(pegawai).get(f"/evaluasi/{evaluasi.pk}/").status_code == 200
    assert login(admin_opd).get(f"/evaluasi/{evaluasi.pk}/").status_code == 200
    assert login(pegawai_lain).get(f"/evaluasi/{evaluasi.pk}/").status_code == 404
    assert f"/evaluasi/{evaluasi.pk}/" in login(pegawai).get("/evaluasi/").content.decode()


def test_acknowledging(periode, pegawai, atasan, login):
    evaluasi = finalised(login(atasan), pegawai, periode)
    login(atasan).post(f"/evaluasi/{evaluasi.pk}/akui/")
    assert Evaluasi.objects.get().status == "final"  # only the employee acknowledges
    login(pegawai).post(f"/evaluasi/{evaluasi.pk}/akui/")
    evaluasi.refresh_from_db()
    assert evaluasi.status == "diakui" and evaluasi.diakui_pada is not None
    response = login(pegawai).post(f"/evaluasi/{evaluasi.pk}/keberatan/", {"alasan": "x"})
    assert "Hanya evaluasi final" in " ".join(str(m) for m in response.wsgi_request._messages)
    assert not Keberatan.objects.exists()


def test_an_appeal_is_decided_one_level_up(periode, pegawai, atasan, kepala_a, login):
    evaluasi = finalised(login(atasan), pegawai, periode)
    client = login(pegawai)
    client.post(f"/evaluasi/{evaluasi.pk}/keberatan/", {"alasan": " "})
    assert not Keberatan.objects.exists()
    client.post(f"/evaluasi/{evaluasi.pk}/keberatan/",
                {"alasan": "Tugas tambahan belum diperhitungkan"})
    keberatan = Keberatan.objects.get()
    assert (keberatan.predikat_awal, Evaluasi.objects.get().status) == ("baik", "keberatan")
    # The employee was told the evaluation was ready; the one who decides, of the appeal.
    assert Notifikasi.objects.filter(penerima=pegawai, jenis="evaluasi_siap").exists()
    assert Notifikasi.objects.get(jenis="keberatan_diajukan").penerima == kepala_a
    # the evaluator does not decide their own case; the next level up does
    assert login(atasan).post(f"/evaluasi/{evaluasi.pk}/putuskan/", {
        "putusan": "terima", "predikat_baru": "sangat_baik", "alasan": "x"}).status_code == 404
    boss = login(kepala_a)
    assert f"/evaluasi/{evaluasi.pk}/" in boss.get("/evaluasi/keberatan/").content.decode()
    boss.post(f"/evaluasi/{evaluasi.pk}/putuskan/", {"putusan": "terima",
                                                     "predikat_baru": "baik", "alasan": "x"})
    assert Keberatan.objects.get().status == "diajukan"  # the same predikat is no change
    boss.post(f"/evaluasi/{evaluasi.pk}/putuskan/", {
        "putusan": "terima", "predikat_baru": "sangat_baik",
        "alasan": "Tugas tambahan terbukti berdampak"})
    evaluasi.refresh_from_db()
    assert (evaluasi.status, evaluasi.predikat) == ("diputuskan", "sangat_baik")
    body = login(pegawai).get(f"/evaluasi/{evaluasi.pk}/").content.decode()
    assert "Tugas tambahan terbukti berdampak" in body and "Sangat Baik" in body
    assert AuditLog.objects.filter(action="keberatan.decide").exists()
    told = Notifikasi.objects.get(jenis="keberatan_diputuskan")
    assert told.penerima == pegawai and "terbukti berdampak" in told.pesan


def test_an_appeal_after_the_deadline_is_refused(periode, pegawai, atasan, login):
    evaluasi = finalised(login(atasan), pegawai, periode)
    Evaluasi.objects.filter(pk=evaluasi.pk).update(
        difinalkan_pada=timezone.now() - dt.timedelta(days=15))  # the year allows 14
    response = login(pegawai).post(f"/evaluasi/{evaluasi.pk}/keberatan/", {"alasan": "x"})
    assert "berakhir" in " ".join(str(m) for m in response.wsgi_request._messages)
    assert not Keberatan.objects.exists()


def test_a_rejected_appeal_keeps_the_predikat(periode, pegawai, atasan, kepala_a, login):
    evaluasi = finalised(login(atasan), pegawai, periode)
    login(pegawai).post(f"/evaluasi/{evaluasi.pk}/keberatan/", {"alasan": "Kurang adil"})
    login(kepala_a).post(f"/evaluasi/{evaluasi.pk}/putuskan/",
                         {"putusan": "tolak", "alasan": "Penilaian sudah sesuai bukti"})
    evaluasi.refresh_from_db()
    assert (evaluasi.status, evaluasi.predikat) == ("diputuskan", "baik")
    assert Keberatan.objects.get().status == "ditolak"


def test_an_acting_official_evaluates_and_it_shows(periode, pegawai, atasan, pegawai_lain,
                                                    login):
    PenugasanPlt.objects.create(pegawai=pegawai_lain, jabatan=atasan.jabatan, jenis="plh",
                                nomor_sk="800/1", mulai=timezone.localdate(),
                                selesai=timezone.localdate())
    client = login(pegawai_lain)
    assert client.get(url(pegawai, periode)).status_code == 200
    mulai(client, pegawai, periode)
    client.post(url(pegawai, periode), form_data())
    evaluasi = Evaluasi.objects.get()
    assert evaluasi.penilai == pegawai_lain
    assert evaluasi.penilai_kapasitas["menggantikan"].startswith("Atasan Satu")
    assert "Atasan Satu" in login(pegawai).get(f"/evaluasi/{evaluasi.pk}/").content.decode()


def test_the_team_page(periode, pegawai, atasan, login):
    body = login(atasan).get(f"/evaluasi/tim/?nomor={periode.nomor}").content.decode()
    assert url(pegawai, periode) in body
    assert login(pegawai).get("/evaluasi/tim/").status_code == 404  # no team


def test_the_evaluation_document(periode, pegawai, atasan, pegawai_lain, login, settings):
    settings.SITE_URL = "https://kinerja.jambiprov.go.id"
    boss = login(atasan)
    mulai(boss, pegawai, periode)  # a draft is not a document yet
    draft = Evaluasi.objects.get(pegawai=pegawai)
    assert boss.get(f"/evaluasi/{draft.pk}/pdf/").status_code == 404
    evaluasi = finalised(boss, pegawai, periode)
    text, uris = read_pdf(login(pegawai).get(f"/evaluasi/{evaluasi.pk}/pdf/"))
    for expected in ("DOKUMEN EVALUASI KINERJA PEGAWAI", pegawai.nama_lengkap, pegawai.nip,
                     atasan.nama_lengkap, "PREDIKAT KINERJA PEGAWAI", "Baik", "Akuntabel"):
        assert expected in text, expected
    dokumen = Dokumen.objects.get(jenis="evaluasi")
    assert uris == [f"https://kinerja.jambiprov.go.id/verifikasi/{dokumen.token}/"]
    assert login(pegawai_lain).get(f"/evaluasi/{evaluasi.pk}/pdf/").status_code == 404
    assert login(atasan).get(f"/evaluasi/{evaluasi.pk}/pdf/").status_code == 200
