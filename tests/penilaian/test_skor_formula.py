"""Every formula with hand-worked examples."""

from decimal import Decimal as D

import pytest

from penilaian import skor


@pytest.mark.parametrize("kwargs, expected", [
    ({"realisasi": 9, "target": 10, "target_atas": None, "arah": "naik"}, D("90.00")),
    ({"realisasi": 15, "target": 10, "target_atas": None, "arah": "naik"}, D("120.00")),  # cap
    ({"realisasi": 0, "target": 10, "target_atas": None, "arah": "naik"}, D("0.00")),
    ({"realisasi": 4, "target": 2, "target_atas": None, "arah": "turun"}, D("50.00")),
    ({"realisasi": 1, "target": 2, "target_atas": None, "arah": "turun"}, D("120.00")),
    ({"realisasi": 0, "target": 2, "target_atas": None, "arah": "turun"}, D("120.00")),
    ({"realisasi": 3, "target": 2, "target_atas": 4, "arah": "rentang"}, D("100.00")),
    ({"realisasi": 5, "target": 2, "target_atas": 4, "arah": "rentang"}, D("80.00")),
    ({"realisasi": 1, "target": 2, "target_atas": 4, "arah": "rentang"}, D("50.00")),
    ({"realisasi": 2, "target": 3, "target_atas": None, "arah": "naik"}, D("66.67")),
])
def test_capaian(kwargs, expected):
    values = {k: D(v) if isinstance(v, int) else v for k, v in kwargs.items()}
    assert skor.capaian(maks=D(120), **values) == expected


def test_no_target_no_capaian():
    assert skor.capaian(realisasi=D(5), target=D(0), target_atas=None, arah="naik",
                        maks=D(120)) is None


def test_two_skps_are_weighted_by_their_minutes():
    # moved mid-month: 90 over 3,000 minutes, 110 over 1,000 -> (270,000 + 110,000) / 4,000
    assert skor.skor_gabungan([(D(90), 3000), (D(110), 1000)]) == D("95.00")
    assert skor.skor_gabungan([(D(90), 0), (D(100), 0)]) == D("95.00")  # no minutes: mean
    assert skor.skor_gabungan([(D("87.5"), 0)]) == D("87.5")
    assert skor.skor_gabungan([]) is None  # only qualitative SKPs


def test_a_qualitative_skp_suggests_nothing_and_tpp_follows_productivity():
    assert skor.rating_saran(None, ambang_di_atas=D(110), ambang_sesuai=D(90)) == ""
    assert skor.tpp_kinerja(produktivitas=D("85.71"), skor_hasil=None,
                            bobot_produktivitas=D(60), bobot_hasil=D(40)) == D("85.71")


def test_result_score_is_the_weighted_sum():
    # 60% weight at 90% capaian, 40% at 120%: 54 + 48 = 102
    assert skor.skor_hasil([(D(90), D(60)), (D(120), D(40))]) == D("102.00")
    assert skor.skor_hasil([(None, D(100))]) == D("0.00")


def test_productivity_is_capped_at_100():
    assert skor.produktivitas(5400, 6300) == D("85.71")
    assert skor.produktivitas(7000, 6300) == D("100.00")
    assert skor.produktivitas(100, 0) == D("0.00")


@pytest.mark.parametrize("value, rating", [(D(110), "di_atas"), (D("109.99"), "sesuai"),
                                           (D(90), "sesuai"), (D("89.99"), "di_bawah")])
def test_suggested_rating_thresholds(value, rating):
    assert skor.rating_saran(value, ambang_di_atas=D(110), ambang_sesuai=D(90)) == rating


def test_tpp_component_mixes_productivity_and_result():
    # 60/40: 85.71 x 0.6 + 100 (102 capped) x 0.4 = 51.426 + 40 = 91.43
    assert skor.tpp_kinerja(produktivitas=D("85.71"), skor_hasil=D(102),
                            bobot_produktivitas=D(60), bobot_hasil=D(40)) == D("91.43")
