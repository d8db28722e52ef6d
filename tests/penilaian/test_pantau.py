"""Monitoring for BKD and unit leaders: the figures rolled up per unit (late validations,
SKP status, staff predikat, JP), the overview and drill-down pages, their access rules,
the period filter, the curve check and query counts that do not grow with the units or
the people."""

import datetime as dt
import json
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ekinerja.models import UnitKerja
from kinerja.models import Periode
from kinerja.selectors import periode_of
from penilaian import pantau
from penilaian.models import Evaluasi, PredikatUnit, SkorUnit
from penilaian.services import skor_hitung, skor_unit_hitung

from ..factories import UnitKerjaFactory, staff_of
from ..kinerja.conftest import make_year
from ..pelatihan.conftest import jalur  # noqa: F401
from ..pelatihan.helpers import verified
from .helpers import done
from .test_skor_service import iki  # noqa: F401


@pytest.fixture
def periode(tahun):
    return periode_of(timezone.localdate())


def _evaluasi(pegawai, periode, predikat, status="final"):
    return Evaluasi.objects.create(pegawai=pegawai, tahun=periode.tahun, nomor=periode.nomor,
                                   periode=periode, status=status, predikat=predikat)


def _chart(body):
    marker = '<script id="dasbor-data" type="application/json">'
    start = body.index(marker) + len(marker)
    return json.loads(body[start:body.index("</script>", start)])


def test_the_roll_up_counts_late_validations_skp_predikat_and_jp(
        periode, skp_pegawai, pegawai, atasan, kepala_a, bidang_a1, opd_a, instansi,
        pegawai_lain, jalur):  # noqa: F811
    baru = staff_of(bidang_a1, nama="Tanpa SKP")
    day = periode.mulai
    after_cutoff = timezone.make_aware(dt.datetime.combine(periode.cutoff, dt.time(23))) \
        + dt.timedelta(hours=2)
    done(pegawai, None, day, 8, 1, status="diajukan", dieskalasi_pada=timezone.now())
    done(pegawai, None, day, 9, 1, divalidasi_pada=after_cutoff)
    done(pegawai, None, day, 10, 1, status="diajukan")  # waiting: late once the cut-off passed
    done(pegawai, None, day, 11, 1, divalidasi_pada=after_cutoff - dt.timedelta(days=1))
    done(baru, None, day, 8, 1, status="ditolak", divalidasi_pada=after_cutoff)
    _evaluasi(pegawai, periode, "baik")
    _evaluasi(atasan, periode, "sangat_baik")
    _evaluasi(kepala_a, periode, "kurang", status="draft")  # not given yet: not counted
    verified(pegawai, jalur, 20, dt.date(periode.mulai.year, 3, 1))
    verified(atasan, jalur, 19, dt.date(periode.mulai.year, 3, 1))
    verified(atasan, jalur, 5, dt.date(periode.mulai.year - 1, 3, 1))  # last year's

    skor_unit_hitung(periode=periode, today=periode.cutoff)
    bidang = SkorUnit.objects.get(unit=bidang_a1, periode=periode)
    assert bidang.terlambat_validasi == 3  # escalated, validated late twice (one rejected)
    skor_unit_hitung(periode=periode, today=periode.cutoff + dt.timedelta(days=1))
    bidang = SkorUnit.objects.get(unit=bidang_a1, periode=periode)
    opd = SkorUnit.objects.get(unit=opd_a, periode=periode)
    top = SkorUnit.objects.get(unit=instansi, periode=periode)
    assert bidang.terlambat_validasi == 4 and opd.terlambat_validasi == 4
    # bidang A1: the atasan (approved SKP), the employee (a draft) and the newcomer (none).
    assert (bidang.pegawai_aktif, bidang.skp_disetujui, bidang.tanpa_skp) == (3, 1, 1)
    assert (opd.pegawai_aktif, opd.skp_disetujui, opd.tanpa_skp) == (4, 2, 1)
    assert bidang.persen_skp == round(100 / 3, 1)
    assert bidang.predikat == {"baik": 1, "sangat_baik": 1} == opd.predikat
    assert bidang.jumlah_predikat == 2
    assert bidang.jp_patuh == 1 and bidang.persen_jp == round(100 / 3, 1)
    assert top.pegawai_aktif >= opd.pegawai_aktif + 1  # opd B's people too
    assert top.tanpa_skp >= opd.tanpa_skp + 1


