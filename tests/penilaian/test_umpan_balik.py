"""360 feedback on BerAKHLAK: BKD's round, nominating peers and subordinates within the
limit, answering once and completely before the deadline, the anonymity threshold (two
answers: nothing shown; three: averages only, never names or comments), the atasan reading
each answer, nobody else seeing anything, the history keeping no trace for the employee,
the reminder once, and the completion per unit."""

import datetime as dt

import pytest

from ekinerja.models import AuditLog, Notifikasi
from ekinerja.selectors import audit_tentang
from penilaian import umpan_balik
from penilaian.models import Jawaban360, Penilai360, Putaran360

from ..factories import staff_of
from .test_evaluasi import periode  # noqa: F401


@pytest.fixture
def putaran(tahun, admin_bkd):
    return Putaran360.objects.create(tahun=tahun, aktif=True, maks_penilai=5,
                                     batas=dt.date(2026, 10, 31), diubah_oleh=admin_bkd)


@pytest.fixture
def rekan(bidang_a1, atasan, pegawai):
    """Four peers of the pegawai (the same atasan)."""
    return [staff_of(bidang_a1, nama=f"Rekan {n}") for n in range(4)]


def _answers(**change):
    data = {f"skor_{n}": "4" for n in range(1, 8)}
    data.update({f"komentar_{n}": "" for n in range(1, 8)})
    data["komentar_1"] = "Sangat membantu warga"
    return {**data, **change}


def _answer(login, person, subject, **change):
    row = Penilai360.objects.get(penilai=person, pegawai=subject)
    return login(person).post(f"/360/jawab/{row.pk}/", _answers(**change))


def test_nominating_peers_within_the_limit(putaran, rekan, pegawai, atasan, pegawai_lain,
                                          admin_bkd, login):
    url = f"/360/nominasi/{pegawai.pk}/"
    client = login(pegawai)
    assert client.post(url, {"penilai": [r.pk for r in rekan[:3]]}).status_code == 302
    assert set(Penilai360.objects.values_list("penilai_id", flat=True)) == {
        r.pk for r in rekan[:3]}
    assert Notifikasi.objects.filter(jenis="umpan_balik_diminta").count() == 3
    outsider = client.post(url, {"penilai": [pegawai_lain.pk]})
    assert outsider.status_code == 400  # not offered: not a peer or a subordinate
    assert Penilai360.objects.count() == 3
    # The atasan adds one more; a sixth would pass the limit of 5.
    assert login(atasan).post(url, {"penilai": [rekan[3].pk]}).status_code == 302
    extra = [staff_of(pegawai.unit), staff_of(pegawai.unit)]
    too_many = client.post(url, {"penilai": [p.pk for p in extra]})  # 4 + 2 > 5
    assert too_many.status_code == 400 and "Paling banyak 5 penilai" in \
        too_many.content.decode()
    for outsider in (pegawai_lain, admin_bkd, rekan[0]):
        assert login(outsider).get(url).status_code == 404


