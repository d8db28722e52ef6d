"""Login through the national SSO (OpenID Connect, BKN's Keycloak; docs/sso.md), mapped to
the person by NIP. Off while settings.OIDC_ISSUER is empty.

mozilla-django-oidc runs the authorization code flow (with PKCE and a nonce). What it does
not do, done here: discovery of the provider's endpoints (read when someone logs in, never
at start, and cached), the ID token's issuer and audience, matching on the NIP claim, and
never creating an account: a person unknown to e-kinerja is refused with a message.
"""

import logging

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .nip import JENIS_PPPK, format_nip, nip_errors, normalize_nip

logger = logging.getLogger(__name__)

# The backend's dotted path, as Django keeps it in the session of whoever logged in with it.
BACKEND = "ekinerja.oidc.PegawaiOIDCBackend"
DISCOVERY_CACHE_SECONDS = 3600
ENDPOINTS = ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri")
# Seconds of clock difference with the provider tolerated on a token's iat and exp.
SELISIH_JAM = 60


class SsoTidakTersedia(Exception):
    """The provider cannot be reached, or its discovery document is not one we can use."""


def sso_aktif():
    return bool(settings.OIDC_ISSUER)


def oidc_endpoints():
    """The provider's endpoints from `{issuer}/.well-known/openid-configuration`, cached
    for an hour (with the cache down, read each time). Raises SsoTidakTersedia."""
    issuer = settings.OIDC_ISSUER
    key = f"oidc-discovery:{issuer}"
    try:
        found = cache.get(key)
    except Exception:  # noqa: BLE001 - Redis down: ask the provider
        logger.warning("cache unavailable; OIDC discovery read from the provider")
        found = None
    if found:
        return found
    url = f"{issuer}/.well-known/openid-configuration"
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise SsoTidakTersedia(f"{url}: {exc}") from exc
    # OpenID Connect Discovery 1.0, section 4.3: the document names the issuer we asked.
    if not isinstance(document, dict) or document.get("issuer") != issuer:
        raise SsoTidakTersedia(f"{url} is not the discovery document of {issuer}")
    missing = [name for name in ENDPOINTS if not document.get(name)]
    if missing:
        raise SsoTidakTersedia(f"{url} names no {', '.join(missing)}")
    endpoints = {name: document[name] for name in ENDPOINTS}
    try:
        cache.set(key, endpoints, DISCOVERY_CACHE_SECONDS)
    except Exception:  # noqa: BLE001
        logger.warning("cache unavailable; OIDC discovery not cached")
    return endpoints


def nip_sah(nip):
    """An 18-digit NIP valid for a PNS, or an NI PPPK (whose digits 13-14 are no month)."""
    return not nip_errors(nip) or not nip_errors(nip, jenis=JENIS_PPPK)


def axes_sso_dilewati(request, credentials=None):
    """django-axes leaves SSO callbacks alone (AXES_WHITELIST_CALLABLE). Their credentials
    carry no NIP, so axes would count every failed one under the username "" with the
    address: a few refusals behind an office NAT would lock the whole office out of the
    SSO. Guessing is not possible there anyway: each try is a login at the provider."""
    return bool(credentials) and "nonce" in credentials and "username" not in credentials


class PegawaiOIDCBackend(OIDCAuthenticationBackend):
    """Logs in the active Pegawai whose NIP the provider vouches for; never creates one.

    A refusal leaves its reason for the person in `request.sso_penolakan` (the callback
    view shows it on the login page)."""

    def __init__(self, *args, **kwargs):
        # Not the parent's: it requires the endpoints in settings. Django makes a backend
        # for every authenticate() and every request's get_user(); the endpoints are
        # discovered only when a login through the SSO happens (authenticate below).
        self.UserModel = get_user_model()
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        # Only the callback's call (request, nonce, code_verifier): a password login's
        # call must not reach the provider, whatever its query string says.
        if request is None or "nonce" not in kwargs or "username" in kwargs \
                or not sso_aktif():
            return None
        try:
            endpoints = oidc_endpoints()
            self.OIDC_OP_TOKEN_ENDPOINT = endpoints["token_endpoint"]
            self.OIDC_OP_USER_ENDPOINT = endpoints["userinfo_endpoint"]
            self.OIDC_OP_JWKS_ENDPOINT = endpoints["jwks_uri"]
            return super().authenticate(request, **kwargs)
        except (SsoTidakTersedia, requests.RequestException, jwt.PyJWTError,
                SuspiciousOperation) as exc:
            logger.warning("SSO login refused: %s", exc)
            return None

    def get_payload_data(self, token, key):
        """The ID token's claims, once its signature, issuer, audience and times hold
        (the parent checks the signature and exp only; the nonce is checked after)."""
        header = jwt.get_unverified_header(token)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation(f"ID token signed with {header.get('alg')!r}")
        payload = jwt.decode(
            token, key, algorithms=[self.OIDC_RP_SIGN_ALGO],
            issuer=settings.OIDC_ISSUER, audience=self.OIDC_RP_CLIENT_ID,
            leeway=SELISIH_JAM, options={"require": ["iss", "aud", "sub", "exp", "iat"]},
        )
        # OpenID Connect Core 1.0, 3.1.3.7: when present, azp is this client.
        if payload.get("azp", self.OIDC_RP_CLIENT_ID) != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("ID token authorized for another client (azp)")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        """The userinfo claims over the ID token's: a claim mapped into either counts."""
        userinfo = super().get_userinfo(access_token, id_token, payload)
        # OpenID Connect Core 1.0, 5.3.2: userinfo about someone else is not to be used.
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo sub differs from the ID token's")
        return {**payload, **userinfo}

    def verify_claims(self, claims):
        nip = normalize_nip(claims.get(settings.OIDC_NIP_CLAIM))
        if nip_sah(nip):
            return True
        self._tolak(_("Your SSO account carries no valid NIP, so e-kinerja cannot tell who "
                      "you are. Ask the admin of your OPD or BKD."))
        return False

    def filter_users_by_claims(self, claims):
        nip = normalize_nip(claims.get(settings.OIDC_NIP_CLAIM))
        pegawai = self.UserModel.objects.filter(nip=nip).first()
        if pegawai is None:
            self._tolak(_("NIP %(nip)s is not registered in e-kinerja. Ask the admin of your "
                          "OPD or BKD to add you.") % {"nip": format_nip(nip)})
            return []
        if not pegawai.aktif:
            self._tolak(_("The account of NIP %(nip)s in e-kinerja is not active. Ask the "
                          "admin of your OPD or BKD.") % {"nip": format_nip(nip)})
            return []
        return [pegawai]

    def describe_user_by_claims(self, claims):
        return f"NIP {normalize_nip(claims.get(settings.OIDC_NIP_CLAIM))}"

    def create_user(self, claims):
        # People come from the personnel data (admin, import, SIASN), never from a login.
        raise SuspiciousOperation("the SSO never creates an account")

    def update_user(self, user, claims):
        return user

    def get_user(self, user_id):
        # The parent's skips is_active: a person deactivated mid-session would stay in.
        return ModelBackend.get_user(self, user_id)

    def _tolak(self, message):
        request = getattr(self, "request", None)
        if request is not None:
            request.sso_penolakan = message