def test_the_bkd_overview_lists_opds_and_drills_down_to_people(
        periode, skp_pegawai, pegawai, atasan, bidang_a1, opd_a, opd_b, pegawai_lain,
        admin_bkd, login):
    done(pegawai, None, periode.mulai, 8, 1, status="diajukan", dieskalasi_pada=timezone.now())
    _evaluasi(pegawai, periode, "baik")
    skor_unit_hitung(periode=periode, today=periode.selesai)
    client = login(admin_bkd)
    body = client.get("/pantau/").content.decode()
    assert 'id="unit-anak"' in body and "Dinas A" in body and "Dinas B" in body
    assert f"/pantau/unit/{opd_a.pk}/?periode={periode.pk}" in body
    assert "Pemantauan" in body and "Kelengkapan laporan" in body  # Indonesian
    chart = _chart(body)["pantau"]
    assert ["Baik", 1] in chart["predikat"]
    assert {row[0] for row in chart["kelengkapan"]} >= {"Dinas A", "Dinas B"}
    assert 'id="atasan-terlambat"' not in body  # the instansi page reads aggregates only

    body = client.get(f"/pantau/unit/{opd_a.pk}/").content.decode()
    assert "Bidang A1" in body and 'id="jejak"' in body and "Dinas B" not in body
    assert 'id="atasan-terlambat"' in body and atasan.nama in body  # the late supervisor

    body = client.get(f"/pantau/unit/{bidang_a1.pk}/?periode={periode.pk}").content.decode()
    assert 'id="orang"' in body and pegawai.nama in body and atasan.nama in body
    assert "Baik" in body and "Draf" in body  # the employee's predikat and SKP status


def test_access_for_each_role(periode, iki, pegawai, atasan, kepala_a, bidang_a1,  # noqa: F811
                              opd_a, opd_b, bidang_b1, pegawai_lain, admin_bkd, admin_opd,
                              login):
    done(pegawai, iki, periode.mulai, 8, 3)
    skor_hitung(periode=periode)
    skor_unit_hitung(periode=periode, today=periode.selesai)
    score_link = re.compile(r'href="/skor/\d+/"')
    assert Client().get("/pantau/").status_code == 302  # to the login page
    assert login(pegawai).get("/pantau/").status_code == 404  # neither admin nor head
    assert login(pegawai_lain).get(f"/pantau/unit/{bidang_a1.pk}/").status_code == 404
    head = login(atasan)  # heads bidang A1: their own unit only
    assert "Bidang A1" in head.get("/pantau/").content.decode()
    assert head.get(f"/pantau/unit/{opd_a.pk}/").status_code == 404
    assert head.get(f"/pantau/unit/{bidang_b1.pk}/").status_code == 404
    body = head.get("/pantau/").content.decode()
    assert pegawai.nama in body and not score_link.search(body)  # figures, no score pages
    kepala = login(kepala_a)
    assert kepala.get(f"/pantau/unit/{bidang_a1.pk}/").status_code == 200
    assert kepala.get(f"/pantau/unit/{opd_b.pk}/").status_code == 404
    opd = login(admin_opd)
    assert "Dinas A" in opd.get("/pantau/").content.decode()
    assert opd.get(f"/pantau/unit/{opd_b.pk}/").status_code == 404
    bkd = login(admin_bkd)
    assert bkd.get(f"/pantau/unit/{bidang_b1.pk}/").status_code == 200
    assert score_link.search(bkd.get(f"/pantau/unit/{bidang_a1.pk}/").content.decode())
    assert bkd.get("/pantau/unit/999999/").status_code == 404
    assert bkd.post("/pantau/").status_code == 405


def test_the_period_filter_and_bad_input(tahun, pegawai, bidang_a1, admin_bkd, login):
    now = periode_of(timezone.localdate())
    earlier = Periode.objects.get(tahun=make_year(tahun.tahun - 1, admin_bkd), nomor=12)
    skor_unit_hitung(periode=earlier, today=earlier.selesai)
    client = login(admin_bkd)
    body = client.get("/pantau/").content.decode()  # the newest with figures: `earlier`
    assert f'value="{earlier.pk}" selected' in body
    body = client.get(f"/pantau/?periode={now.pk}").content.decode()
    assert 'id="belum-dihitung"' in body and "dihitung setiap malam" in body
    for bad in ("abc", "999999", "<script>"):
        response = client.get("/pantau/", {"periode": bad})
        assert response.status_code == 400
        body = response.content.decode()
        assert "Periode itu tidak ada" in body and "<script>" not in body
        assert 'id="ringkasan"' in body  # the latest figures are still shown


