"""The distribution curve: limits as data, their edges, the unit page, finalising outside
the curve, and the head of a unit taking the unit's result."""

from collections import Counter

import pytest
from django.test import Client

from ekinerja.models import AuditLog
from penilaian import kurva
from penilaian.models import BatasKurva, Evaluasi, PredikatUnit
from tests.factories import staff_of


def broken(organisasi, *predikat):
    return kurva.periksa(kurva.batas_for(organisasi), Counter(predikat))


@pytest.mark.parametrize("organisasi, fits, breaks", [
    # at most 70% Sangat Baik: 7 of 10 fits, 8 of 10 does not
    ("istimewa", ["sangat_baik"] * 7 + ["baik"] * 3, ["sangat_baik"] * 8 + ["baik"] * 2),
    # at most 70% Baik, and some Butuh Perbaikan and/or Kurang
    ("baik", ["baik"] * 7 + ["sangat_baik"] * 2 + ["kurang"],
     ["baik"] * 7 + ["sangat_baik"] * 3),
    # at least 60% Butuh Perbaikan, at most 10% Sangat Baik
    ("butuh_perbaikan", ["butuh_perbaikan"] * 6 + ["baik"] * 3 + ["sangat_baik"],
     ["butuh_perbaikan"] * 5 + ["baik"] * 5),
    ("butuh_perbaikan", ["butuh_perbaikan"] * 6 + ["baik"] * 3 + ["sangat_baik"],
     ["butuh_perbaikan"] * 6 + ["baik"] * 2 + ["sangat_baik"] * 2),
    # at least 60% Kurang, at least 10% Butuh Perbaikan, at most 10% Sangat Baik
    ("kurang", ["kurang"] * 6 + ["butuh_perbaikan"] + ["sangat_baik"] + ["baik"] * 2,
     ["kurang"] * 7 + ["baik"] * 3),
    # at least 60% Sangat Kurang, at least 10% Kurang/Butuh Perbaikan, no Sangat Baik
    ("sangat_kurang", ["sangat_kurang"] * 6 + ["kurang"] + ["baik"] * 3,
     ["sangat_kurang"] * 6 + ["kurang"] + ["baik"] * 2 + ["sangat_baik"]),
])
def test_the_curve_and_its_edges(db, organisasi, fits, breaks):
    assert broken(organisasi, *fits) == []
    assert broken(organisasi, *breaks) != []


def test_the_messages_say_what_is_wrong(db):
    [message] = broken("istimewa", *(["sangat_baik"] * 8 + ["baik"] * 2))
    assert "80,0%" in message and "70,0%" in message
    assert broken("baik", "baik", "sangat_baik") == [
        "Butuh Perbaikan / Kurang / Misconduct: harus ada"]


def test_the_limits_are_data(db):
    row = BatasKurva.objects.get(organisasi="istimewa")
    row.persen = 80
    row.save()
    assert broken("istimewa", *(["sangat_baik"] * 8 + ["baik"] * 2)) == []
    BatasKurva.objects.all().delete()
    assert len(kurva.batas_for("baik")) == 2  # the regulation's rows come back


@pytest.fixture
def unit_year(bidang_a1, tahun, atasan, pegawai):
    """Bidang A1 with 10 staff (the atasan heads it) rated for the year: 8 Baik, 2
    Sangat Baik, and one more without a final evaluation."""
    people = [pegawai] + [staff_of(bidang_a1) for _ in range(9)]
    for person, value in zip(people, ["baik"] * 8 + ["sangat_baik"] * 2, strict=True):
        Evaluasi.objects.create(pegawai=person, tahun=tahun, nomor=0, status="final",
                                predikat=value, rating_hasil="sesuai",
                                rating_perilaku="sesuai")
    staff_of(bidang_a1)
    return bidang_a1, tahun


def url(unit, tahun):
    return f"/kurva/{unit.pk}/{tahun.tahun}/"


def test_the_unit_page_shows_the_spread_and_warns(unit_year, admin_bkd, login):
    unit, tahun = unit_year
    body = login(admin_bkd).get(url(unit, tahun)).content.decode()
    assert 'id="kurva-berjalan"' in body and "1 pegawai" in body
    body = login(admin_bkd).post(url(unit, tahun), {"predikat": "baik", "simpan": "1"}
                                 ).content.decode()
    page = login(admin_bkd).get(url(unit, tahun)).content.decode()
    assert 'id="di-luar-kurva"' in page and "80,0%" in page  # 8 of 10 Baik > 70%
    assert PredikatUnit.objects.get().final is False


def test_the_organisation_predikat_has_no_default(unit_year, admin_bkd, login):
    """Next to "Finalkan", a preselected "Istimewa" would be finalised by a careless click:
    the field starts empty and must be chosen."""
    unit, tahun = unit_year
    client = login(admin_bkd)
    page = client.get(url(unit, tahun))
    choice = page.context["form"]["predikat"]
    assert choice.value() in ("", None)
    assert 'value="istimewa" selected' not in page.content.decode()
    response = client.post(url(unit, tahun), {"finalkan": "1", "alasan": "x"})
    assert response.status_code == 400 and "predikat" in response.context["form"].errors
    assert not PredikatUnit.objects.exists()


