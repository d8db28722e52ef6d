"""A performance dialogue with an action carried over: the atasan records a dialogue held
earlier this month with one of their people and agrees an action for them; both write
their notes and acknowledge it on their own screens (the employee on a phone); in the next
dialogue the open action is on the agenda, and it is closed there."""

from pathlib import Path

from ekinerja.models import Pegawai
from ekinerja.selectors import bawahan_for
from penilaian.models import AksiDialog, Dialog

from .test_aktivitas_journey import _session

SHOTS = Path(__file__).parent / "artifacts"


def test_a_dialogue_with_an_action_carried_over(browser, live_server, demo):
    atasan = Pegawai.objects.get(nip=demo["atasan"])
    staff = list(bawahan_for(atasan))[0]

    boss = _session(browser, live_server, atasan.nip, width=1200)
    boss.goto(f"{live_server.url}/dialog/")
    boss.locator("#jatuh-tempo li", has_text=staff.nama_lengkap).get_by_role(
        "link", name="Rencanakan atau catat").click()
    boss.get_by_label("Tanggal").fill("2026-10-01")
    boss.get_by_label("Jenis").select_option("coaching")
    boss.get_by_label("Direncanakan").uncheck()  # held already, ad hoc
    boss.get_by_label("Topik").fill("Percepatan layanan perizinan")
    boss.get_by_role("button", name="Simpan").click()
    boss.wait_for_selector("#form-aksi")
    boss.locator("#form-aksi").get_by_label("Tindak lanjut").fill("Susun SOP layanan daring")
    boss.locator("#form-aksi").get_by_label("Penanggung jawab").select_option(str(staff.pk))
    boss.locator("#form-aksi").get_by_label("Tenggat").fill("2026-10-10")
    boss.get_by_role("button", name="Sepakati tindak lanjut ini").click()
    assert "Susun SOP layanan daring" in boss.locator("#aksi-baru").inner_text()
    boss.locator("#form-catatan textarea").fill("Target SOP jelas; laporan tiap Jumat.")
    boss.get_by_role("button", name="Simpan catatan saya").click()
    boss.locator("#akui-dialog").click()
    first = Dialog.objects.get(pegawai=staff)
    assert first.diakui_atasan is not None and first.catatan_atasan.startswith("Target SOP")

    page = _session(browser, live_server, staff.nip)  # the employee, on a phone
    page.goto(f"{live_server.url}/dialog/")
    page.locator("#dialog-daftar a").first.click()
    page.locator("#form-catatan textarea").fill("Siap, butuh akses server uji.")
    page.get_by_role("button", name="Simpan catatan saya").click()
    page.locator("#akui-dialog").click()
    page.wait_for_selector("#status-dialog")
    assert "Diakui pegawai" in page.locator("#status-dialog").inner_text()
    first.refresh_from_db()
    assert first.selesai

    # The next dialogue, today: the open, overdue action is on its agenda and closed there.
    boss.goto(f"{live_server.url}/dialog/baru/{staff.pk}/")
    boss.get_by_label("Jenis").select_option("mentoring")
    boss.get_by_role("button", name="Simpan").click()
    carried = boss.locator("#aksi-lama li", has_text="Susun SOP layanan daring")
    assert "terlambat" in carried.inner_text()
    SHOTS.mkdir(exist_ok=True)
    boss.screenshot(path=str(SHOTS / "dialog-atasan.png"), full_page=True)
    carried.get_by_label("Hasilnya").fill("SOP terbit 12 Oktober")
    carried.get_by_role("button", name="Tutup").click()
    assert "Ditutup di sini: SOP terbit 12 Oktober" in boss.locator("#aksi-lama").inner_text()
    aksi = AksiDialog.objects.get()
    assert (aksi.ditutup_di.jenis, aksi.catatan_tutup) == ("mentoring", "SOP terbit 12 Oktober")
