"""The static build production runs: collectstatic with the manifest storage succeeds, every
`{% static %}` a template names is in the manifest under a hashed name, and every page
without parameters renders for each role with nothing but the manifest (no finders), so a
reference to a missing file fails here rather than as a 500 in production."""

import json
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

from .kinerja.conftest import tahun  # noqa: F401  (a year, so the pages have content)

ROOT = Path(__file__).resolve().parents[1]
LITERAL = re.compile(r"""\{%\s*static\s+['"]([^'"]+)['"]\s*%\}""")
HASHED = re.compile(r"\.[0-9a-f]{12}\.\w+$")


@pytest.fixture
def manifest(tmp_path_factory, settings):
    root = tmp_path_factory.mktemp("staticfiles")
    settings.STATIC_ROOT = root
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    settings.WHITENOISE_USE_FINDERS = False
    call_command("collectstatic", "--no-input", verbosity=0)
    return json.loads((root / "staticfiles.json").read_text())["paths"]


def _templates():
    return [p for p in ROOT.glob("**/templates/**/*.html") if ".venv" not in p.parts]


def test_every_literal_static_reference_is_in_the_manifest(manifest):
    from django.templatetags.static import static

    refs = {ref for path in _templates() for ref in LITERAL.findall(path.read_text())}
    assert {"css/app.css", "vendor/htmx/htmx.min.js", "js/dasbor.js"} <= refs
    assert sorted(refs - set(manifest)) == []
    assert all(HASHED.search(static(ref)) for ref in refs)


def _plain_get_urls(patterns=None, prefix=""):
    """Every URL of the project that takes no parameter."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if "<" not in str(entry.pattern) and not route.startswith("admin/"):
                yield from _plain_get_urls(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and "<" not in route and "(?P" not in route:
            yield "/" + route.lstrip("^").rstrip("$")


def test_every_page_renders_with_the_manifest_only(manifest, login, pegawai, atasan,
                                                   admin_bkd, admin_opd, tahun):  # noqa: F811
    from ekinerja.panduan import HALAMAN

    urls = sorted(set(_plain_get_urls())) + [f"/panduan/{h.slug}/" for h in HALAMAN]
    assert "/kelola/impor/" in urls and "/dasbor/" in urls
    for person in (pegawai, atasan, admin_opd, admin_bkd):
        client = login(person)
        for url in urls:
            if url in ("/keluar/",):
                continue
            response = client.get(url)
            assert response.status_code < 500, (url, person.nama)
