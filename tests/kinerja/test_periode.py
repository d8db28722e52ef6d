import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ekinerja.models import AuditLog
from kinerja import services
from kinerja.models import Periode, TahunKinerja


def test_a_monthly_year_has_12_periods_with_cutoffs(admin_bkd):
    from .conftest import make_year

    periods = list(make_year(2026, admin_bkd).periode.all())
    assert len(periods) == 12
    assert periods[1].mulai == dt.date(2026, 2, 1) and periods[1].selesai == dt.date(2026, 2, 28)
    assert periods[1].cutoff == dt.date(2026, 3, 5)
    assert periods[11].cutoff == dt.date(2027, 1, 5)


def test_a_quarterly_year_has_4_periods(admin_bkd):
    tahun = services.tahun_kinerja_create(
        tahun=TahunKinerja(tahun=2027, ritme="triwulanan", batas_skp=dt.date(2027, 1, 31),
                           hari_cutoff=10), actor=admin_bkd)
    # (a fixed year: the dates below are the point)
    periods = list(tahun.periode.all())
    assert [(p.mulai.month, p.selesai.month) for p in periods] == [(1, 3), (4, 6), (7, 9),
                                                                    (10, 12)]
    assert periods[0].cutoff == dt.date(2027, 4, 10)


def test_the_same_year_twice_is_refused(tahun, admin_bkd):
    with pytest.raises(ValidationError) as exc:
        services.tahun_kinerja_create(
            tahun=TahunKinerja(tahun=tahun.tahun, ritme="bulanan",
                               batas_skp=dt.date(tahun.tahun, 1, 31), hari_cutoff=5),
            actor=admin_bkd)
    assert "tahun" in exc.value.message_dict
    assert Periode.objects.count() == 12


@pytest.mark.parametrize("field, value", [("hari_cutoff", 31), ("hari_cutoff", 0),
                                          ("batas_skp", dt.date(2020, 1, 1))])
def test_bad_year_settings_are_refused(admin_bkd, db, field, value):
    data = {"tahun": 2028, "ritme": "bulanan", "batas_skp": dt.date(2028, 1, 31),
            "hari_cutoff": 5, field: value}
    with pytest.raises(ValidationError):
        services.tahun_kinerja_create(tahun=TahunKinerja(**data), actor=admin_bkd)
    assert not TahunKinerja.objects.filter(tahun=2028).exists()


def test_locking_is_audited_and_unlocking_needs_a_reason(tahun, admin_bkd):
    periode = tahun.periode.first()
    services.periode_lock(periode=periode, actor=admin_bkd)
    with pytest.raises(ValidationError):
        services.periode_lock(periode=periode, actor=admin_bkd)
    with pytest.raises(ValidationError):
        services.periode_unlock(periode=periode, actor=admin_bkd, alasan="  ")
    periode.refresh_from_db()
    assert periode.terkunci
    services.periode_unlock(periode=periode, actor=admin_bkd, alasan="Koreksi data Januari")
    entry = AuditLog.objects.get(action="periode.unlock")
    assert entry.after == {"alasan": "Koreksi data Januari"}
    assert AuditLog.objects.filter(action="periode.lock").count() == 1
