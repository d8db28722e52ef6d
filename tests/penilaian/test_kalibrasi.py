"""Calibration of a unit's annual predikat: who opens and sees a session (its facilitators,
the evaluators' own atasan for their evaluators' rows only), the preview, a change only
with a reason (the evaluation holds it, the evaluator hears of it), acknowledging and
appealing held back while it is open and the time to appeal running from its close, the
curve checked on closing, the lock, the evaluators' tendencies and the page's queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ekinerja.models import AuditLog, Notifikasi
from penilaian import kalibrasi
from penilaian.evaluasi import batas_keberatan
from penilaian.models import Evaluasi, KalibrasiBaris, PredikatUnit, SesiKalibrasi

from ..factories import UnitKerjaFactory, head_of, staff_of


@pytest.fixture
def unit(opd_a, bidang_a1, kepala_a, atasan, pegawai, tahun):
    """OPD A: the bidang's head (atasan) evaluates the pegawai and two more; a seksi's head
    evaluates two of theirs. Everyone's year is final."""
    seksi = UnitKerjaFactory(nama="Seksi Satu", parent=bidang_a1, jenis="sub_unit")
    kasi = head_of(seksi)
    people = {"pegawai": pegawai, "kasi": kasi}
    for n in range(2):
        people[f"b{n}"] = staff_of(bidang_a1)
        people[f"s{n}"] = staff_of(seksi)
    for key, person in people.items():
        evaluator = kasi if key.startswith("s") else atasan
        Evaluasi.objects.create(pegawai=person, tahun=tahun, nomor=0, status="final",
                                rating_hasil="sesuai", rating_perilaku="sesuai",
                                predikat="sangat_baik" if key in ("b0", "b1") else "baik",
                                penilai=evaluator, penilai_nip=evaluator.nip,
                                penilai_nama=evaluator.nama,
                                difinalkan_pada=dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC))
    return {"opd": opd_a, "seksi": seksi, "kasi": kasi, "tahun": tahun, **people}


def _open(client, unit):
    response = client.post("/kalibrasi/buka/", {"unit": unit["opd"].pk})
    assert response.status_code == 302, response.content[:300]
    return SesiKalibrasi.objects.get()


def test_who_opens_and_who_sees_the_session(unit, kepala_a, atasan, admin_bkd, admin_opd,
                                            pegawai, pegawai_lain, login):
    for refused in (atasan, admin_opd, pegawai):
        assert login(refused).post("/kalibrasi/buka/", {"unit": unit["opd"].pk}) \
            .status_code == 404
    sesi = _open(login(kepala_a), unit)
    assert (sesi.unit, sesi.dibuka_oleh, sesi.status) == (unit["opd"], kepala_a, "buka")
    again = login(admin_bkd).post("/kalibrasi/buka/", {"unit": unit["opd"].pk}, follow=True)
    assert "sudah memiliki sesi kalibrasi" in again.content.decode()
    # The previewers: the atasan of each evaluator (the kepala for the atasan, the atasan
    # for the kasi), asked once.
    asked = set(Notifikasi.objects.filter(jenis="kalibrasi_pratinjau")
                .values_list("penerima_id", flat=True))
    assert asked == {kepala_a.pk, atasan.pk}
    url = f"/kalibrasi/{sesi.pk}/"
    for facilitator in (kepala_a, admin_bkd):
        page = login(facilitator).get(url)
        assert page.status_code == 200 and len(page.context["halaman"]) == 6
    preview = login(atasan).get(url)  # the kasi's atasan: the kasi's two rows only
    assert preview.status_code == 200
    assert {e.penilai_id for e in preview.context["halaman"]} == {unit["kasi"].pk}
    assert not preview.context["fasilitator"]
    for outsider in (pegawai, pegawai_lain, admin_opd):
        assert login(outsider).get(url).status_code == 404


