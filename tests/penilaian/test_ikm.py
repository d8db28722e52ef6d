"""Public satisfaction: the IKM against hand-worked examples and the band edges (bands
as data), the public survey page (no login, valid and invalid answers, honeypot, one
answer per device and day, rate limit, XSS), service units, the IKM pages' access, the
QR poster, hiding comments and voiding a burst of answers."""

import datetime as dt
import logging
import re
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from ekinerja.models import AuditLog
from kinerja.selectors import periode_of
from penilaian import ikm
from penilaian.models import BandMutu, NilaiIKM, ResponSurvei, UnitLayanan
from penilaian.tasks import ikm_hitung_terbuka

from ..factories import UnitKerjaFactory, head_of, staff_of
from ..pdf_files import read_pdf


@pytest.fixture
def loket(bidang_a1, admin_opd):
    return ikm.unit_layanan_save(
        unit_layanan=UnitLayanan(unit=bidang_a1, nama="Loket Perizinan A"),
        layanan=["Izin usaha", "Izin reklame"], actor=admin_opd)


@pytest.fixture
def loket_b(bidang_b1, admin_bkd):
    return ikm.unit_layanan_save(
        unit_layanan=UnitLayanan(unit=bidang_b1, nama="Puskesmas B"),
        layanan=["Rawat jalan"], actor=admin_bkd)


def _answer(unit, value, day=None, n=1, **extra):
    layanan = unit.layanan_set.first()
    values = value if isinstance(value, list) else [value] * 9
    for i in range(n):
        ResponSurvei.objects.create(
            unit_layanan=unit, layanan=layanan, tanggal=day or timezone.localdate(),
            perangkat=f"{unit.pk}-{values}-{i}-{extra.get('komentar', '')}"[:64],
            **{f"u{k}": v for k, v in enumerate(values, start=1)}, **extra)


def _post(client, unit, **data):
    layanan = unit.layanan_set.first()
    return client.post(f"/survei/{unit.token}/", {
        "layanan": layanan.pk, **{f"u{n}": 3 for n in range(1, 10)}, **data})


# --- the computation ---------------------------------------------------------------------


def test_band_edges_and_bands_as_data(db):
    cases = [("100", "A"), ("88.31", "A"), ("88.30", "B"), ("76.61", "B"), ("76.60", "C"),
             ("65.00", "C"), ("64.99", "D"), ("25.00", "D")]
    for value, grade in cases:
        assert ikm.mutu_for(D(value)).mutu == grade, value
    assert ikm.mutu_for(D("24.99")) is None
    BandMutu.objects.filter(mutu="A").update(batas_bawah=D("90.00"))  # BKD corrects a band
    assert ikm.mutu_for(D("88.31")).mutu == "B"


def test_hand_worked_units_and_their_opd(tahun, loket, bidang_a1, opd_a, admin_opd):
    periode = periode_of(timezone.localdate())
    second = ikm.unit_layanan_save(
        unit_layanan=UnitLayanan(unit=opd_a, nama="Loket Informasi"), layanan=["Informasi"],
        actor=admin_opd)
    # Loket A: one answer of 4s and two of 3s: NRR 3.333 each, IKM 90 x 25 / 27 = 83.33 (B).
    _answer(loket, 4)
    _answer(loket, 3, n=2)
    _answer(loket, 1, n=5, batal=True)  # voided: not counted
    _answer(loket, 1, day=periode.mulai - dt.timedelta(days=1))  # another period
    # Loket Informasi: three answers of 2s: IKM 50.00 (D).
    _answer(second, 2, n=3)
    # Mixed elements: one answer 4,4,4,4,4,4,4,4,1 -> NRR u9 = 1, IKM 33 x 25 / 9 = 91.67.
    assert ikm.hitung(1, [4] * 8 + [1]) == ([D("4.000")] * 8 + [D("1.000")], D("91.67"))
    assert ikm.ikm_hitung(periode=periode) == 3  # two service units and OPD A
    a = NilaiIKM.objects.get(unit_layanan=loket, periode=periode)
    assert (a.responden, a.ikm, a.mutu, a.kinerja) == (3, D("83.33"), "B", "Baik")
    assert a.nrr_angka == [D("3.333")] * 9
    b = NilaiIKM.objects.get(unit_layanan=second, periode=periode)
    assert (b.responden, b.ikm, b.mutu) == (3, D("50.00"), "D")
    # OPD A over every answer of its service units: (36 + 27 + 27 + 54) x 25 / (9 x 6).
    opd = NilaiIKM.objects.get(unit_layanan__isnull=True, unit=opd_a, periode=periode)
    assert (opd.responden, opd.ikm, opd.mutu) == (6, D("66.67"), "C")
    ResponSurvei.objects.filter(unit_layanan=second).update(batal=True)
    assert ikm_hitung_terbuka() >= 2  # the nightly task: the voided unit loses its row
    assert not NilaiIKM.objects.filter(unit_layanan=second, periode=periode).exists()
    assert NilaiIKM.objects.get(unit=opd_a, unit_layanan__isnull=True,
                                periode=periode).ikm == D("83.33")


