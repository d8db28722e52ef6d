"""Recording a training with its certificate, bad input refused in Indonesian, duplicates
caught, verification by the right person, and the yearly JP tracker."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from ekinerja.models import AuditLog, Pegawai, PenugasanPlt
from pelatihan import services
from pelatihan.models import KegiatanBelajar, Partisipasi
from pelatihan.selectors import jp_tahun

from ..kinerja import files
from .helpers import verified

TODAY = timezone.localdate


def form(paths, **extra):
    end = TODAY() - dt.timedelta(days=1)
    data = {"nama": "Pelatihan Analisis Kebijakan", "jalur": paths["KL03"].pk,
            "penyelenggara": "BPSDM Provinsi Jambi",
            "mulai": (end - dt.timedelta(days=2)).isoformat(), "selesai": end.isoformat(),
            "jp_klaim": "24", "nomor_sertifikat": "BPSDM/2026/0001",
            "berkas": SimpleUploadedFile("sertifikat.pdf", files.pdf(),
                                         content_type="application/pdf")}
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_recording_a_training_with_its_certificate(jalur, pegawai, login):
    client = login(pegawai)
    assert client.get("/pelatihan/catat/").status_code == 200
    response = client.post("/pelatihan/catat/", form(jalur))
    assert response.status_code == 302, response.content.decode()[:3000]
    p = Partisipasi.objects.get()
    assert (p.pegawai, p.status, p.jp_klaim, p.sertifikat_jenis) == (pegawai, "diajukan", 24,
                                                                     "pdf")
    assert AuditLog.objects.filter(action="pelatihan.catat").exists()
    body = client.get("/pelatihan/").content.decode()
    assert "Pelatihan Analisis Kebijakan" in body and "0 / 20" in body  # not verified yet


@pytest.mark.parametrize("change, message", [
    ({"selesai": (dt.date.today() + dt.timedelta(days=3)).isoformat()}, "masa depan"),
    ({"mulai": dt.date.today().isoformat(),
      "selesai": (dt.date.today() - dt.timedelta(days=5)).isoformat()}, "sebelum"),
    ({"jp_klaim": "0"}, "minimal 1"),
    ({"jp_klaim": "200"}, "lebih dari yang mungkin"),
    ({"berkas": None}, "Lampirkan sertifikat"),
    ({"berkas": SimpleUploadedFile("sertifikat.pdf", files.exe())}, "bukan berkas .pdf"),
    ({"berkas": SimpleUploadedFile("sertifikat.docx", files.docx())}, "tidak diterima"),
    ({"nama": "", "kegiatan": None}, "Sebutkan nama pelatihan"),
    ({"jalur": ""}, "jalur belajar"),
    ({"mulai": "kemarin"}, "tanggal"),
])
def test_bad_input_is_refused_and_nothing_saved(jalur, pegawai, login, change, message):
    response = login(pegawai).post("/pelatihan/catat/", form(jalur, **change))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Partisipasi.objects.exists()


def test_an_oversized_certificate_is_refused(jalur, pegawai, login, settings):
    settings.BUKTI_MAX_BYTES = 1024
    big = SimpleUploadedFile("sertifikat.pdf", files.pdf() + b"0" * 2048)
    response = login(pegawai).post("/pelatihan/catat/", form(jalur, berkas=big))
    assert response.status_code == 400 and "melebihi" in response.content.decode()
    assert not Partisipasi.objects.exists()


def test_duplicates_are_caught(jalur, pegawai, pegawai_lain, login):
    login(pegawai).post("/pelatihan/catat/", form(jalur))
    response = login(pegawai).post("/pelatihan/catat/", form(jalur, nomor_sertifikat="X-2"))
    assert response.status_code == 400 and "sudah mencatat pelatihan ini" in \
        response.content.decode()
    response = login(pegawai_lain).post("/pelatihan/catat/", form(jalur))
    assert response.status_code == 400 and "sudah diklaim" in response.content.decode()
    assert Partisipasi.objects.count() == 1


def test_a_claim_for_someone_else_is_refused(jalur, pegawai, pegawai_lain):
    p = Partisipasi(pegawai=pegawai_lain, nama="X", jalur=jalur["KL03"], penyelenggara="Y",
                    mulai=TODAY() - dt.timedelta(days=2), selesai=TODAY(), jp_klaim=8)
    with pytest.raises(Exception) as exc:
        services.partisipasi_catat(partisipasi=p, actor=pegawai,
                                   berkas=SimpleUploadedFile("s.pdf", files.pdf()))
    assert "pelatihan milik sendiri" in str(exc.value)
    assert not Partisipasi.objects.exists()


def test_from_the_catalogue(jalur, pegawai, admin_bkd, login):
    kegiatan = KegiatanBelajar.objects.create(
        nama="Bimtek SAKIP", jalur=jalur["KL10"], penyelenggara="Bappeda", moda="luring",
        mulai=TODAY() - dt.timedelta(days=3), selesai=TODAY() - dt.timedelta(days=2), jp=16,
        status="disetujui", dibuat_oleh=admin_bkd)
    response = login(pegawai).post("/pelatihan/catat/", form(
        jalur, kegiatan=kegiatan.pk, nama="", jalur="", penyelenggara=""))
    assert response.status_code == 302, response.content.decode()[:2000]
    p = Partisipasi.objects.get()
    assert (p.nama, p.penyelenggara, p.kegiatan) == ("Bimtek SAKIP", "Bappeda", kegiatan)


def _claim(paths, pegawai, login, **extra):
    login(pegawai).post("/pelatihan/catat/", form(paths, **extra))
    return Partisipasi.objects.latest("id")


def test_bkd_verifies_with_a_correction_and_the_tracker_moves(jalur, pegawai, admin_bkd,
                                                              login):
    p = _claim(jalur, pegawai, login)
    client = login(admin_bkd)
    assert f'id="partisipasi-{p.pk}"' in client.get("/pelatihan/verifikasi/").content.decode()
    client.post(f"/pelatihan/{p.pk}/verifikasi/", {"putusan": "setujui", "jp_diakui": "18"})
    assert Partisipasi.objects.get().status == "diajukan"  # a correction needs a note
    client.post(f"/pelatihan/{p.pk}/verifikasi/", {"putusan": "setujui", "jp_diakui": "18",
                                                   "catatan": "Hari ketiga setengah hari"})
    p.refresh_from_db()
    assert (p.status, p.jp_diakui, p.diverifikasi_oleh) == ("terverifikasi", 18, admin_bkd)
    tracker = jp_tahun(pegawai, p.selesai.year)
    assert (tracker["dihitung"], tracker["hak"], tracker["kurang"]) == (18, 20, 2)
    assert "18 / 20 JP" in login(pegawai).get("/pelatihan/").content.decode()
    assert AuditLog.objects.filter(action="pelatihan.verifikasi").exists()


def test_rejecting_needs_a_reason(jalur, pegawai, admin_bkd, login):
    p = _claim(jalur, pegawai, login)
    login(admin_bkd).post(f"/pelatihan/{p.pk}/verifikasi/", {"putusan": "tolak"})
    assert Partisipasi.objects.get().status == "diajukan"
    login(admin_bkd).post(f"/pelatihan/{p.pk}/verifikasi/",
                          {"putusan": "tolak", "catatan": "Sertifikat tidak terbaca"})
    assert Partisipasi.objects.get().status == "ditolak"
    # a rejected claim frees the certificate number for a corrected one
    assert login(pegawai).post("/pelatihan/catat/", form(jalur)).status_code == 302


def test_who_verifies(jalur, pegawai, atasan, pegawai_lain, admin_opd, login):
    classical = _claim(jalur, pegawai, login)
    coaching = _claim(jalur, pegawai, login, jalur=jalur["NKL01"].pk, nama="Coaching kinerja",
                      nomor_sertifikat="", berkas=None)
    # the employee never verifies their own claim; an outsider sees nothing
    for user in (pegawai, pegawai_lain):
        for p in (classical, coaching):
            assert login(user).post(f"/pelatihan/{p.pk}/verifikasi/",
                                    {"putusan": "setujui"}).status_code == 404
    assert Partisipasi.objects.filter(status="diajukan").count() == 2
    # classical: an admin in scope; non-classical: the atasan
    assert f'id="partisipasi-{coaching.pk}"' in login(atasan).get(
        "/pelatihan/verifikasi/").content.decode()
    assert f'id="partisipasi-{classical.pk}"' not in login(atasan).get(
        "/pelatihan/verifikasi/").content.decode()
    assert login(atasan).post(f"/pelatihan/{classical.pk}/verifikasi/",
                              {"putusan": "setujui"}).status_code == 404
    login(atasan).post(f"/pelatihan/{coaching.pk}/verifikasi/", {"putusan": "setujui"})
    assert Partisipasi.objects.get(pk=coaching.pk).status == "terverifikasi"
    login(admin_opd).post(f"/pelatihan/{classical.pk}/verifikasi/", {"putusan": "setujui"})
    assert Partisipasi.objects.get(pk=classical.pk).status == "terverifikasi"


def test_an_admin_outside_the_scope_cannot(jalur, pegawai_lain, admin_opd, login):
    p = _claim(jalur, pegawai_lain, login)  # Dinas B, outside Admin OPD A
    assert f'id="partisipasi-{p.pk}"' not in login(admin_opd).get(
        "/pelatihan/verifikasi/").content.decode()
    assert login(admin_opd).post(f"/pelatihan/{p.pk}/verifikasi/",
                                 {"putusan": "setujui"}).status_code == 404
    assert login(admin_opd).get(f"/pelatihan/{p.pk}/sertifikat/").status_code == 404


def test_the_certificate_is_private(jalur, pegawai, atasan, pegawai_lain, admin_bkd, login):
    p = _claim(jalur, pegawai, login)
    assert Client().get(f"/pelatihan/{p.pk}/sertifikat/").status_code == 302
    for user in (pegawai, atasan, admin_bkd):
        response = login(user).get(f"/pelatihan/{p.pk}/sertifikat/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert "default-src 'none'" in response["Content-Security-Policy"]
    assert login(pegawai_lain).get(f"/pelatihan/{p.pk}/sertifikat/").status_code == 404


def test_a_plh_confirms_non_classical_work(jalur, pegawai, atasan, pegawai_lain, login):
    PenugasanPlt.objects.create(pegawai=pegawai_lain, jabatan=atasan.jabatan, jenis="plh",
                                nomor_sk="1", mulai=TODAY(), selesai=TODAY())
    coaching = _claim(jalur, pegawai, login, jalur=jalur["NKL02"].pk, nama="Mentoring",
                      nomor_sertifikat="", berkas=None)
    login(pegawai_lain).post(f"/pelatihan/{coaching.pk}/verifikasi/", {"putusan": "setujui"})
    assert Partisipasi.objects.get(pk=coaching.pk).status == "terverifikasi"


def test_jp_per_year_for_pns_and_pppk(jalur, pegawai):
    year = TODAY().year
    verified(pegawai, jalur, 12, dt.date(year - 1, 12, 30))  # last year, across New Year
    verified(pegawai, jalur, 8, dt.date(year, 1, 2))
    verified(pegawai, jalur, 6, dt.date(year, 1, 3), kode="NKL01")
    Partisipasi.objects.create(pegawai=pegawai, nama="belum", jalur=jalur["KL03"],
                               penyelenggara="X", mulai=dt.date(year, 1, 4),
                               selesai=dt.date(year, 1, 4), jp_klaim=8)  # not verified
    now, before = jp_tahun(pegawai, year), jp_tahun(pegawai, year - 1)
    assert (now["klasikal"], now["nonklasikal"], now["dihitung"], now["kurang"]) == (
        8, 6, 14, 6)
    assert (before["dihitung"], before["kurang"]) == (12, 8)
    Pegawai.objects.filter(pk=pegawai.pk).update(jenis="PPPK")
    pegawai.refresh_from_db()
    verified(pegawai, jalur, 20, dt.date(year, 1, 10))
    pppk = jp_tahun(pegawai, year)
    assert (pppk["total"], pppk["dihitung"], pppk["hak"], pppk["kurang"]) == (34, 24, 24, 0)


def test_the_tracker_page_has_a_constant_query_count(jalur, pegawai, login,
                                                     django_assert_max_num_queries):
    client = login(pegawai)
    client.get("/pelatihan/")
    for n in range(10):
        verified(pegawai, jalur, 2, TODAY() - dt.timedelta(days=400 * (n % 3) + n))
    with django_assert_max_num_queries(10):
        assert client.get("/pelatihan/").status_code == 200