def test_preview_then_a_change_only_with_a_reason(unit, kepala_a, atasan, login):
    sesi = _open(login(kepala_a), unit)
    target = Evaluasi.objects.get(pegawai=unit["s0"])
    previewer = login(atasan)
    no_reason = previewer.post(f"/kalibrasi/{sesi.pk}/pratinjau/{target.pk}/",
                               {"setuju": "0", "alasan": ""}, follow=True)
    assert "Beri alasan Anda tidak setuju" in no_reason.content.decode()
    previewer.post(f"/kalibrasi/{sesi.pk}/pratinjau/{target.pk}/",
                   {"setuju": "0", "alasan": "Capaian di atas target"})
    row = KalibrasiBaris.objects.get(evaluasi=target)
    assert (row.pratinjau, row.pratinjau_oleh, row.predikat_usul) == ("tidak", atasan, "baik")
    foreign = Evaluasi.objects.get(pegawai=unit["b0"])  # the atasan's own proposal
    assert previewer.post(f"/kalibrasi/{sesi.pk}/pratinjau/{foreign.pk}/",
                          {"setuju": "1"}).status_code == 404

    facilitator = login(kepala_a)
    url = f"/kalibrasi/{sesi.pk}/ubah/{target.pk}/"
    refused = facilitator.post(url, {"predikat": "sangat_baik", "alasan": " "}, follow=True)
    assert "Beri alasan perubahan" in refused.content.decode()
    target.refresh_from_db()
    assert target.predikat == "baik"
    assert login(atasan).post(url, {"predikat": "sangat_baik", "alasan": "x"}).status_code \
        == 403  # a previewer sees the row but never changes it
    assert login(atasan).post(f"/kalibrasi/{sesi.pk}/tutup/", {}).status_code == 403
    facilitator.post(url, {"predikat": "sangat_baik", "alasan": "Capaian 130%"})
    target.refresh_from_db()
    row.refresh_from_db()
    assert target.predikat == "sangat_baik"
    assert (row.predikat_usul, row.predikat_akhir, row.alasan) == ("baik", "sangat_baik",
                                                                   "Capaian 130%")
    note = Notifikasi.objects.get(jenis="kalibrasi_diubah")
    assert note.penerima == unit["kasi"] and "Capaian 130%" in note.pesan
    assert AuditLog.objects.filter(action="kalibrasi.ubah").count() == 1
    same = facilitator.post(url, {"predikat": "sangat_baik", "alasan": "lagi"}, follow=True)
    assert "predikat lain" in same.content.decode()


def test_acknowledging_and_appealing_wait_for_the_close(unit, kepala_a, pegawai, login,
                                                       tahun):
    sesi = _open(login(kepala_a), unit)
    evaluasi = Evaluasi.objects.get(pegawai=pegawai)
    client = login(pegawai)
    held = client.post(f"/evaluasi/{evaluasi.pk}/keberatan/", {"alasan": "Tidak adil"},
                       follow=True)
    assert "sedang dikalibrasi" in held.content.decode()
    client.post(f"/evaluasi/{evaluasi.pk}/akui/")
    evaluasi.refresh_from_db()
    assert evaluasi.status == "final"
    PredikatUnit.objects.create(unit=unit["opd"], tahun=tahun, predikat="istimewa",
                                ditetapkan_oleh=kepala_a)
    login(kepala_a).post(f"/kalibrasi/{sesi.pk}/tutup/", {"alasan": ""})
    sesi.refresh_from_db()
    assert sesi.status == "terkunci"
    # The time to appeal runs from the close (the pinned clock: 14 October 2026).
    assert batas_keberatan(evaluasi) == dt.date(2026, 10, 14) + dt.timedelta(
        days=tahun.hari_keberatan)
    assert client.post(f"/evaluasi/{evaluasi.pk}/keberatan/", {"alasan": "Tidak adil"}) \
        .status_code == 302
    evaluasi.refresh_from_db()
    assert evaluasi.status == "keberatan"
    assert Notifikasi.objects.filter(jenis="kalibrasi_selesai", penerima=pegawai).exists()


