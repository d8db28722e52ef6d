"""The SIASN pull (ekinerja.rekonsiliasi) against the fake SIASN on 127.0.0.1: the report
(same, changed, missing; a changed supervisor, unit and position), applying it in one
audited transaction, what cannot be applied and why, SIASN failing, the worker, access."""

import pytest

from ekinerja.models import AuditLog, Pegawai, SiasnTarik
from ekinerja.rekonsiliasi import bandingkan, siasn_tarik_jalankan, siasn_tarik_terapkan
from ekinerja.selectors import atasan_for, bawahan_for
from ekinerja.siasn_palsu import API, SiasnPalsu
from tests.factories import JabatanFactory, head_of, staff_of

UNITS = {"opd_a": "U-OPDA", "bidang_a1": "U-A1", "opd_b": "U-OPDB", "bidang_b1": "U-B1"}


def _record(person, unit_id, **changes):
    return {"id": f"P-{person.nip}", "nipBaru": person.nip, "nama": person.nama,
            "gelarDepan": person.gelar_depan, "gelarBelakang": person.gelar_belakang,
            "golRuangAkhir": person.golongan, "unorId": unit_id,
            "unorNama": person.unit.nama if person.unit_id else "",
            "jabatanNama": person.jabatan.nama if person.jabatan_id else "", **changes}


@pytest.fixture
def cast(request, instansi, opd_a, bidang_a1, opd_b, bidang_b1, kepala_a, atasan, pegawai,
         admin_bkd):
    units = {"opd_a": opd_a, "bidang_a1": bidang_a1, "opd_b": opd_b, "bidang_b1": bidang_b1}
    for key, unit in units.items():
        unit.kode_siasn = UNITS[key]
        unit.save(update_fields=["kode_siasn"])
    kepala_b = head_of(opd_b)
    atasan_b = head_of(bidang_b1)
    return {"kepala_a": kepala_a, "atasan": atasan, "pegawai": pegawai, "kepala_b": kepala_b,
            "atasan_b": atasan_b, "admin_bkd": admin_bkd, **units}


@pytest.fixture
def siasn(cast):
    """SIASN holding everyone as we do (the admin is staff of OPD B there)."""
    with SiasnPalsu() as server:
        heads = {"U-OPDA": cast["kepala_a"], "U-A1": cast["atasan"],
                 "U-OPDB": cast["kepala_b"], "U-B1": cast["atasan_b"]}
        parents = {"U-A1": "U-OPDA", "U-B1": "U-OPDB"}
        server.unor = [{"Id": uid, "NamaUnor": f"Unor {uid}", "DiatasanId": parents.get(uid),
                        "PemimpinPnsId": f"P-{head.nip}"} for uid, head in heads.items()]
        by_unit = {unit.pk: uid for uid, unit in
                   ((UNITS[k], cast[k]) for k in ("opd_a", "bidang_a1", "opd_b", "bidang_b1"))}
        for person in Pegawai.objects.filter(aktif=True).select_related("unit", "jabatan"):
            server.pns[person.nip] = _record(person, by_unit.get(person.unit_id))
        yield server


def _pull(siasn):
    tarik = SiasnTarik.objects.create(status="antre")
    assert siasn_tarik_jalankan(tarik.pk, client=siasn.client()) is True
    tarik.refresh_from_db()
    return tarik


def test_the_same_data_gives_no_difference(siasn):
    report = bandingkan(siasn.client())
    assert report["perbedaan"] == []
    people = Pegawai.objects.filter(aktif=True).count()
    assert report["ringkasan"] == {"diperiksa": people, "sama": people, "berubah": 0,
                                   "hilang": 0, "unit_tanpa_id": []}


def test_a_changed_supervisor_is_reported_and_applied(siasn, cast, login):
    """The top complaint: a wrong atasan. SIASN says bidang A1 is now headed by another."""
    pegawai, old = cast["pegawai"], cast["atasan"]
    new = staff_of(cast["bidang_a1"], nama="Atasan Baru")
    siasn.pns[new.nip] = _record(new, "U-A1")
    siasn.unor[1]["PemimpinPnsId"] = f"P-{new.nip}"
    tarik = _pull(siasn)
    item = next(i for i in tarik.perbedaan if i["nip"] == pegawai.nip)
    assert item["beda"]["atasan"] == [f"{old.nama} ({old.nip})", f"{new.nama} ({new.nip})"]

    client = login(cast["admin_bkd"])
    page = client.get(f"/kelola/siasn/{tarik.pk}/").content.decode()
    assert "Atasan Baru" in page and "Terapkan perubahan" in page
    response = client.post(f"/kelola/siasn/{tarik.pk}/terapkan/", follow=True)
    assert response.status_code == 200
    pegawai.refresh_from_db()
    assert atasan_for(pegawai) == new
    assert pegawai in bawahan_for(new) and pegawai not in bawahan_for(old)
    entry = AuditLog.objects.get(action="pegawai.siasn_update", target_id=str(pegawai.pk))
    assert entry.after["atasan_override"] == new.pk and entry.before["atasan_override"] is None
    assert pegawai.siasn_id == f"P-{pegawai.nip}"
    assert SiasnTarik.objects.get(pk=tarik.pk).status == "diterapkan"


