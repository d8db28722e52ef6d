"""The one settings module: every deployment knob is an environment variable.

Parsers are strict: a value that cannot be understood stops the process at start with a
message naming the variable, instead of running with a silently wrong configuration.
With no variables set, the app runs locally on SQLite with Celery tasks executed in
process (see README, "make run").
"""

import datetime as dt
import os
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default).strip()


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean; use one of 1/0, true/false, yes/no, on/off."
    )


def env_int(name, default, *, minimum=None, maximum=None):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ImproperlyConfigured(f"{name}={value} must be between {minimum} and {maximum}.")
    return value


def env_list(name, default=""):
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_url(name, default, *, schemes):
    value = env_str(name, default)
    if not value:
        return ""
    parsed = urlparse(value)
    if parsed.scheme not in schemes:
        allowed = ", ".join(sorted(schemes))
        raise ImproperlyConfigured(f"{name}={value!r} must be a URL with scheme {allowed}.")
    return value


DEBUG = env_bool("DEBUG", False)

# With no DATABASE_URL this is the embedded local setup (an SQLite file): it may run with
# a development key. Anything pointed at a real database must bring its own key.
LOCAL_EMBEDDED = not env_str("DATABASE_URL")
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or LOCAL_EMBEDDED):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY (a long random string) for production, "
            "or DEBUG=1 for a local development run."
        )
    SECRET_KEY = "insecure-local-development-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "ekinerja",
    "kinerja",
    "penilaian",
    "pelatihan",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ekinerja.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "ekinerja.middleware.RequestContextMiddleware",
    "ekinerja.middleware.IdleSessionMiddleware",
    "ekinerja.middleware.ForcePasswordChangeMiddleware",
    # The second step after the password (ekinerja.mfa, docs/mfa.md).
    "ekinerja.mfa.MfaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ekinerja.urls"
WSGI_APPLICATION = "ekinerja.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "ekinerja.context_processors.roles",
            ],
        },
    },
]

# Database: DATABASE_URL, default an SQLite file for a local run with nothing installed.
# Persistent connections with health checks: about 4x page throughput (performance.md).
_database_url = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    DATABASES = {
        "default": dj_database_url.parse(
            _database_url,
            conn_max_age=env_int("DB_CONN_MAX_AGE", 600, minimum=0),
            conn_health_checks=True,
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL={_database_url!r} cannot be used: {exc}") from None
if DATABASES["default"]["ENGINE"] not in (
    "django.db.backends.postgresql",
    "django.db.backends.sqlite3",
):
    raise ImproperlyConfigured("DATABASE_URL must point to PostgreSQL (or SQLite for a local run).")
# Every network client has a timeout (a hung server must not hold a worker until gunicorn
# kills it). PostgreSQL: connecting (libpq counts whole seconds, at least 2), and TCP
# keepalives so a connection to a vanished server is noticed.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "connect_timeout": env_int("DB_CONNECT_TIMEOUT", 2, minimum=2, maximum=60),
        "keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10,
        "keepalives_count": 3,
    })
else:
    # The embedded run: wait for a writer instead of answering "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: cache and Celery broker. Without it, a local run uses an in-process cache and
# executes Celery tasks eagerly in the request.
REDIS_URL = env_url("REDIS_URL", "", schemes={"redis", "rediss", "unix"})
# Seconds a Redis client (cache, broker, result backend, /healthz) waits to connect or
# for an answer.
REDIS_TIMEOUT = env_int("REDIS_TIMEOUT", 1, minimum=1, maximum=30)
if REDIS_URL:
    # Short timeouts: when Redis is down, pages must stay usable (the cache is an
    # optimisation here, never the only copy of anything).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT,
                        "socket_timeout": REDIS_TIMEOUT},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
