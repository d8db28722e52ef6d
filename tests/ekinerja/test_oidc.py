"""Login through the SSO (ekinerja.oidc, docs/sso.md), against a real OpenID Connect
provider started for each test (django-oauth-toolkit, tests/oidc_op) with its clock at the
test's pinned clock: the ID tokens' iat and exp are checked against the same moment.

The browser's part is played by the Django test client on our side and a requests session
at the provider; the provider sends it back to http://testserver/oidc/callback/."""

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, RequestFactory

from ekinerja.models import Pegawai
from ekinerja.oidc import BACKEND, PegawaiOIDCBackend, SsoTidakTersedia, oidc_endpoints

from ..factories import PASSWORD, staff_of
from ..oidc_op import (
    CLIENT_ID,
    CLIENT_ID_LAIN,
    CLIENT_SECRET,
    CLIENT_SECRET_LAIN,
    NIP_ASING,
    NIP_CACAT,
    NIP_TERDAFTAR,
)
from ..oidc_op.fixture import op_jalan, op_masuk
from ..test_settings import PRODUCTION, _manage

KEMBALI = "http://testserver/oidc/callback/"


@pytest.fixture
def op(jam):
    with op_jalan([KEMBALI]) as issuer:
        yield issuer


def _sso_on(settings, issuer):
    settings.OIDC_ISSUER = issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, BACKEND]


@pytest.fixture
def sso(op, settings):
    """The SSO on, pointed at the test provider (as OIDC_ISSUER etc. would in production:
    settings are read once at import, so the test overrides the settings themselves)."""
    _sso_on(settings, op)
    return op


@pytest.fixture
def orang_sso(bidang_a1):
    """The Pegawai whose NIP the provider vouches for."""
    return staff_of(bidang_a1, nip=NIP_TERDAFTAR, nama="Siti Rahma")


def _english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _sso_login(client, nip, start="/oidc/authenticate/"):
    """The whole journey: start with us, log in at the provider, come back; the
    callback's response."""
    started = client.get(start)
    assert started.status_code == 302, started
    back = op_masuk(started["Location"], nip, stop_at="http://testserver/")
    assert back.startswith(KEMBALI)
    return client.get(back.removeprefix("http://testserver"))


def _logged_in_as(client):
    response = client.get("/")
    return response.wsgi_request.user if response.status_code == 200 else None


def _messages(response):
    return [str(m) for m in response.context["messages"]]


# -- the journey ------------------------------------------------------------------------


