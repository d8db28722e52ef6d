"""Each year of angka kredit a PAK sets, pushed to SIASN (`/angkakredit/save`) against the
fake SIASN on 127.0.0.1: queued when the Admin BKD issues the PAK, sent in SIASN's field
names under the PAK's number, a later PAK updating the same record, a refusal kept with
its reason and sent again from the Admin BKD's page, SIASN down leaving it waiting,
nothing queued while SIASN is not configured."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import TestCase

from ekinerja.models import AuditLog, Pegawai
from ekinerja.siasn_palsu import API, SiasnPalsu
from penilaian.angka_kredit import angka_kredit_hitung_pegawai
from penilaian.models import KirimAngkaKredit, PakAwal
from penilaian.siasn import kirim_menunggu_antre, siasn_kirim_angka_kredit

from ..factories import head_of
from .test_angka_kredit import evaluasi, fungsional, tahun_


@pytest.fixture
def analis(bidang_a1, admin_bkd, opd_b):
    """An Ahli Muda since 2023 with a PAK of 80 as of 2024 and Baik in 2024 and 2025 (the
    Kepala of BKD's OPD signs the PAK)."""
    head_of(opd_b)
    person = fungsional(bidang_a1, "ahli_muda", mulai=dt.date(2023, 1, 1))
    Pegawai.objects.filter(pk=person.pk).update(siasn_id="PNS-ID-ANALIS")
    PakAwal.objects.create(pegawai=person, jenis="konversi", per_tanggal=dt.date(2023, 12, 31),
                           nilai=Decimal("80"), jenjang="ahli_muda", nomor_sk="PAK/KONV/1",
                           tanggal_sk=dt.date(2024, 1, 5))
    evaluasi(person, tahun_(2024, admin_bkd), "baik")
    evaluasi(person, tahun_(2025, admin_bkd), "sangat_baik")
    angka_kredit_hitung_pegawai(person.pk)
    return person


@pytest.fixture
def siasn(settings):
    with SiasnPalsu() as server:
        settings.SIASN = {**server.pengaturan(settings.SIASN), "RETRIES": 1}
        yield server


def _issue(client, person, nomor):
    with TestCase.captureOnCommitCallbacks(execute=False):
        response = client.post(f"/angka-kredit/{person.pk}/pak/terbit/", {"nomor": nomor})
    assert response.status_code == 200, response.content[:300]
    return {k.tahun.tahun: k for k in KirimAngkaKredit.objects.filter(pegawai=person)}


def test_each_year_goes_under_the_paks_number_and_a_later_pak_updates_it(
        siasn, analis, admin_bkd, login):
    client = login(admin_bkd)
    years = _issue(client, analis, "800/PAK/2026/7")
    assert sorted(years) == [2024, 2025]
    assert all(k.status == "menunggu" for k in years.values())
    for k in years.values():
        assert siasn_kirim_angka_kredit(k.pk, client=siasn.client()) == "terkirim"
    saved = siasn.saved["/angkakredit/save"]
    by_year = {p["tahunSelesaiPenailan"]: (rid, p) for rid, p in saved.items()}
    _id24, p24 = by_year["2024"]
    _id25, p25 = by_year["2025"]
    # 2024: Baik, 100% x 25 = 25 on 80 -> 105; 2025: Sangat Baik, 150% x 25 = 37.5 -> 142.5.
    assert (p24["kreditUtamaBaru"], p24["kreditBaruTotal"]) == ("25.000", "105.000")
    assert (p25["kreditUtamaBaru"], p25["kreditBaruTotal"]) == ("37.500", "142.500")
    assert (p25["pnsId"], p25["isKonversi"], p25["nomorSk"]) == (
        "PNS-ID-ANALIS", "1", "800/PAK/2026/7")
    assert (p25["bulanMulaiPenailan"], p25["bulanSelesaiPenailan"], p25["tanggalSk"]) == (
        "1", "12", "14-10-2026")
    # A later PAK (another number): the same two SIASN records, updated.
    client.post(f"/angka-kredit/{analis.pk}/syarat/", {"syarat-ukom": "2026-09-01"})
    again = _issue(client, analis, "800/PAK/2026/9")
    for k in again.values():
        assert siasn_kirim_angka_kredit(k.pk, client=siasn.client()) == "terkirim"
    assert len(siasn.saved["/angkakredit/save"]) == 2
    assert {p["nomorSk"] for p in siasn.saved["/angkakredit/save"].values()} == {
        "800/PAK/2026/9"}
    assert all(p["id"] == rid for rid, p in siasn.saved["/angkakredit/save"].items())


def test_a_refusal_is_kept_and_sent_again_and_siasn_down_leaves_it_waiting(
        siasn, analis, admin_bkd, admin_opd, login):
    client = login(admin_bkd)
    years = _issue(client, analis, "800/PAK/2026/8")
    kirim = years[2025]
    siasn.gagal(f"{API}/angkakredit/save",
                (200, {"success": False, "message": "rwJabatanId is required"}, {}))
    assert siasn_kirim_angka_kredit(kirim.pk, client=siasn.client()) == "ditolak"
    kirim.refresh_from_db()
    assert "rwJabatanId is required" in kirim.pesan
    page = client.get("/kelola/siasn/kirim/").content.decode()
    assert "rwJabatanId is required" in page and "800/PAK/2026/8" in page
    url = f"/kelola/siasn/kirim/angka-kredit/{kirim.pk}/ulang/"
    assert login(admin_opd).post(url).status_code == 403
    with TestCase.captureOnCommitCallbacks(execute=False) as queued:
        assert client.post(url).status_code == 302
    assert [c.__qualname__ for c in queued if "send" in getattr(c, "__qualname__", "")] == [
        "antre_setelah_commit.<locals>.send"]
    kirim.refresh_from_db()
    assert kirim.status == "menunggu"
    assert AuditLog.objects.filter(action="siasn.kirim_ulang").count() == 1
    siasn.gagal(f"{API}/angkakredit/save", 503, 503)
    assert siasn_kirim_angka_kredit(kirim.pk, client=siasn.client(retries=1)) == "menunggu"
    kirim.refresh_from_db()
    assert "HTTP 503" in kirim.pesan
    with TestCase.captureOnCommitCallbacks(execute=False) as queued:
        assert kirim_menunggu_antre() == 2  # both years wait for the night's resend
    assert siasn_kirim_angka_kredit(kirim.pk, client=siasn.client()) == "terkirim"


def test_without_siasns_id_it_is_refused_with_what_to_do(siasn, analis, admin_bkd, login):
    Pegawai.objects.filter(pk=analis.pk).update(siasn_id="")
    kirim = _issue(login(admin_bkd), analis, "800/PAK/2026/10")[2024]
    assert siasn_kirim_angka_kredit(kirim.pk, client=siasn.client()) == "ditolak"
    kirim.refresh_from_db()
    assert kirim.pesan.startswith("Kita belum punya id SIASN pegawai ini: jalankan tarik data")
    assert "/angkakredit/save" not in siasn.saved


def test_nothing_is_queued_while_siasn_is_not_configured(analis, admin_bkd, login):
    assert _issue(login(admin_bkd), analis, "800/PAK/2026/11") == {}
