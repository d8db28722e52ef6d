"""The load of `manage.py bench_load` (locust; not imported by the application).

Who does what, each at a constant rate:
  Pegawai  saves an activity on the report day every 10 s (170 users: 17 saves a second),
           each save followed by the day view; submits the day's drafts every 4th save;
           the day page's status poll every 3rd.
  Atasan   polls the pending badge every 10 s (as base.html does), opens the queue every
           6th time and approves the first activity in it.
  Masuk    a new session logging in: BEBAN_MASUK_PER_DETIK logins a second among them, on
           BEBAN_LOGIN_URL (the login pool when there is one).
Pegawai and Atasan use sessions the bench made for them (their logins are not part of the
afternoon peak); their identity, the report day and the IKI to report on come from
BEBAN_DATA. The TLS proxy of production is simulated: requests say X-Forwarded-Proto: https,
and the Secure cookies go with them.
"""

import itertools
import json
import os
import random
import re
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, constant_throughput, task

DATA = json.loads(Path(os.environ["BEBAN_DATA"]).read_text())
USERS = json.loads(os.environ.get("BEBAN_USERS", "{}"))
HARI = DATA["hari"]
LOGIN_URL = os.environ.get("BEBAN_LOGIN_URL", "")
MASUK_PER_DETIK = float(os.environ.get("BEBAN_MASUK_PER_DETIK", "0.5"))
# A pending activity the bulk form may take (anomalies carry "disabled" after the label).
PENDING = re.compile(r'name="aktivitas" value="(\d+)" form="form-banyak" aria-label="[^"]*">')
_next_pegawai, _next_atasan = itertools.count(), itertools.count()


def _origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Orang(HttpUser):
    abstract = True

    def on_start(self):
        self.client.headers.update({"X-Forwarded-Proto": "https", "Origin": _origin(self.host)})
        self.cookies = {}

    def session(self, key):
        self.cookies["sessionid"] = key

    def _headers(self, extra=None):
        # The cookies are Secure and requests keeps them off plain HTTP: sent by hand, as
        # the browser sends them over the proxy's HTTPS.
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                **(extra or {})}

    def get(self, url, name, headers=None):
        response = self.client.get(url, name=name, headers=self._headers(headers))
        self.cookies.update(response.cookies.get_dict())
        return response

    def post(self, url, name, data, expect=302):
        data = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        with self.client.post(url, data=data, name=name, allow_redirects=False,
                              headers=self._headers(), catch_response=True) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code}")
            self.cookies.update(response.cookies.get_dict())
            return response


class Pegawai(Orang):
    fixed_count = USERS.get("Pegawai", 0)
    wait_time = constant_throughput(0.1)

    def on_start(self):
        super().on_start()
        self.nip, self.iki, key = DATA["pegawai"][next(_next_pegawai) % len(DATA["pegawai"])]
        self.session(key)
        self.saved = 0
        self.get(f"/aktivitas/hari/{HARI}/", "hari: lihat")
        # The report day's free slots: 5 minutes each from 07:00.
        self.slots = iter(range(7 * 60, 23 * 60, 5))

    @task
    def simpan(self):
        start = next(self.slots, None)
        if start is None:
            return
        end = start + 5
        self.post(f"/aktivitas/hari/{HARI}/", "hari: simpan aktivitas", {
            "tanggal": HARI, "mulai": f"{start // 60:02d}:{start % 60:02d}",
            "selesai": f"{end // 60:02d}:{end % 60:02d}", "kategori": "iki",
            "iki": self.iki, "uraian": "Menyusun laporan kegiatan", "output": "1"})
        self.get(f"/aktivitas/hari/{HARI}/", "hari: lihat")
        self.saved += 1
        if self.saved % 4 == 0:
            self.post(f"/aktivitas/hari/{HARI}/ajukan/", "hari: ajukan", {})
        if self.saved % 3 == 0:
            self.get(f"/aktivitas/hari/{HARI}/status/", "hari: status (poll)",
                     {"HX-Request": "true"})


class Atasan(Orang):
    fixed_count = USERS.get("Atasan", 0)
    wait_time = constant_throughput(0.1)

    def on_start(self):
        super().on_start()
        self.nip, key = DATA["atasan"][next(_next_atasan) % len(DATA["atasan"])]
        self.session(key)
        self.polls = 0

    @task
    def badge(self):
        self.get("/aktivitas/menunggu/", "atasan: badge (poll)", {"HX-Request": "true"})
        self.polls += 1
        if self.polls % 6 == 1:
            page = self.get("/validasi/", "atasan: antrean")
            pending = PENDING.findall(page.text)
            if pending:
                self.post(f"/validasi/{pending[0]}/setujui/", "atasan: setujui", {})


class Masuk(Orang):
    fixed_count = USERS.get("Masuk", 0)
    wait_time = constant_throughput(MASUK_PER_DETIK / max(1, USERS.get("Masuk", 1)))

    def on_start(self):
        super().on_start()
        self.login = LOGIN_URL or self.host
        self.client.headers["Origin"] = _origin(self.login)

    @task
    def masuk(self):
        self.cookies = {}
        self.get(f"{self.login}/masuk/", "masuk: halaman")
        nip = random.choice(DATA["pegawai"])[0]
        self.post(f"{self.login}/masuk/", "masuk: kirim",
                  {"username": nip, "password": DATA["password"]})
