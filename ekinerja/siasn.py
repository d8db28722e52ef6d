"""A small client of SIASN, BKN's web services (its API Manager), configured from the
environment only (settings.SIASN; docs/bkn.md says where the shapes come from).

Every call carries two tokens, as SIASN asks: the API Manager's (OAuth2 client
credentials, `Authorization: Bearer`) and the SSO user token of BKD's service account
(password grant, `Auth: bearer`). Both are kept until shortly before they expire and taken
again when SIASN answers 401 (a token that expired mid-run). An answer 429 or 5xx, a
timeout or a refused connection is retried with a growing pause (SIASN's Retry-After when
it gives one); a refusal (another 4xx) is not retried and becomes a SiasnError whose
message, in Indonesian, says what SIASN said. Secrets never reach a log or a message.

The tests run this same client against a fake SIASN server on 127.0.0.1
(tests/siasn_palsu.py), never against BKN.
"""

import logging
import time
from dataclasses import dataclass, field

import requests
from django.conf import settings
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)
TOKEN_MARGIN = 60  # seconds before its expiry a token is taken again
MAX_PAUSE = 30  # seconds, the longest pause between two tries


class SiasnError(Exception):
    """SIASN refused or could not be reached. `pesan` is for BKD (Indonesian); `status`
    the HTTP status (None when unreachable); `alasan` SIASN's own words, if any."""

    def __init__(self, pesan, *, status=None, alasan=""):
        super().__init__(pesan)
        self.pesan, self.status, self.alasan = pesan, status, alasan


@dataclass
class _Token:
    value: str = ""
    until: float = 0.0

    def valid(self, now):
        return bool(self.value) and now < self.until


