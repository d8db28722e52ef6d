"""At the cut-off a period closes with final scores; a later change needs BKD's reopen."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ekinerja.models import AuditLog
from kinerja import services as kinerja_services
from kinerja.models import Aktivitas, Periode
from kinerja.selectors import periode_of
from penilaian.models import Skor
from penilaian.services import aktivitas_approve, periode_close_due, skor_hitung

from .test_skor_service import _approved, iki  # noqa: F401


def test_closing_freezes_scores_until_reopened(iki, pegawai, atasan, admin_bkd):  # noqa: F811
    _approved(pegawai, atasan, iki, 8, 4)
    periode = periode_of(timezone.localdate())
    # The day after the cut-off, the nightly job closes the period with final scores.
    closed = periode_close_due(today=periode.cutoff + dt.timedelta(days=1))
    assert periode in closed
    periode.refresh_from_db()
    assert periode.terkunci
    assert Skor.objects.get(pegawai=pegawai, periode=periode).baris_iki()[0]["realisasi"] == 4
    assert AuditLog.objects.filter(action="periode.lock", target_id=str(periode.pk)).exists()
    # Frozen: a later submitted activity cannot be validated, nothing is recomputed.
    Aktivitas.objects.filter(pegawai=pegawai).update(status="diajukan")
    with pytest.raises(ValidationError) as exc:
        aktivitas_approve(aktivitas=Aktivitas.objects.first(), actor=atasan)
    assert "ditutup" in " ".join(exc.value.messages)
    assert skor_hitung(periode=periode) == 0
    # BKD reopens with a reason (audited); scores move again.
    kinerja_services.periode_unlock(periode=periode, actor=admin_bkd, alasan="Koreksi")
    aktivitas_approve(aktivitas=Aktivitas.objects.first(), actor=atasan)
    periode = Periode.objects.get(pk=periode.pk)
    assert skor_hitung(periode=periode) == 0  # the same inputs as when it closed
    Aktivitas.objects.filter(pegawai=pegawai).update(output=6)  # say, a corrected output
    assert skor_hitung(periode=periode) == 1  # only the changed person is rewritten
    assert Skor.objects.get(pegawai=pegawai, periode=periode).baris_iki()[0]["realisasi"] == 6


def test_nothing_closes_before_the_cutoff(iki):  # noqa: F811
    periode = periode_of(timezone.localdate())
    assert periode not in periode_close_due(today=periode.cutoff)