def test_the_lowest_elements_are_the_targets(tahun, loket):
    _answer(loket, [4, 4, 2, 4, 3, 4, 1, 4, 4])
    ikm.ikm_hitung(periode=periode_of(timezone.localdate()))
    nilai = NilaiIKM.objects.get(unit_layanan=loket)
    assert [t["nama"] for t in ikm.terendah(nilai)] == ["Perilaku petugas",
                                                         "Waktu penyelesaian",
                                                         "Produk layanan"]


# --- the public page ---------------------------------------------------------------------


def test_a_citizen_answers_without_logging_in(loket):
    client = Client()
    page = client.get(f"/survei/{loket.token}/")
    body = page.content.decode()
    assert page.status_code == 200 and "Loket Perizinan A" in body
    assert "<script" not in body and len(page.content) < 20_000  # a cheap phone
    assert re.findall(r'<a\s', body) == []  # nothing internal reachable from it
    assert "Izin usaha" in body and body.count('type="radio"') == 2 + 9 * 4
    response = _post(client, loket, komentar="Petugasnya ramah", usia="20-34",
                     jenis_kelamin="P")
    assert response.status_code == 200 and 'id="terima-kasih"' in response.content.decode()
    saved = ResponSurvei.objects.get()
    assert (saved.u1, saved.komentar, saved.usia, saved.tanggal) == (
        3, "Petugasnya ramah", "20-34", timezone.localdate())
    assert len(saved.perangkat) == 64  # a hash, not the cookie itself
    # The same browser again today: thanked, not counted twice.
    again = _post(client, loket)
    assert 'id="sudah-mengisi"' in again.content.decode() and ResponSurvei.objects.count() == 1
    # Another browser counts.
    _post(Client(), loket)
    assert ResponSurvei.objects.count() == 2


def test_wrong_missing_oversized_and_malicious_answers(loket, loket_b):
    client = Client()
    cases = [
        ({"u3": ""}, "Bidang ini tidak boleh kosong."),
        ({"u1": "5"}, "Masukkan pilihan yang valid"),
        ({"u2": "tiga"}, "Masukkan pilihan yang valid"),
        ({"layanan": loket_b.layanan_set.first().pk}, "Masukkan pilihan yang valid"),
        ({"layanan": ""}, "Bidang ini tidak boleh kosong."),
        ({"komentar": "x" * 1001}, "paling banyak 1000 karakter"),
        ({"usia": "tua sekali"}, "Masukkan pilihan yang valid"),
    ]
    for data, message in cases:
        response = _post(client, loket, **data)
        assert response.status_code == 400, data
        body = response.content.decode()
        assert message in body and 'id="ada-galat"' in body, data
    assert not ResponSurvei.objects.exists()
    # A bot fills the hidden field: thanked, nothing saved.
    bot = _post(Client(), loket, situs="http://spam.example")
    assert 'id="terima-kasih"' in bot.content.decode() and not ResponSurvei.objects.exists()
    assert Client().get("/survei/00000000-0000-0000-0000-000000000000/").status_code == 404
    UnitLayanan.objects.filter(pk=loket.pk).update(aktif=False)
    assert Client().get(f"/survei/{loket.token}/").status_code == 404


