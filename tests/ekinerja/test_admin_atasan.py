"""An Admin OPD cannot make themself (or an official of another OPD) someone's validator
and appraiser: not through the supervisor override on the person's page or in an import,
not by recording themself as acting official (Plt/Plh) of a head post. The real atasan
keeps the queue. Beyond the OPD, the Admin BKD decides."""

import datetime as dt

from django.utils import timezone

from ekinerja.models import PenugasanPlt
from ekinerja.selectors import atasan_for
from kinerja.access import may_decide

from ..impor_files import csv_bytes, preview
from ..penilaian.helpers import done

HEADER = ["nip", "nama", "jenis", "golongan", "kode_jabatan", "nip_atasan"]


def _person(pegawai, **extra):
    return {"nip": pegawai.nip, "nama": pegawai.nama, "jenis": pegawai.jenis,
            "golongan": pegawai.golongan, "jabatan": pegawai.jabatan_id, "aktif": "on",
            **extra}


def test_an_admin_opd_cannot_name_themself_or_an_outsider_as_supervisor(
        admin_opd, admin_bkd, pegawai, atasan, kepala_a, pegawai_lain, login):
    client = login(admin_opd)
    url = f"/kelola/pegawai/{pegawai.pk}/"
    for nip, message in [(admin_opd.nip, "diri Anda sendiri"),
                         (pegawai_lain.nip, "di luar wilayah administrasi Anda")]:
        response = client.post(url, _person(pegawai, nip_atasan=nip))
        assert response.status_code == 400, nip
        assert message in " ".join(response.context["form"].errors["nip_atasan"]), nip
        pegawai.refresh_from_db()
        assert pegawai.atasan_override_id is None
    # Someone in the OPD is fine; the Admin BKD may choose beyond it.
    assert client.post(url, _person(pegawai, nip_atasan=kepala_a.nip)).status_code == 302
    assert login(admin_bkd).post(url, _person(pegawai, nip_atasan=pegawai_lain.nip)
                                 ).status_code == 302
    pegawai.refresh_from_db()
    assert atasan_for(pegawai) == pegawai_lain


def test_the_real_atasan_keeps_the_queue(admin_opd, pegawai, atasan, login, hari_lapor):
    from ..kinerja.conftest import make_year

    make_year(hari_lapor.year, admin_opd)
    a = done(pegawai, None, hari_lapor, 8, 1, status="diajukan")
    login(admin_opd).post(f"/kelola/pegawai/{pegawai.pk}/",
                          _person(pegawai, nip_atasan=admin_opd.nip))
    assert not may_decide(admin_opd, pegawai) and may_decide(atasan, pegawai)
    assert login(admin_opd).post(f"/validasi/{a.pk}/setujui/", {"output": "1"}
                                 ).status_code == 404
    assert f'id="aktivitas-{a.pk}"' in login(atasan).get("/validasi/").content.decode()


def test_an_admin_cannot_record_themself_as_acting_official(admin_opd, atasan, pegawai,
                                                           login):
    today = timezone.localdate()
    response = login(admin_opd).post("/kelola/plt/", {
        "jenis": "plh", "nomor_sk": "800/1/2026", "nip": admin_opd.nip,
        "jabatan": atasan.jabatan_id, "mulai": today.isoformat(),
        "selesai": (today + dt.timedelta(days=5)).isoformat()})
    assert response.status_code == 400
    assert "diri Anda sendiri" in response.content.decode()
    assert not PenugasanPlt.objects.exists()
    assert not may_decide(admin_opd, pegawai)


def test_an_import_cannot_name_the_importer_or_an_outsider_as_supervisor(
        admin_opd, pegawai, kepala_a, pegawai_lain, login):
    client = login(admin_opd)
    rows = [[pegawai.nip, pegawai.nama, "PNS", pegawai.golongan, pegawai.jabatan.kode, nip]
            for nip in (admin_opd.nip,)]
    impor = preview(client, "pegawai", "p.csv", csv_bytes([HEADER, *rows]))
    assert any("diri Anda sendiri" in m for e in impor.ringkasan["errors"] for m in e["pesan"])
    rows = [[pegawai.nip, pegawai.nama, "PNS", pegawai.golongan, pegawai.jabatan.kode,
             pegawai_lain.nip]]
    impor = preview(client, "pegawai", "p.csv", csv_bytes([HEADER, *rows]))
    assert any("di luar wilayah" in m for e in impor.ringkasan["errors"] for m in e["pesan"])
    client.post(f"/kelola/impor/{impor.pk}/terapkan/")
    pegawai.refresh_from_db()
    assert pegawai.atasan_override_id is None
    rows = [[pegawai.nip, pegawai.nama, "PNS", pegawai.golongan, pegawai.jabatan.kode,
             kepala_a.nip]]
    impor = preview(client, "pegawai", "p.csv", csv_bytes([HEADER, *rows]))
    assert impor.ringkasan["salah"] == 0, impor.ringkasan["errors"]
