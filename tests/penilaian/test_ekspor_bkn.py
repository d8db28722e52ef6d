"""BKN e-Kinerja's report shapes built by the worker (docs/bkn.md): "Laporan Penilaian
SKP" of a period and of the year (six title rows, then the header and a row per evaluation
past its draft, ratings and predikat in BKN's capitals) and "Laporan SKP" (a row per SKP
of the year)."""

import io

import pytest
from openpyxl import load_workbook

from ekinerja.ekspor import ekspor_jalankan
from ekinerja.models import Ekspor
from kinerja.models import Skp
from penilaian.ekspor import PENILAIAN_HEADER
from penilaian.models import Evaluasi

from ..kinerja.conftest import tahun  # noqa: F401


def _export(client, **data):
    response = client.post("/ekspor/", data)
    assert response.status_code == 302, response.content.decode()[:1500]
    ekspor = Ekspor.objects.latest("pk")
    assert ekspor_jalankan(ekspor.pk) is True  # what the worker runs
    download = client.get(f"/ekspor/{ekspor.pk}/unduh/")
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    rows = []
    for row in book.worksheets[0].iter_rows(values_only=True):
        row = list(row)
        while row and row[-1] is None:  # the sheet's width pads the title rows
            row.pop()
        rows.append(row)
    return rows


@pytest.fixture
def evaluations(pegawai, atasan, tahun):  # noqa: F811
    """The employee's October evaluation (final), the year's (acknowledged), and the
    atasan's October one still a draft."""
    common = {"pegawai_jabatan": pegawai.jabatan.nama, "pegawai_unit": pegawai.unit.nama}
    Evaluasi.objects.create(pegawai=pegawai, tahun=tahun, nomor=10, status="final",
                            rating_hasil="sesuai", rating_perilaku="di_atas",
                            predikat="baik", **common)
    Evaluasi.objects.create(pegawai=pegawai, tahun=tahun, nomor=0, status="diakui",
                            rating_hasil="di_atas", rating_perilaku="di_atas",
                            predikat="sangat_baik", **common)
    Evaluasi.objects.create(pegawai=atasan, tahun=tahun, nomor=10, status="draft",
                            rating_hasil="di_bawah", rating_perilaku="di_bawah",
                            predikat="sangat_kurang")


def test_a_periods_laporan_penilaian_skp(evaluations, pegawai, opd_a, admin_opd, login,
                                         tahun, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    rows = _export(login(admin_opd), jenis="bkn_penilaian_periodik", unit=opd_a.pk,
                   tahun=tahun.tahun, nomor=10)
    assert rows[0] == [f"Laporan Penilaian SKP Periode Bulanan Oktober Tahun {tahun.tahun}"]
    assert rows[1][0].startswith("Instansi : ") and rows[3] == [f"Unor Induk : {opd_a.nama}"]
    assert rows[5][0].startswith("Data ditarik pada : ")
    assert rows[6] == PENILAIAN_HEADER == [
        "No", "nip", "nama", "skp_unor", "skp_unor_induk", "skp_jabatan", "hasil_kerja",
        "perilaku_kerja", "hasil_akhir", "golru", "jenis_pegawai", "skp_jenis_jabatan",
        "is_skp_plt_plh_pjb"]
    assert rows[7:] == [[1, pegawai.nip, pegawai.nama_lengkap, pegawai.unit.nama, opd_a.nama,
                         pegawai.jabatan.nama, "SESUAI EKSPEKTASI", "DIATAS EKSPEKTASI",
                         "BAIK", pegawai.golongan, pegawai.jenis,
                         pegawai.jabatan.get_jenis_display(), 0]]  # the draft is not in


def test_the_years_laporan_penilaian_skp(evaluations, pegawai, opd_a, admin_opd, login,
                                         tahun, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    rows = _export(login(admin_opd), jenis="bkn_penilaian_tahunan", unit=opd_a.pk,
                   tahun=tahun.tahun)
    assert rows[0] == [f"Laporan Penilaian SKP Periode Tahunan Tahun {tahun.tahun}"]
    assert [row[6:9] for row in rows[7:]] == [["DIATAS EKSPEKTASI", "DIATAS EKSPEKTASI",
                                               "SANGAT BAIK"]]


def test_the_laporan_skp(pegawai, atasan, opd_a, admin_opd, login, tahun, settings,  # noqa: F811
                         tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Skp.objects.create(pegawai=pegawai, tahun=tahun, jabatan=pegawai.jabatan,
                       unit=pegawai.unit, status="disetujui")
    Skp.objects.create(pegawai=atasan, tahun=tahun, jabatan=atasan.jabatan, unit=atasan.unit)
    rows = _export(login(admin_opd), jenis="bkn_laporan_skp", unit=opd_a.pk, tahun=tahun.tahun)
    assert rows[0] == [f"Laporan SKP Tahunan Tahun {tahun.tahun}"]
    assert rows[6][:3] == ["No", "nip", "nama"]
    by_nip = {row[1]: row for row in rows[7:]}
    assert by_nip[pegawai.nip][3:] == [pegawai.jabatan.nama, pegawai.unit.nama, opd_a.nama,
                                       f"{tahun.tahun}-01-01", f"{tahun.tahun}-12-31",
                                       "persetujuan", 0]
    assert by_nip[atasan.nip][8] == "draft"


@pytest.mark.parametrize("name, header", [
    ("laporan_penilaian_skp.csv", PENILAIAN_HEADER),
    ("laporan_skp.csv", None),
])
def test_the_shipped_samples_have_the_exports_shape(name, header):
    import csv
    from pathlib import Path

    from kinerja.ekspor import SKP_HEADER

    path = Path(__file__).resolve().parents[2] / "static" / "contoh" / name
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    assert rows[0][0].startswith(("Laporan Penilaian SKP Periode", "Laporan SKP"))
    assert [row[0].split(" : ")[0] for row in rows[1:6]] == [
        "Instansi", "Periode", "Unor Induk", "Unor", "Data ditarik pada"]
    assert rows[6] == (header or SKP_HEADER)
    assert all(len(row) == len(rows[6]) for row in rows[7:]) and len(rows) > 7