def test_answers_per_client_address_are_limited(loket, settings):
    settings.SURVEI_BATAS_PER_JAM = 3
    cache.clear()
    for _n in range(3):
        assert _post(Client(), loket).status_code == 200
    response = _post(Client(), loket)
    assert response.status_code == 429 and 'id="terlalu-sering"' in response.content.decode()
    assert ResponSurvei.objects.count() == 3
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert _post(other, loket).status_code == 200  # another address is not held back


# --- service units, IKM pages, poster, comments, voiding ---------------------------------


def test_service_units_are_managed_in_scope(loket, opd_b, bidang_a1, admin_opd, pegawai,
                                            login):
    client = login(admin_opd)
    assert "Loket Perizinan A" in client.get("/kelola/layanan/").content.decode()
    assert login(pegawai).get("/kelola/layanan/").status_code == 403
    bad = [({"unit": opd_b.pk, "nama": "X", "layanan": "A"}, "Masukkan pilihan yang valid"),
           ({"unit": bidang_a1.pk, "nama": "", "layanan": "A"}, "Bidang ini tidak boleh kosong"),
           ({"unit": bidang_a1.pk, "nama": "Loket Baru", "layanan": "  \n "},
            "Bidang ini tidak boleh kosong"),
           ({"unit": bidang_a1.pk, "nama": "Loket Perizinan A", "layanan": "A"},
            "sudah memiliki unit layanan dengan nama itu")]
    for data, message in bad:
        response = client.post("/kelola/layanan/baru/", {"aktif": "on", **data})
        assert response.status_code == 400 and message in response.content.decode(), data
    assert UnitLayanan.objects.count() == 1
    # Editing: a service no longer listed is retired, not deleted.
    response = client.post(f"/kelola/layanan/{loket.pk}/", {
        "unit": bidang_a1.pk, "nama": "Loket Perizinan A", "aktif": "on",
        "layanan": "Izin usaha\nIzin lingkungan"})
    assert response.status_code == 302
    assert dict(loket.layanan_set.values_list("nama", "aktif")) == {
        "Izin usaha": True, "Izin reklame": False, "Izin lingkungan": True}
    assert AuditLog.objects.filter(action="ikm.unit_layanan.ubah").exists()


def test_the_ikm_pages_for_each_role(tahun, loket, loket_b, bidang_a1, atasan, pegawai,
                                     admin_opd, admin_bkd, login):
    _answer(loket, 4, komentar="<script>alert(1)</script>")
    ikm.ikm_hitung(periode=periode_of(timezone.localdate()))
    assert Client().get("/ikm/").status_code == 302
    assert login(pegawai).get("/ikm/").status_code == 404
    opd = login(admin_opd)
    listing = opd.get("/ikm/").content.decode()
    assert "Loket Perizinan A" in listing and "Puskesmas B" not in listing
    assert opd.get(f"/ikm/{loket_b.pk}/").status_code == 404
    body = opd.get(f"/ikm/{loket.pk}/").content.decode()
    assert 'id="ikm-nilai">100.00' in body or 'id="ikm-nilai">100,00' in body
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)" in body
    assert 'id="form-batal"' not in body  # voiding is BKD's
    head = login(atasan)  # heads bidang A1, where the counter is
    assert head.get(f"/ikm/{loket.pk}/").status_code == 200
    assert 'action="/ikm/' not in head.get(f"/ikm/{loket.pk}/").content.decode()
    assert 'id="form-batal"' in login(admin_bkd).get(f"/ikm/{loket.pk}/").content.decode()
    listing = login(admin_bkd).get("/ikm/").content.decode()
    opd_rows = listing[listing.index('id="ikm-opd"'):]
    assert "Dinas A" in opd_rows and ("100,00" in opd_rows or "100.00" in opd_rows)
    other_head = head_of(UnitKerjaFactory(kode="LAIN", nama="Seksi Lain", jenis="sub_unit",
                                          parent=loket_b.unit))
    assert login(other_head).get(f"/ikm/{loket.pk}/").status_code == 404


