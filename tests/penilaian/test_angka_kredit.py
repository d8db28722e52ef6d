"""Angka kredit of functional posts (PermenPANRB 1/2023, Peraturan BKN 3/2023): the
conversion on every jenjang x predikat pair (worked by hand below), months at the edges of
a post, the balance across a change of level, the starting PAK's date, a periodic
evaluation replaced by the year's, each condition of a promotion failing alone, the
conversion again after an upheld appeal, BKD's rule versions, and the query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ekinerja.celery import app as celery_app
from ekinerja.models import Jabatan, RiwayatJabatan
from ekinerja.services import pegawai_save
from kinerja.models import TahunKinerja
from penilaian import angka_kredit as ak
from penilaian.evaluasi import keberatan_putuskan, keberatan_submit
from penilaian.models import AngkaKredit, Evaluasi, PakAwal, SyaratJenjang

from ..factories import JabatanFactory, PegawaiFactory
from ..kinerja.conftest import make_year

# percentage(predikat) x coefficient(jenjang) for a whole year, by hand:
# coefficients 12.5, 25, 37.5, 50 (ahli) and 3.75, 5, 12.5, 25 (keterampilan);
# percentages 150, 100, 75, 50, 25; e.g. Pemula x Butuh Perbaikan = 0.75 x 3.75 = 2.8125,
# to three decimals 2.813.
SETAHUN = {
    "ahli_pertama": ["18.750", "12.500", "9.375", "6.250", "3.125"],
    "ahli_muda": ["37.500", "25.000", "18.750", "12.500", "6.250"],
    "ahli_madya": ["56.250", "37.500", "28.125", "18.750", "9.375"],
    "ahli_utama": ["75.000", "50.000", "37.500", "25.000", "12.500"],
    "pemula": ["5.625", "3.750", "2.813", "1.875", "0.938"],
    "terampil": ["7.500", "5.000", "3.750", "2.500", "1.250"],
    "mahir": ["18.750", "12.500", "9.375", "6.250", "3.125"],
    "penyelia": ["37.500", "25.000", "18.750", "12.500", "6.250"],
}
PREDIKAT = ["sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang"]


def tahun_(year, actor):
    return TahunKinerja.objects.filter(tahun=year).first() or make_year(year, actor)


def fungsional(unit, jenjang, *, mulai=dt.date(2020, 1, 1), **kwargs):
    """Someone in a functional post of `jenjang` since `mulai`."""
    jabatan = JabatanFactory(unit=unit, jenis=Jabatan.Jenis.FUNGSIONAL, jenjang=jenjang,
                             nama=f"Analis {jenjang}")
    person = PegawaiFactory(jabatan=jabatan, **kwargs)
    RiwayatJabatan.objects.filter(pegawai=person).update(mulai=mulai)
    return person


def pindah(person, unit, jenjang, tmt):
    """The person moves to a functional post of `jenjang` from `tmt`."""
    person.jabatan = JabatanFactory(unit=unit, jenis=Jabatan.Jenis.FUNGSIONAL,
                                    jenjang=jenjang, nama=f"Analis {jenjang} {tmt}")
    return pegawai_save(pegawai=person, actor=None, tmt=tmt)


def evaluasi(person, tahun, predikat, nomor=0, **kwargs):
    return Evaluasi.objects.create(
        pegawai=person, tahun=tahun, nomor=nomor, status=Evaluasi.Status.FINAL,
        predikat=predikat, difinalkan_pada=timezone.now(),
        periode=tahun.periode.get(nomor=nomor) if nomor else None, **kwargs)


def test_every_jenjang_and_predikat_converts_as_worked_by_hand(bidang_a1, admin_bkd):
    tahun = tahun_(2025, admin_bkd)
    people = {}
    for jenjang, values in SETAHUN.items():
        for predikat, _value in zip(PREDIKAT, values, strict=True):
            person = fungsional(bidang_a1, jenjang)
            evaluasi(person, tahun, predikat)
            people[person.pk] = (jenjang, predikat)
    assert ak.angka_kredit_hitung_tahun(tahun) == (40, 40)
    got = {people[r.pegawai_id]: (str(r.nilai), r.bulan, r.sementara)
           for r in AngkaKredit.objects.all()}
    expected = {(j, p): (v, 12, False) for j, values in SETAHUN.items()
                for p, v in zip(PREDIKAT, values, strict=True)}
    assert got == expected


def test_bkns_worked_example_two_months_of_ahli_pertama():
    assert ak.nilai_konversi(Decimal("100"), Decimal("12.5"), 2) == Decimal("2.083")


@pytest.mark.parametrize("mulai, selesai, bulan", [
    (dt.date(2025, 3, 1), None, 10),  # TMT on the 1st: March counts
    (dt.date(2025, 3, 2), None, 9),  # a day later: from April
    (dt.date(2025, 11, 1), None, 2),  # BKN's example: November and December
    (dt.date(2024, 7, 1), dt.date(2025, 5, 31), 5),  # left at the end of May
    (dt.date(2024, 7, 1), dt.date(2025, 6, 1), 6),  # held on 1 June: June counts
    (dt.date(2025, 12, 2), None, 0),  # not a whole month this year: nothing
])
def test_months_at_the_edges_of_a_post(bidang_a1, admin_bkd, mulai, selesai, bulan):
    tahun = tahun_(2025, admin_bkd)
    person = fungsional(bidang_a1, "ahli_pertama", mulai=mulai)
    if selesai:
        RiwayatJabatan.objects.filter(pegawai=person).update(selesai=selesai)
    evaluasi(person, tahun, "baik")
    ak.angka_kredit_hitung([person.pk], tahun)
    rows = list(AngkaKredit.objects.filter(pegawai=person))
    assert [r.bulan for r in rows] == ([bulan] if bulan else [])
    if bulan:
        assert rows[0].nilai == ak.nilai_konversi(100, Decimal("12.5"), bulan)


def test_the_balance_across_a_mid_year_change_of_level(bidang_a1, admin_bkd):
    tahun = tahun_(2025, admin_bkd)
    person = fungsional(bidang_a1, "ahli_pertama")
    PakAwal.objects.create(pegawai=person, jenis="konversi", per_tanggal=dt.date(2024, 12, 31),
                           nilai=Decimal("40"), jenjang="ahli_pertama", nomor_sk="PAK/1",
                           tanggal_sk=dt.date(2025, 1, 10))
    pindah(person, bidang_a1, "ahli_muda", dt.date(2025, 7, 1))
    history = list(RiwayatJabatan.objects.filter(pegawai=person).order_by("mulai"))
    assert [(h.mulai, h.selesai) for h in history] == [
        (dt.date(2020, 1, 1), dt.date(2025, 6, 30)), (dt.date(2025, 7, 1), None)]
    evaluasi(person, tahun, "baik")
    ak.angka_kredit_hitung([person.pk], tahun)
    rows = {r.jenjang: (r.bulan, r.nilai) for r in AngkaKredit.objects.filter(pegawai=person)}
    # Jan-Jun as Ahli Pertama: 6/12 x 12.5 = 6.25; Jul-Dec as Ahli Muda: 6/12 x 25 = 12.5.
    assert rows == {"ahli_pertama": (6, Decimal("6.250")), "ahli_muda": (6, Decimal("12.500"))}
    person.refresh_from_db()
    k = ak.kelayakan(person)
    assert (k.saldo, k.konversi, k.jenjang) == (Decimal("58.750"), Decimal("18.750"),
                                                "ahli_muda")
    assert (k.kebutuhan_pangkat, k.kurang_pangkat) == (Decimal("100"), Decimal("41.250"))


def test_only_the_months_after_the_starting_pak_count(bidang_a1, admin_bkd):
    tahun = tahun_(2025, admin_bkd)
    person = fungsional(bidang_a1, "ahli_muda")
    evaluasi(person, tahun, "sangat_baik")
    ak.angka_kredit_hitung([person.pk], tahun)
    assert AngkaKredit.objects.get(pegawai=person).nilai == Decimal("37.500")
    # A PAK as of 30 June: only July to December are converted on top of it.
    with TestCase.captureOnCommitCallbacks(execute=True):
        ak.pak_awal_save(pak=PakAwal(pegawai=person, jenis="penetapan",
                                     per_tanggal=dt.date(2025, 6, 30), nilai=Decimal("120.5"),
                                     jenjang="ahli_muda", nomor_sk="PAK/2",
                                     tanggal_sk=dt.date(2025, 7, 3)), actor=admin_bkd)
    row = AngkaKredit.objects.get(pegawai=person)
    assert (row.bulan, row.nilai) == (6, Decimal("18.750"))
    assert ak.kelayakan(person).saldo == Decimal("139.250")


def test_a_periodic_evaluation_is_provisional_until_the_years(bidang_a1, admin_bkd):
    tahun = tahun_(2025, admin_bkd)
    person = fungsional(bidang_a1, "terampil")
    evaluasi(person, tahun, "baik", nomor=1)
    evaluasi(person, tahun, "sangat_baik", nomor=2)
    ak.angka_kredit_hitung([person.pk], tahun)
    rows = list(AngkaKredit.objects.filter(pegawai=person).order_by("evaluasi__nomor"))
    # January at 100% and February at 150% of 5/12: 0.417 and 0.625.
    assert [(r.bulan, r.nilai, r.sementara) for r in rows] == [
        (1, Decimal("0.417"), True), (1, Decimal("0.625"), True)]
    evaluasi(person, tahun, "baik")
    ak.angka_kredit_hitung([person.pk], tahun)
    assert [(r.bulan, r.nilai, r.sementara) for r in AngkaKredit.objects.filter(
        pegawai=person)] == [(12, Decimal("5.000"), False)]


def test_a_draft_or_a_non_functional_post_converts_nothing(bidang_a1, admin_bkd, pegawai):
    tahun = tahun_(2025, admin_bkd)
    person = fungsional(bidang_a1, "mahir")
    Evaluasi.objects.create(pegawai=person, tahun=tahun, nomor=0, status="draft")
    evaluasi(pegawai, tahun, "baik")  # a pelaksana
    assert ak.angka_kredit_hitung_tahun(tahun) == (0, 0)
    assert not AngkaKredit.objects.exists()
    assert not ak.kelayakan(pegawai).fungsional


# --- eligibility: every condition failing alone --------------------------------------------


@pytest.fixture
def layak(bidang_a1, admin_bkd):
    """An Ahli Pertama eligible today (14 October 2026) for both the next rank and level:
    in the level since 2024, Baik in 2024 and Sangat Baik in 2025, PAK 90 + 18.75 >= 100,
    a vacancy and a passed competency test recorded."""
    person = fungsional(bidang_a1, "ahli_pertama", mulai=dt.date(2024, 1, 1))
    PakAwal.objects.create(pegawai=person, jenis="konversi", per_tanggal=dt.date(2024, 12, 31),
                           nilai=Decimal("90"), jenjang="ahli_pertama", nomor_sk="PAK/9",
                           tanggal_sk=dt.date(2025, 1, 10))
    evaluasi(person, tahun_(2024, admin_bkd), "baik")
    evaluasi(person, tahun_(2025, admin_bkd), "sangat_baik")
    ak.angka_kredit_hitung([person.pk], TahunKinerja.objects.get(tahun=2025))
    SyaratJenjang.objects.create(pegawai=person, formasi=dt.date(2026, 2, 1),
                                 formasi_keterangan="Formasi 2026", ukom=dt.date(2026, 3, 5))
    return person


def _gagal(k):
    return [s.label for s in k.pangkat + k.naik_jenjang if not s.terpenuhi]


def test_all_conditions_met(layak):
    k = ak.kelayakan(layak)
    assert k.saldo == Decimal("108.750") and k.layak_pangkat and k.layak_jenjang
    assert _gagal(k) == []


@pytest.mark.parametrize("rusak, gagal", [
    ("saldo_jenjang", ["Angka kredit untuk jenjang berikutnya"]),
    ("saldo_pangkat", ["Angka kredit untuk pangkat berikutnya",
                       "Angka kredit untuk jenjang berikutnya"]),
    ("lama", ["Paling sedikit satu tahun di jenjang sekarang"]),
    ("tmt", ["Paling sedikit satu tahun di jenjang sekarang"]),
    ("predikat_terakhir", ["Predikat paling rendah Baik dua tahun terakhir",
                           "Predikat paling rendah Baik pada evaluasi tahunan terakhir"]),
    ("predikat_sebelumnya", ["Predikat paling rendah Baik dua tahun terakhir"]),
    ("formasi", ["Formasi pada jenjang yang lebih tinggi"]),
    ("ukom", ["Lulus uji kompetensi"]),
])
def test_each_condition_failing_alone(layak, rusak, gagal):
    if rusak == "saldo_jenjang":  # 60 + 18.75: enough for the rank (50), not the level (100)
        PakAwal.objects.filter(pegawai=layak).update(nilai=Decimal("60"))
    elif rusak == "saldo_pangkat":
        PakAwal.objects.filter(pegawai=layak).update(nilai=Decimal("20"))
    elif rusak == "lama":  # in the level since 1 December 2025 only
        RiwayatJabatan.objects.filter(pegawai=layak).update(mulai=dt.date(2025, 12, 1))
    elif rusak == "tmt":
        RiwayatJabatan.objects.filter(pegawai=layak).update(mulai=None)
    elif rusak == "predikat_terakhir":
        Evaluasi.objects.filter(pegawai=layak, tahun__tahun=2025).update(
            predikat="butuh_perbaikan")
    elif rusak == "predikat_sebelumnya":
        Evaluasi.objects.filter(pegawai=layak, tahun__tahun=2024).update(predikat="kurang")
    elif rusak == "formasi":
        SyaratJenjang.objects.filter(pegawai=layak).update(formasi=None)
    elif rusak == "ukom":
        SyaratJenjang.objects.filter(pegawai=layak).update(ukom=None)
    k = ak.kelayakan(layak)
    assert _gagal(k) == gagal, [(s.label, s.keterangan) for s in k.pangkat + k.naik_jenjang]


def test_what_is_missing_is_said_plainly(layak):
    PakAwal.objects.filter(pegawai=layak).update(nilai=Decimal("60"))
    RiwayatJabatan.objects.filter(pegawai=layak).update(mulai=dt.date(2025, 12, 1))
    k = ak.kelayakan(layak)
    said = {s.label: s.keterangan for s in k.naik_jenjang}
    assert said["Angka kredit untuk jenjang berikutnya"] == \
        "78,750 dari 100,000 yang dibutuhkan: kurang 21,250."
    assert said["Paling sedikit satu tahun di jenjang sekarang"] == \
        "Sejak 1 Desember 2025: satu tahun tercapai pada 1 Desember 2026."


def test_the_top_of_a_ladder_has_no_next_level(bidang_a1):
    k = ak.kelayakan(fungsional(bidang_a1, "ahli_utama"))
    assert k.naik_jenjang == [] and k.kebutuhan_jenjang is None and not k.layak_jenjang
    assert k.kebutuhan_pangkat == Decimal("200")


# --- the conversion again after an upheld appeal --------------------------------------------


@pytest.fixture
def tugas_di_proses_ini():
    """Tasks queued after a commit run in this process (as the worker would run them)."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def test_an_upheld_appeal_converts_the_year_again(bidang_a1, atasan, kepala_a, admin_bkd,
                                                   tugas_di_proses_ini):
    tahun = tahun_(2025, admin_bkd)
    person = fungsional(bidang_a1, "ahli_madya")
    e = evaluasi(person, tahun, "baik", penilai=atasan, penilai_nip=atasan.nip)
    with TestCase.captureOnCommitCallbacks(execute=True):
        ak.angka_kredit_antre(e)
    assert AngkaKredit.objects.get(pegawai=person).nilai == Decimal("37.500")
    keberatan = keberatan_submit(evaluasi=e, actor=person, alasan="Hasil kerja melampaui")
    with TestCase.captureOnCommitCallbacks(execute=True):
        keberatan_putuskan(keberatan=keberatan, actor=kepala_a, terima=True,
                           predikat_baru="sangat_baik", alasan="Bukti kuat")
    row = AngkaKredit.objects.get(pegawai=person)
    assert (row.predikat, row.persen, row.nilai) == ("sangat_baik", Decimal("150"),
                                                     Decimal("56.250"))


