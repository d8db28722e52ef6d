"""Angka kredit on the web: the starting PAK import (the sample, bad rows, all or nothing,
the same file twice, only the Admin BKD), who sees a person's page, the Admin BKD's forms,
the PAK document and its verification, the rule's new version, the unit list and its
export."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from ekinerja.ekspor import ekspor_jalankan
from ekinerja.models import AuditLog, Dokumen, Ekspor, Pegawai, RiwayatJabatan
from penilaian.models import AngkaKredit, AturanAngkaKredit, PakAwal, SyaratJenjang

from ..impor_files import SAMPLES, csv_bytes, import_sample_people, preview
from ..pdf_files import read_pdf
from .test_angka_kredit import evaluasi, fungsional, layak, tahun_  # noqa: F401

HEADER = ["nip", "jenis", "per_tanggal", "nilai", "jenjang", "nomor_sk", "tanggal_sk"]


def _row(person, **change):
    row = {"nip": person.nip, "jenis": "konversi", "per_tanggal": "2022-12-31",
           "nilai": "87.5", "jenjang": "Ahli Muda", "nomor_sk": "800/PAK/1",
           "tanggal_sk": "15-03-2023"} | change
    return [row[c] for c in HEADER]


def _apply(client, impor):
    return client.post(f"/kelola/impor/{impor.pk}/terapkan/", follow=True).content.decode()


@pytest.fixture
def analis(bidang_a1):
    return fungsional(bidang_a1, "ahli_muda", mulai=dt.date(2023, 1, 1))


# --- the import ------------------------------------------------------------------------------


def test_the_sample_imports_after_the_people_and_twice_changes_nothing(admin_bkd, login,
                                                                       instansi):
    client = login(admin_bkd)
    import_sample_people(client, instansi)
    analis = Pegawai.objects.get(nip="199003142015031005")
    assert RiwayatJabatan.objects.get(pegawai=analis).mulai == dt.date(2023, 1, 1)
    content = (SAMPLES / "pak.csv").read_bytes()
    impor = preview(client, "pak", "pak.csv", content)
    assert (impor.ringkasan["baru"], impor.ringkasan["salah"]) == (1, 0), impor.ringkasan
    _apply(client, impor)
    pak = PakAwal.objects.get()
    assert (pak.pegawai, pak.nilai, pak.jenjang, pak.per_tanggal, pak.dicatat_oleh) == (
        analis, Decimal("87.500"), "ahli_muda", dt.date(2022, 12, 31), admin_bkd)
    assert AuditLog.objects.filter(action="pak_awal.import_create").count() == 1
    again = preview(client, "pak", "pak.csv", content)
    assert (again.ringkasan["baru"], again.ringkasan["diubah"], again.ringkasan["sama"]) == (
        0, 0, 1)
    again_people = preview(client, "pegawai", "pegawai.csv",
                           (SAMPLES / "pegawai.csv").read_bytes())
    assert again_people.ringkasan["sama"] == again_people.ringkasan["baris"]


def test_a_changed_value_updates_the_decree_and_converts_again(analis, admin_bkd, login):
    client = login(admin_bkd)
    evaluasi(analis, tahun_(2025, admin_bkd), "baik")
    _apply(client, preview(client, "pak", "pak.csv", csv_bytes([HEADER, _row(analis)])))
    assert AngkaKredit.objects.get(pegawai=analis).nilai == Decimal("25.000")
    impor = preview(client, "pak", "pak.csv", csv_bytes([HEADER, _row(
        analis, nilai="100", per_tanggal="2025-06-30")]))
    assert impor.ringkasan["diubah"] == 1
    _apply(client, impor)
    assert PakAwal.objects.get().nilai == Decimal("100")
    row = AngkaKredit.objects.get(pegawai=analis)  # only July to December now count
    assert (row.bulan, row.nilai) == (6, Decimal("12.500"))


@pytest.mark.parametrize("change, message", [
    ({"nip": "19900314 201503 1 999"}, "bukan pegawai yang terdaftar"),
    ({"nip": "#ANGKA"}, "tersimpan sebagai angka"),
    ({"jenis": "sementara"}, "konversi, integrasi, atau penetapan"),
    ({"jenjang": "Ahli Super"}, "bukan jenjang"),
    ({"nilai": "delapan"}, "bukan angka"),
    ({"nilai": "-1"}, "antara 0 dan"),
    ({"nilai": "1e9"}, "antara 0 dan"),
    ({"nilai": "12.3456"}, "lebih dari tiga angka desimal"),
    ({"per_tanggal": "31-02-2023"}, "bukan tanggal"),
    ({"per_tanggal": "2027-01-01"}, "masa yang akan datang"),
    ({"tanggal_sk": ""}, "belum diisi"),
    ({"nomor_sk": ""}, "belum diisi"),
    ({"nomor_sk": "x" * 101}, "melebihi 100"),
    ({"nomor_sk": "<script>alert(1)</script>", "nilai": "-5"}, "antara 0 dan"),
])
def test_each_bad_row_is_explained_and_nothing_is_saved(analis, pegawai, admin_bkd, login,
                                                        change, message):
    client = login(admin_bkd)
    impor = preview(client, "pak", "pak.csv", csv_bytes([
        HEADER, _row(pegawai, nomor_sk="800/PAK/2"), _row(analis, **change)]))
    assert impor.ringkasan["salah"] == 1 and impor.ringkasan["errors"][0]["nomor"] == 3, \
        impor.ringkasan["errors"]
    body = client.get(f"/kelola/impor/{impor.pk}/").content.decode()
    assert message in body and "<script>alert" not in body
    assert "tidak ada data yang diimpor" in _apply(client, impor)
    assert not PakAwal.objects.exists()


def test_a_decree_twice_in_the_file_and_an_admin_opd_are_refused(analis, admin_bkd,
                                                                 admin_opd, login):
    client = login(admin_bkd)
    impor = preview(client, "pak", "pak.csv", csv_bytes([HEADER, _row(analis), _row(analis)]))
    messages = [m for e in impor.ringkasan["errors"] for m in e["pesan"]]
    assert any("juga terdapat pada baris 2" in m for m in messages), messages
    opd = login(admin_opd)
    impor = preview(opd, "pak", "pak.csv", csv_bytes([HEADER, _row(analis)]))
    assert impor.ringkasan["errors"][0]["pesan"] == ["Hanya Admin BKD yang mengimpor PAK."]
    assert "tidak ada data yang diimpor" in _apply(opd, impor)
    assert not PakAwal.objects.exists()


# --- the person's page ---------------------------------------------------------------------


def test_who_sees_a_persons_angka_kredit(analis, atasan, admin_opd, admin_bkd, pegawai_lain,
                                         login, opd_b):
    from ..factories import staff_of

    url = f"/angka-kredit/{analis.pk}/"
    assert Client().get(url).status_code == 302
    for viewer in (analis, atasan, admin_opd, admin_bkd):
        page = login(viewer).get(url)
        assert page.status_code == 200, viewer
        assert ('id="form-pak-awal"' in page.content.decode()) == (viewer == admin_bkd)
    other_admin = staff_of(opd_b, admin_scope=opd_b)
    for outsider in (pegawai_lain, other_admin):
        assert login(outsider).get(url).status_code == 404
        assert login(outsider).get(f"{url}pak/").status_code == 404
    own = login(analis).get("/angka-kredit/")
    assert own.status_code == 200 and 'id="saldo"' in own.content.decode()


def test_the_page_shows_the_balance_conversions_and_what_is_missing(analis, admin_bkd,
                                                                     login):
    PakAwal.objects.create(pegawai=analis, jenis="konversi", per_tanggal=dt.date(2024, 12, 31),
                           nilai=Decimal("80"), jenjang="ahli_muda", nomor_sk="PAK/7",
                           tanggal_sk=dt.date(2025, 1, 5))
    evaluasi(analis, tahun_(2025, admin_bkd), "baik")
    from penilaian.angka_kredit import angka_kredit_hitung_pegawai

    angka_kredit_hitung_pegawai(analis.pk)
    body = login(analis).get("/angka-kredit/").content.decode()
    assert "105,000" in body  # 80 + 25
    assert "105,000 dari 100,000 yang dibutuhkan." in body  # the rank's credit is there
    assert "105,000 dari 200,000 yang dibutuhkan: kurang 95,000." in body
    assert "Belum dicatat oleh BKD." in body  # vacancy and competency test
    assert "Dibutuhkan evaluasi tahunan final dua tahun berturut-turut" in body


def test_a_pelaksana_is_told_angka_kredit_does_not_apply(pegawai, login):
    body = login(pegawai).get("/angka-kredit/").content.decode()
    assert 'id="bukan-fungsional"' in body and "Jabatan Anda bukan jabatan fungsional" in body


def test_the_admin_bkd_records_a_pak_and_the_conditions(analis, admin_bkd, admin_opd, atasan,
                                                        login):
    url = f"/angka-kredit/{analis.pk}/pak-awal/"
    data = {"pak-jenis": "integrasi", "pak-per_tanggal": "2024-12-31", "pak-nilai": "61,25",
            "pak-jenjang": "ahli_muda", "pak-nomor_sk": "800/PAK/INT/9",
            "pak-tanggal_sk": "2025-01-20"}
    for refused in (analis, atasan, admin_opd):
        assert login(refused).post(url, data).status_code == 403
    client = login(admin_bkd)
    bad = client.post(url, data | {"pak-nilai": "-3", "pak-tanggal_sk": "2030-01-01",
                                   "pak-nomor_sk": ""})
    body = bad.content.decode()
    assert bad.status_code == 400 and "masa yang akan datang" in body
    assert "Bidang ini tidak boleh kosong." in body and not PakAwal.objects.exists()
    assert client.post(url, data).status_code == 302
    assert PakAwal.objects.get().nilai == Decimal("61.25")
    twice = client.post(url, data)
    assert twice.status_code == 400 and "sudah memiliki PAK dengan nomor ini" in \
        twice.content.decode()
    assert AuditLog.objects.filter(action="pak_awal.create").count() == 1

    syarat = f"/angka-kredit/{analis.pk}/syarat/"
    assert login(admin_opd).post(syarat, {}).status_code == 403
    assert client.post(syarat, {"syarat-formasi": "2026-02-01",
                                "syarat-formasi_keterangan": "Formasi 2026",
                                "syarat-ukom": "kemarin"}).status_code == 400
    assert client.post(syarat, {"syarat-formasi": "2026-02-01",
                                "syarat-formasi_keterangan": "Formasi 2026",
                                "syarat-ukom": "2026-03-05"}).status_code == 302
    assert SyaratJenjang.objects.get(pegawai=analis).ukom == dt.date(2026, 3, 5)
    body = login(analis).get("/angka-kredit/").content.decode()
    assert "1 Februari 2026: Formasi 2026" in body and "5 Maret 2026" in body


def test_the_pak_document_is_issued_by_bkd_and_verifies(analis, admin_bkd, atasan, login,
                                                        kepala_a, pegawai, opd_b):
    from ..factories import head_of

    kepala_bkd = head_of(opd_b, nama="Kepala Badan")  # signs (no PAK_PENANDATANGAN_NIP)
    PakAwal.objects.create(pegawai=analis, jenis="konversi", per_tanggal=dt.date(2024, 12, 31),
                           nilai=Decimal("80"), jenjang="ahli_muda", nomor_sk="PAK/7",
                           tanggal_sk=dt.date(2025, 1, 5))
    evaluasi(analis, tahun_(2025, admin_bkd), "sangat_baik")
    from penilaian.angka_kredit import angka_kredit_hitung_pegawai

    angka_kredit_hitung_pegawai(analis.pk)
    issue = f"/angka-kredit/{analis.pk}/pak/terbit/"
    nomor = {"nomor": "800.1.13/0042/BKD/2026"}
    assert login(atasan).post(issue, nomor).status_code == 403
    assert login(analis).get(f"/angka-kredit/{analis.pk}/pak/").status_code == 404  # none yet
    client = login(admin_bkd)
    unnumbered = client.post(issue, {"nomor": "  "}, follow=True)
    assert "Bidang ini tidak boleh kosong." in unnumbered.content.decode()
    assert not Dokumen.objects.exists()
    text, links = read_pdf(client.post(issue, nomor))
    assert "PENETAPAN ANGKA KREDIT" in text and analis.nip in text
    assert "Nomor: 800.1.13/0042/BKD/2026" in text
    assert "117,5" in text  # 80 + 150% x 25
    assert "Evaluasi kinerja tahunan 2025" in text and "Sangat Baik" in text
    assert kepala_bkd.nip in text and "Kepala Badan" in text
    dokumen = Dokumen.objects.get(jenis="pak")
    assert dokumen.pegawai == analis
    verify = Client().get(links[0])
    assert verify.status_code == 200 and analis.nama in verify.content.decode()
    # The same content issued again is the same document; the owner downloads it.
    client.post(issue, nomor)
    assert Dokumen.objects.filter(jenis="pak").count() == 1
    own = login(analis).get(f"/angka-kredit/{analis.pk}/pak/")
    assert own.content == dokumen.berkas.open("rb").read()
    # Nothing to issue for a pelaksana.
    refused = client.post(f"/angka-kredit/{pegawai.pk}/pak/terbit/", nomor, follow=True)
    assert "Hanya pemegang jabatan fungsional yang memiliki PAK." in refused.content.decode()


# --- the rule ------------------------------------------------------------------------------


def _aturan_form(**change):
    from penilaian.angka_kredit import KOEFISIEN_BAWAAN, PERSEN_BAWAAN

    data = {"berlaku_mulai": "2027-01-01", "sumber": "Peraturan BKN (perubahan)"}
    data |= {f"persen_{p}": v for p, v in PERSEN_BAWAAN.items()}
    for j, (k, pangkat, naik) in KOEFISIEN_BAWAAN.items():
        data |= {f"koefisien_{j}": k.replace(".", ","), f"pangkat_{j}": pangkat,
                 f"jenjang_{j}": naik or ""}
    return data | change


def test_the_admin_bkd_saves_a_new_version_of_the_rule(admin_bkd, admin_opd, login):
    assert login(admin_opd).get("/kelola/angka-kredit/aturan/").status_code == 403
    client = login(admin_bkd)
    page = client.get("/kelola/angka-kredit/aturan/")
    assert page.status_code == 200 and "PermenPANRB 1/2023" in page.content.decode()
    for change, message in (({"persen_baik": "-1"}, "lebih besar dari atau sama dengan 0"),
                            ({"koefisien_mahir": ""}, "tidak boleh kosong"),
                            ({"berlaku_mulai": "2023-01-01"}, "setelah hari ini")):
        bad = client.post("/kelola/angka-kredit/aturan/", _aturan_form(**change))
        assert bad.status_code == 400 and message in bad.content.decode(), change
    assert AturanAngkaKredit.objects.count() == 1
    assert client.post("/kelola/angka-kredit/aturan/",
                       _aturan_form(persen_baik="110")).status_code == 302
    baru = AturanAngkaKredit.objects.get(versi=2)
    assert baru.persen_set.get(predikat="baik").persen == Decimal("110")
    assert baru.koefisien_set.get(jenjang="pemula").koefisien == Decimal("3.75")
    assert baru.koefisien_set.get(jenjang="ahli_utama").kebutuhan_jenjang is None
    assert AuditLog.objects.filter(action="aturan_angka_kredit.create").count() == 1


# --- the unit's list and its export -----------------------------------------------------------


def test_the_unit_list_its_scope_and_constant_queries(analis, bidang_a1, admin_opd,
                                                      admin_bkd, pegawai, opd_b, login):
    client = login(admin_opd)
    assert login(pegawai).get("/kelola/angka-kredit/").status_code == 403
    assert client.get(f"/kelola/angka-kredit/unit/{opd_b.pk}/").status_code == 404
    body = client.get("/kelola/angka-kredit/").content.decode()
    assert analis.nama in body and pegawai.nama not in body  # only functional posts

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/kelola/angka-kredit/").status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for _n in range(6):
        fungsional(bidang_a1, "terampil")
    assert count() == one


def test_the_export_lists_balances_and_eligibility(analis, admin_bkd, opd_a, login):
    PakAwal.objects.create(pegawai=analis, jenis="konversi", per_tanggal=dt.date(2024, 12, 31),
                           nilai=Decimal("120"), jenjang="ahli_muda", nomor_sk="PAK/8",
                           tanggal_sk=dt.date(2025, 1, 5))
    client = login(admin_bkd)
    response = client.post("/ekspor/", {"jenis": "angka_kredit_layak", "unit": opd_a.pk,
                                        "tahun": 2026})
    assert response.status_code == 302
    ekspor = Ekspor.objects.get()
    assert ekspor_jalankan(ekspor.pk) is True
    download = client.get(f"/ekspor/{ekspor.pk}/unduh/")
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    header = next(r for r in rows if r[0] == "NIP")
    row = dict(zip(header, next(r for r in rows if r[0] == analis.nip), strict=True))
    assert (row["Jenjang"], row["Angka kredit kumulatif"], row["Layak naik pangkat"]) == (
        "Ahli Muda", 120, "Tidak")  # 120 >= 100, but two years' predikat are missing
    assert "dua tahun terakhir" in row["Belum terpenuhi"]


def test_the_signer_comes_from_the_setting_or_a_clear_refusal(analis, admin_bkd, kepala_a,
                                                              login, settings):
    client = login(admin_bkd)  # BKD's OPD (opd_b) has no head here
    nomor = {"nomor": "PAK/1"}
    refused = client.post(f"/angka-kredit/{analis.pk}/pak/terbit/", nomor, follow=True)
    assert "Tidak ada pejabat penandatangan PAK" in refused.content.decode()
    assert not Dokumen.objects.exists()
    settings.PAK_PENANDATANGAN_NIP = kepala_a.nip
    text, _links = read_pdf(client.post(f"/angka-kredit/{analis.pk}/pak/terbit/", nomor))
    assert kepala_a.nip in text and kepala_a.nama in text


def test_the_list_counts_the_year_in_the_level_to_the_end_of_the_year(
        layak, admin_bkd, login):  # noqa: F811
    RiwayatJabatan.objects.filter(pegawai=layak).update(mulai=dt.date(2025, 12, 1))
    client = login(admin_bkd)
    badge = 'text-bg-success">Memenuhi syarat'
    today = client.get("/kelola/angka-kredit/?saring=layak").content.decode()
    assert layak.nama in today and today.count(badge) == 1  # the rank, not yet the level
    by_december = client.get("/kelola/angka-kredit/?saring=layak&per=akhir-tahun")
    body = by_december.content.decode()
    assert body.count(badge) == 2 and "memenuhi syarat per 31 Desember 2026" in body
