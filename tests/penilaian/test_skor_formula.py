"""Every formula with hand-worked examples. Capaian runs in the database (as part of
the one scoring statement); it is evaluated here on single rows of numbers."""

from decimal import Decimal as D

import pytest
from django.db import connection

from penilaian import skor


def capaian(*, realisasi, target, target_atas, arah, maks):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT ROUND({skor.capaian_sql()}, 2) FROM (SELECT CAST(%(r)s AS numeric) "
                       "AS realisasi, CAST(%(t)s AS numeric) AS target, CAST(%(ta)s AS "
                       "numeric) AS target_atas, %(arah)s AS arah) b",
                       {"r": realisasi, "t": target, "ta": target_atas, "arah": arah,
                        "maks": maks})
        return cursor.fetchone()[0]


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
    ({"realisasi": 4, "target": 2, "target_atas": 4, "arah": "rentang"}, D("100.00")),
    ({"realisasi": 2, "target": 2, "target_atas": 4, "arah": "rentang"}, D("100.00")),
    ({"realisasi": 2, "target": 2, "target_atas": None, "arah": "turun"}, D("100.00")),
    ({"realisasi": 2, "target": 3, "target_atas": None, "arah": "naik"}, D("66.67")),
])
def test_capaian(db, kwargs, expected):
    values = {k: D(v) if isinstance(v, int) else v for k, v in kwargs.items()}
    assert capaian(maks=D(120), **values) == expected


def test_no_target_no_capaian(db):
    assert capaian(realisasi=D(5), target=D(0), target_atas=None, arah="naik",
                   maks=D(120)) is None
    assert capaian(realisasi=D(5), target=None, target_atas=None, arah="naik",
                   maks=D(120)) is None
