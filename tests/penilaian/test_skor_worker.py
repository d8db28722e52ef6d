"""An approval recomputes the person's score on a real worker, after commit."""

import time

from django.utils import timezone

from penilaian.models import Skor

from .test_skor_service import _approved, iki  # noqa: F401


def test_approval_recomputes_on_the_worker(celery_worker, iki, pegawai, atasan):  # noqa: F811
    _approved(pegawai, atasan, iki, 8, 4)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and Skor.objects.filter(pegawai=pegawai).count() < 2:
        time.sleep(0.2)
    skor = Skor.objects.get(pegawai=pegawai, nomor__gt=0)
    assert skor.baris_iki()[0]["realisasi"] == 4
    assert skor.periode.mulai <= timezone.localdate() <= skor.periode.selesai
    year = Skor.objects.get(pegawai=pegawai, nomor=Skor.TAHUNAN)
    assert year.baris_iki()[0]["realisasi"] == 4 and year.baris_iki()[0]["target"] == 120
