"""The SSO journey in the real browser (docs/sso.md): the login page's button, the
provider's login page (tests/oidc_op, a real OpenID Connect provider on 127.0.0.1), back to
our home page, with the CSP watched on every page of ours (conftest)."""

import pytest
from playwright.sync_api import expect

from ekinerja.oidc import BACKEND

from ..factories import staff_of
from ..oidc_op import CLIENT_ID, CLIENT_SECRET, NIP_ASING, NIP_TERDAFTAR, PASSWORD
from ..oidc_op.fixture import op_jalan


@pytest.fixture
def sso(transactional_db, live_server, settings, jam):
    with op_jalan([f"{live_server.url}/oidc/callback/"]) as issuer:
        settings.OIDC_ISSUER = issuer
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]
        yield issuer


def _sso(page, live_server, issuer, nip):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/masuk/?next=/")
    page.locator("#masuk-sso").click()
    page.wait_for_url(f"{issuer.removesuffix('/o')}/masuk/**")  # the provider's page
    page.get_by_label("Username").fill(nip)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk SSO").click()


def test_a_known_person_logs_in_with_sso_and_lands_on_the_home_page(sso, live_server, page,
                                                                    bidang_a1):
    staff_of(bidang_a1, nip=NIP_TERDAFTAR, nama="Siti Rahma")
    _sso(page, live_server, sso, NIP_TERDAFTAR)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("body")).to_contain_text("Siti Rahma")


def test_an_unknown_person_is_sent_back_to_the_login_page_with_the_reason(sso, live_server,
                                                                          page, bidang_a1):
    _sso(page, live_server, sso, NIP_ASING)
    expect(page).to_have_url(f"{live_server.url}/masuk/")
    expect(page.locator("body")).to_contain_text("19900101 201503 2 001")
    expect(page.locator("#masuk-sso")).to_be_visible()