def test_a_known_nip_logs_in_through_the_provider_and_lands_on_the_home_page(sso, orang_sso):
    client = Client()
    started = client.get("/oidc/authenticate/")
    url = urlsplit(started["Location"])
    query = parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{sso}/authorize/"
    assert query["client_id"] == [CLIENT_ID] and query["redirect_uri"] == [KEMBALI]
    assert query["scope"] == ["openid profile"]
    assert query["code_challenge_method"] == ["S256"] and query["nonce"][0]

    back = op_masuk(started["Location"], NIP_TERDAFTAR, stop_at="http://testserver/")
    callback = client.get(back.removeprefix("http://testserver"))
    assert callback.status_code == 302 and callback["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert home.wsgi_request.user == orang_sso
    assert "Siti Rahma" in home.content.decode()


def test_the_journey_returns_to_the_page_asked_for(sso, orang_sso):
    client = Client()
    asked = client.get("/riwayat/")
    assert asked.status_code == 302 and asked["Location"] == "/masuk/?next=/riwayat/"
    page = client.get(asked["Location"]).content.decode()
    assert 'href="/oidc/authenticate/?next=/riwayat/"' in page
    callback = _sso_login(client, NIP_TERDAFTAR, start="/oidc/authenticate/?next=/riwayat/")
    assert callback["Location"] == "/riwayat/"
    assert client.get("/riwayat/").status_code == 200


def test_an_unknown_nip_is_refused_with_a_message_and_no_account_is_made(sso, orang_sso,
                                                                        settings):
    before = Pegawai.objects.count()
    client = _english(Client(), settings)
    callback = _sso_login(client, NIP_ASING)
    assert callback.status_code == 302 and callback["Location"] == "/masuk/"
    page = client.get("/masuk/")
    assert _messages(page) == [
        "NIP 19900101 201503 2 001 is not registered in e-kinerja. Ask the admin of your "
        "OPD or BKD to add you."]
    assert Pegawai.objects.count() == before
    assert not get_user_model().objects.filter(nip=NIP_ASING).exists()
    assert _logged_in_as(client) is None


def test_an_inactive_person_is_refused(sso, orang_sso, settings):
    Pegawai.objects.filter(pk=orang_sso.pk).update(aktif=False)
    client = _english(Client(), settings)
    callback = _sso_login(client, NIP_TERDAFTAR)
    assert callback["Location"] == "/masuk/"
    assert _messages(client.get("/masuk/")) == [
        "The account of NIP 19870315 201001 2 005 in e-kinerja is not active. Ask the admin "
        "of your OPD or BKD."]
    assert _logged_in_as(client) is None


def test_an_sso_account_without_a_valid_nip_is_refused(sso, orang_sso, settings):
    client = _english(Client(), settings)
    assert _sso_login(client, NIP_CACAT)["Location"] == "/masuk/"
    assert _messages(client.get("/masuk/")) == [
        "Your SSO account carries no valid NIP, so e-kinerja cannot tell who you are. Ask "
        "the admin of your OPD or BKD."]
    assert _logged_in_as(client) is None


def test_the_nip_claim_can_be_named_otherwise(sso, orang_sso, settings):
    # The provider's "nip" is then not read: the person cannot be told.
    settings.OIDC_NIP_CLAIM = "nip_asn"
    client = Client()
    assert _sso_login(client, NIP_TERDAFTAR)["Location"] == "/masuk/"
    assert _logged_in_as(client) is None


def test_a_person_deactivated_after_an_sso_login_is_out_at_the_next_page(sso, orang_sso):
    client = Client()
    _sso_login(client, NIP_TERDAFTAR)
    assert _logged_in_as(client) == orang_sso
    Pegawai.objects.filter(pk=orang_sso.pk).update(aktif=False)
    assert client.get("/").status_code == 302


def test_an_sso_login_is_not_held_to_an_admin_issued_password(sso, orang_sso):
    """The person did not use the temporary password; the next login with it forces the
    change (ekinerja.middleware.ForcePasswordChangeMiddleware)."""
    Pegawai.objects.filter(pk=orang_sso.pk).update(harus_ganti_password=True)
    client = Client()
    _sso_login(client, NIP_TERDAFTAR)
    assert client.get("/").status_code == 200
    by_password = Client()
    by_password.post("/masuk/", {"username": NIP_TERDAFTAR, "password": PASSWORD})
    assert by_password.get("/")["Location"] == "/akun/password/"


def test_a_callback_with_a_state_this_session_did_not_start_is_refused(sso, orang_sso):
    client = Client()
    started = client.get("/oidc/authenticate/")
    back = op_masuk(started["Location"], NIP_TERDAFTAR, stop_at="http://testserver/")
    other = Client()
    other.get("/oidc/authenticate/")  # a session with a login of its own under way
    assert other.get(back.removeprefix("http://testserver"))["Location"] == "/masuk/"
    assert _logged_in_as(other) is None


def test_a_cancelled_login_at_the_provider_comes_back_to_the_login_page(sso, settings):
    client = _english(Client(), settings)
    callback = client.get("/oidc/callback/?error=access_denied&state=x")
    assert callback.status_code == 302 and callback["Location"] == "/masuk/"
    assert _messages(client.get("/masuk/")) == [
        "Logging in with SSO did not succeed. Try again, or log in with your NIP and "
        "password."]


# -- the ID token: issuer and audience ---------------------------------------------------


def _id_token(issuer, client_id, secret):
    """An ID token the provider issues to `client_id` for NIP_TERDAFTAR, and its nonce."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(
        hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    nonce = secrets.token_urlsafe(16)
    authorize = f"{issuer}/authorize/?" + urlencode({
        "response_type": "code", "client_id": client_id, "redirect_uri": KEMBALI,
        "scope": "openid profile", "state": "s", "nonce": nonce,
        "code_challenge": challenge, "code_challenge_method": "S256"})
    back = op_masuk(authorize, NIP_TERDAFTAR, stop_at=KEMBALI)
    code = parse_qs(urlsplit(back).query)["code"][0]
    token = requests.post(f"{issuer}/token/", data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": KEMBALI,
        "client_id": client_id, "client_secret": secret, "code_verifier": verifier,
    }, timeout=10)
    assert token.status_code == 200, token.text
    return token.json()["id_token"], nonce


def _backend():
    backend = PegawaiOIDCBackend()
    backend.OIDC_OP_JWKS_ENDPOINT = oidc_endpoints()["jwks_uri"]
    return backend


def test_an_id_token_for_us_from_our_issuer_is_accepted(sso):
    token, nonce = _id_token(sso, CLIENT_ID, CLIENT_SECRET)
    payload = _backend().verify_token(token, nonce=nonce)
    assert payload["iss"] == sso and payload["aud"] == CLIENT_ID
    assert payload["nip"] == NIP_TERDAFTAR


def test_an_id_token_the_provider_issued_to_another_client_is_refused(sso):
    token, nonce = _id_token(sso, CLIENT_ID_LAIN, CLIENT_SECRET_LAIN)
    with pytest.raises(jwt.InvalidAudienceError):
        _backend().verify_token(token, nonce=nonce)


def test_an_id_token_from_another_issuer_is_refused(sso, settings):
    token, nonce = _id_token(sso, CLIENT_ID, CLIENT_SECRET)
    backend = _backend()
    settings.OIDC_ISSUER = f"{sso}-lain"
    with pytest.raises(jwt.InvalidIssuerError):
        backend.verify_token(token, nonce=nonce)


def test_an_id_token_past_its_expiry_is_refused(sso, jam):
    token, nonce = _id_token(sso, CLIENT_ID, CLIENT_SECRET)
    expiry = jwt.decode(token, options={"verify_signature": False})["exp"]
    jam.move_to(expiry + 120)  # past the minute of tolerated clock difference
    with pytest.raises(jwt.ExpiredSignatureError):
        _backend().verify_token(token, nonce=nonce)


def test_a_code_issued_to_another_client_logs_nobody_in(sso, orang_sso):
    client = Client()
    started = client.get("/oidc/authenticate/")
    state = parse_qs(urlsplit(started["Location"]).query)["state"][0]
    authorize = started["Location"].replace(f"client_id={CLIENT_ID}",
                                            f"client_id={CLIENT_ID_LAIN}")
    back = op_masuk(authorize, NIP_TERDAFTAR, stop_at=KEMBALI)
    assert parse_qs(urlsplit(back).query)["state"] == [state]
    assert client.get(back.removeprefix("http://testserver"))["Location"] == "/masuk/"
    assert _logged_in_as(client) is None


# -- django-axes --------------------------------------------------------------------------


def test_failed_sso_logins_do_not_lock_out_the_office_behind_one_address(sso, orang_sso,
                                                                        settings):
    """axes would count each failed callback under the username "" with the address (the
    callback has no NIP): the whole office behind one NAT would be locked out of the SSO."""
    settings.AXES_FAILURE_LIMIT = 2
    office = {"REMOTE_ADDR": "10.20.30.40"}
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        colleague = Client(**office)
        assert _sso_login(colleague, NIP_ASING)["Location"] == "/masuk/"
    assert not AccessAttempt.objects.exists()
    client = Client(**office)
    assert _sso_login(client, NIP_TERDAFTAR)["Location"] == "/"
    assert _logged_in_as(client) == orang_sso


def test_without_the_exemption_axes_would_lock_the_sso_for_that_address(sso, orang_sso,
                                                                        settings):
    # The reason for AXES_WHITELIST_CALLABLE, shown: the previous test fails without it.
    settings.AXES_WHITELIST_CALLABLE = None
    settings.AXES_FAILURE_LIMIT = 2
    office = {"REMOTE_ADDR": "10.20.30.40"}
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sso_login(Client(**office), NIP_ASING)
    assert AccessAttempt.objects.get().username == ""
    client = Client(**office)
    assert _sso_login(client, NIP_TERDAFTAR).status_code == 429
    assert _logged_in_as(client) is None


def test_a_password_lockout_still_holds_for_password_logins_with_the_sso_on(sso, orang_sso,
                                                                           settings):
    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        Client().post("/masuk/", {"username": NIP_TERDAFTAR, "password": "salah-salah-salah"})
    locked = Client().post("/masuk/", {"username": NIP_TERDAFTAR, "password": PASSWORD})
    assert locked.status_code == 429


# -- on, off, and the password login alongside --------------------------------------------


def test_with_the_sso_off_its_pages_are_404_and_the_login_page_has_no_button(db, settings):
    assert not settings.OIDC_ISSUER
    client = Client()
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404
    page = client.get("/masuk/").content.decode()
    assert "/oidc/" not in page and "SSO" not in page
    assert BACKEND not in settings.AUTHENTICATION_BACKENDS


def test_with_the_sso_on_the_login_page_has_its_button(sso, settings):
    page = _english(Client(), settings).get("/masuk/").content.decode()
    assert '<a class="btn btn-outline-primary w-100 mt-3" id="masuk-sso" ' \
           'href="/oidc/authenticate/">Log in with SSO</a>' in page
    settings.OIDC_BUTTON_LABEL = "Masuk dengan SSO ASN"
    assert ">Masuk dengan SSO ASN</a>" in Client().get("/masuk/").content.decode()


def test_the_password_login_still_works_with_the_sso_on(sso, pegawai, login):
    client = login(pegawai)
    assert _logged_in_as(client) == pegawai


def test_a_password_login_never_reaches_the_provider(sso, pegawai, monkeypatch):
    """Neither the login page nor a password login, right or wrong, asks the provider
    anything, even with code and state in the query string: only the callback does."""

    def no_network(*args, **kwargs):
        raise AssertionError("the provider was asked")

    monkeypatch.setattr("ekinerja.oidc.oidc_endpoints", no_network)
    monkeypatch.setattr("ekinerja.oidc.requests.get", no_network)
    monkeypatch.setattr("ekinerja.oidc.requests.post", no_network)
    client = Client()
    assert client.get("/masuk/?code=x&state=y").status_code == 200
    wrong = client.post("/masuk/?code=x&state=y",
                        {"username": pegawai.nip, "password": "salah-salah-salah"})
    assert wrong.status_code == 200
    right = client.post("/masuk/?code=x&state=y",
                        {"username": pegawai.nip, "password": PASSWORD})
    assert right.status_code == 302 and _logged_in_as(client) == pegawai
    request = RequestFactory().get("/oidc/callback/?code=x&state=y")
    assert PegawaiOIDCBackend().authenticate(request, username=pegawai.nip,
                                             password="salah-salah-salah") is None


def test_an_unreachable_provider_sends_the_person_back_to_the_password(settings, silent_port,
                                                                      db):
    _sso_on(settings, f"http://127.0.0.1:{silent_port}/o")
    settings.OIDC_TIMEOUT = 0.5
    client = _english(Client(), settings)
    started = client.get("/oidc/authenticate/")
    assert started.status_code == 302 and started["Location"] == "/masuk/"
    assert _messages(client.get("/masuk/")) == [
        "The SSO cannot be reached right now. Log in with your NIP and password, or try "
        "again later."]


# -- discovery ---------------------------------------------------------------------------


def test_discovery_reads_the_endpoints_once_and_keeps_them_in_the_cache(sso, monkeypatch):
    asked = []
    real_get = requests.get

    def counting_get(url, **kwargs):
        asked.append((url, kwargs.get("timeout")))
        return real_get(url, **kwargs)

    monkeypatch.setattr("ekinerja.oidc.requests.get", counting_get)
    endpoints = oidc_endpoints()
    assert endpoints == {"authorization_endpoint": f"{sso}/authorize/",
                         "token_endpoint": f"{sso}/token/",
                         "userinfo_endpoint": f"{sso}/userinfo/",
                         "jwks_uri": f"{sso}/.well-known/jwks.json"}
    assert oidc_endpoints() == endpoints
    assert asked == [(f"{sso}/.well-known/openid-configuration", 10)]
    cache.clear()
    oidc_endpoints()
    assert len(asked) == 2


def test_discovery_refuses_a_document_of_another_issuer(sso, monkeypatch):
    real_get = requests.get

    def other_issuer(url, **kwargs):
        response = real_get(url, **kwargs)
        document = {**response.json(), "issuer": "https://sso.contoh.go.id/realms/asn"}
        response.json = lambda: document
        return response

    monkeypatch.setattr("ekinerja.oidc.requests.get", other_issuer)
    with pytest.raises(SsoTidakTersedia, match="is not the discovery document"):
        oidc_endpoints()


# -- settings ----------------------------------------------------------------------------


def test_an_issuer_without_its_client_stops_the_start():
    env = {**PRODUCTION, "OIDC_ISSUER": "https://sso.bkn.go.id/realms/asn"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET" in result.stderr


def test_the_sso_on_starts_without_asking_the_provider_and_passes_the_deploy_check(
        silent_port):
    """The provider's address is a port that never answers: a question at start would
    hang it past OIDC_TIMEOUT."""
    env = {**PRODUCTION, "OIDC_ISSUER": f"http://127.0.0.1:{silent_port}/o",
           "OIDC_CLIENT_ID": "ekinerja", "OIDC_CLIENT_SECRET": "rahasia"}
    started = time_machine.escape_hatch.time.time()
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr + result.stdout
    assert time_machine.escape_hatch.time.time() - started < 8
    shell = _manage("shell", "-c", "from django.conf import settings; "
                    "print(settings.AUTHENTICATION_BACKENDS)", env=env)
    assert shell.stdout.strip().endswith(f"'django.contrib.auth.backends.ModelBackend', "
                                         f"'{BACKEND}']"), shell.stderr
