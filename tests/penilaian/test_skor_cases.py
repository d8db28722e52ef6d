"""Scores of harder cases against PostgreSQL, with hand-worked figures: every way an
indicator aggregates, range targets, values entered by hand, a person who moved mid-month,
a qualitative SKP, and the year."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import timezone

from ekinerja import kalender
from kinerja.models import Iki, RealisasiManual, Skp, TargetPeriode
from kinerja.selectors import periode_of
from kinerja.services import periode_lock
from penilaian.models import Skor
from penilaian.services import skor_hitung, skor_hitung_tahun
from tests.factories import JabatanFactory

from ..kinerja.conftest import approve
from .helpers import add_iki, done


@pytest.fixture
def periode(tahun):
    return periode_of(timezone.localdate())


@pytest.fixture
def skp(skp_pegawai):
    """The employee's approved SKP; its first IKI (target 10 a month) keeps its weight of
    100 unless a test moves it."""
    return approve(skp_pegawai)


def lines_of(pegawai, periode):
    skor = Skor.objects.get(pegawai=pegawai, periode=periode)
    return skor, {line["iki"]: line for line in skor.baris_iki()}


def test_every_aggregation(skp, periode, pegawai):
    day = periode.mulai
    base = Iki.objects.get(rhk__skp=skp)
    Iki.objects.filter(pk=base.pk).update(bobot=20)
    count = add_iki(skp, periode, nama="hitung", agregasi="hitung", bobot="20")
    mean = add_iki(skp, periode, nama="rata", agregasi="rata", bobot="20")
    last = add_iki(skp, periode, nama="terakhir", agregasi="terakhir", bobot="20")
    manual = add_iki(skp, periode, nama="manual", agregasi="manual", bobot="20")
    for hour, output in ((7, 2), (8, 5)):
        done(pegawai, base, day, hour, output)  # sum: 7
    for hour in (9, 10, 11):
        done(pegawai, count, day, hour, 99)  # count: 3
    done(pegawai, mean, day, 12, 8)
    done(pegawai, mean, day, 13, 9)  # mean: 8.50
    done(pegawai, last, day, 14, 4)
    done(pegawai, last, day, 15, 6)  # the later one: 6
    done(pegawai, base, day, 16, 50, status="diajukan")  # not approved: not counted
    RealisasiManual.objects.create(iki=manual, periode=periode, nilai=D("12.5"),
                                   keterangan="Laporan SAKIP", diisi_oleh=pegawai)
    skor_hitung(periode=periode, pegawai_ids=[pegawai.pk])
    skor, lines = lines_of(pegawai, periode)
    assert [lines[i.pk]["realisasi"] for i in (base, count, mean, last, manual)] == [
        D("7.00"), D("3.00"), D("8.50"), D("6.00"), D("12.50")]
    # capaian 70, 30, 85, 60, 120 (125 capped), each weight 20: 14+6+17+12+24 = 73
    assert [lines[i.pk]["capaian"] for i in (base, count, mean, last, manual)] == [
        D("70.00"), D("30.00"), D("85.00"), D("60.00"), D("120.00")]
    assert (skor.skor_hasil, skor.rating_saran) == (D("73.00"), "di_bawah")
    assert skor.menit_disetujui == 9 * 60


def test_a_range_target_and_an_iki_without_a_period_target(skp, periode, pegawai):
    base = Iki.objects.get(rhk__skp=skp)
    Iki.objects.filter(pk=base.pk).update(arah="rentang", target_atas=D(12), bobot=50)
    other = add_iki(skp, periode, nama="tanpa target", bobot="50")
    TargetPeriode.objects.filter(iki=other).delete()
    done(pegawai, base, periode.mulai, 8, 15)  # above 12: 12 / 15 = 80%
    done(pegawai, other, periode.mulai, 9, 3)
    skor_hitung(periode=periode, pegawai_ids=[pegawai.pk])
    skor, lines = lines_of(pegawai, periode)
    assert lines[base.pk]["capaian"] == D("80.00")
    assert (lines[other.pk]["target"], lines[other.pk]["capaian"]) == (None, None)
    assert skor.skor_hasil == D("40.00")  # no target counts as zero


def test_a_person_who_moved_mid_month(skp, periode, pegawai, atasan, bidang_b1):
    """Two approved SKPs cover the month: each is scored on its own IKIs and the result
    is weighted by the approved minutes spent on each; productivity counts all minutes."""
    first = Iki.objects.get(rhk__skp=skp)
    new_post = JabatanFactory(unit=bidang_b1, nama="Analis")
    moved = Skp.objects.create(pegawai=pegawai, tahun=skp.tahun, jabatan=new_post,
                               unit=bidang_b1, status=Skp.Status.DISETUJUI)
    second = add_iki(moved, periode, nama="baru", bobot="100", target="4")
    day = periode.mulai
    done(pegawai, first, day, 7, 9, minutes=180)  # old post: 9 of 10 = 90%, 180 minutes
    done(pegawai, second, day, 11, 5, minutes=60)  # new post: 5 of 4 = 120% (cap), 60 min
    done(pegawai, None, day, 13, 1, minutes=30)  # a tugas tambahan: minutes only
    skor_hitung(periode=periode, pegawai_ids=[pegawai.pk])
    skor, lines = lines_of(pegawai, periode)
    # (90 x 180 + 120 x 60) / 240 = 97.50
    assert skor.skor_hasil == D("97.50") and skor.rating_saran == "sesuai"
    assert {s["skp"]: (s["skor_hasil"], s["menit"]) for s in skor.baris_skp()} == {
        skp.pk: (D("90.00"), 180), moved.pk: (D("120.00"), 60)}
    assert skor.skp_id == skp.pk  # the SKP with the most minutes
    assert skor.menit_disetujui == 270


def test_two_skps_without_minutes_count_equally(skp, periode, pegawai, bidang_b1):
    first = Iki.objects.get(rhk__skp=skp)
    Iki.objects.filter(pk=first.pk).update(arah="turun")  # nothing done: 120%
    moved = Skp.objects.create(pegawai=pegawai, tahun=skp.tahun,
                               jabatan=JabatanFactory(unit=bidang_b1), unit=bidang_b1,
                               status=Skp.Status.DISETUJUI)
    add_iki(moved, periode, nama="baru", bobot="100")  # nothing done: 0%
    skor_hitung(periode=periode, pegawai_ids=[pegawai.pk])
    skor = Skor.objects.get(pegawai=pegawai, periode=periode)
    assert (skor.skor_hasil, skor.menit_disetujui) == (D("60.00"), 0)  # (120 + 0) / 2
    assert skor.skp_id == moved.pk  # no minutes anywhere: the newest SKP leads


def test_a_qualitative_skp(skp, periode, pegawai):
    Skp.objects.filter(pk=skp.pk).update(pendekatan=Skp.Pendekatan.KUALITATIF)
    done(pegawai, Iki.objects.get(rhk__skp=skp), periode.mulai, 8, 3, minutes=300)
    skor_hitung(periode=periode, pegawai_ids=[pegawai.pk])
    skor = Skor.objects.get(pegawai=pegawai, periode=periode)
    target = kalender.target_minutes(periode.mulai.year, periode.mulai.month,
                                     pegawai.unit.hari_kerja,
                                     kalender.holidays_between(periode.mulai, periode.selesai))
    productivity = (D(300) / D(target) * 100).quantize(D("0.01"))
    assert (skor.skor_hasil, skor.rating_saran) == (None, "")
    assert (skor.produktivitas, skor.tpp_kinerja) == (productivity, productivity)


def test_the_year_compares_the_year_with_the_annual_target(skp, periode, pegawai, tahun,
                                                           admin_bkd):
    iki = Iki.objects.get(rhk__skp=skp)  # 120 a year
    other = periode.tahun.periode.exclude(pk=periode.pk).order_by("nomor").first()
    done(pegawai, iki, periode.mulai, 8, 30)
    done(pegawai, iki, other.mulai, 8, 24)
    assert skor_hitung_tahun(tahun=tahun, pegawai_ids=[pegawai.pk]) == 1
    year = Skor.objects.get(pegawai=pegawai, nomor=Skor.TAHUNAN)
    [line] = year.baris_iki()
    assert (line["realisasi"], line["target"], line["capaian"]) == (D("54.00"), D("120.00"),
                                                                    D("45.00"))
    assert year.periode is None and year.label == f"Tahun {tahun.tahun}"
    year_days = sum(len(kalender.working_days(tahun.tahun, m, 5,
                                              kalender.holidays_between(
                                                  dt.date(tahun.tahun, 1, 1),
                                                  dt.date(tahun.tahun, 12, 31))))
                    for m in range(1, 13))
    assert year.target_menit == year_days * 300
    for p in tahun.periode.all():
        periode_lock(periode=p, actor=admin_bkd)
    done(pegawai, iki, periode.mulai, 10, 66)
    assert skor_hitung_tahun(tahun=tahun) == 0  # every period closed: the year is final
    assert Skor.objects.get(pk=year.pk).digest == year.digest


def test_people_without_an_approved_skp_get_no_score(skp_pegawai, periode, pegawai):
    done(pegawai, None, periode.mulai, 8, 1)
    skor_hitung(periode=periode)
    assert not Skor.objects.filter(pegawai=pegawai).exists()


def test_the_explanations_of_a_move_and_of_the_year(skp, periode, pegawai, atasan,
                                                    pegawai_lain, bidang_b1, login,
                                                    django_assert_max_num_queries):
    first = Iki.objects.get(rhk__skp=skp)
    moved = Skp.objects.create(pegawai=pegawai, tahun=skp.tahun,
                               jabatan=JabatanFactory(unit=bidang_b1, nama="Analis"),
                               unit=bidang_b1, status=Skp.Status.DISETUJUI)
    second = add_iki(moved, periode, nama="Indikator jabatan baru", bobot="100", target="4")
    done(pegawai, first, periode.mulai, 7, 9, minutes=180)
    done(pegawai, second, periode.mulai, 11, 5, minutes=60)
    skor_hitung(periode=periode, pegawai_ids=[pegawai.pk])
    skor_hitung_tahun(tahun=periode.tahun, pegawai_ids=[pegawai.pk])
    month = Skor.objects.get(pegawai=pegawai, periode=periode)
    year = Skor.objects.get(pegawai=pegawai, nomor=Skor.TAHUNAN)
    client = login(pegawai)
    client.get(f"/skor/{month.pk}/")  # steady state: the nav's cached team is warm
    with django_assert_max_num_queries(12):
        body = client.get(f"/skor/{month.pk}/").content.decode()
    assert 'id="skor-gabungan"' in body and "Analis" in body
    assert "Indikator jabatan baru" in body and "97,50" in body
    assert "120,00 × 100,00 / 100 = 120,00" in body  # the new post's contribution
    body = client.get(f"/skor/{year.pk}/").content.decode()
    assert f"Tahun {periode.tahun.tahun}" in body and f"/skor/{month.pk}/" in body
    assert 'id="aktivitas-dihitung"' not in body
    listing = client.get("/skor/").content.decode()
    assert f"/skor/{year.pk}/" in listing and f"/skor/{month.pk}/" in listing
    assert login(pegawai_lain).get(f"/skor/{year.pk}/").status_code == 404
    assert login(atasan).get(f"/skor/{year.pk}/").status_code == 200


@pytest.mark.parametrize("output, hasil, rating", [
    (11, D("110.00"), "di_atas"),  # the threshold itself is "above expectation"
    (D("10.99"), D("109.90"), "sesuai"),
    (9, D("90.00"), "sesuai"),
    (D("8.99"), D("89.90"), "di_bawah"),
])
def test_the_suggested_rating_thresholds(skp, periode, pegawai, output, hasil, rating):
    done(pegawai, Iki.objects.get(rhk__skp=skp), periode.mulai, 8, output)
    skor_hitung(periode=periode, pegawai_ids=[pegawai.pk])
    skor = Skor.objects.get(pegawai=pegawai, periode=periode)
    assert (skor.skor_hasil, skor.rating_saran) == (hasil, rating)


def test_productivity_and_tpp_are_capped(skp, periode, pegawai):
    """A full month of approved work: productivity stops at 100%, and a result score of
    120% counts as 100 in the TPP component (60 x 100% + 40 x 100%)."""
    iki = Iki.objects.get(rhk__skp=skp)
    for day in kalender.month_days(periode.mulai.year, periode.mulai.month):
        done(pegawai, iki, day, 7, 1, minutes=600)  # 10 hours a day, every day
    skor_hitung(periode=periode, pegawai_ids=[pegawai.pk])
    skor = Skor.objects.get(pegawai=pegawai, periode=periode)
    assert skor.menit_disetujui > skor.target_menit
    assert (skor.produktivitas, skor.skor_hasil, skor.tpp_kinerja) == (
        D("100.00"), D("120.00"), D("100.00"))
