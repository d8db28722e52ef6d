"""A person's own Progres Harian (BKN's shape) imported: the dry run through every rule of
a day's activity, all or nothing, idempotent (the export read back changes nothing), bad
files and rows refused in Indonesian with nothing saved, and only the uploader sees it."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from ekinerja.models import AuditLog, ImporData
from kinerja import services
from kinerja.models import Aktivitas, Iki, RencanaAksi
from kinerja.progres import KOLOM

from .conftest import approve

T = dt.time
URL = "/aktivitas/progres-harian/impor/"


@pytest.fixture
def iki(skp_pegawai):
    approve(skp_pegawai)
    return Iki.objects.get(rhk__skp=skp_pegawai)


@pytest.fixture
def rencana(iki, pegawai, hari_lapor):
    return services.rencana_aksi_save(rencana=RencanaAksi(
        rhk=iki.rhk, triwulan=RencanaAksi.triwulan_of(hari_lapor),
        uraian="Menyusun laporan bulanan", target=3, satuan="Dokumen"), actor=pegawai)


def _csv(*rows, header=KOLOM):
    lines = [",".join(header)] + [",".join(str(v) for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def _upload(client, content, name="progres.csv"):
    return client.post(URL, {"berkas": SimpleUploadedFile(name, content)})


def _preview(client, content, name="progres.csv"):
    response = _upload(client, content, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    impor = ImporData.objects.latest("dibuat")
    return impor, client.get(response["Location"]).content.decode()


def _row(day, start, end, uraian="Menyusun draf laporan", realisasi=1,
         plan="Menyusun laporan bulanan", link=""):
    return [plan, day.isoformat(), start, end, uraian, realisasi, "Dokumen", link]


@pytest.mark.kalender
def test_a_file_is_checked_then_imported_as_drafts_and_again_changes_nothing(
        rencana, iki, pegawai, hari_lapor, login):
    client = login(pegawai)
    content = _csv(_row(hari_lapor, "08:00", "09:30", link="https://drive.example.id/f/1"),
                   _row(hari_lapor, "09:30", "11:00", uraian="Memeriksa data", realisasi=2))
    impor, page = _preview(client, content)
    assert impor.ringkasan["baru"] == 2 and impor.ringkasan["salah"] == 0
    assert not Aktivitas.objects.exists()  # the dry run wrote nothing
    assert "Impor sekarang" in page

    response = client.post(f"{URL}{impor.pk}/terapkan/", follow=True)
    assert "2 baru" in response.content.decode()
    items = list(Aktivitas.objects.order_by("mulai"))
    assert [(a.mulai, a.status, a.rencana_aksi, a.iki, a.output) for a in items] == [
        (T(8), "draft", rencana, iki, Decimal(1)), (T(9, 30), "draft", rencana, iki, Decimal(2))]
    assert items[0].bukti.get().tautan == "https://drive.example.id/f/1"
    assert AuditLog.objects.filter(action="impor.apply", target_id=str(impor.pk)).exists()
    assert AuditLog.objects.filter(action="aktivitas.create").count() == 2

    again, _page = _preview(client, content)
    assert (again.ringkasan["baru"], again.ringkasan["sama"]) == (0, 2)
    client.post(f"{URL}{again.pk}/terapkan/")
    assert Aktivitas.objects.count() == 2 and items[0].bukti.count() == 1
    # Applying the same preview twice: the second says so and does nothing.
    response = client.post(f"{URL}{impor.pk}/terapkan/", follow=True)
    assert "sudah diterapkan" in response.content.decode()


def test_the_export_read_back_changes_nothing(rencana, iki, pegawai, hari_lapor, login):
    item = services.aktivitas_save(aktivitas=Aktivitas(
        pegawai=pegawai, tanggal=hari_lapor, mulai=T(8), selesai=T(9), uraian="Menyusun",
        kategori="iki", iki=iki, rencana_aksi=rencana, output=Decimal("1.5")), actor=pegawai)
    # One without a plan (exported with an empty Rencana Aksi) and an additional task.
    plain = services.aktivitas_save(aktivitas=Aktivitas(
        pegawai=pegawai, tanggal=hari_lapor, mulai=T(9), selesai=T(10), uraian="Tanpa rencana",
        kategori="iki", iki=iki), actor=pegawai)
    extra = services.aktivitas_save(aktivitas=Aktivitas(
        pegawai=pegawai, tanggal=hari_lapor, mulai=T(10), selesai=T(11), uraian="Rapat",
        kategori="tugas_tambahan"), actor=pegawai)
    services.aktivitas_submit(items=[item, plain, extra], actor=pegawai)
    client = login(pegawai)
    exported = client.get("/aktivitas/progres-harian/", {"dari": hari_lapor,
                                                         "sampai": hari_lapor}).content
    impor, _page = _preview(client, exported, "progres.xlsx")  # date and time cells as text
    assert (impor.ringkasan["sama"], impor.ringkasan["salah"]) == (3, 0), impor.ringkasan


def test_xlsx_date_and_time_cells_are_read(rencana, pegawai, hari_lapor, login):
    book = Workbook()
    sheet = book.active
    sheet.append(["Rencana Aksi", "Tanggal (YYYY-MM-DD)", "Jam Mulai (HH:MM)",
                  "Jam Selesai (HH:MM)", "Kegiatan Harian", "Realisasi", "Satuan",
                  "Bukti Dukung"])
    sheet.append(["Menyusun laporan bulanan", dt.datetime.combine(hari_lapor, T()), T(7, 30),
                  T(8, 15), "Dari sel Excel", 1, "Dokumen", None])
    buffer = io.BytesIO()
    book.save(buffer)
    impor, _page = _preview(login(pegawai), buffer.getvalue(), "progres.xlsx")
    assert impor.ringkasan["baru"] == 1, impor.ringkasan


def test_bad_rows_are_each_explained_and_nothing_is_imported(rencana, pegawai, hari_lapor,
                                                             login):
    tomorrow = hari_lapor + dt.timedelta(days=7)
    content = _csv(
        _row(hari_lapor, "08:00", "09:00", plan="Rencana yang tidak ada"),
        ["Menyusun laporan bulanan", "31-02-2026", "08:00", "09:00", "x", 1, "Dokumen", ""],
        _row(hari_lapor, "25:00", "09:00"),
        _row(hari_lapor, "10:00", "09:00"),
        _row(hari_lapor, "11:00", "12:00", realisasi="1.5"),
        _row(hari_lapor, "13:00", "14:00", link="javascript:alert(1)"),
        _row(tomorrow, "08:00", "09:00"),
        _row(hari_lapor, "15:00", "16:00", uraian=""),
        _row(hari_lapor, "15:30", "16:30", uraian="Tumpang tindih"),
        _row(hari_lapor, "07:00", "08:00", uraian="Baris yang benar"),
        _row(hari_lapor, "17:00", "18:00", plan=""),
    )
    client = login(pegawai)
    impor, page = _preview(client, content)
    errors = {e["nomor"]: " ".join(e["pesan"]) for e in impor.ringkasan["errors"]}
    assert "tidak ada di triwulan" in errors[2] and "halaman SKP" in errors[2]
    assert "bukan tanggal" in errors[3]
    assert "bukan jam" in errors[4]
    assert "setelah" in errors[5]
    assert "bilangan bulat" in errors[6]
    assert "https://" in errors[7]
    assert "masa depan" in errors[8] or "ditutup" in errors[8] or "belum" in errors[8]
    assert "kegiatan_harian" in errors[9]
    assert 11 not in errors  # the correct row
    assert "rencana_aksi belum diisi" in errors[12]  # a new row needs a plan
    assert "Tidak ada data yang akan diimpor" in page
    assert "Impor sekarang" not in page
    response = client.post(f"{URL}{impor.pk}/terapkan/", follow=True)
    assert "tidak ada data yang diimpor" in response.content.decode()
    assert not Aktivitas.objects.exists()


def test_a_row_that_overlaps_another_row_of_the_file_is_refused(rencana, pegawai, hari_lapor,
                                                               login):
    content = _csv(_row(hari_lapor, "08:00", "09:00"), _row(hari_lapor, "08:30", "09:30"),
                   _row(hari_lapor, "08:00", "09:00"))
    impor, _page = _preview(login(pegawai), content)
    errors = {e["nomor"]: " ".join(e["pesan"]) for e in impor.ringkasan["errors"]}
    assert "tumpang tindih" in errors[3].lower()
    assert "Duplikat" in errors[4]
    assert not Aktivitas.objects.exists()


def test_a_submitted_activity_is_not_changed_by_an_import(rencana, iki, pegawai, hari_lapor,
                                                         login):
    item = services.aktivitas_save(aktivitas=Aktivitas(
        pegawai=pegawai, tanggal=hari_lapor, mulai=T(8), selesai=T(9), uraian="Asli",
        kategori="iki", iki=iki, rencana_aksi=rencana), actor=pegawai)
    services.aktivitas_submit(items=[item], actor=pegawai)
    impor, _page = _preview(login(pegawai), _csv(_row(hari_lapor, "08:00", "09:00",
                                                      uraian="Diganti")))
    assert "sudah diajukan" in " ".join(impor.ringkasan["errors"][0]["pesan"])
    item.refresh_from_db()
    assert item.uraian == "Asli"


@pytest.mark.parametrize("content, name, fragment", [
    (_csv(["a"] * 8, header=KOLOM[:5]), "p.csv", "tidak ditemukan"),
    (b"\n\n", "p.csv", "kosong"),
    ("Rencana Aksi;Tanggal\n".encode("utf-16"), "p.csv", "UTF-8"),
    (b"PK\x03\x04rusak", "p.xlsx", "XLSX"),
    (_csv(), "p.csv", "tanpa baris data"),
])
def test_a_file_that_cannot_be_read_says_why(pegawai, login, content, name, fragment, tahun):
    impor, page = _preview(login(pegawai), content, name)
    assert fragment in " ".join(impor.ringkasan["file_errors"])
    assert fragment in page


@pytest.mark.parametrize("name, content, fragment", [
    ("progres.txt", b"x", ".csv"),
    ("progres.csv", b"", "kosong"),
    ("progres.csv", b"x" * (10 * 1024 * 1024 + 1), "melebihi 10 MB"),
])
def test_a_wrong_kind_or_size_of_file_is_refused_at_upload(pegawai, login, name, content,
                                                           fragment):
    response = _upload(login(pegawai), content, name)
    assert response.status_code == 400
    assert fragment in response.content.decode()
    assert not ImporData.objects.exists()


def test_text_from_the_file_is_shown_escaped(rencana, pegawai, hari_lapor, login):
    content = _csv(_row(hari_lapor, "08:00", "09:00", plan="<script>alert(1)</script>"))
    _impor, page = _preview(login(pegawai), content)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_only_the_uploader_sees_or_applies_the_import(rencana, pegawai, atasan, pegawai_lain,
                                                      admin_bkd, admin_opd, hari_lapor,
                                                      login, client):
    impor, _page = _preview(login(pegawai), _csv(_row(hari_lapor, "08:00", "09:00")))
    detail, apply = f"{URL}{impor.pk}/", f"{URL}{impor.pk}/terapkan/"
    assert client.get(detail).status_code == 302  # anonymous: to the login page
    assert client.post(apply).status_code == 302
    for who in (atasan, pegawai_lain, admin_bkd, admin_opd):
        other = login(who)
        assert other.get(detail).status_code == 404
        assert other.post(apply).status_code == 404
    assert not Aktivitas.objects.exists()
    # Not an admin import either: the admin pages do not open it, even for its uploader
    # when they are an admin, and their form does not offer the kind.
    own = login(admin_opd)
    _upload(own, _csv(_row(hari_lapor, "08:00", "09:00")))
    theirs = ImporData.objects.get(diunggah_oleh=admin_opd, jenis="progres")
    assert own.get(f"{URL}{theirs.pk}/").status_code == 200
    assert own.get(f"/kelola/impor/{theirs.pk}/").status_code == 404
    assert own.post(f"/kelola/impor/{theirs.pk}/terapkan/").status_code == 404
    assert 'value="progres"' not in own.get("/kelola/impor/").content.decode()
    assert own.post("/kelola/impor/", {"jenis": "progres", "berkas": SimpleUploadedFile(
        "p.csv", _csv())}).status_code == 400