def test_finalising_outside_the_curve_needs_a_justification(unit_year, admin_bkd, login):
    unit, tahun = unit_year
    client = login(admin_bkd)
    response = client.post(url(unit, tahun), {"predikat": "baik", "finalkan": "1"})
    assert response.status_code == 400 and "alasan" in response.context["form"].errors
    assert not PredikatUnit.objects.exists()
    client.post(url(unit, tahun), {"predikat": "baik", "finalkan": "1",
                                   "alasan": "Unit kecil; semua target tercapai"})
    row = PredikatUnit.objects.get()
    assert row.final and row.alasan_di_luar_kurva == "Unit kecil; semua target tercapai"
    log = AuditLog.objects.get(action="predikat_unit.final")
    assert log.after["di_luar_kurva"]
    response = client.post(url(unit, tahun), {"predikat": "istimewa", "finalkan": "1"})
    assert response.status_code == 404  # final: the form is gone
    assert PredikatUnit.objects.get().predikat == "baik"


def test_a_binding_curve_refuses(unit_year, admin_bkd, login):
    unit, tahun = unit_year
    type(tahun).objects.filter(pk=tahun.pk).update(kurva_wajib=True)
    response = login(admin_bkd).post(url(unit, tahun), {
        "predikat": "baik", "finalkan": "1", "alasan": "Tetap ingin"})
    assert response.status_code == 400 and "Di luar kurva" in response.content.decode()
    assert not PredikatUnit.objects.exists()
    response = login(admin_bkd).post(url(unit, tahun), {"predikat": "istimewa",
                                                        "finalkan": "1"})
    assert response.status_code == 302  # 20% Sangat Baik fits Istimewa
    assert PredikatUnit.objects.get().final


def test_who_may_see_and_set(unit_year, atasan, pegawai, pegawai_lain, admin_opd, login):
    unit, tahun = unit_year
    assert Client().get(url(unit, tahun)).status_code == 302
    for other in (pegawai, pegawai_lain):
        assert login(other).get(url(unit, tahun)).status_code == 404
        assert login(other).post(url(unit, tahun), {"predikat": "baik"}).status_code == 404
    assert login(admin_opd).get(url(unit, tahun)).status_code == 200
    assert login(admin_opd).post(url(unit, tahun), {"predikat": "baik"}).status_code == 404
    response = login(atasan).post(url(unit, tahun), {"predikat": "istimewa", "simpan": "1"})
    assert response.status_code == 302  # the head of the unit sets its predikat
    assert f"/kurva/{unit.pk}/" in login(atasan).get("/kurva/").content.decode()
    assert login(pegawai).get("/kurva/").status_code == 404


def test_the_head_takes_the_units_result(unit_year, atasan, kepala_a, skp_atasan, login):
    unit, tahun = unit_year
    PredikatUnit.objects.create(unit=unit, tahun=tahun, predikat="istimewa", final=True,
                                ditetapkan_oleh=kepala_a)
    client = login(kepala_a)
    url_head = f"/evaluasi/nilai/{atasan.pk}/{tahun.tahun}/0/"
    assert client.get(url_head).status_code == 200
    assert client.post(url_head, {"mulai": "1"}).status_code == 302
    assert Evaluasi.objects.get(pegawai=atasan).rating_saran == "di_atas"
    data = {f"perilaku_{n}": "sesuai" for n in range(1, 8)}
    data.update(rating_perilaku="sesuai", finalkan="1")
    response = client.post(url_head, {**data, "rating_hasil": "sesuai", "alasan_rating": "x"})
    assert response.status_code == 400
    assert "hasil unit" in " ".join(response.context["form"].errors["rating_hasil"])
    response = client.post(url_head, {**data, "rating_hasil": "di_atas"})
    assert response.status_code == 302
    assert Evaluasi.objects.get(pegawai=atasan).predikat == "baik"


def _limits_post(**changes):
    rows = list(BatasKurva.objects.order_by("organisasi", "id"))
    data = {"form-TOTAL_FORMS": len(rows), "form-INITIAL_FORMS": len(rows),
            "form-MIN_NUM_FORMS": 0, "form-MAX_NUM_FORMS": 1000}
    for i, row in enumerate(rows):
        data.update({f"form-{i}-id": row.pk, f"form-{i}-jenis": row.jenis,
                     f"form-{i}-persen": str(row.persen)})
    for key, value in changes.items():
        data[key] = value
    return data, rows


def test_bkd_edits_the_limits(db, admin_bkd, admin_opd, pegawai, login):
    assert Client().get("/kelola/kurva/").status_code == 302
    client = login(admin_bkd)
    assert client.get("/kelola/kurva/").status_code == 200
    data, rows = _limits_post()
    index = next(i for i, r in enumerate(rows) if r.organisasi == "istimewa")
    data[f"form-{index}-persen"] = "75"
    for other in (pegawai, admin_opd):  # bkd_required: 403, and nothing is saved
        assert login(other).get("/kelola/kurva/").status_code == 403
        assert login(other).post("/kelola/kurva/", data).status_code == 403
    assert BatasKurva.objects.get(organisasi="istimewa").persen == 70
    assert client.post("/kelola/kurva/", data).status_code == 302
    assert BatasKurva.objects.get(organisasi="istimewa").persen == 75
    log = AuditLog.objects.get(action="kurva.batas")
    assert (log.before["persen"], log.after["persen"]) == ("70.00", "75.00")


@pytest.mark.parametrize("value", ["150", "-1", "tujuh puluh", ""])
def test_bad_limits_are_refused(db, admin_bkd, login, value):
    client = login(admin_bkd)
    client.get("/kelola/kurva/")
    data, rows = _limits_post()
    data["form-0-persen"] = value
    data["form-1-persen"] = "33"
    assert client.post("/kelola/kurva/", data).status_code == 400
    assert BatasKurva.objects.get(pk=rows[1].pk).persen == rows[1].persen  # nothing saved
    assert not AuditLog.objects.filter(action="kurva.batas").exists()
