"""An approval recomputes the person's score on a real worker, after commit."""

import time

import pytest

from penilaian.models import Skor

from .test_skor_service import _approved, iki  # noqa: F401


@pytest.mark.kalender
def test_approval_recomputes_on_the_worker(celery_worker, iki, pegawai, atasan,  # noqa: F811
                                           hari_lapor):
    _approved(pegawai, atasan, iki, 8, 4, day=hari_lapor)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and Skor.objects.filter(pegawai=pegawai).count() < 2:
        time.sleep(0.2)
    skor = Skor.objects.get(pegawai=pegawai, nomor__gt=0)
    assert skor.baris_iki()[0]["realisasi"] == 4
    assert skor.periode.mulai <= hari_lapor <= skor.periode.selesai
    year = Skor.objects.get(pegawai=pegawai, nomor=Skor.TAHUNAN)
    assert year.baris_iki()[0]["realisasi"] == 4 and year.baris_iki()[0]["target"] == 120


@pytest.mark.kalender
def test_the_nightly_run_splits_by_opd_and_rolls_up_after(celery_worker, iki, pegawai,  # noqa: F811
                                                          atasan, kepala_a, opd_a,
                                                          pegawai_lain, hari_lapor):
    """Beat's nightly task fans out one task per OPD (a chord on the real broker and
    result backend); the unit figures are computed once every part is done."""
    from kinerja.selectors import periode_of
    from penilaian.models import SkorUnit, TugasHitung
    from penilaian.services import bagian_instansi
    from penilaian.tasks import skor_hitung_periode_terbuka

    _approved(pegawai, atasan, iki, 8, 4, day=hari_lapor)
    periode = periode_of(hari_lapor)
    assert {(opd_a.pk, True), (pegawai_lain.unit.parent_id, True),
            (opd_a.parent_id, False)} <= set(bagian_instansi())
    skor_hitung_periode_terbuka()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not SkorUnit.objects.filter(
            periode=periode, unit=opd_a).exists():
        time.sleep(0.2)
    row = SkorUnit.objects.get(periode=periode, unit=opd_a)
    assert row.jumlah_pegawai == Skor.objects.filter(periode=periode).count() == 3
    assert Skor.objects.filter(nomor=Skor.TAHUNAN).count() == 3  # and the year
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and TugasHitung.objects.exclude(
            status="selesai").exists():
        time.sleep(0.2)
    run = TugasHitung.objects.get(periode=periode)  # the night's record, for BKD
    assert (run.dibuat_oleh, run.status, run.jumlah, run.gagal) == (None, "selesai", 3, [])
