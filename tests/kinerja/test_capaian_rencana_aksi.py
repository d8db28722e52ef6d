"""How far the quarter's action plans are filled by reported daily progress: the atasan's
team and a unit in a monitoring scope, the figures, the quarter chosen, access and the
query count."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kinerja import services
from kinerja.models import Aktivitas, Iki, RencanaAksi
from kinerja.selectors import capaian_unit

from .conftest import approve

T = dt.time
TIM, UNIT = "/aktivitas/rencana-aksi/tim/", "/aktivitas/rencana-aksi/unit/"


@pytest.fixture
def iki(skp_pegawai):
    approve(skp_pegawai)
    return Iki.objects.get(rhk__skp=skp_pegawai)


def _plan(iki, pegawai, quarter, uraian, target):
    return services.rencana_aksi_save(rencana=RencanaAksi(
        rhk=iki.rhk, triwulan=quarter, uraian=uraian, target=target, satuan="Dokumen"),
        actor=pegawai)


def _progress(pegawai, iki, day, hour, plan, output, submit=True):
    item = services.aktivitas_save(aktivitas=Aktivitas(
        pegawai=pegawai, tanggal=day, mulai=T(hour), selesai=T(hour, 30), uraian="Kerja",
        kategori="iki", iki=iki, rencana_aksi=plan, output=Decimal(output)), actor=pegawai)
    if submit:
        services.aktivitas_submit(items=[item], actor=pegawai)
    return item


@pytest.fixture
def filled(iki, pegawai, hari_lapor):
    """Two plans this quarter (targets 4 and 2): 2 reported on the first, a draft of 3
    more that does not count, nothing on the second: (2/4 + 0) / 2 = 25%."""
    quarter = RencanaAksi.triwulan_of(hari_lapor)
    first = _plan(iki, pegawai, quarter, "Menyusun laporan", 4)
    _plan(iki, pegawai, quarter, "Rapat evaluasi", 2)
    _progress(pegawai, iki, hari_lapor, 8, first, "2")
    _progress(pegawai, iki, hari_lapor, 10, first, "3", submit=False)
    return hari_lapor.year, quarter


def _row(page, nip):
    start = page.index(nip)
    return page[start:page.index("</tr>", start)]


@pytest.mark.kalender
def test_the_atasan_sees_each_ones_fill_rate_of_the_quarter(filled, pegawai, atasan, login):
    year, quarter = filled
    response = login(atasan).get(TIM, {"triwulan": f"{year}-{quarter}"})
    assert response.status_code == 200
    page = response.content.decode()
    row = _row(page, pegawai.nip)
    assert [cell.split(">")[-1] for cell in row.split("</td>")[1:5]] == ["2", "1", "1", "25,0%"]
    assert 'id="capaian-ringkas"' in page and "25,0%" in page


def test_another_quarter_has_its_own_plans(filled, pegawai, atasan, login):
    year, quarter = filled
    other = f"{year - 1}-4"
    page = login(atasan).get(TIM, {"triwulan": other}).content.decode()
    assert "tanpa rencana" in _row(page, pegawai.nip)


def test_a_quarter_not_offered_is_refused_in_indonesian(pegawai, atasan, login, tahun):
    response = login(atasan).get(TIM, {"triwulan": "2019-1"})
    assert response.status_code == 400
    assert "pilihan yang valid" in response.content.decode()


def test_a_unit_shows_its_subtree_its_sub_units_and_its_people(filled, pegawai, admin_opd,
                                                               opd_a, bidang_a1, login):
    year, quarter = filled
    client = login(admin_opd)
    page = client.get(UNIT, {"triwulan": f"{year}-{quarter}"}).content.decode()
    assert opd_a.nama in page
    child = page[page.index('id="capaian-anak"'):]
    assert bidang_a1.nama in child[:child.index("</table>")]
    detail = client.get(f"{UNIT}{bidang_a1.pk}/", {"triwulan": f"{year}-{quarter}"})
    assert detail.status_code == 200
    assert "25,0%" in _row(detail.content.decode(), pegawai.nip)


def test_access(filled, pegawai, atasan, pegawai_lain, admin_opd, admin_bkd, bidang_a1,
                bidang_b1, login, client):
    assert client.get(TIM).status_code == 302  # anonymous: to the login page
    assert client.get(UNIT).status_code == 302
    assert login(pegawai).get(TIM).status_code == 403  # no team
    assert login(pegawai).get(UNIT).status_code == 404  # no monitoring scope
    assert login(atasan).get(TIM).status_code == 200
    assert login(admin_opd).get(f"{UNIT}{bidang_b1.pk}/").status_code == 404  # another OPD
    assert login(pegawai_lain).get(f"{UNIT}{bidang_a1.pk}/").status_code == 404
    assert login(admin_bkd).get(f"{UNIT}{bidang_a1.pk}/").status_code == 200
    assert pegawai.nip not in login(pegawai_lain).get(TIM).content.decode()


def test_a_units_page_takes_the_same_queries_for_one_or_many(filled, iki, pegawai, opd_a,
                                                              hari_lapor):
    year, quarter = filled
    with CaptureQueriesContext(connection) as few:
        capaian_unit(opd_a, year, quarter)
    plans = [_plan(iki, pegawai, quarter, f"Rencana {n}", 1) for n in range(5)]
    for hour, plan in zip(range(11, 16), plans, strict=True):
        _progress(pegawai, iki, hari_lapor, hour, plan, "1")
    with CaptureQueriesContext(connection) as many:
        data = capaian_unit(opd_a, year, quarter)
    assert len(many) == len(few)
    assert data["ringkas"]["berencana"] == 1
