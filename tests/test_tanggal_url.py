"""Property: no date, year or month in a URL or query string makes the server fail. Out of
range (year 1 or 9999, month 13, a date past what Python can add a day to) or not a date
at all, the answer is a page, a redirect, 400 or 404: never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .kinerja.conftest import tahun  # noqa: F401

YEARS = st.one_of(st.integers(0, 10_000), st.sampled_from([1, 1999, 2000, 2100, 2101,
                                                          9999, 10**12]))
MONTHS = st.one_of(st.integers(0, 13), st.sampled_from([99, 10**9]))
DAYS = st.one_of(
    st.builds(lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}", st.integers(0, 9999),
              st.integers(0, 13), st.integers(0, 32)),
    st.sampled_from(["9999-12-31", "0001-01-01", "2026-02-29", "2024-02-29", "2026-13-01",
                     "20261014", "kemarin", "2026-10-14T10:00", "-2026-10-14"]))

DAY_URLS = ["/aktivitas/hari/{d}/", "/aktivitas/hari/{d}/status/"]
MONTH_URLS = ["/aktivitas/bulan/{y}/{m}/", "/aktivitas/bulan/{y}/{m}/status/",
              "/aktivitas/bulan/{y}/{m}/pdf/"]
YEAR_URLS = ["/pelatihan/rencana/{y}/", "/pelatihan/rencana/{y}/pegawai/{p}/",
             "/evaluasi/nilai/{p}/{y}/{m}/", "/kurva/{u}/{y}/", "/pelatihan/kepatuhan/?tahun={y}",
             "/skp/matriks/?tahun={y}", "/pantau/?periode={y}", "/evaluasi/tim/?nomor={m}",
             "/adopsi/?minggu={d}"]

QUICK = settings(max_examples=25, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def clients(login, pegawai, atasan, admin_bkd, tahun):  # noqa: F811
    return [login(pegawai), login(atasan), login(admin_bkd)]


def _check(clients, url):
    for client in clients:
        status = client.get(url).status_code
        assert status in (200, 302, 400, 403, 404), (url, status)


@QUICK
@given(day=DAYS)
def test_a_day_in_the_url(clients, day):
    for template in DAY_URLS:
        _check(clients, template.format(d=day))


@QUICK
@given(year=YEARS, month=MONTHS)
def test_a_month_in_the_url(clients, year, month):
    for template in MONTH_URLS:
        _check(clients, template.format(y=year, m=month))


@QUICK
@given(year=YEARS, month=MONTHS, day=DAYS)
def test_a_year_in_the_url_or_the_query(clients, pegawai, opd_a, year, month, day):
    for template in YEAR_URLS:
        _check(clients, template.format(y=year, m=month, d=day, p=pegawai.pk, u=opd_a.pk))
