"""PPPK work contracts (KepmenPANRB 16/2025): recorded by the OPD's admin for a PPPK of
their scope without overlaps, and the extension report: contracts ending soon, the final
evaluations inside each, and who qualifies (at least one, none below Baik)."""

import datetime as dt

import pytest

from ekinerja.models import AuditLog, Pegawai
from kinerja.models import KontrakPppk, Periode
from penilaian.models import Evaluasi
from penilaian.selectors import laporan_pppk

from ..factories import make_nip, staff_of
from ..impor_files import SAMPLES, csv_bytes, import_sample_people, preview


@pytest.fixture
def pppk(bidang_a1):
    return staff_of(bidang_a1, jenis="PPPK", golongan="V", nip=make_nip(jenis="PPPK"),
                    nama="Paruh Waktu")


def _kontrak(person, actor, mulai=dt.date(2026, 1, 1), selesai=dt.date(2026, 12, 31), **kw):
    return KontrakPppk.objects.create(pegawai=person, nomor=kw.pop("nomor", "PK/1"),
                                      jenis="paruh_waktu", mulai=mulai, selesai=selesai,
                                      tugas="Pelayanan loket", dicatat_oleh=actor, **kw)


def _eval(person, tahun, nomor, predikat):
    return Evaluasi.objects.create(
        pegawai=person, tahun=tahun, nomor=nomor, status="final", predikat=predikat,
        periode=Periode.objects.get(tahun=tahun, nomor=nomor) if nomor else None)


def test_the_admin_records_a_contract(pppk, pegawai, pegawai_lain, admin_opd, login):
    client = login(admin_opd)
    data = {"nip": pppk.nip, "nomor": "800/PK-PW/2026/12", "jenis": "paruh_waktu",
            "mulai": "2026-01-01", "selesai": "2026-12-31", "tugas": "Pelayanan loket"}
    assert login(pppk).post("/kelola/pppk/kontrak/", data).status_code == 403
    pns = client.post("/kelola/pppk/kontrak/", {**data, "nip": pegawai.nip})
    assert pns.status_code == 400 and "Hanya PPPK" in pns.content.decode()
    outside = client.post("/kelola/pppk/kontrak/", {**data, "nip": pegawai_lain.nip})
    assert outside.status_code == 400
    no_duties = client.post("/kelola/pppk/kontrak/", {**data, "tugas": ""})
    assert no_duties.status_code == 400
    assert client.post("/kelola/pppk/kontrak/", data).status_code == 302
    overlap = client.post("/kelola/pppk/kontrak/", {**data, "nomor": "lain",
                                                    "mulai": "2026-06-01"})
    assert overlap.status_code == 400 and "bertumpang" in overlap.content.decode()
    assert KontrakPppk.objects.count() == 1
    assert AuditLog.objects.filter(action="kontrak_pppk.create").count() == 1


def test_who_qualifies_for_an_extension_and_on_which_evaluations(pppk, bidang_a1, tahun,
                                                                 admin_opd, opd_a):
    other = staff_of(bidang_a1, jenis="PPPK", golongan="V", nip=make_nip(jenis="PPPK"))
    none_yet = staff_of(bidang_a1, jenis="PPPK", golongan="V", nip=make_nip(jenis="PPPK"))
    later = staff_of(bidang_a1, jenis="PPPK", golongan="V", nip=make_nip(jenis="PPPK"))
    for person in (pppk, other, none_yet):
        _kontrak(person, admin_opd)
    _kontrak(later, admin_opd, mulai=dt.date(2026, 1, 1), selesai=dt.date(2028, 12, 31))
    _eval(pppk, tahun, 3, "baik")
    _eval(pppk, tahun, 6, "sangat_baik")
    _eval(other, tahun, 3, "baik")
    _eval(other, tahun, 6, "butuh_perbaikan")
    rows = {r["kontrak"].pegawai_id: r for r in laporan_pppk(opd_a, dt.date(2026, 10, 14))}
    assert set(rows) == {pppk.pk, other.pk, none_yet.pk}  # `later` ends in 2028
    assert rows[pppk.pk]["layak"] and len(rows[pppk.pk]["evaluasi"]) == 2
    assert not rows[other.pk]["layak"] and not rows[none_yet.pk]["layak"]


def test_the_report_page_and_its_scope(pppk, tahun, admin_opd, opd_b, pegawai, login):
    _kontrak(pppk, admin_opd)
    _eval(pppk, tahun, 3, "baik")
    assert login(pegawai).get("/kelola/pppk/").status_code == 403
    assert login(admin_opd).get(f"/kelola/pppk/unit/{opd_b.pk}/").status_code == 404
    body = login(admin_opd).get("/kelola/pppk/").content.decode()
    assert "Paruh Waktu" in body and "Memenuhi syarat" in body
    assert Pegawai.objects.get(pk=pppk.pk).jenis == "PPPK"


def test_a_pppks_work_follows_the_contract(pppk, admin_opd, tahun, login):
    from kinerja.models import Aktivitas, Skp

    _kontrak(pppk, admin_opd, mulai=dt.date(2026, 3, 1), selesai=dt.date(2026, 10, 9))
    client = login(pppk)
    data = {"mulai": "08:00", "selesai": "09:00", "uraian": "Melayani pemohon",
            "kategori": "tugas_tambahan", "output": "1"}
    outside = client.post("/aktivitas/hari/2026-10-13/", {**data, "tanggal": "2026-10-13"})
    assert outside.status_code == 400 and "di luar perjanjian kerja" in \
        outside.content.decode()
    assert client.post("/aktivitas/hari/2026-10-09/",
                       {**data, "tanggal": "2026-10-09"}).status_code == 302
    assert Aktivitas.objects.filter(pegawai=pppk).count() == 1
    skp = Skp.objects.create(pegawai=pppk, tahun=tahun, jabatan=pppk.jabatan, unit=pppk.unit)
    page = client.get(f"/skp/{skp.pk}/").content.decode()
    assert 'id="kontrak-pppk"' in page and "Pelayanan loket" in page


