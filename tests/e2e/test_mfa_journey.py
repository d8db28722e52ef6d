"""Two-step verification on a phone: an Admin OPD's first login sets up the authenticator
app from the QR code's key and reaches the admin page; the next login asks for the code,
and a recovery code stands in for the phone."""

from base64 import b32decode

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ekinerja.management.commands.seed_demo import DEMO_PASSWORD

from .test_login_journey import log_out


def _password(page, live_server, nip):
    page.goto(f"{live_server.url}/kelola/pegawai/")
    assert "/masuk/" in page.url
    page.get_by_label("NIP").fill(nip)
    page.get_by_label("Kata sandi").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk").click()


def test_an_admin_opd_sets_up_the_app_and_later_logs_in_with_a_recovery_code(
        page, live_server, demo):
    nip = demo["admin_opd"]
    TOTPDevice.objects.filter(user__nip=nip).delete()  # as on an admin's first login

    _password(page, live_server, nip)
    assert "/akun/mfa/daftar/" in page.url
    assert page.locator("#mfa-daftar img[src^='data:image/svg+xml']").is_visible()
    rahasia = page.locator("#mfa-rahasia").inner_text().replace(" ", "")
    kode = f"{totp(b32decode(rahasia)):06d}"  # what the app shows for the typed-in key
    page.locator("input[name=kode]").fill(kode)
    with page.expect_navigation():
        page.locator("#mfa-daftar button[type=submit]").click()
    recovery = page.locator("#mfa-kode-pemulihan li").all_inner_texts()
    assert len(recovery) == 10
    page.locator("#mfa-lanjut").click()
    page.wait_for_url(f"{live_server.url}/kelola/pegawai/")
    assert page.locator("table").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth > window.innerWidth") is False

    page.goto(f"{live_server.url}/")
    log_out(page, live_server)
    _password(page, live_server, nip)
    assert "/akun/mfa/verifikasi/" in page.url
    page.locator("input[name=kode]").fill("salah!")
    with page.expect_navigation():
        page.locator("#mfa-verifikasi button[type=submit]").click()
    assert page.locator("#mfa-verifikasi .invalid-feedback").is_visible()
    page.locator("input[name=kode]").fill(recovery[0])
    with page.expect_navigation():
        page.locator("#mfa-verifikasi button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/kelola/pegawai/")
    assert "9" in page.locator(".alert-warning").inner_text()  # recovery codes left

    page.goto(f"{live_server.url}/akun/mfa/")
    assert "9" in page.locator("#mfa-sisa-kode").inner_text()


def _authenticator(page):
    """Chromium's virtual authenticator (DevTools' WebAuthn domain): a platform passkey
    that answers by itself, as a phone's screen lock would. Chromium allows it on
    localhost only."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    found = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True,
        "automaticPresenceSimulation": True}})
    return cdp, found["authenticatorId"]


def test_an_admin_sets_up_a_passkey_and_later_logs_in_with_it(page, live_server, demo):
    from django_otp_webauthn.models import WebAuthnCredential

    from ekinerja.models import AuditLog

    nip = demo["admin_opd"]
    TOTPDevice.objects.filter(user__nip=nip).delete()  # as on an admin's first login
    situs = live_server.url.replace("127.0.0.1", "localhost")
    cdp, authenticator = _authenticator(page)

    class _Situs:
        url = situs

    _password(page, _Situs, nip)
    assert "/akun/mfa/daftar/" in page.url
    page.get_by_role("button", name="Tambah kunci keamanan atau passkey").click()
    page.wait_for_url(f"{situs}/akun/mfa/kunci/ditambah/**")
    recovery = page.locator("#mfa-kode-pemulihan li").all_inner_texts()
    assert len(recovery) == 10  # the first factor comes with its recovery codes
    page.locator("#mfa-lanjut").click()
    page.wait_for_url(f"{situs}/kelola/pegawai/")
    kunci = WebAuthnCredential.objects.get(user__nip=nip)
    assert AuditLog.objects.filter(action="pegawai.mfa_aktif", actor_nip=nip).count() == 1
    assert len(cdp.send("WebAuthn.getCredentials",
                        {"authenticatorId": authenticator})["credentials"]) == 1

    page.goto(f"{situs}/")
    log_out(page, _Situs)
    _password(page, _Situs, nip)
    assert "/akun/mfa/verifikasi/" in page.url
    page.get_by_role("button", name="Gunakan kunci keamanan atau passkey saya").click()
    page.wait_for_url(f"{situs}/kelola/pegawai/")
    kunci.refresh_from_db()
    assert kunci.last_used_at is not None
    page.goto(f"{situs}/akun/mfa/")
    assert page.locator("#mfa-kunci li").count() == 1
