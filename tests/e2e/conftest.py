"""Browser tests: Playwright drives the system Chromium against a live server on 127.0.0.1."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


# Every page a journey opens is watched: a Content-Security-Policy violation (Chromium's
# console message, or the page's securitypolicyviolation event) or a response of 500 and up
# fails the test that caused it.
MASALAH = []
CSP_SCRIPT = """
document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI}`);
});
"""


# The active service worker's address, or "none" after 15 s (evaluate has no timeout).
WORKER = """Promise.race([navigator.serviceWorker.ready.then((r) => r.active.scriptURL),
  new Promise((ok) => setTimeout(() => ok("none"), 15000))])"""


def _watch(context):
    def console(message):
        text = message.text
        if "Content Security Policy" in text or text.startswith("CSP violation"):
            MASALAH.append(text)

    def response(resp):
        if resp.status >= 500:
            MASALAH.append(f"{resp.status} {resp.request.method} {resp.url}")

    context.add_init_script(CSP_SCRIPT)
    context.on("console", console)
    context.on("response", response)
    return context


class _WatchedBrowser:
    """The browser, whose every new context is watched, and closed when its test ends (a
    page left open would go on polling the live server during the next test, whose
    database is being replaced)."""

    def __init__(self, browser):
        self._browser = browser
        self.open_contexts = []

    def new_context(self, **kwargs):
        context = _watch(self._browser.new_context(**kwargs))
        self.open_contexts.append(context)
        return context

    def close_contexts(self):
        while self.open_contexts:
            try:
                self.open_contexts.pop().close()
            except Exception:  # noqa: BLE001 - already closed by the test
                pass

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield _WatchedBrowser(browser)
        browser.close()


@pytest.fixture(autouse=True)
def _no_csp_violation_or_server_error(request):
    MASALAH.clear()
    yield
    if "browser" in request.fixturenames:
        request.getfixturevalue("browser").close_contexts()
    found, MASALAH[:] = list(MASALAH), []
    assert found == [], "CSP violations or server errors: " + "\n".join(found)


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def demo(live_server, demo_klon):
    """The demo province in the live server's database (a fresh copy of the one built
    once: tests/conftest.py demo_klon); returns role -> NIP."""
    return demo_klon


GUIDE = Path(__file__).resolve().parents[2] / "static" / "panduan"


def panduan(page, gambar):
    """The guide's screenshot of a task, taken where the journey performs it (the visible
    screen, to keep the images small); committed, so the guide shows the current screens.
    """
    from ekinerja.panduan import HALAMAN

    assert gambar in {h.gambar for h in HALAMAN}, gambar
    page.screenshot(path=str(GUIDE / f"{gambar}.png"))
