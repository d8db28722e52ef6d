"""Appraisal results pushed to SIASN (penilaian.siasn) against the fake SIASN on
127.0.0.1: queued when final, sent in SIASN's field names, an appeal's change resent as an
update of the same record (never a second one), a refusal kept with its reason and sent
again from the Admin BKD's page, a SIASN that is down leaving it waiting, nothing queued
while SIASN is not configured."""

import pytest
from django.test import TestCase

from ekinerja.models import AuditLog, Pegawai
from ekinerja.siasn_palsu import (
    API,
    SiasnPalsu,
)
from penilaian.models import Evaluasi, KirimSiasn
from penilaian.siasn import siasn_kirim

from .test_evaluasi import finalised, periode  # noqa: F401


@pytest.fixture
def siasn(settings, pegawai):
    with SiasnPalsu() as server:
        settings.SIASN = {**server.pengaturan(settings.SIASN), "RETRIES": 1}
        Pegawai.objects.filter(pk=pegawai.pk).update(siasn_id="PNS-ID-PEGAWAI")
        yield server


def _final(atasan, pegawai, periode, login):  # noqa: F811
    """The atasan finalises; the result is queued (the task itself runs in the test)."""
    evaluasi = finalised(login(atasan), pegawai, periode)
    return evaluasi, KirimSiasn.objects.get(evaluasi=evaluasi)


def test_a_final_evaluation_is_sent_in_siasns_names_and_an_appeal_updates_it(
        siasn, periode, pegawai, atasan, kepala_a, login):  # noqa: F811
    evaluasi, kirim = _final(atasan, pegawai, periode, login)
    assert kirim.status == "menunggu"
    assert siasn_kirim(kirim.pk, client=siasn.client()) == "terkirim"
    kirim.refresh_from_db()
    (record, payload), = siasn.saved["/kinerjaperiodik/save"].items()
    assert kirim.id_siasn == record
    assert payload["pnsDinilaiId"] == "PNS-ID-PEGAWAI"
    assert (payload["hasilKinerjaNilai"], payload["perilakuKerjaNilai"],
            payload["kuadranKinerjaNilai"]) == (2, 2, 2)  # sesuai, sesuai: baik
    assert payload["penilaiNipNrp"] == atasan.nip and payload["statusPenilai"] == "ASN"
    assert payload["periodikId"] == 1 and payload["tahun"] == periode.tahun.tahun
    assert payload["bulanMulaiPenilaian"] == str(periode.mulai.month)

    # An appeal upheld one level up: the same record is updated, not a second one made.
    login(pegawai).post(f"/evaluasi/{evaluasi.pk}/keberatan/", {"alasan": "Tugas tambahan"})
    login(kepala_a).post(f"/evaluasi/{evaluasi.pk}/putuskan/", {
        "putusan": "terima", "predikat_baru": "sangat_baik", "alasan": "Terbukti"})
    kirim.refresh_from_db()
    assert kirim.status == "menunggu"
    assert siasn_kirim(kirim.pk, client=siasn.client()) == "terkirim"
    assert list(siasn.saved["/kinerjaperiodik/save"]) == [record]
    assert siasn.saved["/kinerjaperiodik/save"][record]["kuadranKinerjaNilai"] == 1
    assert siasn.saved["/kinerjaperiodik/save"][record]["id"] == record


def test_the_years_result_goes_as_skp22(siasn, pegawai, atasan, tahun):
    evaluasi = Evaluasi.objects.create(
        pegawai=pegawai, tahun=tahun, nomor=0, status="diakui", rating_hasil="di_atas",
        rating_perilaku="di_atas", predikat="sangat_baik", penilai=atasan,
        penilai_nip=atasan.nip, penilai_nama=atasan.nama, penilai_jabatan="Kepala Bidang",
        penilai_unit="Bidang A1")
    kirim = KirimSiasn.objects.create(evaluasi=evaluasi)
    assert siasn_kirim(kirim.pk, client=siasn.client()) == "terkirim"
    (payload,) = siasn.saved["/skp22/save"].values()
    assert payload["pnsDinilaiOrang"] == "PNS-ID-PEGAWAI"
    assert payload["penilaiJabatan"] == "Kepala Bidang" and payload["kuadranKinerjaNilai"] == 1