# Results are kept only where a chord needs them (the nightly run's parts, per OPD).
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_EXPIRES = 6 * 3600
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = 2 * REDIS_TIMEOUT
CELERY_BROKER_CONNECTION_TIMEOUT = 2 * REDIS_TIMEOUT
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Jakarta"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A request that enqueues work must not hang when the broker is down: fail fast, log,
# and let the nightly job catch up.
CELERY_TASK_PUBLISH_RETRY = False
# visibility_timeout: how long a task taken by a worker that died stays invisible before
# another worker gets it again (acks_late redelivery).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2 * REDIS_TIMEOUT, "socket_timeout": 2 * REDIS_TIMEOUT,
    "max_retries": 1,
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=1),
    "unacked_restore_interval": env_int("CELERY_RESTORE_INTERVAL", 10, minimum=1),
    "unacked_restore_throttle": 1,
}
CELERY_TASK_ACKS_LATE = True
# Where beat keeps when each periodic task last ran: on persistent storage in production.
CELERY_BEAT_SCHEDULE_FILENAME = env_str("CELERY_BEAT_SCHEDULE_FILE",
                                        str(BASE_DIR / "celerybeat-schedule"))
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE = {
    # Nightly at 01:00 WIB, when SIASN_TARIK_MALAM is on: pull from SIASN and apply.
    "siasn-tarik-malam": {
        "task": "ekinerja.tasks.siasn_tarik_malam",
        "schedule": crontab(hour=1, minute=0),
    },
    # Nightly at 01:20 WIB: results SIASN could not take (it was down) are sent again.
    "siasn-kirim-menunggu": {
        "task": "penilaian.tasks.siasn_kirim_menunggu",
        "schedule": crontab(hour=1, minute=20),
    },
    # Nightly at 01:30 WIB, outside office hours: drop expired sessions so the session
    # table does not grow with every idle timeout.
    "sesi-kedaluwarsa-dibersihkan": {
        "task": "ekinerja.tasks.sessions_clear_expired",
        "schedule": crontab(hour=1, minute=30),
    },
    # Nightly at 02:00 WIB, after the day's validations: recompute every open period, which
    # also catches up recomputes missed while the broker was down.
    "skor-periode-terbuka": {
        "task": "penilaian.tasks.skor_hitung_periode_terbuka",
        "schedule": crontab(hour=2, minute=0),
    },
    # Nightly at 00:30 WIB, the day after a cut-off: final scores, then the period closes.
    "periode-tutup": {
        "task": "penilaian.tasks.periode_tutup_jatuh_tempo",
        "schedule": crontab(hour=0, minute=30),
    },
    # Nightly at 02:40 WIB: adoption per unit for this week and last week.
    "adopsi-mingguan": {
        "task": "kinerja.tasks.adopsi_hitung",
        "schedule": crontab(hour=2, minute=40),
    },
    # Nightly at 02:50 WIB: the IKM of open periods from the public survey's answers.
    "ikm-periode-terbuka": {
        "task": "penilaian.tasks.ikm_hitung_terbuka",
        "schedule": crontab(hour=2, minute=50),
    },
    # Nightly at 03:00 WIB: check the whole audit chain; BKD sees the result.
    "audit-diperiksa": {
        "task": "ekinerja.tasks.audit_periksa",
        "schedule": crontab(hour=3, minute=0),
    },
    # Working days at 16:30 WIB: one digest per atasan of the day's submitted activities.
    "aktivitas-menunggu-ringkasan": {
        "task": "penilaian.tasks.notifikasi_menunggu",
        "schedule": crontab(hour=16, minute=30, day_of_week="1-6"),
    },
    # Mornings at 07:00 WIB: atasan with activities waiting as a period's cut-off nears.
    "batas-validasi-pengingat": {
        "task": "penilaian.tasks.notifikasi_batas_validasi",
        "schedule": crontab(hour=7, minute=0),
    },
    # Mornings at 07:05 WIB: employees with missing, unsubmitted or unvalidated days as a
    # period's cut-off nears.
    "batas-lapor-pengingat": {
        "task": "penilaian.tasks.notifikasi_batas_lapor",
        "schedule": crontab(hour=7, minute=5),
    },
    # From the quarter's last month, on the 1st and the 15th at 08:10 WIB: each atasan hears
    # whom they have not held a performance dialogue with (once a quarter: its key).
    "pengingat-dialog": {
        "task": "penilaian.tasks.pengingat_dialog",
        "schedule": crontab(hour=8, minute=10, day_of_month="1,15", month_of_year="3,6,9,12"),
    },
    # Nightly at 02:20 WIB: angka kredit converted again for this year and the last (a
    # corrected TMT or a change of post counts by the morning).
    "angka-kredit-malam": {
        "task": "penilaian.tasks.angka_kredit_malam",
        "schedule": crontab(hour=2, minute=20),
    },
    # Daily at 08:20 WIB: in a 360 feedback round's last three days, raters who still owe
    # answers hear once.
    "pengingat-umpan-balik": {
        "task": "penilaian.tasks.pengingat_umpan_balik",
        "schedule": crontab(hour=8, minute=20),
    },
    # The first of October, November and December at 08:00 WIB: people under their JP.
    "pelatihan-pengingat": {
        "task": "pelatihan.tasks.pengingat_jp",
        "schedule": crontab(hour=8, minute=0, day_of_month=1, month_of_year="10-12"),
    },
    # Nightly at 01:45 WIB: uploaded import files hold personal data; keep 30 days.
    "impor-lama-dihapus": {
        "task": "ekinerja.tasks.impor_purge_old",
        "schedule": crontab(hour=1, minute=45),
    },
}