def test_a_person_never_in_a_functional_post_queues_nothing(pegawai, admin_bkd):
    e = evaluasi(pegawai, tahun_(2025, admin_bkd), "baik")
    with TestCase.captureOnCommitCallbacks(execute=False) as queued:
        ak.angka_kredit_antre(e)
    assert queued == []


# --- BKD's versions of the rule --------------------------------------------------------------


def test_the_first_version_is_the_regulations_with_its_sources(db):
    table = ak.aturan_berlaku(dt.date(2026, 10, 14))
    assert (table.aturan.versi, table.aturan.berlaku_mulai) == (1, dt.date(2023, 1, 1))
    assert table.persen == {p: Decimal(v) for p, v in ak.PERSEN_BAWAAN.items()}
    row = table.koefisien["penyelia"]
    assert (row.koefisien, row.kebutuhan_pangkat, row.kebutuhan_jenjang) == (
        Decimal("25"), Decimal("100"), None)
    assert all("PermenPANRB 1/2023" in k.sumber for k in table.koefisien.values())
    assert ak.aturan_berlaku(dt.date(2022, 12, 31)) is None


def test_a_new_version_applies_from_its_date_and_past_figures_keep_theirs(
        bidang_a1, admin_bkd):
    tahun = tahun_(2025, admin_bkd)
    person = fungsional(bidang_a1, "ahli_pertama")
    evaluasi(person, tahun, "baik")
    ak.angka_kredit_hitung([person.pk], tahun)
    persen = {p: Decimal(v) for p, v in ak.PERSEN_BAWAAN.items()} | {"baik": Decimal("110")}
    koefisien = {j: tuple(Decimal(x) if x else None for x in v)
                 for j, v in ak.KOEFISIEN_BAWAAN.items()}
    with pytest.raises(ValidationError):  # never back-dated
        ak.aturan_angka_kredit_create(berlaku_mulai=dt.date(2026, 1, 1), sumber="x",
                                      persen=persen, koefisien=koefisien, actor=admin_bkd)
    baru = ak.aturan_angka_kredit_create(berlaku_mulai=dt.date(2026, 10, 15),
                                         sumber="Peraturan BKN (uji)", persen=persen,
                                         koefisien=koefisien, actor=admin_bkd)
    assert baru.versi == 2
    old = AngkaKredit.objects.get(pegawai=person)
    assert (old.aturan.versi, old.nilai) == (1, Decimal("12.500"))
    evaluasi(person, tahun_(2026, admin_bkd), "baik")
    ak.angka_kredit_hitung([person.pk], TahunKinerja.objects.get(tahun=2026))
    new = AngkaKredit.objects.get(pegawai=person, tahun__tahun=2026)
    assert (new.aturan.versi, new.nilai) == (2, Decimal("13.750"))
    ak.angka_kredit_hitung([person.pk], tahun)  # 2025 converted again: still version 1
    assert AngkaKredit.objects.get(pegawai=person, tahun=tahun).aturan.versi == 1


# --- query counts ------------------------------------------------------------------------------


def _queries(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


def test_conversion_and_eligibility_take_the_same_queries_for_1_or_12_people(
        bidang_a1, admin_bkd):
    tahun = tahun_(2025, admin_bkd)
    one = [fungsional(bidang_a1, "ahli_muda")]
    many = [fungsional(bidang_a1, "mahir") for _n in range(12)]
    for person in one + many:
        evaluasi(person, tahun, "baik")
    assert _queries(lambda: ak.angka_kredit_hitung([one[0].pk], tahun)) == \
        _queries(lambda: ak.angka_kredit_hitung([p.pk for p in many], tahun))
    assert _queries(lambda: ak.kelayakan_banyak(one)) == \
        _queries(lambda: ak.kelayakan_banyak(many))
