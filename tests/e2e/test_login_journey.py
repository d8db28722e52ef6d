"""First journey: each demo role logs in on a phone-sized screen and lands on its home."""

import pytest

from ekinerja.management.commands.seed_demo import DEMO_PASSWORD


def _log_in(page, live_server, nip):
    page.goto(f"{live_server.url}/")
    assert "/masuk/" in page.url
    spaced = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    page.get_by_label("NIP").fill(spaced)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{live_server.url}/")


@pytest.mark.parametrize("role, visible, hidden", [
    ("pegawai", ["#beranda-pegawai"], ["#beranda-atasan", "#beranda-admin"]),
    ("atasan", ["#beranda-pegawai", "#beranda-atasan"], ["#beranda-admin"]),
    ("admin_opd", ["#beranda-pegawai", "#beranda-admin"], []),
    ("admin_bkd", ["#beranda-pegawai", "#beranda-admin"], []),
])
def test_each_role_sees_its_home_page(page, live_server, demo, role, visible, hidden):
    _log_in(page, live_server, demo[role])
    for selector in visible:
        assert page.locator(selector).is_visible(), selector
    for selector in hidden:
        assert page.locator(selector).count() == 0, selector
    page.get_by_role("button", name="Menu").click()
    admin_link = page.locator("#nav").get_by_role("link", name="Pegawai", exact=True)
    assert admin_link.count() == (1 if role.startswith("admin") else 0)
    if role == "admin_bkd":
        assert "Admin BKD" in page.locator("#beranda-admin").inner_text()
    if role == "admin_opd":
        assert "Admin OPD" in page.locator("#beranda-admin").inner_text()


def test_a_wrong_password_is_explained_and_logout_ends_the_session(page, live_server, demo):
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("NIP").fill(demo["pegawai"])
    page.get_by_label("Kata sandi").fill("bukan-kata-sandinya")
    page.get_by_role("button", name="Masuk").click()
    assert "NIP atau kata sandi salah" in page.content()
    _log_in(page, live_server, demo["pegawai"])
    page.get_by_role("button", name="Menu").click()
    page.locator(".dropdown-toggle").click()
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(f"{live_server.url}/masuk/")
    page.goto(f"{live_server.url}/")
    assert "/masuk/" in page.url