AUTH_USER_MODEL = "ekinerja.Pegawai"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out NIP before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions live in the database: logout deletes them server side. They end after
# SESSION_IDLE_MINUTES without a request (the expiry moves with every request).
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30, minimum=5, maximum=24 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
# Not SESSION_SAVE_EVERY_REQUEST: polls must not keep an idle session alive (see
# ekinerja.middleware.IdleSessionMiddleware).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Lockout after repeated failures, counted per NIP *and* address, so one person typing
# a wrong password does not lock out the colleagues behind the same office NAT.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "ekinerja.nip.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0, minimum=0)
# And across NIPs from one address (password spraying): failed logins within the lockout
# time before that address is refused. High, for a whole office behind one NAT.
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 100, minimum=5)

# Login through the national SSO (OpenID Connect; ekinerja.oidc, docs/sso.md), next to the
# NIP and password: off while OIDC_ISSUER is empty. The provider's endpoints are discovered
# from the issuer when someone logs in, never at start.
OIDC_ISSUER = env_url("OIDC_ISSUER", "", schemes={"http", "https"}).rstrip("/")
OIDC_RP_CLIENT_ID = env_str("OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_CLIENT_SECRET")
if OIDC_ISSUER and not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
    raise ImproperlyConfigured("OIDC_ISSUER is set: set OIDC_CLIENT_ID and OIDC_CLIENT_SECRET "
                               "too (the client registered at the provider).")
OIDC_NIP_CLAIM = env_str("OIDC_NIP_CLAIM", "nip")
OIDC_BUTTON_LABEL = env_str("OIDC_BUTTON_LABEL")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_RP_SCOPES = "openid profile"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
# Seconds each request to the provider (discovery, token, keys, userinfo) may take.
OIDC_TIMEOUT = 10
if OIDC_ISSUER:
    AUTHENTICATION_BACKENDS.append("ekinerja.oidc.PegawaiOIDCBackend")
# Failed SSO callbacks carry no NIP: axes must not count them all under one empty username.
AXES_WHITELIST_CALLABLE = "ekinerja.oidc.axes_sso_dilewati"

# Two-step verification (docs/mfa.md): required of Admin BKD and Admin OPD (and of staff
# on /admin/), optional for everyone else; whoever has an authenticator app is asked for
# its code after the password.
MFA_WAJIB_ADMIN = env_bool("MFA_WAJIB_ADMIN", True)
OTP_TOTP_ISSUER = "e-kinerja"
# Security keys and passkeys as the second step (never instead of the password), bound to
# SITE_URL's host, else the host the request came to (ekinerja.mfa).
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_NAME = "e-kinerja Provinsi Jambi"
OTP_WEBAUTHN_RP_ID_CALLABLE = "ekinerja.mfa.webauthn_rp_id"
OTP_WEBAUTHN_HELPER_CLASS = "ekinerja.mfa.WebAuthnHelper"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded files (evidence, certificates) are private: outside the static root and served
# only through views that check access.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))

# Daily activities (domain.md: 300 effective minutes a day; regions cap a day and may use a
# fixed monthly target instead of working days x minutes).
MENIT_KERJA_HARI = env_int("MENIT_KERJA_HARI", 300, minimum=60, maximum=720)
MAKS_MENIT_HARI = env_int("MAKS_MENIT_HARI", 600, minimum=60, maximum=1440)
# The validation queue marks a day longer than this, and an activity whose minutes differ
# from the catalogue's standard (per output) by more than this share, as anomalies: bulk
# approval leaves them out for a look of their own.
ANOMALI_MENIT_HARI = env_int("ANOMALI_MENIT_HARI", 480, minimum=60, maximum=1440)
ANOMALI_SELISIH_STANDAR_PERSEN = env_int("ANOMALI_SELISIH_STANDAR_PERSEN", 50, minimum=10,
                                         maximum=1000)
TARGET_MENIT_BULANAN = env_int("TARGET_MENIT_BULANAN", 0, minimum=0)
# After an outage BKD may open a backfill window (ekinerja.gangguan): it closes at most this
# many days ahead (our policy, not a regulation's number).
GANGGUAN_SUSULAN_MAKS_HARI = env_int("GANGGUAN_SUSULAN_MAKS_HARI", 30, minimum=1, maximum=90)
# How often open pages ask for news: the atasan's badge (the issue asks for 15 s at most)
# and the employee's day/month status. Each poll is one or two indexed queries.
BADGE_POLL_SECONDS = env_int("BADGE_POLL_SECONDS", 10, minimum=2, maximum=60)
STATUS_POLL_SECONDS = env_int("STATUS_POLL_SECONDS", 30, minimum=2, maximum=600)
BUKTI_MAX_BYTES = env_int("BUKTI_MAX_MB", 5, minimum=1, maximum=50) * 1024 * 1024
# Training (PP 11/2017: at least 20 JP a year for PNS; PP 49/2018: at most 24 for PPPK),
# and the most JP a training day can hold, to catch absurd claims.
JP_HAK_PNS = env_int("JP_HAK_PNS", 20, minimum=1, maximum=200)
JP_HAK_PPPK = env_int("JP_HAK_PPPK", 24, minimum=1, maximum=200)
JP_MAKS_HARI = env_int("JP_MAKS_HARI", 12, minimum=1, maximum=24)

