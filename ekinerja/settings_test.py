"""Settings for the test suite: the real settings, pointed at local PostgreSQL and Redis."""

import os
import tempfile

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ekinerja")
# Each pytest-xdist worker has its own Redis database (its broker, cache and rate limits),
# as pytest-django gives it its own test database: gw0 15, gw1 12, gw2 11, ... (13 and 14
# belong to the production-stack tests, tests/produksi.py).
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
_REDIS_DB = 15 if _WORKER == 0 else 13 - _WORKER  # up to 11 workers (db 2 is the bench's)
# The controller's default reaches its workers through the environment: a worker recomputes
# it (REDIS_URL given by the user is left as it is).
if os.environ.get("EKINERJA_UJI_REDIS_BAKU") or "REDIS_URL" not in os.environ:
    os.environ["REDIS_URL"] = f"redis://127.0.0.1:6379/{_REDIS_DB}"
    os.environ["EKINERJA_UJI_REDIS_BAKU"] = "1"
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# Live-server threads must not keep connections open, or the test database cannot be
# dropped at the end.
os.environ.setdefault("DB_CONN_MAX_AGE", "0")
# Browser tests wait for live updates; poll often.
os.environ.setdefault("STATUS_POLL_SECONDS", "2")
os.environ.setdefault("BADGE_POLL_SECONDS", "2")

from .settings import *  # noqa: E402,F403

# Hashing at production strength costs ~0.4 s per login (performance.md); tests log in
# hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# Test Redis keys live in their own database and are flushed by the tests that use them.
CACHES["default"]["KEY_PREFIX"] = "test"  # noqa: F405
# Static files come from the finders (no collectstatic before tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
LOGGING["root"]["level"] = "ERROR"  # noqa: F405
# Uploads and issued PDFs of the tests go to a folder of the run, not the checkout's media/.
# The xdist workers of one run share it: a demo template built by one worker names the files
# it seeded there.
if os.environ.get("PYTEST_XDIST_TESTRUNUID"):
    MEDIA_ROOT = Path(tempfile.gettempdir()) / (  # noqa: F405
        "ekinerja-uji-media-" + os.environ["PYTEST_XDIST_TESTRUNUID"][:12])
    MEDIA_ROOT.mkdir(exist_ok=True)
else:
    MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="ekinerja-uji-media-"))  # noqa: F405
