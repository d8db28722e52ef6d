"""The development plan: written by the employee, agreed or returned by the atasan, with
the gaps of the appraisal and catalogue suggestions; access and bad input."""

import datetime as dt

import pytest
from django.utils import timezone

from ekinerja.models import AuditLog
from pelatihan.models import KegiatanBelajar, RencanaPengembangan
from penilaian.models import Evaluasi, EvaluasiPerilaku

from ..kinerja.conftest import tahun  # noqa: F401

YEAR = timezone.localdate().year


def _plan(**change):
    data = {"tujuan": "Meningkatkan kemampuan pelayanan", "kesenjangan": "Pelayanan publik",
            "kegiatan-TOTAL_FORMS": "2", "kegiatan-INITIAL_FORMS": "0",
            "kegiatan-MIN_NUM_FORMS": "0", "kegiatan-MAX_NUM_FORMS": "20",
            "kegiatan-0-nama": "Coaching oleh atasan", "kegiatan-0-jalur": "",
            "kegiatan-0-jp": "6", "kegiatan-0-triwulan": "2"}
    data.update(change)
    return data


@pytest.fixture
def katalog(jalur, admin_bkd):
    return KegiatanBelajar.objects.create(
        nama="Pelatihan Pelayanan Prima", jalur=jalur["KL03"], penyelenggara="BPSDM",
        moda="luring", mulai=dt.date(YEAR, 6, 1), selesai=dt.date(YEAR, 6, 3), jp=24,
        kompetensi="pelayanan publik", status="disetujui", dibuat_oleh=admin_bkd)


def test_written_submitted_and_agreed(jalur, katalog, pegawai, atasan, login):
    client = login(pegawai)
    assert client.get("/pelatihan/rencana/").status_code == 200
    response = client.post(f"/pelatihan/rencana/{YEAR}/ubah/", _plan(**{
        "kegiatan-0-jalur": jalur["NKL01"].pk, "kegiatan-1-kegiatan": katalog.pk,
        "kegiatan-1-jp": "24", "kegiatan-1-triwulan": "3"}))
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = RencanaPengembangan.objects.get()
    assert [(i.nama, i.jalur.kode, i.jp) for i in plan.kegiatan_set.all()] == [
        ("Coaching oleh atasan", "NKL01", 6), ("Pelatihan Pelayanan Prima", "KL03", 24)]
    client.post(f"/pelatihan/rencana/{YEAR}/ajukan/")
    plan.refresh_from_db()
    assert plan.status == "diajukan"
    # While with the atasan the employee cannot change it.
    assert client.post(f"/pelatihan/rencana/{YEAR}/ubah/", _plan()).status_code == 400
    boss = login(atasan)
    url = f"/pelatihan/rencana/{YEAR}/pegawai/{pegawai.pk}/"
    assert "Coaching oleh atasan" in boss.get(url).content.decode()
    boss.post(url + "putus/", {"putusan": "sepakat"})
    plan.refresh_from_db()
    assert (plan.status, plan.disepakati_oleh) == ("disepakati", atasan)
    assert AuditLog.objects.filter(action="pelatihan.rencana_sepakati").exists()
    # Changing an agreed plan (here: removing the second activity) makes it a draft again.
    response = client.post(f"/pelatihan/rencana/{YEAR}/ubah/", _plan(**{
        "kegiatan-0-jalur": jalur["NKL01"].pk, "kegiatan-INITIAL_FORMS": "2",
        "kegiatan-1-kegiatan": katalog.pk, "kegiatan-1-DELETE": "on"}))
    assert response.status_code == 302, response.content.decode()[-3000:]
    plan.refresh_from_db()
    assert (plan.status, plan.disepakati_oleh, plan.kegiatan_set.count()) == ("draft", None, 1)


def test_returning_needs_a_note_the_employee_sees(jalur, pegawai, atasan, login):
    client = login(pegawai)
    client.post(f"/pelatihan/rencana/{YEAR}/ubah/", _plan(**{
        "kegiatan-0-jalur": jalur["NKL02"].pk}))
    client.post(f"/pelatihan/rencana/{YEAR}/ajukan/")
    url = f"/pelatihan/rencana/{YEAR}/pegawai/{pegawai.pk}/putus/"
    body = login(atasan).post(url, {"putusan": "kembalikan"}, follow=True).content.decode()
    assert "apa yang perlu diubah" in body
    login(atasan).post(url, {"putusan": "kembalikan", "catatan": "Tambah pelatihan teknis"})
    plan = RencanaPengembangan.objects.get()
    assert plan.status == "draft"
    assert "Tambah pelatihan teknis" in client.get(f"/pelatihan/rencana/{YEAR}/").content.decode()