def test_the_poster_carries_the_survey_link(loket, admin_opd, login):
    text, links = read_pdf(login(admin_opd).get(f"/ikm/{loket.pk}/poster/"))
    url = f"http://testserver/survei/{loket.token}/"
    assert "Loket Perizinan A" in text and url in links


def test_hiding_a_comment_needs_a_reason_and_is_audited(tahun, loket, admin_opd, atasan,
                                                        pegawai_lain, opd_b, login):
    _answer(loket, 3, komentar="Nomor HP petugas 0812xxxx")
    respon = ResponSurvei.objects.get()
    client = login(admin_opd)
    url = f"/ikm/{loket.pk}/komentar/{respon.pk}/sembunyikan/"
    client.post(url, {"alasan": " "})
    respon.refresh_from_db()
    assert not respon.komentar_disembunyikan
    assert client.post(url, {"alasan": "Data pribadi"}).status_code == 302
    respon.refresh_from_db()
    assert respon.komentar_disembunyikan and respon.alasan_sembunyi == "Data pribadi"
    assert "0812" not in client.get(f"/ikm/{loket.pk}/").content.decode()
    assert AuditLog.objects.filter(action="ikm.sembunyikan_komentar").exists()
    # Hiding is the admins' (admin_required): 403 for anyone without an admin scope, even
    # the head who sees the page; an admin of another OPD does not see the unit (404).
    assert login(pegawai_lain).post(url, {"alasan": "x"}).status_code == 403
    assert login(atasan).post(url, {"alasan": "x"}).status_code == 403
    admin_opd_b = staff_of(opd_b, nama="Admin OPD B", admin_scope=opd_b)
    assert login(admin_opd_b).post(url, {"alasan": "x"}).status_code == 404


def test_bkd_voids_a_burst_and_the_ikm_follows(tahun, loket, admin_bkd, admin_opd, atasan,
                                               pegawai_lain, login):
    periode = periode_of(timezone.localdate())
    _answer(loket, 4, n=2)
    ResponSurvei.objects.update(dibuat=timezone.now() - dt.timedelta(hours=1))
    burst_start = timezone.now()
    _answer(loket, 1, n=6)
    ikm.ikm_hitung(periode=periode)
    assert NilaiIKM.objects.get(unit_layanan=loket).responden == 8
    window = {"mulai": timezone.localtime(burst_start).strftime("%Y-%m-%dT%H:%M:%S"),
              "selesai": timezone.localtime(timezone.now() + dt.timedelta(minutes=1))
              .strftime("%Y-%m-%dT%H:%M:%S"), "alasan": "Serangan bot"}
    # Voiding is BKD's alone (require_bkd): 403 for every other role, whether or not the
    # service unit is in their sight, and nothing is voided.
    for other in (admin_opd, atasan, pegawai_lain):
        assert login(other).post(f"/ikm/{loket.pk}/batal/", window).status_code == 403
    assert NilaiIKM.objects.get(unit_layanan=loket).responden == 8
    assert not ResponSurvei.objects.filter(batal=True).exists()
    assert login(admin_bkd).post(f"/ikm/{loket.pk}/batal/", window).status_code == 302
    nilai = NilaiIKM.objects.get(unit_layanan=loket)
    assert (nilai.responden, nilai.ikm) == (2, D("100.00"))
    entry = AuditLog.objects.get(action="ikm.batal")
    assert entry.after["jumlah"] == 6 and entry.after["alasan"] == "Serangan bot"


