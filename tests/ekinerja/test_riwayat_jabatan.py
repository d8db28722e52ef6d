"""The position history (RiwayatJabatan): opened by a person's first post, closed and
reopened by a change of post from the admin's form, the people import (`tmt_jabatan`) and
the SIASN pull (`tmtJabatan`); the same post changes nothing."""

import datetime as dt

from ekinerja.models import RiwayatJabatan
from ekinerja.rekonsiliasi import siasn_tarik_terapkan

from ..factories import JabatanFactory, PegawaiFactory
from ..impor_files import csv_bytes, preview
from .test_rekonsiliasi import _pull, cast, siasn  # noqa: F401


def _history(person):
    return [(r.jabatan.nama, r.mulai, r.selesai) for r in
            RiwayatJabatan.objects.filter(pegawai=person).select_related("jabatan")
            .order_by("pk")]


def test_the_admins_form_moves_a_person_from_today(bidang_a1, admin_opd, login):
    person = PegawaiFactory(jabatan=JabatanFactory(unit=bidang_a1, nama="Pengadministrasi"),
                            tanggal_mulai=dt.date(2019, 3, 1))
    assert _history(person) == [("Pengadministrasi", dt.date(2019, 3, 1), None)]
    analis = JabatanFactory(unit=bidang_a1, nama="Analis", jenis="fungsional",
                            jenjang="ahli_pertama")
    client = login(admin_opd)
    page = client.get(f"/kelola/pegawai/{person.pk}/")
    form = page.context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(jabatan=analis.pk, unit=bidang_a1.pk, aktif="on")
    response = client.post(f"/kelola/pegawai/{person.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    # The pinned clock: 14 October 2026.
    assert _history(person) == [("Pengadministrasi", dt.date(2019, 3, 1), dt.date(2026, 10, 13)),
                                ("Analis", dt.date(2026, 10, 14), None)]
    client.post(f"/kelola/pegawai/{person.pk}/", data | {"nama": "Nama Baru"})
    assert len(_history(person)) == 2  # the same post: nothing new


def test_the_import_dates_a_change_of_post_and_corrects_a_tmt(bidang_a1, admin_bkd, login):
    lama = JabatanFactory(unit=bidang_a1, kode="J-LAMA", nama="Lama")
    JabatanFactory(unit=bidang_a1, kode="J-BARU", nama="Baru", jenis="fungsional",
                   jenjang="terampil")
    person = PegawaiFactory(jabatan=lama, nama="Sari")
    header = ["nip", "nama", "jenis", "golongan", "kode_jabatan", "tmt_jabatan"]
    client = login(admin_bkd)

    def run(kode, tmt):
        impor = preview(client, "pegawai", "p.csv", csv_bytes(
            [header, [person.nip, "Sari", "PNS", "III/a", kode, tmt]]))
        client.post(f"/kelola/impor/{impor.pk}/terapkan/")
        return impor

    run("J-BARU", "01-07-2025")
    assert _history(person) == [("Lama", None, dt.date(2025, 6, 30)),
                                ("Baru", dt.date(2025, 7, 1), None)]
    assert run("J-BARU", "2025-07-01").ringkasan["sama"] == 1  # the same file again
    assert run("J-BARU", "2025-08-01").ringkasan["diubah"] == 1  # the TMT corrected
    assert _history(person)[-1] == ("Baru", dt.date(2025, 8, 1), None)
    bad = preview(client, "pegawai", "p.csv", csv_bytes(
        [header, [person.nip, "Sari", "PNS", "III/a", "J-BARU", "2030-01-01"]]))
    assert bad.ringkasan["salah"] == 1
    assert "tmt_jabatan jatuh pada masa yang akan datang" in str(bad.ringkasan["errors"])


def test_the_siasn_pull_takes_siasns_tmt(siasn, cast):  # noqa: F811
    pegawai = cast["pegawai"]
    before = pegawai.jabatan.nama
    JabatanFactory(unit=cast["bidang_b1"], nama="Analis Data", jenis="fungsional",
                   jenjang="ahli_pertama")
    siasn.pns[pegawai.nip].update(unorId="U-B1", unorNama="Unor U-B1",
                                  jabatanNama="Analis Data", tmtJabatan="01-09-2026")
    siasn_tarik_terapkan(tarik=_pull(siasn), actor=cast["admin_bkd"])
    assert _history(pegawai)[-2:] == [
        (before, None, dt.date(2026, 8, 31)),
        ("Analis Data", dt.date(2026, 9, 1), None)]
