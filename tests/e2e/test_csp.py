"""The browser enforces the Content-Security-Policy, and the journeys' watch (conftest) sees
a violation: an inline script injected into a real page is refused and reported."""

from .conftest import MASALAH


def test_an_inline_script_is_refused_and_the_watch_reports_it(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server.url}/masuk/")
    page.evaluate("""() => {
        const s = document.createElement("script");
        s.textContent = "document.body.dataset.disusupi = '1'";
        document.head.appendChild(s);
    }""")
    page.wait_for_timeout(300)
    assert page.evaluate("document.body.dataset.disusupi") is None  # never ran
    found, MASALAH[:] = list(MASALAH), []
    assert any("script-src" in text for text in found), found
    context.close()
