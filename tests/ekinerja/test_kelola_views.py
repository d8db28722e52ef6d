"""BKD admin pages for units, positions and people: access matrix, writes, bad input."""

import pytest
from django.test import Client

from ekinerja.models import AuditLog, Jabatan, Pegawai, UnitKerja

from ..factories import UnitKerjaFactory, make_nip

LIST_URLS = ["/kelola/unit/", "/kelola/jabatan/", "/kelola/pegawai/", "/kelola/impor/",
             "/kelola/audit/"]


@pytest.mark.parametrize("url", LIST_URLS + ["/kelola/unit/baru/", "/kelola/jabatan/baru/",
                                             "/kelola/pegawai/baru/"])
def test_anonymous_is_sent_to_login(db, url):
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/masuk/")


@pytest.mark.parametrize("url", LIST_URLS + ["/kelola/pegawai/baru/"])
def test_plain_employee_and_atasan_get_403(pegawai, atasan, login, url):
    assert login(pegawai).get(url).status_code == 403
    assert login(atasan).get(url).status_code == 403


@pytest.mark.parametrize("url", LIST_URLS)
def test_admins_see_the_admin_pages(admin_bkd, admin_opd, login, url):
    assert login(admin_bkd).get(url).status_code == 200
    assert login(admin_opd).get(url).status_code == 200


def test_admin_opd_sees_only_their_opd(admin_opd, pegawai, pegawai_lain, login):
    client = login(admin_opd)
    body = client.get("/kelola/pegawai/").content.decode()
    assert pegawai.nama in body and pegawai_lain.nama not in body
    assert client.get(f"/kelola/pegawai/{pegawai.pk}/").status_code == 200
    assert client.get(f"/kelola/pegawai/{pegawai_lain.pk}/").status_code == 404
    assert client.get(f"/kelola/unit/{pegawai_lain.unit_id}/").status_code == 404
    assert client.get(f"/kelola/jabatan/{pegawai_lain.jabatan_id}/").status_code == 404
    assert client.post(f"/kelola/pegawai/{pegawai_lain.pk}/reset-password/").status_code == 404


def test_admin_bkd_sees_everyone(admin_bkd, pegawai, pegawai_lain, login):
    body = login(admin_bkd).get("/kelola/pegawai/").content.decode()
    assert pegawai.nama in body and pegawai_lain.nama in body


def test_unknown_ids_are_404(admin_bkd, login):
    client = login(admin_bkd)
    for url in ("/kelola/unit/999999/", "/kelola/jabatan/999999/", "/kelola/pegawai/999999/"):
        assert client.get(url).status_code == 404


def test_search_finds_by_name_and_nip(admin_bkd, pegawai, pegawai_lain, login):
    client = login(admin_bkd)
    body = client.get("/kelola/pegawai/", {"q": pegawai.nip[:10]}).content.decode()
    assert pegawai.nama in body and pegawai_lain.nama not in body
    body = client.get("/kelola/pegawai/", {"q": "lain"}).content.decode()
    assert pegawai_lain.nama in body and pegawai.nama not in body


@pytest.mark.parametrize("url", ["/kelola/unit/", "/kelola/jabatan/", "/kelola/pegawai/"])
def test_list_pages_use_a_constant_number_of_queries(admin_bkd, login, url, instansi,
                                                     django_assert_max_num_queries):
    from ..factories import staff_of

    client = login(admin_bkd)
    client.get(url)
    for i in range(15):
        staff_of(UnitKerja.objects.get(kode="DINAS-B"), nama=f"Tambahan {i}")
    with django_assert_max_num_queries(9):
        assert client.get(url).status_code == 200


# -- units ---------------------------------------------------------------------------------

def test_admin_creates_a_unit_and_it_is_audited(admin_bkd, opd_a, login):
    client = login(admin_bkd)
    response = client.post("/kelola/unit/baru/", {
        "kode": "DINAS-A-B9", "nama": "Bidang Baru", "jenis": "bidang", "parent": opd_a.pk,
        "hari_kerja": 5, "aktif": "on"})
    assert response.status_code == 302
    unit = UnitKerja.objects.get(kode="DINAS-A-B9")
    assert unit.path == f"{opd_a.path}{unit.pk}/"
    entry = AuditLog.objects.get(action="unit.create", target_id=str(unit.pk))
    assert entry.actor_nip == admin_bkd.nip and entry.ip == "127.0.0.1"


