"""Import of a BPSDM participation list: dry run with per-row errors, all or nothing,
idempotent re-import, matching an employee's own claim, scope."""

import datetime as dt

import pytest
from django.utils import timezone

from ekinerja.models import AuditLog, ImporData
from pelatihan.models import Partisipasi
from pelatihan.selectors import jp_tahun

from ..impor_files import csv_bytes, preview, upload, xlsx_bytes

HEADER = ["nip", "pelatihan", "jalur", "penyelenggara", "mulai", "selesai", "jp",
          "nomor_sertifikat"]


def _days_ago(n):
    return (timezone.localdate() - dt.timedelta(days=n)).isoformat()


def _row(person, **change):
    row = {"nip": person.nip, "pelatihan": "Pelatihan Pelayanan Prima", "jalur": "KL03",
           "penyelenggara": "BPSDM Provinsi Jambi", "mulai": _days_ago(12),
           "selesai": _days_ago(10), "jp": "24", "nomor_sertifikat": f"BPSDM/{person.nip}"}
    row.update(change)
    return [row[h] for h in HEADER]


def _apply(client, impor):
    response = client.post(f"/kelola/impor/{impor.pk}/terapkan/", follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_a_list_is_previewed_applied_once_and_counts_as_verified(jalur, pegawai,
                                                                 pegawai_lain, admin_bkd,
                                                                 login):
    client = login(admin_bkd)
    content = csv_bytes([HEADER, _row(pegawai), _row(pegawai_lain, jalur="",
                                                     penyelenggara="", jp="8")])
    impor = preview(client, "pelatihan", "peserta.csv", content)
    assert (impor.ringkasan["baru"], impor.ringkasan["salah"]) == (2, 0)
    assert not Partisipasi.objects.exists()  # the dry run writes nothing
    _apply(client, impor)
    mine = Partisipasi.objects.get(pegawai=pegawai)
    assert (mine.status, mine.jp_diakui, mine.sumber, mine.diverifikasi_oleh) == (
        "terverifikasi", 24, "impor", admin_bkd)
    other = Partisipasi.objects.get(pegawai=pegawai_lain)
    assert (other.jalur.kode, other.penyelenggara) == ("KL12", "BPSDM")  # the defaults
    assert jp_tahun(pegawai, timezone.localdate().year)["dihitung"] == 24
    assert AuditLog.objects.filter(action="pelatihan.import_create").count() == 2
    # The same file again: nothing new, nothing changed.
    again = preview(client, "pelatihan", "peserta.csv", content)
    assert (again.ringkasan["baru"], again.ringkasan["diubah"], again.ringkasan["sama"]) == (
        0, 0, 2)
    _apply(client, again)
    assert Partisipasi.objects.count() == 2
    # A corrected JP in a new version of the list updates the record.
    fixed = preview(client, "pelatihan", "peserta.csv",
                    csv_bytes([HEADER, _row(pegawai, jp="20")]))
    assert fixed.ringkasan["diubah"] == 1
    _apply(client, fixed)
    assert Partisipasi.objects.get(pegawai=pegawai).jp_diakui == 20


def test_xlsx_with_date_cells(jalur, pegawai, admin_bkd, login):
    client = login(admin_bkd)
    ended = timezone.localdate() - dt.timedelta(days=5)
    row = _row(pegawai, mulai=dt.datetime.combine(ended, dt.time()),
               selesai=dt.datetime.combine(ended, dt.time()), jp=8)
    impor = preview(client, "pelatihan", "peserta.xlsx", xlsx_bytes([HEADER, row]))
    assert impor.ringkasan["salah"] == 0, impor.ringkasan
    _apply(client, impor)
    assert Partisipasi.objects.get().mulai == ended


@pytest.mark.parametrize("change, message", [
    ({"nip": "199001012015031999"}, "bukan pegawai yang terdaftar"),
    ({"mulai": "kemarin"}, "bukan tanggal"),
    ({"mulai": _days_ago(1), "selesai": _days_ago(5)}, "sebelum"),
    ({"selesai": (timezone.localdate() + dt.timedelta(days=3)).isoformat()}, "belum selesai"),
    ({"jp": "0"}, "minimal 1"),
    ({"jp": "dua"}, "minimal 1"),
    ({"jp": "500"}, "lebih dari yang mungkin"),
    ({"jalur": "KL99"}, "bukan kode jalur"),
    ({"pelatihan": ""}, "belum diisi"),
    ({"pelatihan": "x" * 301}, "melebihi 300"),
    ({"pelatihan": "<script>alert(1)</script>", "jp": "0"}, "minimal 1"),
])
def test_each_bad_row_is_reported_and_nothing_is_saved(jalur, pegawai, pegawai_lain,
                                                       admin_bkd, login, change, message):
    client = login(admin_bkd)
    impor = preview(client, "pelatihan", "peserta.csv",
                    csv_bytes([HEADER, _row(pegawai_lain), _row(pegawai, **change)]))
    assert impor.ringkasan["salah"] == 1 and impor.ringkasan["errors"][0]["nomor"] == 3
    body = client.get(f"/kelola/impor/{impor.pk}/").content.decode()
    assert message in body and "<script>alert" not in body
    # Applying anyway (a forged POST) is refused as a whole: the good row is not saved.
    assert "tidak ada data yang diimpor" in _apply(client, impor)
    assert not Partisipasi.objects.exists()


def test_duplicates_within_the_file_and_against_others(jalur, pegawai, pegawai_lain,
                                                       admin_bkd, login):
    client = login(admin_bkd)
    Partisipasi.objects.create(pegawai=pegawai_lain, nama="Lain", jalur=jalur["KL03"],
                               penyelenggara="X", mulai=dt.date(2026, 1, 5),
                               selesai=dt.date(2026, 1, 5), jp_klaim=8,
                               nomor_sertifikat="SERT-LAIN")
    impor = preview(client, "pelatihan", "peserta.csv", csv_bytes([
        HEADER, _row(pegawai), _row(pegawai),
        _row(pegawai, pelatihan="Lain lagi", nomor_sertifikat="SERT-LAIN")]))
    messages = [m for e in impor.ringkasan["errors"] for m in e["pesan"]]
    assert impor.ringkasan["salah"] == 2
    assert any("juga ada di baris 2" in m for m in messages)
    assert any("sudah diklaim oleh pegawai lain" in m for m in messages)


def test_a_pending_claim_of_the_employee_is_verified_by_the_list(jalur, pegawai, admin_bkd,
                                                                  login):
    claim = Partisipasi.objects.create(
        pegawai=pegawai, nama="pelatihan pelayanan prima", jalur=jalur["KL03"],
        penyelenggara="BPSDM", mulai=timezone.localdate() - dt.timedelta(days=11),
        selesai=timezone.localdate() - dt.timedelta(days=11), jp_klaim=30)
    client = login(admin_bkd)
    impor = preview(client, "pelatihan", "peserta.csv",
                    csv_bytes([HEADER, _row(pegawai, nomor_sertifikat="")]))
    assert (impor.ringkasan["baru"], impor.ringkasan["diubah"]) == (0, 1)
    _apply(client, impor)
    claim.refresh_from_db()
    assert (claim.status, claim.jp_diakui, Partisipasi.objects.count()) == (
        "terverifikasi", 24, 1)


def test_scope_and_roles(jalur, pegawai, pegawai_lain, admin_opd, login):
    client = login(admin_opd)  # Dinas A: pegawai is inside, pegawai_lain is not
    impor = preview(client, "pelatihan", "peserta.csv",
                    csv_bytes([HEADER, _row(pegawai), _row(pegawai_lain)]))
    errors = impor.ringkasan["errors"]
    assert [e["nomor"] for e in errors] == [3] and "di luar lingkup" in errors[0]["pesan"][0]
    response = upload(login(pegawai), "pelatihan", "peserta.csv",
                      csv_bytes([HEADER, _row(pegawai)]))
    assert response.status_code == 403
    assert not ImporData.objects.filter(diunggah_oleh=pegawai).exists()


def test_a_missing_column_is_a_file_error(jalur, pegawai, admin_bkd, login):
    client = login(admin_bkd)
    impor = preview(client, "pelatihan", "peserta.csv",
                    csv_bytes([["nip", "pelatihan", "mulai", "selesai"],
                               [pegawai.nip, "X", _days_ago(3), _days_ago(3)]]))
    assert "jp" in impor.ringkasan["file_errors"][0]
