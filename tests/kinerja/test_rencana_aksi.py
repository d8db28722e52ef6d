"""Quarterly action plans (rencana aksi, BKN e-Kinerja) under an RHK: kept by the owner,
each activity pointing to one of its IKI's RHK and its date's quarter; the pages' access."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ekinerja.models import AuditLog
from kinerja import services
from kinerja.models import Aktivitas, Iki, RencanaAksi, Rhk

from .conftest import approve

T = dt.time


@pytest.fixture
def iki(skp_pegawai):
    approve(skp_pegawai)
    return Iki.objects.get(rhk__skp=skp_pegawai)


def _plan(rhk, actor, *, triwulan, uraian="Menyusun laporan bulanan", target=3,
          satuan="Laporan"):
    return services.rencana_aksi_save(
        rencana=RencanaAksi(rhk=rhk, triwulan=triwulan, uraian=uraian, target=target,
                            satuan=satuan), actor=actor)


def _activity(pegawai, iki, day, rencana, **kw):
    return services.aktivitas_save(aktivitas=Aktivitas(
        pegawai=pegawai, tanggal=day, mulai=T(8), selesai=T(9), uraian="Menyusun laporan",
        kategori="iki", iki=iki, rencana_aksi=rencana, **kw), actor=pegawai)


def _messages(exc):
    return " ".join(exc.value.messages)


def test_the_owner_plans_a_quarter_and_it_is_audited(iki, pegawai):
    plan = _plan(iki.rhk, pegawai, triwulan=2, uraian="  Menyusun   laporan  ",
                 satuan=" Laporan ")
    assert (plan.uraian, plan.satuan, plan.target) == ("Menyusun laporan", "Laporan", 3)
    assert AuditLog.objects.filter(action="rencana_aksi.create", target_id=str(plan.pk)).exists()


@pytest.mark.parametrize("change, fragment", [
    ({"triwulan": 0}, "1"),
    ({"triwulan": 5}, "4"),
    ({"target": 0}, "1"),
    ({"uraian": ""}, "tidak boleh kosong"),
    ({"satuan": ""}, "tidak boleh kosong"),
    ({"uraian": "x" * 501}, "500"),
])
def test_a_bad_plan_is_refused_in_indonesian_and_nothing_is_saved(iki, pegawai, change,
                                                                   fragment):
    data = {"triwulan": 1, "uraian": "Rapat koordinasi", "target": 2, "satuan": "Kegiatan",
            **change}
    with pytest.raises(ValidationError) as exc:
        services.rencana_aksi_save(rencana=RencanaAksi(rhk=iki.rhk, **data), actor=pegawai)
    assert fragment in _messages(exc)
    assert not RencanaAksi.objects.exists()


def test_the_same_plan_twice_in_a_quarter_is_refused(iki, pegawai):
    _plan(iki.rhk, pegawai, triwulan=1)
    with pytest.raises(ValidationError) as exc:
        _plan(iki.rhk, pegawai, triwulan=1)
    assert "sudah memiliki rencana aksi ini" in _messages(exc)
    _plan(iki.rhk, pegawai, triwulan=2)  # the same words in another quarter are another plan
    assert RencanaAksi.objects.count() == 2


def test_only_the_owner_keeps_the_plans(iki, pegawai, atasan):
    with pytest.raises(ValidationError) as exc:
        _plan(iki.rhk, atasan, triwulan=1)
    assert "Hanya pegawai" in _messages(exc)
    plan = _plan(iki.rhk, pegawai, triwulan=1)
    with pytest.raises(ValidationError):
        services.rencana_aksi_delete(rencana=plan, actor=atasan)
    assert RencanaAksi.objects.filter(pk=plan.pk).exists()


@pytest.mark.kalender
def test_an_activity_points_to_a_plan_of_its_quarter_and_its_ikis_rhk(iki, pegawai,
                                                                       hari_lapor):
    quarter = RencanaAksi.triwulan_of(hari_lapor)
    plan = _plan(iki.rhk, pegawai, triwulan=quarter)
    other_quarter = _plan(iki.rhk, pegawai, triwulan=quarter % 4 + 1)
    other_rhk = Rhk.objects.create(skp=iki.rhk.skp, jenis="tambahan", uraian="Tugas lain")
    of_other_rhk = _plan(other_rhk, pegawai, triwulan=quarter)

    with pytest.raises(ValidationError) as exc:
        _activity(pegawai, iki, hari_lapor, other_quarter)
    assert f"triwulan {quarter % 4 + 1}" in _messages(exc)
    assert f"triwulan {quarter}" in _messages(exc)
    with pytest.raises(ValidationError) as exc:
        _activity(pegawai, iki, hari_lapor, of_other_rhk)
    assert "RHK lain" in _messages(exc)
    assert not Aktivitas.objects.exists()

    saved = _activity(pegawai, iki, hari_lapor, plan)
    assert saved.rencana_aksi == plan
    # An additional task advances no IKI, so no action plan either.
    extra = services.aktivitas_save(aktivitas=Aktivitas(
        pegawai=pegawai, tanggal=hari_lapor, mulai=T(10), selesai=T(11), uraian="Rapat",
        kategori="tugas_tambahan", rencana_aksi=plan), actor=pegawai)
    assert extra.rencana_aksi is None


def test_a_plan_in_use_is_not_deleted(iki, pegawai, hari_lapor):
    plan = _plan(iki.rhk, pegawai, triwulan=RencanaAksi.triwulan_of(hari_lapor))
    _activity(pegawai, iki, hari_lapor, plan)
    with pytest.raises(ValidationError) as exc:
        services.rencana_aksi_delete(rencana=plan, actor=pegawai)
    assert "1 aktivitas" in _messages(exc)
    unused = _plan(iki.rhk, pegawai, triwulan=plan.triwulan % 4 + 1)
    services.rencana_aksi_delete(rencana=unused, actor=pegawai)
    assert list(RencanaAksi.objects.all()) == [plan]
    assert AuditLog.objects.filter(action="rencana_aksi.delete").count() == 1


def test_the_day_form_offers_the_quarters_plans_only(iki, pegawai, hari_lapor, login):
    quarter = RencanaAksi.triwulan_of(hari_lapor)
    _plan(iki.rhk, pegawai, triwulan=quarter, uraian="Rencana kuartal ini")
    _plan(iki.rhk, pegawai, triwulan=quarter % 4 + 1, uraian="Rencana kuartal lain")
    page = login(pegawai).get(f"/aktivitas/hari/{hari_lapor}/").content.decode()
    assert 'name="rencana_aksi"' in page
    assert "Rencana kuartal ini" in page and "Rencana kuartal lain" not in page


def test_the_day_form_has_no_plan_field_without_plans(iki, pegawai, hari_lapor, login):
    page = login(pegawai).get(f"/aktivitas/hari/{hari_lapor}/").content.decode()
    assert 'name="rencana_aksi"' not in page


# --- pages and access ----------------------------------------------------------------------


def test_the_owner_adds_edits_and_deletes_a_plan_through_the_pages(iki, pegawai, login):
    client = login(pegawai)
    skp = iki.rhk.skp
    detail = client.get(f"/skp/{skp.pk}/").content.decode()
    assert "Tambah rencana aksi" in detail
    url = f"/skp/{skp.pk}/rhk/{iki.rhk.pk}/rencana-aksi/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"triwulan": 3, "uraian": "Menyusun notulen",
                                 "target": 4, "satuan": "Dokumen"})
    assert response.status_code == 302
    plan = RencanaAksi.objects.get()
    assert "Menyusun notulen" in client.get(f"/skp/{skp.pk}/").content.decode()
    response = client.post(f"/skp/{skp.pk}/rencana-aksi/{plan.pk}/",
                           {"triwulan": 3, "uraian": "Menyusun notulen rapat", "target": 5,
                            "satuan": "Dokumen"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.uraian, plan.target) == ("Menyusun notulen rapat", 5)
    assert client.post(f"/skp/{skp.pk}/rencana-aksi/{plan.pk}/hapus/").status_code == 302
    assert not RencanaAksi.objects.exists()


def test_a_bad_plan_on_the_page_says_why_and_saves_nothing(iki, pegawai, login):
    skp = iki.rhk.skp
    response = login(pegawai).post(f"/skp/{skp.pk}/rhk/{iki.rhk.pk}/rencana-aksi/",
                                   {"triwulan": 9, "uraian": "", "target": "-1",
                                    "satuan": "Dokumen"})
    assert response.status_code == 400  # the form again, with its errors
    page = response.content.decode()
    assert "tidak boleh kosong" in page
    assert not RencanaAksi.objects.exists()


def test_access_to_the_plan_pages(iki, pegawai, atasan, pegawai_lain, admin_opd, admin_bkd,
                                  login, client):
    skp = iki.rhk.skp
    plan = _plan(iki.rhk, pegawai, triwulan=1)
    data = {"triwulan": 1, "uraian": "Diubah orang lain", "target": 1, "satuan": "Dokumen"}
    urls = [f"/skp/{skp.pk}/rhk/{iki.rhk.pk}/rencana-aksi/",
            f"/skp/{skp.pk}/rencana-aksi/{plan.pk}/"]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: to the login page
        assert login(pegawai).get(url).status_code == 200
        assert login(pegawai_lain).get(url).status_code == 404
        assert login(pegawai_lain).post(url, data).status_code == 404
        for who in (atasan, admin_opd, admin_bkd):  # they see the SKP, but it is not theirs
            assert login(who).post(url, data).status_code == 403
    delete = f"/skp/{skp.pk}/rencana-aksi/{plan.pk}/hapus/"
    assert client.post(delete).status_code == 302 and RencanaAksi.objects.filter(
        pk=plan.pk).exists()
    assert login(pegawai_lain).post(delete).status_code == 404
    assert login(atasan).post(delete).status_code == 403
    plan.refresh_from_db()
    assert plan.uraian == "Menyusun laporan bulanan"
    # The atasan sees the plans on the SKP, without the links to change them.
    page = login(atasan).get(f"/skp/{skp.pk}/").content.decode()
    assert "Menyusun laporan bulanan" in page and "Tambah rencana aksi" not in page


def test_a_plan_of_another_skp_is_404_through_this_one(iki, pegawai, skp_atasan, atasan,
                                                       login):
    foreign = _plan(skp_atasan.rhk.first(), atasan, triwulan=1)
    skp = iki.rhk.skp
    client = login(pegawai)
    assert client.get(f"/skp/{skp.pk}/rencana-aksi/{foreign.pk}/").status_code == 404
    assert client.post(f"/skp/{skp.pk}/rencana-aksi/{foreign.pk}/hapus/").status_code == 404
    assert client.get(f"/skp/{skp.pk}/rhk/{skp_atasan.rhk.first().pk}/rencana-aksi/"
                      ).status_code == 404
    assert RencanaAksi.objects.filter(pk=foreign.pk).exists()
