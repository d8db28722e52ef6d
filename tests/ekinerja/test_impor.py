"""Import of units, positions and people: preview, all-or-nothing, idempotent re-import."""

from pathlib import Path

import pytest
from django.test import Client

from ekinerja.models import AuditLog, ImporData, Jabatan, Pegawai, UnitKerja

from ..factories import UnitKerjaFactory, make_nip
from ..impor_files import csv_bytes, preview, upload, xlsx_bytes

SAMPLES = Path(__file__).resolve().parents[2] / "static" / "contoh"


@pytest.fixture
def jambi(db):
    return UnitKerjaFactory(kode="PEMPROV-JAMBI", nama="Pemerintah Provinsi Jambi",
                            jenis="instansi")


@pytest.fixture
def bkd(jambi, login):
    from ..factories import staff_of

    opd = UnitKerjaFactory(kode="BKD", nama="BKD", jenis="badan", parent=jambi)
    return login(staff_of(opd, admin_scope=jambi))


def _import_samples(client):
    for jenis in ("unit", "jabatan", "pegawai"):
        impor = preview(client, jenis, f"{jenis}.csv", (SAMPLES / f"{jenis}.csv").read_bytes())
        assert impor.ringkasan["salah"] == 0, impor.ringkasan
        response = client.post(f"/kelola/impor/{impor.pk}/terapkan/")
        assert response.status_code == 302


def test_the_sample_files_import_in_order(bkd):
    _import_samples(bkd)
    assert UnitKerja.objects.filter(kode__startswith="DPMPTSP").count() == 4
    assert Jabatan.objects.filter(kode__startswith="DPMPTSP").count() == 6
    people = Pegawai.objects.filter(jabatan__kode__startswith="DPMPTSP")
    assert people.count() == 7
    analis = people.get(nip="199003142015031005")
    assert analis.atasan_override.nip == "198009172005011003"
    assert analis.nama_lengkap == "Rizki Pratama, S.E."
    assert not analis.has_usable_password()
    assert AuditLog.objects.filter(action="pegawai.import_create").count() == 7
    assert AuditLog.objects.filter(action="impor.apply").count() == 3


def test_reimporting_the_same_files_changes_nothing(bkd):
    _import_samples(bkd)
    before = (UnitKerja.objects.count(), Jabatan.objects.count(), Pegawai.objects.count())
    for jenis in ("unit", "jabatan", "pegawai"):
        impor = preview(bkd, jenis, f"{jenis}.csv", (SAMPLES / f"{jenis}.csv").read_bytes())
        assert impor.ringkasan["baru"] == 0 and impor.ringkasan["diubah"] == 0
        assert impor.ringkasan["sama"] == impor.ringkasan["baris"]
        bkd.post(f"/kelola/impor/{impor.pk}/terapkan/")
    assert (UnitKerja.objects.count(), Jabatan.objects.count(),
            Pegawai.objects.count()) == before


def test_a_changed_row_updates_by_nip(bkd):
    _import_samples(bkd)
    content = (SAMPLES / "pegawai.csv").read_text().replace("Maya Sari", "Maya Sari Dewi")
    impor = preview(bkd, "pegawai", "pegawai.csv", content.encode())
    assert impor.ringkasan["diubah"] == 1
    bkd.post(f"/kelola/impor/{impor.pk}/terapkan/")
    assert Pegawai.objects.get(nip="198506212010012004").nama == "Maya Sari Dewi"


def test_preview_writes_nothing(bkd):
    impor = preview(bkd, "unit", "unit.csv", (SAMPLES / "unit.csv").read_bytes())
    assert impor.ringkasan["baru"] == 4
    assert not UnitKerja.objects.filter(kode__startswith="DPMPTSP").exists()
    page = bkd.get(f"/kelola/impor/{impor.pk}/").content.decode()
    assert "Impor sekarang" in page


def test_xlsx_works_like_csv(bkd):
    rows = [line.split(",") for line in (SAMPLES / "unit.csv").read_text().splitlines()]
    impor = preview(bkd, "unit", "unit.xlsx", xlsx_bytes(rows))
    assert impor.ringkasan["baru"] == 4 and impor.ringkasan["salah"] == 0