@pytest.mark.parametrize("data, field_error", [
    ({"kode": "", "nama": "X", "jenis": "bidang", "hari_kerja": 5}, "kode"),
    ({"kode": "DINAS-A", "nama": "Duplikat", "jenis": "bidang", "hari_kerja": 5,
      "parent": "OPD"}, "kode"),
    ({"kode": "N1", "nama": "X", "jenis": "bidang", "hari_kerja": 7}, "hari_kerja"),
    ({"kode": "N2", "nama": "X", "jenis": "dinas", "hari_kerja": 5, "parent": "BIDANG"},
     "parent"),
    ({"kode": "N3", "nama": "X", "jenis": "bidang", "hari_kerja": 5}, "parent"),
    ({"kode": "N4", "nama": "<script>alert(1)</script>" * 20, "jenis": "bidang",
      "hari_kerja": 5, "parent": "OPD"}, "nama"),
])
def test_bad_unit_input_is_refused_and_nothing_saved(admin_bkd, opd_a, bidang_a1, login,
                                                     data, field_error):
    data = dict(data)
    if data.get("parent") == "BIDANG":
        data["parent"] = bidang_a1.pk
    elif data.get("parent") == "OPD":
        data["parent"] = opd_a.pk
    before = UnitKerja.objects.count()
    response = login(admin_bkd).post("/kelola/unit/baru/", data)
    assert response.status_code == 400
    assert field_error in response.context["form"].errors
    assert UnitKerja.objects.count() == before
    assert "<script>alert(1)" not in response.content.decode()


def test_a_unit_cannot_move_under_its_own_subunit(admin_bkd, opd_a, bidang_a1, login):
    response = login(admin_bkd).post(f"/kelola/unit/{opd_a.pk}/", {
        "kode": opd_a.kode, "nama": opd_a.nama, "jenis": "dinas", "parent": bidang_a1.pk,
        "hari_kerja": 5, "aktif": "on"})
    assert response.status_code == 400
    opd_a.refresh_from_db()
    assert opd_a.parent.jenis == "instansi"


def test_moving_a_unit_moves_its_subtree(admin_bkd, opd_a, opd_b, bidang_a1, login):
    sub = UnitKerjaFactory(jenis="sub_unit", parent=bidang_a1)
    response = login(admin_bkd).post(f"/kelola/unit/{bidang_a1.pk}/", {
        "kode": bidang_a1.kode, "nama": bidang_a1.nama, "jenis": "bidang", "parent": opd_b.pk,
        "hari_kerja": 6, "aktif": "on"})
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.path.startswith(opd_b.path) and sub.ancestor_ids()[-2] == bidang_a1.pk


def test_a_unit_with_active_people_cannot_be_deactivated(admin_bkd, bidang_a1, pegawai, login):
    response = login(admin_bkd).post(f"/kelola/unit/{bidang_a1.pk}/", {
        "kode": bidang_a1.kode, "nama": bidang_a1.nama, "jenis": "bidang",
        "parent": bidang_a1.parent_id, "hari_kerja": 5})
    assert response.status_code == 400
    bidang_a1.refresh_from_db()
    assert bidang_a1.aktif


def test_admin_opd_cannot_move_their_opd(admin_opd, opd_a, opd_b, login):
    response = login(admin_opd).post(f"/kelola/unit/{opd_a.pk}/", {
        "kode": opd_a.kode, "nama": "Dinas A Baru", "jenis": "dinas", "parent": opd_b.pk,
        "hari_kerja": 5, "aktif": "on"})
    assert response.status_code == 302  # the parent field is locked for their own root
    opd_a.refresh_from_db()
    assert opd_a.nama == "Dinas A Baru" and opd_a.parent.jenis == "instansi"


def test_unit_edit_refuses_other_methods(admin_bkd, opd_a, login):
    assert login(admin_bkd).put(f"/kelola/unit/{opd_a.pk}/").status_code == 405


# -- positions -----------------------------------------------------------------------------

def test_admin_creates_a_position(admin_opd, bidang_a1, login):
    response = login(admin_opd).post("/kelola/jabatan/baru/", {
        "kode": "A1-PRAKOM", "nama": "Pranata Komputer", "jenis": "fungsional",
        "jenjang": "ahli_pertama", "kelas_jabatan": 8, "unit": bidang_a1.pk, "aktif": "on"})
    assert response.status_code == 302
    assert Jabatan.objects.get(kode="A1-PRAKOM").jenjang == "ahli_pertama"
    assert AuditLog.objects.filter(action="jabatan.create", actor_nip=admin_opd.nip).exists()


@pytest.mark.parametrize("data, message", [
    ({"jenis": "fungsional", "jenjang": ""}, "jenjang"),
    ({"kelas_jabatan": 18}, "kelas_jabatan"),
    ({"kepala_unit": "on"}, "__all__"),  # bidang_a1 already has its head post
])
def test_bad_position_input_is_refused(admin_bkd, bidang_a1, atasan, login, data, message):
    base = {"kode": "A1-X", "nama": "X", "jenis": "pelaksana", "kelas_jabatan": 5,
            "unit": bidang_a1.pk, "aktif": "on"}
    response = login(admin_bkd).post("/kelola/jabatan/baru/", {**base, **data})
    assert response.status_code == 400
    assert message in response.context["form"].errors
    assert not Jabatan.objects.filter(kode="A1-X").exists()


