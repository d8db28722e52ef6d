"""First journey: each demo role logs in on a phone-sized screen and lands on its home."""

import re
from pathlib import Path

from ekinerja.management.commands.seed_demo import DEMO_PASSWORD
from ekinerja.models import Pegawai

from ..conftest import kode_mfa

SHOTS = Path(__file__).parent / "artifacts"

ROLES = {
    "pegawai": (["#beranda-pegawai"], ["#beranda-atasan", "#beranda-admin"]),
    "atasan": (["#beranda-pegawai", "#beranda-atasan"], ["#beranda-admin"]),
    "admin_opd": (["#beranda-pegawai", "#beranda-admin"], []),
    "admin_bkd": (["#beranda-pegawai", "#beranda-admin"], []),
}


def log_in(page, live_server, nip, password=DEMO_PASSWORD):
    """The login form, then the authenticator app's code for those who have one (admins:
    tests/conftest.py kode_mfa, computed from the app's key at the pinned clock)."""
    page.goto(f"{live_server.url}/")
    assert "/masuk/" in page.url
    pegawai = Pegawai.objects.filter(nip=nip).first()
    kode = kode_mfa(pegawai) if pegawai is not None else None
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    page.get_by_label("NIP").fill(spaced)
    page.get_by_label("Kata sandi").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk").click()
    if kode is not None and "/akun/mfa/verifikasi/" in page.url:
        page.locator("input[name=kode]").fill(f"{kode[:3]} {kode[3:]}")
        with page.expect_navigation():
            page.locator("#mfa-verifikasi button[type=submit]").click()


def log_out(page, live_server):
    if page.get_by_role("button", name="Menu").is_visible():
        page.get_by_role("button", name="Menu").click()
        page.wait_for_selector("#nav.collapse.show")  # opened, not still sliding open
    page.locator("#nav .dropdown-toggle").last.click()
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(f"{live_server.url}/masuk/")


WIDER = "document.documentElement.scrollWidth > window.innerWidth"
# Cells of the tables that stack on a phone (weight, contribution) must be on screen too,
# not only scrollable inside the table.
OFF_SCREEN = """() => Array.from(document.querySelectorAll('table.tabel-tumpuk td'))
  .filter(td => td.getBoundingClientRect().right > window.innerWidth + 1)
  .map(td => td.dataset.label || td.textContent.trim().slice(0, 20))"""
DETAIL = re.compile(r"^/(skor|skp|evaluasi)/\d+/$")


def _menu_pages(page, live_server):
    """Every page the role's menu links to, and the first score, SKP and evaluation they
    list, opened in turn on the phone: none wider than the screen (the e2e conftest also
    fails the test on a CSP violation or a server error in any of them)."""
    hrefs = page.eval_on_selector_all(
        "#nav a[href^='/']", "links => links.map(a => a.getAttribute('href'))")
    queue = [h for h in dict.fromkeys(hrefs) if not h.startswith("/admin/")]
    kinds, opened, too_wide = set(), [], []
    while queue:
        href = queue.pop(0)
        response = page.goto(f"{live_server.url}{href}")
        assert response.status < 400, (href, response.status)
        opened.append(href)
        if page.evaluate(WIDER):
            too_wide.append((href, page.evaluate("document.documentElement.scrollWidth")))
        off_screen = page.evaluate(OFF_SCREEN)
        if off_screen:
            too_wide.append((href, off_screen))
        for link in page.eval_on_selector_all("main a[href]",
                                              "as => as.map(a => a.getAttribute('href'))"):
            match = DETAIL.match(link)
            if match and match.group(1) not in kinds:
                kinds.add(match.group(1))
                queue.append(link)
    assert too_wide == [], f"wider than {page.viewport_size['width']} px: {too_wide}"
    return opened


def test_each_role_sees_its_home_page_opens_its_menu_and_logs_out(page, live_server, demo):
    page.goto(f"{live_server.url}/masuk/")
    log_in(page, live_server, demo["pegawai"], "bukan-kata-sandinya")
    assert "NIP atau kata sandi salah" in page.content()
    for role, (visible, hidden) in ROLES.items():
        log_in(page, live_server, demo[role])
        page.wait_for_url(f"{live_server.url}/")
        for selector in visible:
            assert page.locator(selector).is_visible(), (role, selector)
        for selector in hidden:
            assert page.locator(selector).count() == 0, (role, selector)
        admin_link = page.locator("#nav a[href='/kelola/pegawai/']")
        assert admin_link.count() == (1 if role.startswith("admin") else 0), role
        if role == "admin_bkd":
            assert "Admin BKD" in page.locator("#beranda-admin").inner_text()
        if role == "admin_opd":
            assert "Admin OPD" in page.locator("#beranda-admin").inner_text()
        assert len(_menu_pages(page, live_server)) >= (20 if role.startswith("admin") else 8)
        page.goto(f"{live_server.url}/")
        log_out(page, live_server)
        page.goto(f"{live_server.url}/")
        assert "/masuk/" in page.url


def test_a_first_login_shows_the_tour_which_closes_and_reopens(page, live_server, demo):
    log_in(page, live_server, demo["pegawai"])
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("#tur-pegawai").is_visible()  # never closed: the first login
    assert page.locator("#tur-atasan").count() == 0
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "tur-pegawai.png"), full_page=True)
    page.get_by_role("button", name="Tutup tur").click()
    page.wait_for_selector(".alert-success")
    assert page.locator("#tur").count() == 0
    page.get_by_role("button", name="Menu").click()
    page.wait_for_selector("#nav.collapse.show")
    page.locator("#nav .dropdown-toggle").last.click()
    page.get_by_role("link", name="Tur singkat").click()
    assert page.locator("#tur-pegawai").is_visible()