@pytest.mark.parametrize("name, content, message", [
    ("orang.txt", b"nip,nama", "Hanya berkas .csv dan .xlsx"),
    ("kosong.csv", b"", "kosong"),
])
def test_files_refused_at_upload(bkd, name, content, message):
    response = upload(bkd, "pegawai", name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImporData.objects.exists()


def test_an_oversized_file_is_refused(bkd, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = upload(bkd, "pegawai", "besar.csv", b"nip,nama\n" + b"1,a\n" * 500)
    assert response.status_code == 400
    assert "melebihi" in response.content.decode()


@pytest.mark.parametrize("name, content, message", [
    ("baris-kosong.csv", b"\n\n", "kosong"),
    ("header.csv", b"nip,nama,jenis,golongan,kode_jabatan\n", "tanpa baris data"),
    ("kolom.csv", b"nip,nama\n198609262015051001,Budi\n", "kode_jabatan"),
    ("latin1.csv", "nip,nama\nJos\xe9".encode("latin-1"), "UTF-8"),
    ("palsu.xlsx", b"this is not a zip file", "XLSX"),
    ("zip.xlsx", b"PK\x03\x04" + b"\0" * 100, "XLSX"),
])
def test_unreadable_files_show_why_and_cannot_be_applied(bkd, name, content, message):
    impor = preview(bkd, "pegawai", name, content)
    page = bkd.get(f"/kelola/impor/{impor.pk}/").content.decode()
    assert message in page
    assert "Impor sekarang" not in page
    bkd.post(f"/kelola/impor/{impor.pk}/terapkan/")
    assert Pegawai.objects.count() == 1  # only the admin


HEADER = ["nip", "nama", "jenis", "golongan", "kode_jabatan", "nip_atasan"]


@pytest.fixture
def posts(jambi):
    opd = UnitKerjaFactory(kode="DINKES", nama="Dinas Kesehatan", jenis="dinas", parent=jambi)
    head = Jabatan.objects.create(kode="DINKES-KEPALA", nama="Kepala", jenis="jpt_pratama",
                                  kelas_jabatan=14, unit=opd, kepala_unit=True)
    staff = Jabatan.objects.create(kode="DINKES-STAF", nama="Staf", jenis="pelaksana",
                                   kelas_jabatan=5, unit=opd)
    return head, staff


@pytest.mark.parametrize("row, message", [
    (["12345", "Budi", "PNS", "III/a", "DINKES-STAF", ""], "18 digit"),
    ([make_nip(5001), "Budi", "PNS", "IX", "DINKES-STAF", ""], "Golongan IX"),
    ([make_nip(5002), "Budi", "PNS", "III/a", "TIDAK-ADA", ""], "TIDAK-ADA"),
    ([make_nip(5003), "Budi", "Honorer", "III/a", "DINKES-STAF", ""], "PNS, CPNS"),
    ([make_nip(5004), "", "PNS", "III/a", "DINKES-STAF", ""], "nama"),
    ([make_nip(5005), "Budi", "PNS", "III/a", "DINKES-STAF", "199999999999999999"],
     "tidak ditemukan"),
    ([make_nip(5006), "B" * 151, "PNS", "III/a", "DINKES-STAF", ""], "150"),
    ([make_nip(5007), "Budi", "PNS", "III/a", "DINKES-KEPALA", ""], "dua orang"),
])
def test_each_bad_row_is_reported_and_nothing_is_imported(bkd, posts, row, message):
    good = [make_nip(5100), "Kepala Dinkes", "PNS", "IV/c", "DINKES-KEPALA", ""]
    other = [make_nip(5101), "Staf Baik", "PNS", "II/c", "DINKES-STAF", ""]
    impor = preview(bkd, "pegawai", "p.csv", csv_bytes([HEADER, good, other, row]))
    r = impor.ringkasan
    assert r["salah"] >= 1
    bad_rows = {e["nomor"] for e in r["errors"]}
    assert 4 in bad_rows
    assert any(message in m for e in r["errors"] for m in e["pesan"]), r["errors"]
    response = bkd.post(f"/kelola/impor/{impor.pk}/terapkan/", follow=True)
    assert "tidak ada data yang diimpor" in response.content.decode().lower()
    assert not Pegawai.objects.filter(jabatan__unit__kode="DINKES").exists()


def test_duplicate_nip_in_the_file(bkd, posts):
    nip = make_nip(5200)
    impor = preview(bkd, "pegawai", "p.csv", csv_bytes([
        HEADER, [nip, "A", "PNS", "II/c", "DINKES-STAF", ""],
        [nip[:8] + " " + nip[8:], "B", "PNS", "II/c", "DINKES-STAF", ""]]))
    assert [e["nomor"] for e in impor.ringkasan["errors"]] == [3]


def test_a_supervisor_cycle_in_the_file_is_refused(bkd, posts):
    a, b = make_nip(5300), make_nip(5301)
    impor = preview(bkd, "pegawai", "p.csv", csv_bytes([
        HEADER, [a, "A", "PNS", "II/c", "DINKES-STAF", b], [b, "B", "PNS", "II/c",
                                                            "DINKES-STAF", a]]))
    messages = [m for e in impor.ringkasan["errors"] for m in e["pesan"]]
    assert sum("membentuk siklus" in m for m in messages) == 2


def test_a_cycle_through_the_org_chart_is_refused(bkd, posts):
    head, staff = make_nip(5400), make_nip(5401)
    impor = preview(bkd, "pegawai", "p.csv", csv_bytes([
        HEADER, [head, "Kepala", "PNS", "IV/c", "DINKES-KEPALA", staff],
        [staff, "Staf", "PNS", "II/c", "DINKES-STAF", ""]]))
    # The head's override points down to the staff, whose org-chart atasan is the head.
    assert {e["nomor"] for e in impor.ringkasan["errors"]} == {2, 3}


def test_nip_stored_as_a_number_in_excel_is_refused(bkd, posts):
    impor = preview(bkd, "pegawai", "p.xlsx", xlsx_bytes([
        HEADER, [198609262015051001.0, "Budi", "PNS", "III/a", "DINKES-STAF", ""]]))
    assert "sebagai angka" in impor.ringkasan["errors"][0]["pesan"][0]


def test_html_in_a_cell_is_shown_escaped(bkd, posts):
    impor = preview(bkd, "pegawai", "p.csv", csv_bytes([
        HEADER, [make_nip(5500), "Budi", "<script>alert(1)</script>", "III/a", "DINKES-STAF",
                 ""]]))
    page = bkd.get(f"/kelola/impor/{impor.pk}/").content.decode()
    assert "<script>alert(1)" not in page


def test_an_import_cannot_be_applied_twice(bkd):
    impor = preview(bkd, "unit", "unit.csv", (SAMPLES / "unit.csv").read_bytes())
    bkd.post(f"/kelola/impor/{impor.pk}/terapkan/")
    response = bkd.post(f"/kelola/impor/{impor.pk}/terapkan/", follow=True)
    assert "sudah diterapkan" in response.content.decode()
    assert UnitKerja.objects.filter(kode="DPMPTSP").count() == 1


def test_unit_rows_check_parents_and_cycles(bkd):
    impor = preview(bkd, "unit", "u.csv", csv_bytes([
        ["kode", "nama", "jenis", "kode_induk"],
        ["X1", "Bidang X1", "bidang", "X2"], ["X2", "Bidang X2", "bidang", "X1"],
        ["X3", "Dinas X3", "dinas", "BKD"], ["X4", "Bidang X4", "bidang", "TIDAK-ADA"],
        ["X5", "Sub", "sub_unit", "PEMPROV-JAMBI"], ["X6", "Dinas", "dinas", "PEMPROV-JAMBI"],
    ]))
    bad = {e["nomor"] for e in impor.ringkasan["errors"]}
    assert bad == {2, 3, 4, 5, 6}
    assert impor.ringkasan["baru"] == 1


def test_position_rows_check_level_class_and_head(bkd, posts):
    impor = preview(bkd, "jabatan", "j.csv", csv_bytes([
        ["kode", "nama", "jenis", "jenjang", "kelas_jabatan", "kode_unit", "kepala_unit"],
        ["Y1", "Analis", "fungsional", "", "9", "DINKES", "tidak"],
        ["Y2", "Staf", "pelaksana", "", "0", "DINKES", "tidak"],
        ["Y3", "Kepala Lain", "administrator", "", "11", "DINKES", "ya"],
        ["Y4", "Staf", "pelaksana", "", "5", "DINKES", "mungkin"],
        ["Y5", "Analis", "fungsional", "ahli muda", "9", "DINKES", "tidak"],
    ]))
    assert {e["nomor"] for e in impor.ringkasan["errors"]} == {2, 3, 4, 5}
    assert impor.ringkasan["baru"] == 1


def test_admin_opd_cannot_import_outside_their_opd(posts, jambi, login):
    from ..factories import staff_of

    other = UnitKerjaFactory(kode="DLH", nama="DLH", jenis="dinas", parent=jambi)
    client = login(staff_of(other, admin_scope=other))
    impor = preview(client, "pegawai", "p.csv", csv_bytes([
        HEADER, [make_nip(5600), "Budi", "PNS", "III/a", "DINKES-STAF", ""]]))
    assert "lingkup" in impor.ringkasan["errors"][0]["pesan"][0]


def test_import_pages_are_for_their_uploader_only(bkd, jambi, pegawai, login):
    impor = preview(bkd, "unit", "unit.csv", (SAMPLES / "unit.csv").read_bytes())
    from ..factories import staff_of

    other_admin = login(staff_of(UnitKerja.objects.get(kode="BKD"), admin_scope=jambi))
    assert other_admin.get(f"/kelola/impor/{impor.pk}/").status_code == 404
    assert other_admin.post(f"/kelola/impor/{impor.pk}/terapkan/").status_code == 404
    assert login(pegawai).get(f"/kelola/impor/{impor.pk}/").status_code == 403
    assert Client().get(f"/kelola/impor/{impor.pk}/").status_code == 302
    assert bkd.get(f"/kelola/impor/{impor.pk}/terapkan/").status_code == 405
    assert not UnitKerja.objects.filter(kode="DPMPTSP").exists()


def test_old_import_files_are_purged(bkd):
    import datetime as dt

    from django.utils import timezone

    from ekinerja.tasks import impor_purge_old

    old = preview(bkd, "unit", "lama.csv", (SAMPLES / "unit.csv").read_bytes())
    recent = preview(bkd, "unit", "baru.csv", (SAMPLES / "unit.csv").read_bytes())
    ImporData.objects.filter(pk=old.pk).update(dibuat=timezone.now() - dt.timedelta(days=31))
    assert impor_purge_old() == 1
    assert list(ImporData.objects.values_list("pk", flat=True)) == [recent.pk]
