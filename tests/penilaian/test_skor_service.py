"""Scores from approved activities: a hand-worked example, idempotency, the explanation,
and the recompute enqueued after a validation."""

import datetime as dt
from decimal import Decimal as D

import pytest
import redis
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from ekinerja import kalender
from kinerja import services
from kinerja.models import Aktivitas, Iki
from kinerja.selectors import periode_of
from penilaian.models import Skor
from penilaian.services import aktivitas_approve, skor_hitung

from ..kinerja.conftest import approve


@pytest.fixture
def iki(skp_pegawai):
    approve(skp_pegawai)
    return Iki.objects.get(rhk__skp=skp_pegawai)  # target 120 a year: 10 a month, weight 100


def _approved(pegawai, atasan, iki, hour, output, minutes=60, *, day=None):
    day = day or timezone.localdate()
    a = services.aktivitas_save(aktivitas=Aktivitas(
        pegawai=pegawai, tanggal=day, mulai=dt.time(hour),
        selesai=(dt.datetime.combine(day, dt.time(hour))
                 + dt.timedelta(minutes=minutes)).time(),
        uraian="Menyusun laporan", kategori="iki", iki=iki, output=output), actor=pegawai)
    services.aktivitas_submit(items=[a], actor=pegawai)
    return aktivitas_approve(aktivitas=Aktivitas.objects.get(pk=a.pk), actor=atasan)


def test_a_hand_worked_month(iki, pegawai, atasan):
    _approved(pegawai, atasan, iki, 8, 3)
    _approved(pegawai, atasan, iki, 10, 6)
    rejected = services.aktivitas_save(aktivitas=Aktivitas(
        pegawai=pegawai, tanggal=timezone.localdate(), mulai=dt.time(13),
        selesai=dt.time(14), uraian="x", kategori="iki", iki=iki, output=50), actor=pegawai)
    services.aktivitas_submit(items=[rejected], actor=pegawai)  # submitted, not approved
    today = timezone.localdate()
    periode = periode_of(today)
    assert skor_hitung(periode=periode) >= 1
    skor = Skor.objects.get(pegawai=pegawai, periode=periode)
    target_menit = len(kalender.working_days(today.year, today.month,
                                             pegawai.unit.hari_kerja)) * 300
    # 9 of 10 laporan: capaian 90%, weight 100 -> result 90.00, "as expected"
    [line] = skor.baris_iki()
    assert (line["realisasi"], line["target"], line["capaian"]) == (D("9.00"), D("10.00"),
                                                                    D("90.00"))
    assert (skor.skor_hasil, skor.rating_saran) == (D("90.00"), "sesuai")
    assert (skor.menit_disetujui, skor.target_menit) == (120, target_menit)
    productivity = (D(120) / D(target_menit) * 100).quantize(D("0.01"))
    assert skor.produktivitas == productivity
    assert skor.tpp_kinerja == ((productivity * 60 + D(90) * 40) / 100).quantize(D("0.01"))


def test_lower_is_better_and_the_cap(iki, pegawai, atasan):
    Iki.objects.filter(pk=iki.pk).update(arah="turun")
    _approved(pegawai, atasan, iki, 8, 5)  # 5 against a target of 10: better, so 200% -> cap
    periode = periode_of(timezone.localdate())
    skor_hitung(periode=periode, pegawai_ids=[pegawai.pk])
    assert Skor.objects.get(pegawai=pegawai).baris_iki()[0]["capaian"] == D("120.00")


def test_computing_twice_gives_the_same_rows(iki, pegawai, atasan):
    _approved(pegawai, atasan, iki, 8, 3)
    periode = periode_of(timezone.localdate())
    skor_hitung(periode=periode)
    first = Skor.objects.get(pegawai=pegawai, periode=periode)
    skor_hitung(periode=periode)
    skor_hitung(periode=periode, pegawai_ids=[pegawai.pk])
    again = Skor.objects.get(pegawai=pegawai, periode=periode)
    assert (again.pk, again.digest, again.skor_hasil, again.rincian) == (
        first.pk, first.digest, first.skor_hasil, first.rincian)
    assert again.dihitung_pada == first.dihitung_pada  # unchanged inputs: row not rewritten
    assert Skor.objects.filter(pegawai=pegawai).count() == 1
    _approved(pegawai, atasan, iki, 10, 2)
    skor_hitung(periode=periode, pegawai_ids=[pegawai.pk])
    changed = Skor.objects.get(pegawai=pegawai, periode=periode)
    assert changed.pk == first.pk and changed.digest != first.digest
    assert changed.dihitung_pada > first.dihitung_pada


def test_zero_activity_scores_zero(iki, pegawai):
    periode = periode_of(timezone.localdate())
    skor_hitung(periode=periode, pegawai_ids=[pegawai.pk])
    skor = Skor.objects.get(pegawai=pegawai)
    assert (skor.skor_hasil, skor.produktivitas, skor.rating_saran) == (0, 0, "di_bawah")


def test_the_explanation_matches_the_stored_score(iki, pegawai, atasan, pegawai_lain, login,
                                                  django_assert_max_num_queries):
    _approved(pegawai, atasan, iki, 8, 3)
    periode = periode_of(timezone.localdate())
    skor_hitung(periode=periode)
    skor = Skor.objects.get(pegawai=pegawai)
    client = login(pegawai)
    body = client.get(f"/skor/{skor.pk}/").content.decode()
    # Indonesian number format: 3 of 10 -> capaian 30,00 %, realisation 3,00
    assert "30,00" in body and "3,00" in body and "Menyusun laporan" in body
    for value in (skor.skor_hasil, skor.produktivitas, skor.tpp_kinerja):
        assert str(value).replace(".", ",") in body
    assert login(atasan).get(f"/skor/{skor.pk}/").status_code == 200
    assert login(pegawai_lain).get(f"/skor/{skor.pk}/").status_code == 404
    assert Client().get(f"/skor/{skor.pk}/").status_code == 302
    assert skor.periode.__str__() in client.get("/skor/").content.decode()
    for h in range(9, 15):
        _approved(pegawai, atasan, iki, h, 1, minutes=30)
    skor_hitung(periode=periode)
    client.get(f"/skor/{skor.pk}/")
    with django_assert_max_num_queries(12):
        client.get(f"/skor/{skor.pk}/")


def test_a_validation_enqueues_one_recompute_for_many_approvals(iki, pegawai, atasan, settings,
                                                                django_capture_on_commit_callbacks):
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete("celery")
    with django_capture_on_commit_callbacks(execute=True):
        for h in (8, 9, 10):
            _approved(pegawai, atasan, iki, h, 1, minutes=30)
    assert broker.llen("celery") == 1


def test_the_command_computes_without_a_worker(iki, pegawai, atasan):
    _approved(pegawai, atasan, iki, 8, 3)
    call_command("hitung_skor")
    assert Skor.objects.filter(pegawai=pegawai).exists()


def test_two_runs_at_once_give_the_same_rows(transactional_db, iki, pegawai, atasan):
    """The nightly run and a BKD request (or a redelivered task) at the same moment: both
    finish, nothing is duplicated, and the rows are what one run gives."""
    import threading

    from django.db import connection

    _approved(pegawai, atasan, iki, 8, 3)
    periode = periode_of(timezone.localdate())
    barrier, errors = threading.Barrier(2), []

    def run():
        try:
            barrier.wait(5)
            skor_hitung(periode=periode)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    rows = Skor.objects.filter(periode=periode)
    assert rows.count() == 3  # kepala, atasan, pegawai: once each
    assert rows.get(pegawai=pegawai).baris_iki()[0]["realisasi"] == 3
