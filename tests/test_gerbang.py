"""One rule for every admin page (ekinerja.access): a role that may never use the page gets
403, before any object is looked up; anonymous users go to the login page. The views carry
their gate (`admin_required` or `bkd_required` marks them), so this test finds every one of
them in the URL configuration: a new admin page is checked without being listed here."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

CONTOH = {"int": "999999", "slug": "contoh", "str": "contoh", "path": "contoh",
          "uuid": "00000000-0000-0000-0000-000000000000"}


def _pages(patterns=None, prefix=""):
    """(path, gate) of every URL whose view is gated, with sample arguments."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _pages(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and getattr(entry.callback, "gerbang", None):
            path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: CONTOH[m.group(1) or "str"], route)
            yield "/" + path.lstrip("^").rstrip("$"), entry.callback.gerbang


HALAMAN = sorted(set(_pages()))


def test_the_gated_pages_are_found():
    gates = {gate for _path, gate in HALAMAN}
    assert gates == {"admin", "bkd"}
    assert len(HALAMAN) >= 30  # units, positions, people, imports, exports, curve, IKM, ...


@pytest.mark.parametrize(("path", "gate"), HALAMAN, ids=[p for p, _g in HALAMAN])
def test_a_role_that_may_never_use_the_page_gets_403(path, gate, client, login, pegawai,
                                                      atasan, admin_opd, admin_bkd):
    anonymous = client.get(path)
    assert anonymous.status_code == 302 and "/masuk/" in anonymous["Location"]
    refused = [pegawai, atasan] + ([admin_opd] if gate == "bkd" else [])
    for person in refused:
        c = login(person)
        assert c.get(path).status_code == 403, (person.nama, "GET")
        assert c.post(path, {}).status_code == 403, (person.nama, "POST")
    allowed = login(admin_bkd if gate == "bkd" else admin_opd)
    assert allowed.get(path).status_code != 403


def _all_pages(patterns=None, prefix=""):
    """(path, public) of every URL of ours, with sample arguments; public when the view
    says so (`login_not_required`). Django's admin site keeps its own login and is left out."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route != "admin/":
                yield from _all_pages(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and "(?" not in route and "\\" not in route:
            path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: CONTOH[m.group(1) or "str"], route)
            public = getattr(entry.callback, "login_required", True) is False
            yield "/" + path.lstrip("^").rstrip("$"), public


SEMUA = sorted(set(_all_pages()))


@pytest.mark.parametrize(("path", "public"), SEMUA, ids=[p for p, _public in SEMUA])
def test_anonymous_is_sent_to_log_in_from_every_page_not_public(path, public, client, db):
    """Every page asks anonymous users to log in first (LoginRequiredMiddleware), before
    any object is looked up; a new page is checked without being listed here."""
    response = client.get(path)
    if public:
        assert not (response.status_code == 302 and "/masuk/" in response["Location"])
    else:
        assert response.status_code == 302 and "/masuk/" in response["Location"], path


def test_the_public_pages_are_the_expected_ones():
    """A page opened to anonymous users is a decision: it is added here on purpose."""
    uuid = CONTOH["uuid"]
    public = {path for path, is_public in SEMUA if is_public}
    assert public == {"/bahasa/", "/healthz", "/masuk/", f"/survei/{uuid}/",  # IKM survey
                      f"/verifikasi/{uuid}/",  # a signed document's QR code
                      # The installable app, fetched by the browser without a session, and
                      # the outage status page, for when logging in is what fails.
                      "/sw.js", "/manifest.webmanifest", "/luring/", "/status/",
                      "/oidc/authenticate/", "/oidc/callback/"}  # the SSO (docs/sso.md)
    assert len(SEMUA) - len(public) >= 150
