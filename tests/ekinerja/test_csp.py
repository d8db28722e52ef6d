"""Every HTML page carries the Content-Security-Policy, and no template holds what it would
refuse (inline script, event-handler attributes, <style> elements)."""

import re
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
REQUIRED = ["script-src 'self'", "object-src 'none'", "base-uri 'none'",
            "frame-ancestors 'none'", "default-src 'self'"]


def _policy(response):
    policy = response["Content-Security-Policy"]
    for directive in REQUIRED:
        assert directive in policy, (directive, policy)
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "unsafe-eval" not in policy
    return policy


@pytest.mark.parametrize("url", ["/masuk/", "/healthz", "/verifikasi/"])
def test_public_answers_carry_the_policy(db, url):
    _policy(Client().get(url))


def test_pages_of_a_logged_in_person_carry_the_policy(login, pegawai):
    client = login(pegawai)
    for url in ["/", "/aktivitas/", "/dasbor/", "/notifikasi/", "/halaman-tidak-ada/"]:
        _policy(client.get(url))


def test_no_template_holds_inline_script_or_style():
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    handler = re.compile(r"\son[a-z]+\s*=", re.I)
    style_element = re.compile(r"<style\b", re.I)
    found = []
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        text = path.read_text()
        for name, pattern in [("inline script", inline_script), ("handler", handler),
                              ("style element", style_element)]:
            if pattern.search(text):
                found.append(f"{path.relative_to(ROOT)}: {name}")
    assert found == []