def test_answering_once_completely_and_before_the_deadline(putaran, rekan, pegawai, login,
                                                          jam):
    login(pegawai).post(f"/360/nominasi/{pegawai.pk}/", {"penilai": [r.pk for r in rekan]})
    row = Penilai360.objects.get(penilai=rekan[0])
    assert login(rekan[1]).get(f"/360/jawab/{row.pk}/").status_code == 404  # not theirs
    missing = _answers()
    del missing["skor_7"]
    assert login(rekan[0]).post(f"/360/jawab/{row.pk}/", missing).status_code == 400
    assert _answer(login, rekan[0], pegawai, skor_2="6").status_code == 400
    assert _answer(login, rekan[0], pegawai, komentar_2="x" * 501).status_code == 400
    assert not Jawaban360.objects.exists()
    assert _answer(login, rekan[0], pegawai).status_code == 302
    assert Jawaban360.objects.filter(penilai360=row).count() == 7
    again = login(rekan[0]).post(f"/360/jawab/{row.pk}/", _answers(), follow=True)
    assert "sudah menjawab" in again.content.decode()
    jam.move_to(dt.datetime(2026, 11, 2, 9, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    late = _answer(login, rekan[1], pegawai)
    assert late.status_code == 400 and "berakhir pada 31-10-2026" in late.content.decode()


def test_the_employee_sees_averages_only_from_three_answers(putaran, rekan, pegawai, atasan,
                                                           admin_bkd, login, jam):
    login(pegawai).post(f"/360/nominasi/{pegawai.pk}/", {"penilai": [r.pk for r in rekan]})
    url = f"/360/hasil/{pegawai.pk}/"
    _answer(login, rekan[0], pegawai, skor_1="5")
    _answer(login, rekan[1], pegawai, skor_1="3")
    two = login(pegawai).get(url)
    body = two.content.decode()
    assert 'id="belum-cukup"' in body and 'id="rata-360"' not in body
    assert two.context["h"]["rata"] == [] and two.context["h"]["rinci"] == []
    _answer(login, rekan[2], pegawai, skor_1="4")
    early = login(pegawai).get(url)  # three answers, but the round is still open
    assert early.context["h"]["rata"] == [] and early.context["h"]["n"] is None
    jam.move_to(dt.datetime(2026, 11, 1, 9, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    three = login(pegawai).get(url)
    body = three.content.decode()
    assert 'id="rata-360"' in body and "Berorientasi Pelayanan" in body
    assert dict(three.context["h"]["rata"])["Berorientasi Pelayanan"] == 4.0
    for rater in rekan[:3]:
        assert rater.nama not in body
    assert "Sangat membantu warga" not in body and 'id="rinci-360"' not in body
    # The atasan reads each answer with its rater; nobody else sees anything.
    boss = login(atasan).get(url).content.decode()
    assert rekan[0].nama in boss and "Sangat membantu warga" in boss
    for outsider in (rekan[3], admin_bkd):
        assert login(outsider).get(url).status_code == 404
    # The employee's history tells nothing about who answered.
    assert not [e for e in audit_tentang(pegawai) if e.action == "umpan_balik.jawab"]
    assert AuditLog.objects.filter(action="umpan_balik.jawab").count() == 3


def test_the_reminder_in_the_last_days_goes_once(putaran, rekan, pegawai, login):
    login(pegawai).post(f"/360/nominasi/{pegawai.pk}/", {"penilai": [r.pk for r in rekan]})
    _answer(login, rekan[0], pegawai)
    assert umpan_balik.pengingat(today=dt.date(2026, 10, 20)) == 0  # not yet
    assert umpan_balik.pengingat(today=dt.date(2026, 10, 29)) == 3  # the three who owe
    assert umpan_balik.pengingat(today=dt.date(2026, 10, 30)) == 0  # once
    assert not Notifikasi.objects.filter(penerima=rekan[0], kunci__endswith="pengingat")


def test_the_completion_per_unit_and_bkds_setting(putaran, rekan, pegawai, admin_opd,
                                                  admin_bkd, opd_a, bidang_a1, login):
    login(pegawai).post(f"/360/nominasi/{pegawai.pk}/", {"penilai": [r.pk for r in rekan]})
    _answer(login, rekan[0], pegawai)
    assert login(pegawai).get("/kelola/360/").status_code == 403
    page = login(admin_opd).get("/kelola/360/")
    rows = {r["unit"].pk: r for r in page.context["rows"]}
    assert (rows[opd_a.pk]["diminta"], rows[opd_a.pk]["dijawab"]) == (4, 1)
    assert rows[bidang_a1.pk]["persen"] == 25
    assert login(admin_opd).get("/kelola/360/atur/").status_code == 403
    bkd = login(admin_bkd)
    bad = bkd.post("/kelola/360/atur/", {"aktif": "on", "maks_penilai": "2",
                                         "batas": "2026-11-30"})
    assert bad.status_code == 400 and "lebih besar dari atau sama dengan 3" in \
        bad.content.decode()
    assert bkd.post("/kelola/360/atur/", {"maks_penilai": "6",
                                          "batas": "2026-11-30"}).status_code == 302
    putaran.refresh_from_db()
    assert (putaran.aktif, putaran.maks_penilai) == (False, 6)
    off = login(pegawai).get("/360/").content.decode()
    assert 'id="tanpa-putaran"' in off


def test_the_atasans_evaluation_form_links_the_feedback(
        putaran, periode, pegawai, atasan, login):  # noqa: F811
    client = login(atasan)
    url = f"/evaluasi/nilai/{pegawai.pk}/{periode.tahun.tahun}/{periode.nomor}/"
    client.post(url, {"mulai": "1"})
    assert f'href="/360/hasil/{pegawai.pk}/?tahun=2026"' in client.get(url).content.decode()
    putaran.aktif = False
    putaran.save(update_fields=["aktif"])
    assert 'id="tautan-360"' not in client.get(url).content.decode()