def test_who_sees_and_who_agrees(jalur, pegawai, atasan, pegawai_lain, admin_opd, admin_bkd,
                                 login):
    client = login(pegawai)
    client.post(f"/pelatihan/rencana/{YEAR}/ubah/", _plan(**{
        "kegiatan-0-jalur": jalur["NKL02"].pk}))
    client.post(f"/pelatihan/rencana/{YEAR}/ajukan/")
    url = f"/pelatihan/rencana/{YEAR}/pegawai/{pegawai.pk}/"
    assert login(pegawai_lain).get(url).status_code == 404
    assert login(pegawai_lain).post(url + "putus/", {"putusan": "sepakat"}).status_code == 404
    assert login(admin_opd).get(url).status_code == 200  # in scope: sees it
    assert login(admin_opd).post(url + "putus/", {"putusan": "sepakat"}).status_code == 403
    assert login(admin_bkd).get(url).status_code == 200
    assert client.get(url).status_code == 302  # the owner goes to their own page
    assert RencanaPengembangan.objects.get().status == "diajukan"
    # Nobody else's plan can be submitted or written through the owner's URLs.
    assert login(pegawai_lain).post(f"/pelatihan/rencana/{YEAR}/ajukan/").status_code == 404


@pytest.mark.parametrize("change, message", [
    ({"tujuan": "  "}, "tidak boleh kosong"),
    ({"kegiatan-0-jalur": ""}, "jalur belajar"),
    ({"kegiatan-0-jp": "0"}, "Pastikan nilai ini lebih besar"),
    ({"kegiatan-0-triwulan": "5"}, "Masukkan pilihan yang valid"),
    ({"kegiatan-TOTAL_FORMS": "25"}, "20"),
])
def test_bad_input_is_refused_and_nothing_saved(jalur, pegawai, login, change, message):
    response = login(pegawai).post(f"/pelatihan/rencana/{YEAR}/ubah/", _plan(**change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not RencanaPengembangan.objects.exists()


def test_submitting_an_empty_plan_or_another_year_is_refused(pegawai, login):
    client = login(pegawai)
    client.post(f"/pelatihan/rencana/{YEAR}/ubah/", _plan(**{"kegiatan-0-nama": "",
                                                             "kegiatan-0-jp": "",
                                                             "kegiatan-0-triwulan": ""}))
    body = client.post(f"/pelatihan/rencana/{YEAR}/ajukan/", follow=True).content.decode()
    assert "minimal satu kegiatan" in body
    assert RencanaPengembangan.objects.get().status == "draft"
    assert client.get(f"/pelatihan/rencana/{YEAR + 5}/ubah/").status_code == 404


def test_the_appraisal_gaps_and_suggestions(katalog, pegawai, atasan, tahun, login):  # noqa: F811
    final = Evaluasi.objects.create(pegawai=pegawai, tahun=tahun, nomor=0, status="final",
                                    rating_hasil="di_bawah", rating_perilaku="sesuai",
                                    predikat="butuh_perbaikan")
    EvaluasiPerilaku.objects.create(evaluasi=final, nilai=1, rating="di_bawah",
                                    umpan_balik="Sering terlambat melayani")
    EvaluasiPerilaku.objects.create(evaluasi=final, nilai=2, rating="sesuai")
    draft = Evaluasi.objects.create(pegawai=pegawai, tahun=tahun, nomor=1, status="draft")
    EvaluasiPerilaku.objects.create(evaluasi=draft, nilai=6, rating="di_bawah")
    body = login(pegawai).get(f"/pelatihan/rencana/{YEAR}/").content.decode()
    assert 'id="gap-0"' in body and 'id="gap-1"' in body  # hasil kerja, Berorientasi Pelayanan
    assert 'id="gap-6"' not in body and 'id="gap-2"' not in body  # a draft; as expected
    assert "Sering terlambat melayani" in body and "Pelatihan Pelayanan Prima" in body
    # The atasan sees the same gaps on the employee's plan.
    assert 'id="gap-1"' in login(atasan).get(
        f"/pelatihan/rencana/{YEAR}/pegawai/{pegawai.pk}/").content.decode()