def test_names_golongan_and_a_move_are_applied_and_what_cannot_be_says_why(siasn, cast):
    pegawai, atasan = cast["pegawai"], cast["atasan"]
    JabatanFactory(unit=cast["bidang_b1"], nama="Analis Data")
    siasn.pns[pegawai.nip].update(gelarBelakang="S.Kom.", golRuangAkhir="III/c",
                                  unorId="U-B1", unorNama="Unor U-B1",
                                  jabatanNama="Analis Data")
    siasn.pns[atasan.nip].update(unorId="U-B1", jabatanNama="Kepala yang tidak ada")
    tarik = _pull(siasn)
    beda = {i["nip"]: i["beda"] for i in tarik.perbedaan}
    assert beda[pegawai.nip]["golongan"] == [pegawai.golongan, "III/c"]
    assert beda[pegawai.nip]["unit"] == [cast["bidang_a1"].nama, cast["bidang_b1"].nama]
    skipped = siasn_tarik_terapkan(tarik=tarik, actor=cast["admin_bkd"])
    pegawai.refresh_from_db()
    assert (pegawai.gelar_belakang, pegawai.golongan) == ("S.Kom.", "III/c")
    assert pegawai.unit == cast["bidang_b1"] and pegawai.jabatan.nama == "Analis Data"
    assert atasan_for(pegawai) == cast["atasan_b"]  # the chart now agrees: no override
    assert pegawai.atasan_override_id is None
    assert [s["nip"] for s in skipped] == [atasan.nip]
    assert "Kepala yang tidak ada" in skipped[0]["alasan"]
    atasan.refresh_from_db()
    assert atasan.unit == cast["bidang_a1"]  # left as it was


def test_someone_siasn_does_not_know_is_reported_missing(siasn, cast):
    del siasn.pns[cast["pegawai"].nip]
    tarik = _pull(siasn)
    assert tarik.ringkasan["hilang"] == 1
    assert [i["jenis"] for i in tarik.perbedaan if i["nip"] == cast["pegawai"].nip] == ["hilang"]


def test_siasn_failing_leaves_a_failed_pull_and_changes_nothing(siasn, cast):
    siasn.gagal(f"{API}/referensi/ref-unor", 503, 503, 503, 503)
    tarik = SiasnTarik.objects.create(status="antre")
    assert siasn_tarik_jalankan(tarik.pk, client=siasn.client(retries=3)) is False
    tarik.refresh_from_db()
    assert tarik.status == "gagal" and "HTTP 503" in tarik.pesan
    assert siasn_tarik_jalankan(tarik.pk, client=siasn.client()) is False  # claimed once
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        siasn_tarik_terapkan(tarik=tarik, actor=cast["admin_bkd"])


def test_a_pull_is_applied_once(siasn, cast):
    siasn.pns[cast["pegawai"].nip]["golRuangAkhir"] = "IV/a"
    tarik = _pull(siasn)
    siasn_tarik_terapkan(tarik=tarik, actor=cast["admin_bkd"])
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        siasn_tarik_terapkan(tarik=tarik, actor=cast["admin_bkd"])
    assert "sudah diterapkan" in " ".join(exc.value.messages)
    assert AuditLog.objects.filter(action="pegawai.siasn_update").count() == 1


def test_the_worker_runs_a_pull_asked_from_the_page(siasn, cast, celery_worker, settings,
                                                    login):
    import time

    settings.SIASN = siasn.pengaturan(settings.SIASN)
    client = login(cast["admin_bkd"])
    response = client.post("/kelola/siasn/")
    tarik = SiasnTarik.objects.get()
    assert response["Location"] == f"/kelola/siasn/{tarik.pk}/"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and SiasnTarik.objects.get().status in ("antre",
                                                                             "berjalan"):
        time.sleep(0.2)
    tarik.refresh_from_db()
    assert tarik.status == "selesai", tarik.pesan
    assert AuditLog.objects.filter(action="siasn.tarik").exists()