def test_a_part_time_pppk_is_evaluated_quarterly_against_the_organisation(
        pppk, atasan, admin_opd, kepala_a, opd_a, tahun):
    from django.core.exceptions import ValidationError

    from kinerja.models import Skp
    from penilaian.evaluasi import evaluasi_buka, evaluasi_periksa
    from penilaian.models import PredikatUnit

    _kontrak(pppk, admin_opd)
    skp = Skp.objects.create(pegawai=pppk, tahun=tahun, jabatan=pppk.jabatan, unit=pppk.unit)
    Skp.objects.filter(pk=skp.pk).update(status="disetujui")
    with pytest.raises(ValidationError, match="setiap triwulan"):
        evaluasi_periksa(pegawai=pppk, tahun=tahun, nomor=10, actor=atasan)
    PredikatUnit.objects.create(unit=opd_a, tahun=tahun, predikat="istimewa",
                                ditetapkan_oleh=kepala_a)
    evaluasi = evaluasi_buka(pegawai=pppk, tahun=tahun, nomor=9, actor=atasan)
    assert evaluasi.rating_saran == "di_atas"  # the OPD's Istimewa, not their own score
    # A full-time PPPK is evaluated as everyone is.
    KontrakPppk.objects.filter(pegawai=pppk).update(jenis="penuh_waktu")
    evaluasi_periksa(pegawai=pppk, tahun=tahun, nomor=10, actor=atasan)


def test_contracts_import_the_sample_and_refuse_bad_rows(admin_bkd, login, instansi, pppk,
                                                         pegawai):
    client = login(admin_bkd)
    import_sample_people(client, instansi)
    content = (SAMPLES / "kontrak.csv").read_bytes()
    impor = preview(client, "kontrak", "kontrak.csv", content)
    assert (impor.ringkasan["baru"], impor.ringkasan["salah"]) == (1, 0), impor.ringkasan
    client.post(f"/kelola/impor/{impor.pk}/terapkan/")
    assert KontrakPppk.objects.get().jenis == "paruh_waktu"
    assert preview(client, "kontrak", "kontrak.csv", content).ringkasan["sama"] == 1
    header = ["nip", "nomor", "jenis", "mulai", "selesai", "tugas"]
    good = [pppk.nip, "PK/9", "paruh_waktu", "2026-01-01", "2026-06-30", "Loket"]
    for row, message in (
            ([pegawai.nip, *good[1:]], "Hanya PPPK"),
            ([pppk.nip, "PK/9", "kadang", "2026-01-01", "2026-06-30", "Loket"],
             "penuh_waktu atau paruh_waktu"),
            ([pppk.nip, "PK/9", "paruh_waktu", "2026-07-01", "2026-06-30", "Loket"],
             "sebelum"),
            ([pppk.nip, "PK/9", "paruh_waktu", "2026-01-01", "2026-06-30", ""],
             "belum diisi")):
        bad = preview(client, "kontrak", "k.csv", csv_bytes([header, row]))
        assert bad.ringkasan["salah"] == 1 and message in str(bad.ringkasan["errors"]), row
    overlap = preview(client, "kontrak", "k.csv", csv_bytes([
        header, good, [pppk.nip, "PK/10", "paruh_waktu", "2026-06-01", "2026-12-31", "X"]]))
    assert (overlap.ringkasan["baru"], overlap.ringkasan["salah"]) == (1, 1)
    assert "bertumpang" in str(overlap.ringkasan["errors"])
    # ... and one overlapping a contract already recorded for them.
    _kontrak(pppk, admin_bkd, mulai=dt.date(2026, 3, 1), nomor="PK/8")
    recorded = preview(client, "kontrak", "k.csv", csv_bytes([header, good]))
    assert recorded.ringkasan["salah"] == 1
    assert "bertumpang" in str(recorded.ringkasan["errors"])
    assert KontrakPppk.objects.filter(pegawai=pppk).count() == 1


def test_in_a_quarterly_year_every_period_is_a_quarter_a_part_time_pppk_is_evaluated_in(
        pppk, atasan, admin_opd, admin_bkd, opd_a, kepala_a):
    from kinerja.models import Skp
    from penilaian.evaluasi import evaluasi_buka, evaluasi_periksa
    from penilaian.models import PredikatUnit

    from ..kinerja.conftest import make_year

    quarterly = make_year(2025, admin_bkd, ritme="triwulanan")  # all four quarters are past
    _kontrak(pppk, admin_opd, mulai=dt.date(2025, 1, 1), selesai=dt.date(2025, 12, 31))
    skp = Skp.objects.create(pegawai=pppk, tahun=quarterly, jabatan=pppk.jabatan,
                             unit=pppk.unit)
    Skp.objects.filter(pk=skp.pk).update(status="disetujui")
    for nomor in (1, 2, 3, 4, 0):
        evaluasi_periksa(pegawai=pppk, tahun=quarterly, nomor=nomor, actor=atasan)
    PredikatUnit.objects.create(unit=opd_a, tahun=quarterly, predikat="kurang",
                                ditetapkan_oleh=kepala_a)
    evaluasi = evaluasi_buka(pegawai=pppk, tahun=quarterly, nomor=1, actor=atasan)
    assert evaluasi.rating_saran == "di_bawah"  # the OPD's Kurang
