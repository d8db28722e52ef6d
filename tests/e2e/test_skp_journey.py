"""The SKP cycle in a browser: the admin applies a template, the employee completes and
submits, the atasan returns it with a note, the employee fixes and resubmits, the atasan
approves."""

from pathlib import Path

from ekinerja.models import Pegawai
from kinerja.models import Skp

from .conftest import panduan
from .test_login_journey import log_in

SHOTS = Path(__file__).parent / "artifacts"


def _as(browser, live_server, nip):
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, nip)
    page.wait_for_url(f"{live_server.url}/")
    return page


def test_template_to_approved_skp(browser, live_server, demo):
    pegawai = Pegawai.objects.get(nip=demo["pegawai"])

    admin = _as(browser, live_server, demo["admin_opd"])
    admin.goto(f"{live_server.url}/kelola/jabatan/{pegawai.jabatan_id}/template/")
    assert "Terkelolanya administrasi persuratan" in admin.content()
    admin.get_by_role("button", name="Terapkan ke semua pemangku jabatan...").click()
    admin.wait_for_url("**/template/terapkan/**")
    assert "1 pemangku jabatan akan mendapatkan draf SKP" in admin.content()
    admin.get_by_role("button", name="Buat draf").click()
    assert "1 draf SKP telah dibuat" in admin.content()
    skp = Skp.objects.get(pegawai=pegawai)

    employee = _as(browser, live_server, demo["pegawai"])
    employee.goto(f"{live_server.url}/skp/")
    employee.get_by_role("main").get_by_role("link", name=str(skp.tahun)).first.click()
    assert "harus mendukung salah satu RHK atasan" in employee.locator("#skp-problems").inner_text()
    # Scoped to the RHK table: before the stylesheet applies, the menu's hidden "Ubah kata
    # sandi" is briefly visible and would be the page's first "Ubah" link.
    employee.locator("#tabel-rhk").get_by_role("link", name="Ubah", exact=True).first.click()
    employee.get_by_label("Mendukung RHK atasan").select_option(index=1)
    employee.get_by_role("button", name="Simpan").click()
    assert employee.locator("#skp-problems").count() == 0
    panduan(employee, "skp-susun")
    employee.get_by_role("button", name="Ajukan kepada atasan saya").click()
    assert employee.locator("#status-skp").inner_text() == "Diajukan"

    boss = _as(browser, live_server, demo["atasan"])
    boss.goto(f"{live_server.url}/skp/persetujuan/")
    boss.locator("#tabel-persetujuan").get_by_role("link", name="Diajukan").click()
    boss.get_by_label("Hal yang harus diperbaiki").fill("Target laporan terlalu rendah.")
    boss.get_by_role("button", name="Kembalikan untuk direvisi").click()
    assert boss.locator("#status-skp").inner_text() == "Dikembalikan"

    employee.reload()
    assert "Target laporan terlalu rendah." in employee.locator("#catatan-atasan").inner_text()
    employee.locator("#tabel-rhk").get_by_role("link", name="Ubah", exact=True).nth(2).click()
    employee.get_by_label("Target tahunan").fill("24")
    employee.get_by_role("button", name="Simpan").click()
    employee.get_by_role("button", name="Ajukan kepada atasan saya").click()
    assert employee.locator("#status-skp").inner_text() == "Diajukan"

    boss.reload()
    boss.get_by_role("button", name="Setujui SKP").click()
    assert boss.locator("#status-skp").inner_text() == "Disetujui"
    SHOTS.mkdir(exist_ok=True)
    boss.screenshot(path=str(SHOTS / "skp-disetujui.png"), full_page=True)
    skp.refresh_from_db()
    assert skp.status == "disetujui" and skp.atasan_nip == demo["atasan"]
    assert skp.riwayat.count() == 1
