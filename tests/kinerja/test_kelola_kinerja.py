"""BKD pages for plans: years, library, templates (bulk apply), catalogue, goals."""

import pytest
from django.test import Client

from ekinerja.models import AuditLog
from kinerja import services
from kinerja.models import Indikator, Periode, SasaranOrganisasi, Skp, TemplateIki, TemplateRhk

from ..factories import staff_of

BKD_URLS = ["/kelola/tahun/", "/kelola/indikator/", "/kelola/sasaran/"]


@pytest.mark.parametrize("url", BKD_URLS + ["/kelola/indikator/baru/"])
def test_anonymous_and_plain_employees_are_kept_out(pegawai, login, url):
    assert Client().get(url).status_code == 302
    assert login(pegawai).get(url).status_code == 403


def test_admin_opd_reads_years_and_library_but_cannot_change_them(admin_opd, login, tahun):
    client = login(admin_opd)
    assert client.get("/kelola/tahun/").status_code == 200
    assert "Tambah tahun" not in client.get("/kelola/tahun/").content.decode()
    assert client.post("/kelola/tahun/", {"tahun": 2030}).status_code == 200
    assert client.get("/kelola/indikator/baru/").status_code == 403
    periode = tahun.periode.first()
    assert client.post(f"/kelola/periode/{periode.pk}/kunci/").status_code == 403
    assert not Periode.objects.get(pk=periode.pk).terkunci


def test_admin_bkd_creates_a_year(admin_bkd, login):
    assert "Tambah tahun" in login(admin_bkd).get("/kelola/tahun/").content.decode()
    response = login(admin_bkd).post("/kelola/tahun/", {
        "tahun": 2035, "ritme": "triwulanan", "batas_skp": "2035-01-31", "hari_cutoff": 10,
        "hari_keberatan": 14, "saat_cutoff": "eskalasi", "hari_eskalasi": 5})
    assert response.status_code == 302
    assert Periode.objects.filter(tahun__tahun=2035).count() == 4


@pytest.mark.parametrize("data", [
    {"tahun": 2035, "ritme": "harian", "batas_skp": "2035-01-31", "hari_cutoff": 10},
    {"tahun": 2035, "ritme": "bulanan", "batas_skp": "besok", "hari_cutoff": 10},
    {"tahun": 2035, "ritme": "bulanan", "batas_skp": "2035-01-31", "hari_cutoff": 30},
    {"tahun": 1999, "ritme": "bulanan", "batas_skp": "1999-01-31", "hari_cutoff": 5},
    {"tahun": 2035, "ritme": "bulanan", "batas_skp": "2035-01-31", "hari_cutoff": 5,
     "hari_keberatan": 0},
    {"tahun": 2035, "ritme": "bulanan", "batas_skp": "2035-01-31", "hari_cutoff": 5,
     "saat_cutoff": "abaikan"},
])
def test_bad_year_input(admin_bkd, login, data):
    data = {"hari_keberatan": 14, "saat_cutoff": "eskalasi", "hari_eskalasi": 5, **data}
    response = login(admin_bkd).post("/kelola/tahun/", data)
    assert response.status_code == 400
    assert not Periode.objects.exists()


def test_lock_and_unlock_from_the_page(admin_bkd, login, tahun):
    client = login(admin_bkd)
    periode = tahun.periode.first()
    client.post(f"/kelola/periode/{periode.pk}/kunci/")
    assert Periode.objects.get(pk=periode.pk).terkunci
    response = client.post(f"/kelola/periode/{periode.pk}/kunci/", {"alasan": ""}, follow=True)
    assert Periode.objects.get(pk=periode.pk).terkunci
    assert "alasan" in response.content.decode().lower()
    client.post(f"/kelola/periode/{periode.pk}/kunci/", {"alasan": "Salah input"})
    assert not Periode.objects.get(pk=periode.pk).terkunci
    assert client.post("/kelola/periode/999999/kunci/").status_code == 404


def test_admin_bkd_creates_and_versions_an_indicator(admin_bkd, login, atasan):
    client = login(admin_bkd)
    response = client.post("/kelola/indikator/baru/", {
        "kode": "LAY-01", "nama": "Persentase layanan selesai tepat waktu", "satuan": "persen",
        "aspek": "waktu", "arah": "naik", "agregasi": "rata",
        "jabatan_kode": atasan.jabatan.kode})
    assert response.status_code == 302
    indikator = Indikator.objects.get(kode="LAY-01")
    assert list(indikator.versi.get().untuk_jabatan.all()) == [atasan.jabatan]
    assert AuditLog.objects.filter(action="indikator.create").exists()


