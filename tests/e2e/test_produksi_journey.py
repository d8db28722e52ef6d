"""The production smoke test: the deployment the README documents, started from the
Procfile (release step, gunicorn on 127.0.0.1, a Celery worker and beat on PostgreSQL and
Redis, DEBUG=0, a random SECRET_KEY, manifest static files), driven in Chromium as people
use it: an employee saves and submits an activity, the atasan approves it, the score moves
once the worker has run, the Admin BKD downloads an Excel export built by the worker. Any
5xx, any CSP violation (the e2e watch) or any static file that is missing or not under its
hashed name fails it."""

import io
import re
from binascii import unhexlify

from django_otp.oath import TOTP
from openpyxl import load_workbook

from ekinerja.management.commands.seed_demo import DEMO_PASSWORD, DEMO_TOTP_KEY

from ..conftest import SAAT_BAKU
from ..produksi import HTTPS, Stack
from .conftest import ARTIFACTS, WORKER

HASHED = re.compile(r"/static/.+\.[0-9a-f]{12}\.(css|js|png|svg|woff2?)$")
PASSWORD = DEMO_PASSWORD

SET_PASSWORD = """
from django.contrib.auth.hashers import make_password
from ekinerja.models import Pegawai
print(Pegawai.objects.update(password=make_password("{password}")))
"""

LOOKUP = """
from ekinerja.models import Pegawai
from ekinerja.selectors import bawahan_for
from kinerja.models import Skp
atasan = Pegawai.objects.get(nip="{atasan}")
staff = next(p for p in bawahan_for(atasan)
             if Skp.objects.filter(pegawai=p, status="disetujui").exists()
             and p.jabatan.uraian_tugas.filter(uraian__startswith="Menyusun laporan").exists())
print(json.dumps({{"nip": staff.nip, "nama": staff.nama, "opd": staff.unit.ancestor_ids()[1]}}))
"""


KEPT = """caches.keys().then((names) => Promise.all(names.map((name) =>
  caches.open(name).then((cache) => cache.keys())))).then((all) => all.flat().map((r) => r.url))"""


def _session(browser, stack, nip, static_seen, width=390):
    context = browser.new_context(locale="id-ID", viewport={"width": width, "height": 844},
                                  extra_http_headers=HTTPS, accept_downloads=True)

    def on_response(response):
        if "/static/" in response.url:
            static_seen.append((response.status, response.url))

    context.on("response", on_response)
    # The service worker's own fetches (its script, what it keeps) do not carry the
    # context's extra headers; the proxy would add the header to them too.
    context.route("**/*", lambda route: route.continue_(
        headers={**route.request.headers, **HTTPS}))
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{stack.url}/masuk/")
    page.get_by_label("NIP").fill(nip)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: "/masuk/" not in url)
    if "/akun/mfa/verifikasi/" in page.url:
        # A demo admin: the code of seed_demo's published key at the deployment's clock.
        totp = TOTP(unhexlify(DEMO_TOTP_KEY))
        totp.time = stack.now().timestamp()
        page.locator("input[name=kode]").fill(f"{totp.token():06d}")
        page.locator("#mfa-verifikasi button[type=submit]").click()
    page.wait_for_url(f"{stack.url}/")
    return page


def _scores(page, stack):
    page.goto(f"{stack.url}/skor/")
    return page.locator("#tabel-skor tbody").inner_text()


