"""A fake SIASN for the tests and `manage.py bench_siasn`, never used by the application:
a real HTTP server on 127.0.0.1 answering in the shapes docs/bkn.md records (the API
Manager's token, the SSO token, /pns/data-utama, ref-unor, /jabatan/pns, the save
endpoints), so ekinerja.siasn runs exactly as it would against BKN.

    with SiasnPalsu() as siasn:
        siasn.pns["1985..."] = {...}
        siasn.gagal("/pns/data-utama/1985...", 500)      # the next answer there is a 500
        siasn.cabut_token()                              # every token issued expires now
        client = siasn.client(sleep=pauses.append)

It records every request (method, path, headers) in `siasn.log`.
"""

import base64
import itertools
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .siasn import SiasnClient

CLIENT_ID, CLIENT_SECRET = "ekinerja-jambi", "rahasia-apim-uji"
SSO_CLIENT, USERNAME, PASSWORD = "siasn-ws", "bkd.jambi", "rahasia-sso-uji"
API = "/apisiasn/1.0"
# What the fake refuses a record without (SIASN's own checks are not published; these are
# the fields without which a record means nothing).
WAJIB = {"/angkakredit/save": ("pnsId", "nomorSk", "tanggalSk", "kreditBaruTotal")}


class SiasnPalsu:
    def __init__(self):
        self.pns, self.jabatan, self.unor = {}, {}, []
        self.saved = {}  # path -> {id: payload}
        self.log, self._forced, self._tokens = [], {}, set()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    # -- what a test arranges ---------------------------------------------------------------
    def gagal(self, path, *answers):
        """The next answers at `path` (below /apisiasn/1.0, or a token path): a status, or
        (status, body, headers)."""
        with self._lock:
            self._forced.setdefault(path, []).extend(answers)

    def cabut_token(self):
        """Every token issued so far expires now (SIASN answers 401 to them)."""
        with self._lock:
            self._tokens.clear()

    def client(self, **overrides):
        return SiasnClient(**{
            "base_url": self.url + API, "token_url": self.url + "/oauth2/token",
            "sso_url": self.url + "/sso/token", "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET, "sso_client_id": SSO_CLIENT,
            "username": USERNAME, "password": PASSWORD, "timeout": 5,
            "sleep": lambda seconds: None, **overrides})

    def pengaturan(self, siasn):
        """settings.SIASN (`siasn`) pointed at this fake, with its credentials."""
        return {**siasn, "BASE_URL": self.url + API, "TOKEN_URL": self.url + "/oauth2/token",
                "SSO_URL": self.url + "/sso/token", "CLIENT_ID": CLIENT_ID,
                "CLIENT_SECRET": CLIENT_SECRET, "SSO_CLIENT_ID": SSO_CLIENT,
                "USERNAME": USERNAME, "PASSWORD": PASSWORD}

    def requests_to(self, path):
        return [entry for entry in self.log if entry[1] == path]

    # -- the server ---------------------------------------------------------------------
    def _token(self, prefix):
        value = f"{prefix}-{next(self._ids)}"
        self._tokens.add(value)
        return {"access_token": value, "token_type": "Bearer", "expires_in": 3600,
                "scope": "default"}

    def _answer(self, method, path, headers, body, query):
        forced = self._forced.get(path)
        if forced:
            answer = forced.pop(0)
            return answer if isinstance(answer, tuple) else (
                answer, {"message": f"Kesalahan uji {answer}"}, {})
        if path == "/oauth2/token":
            auth = headers.get("Authorization", "")
            expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
            form = urllib.parse.parse_qs(body.decode())
            if auth != f"Basic {expected}" or form.get("grant_type") != ["client_credentials"]:
                return 401, {"error": "invalid_client",
                             "error_description": "Client Authentication failed."}, {}
            return 200, self._token("apim"), {}
        if path == "/sso/token":
            form = urllib.parse.parse_qs(body.decode())
            if form.get("username") != [USERNAME] or form.get("password") != [PASSWORD] \
                    or form.get("client_id") != [SSO_CLIENT]:
                return 401, {"error": "invalid_grant",
                             "error_description": "Invalid user credentials"}, {}
            return 200, self._token("sso"), {}
        if not path.startswith(API):
            return 404, {"message": "not found"}, {}
        apim = headers.get("Authorization", "").removeprefix("Bearer ")
        sso = headers.get("Auth", "").removeprefix("bearer ")
        if apim not in self._tokens or sso not in self._tokens:
            return 401, {"code": "900901", "message": "Invalid Credentials",
                         "description": "Access failure for API: /apisiasn/1.0, version: 1.0. "
                                        "Make sure your provided credentials are correct"}, {}
        path = path.removeprefix(API)
        if method == "GET" and path.startswith("/pns/data-utama/"):
            nip = path.rsplit("/", 1)[-1]
            if nip not in self.pns:
                return 404, {"code": 0, "data": "Data tidak ditemukan"}, {}
            return 200, {"code": 1, "data": self.pns[nip]}, {}
        if method == "GET" and path == "/referensi/ref-unor":
            limit, offset = int(query.get("limit", ["10"])[0]), int(query.get("offset", ["0"])[0])
            return 200, {"code": 1, "data": {"count": len(self.unor),
                                             "data": self.unor[offset:offset + limit]}}, {}
        if method == "GET" and path.startswith("/jabatan/pns/"):
            return 200, {"code": 1, "data": self.jabatan.get(path.rsplit("/", 1)[-1], [])}, {}
        if method == "POST" and path in ("/kinerjaperiodik/save", "/skp22/save",
                                         "/angkakredit/save"):
            payload = json.loads(body or b"{}")
            missing = [f for f in WAJIB.get(path, ()) if not payload.get(f)]
            if missing:
                return 200, {"success": False,
                             "message": f"{', '.join(missing)} tidak boleh kosong"}, {}
            records = self.saved.setdefault(path, {})
            record_id = payload.get("id") or f"rw-{next(self._ids)}"
            if payload.get("id") and payload["id"] not in records:
                return 200, {"success": False, "message": "Data riwayat tidak ditemukan"}, {}
            records[record_id] = payload
            # Both readings of mapData seen in clients: an object, and the id itself.
            map_data = {"/kinerjaperiodik/save": {"rwKinerjaPeriodikId": record_id},
                        "/angkakredit/save": {"rwAngkaKreditId": record_id}}.get(path, record_id)
            return 200, {"success": True, "mapData": map_data, "message": "success"}, {}
        return 404, {"message": "not found"}, {}

    def _handler(self):
        palsu = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urllib.parse.urlsplit(self.path)
                path, query = parts.path, urllib.parse.parse_qs(parts.query)
                with palsu._lock:
                    palsu.log.append((method, path, dict(self.headers)))
                    status, payload, extra = palsu._answer(method, path, self.headers, body,
                                                           query)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in extra.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):  # noqa: N802 - http.server's names
                self._serve("GET")

            def do_POST(self):  # noqa: N802
                self._serve("POST")

            def log_message(self, *args):
                pass

        return Handler
