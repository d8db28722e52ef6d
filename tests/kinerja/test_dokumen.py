"""Official PDF documents: the SKP and the monthly activity report, read back from the
PDF; their QR target; the public verification page that tells an issued copy from a
changed one; superseding when the content changes; access."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from ekinerja.models import AuditLog, Dokumen

from ..pdf_files import read_pdf
from ..penilaian.helpers import done
from .conftest import approve


def test_the_skp_pdf_reads_back_and_its_qr_opens_its_record(skp_pegawai, pegawai, atasan,
                                                            login, settings):
    settings.SITE_URL = "https://kinerja.jambiprov.go.id"
    approve(skp_pegawai)
    response = login(pegawai).get(f"/skp/{skp_pegawai.pk}/pdf/")
    text, links = read_pdf(response)
    for expected in ("SASARAN KINERJA PEGAWAI", pegawai.nama_lengkap, pegawai.nip,
                     atasan.nama_lengkap, "PEJABAT PENILAI KINERJA", "Terselenggaranya layanan",
                     "Berorientasi Pelayanan", "Pegawai yang Dinilai"):
        assert expected in text, expected
    dokumen = Dokumen.objects.get()
    assert links == [f"https://kinerja.jambiprov.go.id/verifikasi/{dokumen.token}/"]
    assert dokumen.sha256 == hashlib.sha256(response.content).hexdigest()
    assert (dokumen.pegawai, dokumen.jenis) == (pegawai, "skp")
    assert AuditLog.objects.filter(action="dokumen.terbit").exists()


def test_the_verification_page_tells_the_copy_from_a_changed_one(skp_pegawai, pegawai,
                                                                 login):
    approve(skp_pegawai)
    pdf = login(pegawai).get(f"/skp/{skp_pegawai.pk}/pdf/").content
    dokumen = Dokumen.objects.get()
    public = Client()  # a citizen or another office scanning the QR: no login
    page = public.get(f"/verifikasi/{dokumen.token}/").content.decode()
    assert "Berlaku" in page and dokumen.sha256 in page and pegawai.nip not in page
    same = public.post(f"/verifikasi/{dokumen.token}/",
                       {"berkas": SimpleUploadedFile("skp.pdf", pdf)}).content.decode()
    assert 'id="cocok"' in same
    forged = pdf[:200] + bytes([pdf[200] ^ 1]) + pdf[201:]  # one bit changed
    changed = public.post(f"/verifikasi/{dokumen.token}/",
                          {"berkas": SimpleUploadedFile("skp.pdf", forged)}).content.decode()
    assert 'id="tidak-cocok"' in changed
    empty = public.post(f"/verifikasi/{dokumen.token}/", {})
    assert empty.status_code == 400 and "Pilih berkas PDF" in empty.content.decode()
    assert public.get("/verifikasi/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert public.get("/verifikasi/bukan-token/").status_code == 404


def test_an_oversized_upload_is_refused(skp_pegawai, pegawai, login, settings):
    approve(skp_pegawai)
    login(pegawai).get(f"/skp/{skp_pegawai.pk}/pdf/")
    settings.IMPORT_MAX_BYTES = 1024
    response = Client().post(f"/verifikasi/{Dokumen.objects.get().token}/",
                             {"berkas": SimpleUploadedFile("x.pdf", b"%PDF" + b"0" * 4096)})
    assert response.status_code == 400 and "melebihi" in response.content.decode()


def test_a_document_is_superseded_only_when_its_content_changes(skp_pegawai, pegawai, login,
                                                                settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    from kinerja import services

    client = login(pegawai)
    draft = client.get(f"/skp/{skp_pegawai.pk}/pdf/").content  # the draft
    again = client.get(f"/skp/{skp_pegawai.pk}/pdf/").content  # again, unchanged: a GET
    assert again == draft  # is the same copy, byte for byte, and no new record
    assert Dokumen.objects.count() == 1
    assert AuditLog.objects.filter(action="dokumen.terbit").count() == 1
    public = Client()
    first = Dokumen.objects.get()
    assert 'id="cocok"' in public.post(f"/verifikasi/{first.token}/", {
        "berkas": SimpleUploadedFile("skp.pdf", again)}).content.decode()
    approve(skp_pegawai)
    client.get(f"/skp/{skp_pegawai.pk}/pdf/")
    first, second = Dokumen.objects.order_by("id")
    assert first.digantikan and not second.digantikan
    page = public.get(f"/verifikasi/{first.token}/").content.decode()
    assert "Digantikan" in page
    services.skp_revise(skp=skp_pegawai, actor=pegawai)  # a new version is being drafted
    assert Dokumen.objects.get(pk=second.pk).digantikan is None  # until a new PDF is issued


def test_who_gets_the_skp_pdf(skp_pegawai, atasan, pegawai_lain, admin_opd, admin_bkd, login):
    url = f"/skp/{skp_pegawai.pk}/pdf/"
    assert Client().get(url).status_code == 302
    assert login(pegawai_lain).get(url).status_code == 404
    for user in (atasan, admin_opd, admin_bkd):
        assert login(user).get(url).status_code == 200, user


def test_the_monthly_report(skp_pegawai, pegawai, atasan, pegawai_lain, login):
    approve(skp_pegawai)
    today = timezone.localdate()
    iki = skp_pegawai.rhk.first().iki.first()
    done(pegawai, iki, today.replace(day=1), 8, 2)
    done(pegawai, iki, today.replace(day=1), 10, 1, status="diajukan")
    url = f"/aktivitas/bulan/{today.year}/{today.month}/pdf/"
    text, links = read_pdf(login(pegawai).get(url))
    assert "LAPORAN AKTIVITAS BULANAN" in text and "Kegiatan 8" in text
    assert "Kegiatan 10" in text and "60 menit" in text  # only the approved hour counts
    assert atasan.nama_lengkap in text and len(links) == 1
    assert login(atasan).get(f"{url}?pegawai={pegawai.pk}").status_code == 200
    assert login(pegawai_lain).get(f"{url}?pegawai={pegawai.pk}").status_code == 404
    assert login(pegawai).get(f"/aktivitas/bulan/{today.year}/13/pdf/").status_code == 404


@pytest.mark.parametrize("user", ["pegawai", "atasan"])
def test_the_skp_page_links_its_pdf(skp_pegawai, login, request, user):
    body = login(request.getfixturevalue(user)).get(f"/skp/{skp_pegawai.pk}/").content
    assert f"/skp/{skp_pegawai.pk}/pdf/".encode() in body


def test_the_verification_page_is_rate_limited_per_address(skp_pegawai, pegawai, login,
                                                           settings):
    from django.core.cache import cache

    approve(skp_pegawai)
    login(pegawai).get(f"/skp/{skp_pegawai.pk}/pdf/")
    dokumen = Dokumen.objects.get()
    settings.VERIFIKASI_BATAS_PER_JAM = 3
    cache.clear()
    public = Client()
    for _n in range(2):
        assert public.get(f"/verifikasi/{dokumen.token}/").status_code == 200
    assert public.get("/verifikasi/00000000-0000-0000-0000-000000000000/").status_code == 404
    limited = public.get(f"/verifikasi/{dokumen.token}/")  # guesses count too
    assert limited.status_code == 429 and "Terlalu banyak permintaan" in limited.content.decode()
    assert Client(REMOTE_ADDR="10.9.8.7").get(f"/verifikasi/{dokumen.token}/").status_code == 200


def test_without_site_url_the_qr_points_to_the_address_the_app_is_served_on(
        skp_pegawai, pegawai, login, settings):
    settings.SITE_URL = ""
    approve(skp_pegawai)
    client = login(pegawai)
    _text, links = read_pdf(client.get(f"/skp/{skp_pegawai.pk}/pdf/", HTTP_HOST="localhost",
                                       HTTP_X_FORWARDED_PROTO="https"))
    dokumen = Dokumen.objects.get()
    assert links == [f"https://localhost/verifikasi/{dokumen.token}/"]
    assert "127.0.0.1:8000" not in links[0]