def test_the_documented_deployment_serves_a_working_day(browser, tmp_path, demo_db_url):
    # The demo comes as a copy of the run's demo template (seed_demo itself is
    # tests/ekinerja/test_seed_demo.py); the release step still migrates it.
    database_url, accounts = demo_db_url
    static_seen = []
    with Stack(tmp_path, moment=SAAT_BAKU, database_url=database_url) as stack:
        # The copy's hashes are the test settings' MD5, which production refuses: the
        # deployment's own hasher writes the password the journey logs in with.
        stack.python(SET_PASSWORD.format(password=PASSWORD))
        staff = stack.python(LOOKUP.format(atasan=accounts["atasan"]))
        try:
            _journey(browser, stack, accounts, staff, static_seen, tmp_path)
        except BaseException:
            ARTIFACTS.mkdir(exist_ok=True)
            (ARTIFACTS / "produksi.log").write_text(stack.logs())
            raise
        assert stack.processes["beat"].alive() and stack.processes["worker"].alive()
        assert "Traceback" not in stack.logs(), stack.logs()

    assert static_seen, "no static file was loaded"
    bad = [(status, url) for status, url in static_seen
           if status >= 400 or not HASHED.search(url.split("?")[0])]
    assert bad == [], bad


def _journey(browser, stack, accounts, staff, static_seen, tmp_path):
    # The employee logs the morning's report and submits the day.
    page = _session(browser, stack, staff["nip"], static_seen)
    before = _scores(page, stack)
    page.goto(f"{stack.url}/aktivitas/")
    tugas = page.locator("#pilih-tugas option", has_text="Menyusun laporan kegiatan").first
    page.locator("#pilih-tugas select").select_option(tugas.get_attribute("value"))
    page.locator("#pilih-tugas button").click()
    page.get_by_role("button", name="Simpan sebagai draf").click()
    assert "Menyusun laporan kegiatan bulanan" in page.locator("#linimasa").inner_text(), \
        page.locator(".invalid-feedback, .alert-danger").all_inner_texts()
    page.get_by_role("button", name="Ajukan semua aktivitas hari ini").click()
    page.wait_for_selector(".alert-success")
    # The installable app as deployed: its worker is active, and what it keeps for offline
    # use are the hashed static files and the offline page (its install fails on any
    # name it cannot fetch).
    assert page.evaluate(WORKER) == f"{stack.url}/sw.js"
    kept = page.evaluate(KEPT)
    statis = [url for url in kept if "/static/" in url]
    assert statis and all(HASHED.search(url) for url in statis), kept
    assert f"{stack.url}/luring/" in kept

    # The atasan approves it from the queue.
    boss = _session(browser, stack, accounts["atasan"], static_seen, width=1200)
    boss.goto(f"{stack.url}/validasi/")
    row = boss.locator("li.list-group-item", has_text="Menyusun laporan kegiatan bulanan")
    row.locator("summary").click()
    row.get_by_role("button", name="Setujui", exact=True).click()
    boss.wait_for_selector(".alert-success")
    assert stack.sql("SELECT count(*) FROM kinerja_aktivitas a JOIN ekinerja_pegawai p "
                     "ON p.id = a.pegawai_id WHERE p.nip = %s AND a.status = 'disetujui' "
                     "AND a.uraian LIKE 'Menyusun laporan%%'", (staff["nip"],))[0][0] == 1

    # The worker recomputes the score after the approval's commit.
    assert stack.wait(lambda: _scores(page, stack) != before, timeout=45), stack.logs()

    # The Admin BKD exports the month's recap of the employee's OPD: built by the worker.
    bkd = _session(browser, stack, accounts["admin_bkd"], static_seen, width=1200)
    bkd.goto(f"{stack.url}/ekspor/")
    bkd.locator("select[name=jenis]").select_option("rekap_bulanan")
    bkd.locator("select[name=unit]").select_option(str(staff["opd"]))
    bkd.locator("input[name=tahun]").fill(str(SAAT_BAKU.year))
    bkd.locator("input[name=nomor]").fill(str(SAAT_BAKU.month))
    bkd.get_by_role("button", name="Ekspor").click()
    bkd.wait_for_selector("#ekspor-unduh", timeout=45_000)
    with bkd.expect_download() as download:
        bkd.locator("#ekspor-unduh").click()
    workbook = load_workbook(io.BytesIO(download.value.path().read_bytes()), read_only=True)
    rows = [[str(c) for c in row if c is not None]
            for row in workbook.worksheets[0].iter_rows(values_only=True)]
    assert any(staff["nama"] in " ".join(row) for row in rows)