@pytest.mark.parametrize("data, field", [
    ({"kode": "DOK-01"}, "kode"),
    ({"jabatan_kode": "TIDAK-ADA"}, "jabatan_kode"),
    ({"aspek": "rasa"}, "aspek"),
    ({"nama": ""}, "nama"),
])
def test_bad_indicator_input(admin_bkd, login, indikator, data, field):
    base = {"kode": "BARU-01", "nama": "Nama", "satuan": "x", "aspek": "kuantitas",
            "arah": "naik", "agregasi": "jumlah"}
    response = login(admin_bkd).post("/kelola/indikator/baru/", {**base, **data})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Indikator.objects.count() == 1


@pytest.fixture
def template(pegawai, indikator, admin_opd):
    rhk = services.config_save(obj=TemplateRhk(jabatan=pegawai.jabatan, jenis="utama",
                                               uraian="Terkelolanya dokumen"), actor=admin_opd)
    services.config_save(obj=TemplateIki(rhk=rhk, indikator=indikator, target=240, bobot=100),
                         actor=admin_opd)
    return rhk


def test_applying_a_template_shows_the_plan_then_creates_drafts(template, pegawai, tahun,
                                                                admin_opd, login):
    others = [staff_of(pegawai.unit) for _ in range(3)]
    for person in others:
        person.jabatan = pegawai.jabatan
        person.save(update_fields=["jabatan"])
    services.skp_create(pegawai=others[0], tahun=tahun, actor=others[0])
    client = login(admin_opd)
    url = f"/kelola/jabatan/{pegawai.jabatan_id}/template/terapkan/?tahun={tahun.pk}"
    body = client.get(url).content.decode()
    assert "3 pemangku jabatan" in body and "1 pemangku jabatan" in body
    assert Skp.objects.count() == 1  # the preview writes nothing
    client.post(url.split("?")[0], {"tahun": tahun.pk})
    created = Skp.objects.filter(jabatan=pegawai.jabatan).exclude(pegawai=others[0])
    assert created.count() == 3
    iki = created.first().rhk.get().iki.get()
    assert (iki.target, iki.bobot, iki.satuan) == (240, 100, "dokumen")
    assert iki.target_periode.count() == 12
    client.post(url.split("?")[0], {"tahun": tahun.pk})
    assert Skp.objects.filter(jabatan=pegawai.jabatan).count() == 4  # idempotent


def test_template_apply_uses_a_constant_number_of_queries(template, pegawai, tahun, admin_opd,
                                                          django_assert_max_num_queries):
    for _ in range(25):
        person = staff_of(pegawai.unit)
        person.jabatan = pegawai.jabatan
        person.save(update_fields=["jabatan"])
    with django_assert_max_num_queries(20):
        assert services.template_apply(jabatan=pegawai.jabatan, tahun=tahun,
                                       actor=admin_opd) == 26


def test_template_pages_are_scoped(template, pegawai_lain, login, admin_opd, pegawai):
    client = login(admin_opd)
    assert client.get(f"/kelola/jabatan/{pegawai.jabatan_id}/template/").status_code == 200
    assert client.get(f"/kelola/jabatan/{pegawai_lain.jabatan_id}/template/").status_code == 404
    assert login(pegawai).get(f"/kelola/jabatan/{pegawai.jabatan_id}/template/"
                              ).status_code == 403
    other_rhk = TemplateRhk.objects.create(jabatan=pegawai_lain.jabatan, jenis="utama",
                                           uraian="Lain")
    url = f"/kelola/jabatan/{pegawai.jabatan_id}/template/rhk/{other_rhk.pk}/hapus/"
    assert client.post(url).status_code == 404
    assert TemplateRhk.objects.filter(pk=other_rhk.pk).exists()


def test_task_catalogue_entry_and_its_bad_input(pegawai, login, admin_opd):
    client = login(admin_opd)
    url = f"/kelola/jabatan/{pegawai.jabatan_id}/template/"
    response = client.post(url, {"form": "tugas", "uraian": "Mengarsipkan surat masuk",
                                 "satuan_output": "surat", "menit_standar": 0})
    assert response.status_code == 400 and "menit_standar" in response.context["form"].errors
    client.post(url, {"form": "tugas", "uraian": "Mengarsipkan surat masuk",
                      "satuan_output": "surat", "menit_standar": 10})
    assert pegawai.jabatan.uraian_tugas.get().menit_standar == 10


def test_organisation_goals_for_opds_in_scope(admin_opd, login, opd_a, opd_b, tahun):
    client = login(admin_opd)
    client.post("/kelola/sasaran/", {"unit": opd_b.pk, "tahun": tahun.pk, "uraian": "Lain"})
    assert not SasaranOrganisasi.objects.exists()
    client.post("/kelola/sasaran/", {"unit": opd_a.pk, "tahun": tahun.pk,
                                     "uraian": "Meningkatnya layanan"})
    assert SasaranOrganisasi.objects.get().unit == opd_a
