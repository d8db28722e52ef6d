"""Every user-facing string is translated to Indonesian, the default language."""

import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ["ekinerja", "kinerja", "penilaian", "pelatihan", "templates", "locale", "manage.py"]


def _untranslated(po_path):
    with open(po_path, "rb") as f:
        catalog = read_po(f)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        text = message.string if isinstance(message.string, str) else message.string[0]
        if not text or message.fuzzy:
            missing.append(message.id)
    return missing


def test_the_committed_indonesian_catalogue_is_complete():
    assert _untranslated(ROOT / "locale/id/LC_MESSAGES/django.po") == []


def test_no_string_in_the_code_is_missing_from_the_catalogue(tmp_path):
    # makemessages on a copy of the sources: any new string shows up untranslated.
    for name in SOURCES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(src, tmp_path / name)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-location"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={"DEBUG": "1", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert _untranslated(tmp_path / "locale/id/LC_MESSAGES/django.po") == []


def test_pages_are_indonesian_by_default(client, db):
    body = client.get("/masuk/").content.decode()
    assert "Masuk ke e-kinerja" in body and 'lang="id"' in body


def test_an_english_browser_still_gets_indonesian_until_english_is_chosen(client, db):
    body = client.get("/masuk/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Masuk ke e-kinerja" in body
    client.post("/bahasa/", {"language": "en", "next": "/masuk/"})
    assert "Log in to e-kinerja" in client.get("/masuk/").content.decode()


def test_an_unknown_language_is_ignored(client, db):
    client.post("/bahasa/", {"language": "xx", "next": "/masuk/"})
    assert "Masuk ke e-kinerja" in client.get("/masuk/").content.decode()