def test_admin_opd_cannot_place_a_position_outside_their_opd(admin_opd, bidang_b1, login):
    response = login(admin_opd).post("/kelola/jabatan/baru/", {
        "kode": "B1-X", "nama": "X", "jenis": "pelaksana", "kelas_jabatan": 5,
        "unit": bidang_b1.pk, "aktif": "on"})
    assert response.status_code == 400
    assert not Jabatan.objects.filter(kode="B1-X").exists()


# -- people --------------------------------------------------------------------------------

def _person_data(jabatan, **extra):
    return {"nip": "19900315 201503 2 007", "nama": "Siti Aminah", "gelar_belakang": "S.Kom.",
            "jenis": "PNS", "golongan": "III/b", "jabatan": jabatan.pk, "aktif": "on", **extra}


def test_admin_creates_a_person_without_a_usable_password(admin_bkd, pegawai, login):
    response = login(admin_bkd).post("/kelola/pegawai/baru/", _person_data(pegawai.jabatan))
    assert response.status_code == 302
    created = Pegawai.objects.get(nip="199003152015032007")
    assert created.unit == pegawai.jabatan.unit and not created.has_usable_password()
    assert created.nama_lengkap == "Siti Aminah, S.Kom."
    assert AuditLog.objects.filter(action="pegawai.create", target_id=str(created.pk)).exists()


@pytest.mark.parametrize("extra, field", [
    ({"nip": "1990031520150320"}, "nip"),
    ({"nip": "19900315 201503 3 007"}, "nip"),
    ({"nip": "DUPLICATE"}, "nip"),
    ({"golongan": "IX"}, "golongan"),
    ({"jenis": "PPPK", "golongan": "III/b"}, "golongan"),
    ({"nama": ""}, "nama"),
    ({"nip_atasan": "199999999999999999"}, "nip_atasan"),
    ({"email": "bukan-email"}, "email"),
])
def test_bad_person_input_is_refused_and_nothing_saved(admin_bkd, pegawai, login, extra, field):
    if extra.get("nip") == "DUPLICATE":
        extra = {"nip": pegawai.nip}
    before = Pegawai.objects.count()
    response = login(admin_bkd).post("/kelola/pegawai/baru/",
                                     _person_data(pegawai.jabatan, **extra))
    assert response.status_code == 400
    assert field in response.context["form"].errors, response.context["form"].errors
    assert Pegawai.objects.count() == before


def test_a_second_holder_of_a_head_post_is_refused(admin_bkd, atasan, login):
    response = login(admin_bkd).post("/kelola/pegawai/baru/", _person_data(atasan.jabatan))
    assert response.status_code == 400
    assert "jabatan" in response.context["form"].errors


def test_an_override_that_makes_a_cycle_is_refused(admin_bkd, atasan, pegawai, login):
    data = _person_data(atasan.jabatan, nip=atasan.nip, nama=atasan.nama,
                        golongan=atasan.golongan, nip_atasan=pegawai.nip)
    response = login(admin_bkd).post(f"/kelola/pegawai/{atasan.pk}/", data)
    assert response.status_code == 400
    assert "nip_atasan" in response.context["form"].errors
    atasan.refresh_from_db()
    assert atasan.atasan_override_id is None


def test_only_admin_bkd_may_grant_admin_roles(admin_opd, admin_bkd, pegawai, opd_a, login):
    data = _person_data(pegawai.jabatan, nip=pegawai.nip, nama=pegawai.nama,
                        admin_scope=opd_a.pk)
    login(admin_opd).post(f"/kelola/pegawai/{pegawai.pk}/", data)
    pegawai.refresh_from_db()
    assert pegawai.admin_scope_id is None
    login(admin_bkd).post(f"/kelola/pegawai/{pegawai.pk}/", data)
    pegawai.refresh_from_db()
    assert pegawai.admin_scope_id == opd_a.pk


def test_reset_password_shows_a_temporary_password_once(admin_opd, pegawai, login):
    client = login(admin_opd)
    assert client.get(f"/kelola/pegawai/{pegawai.pk}/reset-password/").status_code == 405
    response = client.post(f"/kelola/pegawai/{pegawai.pk}/reset-password/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    temporary = response.context["password"]
    pegawai.refresh_from_db()
    assert pegawai.check_password(temporary) and pegawai.harus_ganti_password
    assert len(temporary) >= 12
    assert AuditLog.objects.filter(action="pegawai.reset_password").count() == 1


def test_make_nip_gives_valid_numbers():
    from ekinerja.nip import nip_errors

    assert all(nip_errors(make_nip(n)) == [] for n in range(1, 2000, 37))
