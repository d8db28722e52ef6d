"""TPP from end to end: the Admin BKD simulates a new rule on the latest month and keeps
the one in force, imports a month of attendance from the machines' export, the month
closes (the nightly run), and the employee opens their TPP and finds the late day."""

import datetime as dt
from pathlib import Path

from ekinerja import kalender
from ekinerja.models import Pegawai
from ekinerja.selectors import bawahan_for
from kinerja.models import Periode, Skp
from penilaian.models import Tpp
from penilaian.services import periode_close_due

from .test_aktivitas_journey import _session

SHOTS = Path(__file__).parent / "artifacts"


def test_simulate_import_close_and_explain(browser, live_server, demo, tmp_path):
    atasan = Pegawai.objects.get(nip=demo["atasan"])
    staff = next(p for p in bawahan_for(atasan)
                 if Skp.objects.filter(pegawai=p, status="disetujui").exists())
    september = Periode.objects.get(tahun__tahun=2026, nomor=9)
    days = kalender.working_days(2026, 9, staff.unit.hari_kerja)
    lines = ["nip,tanggal,jam_masuk,jam_pulang"] + [
        f"{staff.nip},{d:%d-%m-%Y},{'08:10' if d == days[3] else '07:20'},16:05" for d in days]
    csv = tmp_path / "kehadiran.csv"
    csv.write_text("\n".join(lines) + "\n")

    bkd = _session(browser, live_server, demo["admin_bkd"], width=1280)
    bkd.goto(f"{live_server.url}/kelola/tpp/aturan/")
    bkd.get_by_label("Berlaku mulai").fill("2026-12-01")
    bkd.get_by_label("Dasar hukum").fill("Rancangan Perkada TPP 2027")
    bkd.get_by_label("Porsi kinerja (%)").fill("40")
    bkd.get_by_label("Porsi disiplin (%)").fill("60")
    bkd.get_by_role("button", name="Simulasikan pada bulan terakhir").click()
    bkd.wait_for_load_state()
    SHOTS.mkdir(exist_ok=True)
    bkd.screenshot(path=str(SHOTS / "tpp-simulasi.png"), full_page=True)
    bkd.wait_for_selector("#hasil-simulasi")
    assert "dengan versi baru" in bkd.locator("#hasil-simulasi").inner_text()
    SHOTS.mkdir(exist_ok=True)
    bkd.screenshot(path=str(SHOTS / "tpp-simulasi.png"), full_page=True)

    bkd.goto(f"{live_server.url}/kelola/impor/")
    bkd.get_by_label("Data yang akan diimpor").select_option("kehadiran")
    bkd.locator("input[type=file]").set_input_files(str(csv))
    bkd.get_by_role("button", name="Periksa berkas").click()
    assert f"Baru: {len(days)}" in bkd.locator("body").inner_text()
    bkd.get_by_role("button", name="Impor sekarang").click()
    bkd.wait_for_selector(".alert-success")

    assert september in periode_close_due(today=dt.date(2026, 10, 14))  # the nightly close
    assert Tpp.objects.get(pegawai=staff, periode=september).final

    page = _session(browser, live_server, staff.nip)
    page.goto(f"{live_server.url}/tpp/?periode={september.pk}")
    assert page.locator("#tpp-total").inner_text().startswith("Rp ")
    late = page.locator("#tpp-rincian").inner_text()
    assert days[3].isoformat() in late and "terlambat, 40 menit" in late
    page.screenshot(path=str(SHOTS / "tpp-pegawai.png"), full_page=True)
