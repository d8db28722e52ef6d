"""TPP by the province's rule, worked by hand: the first rule's class-7 base of Rp 4,000,000,
60% performance at the period's 80% and 40% discipline, over the ten working days of
1-14 October 2026 (the pinned clock). Each kind of cut, an exemption, the CPNS share, the
gates, a new version from its date, the frozen month, the attendance import, the record of
days away and who sees what."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from ekinerja.models import AuditLog, Pegawai
from kinerja.models import Izin, Kehadiran, Periode, Skp
from penilaian import tpp
from penilaian.models import AturanSkor, BasisTpp, KebijakanTpp, PotonganTpp, Skor, Tpp

from ..impor_files import SAMPLES, csv_bytes, import_sample_people, preview

DAYS = [dt.date(2026, 10, d) for d in (1, 2, 5, 6, 7, 8, 9, 12, 13, 14)]
# (14 October is today: its attendance is not in yet, so it counts only from tomorrow.)


@pytest.fixture
def oktober(tahun):
    return Periode.objects.get(tahun=tahun, nomor=10)


@pytest.fixture
def siap(pegawai, tahun, oktober):
    """The pegawai (class 7) with an approved SKP, an 80% period and a full attendance."""
    skp = Skp.objects.create(pegawai=pegawai, tahun=tahun, jabatan=pegawai.jabatan,
                             unit=pegawai.unit)
    Skp.objects.filter(pk=skp.pk).update(status="disetujui")
    Skor.objects.create(pegawai=pegawai, tahun=tahun, nomor=10, periode=oktober,
                        aturan=AturanSkor.objects.first(), produktivitas=Decimal("90"),
                        tpp_kinerja=Decimal("80"), digest="uji", dihitung_pada=timezone.now())
    Kehadiran.objects.bulk_create(Kehadiran(pegawai=pegawai, tanggal=d, masuk=dt.time(7, 20),
                                            pulang=dt.time(16, 5)) for d in DAYS)
    return pegawai


def _hitung(periode, person):
    (row,) = tpp.tpp_hitung(periode=periode, pegawai_ids=[person.pk])
    return row


def _day(person, day, **times):
    Kehadiran.objects.filter(pegawai=person, tanggal=day).update(**times)


def test_a_full_month(siap, oktober):
    row = _hitung(oktober, siap)
    assert (row.kelas_jabatan, row.basis, row.faktor) == (7, 4_000_000, Decimal("100"))
    assert (row.nilai_kinerja, row.nilai_disiplin, row.total) == (1_920_000, 1_600_000,
                                                                  3_520_000)
    assert row.rincian == [] and row.gerbang == [] and row.kebijakan.versi == 1


@pytest.mark.parametrize("change, cut, total", [
    ({"masuk": dt.time(8, 15)}, "1", 3_504_000),  # 45 minutes late: band 31-60, 1%
    ({"masuk": dt.time(7, 31)}, "0.5", 3_512_000),  # 1 minute late: band 1-30
    ({"masuk": dt.time(9, 5)}, "1.5", 3_496_000),  # 95 minutes: the last band
    ({"pulang": dt.time(15, 40)}, "0.5", 3_512_000),  # 20 minutes early
    ({"pulang": None}, "1.5", 3_496_000),  # no check-out: the last band
    ({"masuk": None}, "1.5", 3_496_000),  # no check-in: the last band
    ({"masuk": None, "pulang": None}, "5", 3_440_000),  # neither: absent without reason
])
def test_each_cut_worked_by_hand(siap, oktober, change, cut, total):
    _day(siap, DAYS[3], **change)
    row = _hitung(oktober, siap)
    assert (row.potongan_persen, row.total) == (Decimal(cut), total)
    assert row.rincian[0][0] == DAYS[3].isoformat() and Decimal(row.rincian[0][3]) == Decimal(cut)


def test_absence_without_reason_halves_then_removes_the_tpp(siap, oktober):
    Kehadiran.objects.filter(pegawai=siap, tanggal__in=DAYS[:2]).delete()
    row = _hitung(oktober, siap)  # 2 days: 10% cut, then the whole halved
    assert (row.hari_tk, row.nilai_disiplin, row.total) == (2, 1_440_000, 1_680_000)
    Kehadiran.objects.filter(pegawai=siap, tanggal=DAYS[2]).delete()
    row = _hitung(oktober, siap)  # 3 days: nothing
    assert (row.hari_tk, row.total) == (3, 0)
    assert row.gerbang == ["3 hari tanpa keterangan: tidak ada TPP bulan ini."]


def test_a_day_away_with_a_reason_counts_as_present(siap, oktober, admin_opd):
    Kehadiran.objects.filter(pegawai=siap, tanggal__in=DAYS[4:6]).delete()
    Izin.objects.create(pegawai=siap, jenis="dinas_luar", mulai=DAYS[4], selesai=DAYS[5],
                        nomor_surat="090/ST/2026", dicatat_oleh=admin_opd)
    row = _hitung(oktober, siap)
    assert (row.hari_tk, row.total) == (0, 3_520_000)
    assert [r[1] for r in row.rincian] == ["dinas_luar", "dinas_luar"]


def test_a_cpns_gets_the_rules_share(siap, oktober):
    Pegawai.objects.filter(pk=siap.pk).update(jenis="CPNS")
    row = _hitung(oktober, siap)  # 80% of 4,000,000 = 3,200,000
    assert (row.faktor, row.nilai_kinerja, row.nilai_disiplin, row.total) == (
        Decimal("80"), 1_536_000, 1_280_000, 2_816_000)


def test_the_gates(siap, oktober, tahun):
    Skp.objects.filter(pegawai=siap).update(status="draft")
    row = _hitung(oktober, siap)
    assert (row.total, row.gerbang) == (0, ["SKP tahun ini belum disetujui."])
    assert row.nilai_kinerja == 1_920_000  # shown, not paid
    # Last year exists: someone new since then owes no evaluation of it...
    from ..kinerja.conftest import make_year

    Skp.objects.filter(pegawai=siap).update(status="disetujui")
    lalu = make_year(2025, siap)
    assert _hitung(oktober, siap).gerbang == []
    # ... but someone who had an SKP last year does.
    skp = Skp.objects.create(pegawai=siap, tahun=lalu, jabatan=siap.jabatan, unit=siap.unit)
    Skp.objects.filter(pk=skp.pk).update(status="disetujui")
    row = _hitung(oktober, siap)
    assert row.gerbang == ["Evaluasi tahun lalu belum final."] and row.total == 0


def test_a_new_version_applies_from_its_date(siap, oktober, tahun):
    v1 = KebijakanTpp.objects.get(versi=1)
    v2 = KebijakanTpp.objects.create(
        versi=2, berlaku_mulai=dt.date(2026, 10, 1), sumber="Perkada uji",
        bobot_kinerja=Decimal("40"), bobot_disiplin=Decimal("60"), jam_masuk=v1.jam_masuk,
        jam_pulang=v1.jam_pulang, persen_tk_hari=Decimal("5"), tk_hari_potong_50=2,
        tk_hari_hapus=3, persen_cpns=Decimal("80"))
    BasisTpp.objects.bulk_create(BasisTpp(kebijakan=v2, kelas_jabatan=b.kelas_jabatan,
                                          jumlah=b.jumlah) for b in v1.basis_set.all())
    PotonganTpp.objects.bulk_create(PotonganTpp(kebijakan=v2, jenis=p.jenis,
                                                dari_menit=p.dari_menit,
                                                sampai_menit=p.sampai_menit, persen=p.persen)
                                    for p in v1.potongan_set.all())
    row = _hitung(oktober, siap)  # 40% x 80% of 4,000,000 + 60% of it
    assert (row.kebijakan, row.nilai_kinerja, row.nilai_disiplin, row.total) == (
        v2, 1_280_000, 2_400_000, 3_680_000)
    september = Periode.objects.get(tahun=tahun, nomor=9)
    assert _hitung(september, siap).kebijakan == v1


def test_a_final_month_is_not_computed_again(siap, oktober):
    tpp.tpp_hitung(periode=oktober, pegawai_ids=[siap.pk], final=True)
    Kehadiran.objects.filter(pegawai=siap).delete()
    assert tpp.tpp_hitung(periode=oktober, pegawai_ids=[siap.pk]) == []
    assert Tpp.objects.get(pegawai=siap).total == 3_520_000


# --- the attendance import ----------------------------------------------------------------


def test_the_sample_attendance_imports_and_twice_changes_nothing(admin_bkd, login, instansi):
    client = login(admin_bkd)
    import_sample_people(client, instansi)
    content = (SAMPLES / "kehadiran.csv").read_bytes()
    impor = preview(client, "kehadiran", "kehadiran.csv", content)
    assert (impor.ringkasan["baru"], impor.ringkasan["salah"]) == (4, 0), impor.ringkasan
    client.post(f"/kelola/impor/{impor.pk}/terapkan/")
    late = Kehadiran.objects.get(pegawai__nip="199003142015031005",
                                 tanggal=dt.date(2026, 10, 13))
    assert (late.masuk, late.pulang) == (dt.time(7, 48), dt.time(16, 2))
    assert Kehadiran.objects.get(pegawai__nip="198506212010012004").pulang is None
    assert AuditLog.objects.filter(action="kehadiran.import_create").count() == 4
    again = preview(client, "kehadiran", "kehadiran.csv", content)
    assert again.ringkasan["sama"] == 4


@pytest.mark.parametrize("row, message", [
    (["19800101 200501 1 999", "2026-10-12", "07:30", "16:00"], "bukan pegawai yang terdaftar"),
    (["{nip}", "2026-10-20", "07:30", "16:00"], "masa yang akan datang"),
    (["{nip}", "12/13/2026", "07:30", "16:00"], "bukan tanggal"),
    (["{nip}", "2026-10-12", "7.75", "16:00"], "bukan jam"),
    (["{nip}", "2026-10-12", "16:00", "07:30"], "sebelum jam masuk"),
    (["{nip}", "", "07:30", "16:00"], "belum diisi"),
])
def test_bad_attendance_rows_are_explained_and_nothing_saved(pegawai, admin_opd, login, row,
                                                             message):
    client = login(admin_opd)
    good = [pegawai.nip, "2026-10-12", "07:30", "16:00"]
    bad = [cell.replace("{nip}", pegawai.nip) for cell in row]
    impor = preview(client, "kehadiran", "k.csv", csv_bytes(
        [["nip", "tanggal", "jam_masuk", "jam_pulang"], good, bad]))
    assert impor.ringkasan["salah"] == 1
    assert message in client.get(f"/kelola/impor/{impor.pk}/").content.decode()
    client.post(f"/kelola/impor/{impor.pk}/terapkan/")
    assert not Kehadiran.objects.exists()


def test_a_day_twice_and_someone_outside_the_scope(pegawai, pegawai_lain, admin_opd, login):
    client = login(admin_opd)
    header = ["nip", "tanggal", "jam_masuk", "jam_pulang"]
    row = [pegawai.nip, "2026-10-12", "07:30", "16:00"]
    impor = preview(client, "kehadiran", "k.csv", csv_bytes([header, row, row]))
    assert "juga terdapat pada baris 2" in str(impor.ringkasan["errors"])
    impor = preview(client, "kehadiran", "k.csv", csv_bytes(
        [header, [pegawai_lain.nip, "2026-10-12", "07:30", "16:00"]]))
    assert "di luar lingkup kewenangan Anda" in str(impor.ringkasan["errors"])


# --- pages and access ----------------------------------------------------------------------


def test_who_sees_a_persons_tpp(siap, oktober, atasan, admin_opd, admin_bkd, pegawai_lain,
                                login):
    tpp.tpp_hitung(periode=oktober, pegawai_ids=[siap.pk])
    own = login(siap).get(f"/tpp/?periode={oktober.pk}")
    assert own.status_code == 200 and "Rp 3.520.000" in own.content.decode()
    assert len(own.context["hadir"]) == 10 and "07:20" in own.content.decode()  # the month
    for viewer in (atasan, admin_opd, admin_bkd):
        assert login(viewer).get(f"/tpp/{siap.pk}/?periode={oktober.pk}").status_code == 200
    assert login(pegawai_lain).get(f"/tpp/{siap.pk}/").status_code == 404
    assert login(siap).get("/kelola/tpp/").status_code == 403
    listing = login(admin_opd).get(f"/kelola/tpp/?periode={oktober.pk}")
    assert listing.status_code == 200 and siap.nama in listing.content.decode()


def test_the_admin_records_days_away(pegawai, pegawai_lain, admin_opd, login):
    client = login(admin_opd)
    data = {"nip": pegawai.nip, "jenis": "cuti_tahunan", "mulai": "2026-10-05",
            "selesai": "2026-10-07", "nomor_surat": "851/CT/2026"}
    assert login(pegawai).post("/kelola/izin/", data).status_code == 403
    outside = client.post("/kelola/izin/", {**data, "nip": pegawai_lain.nip})
    assert outside.status_code == 400 and "di lingkup Anda" in outside.content.decode()
    no_letter = client.post("/kelola/izin/", {**data, "nomor_surat": ""})
    assert no_letter.status_code == 400
    backwards = client.post("/kelola/izin/", {**data, "selesai": "2026-10-01"})
    assert backwards.status_code == 400
    assert client.post("/kelola/izin/", data).status_code == 302
    overlap = client.post("/kelola/izin/", {**data, "mulai": "2026-10-07",
                                            "selesai": "2026-10-09"})
    assert overlap.status_code == 400 and "bertumpang" in overlap.content.decode()
    assert Izin.objects.count() == 1
    assert AuditLog.objects.filter(action="izin.create").count() == 1


def test_closing_a_month_freezes_its_tpp(siap, tahun):
    from penilaian.services import periode_close_due

    september = Periode.objects.get(tahun=tahun, nomor=9)
    closed = periode_close_due(today=dt.date(2026, 10, 14))  # September's cut-off passed
    assert september in closed
    row = Tpp.objects.get(pegawai=siap, periode=september)
    assert row.final and row.kebijakan.versi == 1
    assert tpp.tpp_hitung(periode=september, pegawai_ids=[siap.pk]) == []


def test_the_payroll_list_in_the_documented_shape(siap, oktober, opd_a, admin_opd, login):
    import csv
    import io

    from openpyxl import load_workbook

    from ekinerja.ekspor import ekspor_jalankan
    from ekinerja.models import Ekspor
    from penilaian.ekspor import TPP_HEADER

    sample = list(csv.reader((SAMPLES / "tpp_bayar.csv").read_text().splitlines()))
    assert sample[0] == TPP_HEADER
    tpp.tpp_hitung(periode=oktober, pegawai_ids=[siap.pk])
    client = login(admin_opd)
    assert client.post("/ekspor/", {"jenis": "tpp_bayar", "unit": opd_a.pk, "tahun": 2026,
                                    "nomor": 10}).status_code == 302
    ekspor = Ekspor.objects.get()
    assert ekspor_jalankan(ekspor.pk) is True
    download = client.get(f"/ekspor/{ekspor.pk}/unduh/")
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True)
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    header = next(r for r in rows if r[0] == "No")
    assert header == TPP_HEADER
    row = dict(zip(header, next(r for r in rows if r[1] == siap.nip), strict=True))
    assert (row["Basis TPP"], row["TPP kinerja"], row["TPP disiplin"], row["Jumlah TPP"],
            row["Final"]) == (4_000_000, 1_920_000, 1_600_000, 3_520_000, "Tidak")


def _rule_form(**change):
    data = {"berlaku_mulai": "2026-10-01", "sumber": "Perkada uji 2026", "bobot_kinerja": "40",
            "bobot_disiplin": "60", "jam_masuk": "07:30", "jam_pulang": "16:00",
            "persen_tk_hari": "5", "tk_hari_potong_50": "2", "tk_hari_hapus": "3",
            "persen_cpns": "80", "gerbang_skp": "on", "gerbang_evaluasi": "on"}
    data |= {f"basis_{k}": str(v) for k, v in tpp.BASIS_AWAL.items()}
    for kind in ("tl", "psw"):
        rows = [r for r in tpp.POTONGAN_AWAL if r[0] == kind]
        for i, (_kind, a, b, p) in enumerate(rows):
            data |= {f"{kind}_{i}_dari": str(a), f"{kind}_{i}_sampai": str(b or ""),
                     f"{kind}_{i}_persen": p.replace(".", ",")}
    return data | change


def test_bkd_simulates_then_saves_a_new_rule(siap, oktober, admin_bkd, admin_opd, login):
    assert login(admin_opd).get("/kelola/tpp/aturan/").status_code == 403
    client = login(admin_bkd)
    page = client.get("/kelola/tpp/aturan/")
    assert page.status_code == 200 and "Contoh awal" in page.content.decode()
    shares = client.post("/kelola/tpp/aturan/", _rule_form(bobot_disiplin="50", simulasi="1"))
    assert shares.status_code == 400 and "berjumlah 100%" in shares.content.decode()
    # The simulation runs on the latest month that has ended: September, a full one.
    september = Periode.objects.get(tahun=oktober.tahun, nomor=9)
    Skor.objects.create(pegawai=siap, tahun=oktober.tahun, nomor=9, periode=september,
                        aturan=AturanSkor.objects.first(), produktivitas=Decimal("90"),
                        tpp_kinerja=Decimal("80"), digest="uji", dihitung_pada=timezone.now())
    from ekinerja import kalender

    Kehadiran.objects.bulk_create(
        Kehadiran(pegawai=siap, tanggal=d, masuk=dt.time(7, 20), pulang=dt.time(16, 5))
        for d in kalender.working_days(2026, 9, 5))
    sim = client.post("/kelola/tpp/aturan/", _rule_form(simulasi="1"))
    assert sim.context["periode"] == september
    hasil = sim.context["hasil"]
    assert (hasil["naik"], hasil["turun"]) == (1, 0)
    (d, person, before, after), = hasil["naik_terbesar"]
    assert (person, before, after) == (siap, 3_520_000, 3_680_000)
    assert KebijakanTpp.objects.count() == 1 and not Tpp.objects.exists()  # nothing saved
    past = client.post("/kelola/tpp/aturan/", _rule_form(simpan="1"))
    assert past.status_code == 400 and "setelah hari ini" in past.content.decode()
    assert client.post("/kelola/tpp/aturan/", _rule_form(
        simpan="1", berlaku_mulai="2026-11-01")).status_code == 302
    v2 = KebijakanTpp.objects.get(versi=2)
    assert (v2.bobot_kinerja, v2.basis_set.count(), v2.potongan_set.count()) == (
        Decimal("40"), 17, 8)
    assert v2.potongan_set.get(jenis="tl", dari_menit=91).sampai_menit is None
    again = client.post("/kelola/tpp/aturan/", _rule_form(simpan="1",
                                                          berlaku_mulai="2026-11-01"))
    assert again.status_code == 400 and "Sudah ada versi" in again.content.decode()
    assert AuditLog.objects.filter(action="kebijakan_tpp.create").count() == 1
    assert _hitung(oktober, siap).total == 3_520_000  # October keeps version 1


def test_days_away_import_the_sample_and_refuse_bad_rows(admin_bkd, admin_opd, pegawai,
                                                          login, instansi):
    client = login(admin_bkd)
    import_sample_people(client, instansi)
    content = (SAMPLES / "izin.csv").read_bytes()
    impor = preview(client, "izin", "izin.csv", content)
    assert (impor.ringkasan["baru"], impor.ringkasan["salah"]) == (2, 0), impor.ringkasan
    client.post(f"/kelola/impor/{impor.pk}/terapkan/")
    travel = Izin.objects.get(jenis="dinas_luar")
    assert (travel.mulai, travel.dicatat_oleh) == (dt.date(2026, 10, 5), admin_bkd)
    assert preview(client, "izin", "izin.csv", content).ringkasan["sama"] == 2
    header = ["nip", "jenis", "mulai", "selesai", "nomor_surat"]
    opd = login(admin_opd)
    for row, message in (
            ([pegawai.nip, "piknik", "2026-10-05", "2026-10-06", "ST/1"], "bukan jenis"),
            ([pegawai.nip, "cuti_tahunan", "2026-10-08", "2026-10-06", "CT/1"],
             "sebelum"),
            ([pegawai.nip, "cuti_tahunan", "2026-10-05", "2026-10-06", ""], "belum diisi")):
        bad = preview(opd, "izin", "i.csv", csv_bytes([header, row]))
        assert bad.ringkasan["salah"] == 1 and message in str(bad.ringkasan["errors"]), row
    twice = preview(opd, "izin", "i.csv", csv_bytes([
        header, [pegawai.nip, "dinas_luar", "2026-10-05", "2026-10-07", "ST/2"],
        [pegawai.nip, "cuti_tahunan", "2026-10-07", "2026-10-09", "CT/2"]]))
    assert "bertumpang dengan baris 2" in str(twice.ringkasan["errors"])
    assert not Izin.objects.filter(pegawai=pegawai).exists()


def test_the_admins_request_is_audited_and_computed_on_the_worker(celery_worker, siap, oktober,
                                                                  opd_a, admin_opd, login):
    import time

    client = login(admin_opd)
    response = client.post(f"/kelola/tpp/unit/{opd_a.pk}/hitung/?periode={oktober.pk}")
    assert response.status_code == 302
    entry = AuditLog.objects.get(action="tpp.hitung")
    assert (entry.actor, entry.target_id, entry.after) == (admin_opd, str(oktober.pk),
                                                           {"unit": opd_a.kode})
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not Tpp.objects.filter(pegawai=siap).exists():
        time.sleep(0.2)
    assert Tpp.objects.get(pegawai=siap, periode=oktober).total == 3_520_000