def test_a_refusal_is_kept_with_its_reason_and_sent_again_from_the_page(
        siasn, periode, pegawai, atasan, admin_bkd, admin_opd, login):  # noqa: F811
    _evaluasi, kirim = _final(atasan, pegawai, periode, login)
    siasn.gagal(f"{API}/kinerjaperiodik/save",
                (200, {"success": False, "message": "KoefisienId is required"}, {}))
    assert siasn_kirim(kirim.pk, client=siasn.client()) == "ditolak"
    kirim.refresh_from_db()
    assert "KoefisienId is required" in kirim.pesan and "SIASN menolak" in kirim.pesan

    page = login(admin_bkd).get("/kelola/siasn/kirim/").content.decode()
    assert "KoefisienId is required" in page and "Kirim lagi" in page
    assert login(admin_opd).post(f"/kelola/siasn/kirim/{kirim.pk}/ulang/").status_code == 403
    assert login(pegawai).get("/kelola/siasn/kirim/").status_code == 403
    with TestCase.captureOnCommitCallbacks(execute=False) as queued:
        response = login(admin_bkd).post(f"/kelola/siasn/kirim/{kirim.pk}/ulang/")
    assert response.status_code == 302
    assert sum("antre_setelah_commit" in getattr(cb, "__qualname__", "") for cb in queued) == 1
    kirim.refresh_from_db()
    assert kirim.status == "menunggu"
    assert AuditLog.objects.filter(action="siasn.kirim_ulang").exists()
    assert siasn_kirim(kirim.pk, client=siasn.client()) == "terkirim"


def test_siasn_down_leaves_it_waiting_and_no_siasn_id_says_what_to_do(
        siasn, periode, pegawai, atasan, login):  # noqa: F811
    _evaluasi, kirim = _final(atasan, pegawai, periode, login)
    siasn.gagal(f"{API}/kinerjaperiodik/save", 503, 503)
    assert siasn_kirim(kirim.pk, client=siasn.client(retries=1)) == "menunggu"
    kirim.refresh_from_db()
    assert "HTTP 503" in kirim.pesan and kirim.dicoba == 1
    Pegawai.objects.filter(pk=pegawai.pk).update(siasn_id="")
    assert siasn_kirim(kirim.pk, client=siasn.client()) == "ditolak"
    kirim.refresh_from_db()
    assert "tarik data SIASN" in kirim.pesan


def test_nothing_is_queued_while_siasn_is_not_configured(periode, pegawai, atasan,  # noqa: F811
                                                          login, settings):
    settings.SIASN = {**settings.SIASN, "BASE_URL": ""}
    finalised(login(atasan), pegawai, periode)
    assert not KirimSiasn.objects.exists()


def test_the_night_queues_the_waiting_ones_again(siasn, periode, pegawai, atasan, login,  # noqa: F811
                                                 settings):
    from penilaian.siasn import kirim_menunggu_antre

    assert "siasn-kirim-menunggu" in settings.CELERY_BEAT_SCHEDULE
    _evaluasi, kirim = _final(atasan, pegawai, periode, login)
    siasn.gagal(f"{API}/kinerjaperiodik/save", 503, 503)
    assert siasn_kirim(kirim.pk, client=siasn.client(retries=1)) == "menunggu"
    with TestCase.captureOnCommitCallbacks(execute=False) as queued:
        assert kirim_menunggu_antre() == 1
    assert sum("antre_setelah_commit" in getattr(cb, "__qualname__", "") for cb in queued) == 1
    assert siasn_kirim(kirim.pk, client=siasn.client()) == "terkirim"
    assert kirim_menunggu_antre() == 0
