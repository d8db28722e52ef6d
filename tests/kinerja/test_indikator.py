import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kinerja import services
from kinerja.models import Iki, IndikatorVersi, Rhk


def _versi(**kw):
    data = {"nama": "Jumlah dokumen yang diselesaikan", "satuan": "dokumen",
            "aspek": "kuantitas", "arah": "naik", "agregasi": "jumlah"}
    return IndikatorVersi(**{**data, **kw})


def test_an_unused_indicator_is_edited_in_place(indikator, admin_bkd):
    services.indikator_update(indikator=indikator, versi=_versi(nama="Dokumen selesai"),
                              actor=admin_bkd)
    assert list(indikator.versi.values_list("nama", flat=True)) == ["Dokumen selesai"]


def test_a_used_indicator_gets_a_new_version_and_old_plans_keep_theirs(indikator, admin_bkd,
                                                                        pegawai, tahun):
    skp = services.skp_create(pegawai=pegawai, tahun=tahun, actor=pegawai)
    rhk = services.rhk_save(rhk=Rhk(skp=skp, jenis="tambahan", uraian="x"), actor=pegawai)
    old = indikator.versi.get()
    iki = services.iki_save(iki=Iki(rhk=rhk, indikator_versi=old, target=10), actor=pegawai)
    start = old.berlaku_mulai + dt.timedelta(days=30)
    services.indikator_update(indikator=indikator, versi=_versi(
        nama="Dokumen final", satuan="berkas", berlaku_mulai=start), actor=admin_bkd)
    assert indikator.versi.count() == 2
    iki.refresh_from_db()
    assert iki.indikator_versi_id == old.pk and iki.nama == old.nama
    assert services.indikator_versi_current(indikator, on=start).nama == "Dokumen final"
    assert services.indikator_versi_current(indikator, on=old.berlaku_mulai).pk == old.pk


def test_a_new_version_must_start_after_the_current_one(indikator, admin_bkd, pegawai, tahun):
    skp = services.skp_create(pegawai=pegawai, tahun=tahun, actor=pegawai)
    rhk = services.rhk_save(rhk=Rhk(skp=skp, jenis="tambahan", uraian="x"), actor=pegawai)
    services.iki_save(iki=Iki(rhk=rhk, indikator_versi=indikator.versi.get(), target=10),
                      actor=pegawai)
    with pytest.raises(ValidationError) as exc:
        services.indikator_update(indikator=indikator, versi=_versi(nama="Lain"),
                                  actor=admin_bkd)
    assert "berlaku_mulai" in exc.value.message_dict
    assert indikator.versi.count() == 1


def test_a_library_iki_takes_its_meaning_from_the_version(indikator, pegawai, tahun):
    skp = services.skp_create(pegawai=pegawai, tahun=tahun, actor=pegawai)
    rhk = services.rhk_save(rhk=Rhk(skp=skp, jenis="tambahan", uraian="x"), actor=pegawai)
    iki = services.iki_save(iki=Iki(rhk=rhk, indikator_versi=indikator.versi.get(),
                                    nama="diabaikan", satuan="x", aspek="biaya", target=12),
                            actor=pegawai)
    assert (iki.nama, iki.satuan, iki.aspek) == ("Jumlah dokumen yang diselesaikan", "dokumen",
                                                 "kuantitas")
