"""First journey: each demo role logs in on a phone-sized screen and lands on its home."""

from pathlib import Path

from ekinerja.management.commands.seed_demo import DEMO_PASSWORD

SHOTS = Path(__file__).parent / "artifacts"

ROLES = {
    "pegawai": (["#beranda-pegawai"], ["#beranda-atasan", "#beranda-admin"]),
    "atasan": (["#beranda-pegawai", "#beranda-atasan"], ["#beranda-admin"]),
    "admin_opd": (["#beranda-pegawai", "#beranda-admin"], []),
    "admin_bkd": (["#beranda-pegawai", "#beranda-admin"], []),
}


def log_in(page, live_server, nip, password=DEMO_PASSWORD):
    page.goto(f"{live_server.url}/")
    assert "/masuk/" in page.url
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    page.get_by_label("NIP").fill(spaced)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def log_out(page, live_server):
    if page.get_by_role("button", name="Menu").is_visible():
        page.get_by_role("button", name="Menu").click()
        page.wait_for_selector("#nav.collapse.show")  # opened, not still sliding open
    page.locator("#nav .dropdown-toggle").last.click()
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(f"{live_server.url}/masuk/")


def _menu_pages(page, live_server):
    """Every page the role's menu links to, opened in turn (the e2e conftest fails the test
    on a CSP violation or a server error in any of them)."""
    hrefs = page.eval_on_selector_all(
        "#nav a[href^='/']", "links => links.map(a => a.getAttribute('href'))")
    for href in dict.fromkeys(hrefs):
        if href.startswith("/admin/"):
            continue
        response = page.goto(f"{live_server.url}{href}")
        assert response.status < 400, (href, response.status)
    return hrefs


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