def test_only_the_admin_bkd_uses_the_pages(siasn, cast, admin_opd, login, client):
    tarik = _pull(siasn)
    for url in ("/kelola/siasn/", f"/kelola/siasn/{tarik.pk}/"):
        assert client.get(url).status_code == 302
        for who in (cast["pegawai"], cast["atasan"], admin_opd):
            assert login(who).get(url).status_code == 403
        assert login(cast["admin_bkd"]).get(url).status_code == 200
    assert login(admin_opd).post(f"/kelola/siasn/{tarik.pk}/terapkan/").status_code == 403
    assert SiasnTarik.objects.get(pk=tarik.pk).status == "selesai"


def test_the_units_siasn_ids_come_with_the_unit_import_and_stay_without_the_column(
        cast, admin_bkd):
    from ekinerja.impor import impor_apply, impor_upload

    opd_a = cast["opd_a"]
    parent = opd_a.parent.kode

    def run(text):
        impor = impor_upload(jenis="unit", nama_file="unit.csv", content=text.encode(),
                             actor=admin_bkd, scope=admin_bkd.admin_scope)
        assert impor.ringkasan["salah"] == 0, impor.ringkasan
        impor_apply(impor=impor, actor=admin_bkd)

    run(f"kode,nama,jenis,kode_induk,kode_siasn\n{opd_a.kode},{opd_a.nama},dinas,{parent},"
        f"A5E2-NEW\n")
    opd_a.refresh_from_db()
    assert opd_a.kode_siasn == "A5E2-NEW"
    run(f"kode,nama,jenis,kode_induk\n{opd_a.kode},Dinas A Baru,dinas,{parent}\n")
    opd_a.refresh_from_db()
    assert (opd_a.nama, opd_a.kode_siasn) == ("Dinas A Baru", "A5E2-NEW")


def test_an_explicit_supervisor_is_kept(siasn, cast):
    """An admin's choice (a fungsional supervised by someone else) is not SIASN's to undo."""
    pegawai, chosen = cast["pegawai"], cast["kepala_b"]
    Pegawai.objects.filter(pk=pegawai.pk).update(atasan_override=chosen)
    tarik = _pull(siasn)
    assert [i for i in tarik.perbedaan if i["nip"] == pegawai.nip] == []
    siasn_tarik_terapkan(tarik=tarik, actor=cast["admin_bkd"])
    pegawai.refresh_from_db()
    assert atasan_for(pegawai) == chosen


def test_units_without_our_siasn_id_are_said_once_and_bad_values_are_not_applied(siasn, cast,
                                                                                 login):
    pegawai, atasan = cast["pegawai"], cast["atasan"]
    for nip in (pegawai.nip, atasan.nip):
        siasn.pns[nip].update(unorId="U-BARU", unorNama="Unit baru di SIASN")
    siasn.pns[pegawai.nip]["golRuangAkhir"] = "X/z"
    # SIASN puts the staff member in bidang B1's head post, which is held here.
    siasn.pns[cast["kepala_a"].nip].update(unorId="U-B1",
                                           jabatanNama=cast["atasan_b"].jabatan.nama)
    tarik = _pull(siasn)
    assert tarik.ringkasan["unit_tanpa_id"] == ["Unit baru di SIASN"]
    page = login(cast["admin_bkd"]).get(f"/kelola/siasn/{tarik.pk}/").content.decode()
    assert "Unit baru di SIASN" in page
    beda = {i["nip"]: i["beda"] for i in tarik.perbedaan}
    assert "unit" not in beda.get(atasan.nip, {})  # not on each of the unit's people
    skipped = siasn_tarik_terapkan(tarik=tarik, actor=cast["admin_bkd"])
    reasons = {s["nip"]: s["alasan"] for s in skipped}
    assert "X/z" in reasons[pegawai.nip]
    assert "dipegang orang lain" in reasons[cast["kepala_a"].nip]
    pegawai.refresh_from_db()
    assert pegawai.golongan != "X/z"
    assert atasan_for(cast["atasan_b"]) is not None and cast["atasan_b"].jabatan.kepala_unit


def test_the_nightly_pull_applies_as_the_system_when_it_is_on(siasn, cast, settings):
    from ekinerja.rekonsiliasi import siasn_tarik_malam

    assert "siasn-tarik-malam" in settings.CELERY_BEAT_SCHEDULE
    siasn.pns[cast["pegawai"].nip]["golRuangAkhir"] = "III/d"
    assert siasn_tarik_malam(client=siasn.client()) is None  # off by default
    settings.SIASN = {**settings.SIASN, "BASE_URL": siasn.url + API, "TARIK_MALAM": True}
    tarik = siasn_tarik_malam(client=siasn.client())
    assert tarik.status == "diterapkan" and tarik.diminta_oleh is None
    cast["pegawai"].refresh_from_db()
    assert cast["pegawai"].golongan == "III/d"
    entry = AuditLog.objects.get(action="pegawai.siasn_update")
    assert entry.actor is None and entry.actor_nip == ""