def test_closing_checks_the_curve(unit, kepala_a, login, tahun):
    sesi = _open(login(kepala_a), unit)
    client = login(kepala_a)
    url = f"/kalibrasi/{sesi.pk}/tutup/"
    no_org = client.post(url, {"alasan": ""}, follow=True)
    assert "Tetapkan predikat organisasi unit dulu" in no_org.content.decode()
    # Predikat Baik allows at most 70% Baik and needs some Butuh Perbaikan or Kurang:
    # 4 Baik of 6 (67%), none below: outside.
    PredikatUnit.objects.create(unit=unit["opd"], tahun=tahun, predikat="baik",
                                ditetapkan_oleh=kepala_a)
    outside = client.post(url, {"alasan": ""}, follow=True)
    assert "di luar kurva distribusi" in outside.content.decode().lower()
    tahun.kurva_wajib = True
    tahun.save(update_fields=["kurva_wajib"])
    binding = client.post(url, {"alasan": "Unit baru dibentuk"}, follow=True)
    assert "Di luar kurva distribusi" in binding.content.decode()
    sesi.refresh_from_db()
    assert sesi.status == "buka"
    tahun.kurva_wajib = False
    tahun.save(update_fields=["kurva_wajib"])
    client.post(url, {"alasan": "Unit baru dibentuk"})
    sesi.refresh_from_db()
    assert (sesi.status, sesi.alasan_di_luar_kurva) == ("terkunci", "Unit baru dibentuk")
    assert sesi.sebaran == {"baik": 4, "sangat_baik": 2}
    locked = client.post(f"/kalibrasi/{sesi.pk}/ubah/{Evaluasi.objects.first().pk}/",
                         {"predikat": "kurang", "alasan": "x"}, follow=True)
    assert "sudah ditutup dan dikunci" in locked.content.decode()


def test_a_distribution_inside_the_curve_closes_without_justification(unit, kepala_a, login,
                                                                      tahun):
    sesi = _open(login(kepala_a), unit)
    PredikatUnit.objects.create(unit=unit["opd"], tahun=tahun, predikat="baik",
                                ditetapkan_oleh=kepala_a)
    client = login(kepala_a)
    for key in ("s0", "s1"):  # two Butuh Perbaikan: 2 Baik, 2 SB, 2 BP -> inside
        target = Evaluasi.objects.get(pegawai=unit[key])
        client.post(f"/kalibrasi/{sesi.pk}/ubah/{target.pk}/",
                    {"predikat": "butuh_perbaikan", "alasan": "Target tidak tercapai"})
    assert "Sesuai kurva" in client.get(f"/kalibrasi/{sesi.pk}/").content.decode()
    client.post(f"/kalibrasi/{sesi.pk}/tutup/", {"alasan": ""})
    sesi.refresh_from_db()
    assert (sesi.status, sesi.alasan_di_luar_kurva) == ("terkunci", "")


def test_the_evaluators_tendencies(unit, kepala_a, atasan, login):
    sesi = _open(login(kepala_a), unit)
    rows, unit_share = kalibrasi.kecenderungan(sesi)
    by = {r["penilai_id"]: (r["n"], r["sb"], r["persen_sb"]) for r in rows}
    assert by == {atasan.pk: (4, 2, 50), unit["kasi"].pk: (2, 0, 0)}
    assert unit_share == 33  # 2 of 6


def test_the_page_takes_the_same_queries_for_6_or_26_people(unit, kepala_a, bidang_a1,
                                                            tahun, atasan, login):
    sesi = _open(login(kepala_a), unit)
    client = login(kepala_a)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/kalibrasi/{sesi.pk}/").status_code == 200
        return len(ctx.captured_queries)

    count()
    six = count()
    for _n in range(20):
        person = staff_of(bidang_a1)
        Evaluasi.objects.create(pegawai=person, tahun=tahun, nomor=0, status="final",
                                predikat="baik", penilai=atasan, penilai_nama=atasan.nama)
    assert count() == six


def test_nobody_calibrates_the_units_head_or_themself(unit, kepala_a, tahun, login):
    sesi = _open(login(kepala_a), unit)
    own = Evaluasi.objects.create(pegawai=kepala_a, tahun=tahun, nomor=0, status="final",
                                  predikat="baik")
    refused = login(kepala_a).post(f"/kalibrasi/{sesi.pk}/ubah/{own.pk}/",
                                   {"predikat": "sangat_baik", "alasan": "Saya layak"},
                                   follow=True)
    assert "bukan yang dikalibrasi sesi ini" in refused.content.decode()
    own.refresh_from_db()
    assert own.predikat == "baik"
