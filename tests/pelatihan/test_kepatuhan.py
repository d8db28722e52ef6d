"""Who is under their JP right: the atasan's team, an admin's scope with the OPD compliance
rate, sorting and filtering, the last-quarter reminder list, and constant query counts."""

import datetime as dt

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ekinerja.models import Pegawai
from pelatihan.selectors import kepatuhan, kepatuhan_opd

from ..factories import staff_of
from .helpers import verified

YEAR = timezone.localdate().year


def _in_year(day=15):
    return min(dt.date(YEAR, 1, day), timezone.localdate())


def _table(response):
    """The people table of the page (the user's own name is also in the menu)."""
    body = response.content.decode()
    return body[body.index('id="kepatuhan"'):]


def test_the_atasan_sees_their_team_only(jalur, pegawai, atasan, pegawai_lain, login):
    verified(pegawai, jalur, 12, _in_year())
    body = login(atasan).get("/pelatihan/kepatuhan/").content.decode()
    assert pegawai.nama in body and pegawai_lain.nama not in body
    row = kepatuhan(Pegawai.objects.filter(pk=pegawai.pk), YEAR).get()
    assert (row.jp_kl, row.jp_nkl, row.jp_dihitung, row.hak, row.jp_kurang) == (12, 0, 12, 20, 8)
    # Someone with no team and no scope sees no one.
    outsider = login(pegawai_lain).get("/pelatihan/kepatuhan/").content.decode()
    assert pegawai.nama not in outsider and "tidak memiliki tim" in outsider


def test_pns_and_pppk_and_the_year_boundary(jalur, pegawai, atasan):
    pppk = staff_of(pegawai.unit, nama="Pegawai PPPK", jenis="PPPK", golongan="IX")
    verified(pppk, jalur, 30, _in_year())  # above the PPPK ceiling: 24 count
    verified(pegawai, jalur, 20, dt.date(YEAR - 1, 12, 31))  # last year's
    verified(pegawai, jalur, 6, _in_year(), kode="NKL01")
    rows = {p.pk: p for p in kepatuhan(Pegawai.objects.filter(pk__in=[pppk.pk, pegawai.pk]),
                                       YEAR)}
    assert (rows[pppk.pk].jp_dihitung, rows[pppk.pk].hak, rows[pppk.pk].jp_kurang) == (24, 24, 0)
    assert (rows[pegawai.pk].jp_nkl, rows[pegawai.pk].jp_kurang) == (6, 14)
    last = kepatuhan(Pegawai.objects.filter(pk=pegawai.pk), YEAR - 1).get()
    assert last.jp_kurang == 0


def test_the_bkd_sees_the_rate_per_opd(jalur, pegawai, atasan, kepala_a, admin_opd,
                                       pegawai_lain, admin_bkd, opd_a, opd_b, instansi, login):
    verified(pegawai, jalur, 20, _in_year())
    verified(pegawai_lain, jalur, 19, _in_year())
    rates = {r["unit"].pk: (r["n"], r["patuh"], r["persen"])
             for r in kepatuhan_opd(instansi, YEAR)}
    assert rates[opd_a.pk] == (4, 1, 25.0)  # kepala_a, atasan, pegawai, admin_opd
    assert rates[opd_b.pk] == (2, 0, 0.0)  # admin_bkd, pegawai_lain (19 of 20)
    client = login(admin_bkd)
    body = client.get("/pelatihan/kepatuhan/").content.decode()
    assert "25,0%" in body or "25.0%" in body
    # Drill down to an OPD; only those under their right; most missing first.
    body = _table(client.get(f"/pelatihan/kepatuhan/?unit={opd_b.pk}&kurang=1"))
    assert pegawai_lain.nama in body and pegawai.nama not in body
    assert body.index(admin_bkd.nama) < body.index(pegawai_lain.nama)  # 20 missing, then 1
    body = _table(client.get(f"/pelatihan/kepatuhan/?unit={opd_b.pk}&urut=-jp"))
    assert body.index(pegawai_lain.nama) < body.index(admin_bkd.nama)


def test_an_admin_opd_stays_in_scope(jalur, pegawai, pegawai_lain, admin_opd, opd_b, login):
    client = login(admin_opd)
    body = client.get("/pelatihan/kepatuhan/").content.decode()
    assert pegawai.nama in body and pegawai_lain.nama not in body
    assert client.get(f"/pelatihan/kepatuhan/?unit={opd_b.pk}").status_code == 404
    assert client.get("/pelatihan/kepatuhan/?urut=password&tahun=abc").status_code == 200


def test_the_reminder_list_in_the_last_quarter(jalur, pegawai, atasan, login, monkeypatch):
    colleague = staff_of(pegawai.unit, nama="Rekan Patuh")
    verified(colleague, jalur, 20, _in_year())
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(YEAR, 12, 1))
    body = login(atasan).get("/pelatihan/pengingat/").content.decode()
    assert "30 hari" in body and pegawai.nama in body and "Rekan Patuh" not in body
    mine = login(pegawai).get("/pelatihan/").content.decode()
    assert "30 hari" in mine and "20 JP" in mine
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: dt.date(YEAR, 9, 30))
    assert "30 hari" not in login(pegawai).get("/pelatihan/").content.decode()


def test_anonymous_is_sent_to_log_in(db, client):
    response = client.get("/pelatihan/kepatuhan/")
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_query_counts_do_not_grow_with_the_team(jalur, pegawai, atasan, admin_bkd, login):
    def count(client, url):
        cache.clear()  # the team list is cached; count the queries that build it
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    atasan_client, bkd_client = login(atasan), login(admin_bkd)
    for _ in range(4):
        verified(staff_of(pegawai.unit), jalur, 4, _in_year())
    small = (count(atasan_client, "/pelatihan/kepatuhan/?lingkup=tim"),
             count(bkd_client, "/pelatihan/kepatuhan/"))
    for n in range(40):
        verified(staff_of(pegawai.unit), jalur, 4 + n % 20, _in_year())
    big = (count(atasan_client, "/pelatihan/kepatuhan/?lingkup=tim"),
           count(bkd_client, "/pelatihan/kepatuhan/"))
    assert big == small
    assert max(big) <= 16