def test_behind_a_proxy_the_limit_is_per_forwarded_client(loket, settings):
    settings.SURVEI_BATAS_PER_JAM = 1
    settings.AXES_IPWARE_PROXY_COUNT = 1  # one reverse proxy appends the client's address
    cache.clear()
    first = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert _post(first, loket).status_code == 200
    # The same client claiming another address first: the proxy's entry still counts.
    spoofed = Client(REMOTE_ADDR="10.0.0.1",
                     HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.7")
    assert _post(spoofed, loket).status_code == 429
    other = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert _post(other, loket).status_code == 200  # the same proxy, another citizen


def test_the_ikm_becomes_the_heads_iki_realisation_and_score(
        tahun, skp_atasan, loket, atasan, pegawai, kepala_a, login):
    from kinerja.models import Iki, RealisasiManual, Rhk, TargetPeriode
    from penilaian.models import IkiIkm, Skor
    from penilaian.services import realisasi_manual_save, skor_hitung

    periode = periode_of(timezone.localdate())
    rhk = Rhk.objects.create(skp=skp_atasan, jenis="tambahan", uraian="Layanan memuaskan")
    iki = Iki.objects.create(rhk=rhk, nama="IKM Loket Perizinan A", aspek="kualitas",
                             satuan="indeks", agregasi="manual", target=D("90"), bobot=0)
    TargetPeriode.objects.create(iki=iki, periode=periode, target=D("90"))
    other = Iki.objects.filter(rhk__skp=skp_atasan).exclude(pk=iki.pk).first()  # by activity
    # Only the head of the counter's unit is offered the link, and only manual IKIs.
    assert login(pegawai).get(f"/ikm/{loket.pk}/").status_code == 404
    head = login(atasan)
    page = head.get(f"/ikm/{loket.pk}/").content.decode()
    assert f'value="{iki.pk}"' in page and f'value="{other.pk}"' not in page
    head.post(f"/ikm/{loket.pk}/iki/", {"iki": other.pk})
    assert not IkiIkm.objects.exists()
    assert login(kepala_a).post(f"/ikm/{loket.pk}/iki/", {"iki": iki.pk}).status_code == 302
    assert not IkiIkm.objects.exists()  # not kepala_a's IKI
    head.post(f"/ikm/{loket.pk}/iki/", {"iki": iki.pk})
    assert IkiIkm.objects.get().iki == iki
    assert AuditLog.objects.filter(action="ikm.hubungkan_iki").exists()

    _answer(loket, 3, n=2)
    _answer(loket, 4, n=2)  # IKM (27 + 27 + 36 + 36) x 25 / 36 = 87.50
    ikm.ikm_hitung(periode=periode)
    row = RealisasiManual.objects.get(iki=iki, periode=periode)
    assert row.nilai == D("87.50") and "4 responden" in row.keterangan
    with pytest.raises(Exception, match="IKM"):  # no longer entered by hand
        realisasi_manual_save(iki=iki, periode=periode, nilai=D("99"), keterangan="x",
                              actor=atasan)
    skor_hitung(periode=periode, pegawai_ids=[atasan.pk])
    line = next(x for x in Skor.objects.get(pegawai=atasan, periode=periode).baris_iki()
                if x["iki"] == iki.pk)
    assert line["realisasi"] == D("87.50") and line["capaian"] == D("97.22")


@pytest.mark.parametrize("location", ["redis://127.0.0.1:1/0", "silent"])
def test_with_redis_down_or_hung_the_answer_is_saved_and_the_device_limit_holds(
        loket, settings, caplog, location, request):
    """The rate per address cannot be counted without the cache: the answer goes through,
    a warning says so, and the per-device limit (a database constraint) still holds."""
    if location == "silent":
        location = f"redis://127.0.0.1:{request.getfixturevalue('silent_port')}/0"
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": location}}
    settings.SURVEI_BATAS_PER_JAM = 1
    caplog.set_level(logging.WARNING, logger="ekinerja.batas")
    client = Client()
    response = _post(client, loket)
    assert response.status_code == 200 and 'id="terima-kasih"' in response.content.decode()
    assert ResponSurvei.objects.count() == 1
    assert "rate limit survei not counted" in caplog.text
    again = _post(client, loket)  # the same device, the same day
    assert 'id="sudah-mengisi"' in again.content.decode() and ResponSurvei.objects.count() == 1
