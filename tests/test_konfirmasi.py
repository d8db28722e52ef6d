"""Every form that deletes or locks asks first (data-konfirmasi, handled by
static/js/app.js; the browser journey shows the question and that declining keeps the
record)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IRREVERSIBLE = re.compile(r"<form[^>]*action=\"\{% url '([a-z_]*(?:_delete|periode_lock))'[^>]*>")


def test_every_delete_or_lock_form_asks_first():
    found, missing = [], []
    for path in ROOT.glob("templates/**/*.html"):
        for match in IRREVERSIBLE.finditer(path.read_text()):
            found.append(match.group(1))
            if "data-konfirmasi=" not in match.group(0):
                missing.append(f"{path.relative_to(ROOT)}: {match.group(1)}")
    assert {"aktivitas_delete", "periode_lock", "template_delete", "bukti_delete"} <= set(found)
    assert missing == []
