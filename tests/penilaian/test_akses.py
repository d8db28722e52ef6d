"""The appraisal's admin pages and actions are behind the core's gates (ekinerja.access):
a role that may never use one gets 403, whatever the object; an object outside the
user's scope is 404."""

import pytest
from django.urls import resolve, reverse

GATED = [
    # (url name, args, gate)
    ("layanan_list", [], "admin"),
    ("layanan_baru", [], "admin"),
    ("layanan_ubah", [1], "admin"),
    ("ikm_sembunyikan", [1, 1], "admin"),
    ("skor_recompute", [], "admin"),
    ("tugas_hitung", [1], "admin"),
    ("tugas_hitung_status", [1], "admin"),
    ("kurva_batas", [], "bkd"),
]


@pytest.mark.parametrize("name, args, gate", GATED)
def test_admin_views_carry_their_gate(name, args, gate):
    assert getattr(resolve(reverse(name, args=args)).func, "gerbang", None) == gate


@pytest.mark.parametrize("name, args", [(n, a) for n, a, _gate in GATED])
def test_someone_without_an_admin_scope_gets_403(name, args, pegawai, login):
    client = login(pegawai)
    url = reverse(name, args=args)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403


def test_voiding_answers_is_bkd_only(pegawai, atasan, admin_opd, admin_bkd, login):
    """ikm.batal_view (require_bkd inside the view): 403 for every other role before any
    service unit is looked up; for BKD, a unit that does not exist is 404."""
    url = reverse("ikm_batal", args=[999999])
    for other in (pegawai, atasan, admin_opd):
        assert login(other).post(url).status_code == 403
    assert login(admin_bkd).post(url).status_code == 404
