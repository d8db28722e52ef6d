"""The realisation of an IKI measured by hand: entered by its owner while the period is
open, refused otherwise, audited, and counted in the score."""

from decimal import Decimal as D

import pytest
from django.test import Client
from django.utils import timezone

from ekinerja.models import AuditLog
from kinerja.models import Iki, RealisasiManual
from kinerja.selectors import periode_of
from kinerja.services import periode_lock
from penilaian.models import Skor
from penilaian.services import skor_hitung

from ..kinerja.conftest import approve


@pytest.fixture
def manual(skp_pegawai):
    approve(skp_pegawai)
    iki = Iki.objects.get(rhk__skp=skp_pegawai)  # 10 a month, weight 100
    Iki.objects.filter(pk=iki.pk).update(agregasi="manual")
    return Iki.objects.get(pk=iki.pk)


@pytest.fixture
def periode(manual):
    return periode_of(timezone.localdate())


def url(iki, periode):
    return f"/skor/realisasi/{iki.pk}/{periode.pk}/"


def test_only_the_owner_enters_it(manual, periode, pegawai, atasan, pegawai_lain, admin_bkd,
                                  login):
    assert Client().get(url(manual, periode)).status_code == 302
    for other in (atasan, pegawai_lain, admin_bkd):
        assert login(other).get(url(manual, periode)).status_code == 404
        assert login(other).post(url(manual, periode), {"nilai": "5", "keterangan": "x"}
                                 ).status_code == 404
    assert login(pegawai).get(url(manual, periode)).status_code == 200
    assert login(pegawai).get(f"/skor/realisasi/{manual.pk}/999999/").status_code == 404
    assert not RealisasiManual.objects.exists()


def test_entering_it_counts_in_the_score_and_is_audited(manual, periode, pegawai, login):
    client = login(pegawai)
    month = client.get(f"/aktivitas/bulan/{periode.mulai.year}/{periode.mulai.month}/")
    assert url(manual, periode) in month.content.decode()
    response = client.post(url(manual, periode), {"nilai": "8,5", "keterangan": "Data SIMPEG"})
    assert response.status_code == 302
    row = RealisasiManual.objects.get()
    assert (row.nilai, row.keterangan, row.diisi_oleh) == (D("8.5"), "Data SIMPEG", pegawai)
    # a correction updates the same row
    client.post(url(manual, periode), {"nilai": "9", "keterangan": "Data SIMPEG revisi"})
    assert RealisasiManual.objects.get().nilai == 9
    assert AuditLog.objects.filter(action="realisasi.manual").count() == 2
    skor_hitung(periode=periode, pegawai_ids=[pegawai.pk])
    skor = Skor.objects.get(pegawai=pegawai, periode=periode)
    assert skor.baris_iki()[0]["realisasi"] == 9 and skor.skor_hasil == D("90.00")


@pytest.mark.parametrize("data, field, message", [
    ({"nilai": "", "keterangan": "x"}, "nilai", "tidak boleh kosong"),
    ({"nilai": "-1", "keterangan": "x"}, "nilai", "0"),
    ({"nilai": "sepuluh", "keterangan": "x"}, "nilai", "bilangan"),
    ({"nilai": "1" * 15, "keterangan": "x"}, "nilai", "12 angka"),
    ({"nilai": "5", "keterangan": "  "}, "keterangan", "tidak boleh kosong"),
    ({"nilai": "5", "keterangan": "x" * 501}, "keterangan", "500"),
])
def test_bad_input_is_refused_in_indonesian(manual, periode, pegawai, login, data, field,
                                            message):
    response = login(pegawai).post(url(manual, periode), data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not RealisasiManual.objects.exists()


def test_markup_is_shown_as_text(manual, periode, pegawai, login):
    client = login(pegawai)
    client.post(url(manual, periode), {"nilai": "5", "keterangan": "<script>alert(1)</script>"})
    body = client.get(url(manual, periode)).content.decode()
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body


def test_refused_for_an_activity_based_iki_or_a_closed_period(manual, periode, pegawai,
                                                              admin_bkd, login):
    client = login(pegawai)
    Iki.objects.filter(pk=manual.pk).update(agregasi="jumlah")
    response = client.post(url(manual, periode), {"nilai": "5", "keterangan": "x"})
    assert response.status_code == 400 and "aktivitas" in response.content.decode()
    Iki.objects.filter(pk=manual.pk).update(agregasi="manual")
    periode_lock(periode=periode, actor=admin_bkd)
    response = client.post(url(manual, periode), {"nilai": "5", "keterangan": "x"})
    assert response.status_code == 400 and "ditutup" in response.content.decode()
    assert not RealisasiManual.objects.exists()