# The audit chain's HMAC key (ekinerja.audit). Keep it apart from SECRET_KEY and from the
# database: whoever holds the database but not the key cannot forge a seal. Changing it
# makes every existing seal fail the check.
AUDIT_KEY = env_str("AUDIT_KEY") or f"audit:{SECRET_KEY}"
# Entries are sealed as their transaction commits; the check reports entries still
# unsealed after this time (written outside the application, or a seal lost in a crash).
AUDIT_SEAL_GRACE = dt.timedelta(minutes=env_int("AUDIT_SEAL_GRACE_MINUTES", 10, minimum=1,
                                                maximum=24 * 60))

IMPORT_MAX_BYTES = env_int("IMPORT_MAX_MB", 10, minimum=1, maximum=100) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console output unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# Seconds an SMTP connection or reply may take (the sending task retries later).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1, maximum=300)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "e-kinerja <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A notification e-mail that fails is retried after this many seconds, doubling 5 times.
NOTIFIKASI_RETRY_DETIK = env_int("NOTIFIKASI_RETRY_DETIK", 30, minimum=0, maximum=3600)
# The public survey (penilaian.views.survei): answers accepted per client address per hour.
SURVEI_BATAS_PER_JAM = env_int("SURVEI_BATAS_PER_JAM", 30, minimum=1)
# The public document verification page: requests per client address per hour.
VERIFIKASI_BATAS_PER_JAM = env_int("VERIFIKASI_BATAS_PER_JAM", 60, minimum=1)
# The address people reach the application at, for links that leave it (notification
# e-mails, the QR code of a PDF). Unset: a PDF takes the address of the request that
# asked for it; an e-mail the local run's (set it in production).
SITE_URL = env_url("SITE_URL", "", schemes={"http", "https"}).rstrip("/")

# SIASN, BKN's web services (ekinerja.siasn, docs/bkn.md): off while SIASN_BASE_URL is empty.
# The API Manager's token (client credentials) and the SSO user token (password grant of a
# BKD service account); secrets only from the environment, never in the repo or the logs.
SIASN = {
    "BASE_URL": env_url("SIASN_BASE_URL", "", schemes={"http", "https"}).rstrip("/"),
    "TOKEN_URL": env_url("SIASN_TOKEN_URL", "", schemes={"http", "https"}),
    "SSO_URL": env_url("SIASN_SSO_URL", "", schemes={"http", "https"}),
    "CLIENT_ID": env_str("SIASN_CLIENT_ID"),
    "CLIENT_SECRET": env_str("SIASN_CLIENT_SECRET"),
    "SSO_CLIENT_ID": env_str("SIASN_SSO_CLIENT_ID"),
    "USERNAME": env_str("SIASN_USERNAME"),
    "PASSWORD": env_str("SIASN_PASSWORD"),
    # Seconds per request, and how many times a 429/5xx/unreachable answer is retried.
    "TIMEOUT": env_int("SIASN_TIMEOUT", 20, minimum=1, maximum=300),
    "RETRIES": env_int("SIASN_RETRIES", 3, minimum=0, maximum=10),
    # Pull nightly and apply the report without waiting for BKD (its report stays to read);
    # off by default: BKD applies each pull itself.
    "TARIK_MALAM": env_bool("SIASN_TARIK_MALAM", False),
}

# Who signs a Penetapan Angka Kredit (penilaian.dokumen): the person with this NIP; unset,
# the head of the issuing Admin BKD's OPD (the Kepala BKD).
PAK_PENANDATANGAN_NIP = env_str("PAK_PENANDATANGAN_NIP")

# Transport security: on unless DEBUG. Behind a TLS-terminating proxy, it must set
# X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Probes (the container's health check, a load balancer) ask gunicorn directly over HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy on every page (django-csp): scripts only from our own static files
# (no inline script, no eval: htmx runs with allowEval off, charts read json_script data),
# nothing embedded in or embedding us. Style attributes stay allowed (progress bars and
# chart heights are computed in templates); <style> elements are not. Bootstrap's CSS draws
# its icons as data: images. A view may set a stricter header of its own (private files).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # The installable app: its service worker (/sw.js) and manifest are our own.
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
    },
}
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS")
# django-otp-webauthn wants its origins as a list; ekinerja.mfa.WebAuthnHelper gives them
# per request (SITE_URL, else the request's own host, one of ALLOWED_HOSTS).
SILENCED_SYSTEM_CHECKS.append("otp_webauthn.E030")
if not SECURE_HSTS_PRELOAD:
    # HSTS preload is a decision for the domain owner, not a default.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
}
