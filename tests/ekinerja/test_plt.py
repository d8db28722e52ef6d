"""Acting officials (Plt/Plh): recorded by admins in scope, refused when they overlap,
and carrying the post's supervisory rights only while they run."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from ekinerja.models import AuditLog, PenugasanPlt
from ekinerja.selectors import atasan_for, bawahan_for
from kinerja.access import may_decide
from kinerja.models import Aktivitas
from penilaian.services import aktivitas_approve
from tests.factories import JabatanFactory, UnitKerjaFactory, staff_of

TODAY = timezone.localdate


@pytest.fixture
def vacant(opd_a):
    """A bidang whose head post is vacant, with one staff member."""
    unit = UnitKerjaFactory(kode="DINAS-A-B2", nama="Bidang A2", parent=opd_a)
    post = JabatanFactory(unit=unit, kepala_unit=True, jenis="administrator",
                          kelas_jabatan=11, nama="Kepala Bidang A2")
    return post, staff_of(unit, nama="Staf A2")


def record(client, **data):
    return client.post("/kelola/plt/", {"jenis": "plt", "nomor_sk": "800/12/BKD/2026",
                                        "mulai": TODAY().isoformat(),
                                        "selesai": (TODAY() + dt.timedelta(days=30))
                                        .isoformat(), **data})


def test_a_plt_in_a_vacant_post_supervises_its_unit(vacant, kepala_a, pegawai, admin_opd,
                                                    login):
    post, staf = vacant
    assert atasan_for(staf) == kepala_a  # vacant: up the chart
    response = record(login(admin_opd), nip=pegawai.nip, jabatan=post.pk)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert atasan_for(staf) == pegawai and may_decide(pegawai, staf)
    assert staf in bawahan_for(pegawai)
    assert AuditLog.objects.filter(action="plt.create").exists()


def test_a_plh_shares_the_post_while_it_runs(atasan, pegawai, pegawai_lain, bidang_a1,
                                             admin_bkd, login):
    staf = staff_of(bidang_a1, nama="Staf Lain")
    record(login(admin_bkd), nip=pegawai_lain.nip, jabatan=atasan.jabatan_id, jenis="plh")
    assert atasan_for(staf) == atasan  # the holder stays the atasan
    assert may_decide(pegawai_lain, staf) and may_decide(atasan, staf)
    team = set(bawahan_for(pegawai_lain))
    assert staf in team and pegawai in team and atasan not in team  # not the one replaced
    a = Aktivitas.objects.create(pegawai=staf, tanggal=TODAY(), mulai=dt.time(8),
                                 selesai=dt.time(9), menit=60, uraian="Rapat",
                                 kategori="tugas_tambahan", status="diajukan")
    body = login(pegawai_lain).get("/validasi/").content.decode()
    assert f'id="aktivitas-{a.pk}"' in body
    aktivitas_approve(aktivitas=a, actor=pegawai_lain)
    log = AuditLog.objects.get(action="aktivitas.approve")
    assert log.after["kapasitas"]["menggantikan"].startswith("Atasan Satu")
    assert log.after["kapasitas"]["sk"] == "800/12/BKD/2026"


def test_no_rights_outside_the_dates(atasan, pegawai_lain, bidang_a1, admin_bkd):
    staf = staff_of(bidang_a1)
    past = PenugasanPlt.objects.create(pegawai=pegawai_lain, jabatan=atasan.jabatan,
                                       jenis="plh", nomor_sk="1",
                                       mulai=TODAY() - dt.timedelta(days=20),
                                       selesai=TODAY() - dt.timedelta(days=1))
    assert not may_decide(pegawai_lain, staf)
    past.mulai, past.selesai = TODAY() + dt.timedelta(days=1), TODAY() + dt.timedelta(days=5)
    past.save()
    assert not may_decide(pegawai_lain, staf)


def test_overlaps_are_refused_by_the_service_and_the_database(atasan, pegawai, pegawai_lain,
                                                              admin_bkd, login):
    client = login(admin_bkd)
    record(client, nip=pegawai_lain.nip, jabatan=atasan.jabatan_id, jenis="plh")
    response = record(client, nip=pegawai.nip, jabatan=atasan.jabatan_id, jenis="plh",
                      mulai=(TODAY() + dt.timedelta(days=30)).isoformat())
    assert response.status_code == 400
    assert "sudah memiliki pejabat pelaksana" in response.content.decode()
    with pytest.raises(IntegrityError), transaction.atomic():
        PenugasanPlt.objects.create(pegawai=pegawai, jabatan=atasan.jabatan, jenis="plh",
                                    nomor_sk="2", mulai=TODAY() + dt.timedelta(days=3),
                                    selesai=TODAY() + dt.timedelta(days=4))
    assert PenugasanPlt.objects.count() == 1


@pytest.mark.parametrize("change, field, message", [
    ({"nip": "199001012015011001"}, "nip", "Tidak ada pegawai"),
    ({"nip": ""}, "nip", "tidak boleh kosong"),
    ({"selesai": "2000-01-01"}, "selesai", "tidak boleh sebelum"),
    ({"nomor_sk": "  "}, "nomor_sk", "tidak boleh kosong"),
    ({"mulai": "kemarin"}, "mulai", "tanggal"),
    ({"jabatan": "999999"}, "jabatan", "Pilih"),
])
def test_bad_input_is_refused(atasan, pegawai_lain, admin_bkd, login, change, field,
                              message):
    data = {"nip": pegawai_lain.nip, "jabatan": atasan.jabatan_id, **change}
    response = record(login(admin_bkd), **data)
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors.get(field, [])), \
        response.context["form"].errors
    assert not PenugasanPlt.objects.exists()


def test_the_holder_or_a_staff_post_cannot_be_chosen(atasan, pegawai, pegawai_lain,
                                                     admin_bkd, login):
    client = login(admin_bkd)
    response = record(client, nip=atasan.nip, jabatan=atasan.jabatan_id)
    assert response.status_code == 400 and "sudah memegang jabatan" in \
        response.content.decode()
    response = record(client, nip=pegawai_lain.nip, jabatan=pegawai.jabatan_id)
    assert response.status_code == 400  # a staff post carries no supervisory rights
    assert not PenugasanPlt.objects.exists()


def test_access_and_scope(atasan, pegawai, pegawai_lain, admin_opd, admin_bkd, bidang_b1,
                          login):
    assert Client().get("/kelola/plt/").status_code == 302
    assert login(pegawai).get("/kelola/plt/").status_code == 403
    other_post = JabatanFactory(unit=bidang_b1, kepala_unit=True, nama="Kepala B1")
    response = record(login(admin_opd), nip=pegawai.nip, jabatan=other_post.pk)
    assert response.status_code == 400  # another OPD's post is not offered
    p = PenugasanPlt.objects.create(pegawai=pegawai_lain, jabatan=other_post, jenis="plt",
                                    nomor_sk="3", mulai=TODAY(), selesai=TODAY())
    assert "Kepala B1" not in login(admin_opd).get("/kelola/plt/").content.decode()
    assert login(admin_opd).post(f"/kelola/plt/{p.pk}/akhiri/",
                                 {"tanggal": TODAY().isoformat()}).status_code == 404
    assert "Kepala B1" in login(admin_bkd).get("/kelola/plt/").content.decode()


def test_ending_early_and_removing_a_future_one(atasan, pegawai_lain, admin_bkd, login):
    client = login(admin_bkd)
    record(client, nip=pegawai_lain.nip, jabatan=atasan.jabatan_id, jenis="plh")
    p = PenugasanPlt.objects.get()
    client.post(f"/kelola/plt/{p.pk}/akhiri/", {"tanggal": TODAY().isoformat()})
    assert PenugasanPlt.objects.get().selesai == TODAY()
    assert AuditLog.objects.filter(action="plt.end").exists()
    future = PenugasanPlt.objects.create(pegawai=pegawai_lain, jabatan=atasan.jabatan,
                                         jenis="plh", nomor_sk="4",
                                         mulai=TODAY() + dt.timedelta(days=10),
                                         selesai=TODAY() + dt.timedelta(days=12))
    client.post(f"/kelola/plt/{future.pk}/akhiri/", {"tanggal": TODAY().isoformat()})
    assert not PenugasanPlt.objects.filter(pk=future.pk).exists()
    assert AuditLog.objects.filter(action="plt.delete").exists()
    response = client.post(f"/kelola/plt/{p.pk}/akhiri/", {"tanggal": "x"})
    assert response.status_code == 302