@dataclass
class SiasnClient:
    base_url: str
    token_url: str
    sso_url: str
    client_id: str
    client_secret: str
    sso_client_id: str
    username: str
    password: str
    timeout: int = 20
    retries: int = 3
    sleep: object = time.sleep  # the pause between tries (a test may shorten it)
    session: requests.Session = field(default_factory=requests.Session)
    _apim: _Token = field(default_factory=_Token)
    _sso: _Token = field(default_factory=_Token)

    @classmethod
    def from_settings(cls, **overrides):
        conf = settings.SIASN
        if not conf["BASE_URL"]:
            raise SiasnError(_("SIASN is not configured (SIASN_BASE_URL is empty)."))
        return cls(base_url=conf["BASE_URL"], token_url=conf["TOKEN_URL"],
                   sso_url=conf["SSO_URL"], client_id=conf["CLIENT_ID"],
                   client_secret=conf["CLIENT_SECRET"], sso_client_id=conf["SSO_CLIENT_ID"],
                   username=conf["USERNAME"], password=conf["PASSWORD"],
                   timeout=conf["TIMEOUT"], retries=conf["RETRIES"], **overrides)

    def __repr__(self):  # never the secrets
        return f"SiasnClient({self.base_url!r}, client_id={self.client_id!r})"

    # -- tokens ----------------------------------------------------------------------------
    def _take_token(self, url, *, data, auth=None):
        answer = self._send("post", url, data=data, auth=auth, what=_("the SIASN token"))
        if answer.status_code == 401:
            raise _credentials_refused(answer)
        try:
            body = answer.json()
            token, seconds = body["access_token"], int(body.get("expires_in", 300))
        except (ValueError, KeyError, TypeError):
            raise SiasnError(_("SIASN's token service gave an answer we cannot read."),
                             status=answer.status_code) from None
        return _Token(token, time.monotonic() + max(0, seconds - TOKEN_MARGIN))

    def _tokens(self):
        now = time.monotonic()
        if not self._apim.valid(now):
            self._apim = self._take_token(self.token_url,
                                          data={"grant_type": "client_credentials"},
                                          auth=(self.client_id, self.client_secret))
        if not self._sso.valid(now):
            self._sso = self._take_token(self.sso_url, data={
                "grant_type": "password", "client_id": self.sso_client_id,
                "username": self.username, "password": self.password})
        return {"Authorization": f"Bearer {self._apim.value}",
                "Auth": f"bearer {self._sso.value}", "Accept": "application/json"}

    # -- one request, retried ------------------------------------------------------------
    def _send(self, method, url, *, what, headers=None, **kwargs):
        """The answer to one request, tried again on 429, 5xx and no answer at all."""
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            try:
                answer = self.session.request(method, url, headers=headers,
                                              timeout=self.timeout, **kwargs)
            except requests.RequestException as exc:
                logger.warning("SIASN %s %s: %s (try %s)", method.upper(), _path(url),
                               exc.__class__.__name__, attempt + 1)
                if last:
                    raise SiasnError(_("SIASN cannot be reached (%(what)s); try again later.")
                                     % {"what": what}) from None
                self.sleep(self._pause(attempt, None))
                continue
            if answer.status_code == 429 or answer.status_code >= 500:
                logger.warning("SIASN %s %s: %s (try %s)", method.upper(), _path(url),
                               answer.status_code, attempt + 1)
                if last:
                    raise SiasnError(_("SIASN is busy or failing (HTTP %(status)s) for "
                                       "%(what)s; try again later.")
                                     % {"status": answer.status_code, "what": what},
                                     status=answer.status_code, alasan=_reason(answer))
                self.sleep(self._pause(attempt, answer.headers.get("Retry-After")))
                continue
            if answer.status_code >= 400 and answer.status_code != 401:
                reason = _reason(answer)
                raise SiasnError(_("SIASN refused %(what)s (HTTP %(status)s): %(reason)s")
                                 % {"what": what, "status": answer.status_code,
                                    "reason": reason or _("no reason given")},
                                 status=answer.status_code, alasan=reason)
            return answer
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _pause(attempt, retry_after):
        if retry_after and str(retry_after).isdigit():
            return min(int(retry_after), MAX_PAUSE)
        return min(2 ** attempt, MAX_PAUSE)

    def call(self, method, path, *, what, **kwargs):
        """SIASN's JSON answer to `method path`; a 401 (a token expired mid-run) takes
        both tokens again and tries once more."""
        url = f"{self.base_url}{path}"
        answer = self._send(method, url, what=what, headers=self._tokens(), **kwargs)
        if answer.status_code == 401:
            self._apim, self._sso = _Token(), _Token()
            answer = self._send(method, url, what=what, headers=self._tokens(), **kwargs)
            if answer.status_code == 401:
                raise _credentials_refused(answer)
        try:
            return answer.json()
        except ValueError:
            raise SiasnError(_("SIASN gave an answer we cannot read for %(what)s.")
                             % {"what": what}, status=answer.status_code) from None

    # -- what we use --------------------------------------------------------------------
    def pns(self, nip):
        """A civil servant's main record (`/pns/data-utama/{nip}`: `{"code": 1, "data":
        {...}}`), or None when SIASN has no such NIP (404, `{"code": 0, "data": "Data
        tidak ditemukan"}`)."""
        try:
            body = self.call("get", f"/pns/data-utama/{nip}",
                             what=_("the data of NIP %(nip)s") % {"nip": nip})
        except SiasnError as exc:
            if exc.status == 404:
                return None
            raise
        return body.get("data") if isinstance(body, dict) and body.get("code") == 1 else None

    def unor(self, *, per_page=500):
        """Every unit (`/referensi/ref-unor?limit=&offset=`, pages of `{"count": n,
        "data": [...]}`), as SIASN names their fields (Id, NamaUnor, DiatasanId, ...)."""
        units, offset = [], 0
        while True:
            body = _data(self.call("get", "/referensi/ref-unor",
                                   params={"limit": per_page, "offset": offset},
                                   what=_("the list of units")))
            page = (body.get("data") or []) if isinstance(body, dict) else (body or [])
            units.extend(page)
            total = body.get("count", len(units)) if isinstance(body, dict) else len(units)
            offset += len(page)
            if not page or offset >= total:
                return units

    def jabatan(self, nip):
        """A civil servant's positions over time (`/jabatan/pns/{nip}`): a list."""
        return _data(self.call("get", f"/jabatan/pns/{nip}",
                               what=_("the positions of NIP %(nip)s") % {"nip": nip}))

    def simpan(self, path, payload, *, what):
        """POST a record (`/kinerjaperiodik/save`, `/skp22/save`; with the stored `id` it
        updates that record) and return SIASN's id of it. A refusal inside a 200 answer
        (`success` not true, or `Error`/`Message`) is a SiasnError too."""
        body = self.call("post", path, json=payload, what=what)
        if not isinstance(body, dict) or body.get("success") is not True:
            body = body if isinstance(body, dict) else {}
            reason = str(body.get("message") or body.get("Message") or body.get("Error") or "")
            raise SiasnError(_("SIASN refused %(what)s: %(reason)s")
                             % {"what": what, "reason": reason or _("no reason given")},
                             status=200, alasan=reason)
        return id_rekaman(body.get("mapData")) or payload.get("id")


def _credentials_refused(answer):
    return SiasnError(_("SIASN does not accept our credentials (HTTP 401); ask the "
                        "administrator to check the SIASN account."),
                      status=401, alasan=_reason(answer))


def id_rekaman(map_data):
    """SIASN's id of a saved record: `mapData` is the id itself in some answers and an
    object (`rwKinerjaPeriodikId`, `rwSkpId`, ...) in others."""
    if isinstance(map_data, dict):
        return next((str(v) for k, v in map_data.items() if k.endswith("Id") and v), "")
    return str(map_data) if map_data else ""


def _data(body):
    return body.get("data") if isinstance(body, dict) and "data" in body else body


def _path(url):
    return url.split("?", 1)[0]


def _reason(answer):
    """SIASN's words in a refusal: `message`, `error_description`, a WSO2 `fault`, or the
    start of the text."""
    try:
        body = answer.json()
    except ValueError:
        return answer.text[:200].strip()
    if isinstance(body, dict):
        fault = body.get("fault")
        if isinstance(fault, dict):
            return str(fault.get("description") or fault.get("message") or "")[:500]
        for key in ("message", "Message", "error_description", "error", "Error", "msg",
                    "data"):
            if body.get(key):
                return str(body[key])[:500]
    return ""