def test_the_curve_is_checked_against_the_organisation_predikat(
        periode, pegawai, atasan, kepala_a, bidang_a1, opd_a, admin_bkd, login):
    for person in (pegawai, atasan, kepala_a):
        _evaluasi(person, periode, "baik")
    PredikatUnit.objects.create(unit=opd_a, tahun=periode.tahun, predikat="baik",
                                ditetapkan_oleh=admin_bkd)
    skor_unit_hitung(periode=periode, today=periode.selesai)
    client = login(admin_bkd)
    # "Baik": at most 70% Baik, and some Butuh perbaikan or Kurang. All three are Baik.
    body = client.get(f"/pantau/unit/{opd_a.pk}/").content.decode()
    assert 'id="di-luar-kurva"' in body and "paling banyak 70" in body
    assert "di luar kurva" in client.get("/pantau/").content.decode()
    Evaluasi.objects.filter(pegawai=kepala_a).update(predikat="butuh_perbaikan")
    Evaluasi.objects.filter(pegawai=atasan).update(predikat="sangat_baik")
    skor_unit_hitung(periode=periode, today=periode.selesai)
    body = client.get(f"/pantau/unit/{opd_a.pk}/").content.decode()
    assert 'id="di-luar-kurva"' not in body and "Sesuai kurva" in body


def test_unit_names_reach_the_chart_as_inert_json(periode, pegawai, opd_a, admin_bkd, login):
    UnitKerja.objects.filter(pk=opd_a.pk).update(nama="<script>alert(1)</script>")
    skor_unit_hitung(periode=periode, today=periode.selesai)
    body = login(admin_bkd).get("/pantau/").content.decode()
    assert "<script>alert(1)" not in body
    assert ["<script>alert(1)</script>", 0.0] in [
        [name, value * 0] for name, value in _chart(body)["pantau"]["kelengkapan"]]


def test_people_are_paged(periode, pegawai, atasan, bidang_a1, admin_bkd, login, monkeypatch):
    monkeypatch.setattr(pantau, "ORANG_PER_HALAMAN", 1)
    skor_unit_hitung(periode=periode, today=periode.selesai)
    client = login(admin_bkd)
    first = client.get(f"/pantau/unit/{bidang_a1.pk}/?periode={periode.pk}").content.decode()
    second = client.get(f"/pantau/unit/{bidang_a1.pk}/?periode={periode.pk}&hal=2") \
        .content.decode()
    assert "hal=2" in first
    names = {atasan.nama, pegawai.nama}
    assert len({n for n in names if n in first}) == 1 and len({n for n in names
                                                               if n in second}) == 1
    assert client.get(f"/pantau/unit/{bidang_a1.pk}/?hal=xyz").status_code == 200


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_query_count_does_not_grow_with_units_or_people(
        periode, pegawai, atasan, bidang_a1, opd_a, instansi, admin_bkd, login):
    skor_unit_hitung(periode=periode, today=periode.selesai)
    client = login(admin_bkd)
    client.get("/pantau/")  # the curve's first rows are written once
    overview, unit = _count(client, "/pantau/"), _count(client, f"/pantau/unit/{bidang_a1.pk}/")
    for n in range(10):
        opd = UnitKerjaFactory(kode=f"OPD-X{n}", nama=f"Dinas X{n}", parent=instansi,
                               jenis="dinas")
        staff_of(opd)
    for _n in range(12):
        person = staff_of(bidang_a1)
        done(person, None, periode.mulai, 8, 1, status="diajukan")
        _evaluasi(person, periode, "baik")
    skor_unit_hitung(periode=periode, today=periode.selesai)
    assert _count(client, "/pantau/") == overview
    assert _count(client, f"/pantau/unit/{bidang_a1.pk}/") == unit
    assert _count(client, f"/pantau/unit/{opd_a.pk}/") <= unit + 4  # + the late supervisors
    assert overview <= 14
