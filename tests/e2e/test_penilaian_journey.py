"""The atasan validates a day in the queue (the anomalous activity is left out of the bulk
approval, one is rejected with a reason) and the employee sees both; then a monthly
evaluation ends in a predikat, the employee appeals, and the next level decides."""

import datetime as dt
from pathlib import Path

from django.utils import timezone

from ekinerja.models import Pegawai
from ekinerja.selectors import atasan_for, bawahan_for
from kinerja.models import Aktivitas, Skp, UraianTugas
from kinerja.selectors import periode_of
from penilaian.models import Evaluasi, Keberatan

from .conftest import panduan
from .test_aktivitas_journey import _session

SHOTS = Path(__file__).parent / "artifacts"


def _free_day(staff):
    """A day of the current period on which the person has recorded nothing."""
    periode = periode_of(timezone.localdate())
    day = periode.mulai
    while Aktivitas.objects.filter(pegawai=staff, tanggal=day).exists():
        day += dt.timedelta(days=1)
    assert day <= timezone.localdate()
    return day


def _submitted(staff, day, start, minutes, uraian, **extra):
    begin = dt.datetime.combine(day, dt.time(*start))
    return Aktivitas.objects.create(
        pegawai=staff, tanggal=day, mulai=begin.time(),
        selesai=(begin + dt.timedelta(minutes=minutes)).time(), menit=minutes, uraian=uraian,
        kategori="tugas_tambahan", output=1, status="diajukan",
        diajukan_pada=timezone.now(), **extra)


def test_validate_evaluate_and_appeal(browser, live_server, demo):
    atasan = Pegawai.objects.get(nip=demo["atasan"])
    kepala = atasan_for(atasan)
    staff = next(p for p in bawahan_for(atasan)
                 if Skp.objects.filter(pegawai=p, status="disetujui").exists())
    day = _free_day(staff)
    tugas = UraianTugas.objects.create(jabatan=staff.jabatan, uraian="Mengetik surat dinas",
                                       satuan_output="surat", menit_standar=15)
    fine = _submitted(staff, day, (8, 0), 60, "Rapat koordinasi bidang")
    odd = _submitted(staff, day, (9, 0), 120, "Mengetik surat dinas", uraian_tugas=tugas)
    wrong = _submitted(staff, day, (13, 0), 30, "Membaca berita olahraga")

    boss = _session(browser, live_server, atasan.nip, width=1200)
    boss.goto(f"{live_server.url}/validasi/")
    panduan(boss, "validasi")
    group = boss.locator(f"#g-{day:%Y%m%d}-{staff.pk}")
    assert "120 menit, sedangkan standarnya 15 menit" in group.inner_text()
    row = group.locator(f"#aktivitas-{wrong.pk}")
    row.locator("summary").click()
    row.get_by_label("Tolak karena").select_option("luar_tugas")
    row.locator("form[action$='/tolak/'] input[name=catatan]").fill("Bukan tugas jabatan")
    row.get_by_role("button", name="Tolak", exact=True).click()
    assert "Ditolak." in boss.locator("body").inner_text()
    boss.locator(f"#g-{day:%Y%m%d}-{staff.pk}").get_by_role(
        "button", name="Setujui hari ini").click()
    text = boss.locator("body").inner_text()
    assert "1 aktivitas disetujui" in text and "Dilewati agar diperiksa tersendiri" in text
    statuses = dict(Aktivitas.objects.filter(pk__in=[fine.pk, odd.pk, wrong.pk])
                    .values_list("pk", "status"))
    assert statuses == {fine.pk: "disetujui", odd.pk: "diajukan", wrong.pk: "ditolak"}
    SHOTS.mkdir(exist_ok=True)
    boss.screenshot(path=str(SHOTS / "validasi-atasan.png"), full_page=True)

    page = _session(browser, live_server, staff.nip)
    page.goto(f"{live_server.url}/aktivitas/hari/{day.isoformat()}/")
    timeline = page.locator("#linimasa").inner_text()
    assert "Disetujui" in timeline and "Ditolak" in timeline
    assert "Bukan bagian dari SKP atau tugas jabatan: Bukan tugas jabatan" in timeline

    # The monthly evaluation: every BerAKHLAK value rated, the suggested rating kept.
    periode = periode_of(timezone.localdate())
    boss.goto(f"{live_server.url}/evaluasi/tim/?nomor={periode.nomor}")
    boss.locator("#tim-evaluasi tr", has_text=staff.nama_lengkap).get_by_role(
        "link", name="Evaluasi").click()
    boss.get_by_role("button", name="Mulai evaluasi").click()  # opening it created nothing
    for n in range(1, 8):
        boss.locator(f"select[name=perilaku_{n}]").select_option("sesuai")
    if not boss.locator("select[name=rating_hasil]").input_value():
        boss.locator("select[name=rating_hasil]").select_option("sesuai")
    boss.locator("select[name=rating_perilaku]").select_option("sesuai")
    panduan(boss, "evaluasi")
    boss.get_by_role("button", name="Finalkan: predikat ditetapkan").click()
    boss.wait_for_selector("#predikat")
    evaluasi = Evaluasi.objects.get(pegawai=staff, nomor=periode.nomor)
    assert evaluasi.status == "final" and evaluasi.predikat

    page.goto(f"{live_server.url}/evaluasi/")
    page.get_by_role("link", name=str(periode)).click()
    page.get_by_label("Atau ajukan keberatan").fill("Tugas tambahan belum dihitung")
    page.get_by_role("button", name="Ajukan keberatan").click()
    assert "Keberatan diajukan" in page.locator("body").inner_text()
    assert Keberatan.objects.get(evaluasi=evaluasi).status == "diajukan"

    upper = _session(browser, live_server, kepala.nip, width=1200)
    upper.goto(f"{live_server.url}/evaluasi/keberatan/")
    upper.get_by_role("link", name=staff.nama_lengkap, exact=False).click()
    upper.locator("select[name=putusan]").select_option("terima")
    other = "sangat_baik" if evaluasi.predikat != "sangat_baik" else "baik"
    upper.locator("select[name=predikat_baru]").select_option(other)
    upper.locator("input[name=alasan]").fill("Tugas tambahan terbukti")
    upper.get_by_role("button", name="Putuskan").click()
    assert "Keberatan diputus." in upper.locator("body").inner_text()

    page.reload()
    assert "Tugas tambahan terbukti" in page.locator("#keberatan").inner_text()
    evaluasi.refresh_from_db()
    assert (evaluasi.status, evaluasi.predikat) == ("diputuskan", other)
    page.screenshot(path=str(SHOTS / "evaluasi-pegawai.png"), full_page=True)
