"""An approval recomputes the person's score on a real worker, after commit."""

import time

from django.utils import timezone

from penilaian.models import Skor

from .test_skor_service import _approved, iki  # noqa: F401


def test_approval_recomputes_on_the_worker(celery_worker, iki, pegawai, atasan):  # noqa: F811
    _approved(pegawai, atasan, iki, 8, 4)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not Skor.objects.filter(pegawai=pegawai).exists():
        time.sleep(0.2)
    skor = Skor.objects.get(pegawai=pegawai)
    assert skor.iki_rows.get().realisasi == 4
    assert skor.periode.mulai <= timezone.localdate() <= skor.periode.selesai
