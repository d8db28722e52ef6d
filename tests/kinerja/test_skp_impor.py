"""A person's SKP imported from the shape of BKN e-Kinerja's SKP form into their draft:
grouped into RHKs, linked to the atasan's RHK by its text, targets split into number and
unit, weights shared, the dry run rolled back, all or nothing, the same file twice
changing nothing, bad rows explained in Indonesian, only the owner."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ekinerja.models import ImporData
from kinerja.models import Iki, Rhk

HEADER = ["No", "Jenis", "Rencana Hasil Kerja Pimpinan yang Diintervensi",
          "Rencana Hasil Kerja", "Aspek", "Indikator Kinerja Individu", "Target"]


def _csv(*rows):
    lines = [",".join(HEADER)] + [",".join(f'"{v}"' for v in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def draft(pegawai, tahun, skp_atasan):
    from kinerja import services

    return services.skp_create(pegawai=pegawai, tahun=tahun, actor=pegawai)


def _preview(client, skp, content, name="skp.csv"):
    response = client.post(f"/skp/{skp.pk}/impor/", {"berkas": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.content.decode()[:1500]
    return ImporData.objects.latest("dibuat"), client.get(response["Location"]).content.decode()


def test_an_skp_typed_into_bkn_comes_in_grouped_linked_and_weighted(draft, skp_atasan, pegawai,
                                                                   login):
    parent = skp_atasan.rhk.first()
    content = _csv(
        [1, "Utama", parent.uraian, "Tersusunnya laporan mutasi", "Kuantitas",
         "Jumlah laporan mutasi", "12 Laporan"],
        [2, "Utama", parent.uraian, "Tersusunnya laporan mutasi", "Waktu",
         "Laporan tepat waktu", "12 Bulan"],
        [3, "Tambahan", "", "Tugas tambahan pimpinan", "Kuantitas", "Jumlah tugas", "4,5 Kegiatan"])
    client = login(pegawai)
    impor, page = _preview(client, draft, content)
    assert impor.ringkasan["baru"] == 3 and impor.ringkasan["salah"] == 0
    assert not Rhk.objects.filter(skp=draft).exists()  # the dry run wrote nothing
    client.post(f"/skp/{draft.pk}/impor/{impor.pk}/terapkan/")
    rhks = {r.uraian: r for r in Rhk.objects.filter(skp=draft)}
    assert set(rhks) == {"Tersusunnya laporan mutasi", "Tugas tambahan pimpinan"}
    main = rhks["Tersusunnya laporan mutasi"]
    assert (main.jenis, main.intervensi) == ("utama", parent)
    assert sorted((i.nama, i.aspek, i.target, i.satuan, i.bobot) for i in main.iki.all()) == [
        ("Jumlah laporan mutasi", "kuantitas", Decimal("12"), "Laporan", Decimal("50")),
        ("Laporan tepat waktu", "waktu", Decimal("12"), "Bulan", Decimal("50"))]
    extra = rhks["Tugas tambahan pimpinan"].iki.get()
    assert (extra.target, extra.satuan, extra.bobot) == (Decimal("4.5"), "Kegiatan", 0)

    again, _page = _preview(client, draft, content)
    assert (again.ringkasan["baru"], again.ringkasan["sama"]) == (0, 3)
    client.post(f"/skp/{draft.pk}/impor/{again.pk}/terapkan/")
    assert Iki.objects.filter(rhk__skp=draft).count() == 3


def test_bad_rows_are_explained_and_nothing_is_imported(draft, pegawai, login):
    content = _csv(
        [1, "Utama", "RHK atasan yang tidak ada", "RHK A", "Kuantitas", "IKI A", "12 Laporan"],
        [2, "Inti", "", "RHK B", "Kuantitas", "IKI B", "12 Laporan"],
        [3, "Utama", "", "RHK C", "Kecepatan", "IKI C", "12 Laporan"],
        [4, "Utama", "", "RHK D", "Kuantitas", "IKI D", "dua belas"],
        [5, "Utama", "", "RHK E", "Kuantitas", "IKI E", "0 Laporan"],
        [6, "Utama", "", "", "Kuantitas", "IKI F", "1 Laporan"],
        [7, "Utama", "", "RHK G", "Kuantitas", "IKI G", "12"],
        [8, "Utama", "", "RHK H", "Kuantitas", "IKI H", "3 Dokumen"],
        [9, "Utama", "", "RHK H", "Kuantitas", "IKI H", "3 Dokumen"],
    )
    client = login(pegawai)
    impor, page = _preview(client, draft, content)
    errors = {e["nomor"]: " ".join(e["pesan"]) for e in impor.ringkasan["errors"]}
    assert "bukan RHK dari SKP atasan" in errors[2]
    assert "Utama atau Tambahan" in errors[3]
    assert "Kuantitas, Kualitas, Waktu atau Biaya" in errors[4]
    assert "angka dan satuannya" in errors[5]
    assert "lebih besar dari nol" in errors[6]
    assert "rencana_hasil_kerja" in errors[7]
    assert "satuan" in errors[8]
    assert 9 not in errors and "Duplikat" in errors[10]
    response = client.post(f"/skp/{draft.pk}/impor/{impor.pk}/terapkan/", follow=True)
    assert "tidak ada data yang diimpor" in response.content.decode()
    assert not Rhk.objects.filter(skp=draft).exists()


def test_only_the_owner_of_an_editable_skp_imports(draft, pegawai, atasan, pegawai_lain,
                                                   admin_opd, login, client):
    impor, _page = _preview(login(pegawai), draft, _csv(
        [1, "Utama", "", "RHK", "Kuantitas", "IKI", "1 Laporan"]))
    urls = [f"/skp/{draft.pk}/impor/", f"/skp/{draft.pk}/impor/{impor.pk}/"]
    for url in urls:
        assert client.get(url).status_code == 302
        assert login(pegawai_lain).get(url).status_code == 404
        assert login(atasan).get(url).status_code == 403
        assert login(admin_opd).get(url).status_code == 403
    apply = f"/skp/{draft.pk}/impor/{impor.pk}/terapkan/"
    assert login(atasan).post(apply).status_code == 403
    assert login(pegawai_lain).post(apply).status_code == 404
    assert not Rhk.objects.filter(skp=draft).exists()
    assert login(admin_opd).get(f"/kelola/impor/{impor.pk}/").status_code == 404


def test_the_shipped_sample_is_accepted(draft, skp_atasan, pegawai, login):
    from pathlib import Path

    from kinerja.models import Rhk as RhkModel

    sample = (Path(__file__).resolve().parents[2] / "static" / "contoh" / "skp_bkn.csv")
    content = sample.read_bytes()
    # The sample names an atasan's RHK by its text: the fixture's atasan has another.
    RhkModel.objects.filter(skp=skp_atasan).update(
        uraian="Terselenggaranya layanan kepegawaian yang tepat waktu")
    impor, _page = _preview(login(pegawai), draft, content)
    assert (impor.ringkasan["baru"], impor.ringkasan["salah"]) == (3, 0), impor.ringkasan
