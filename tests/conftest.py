"""The fixed cast every test can use.

    Pemerintah Provinsi Jambi (instansi)
    ├── Dinas A (OPD)             kepala_a
    │   └── Bidang A1             atasan (head)      pegawai (staff)
    └── Dinas B (OPD)             admin_bkd (staff, Admin BKD)
        └── Bidang B1             pegawai_lain (staff)
    admin_opd: staff of Dinas A with Admin OPD scope over Dinas A.
"""

import contextlib
import datetime as dt
import os
import re
import socket
import threading
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from ekinerja.models import UnitKerja

from .factories import PASSWORD, UnitKerjaFactory, head_of, staff_of

WIB = ZoneInfo("Asia/Jakarta")

# Reference data that migrations seed (the first scoring rule, the curve's limits, the IKM
# bands, the learning paths): a transactional test ends with a flush, which empties every
# table and then sends post_migrate; sow them again there, so a test that runs after it on
# the same worker finds what production has.
SEMAI = [("penilaian", "0002_aturan_awal", "forward"),
         ("penilaian", "0009_batas_kurva_awal", "seed"),
         ("penilaian", "0012_band_mutu_awal", "seed"),
         ("pelatihan", "0002_jalur_belajar", "seed"),
         ("penilaian", "0016_aturan_angka_kredit_awal", "seed"),
         ("penilaian", "0021_tpp_awal", "seed")]


def _semai_ulang(sender, **kwargs):
    import importlib

    from django.apps import apps

    for app, migration, function in SEMAI:
        getattr(importlib.import_module(f"{app}.migrations.{migration}"), function)(apps, None)


def pytest_sessionstart(session):
    from django.apps import apps
    from django.db.models.signals import post_migrate

    post_migrate.connect(_semai_ulang, sender=apps.get_app_config("penilaian"),
                         dispatch_uid="tests-semai-ulang")

# Every test runs at a known moment, never at the machine's "now": a Wednesday in the middle
# of a month at 16:30 WIB, when people log their day (working days behind it, the cut-off of
# the previous period passed, no holiday near).
SAAT_BAKU = dt.datetime(2026, 10, 14, 16, 30, tzinfo=WIB)

# The moments where a date rule breaks first; tests marked `kalender` run at each of them.
SAAT_KALENDER = {
    "awal-bulan-0600": dt.datetime(2026, 12, 1, 6, 0, tzinfo=WIB),
    "awal-bulan-0001": dt.datetime(2026, 12, 1, 0, 1, tzinfo=WIB),
    "akhir-bulan-2359": dt.datetime(2026, 11, 30, 23, 59, tzinfo=WIB),
    "31-desember-2359": dt.datetime(2026, 12, 31, 23, 59, tzinfo=WIB),
    "1-januari-0001": dt.datetime(2027, 1, 1, 0, 1, tzinfo=WIB),
    "libur-17-agustus": dt.datetime(2026, 8, 17, 10, 0, tzinfo=WIB),
}


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "kalender: a date-sensitive test, run at the default moment and at each of "
        "SAAT_KALENDER (first and last day of a month, 31 December, 23:59/00:01 WIB, a holiday)")
    config.addinivalue_line(
        "markers", "saat(moment): run the test at this moment (an aware datetime) instead of "
        "SAAT_BAKU")


# The longest files (a deployment, a drill or a benchmark each, a minute or so) start first,
# so that the workers finish together instead of one running them at the end.
LAMA = ("e2e/test_produksi_journey.py", "penilaian/test_bench_load.py", "test_local_run.py",
        "ekinerja/test_cadangan.py", "ekinerja/test_pg_restart.py",
        "e2e/test_login_journey.py")


@pytest.hookimpl(trylast=True)  # after pytest-django's own ordering
def pytest_collection_modifyitems(items):
    def rank(item):
        path = item.nodeid.split("::")[0].removeprefix("tests/")
        return LAMA.index(path) if path in LAMA else len(LAMA)

    items.sort(key=rank)  # stable: the rest keep their order


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("kalender"):
        metafunc.parametrize("saat", [SAAT_BAKU, *SAAT_KALENDER.values()],
                             ids=["baku", *SAAT_KALENDER], indirect=True)


@pytest.fixture
def saat(request):
    """The moment the test starts at."""
    if hasattr(request, "param"):
        return request.param
    marker = request.node.get_closest_marker("saat")
    return marker.args[0] if marker else SAAT_BAKU


@pytest.fixture(autouse=True)
def jam(saat):
    """The clock, pinned at `saat` for the whole process (the live server's thread and an
    in-process Celery worker included) and moving on from there; `jam.shift()` /
    `jam.move_to()` jump."""
    with time_machine.travel(saat, tick=True) as traveller:
        yield traveller


def hari_lapor_untuk(now):
    """The latest weekday whose office hours (to 17:00) are over at `now`: the day a test
    logs work on. At 06:00 on the 1st it is the last weekday of the previous month; at 00:01
    on 1 January, 31 December of the previous year."""
    local = timezone.localtime(now)
    day = local.date() if local.time() >= dt.time(17) else local.date() - dt.timedelta(days=1)
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


@pytest.fixture
def hari_lapor(jam):
    return hari_lapor_untuk(timezone.now())


@pytest.fixture(autouse=True)
def _indonesian(settings):
    settings.LANGUAGE_CODE = "id"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (Redis database 15 is the tests' own): cached
    teams are keyed by id, and ids repeat between test databases."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def instansi(db):
    return UnitKerjaFactory(kode="PEMPROV", nama="Pemerintah Provinsi Jambi",
                            jenis=UnitKerja.Jenis.INSTANSI)


@pytest.fixture
def opd_a(instansi):
    return UnitKerjaFactory(kode="DINAS-A", nama="Dinas A", jenis=UnitKerja.Jenis.DINAS,
                            parent=instansi)


@pytest.fixture
def opd_b(instansi):
    return UnitKerjaFactory(kode="DINAS-B", nama="Dinas B", jenis=UnitKerja.Jenis.DINAS,
                            parent=instansi)


@pytest.fixture
def bidang_a1(opd_a):
    return UnitKerjaFactory(kode="DINAS-A-B1", nama="Bidang A1", parent=opd_a)


@pytest.fixture
def bidang_b1(opd_b):
    return UnitKerjaFactory(kode="DINAS-B-B1", nama="Bidang B1", parent=opd_b)


@pytest.fixture
def kepala_a(opd_a):
    return head_of(opd_a, nama="Kepala Dinas A", jenis_jabatan="jpt_pratama")


@pytest.fixture
def atasan(bidang_a1, kepala_a):
    return head_of(bidang_a1, nama="Atasan Satu")


@pytest.fixture
def pegawai(bidang_a1, atasan):
    return staff_of(bidang_a1, nama="Pegawai Satu")


@pytest.fixture
def pegawai_lain(bidang_b1):
    return staff_of(bidang_b1, nama="Pegawai Lain")


@pytest.fixture
def admin_bkd(opd_b, instansi):
    return staff_of(opd_b, nama="Admin BKD", admin_scope=instansi)


@pytest.fixture
def admin_opd(opd_a):
    return staff_of(opd_a, nama="Admin OPD A", admin_scope=opd_a)


@pytest.fixture
def celery_worker(transactional_db, settings):
    """A real Celery worker (in a thread) on the real Redis broker."""
    from celery.contrib.testing.worker import start_worker

    from ekinerja.celery import app

    assert not settings.CELERY_TASK_ALWAYS_EAGER, "tests must use the real broker"
    app.conf.broker_url = settings.CELERY_BROKER_URL
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield
    # The worker thread's database connection outlives it; end it so the test database
    # can be dropped at the end of the run.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")


# Two-step verification (docs/mfa.md): admins, and anyone with an authenticator app, give
# its code after the password. Test logins do it the honest way: the person has an app with
# a known key (the demo admins have seed_demo's; others get RFC 6238's test key), and the
# code is computed from it at the pinned clock, as the phone would.
KUNCI_TOTP_UJI = "3132333435363738393031323334353637383930"


def kode_mfa(pegawai):
    """The current code of the person's app, or None when they need none. Each test login
    counts as its own 30-second window: the app's last used step is forgotten (django-otp
    refuses a code used before in its window, and a test logs in twice within seconds)."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from ekinerja.mfa import wajib

    device = TOTPDevice.objects.filter(user=pegawai, confirmed=True).order_by("id").first()
    if device is None:
        if not wajib(pegawai):
            return None
        device = TOTPDevice.objects.create(user=pegawai, name="uji", key=KUNCI_TOTP_UJI,
                                           confirmed=True)
    TOTPDevice.objects.filter(pk=device.pk).update(
        last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None)
    return f"{totp(device.bin_key):06d}"


@pytest.fixture
def login():
    """A client logged in as the given person, through the real login form (and the code
    page after it, for admins: kode_mfa)."""

    def _login(pegawai):
        client = Client()
        kode = kode_mfa(pegawai)
        response = client.post("/masuk/", {"username": pegawai.nip, "password": PASSWORD})
        assert response.status_code == 302, response.content.decode()[:500]
        if kode is not None:
            response = client.post("/akun/mfa/verifikasi/", {"kode": kode})
            assert response.status_code == 302, response.content.decode()[:500]
        return client

    return _login


@pytest.fixture
def silent_port():
    """A TCP listener on 127.0.0.1 that accepts connections, keeps them open and never
    sends a byte."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    server.settimeout(0.2)
    held, stop = [], threading.Event()

    def hold():
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                pass

    thread = threading.Thread(target=hold, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    for conn in held:
        conn.close()
    server.close()


# -- the demo province, built once per moment and cloned ------------------------------------
#
# seed_demo takes seconds; a browser journey needs a fresh copy of it. The first test of the
# run that asks builds it in its test database and keeps it as a PostgreSQL template
# database (one per pinned moment: the demo's activities depend on the day), under an
# advisory lock so that parallel workers build it once; every later ask drops the worker's
# test database and creates it again from the template, which takes about a second. The
# accounts travel as the template's comment. The name carries the run's id, so a template
# left by an interrupted run is never taken for this one's; the run's end drops them all.
# The test that runs seed_demo itself (from scratch and twice) is
# tests/ekinerja/test_seed_demo.py.
_RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID") or uuid.uuid4().hex


def _maintenance():
    import psycopg2

    from ekinerja.cadangan import koneksi_dari_settings

    admin = psycopg2.connect(**{**koneksi_dari_settings(), "dbname": "postgres"})
    admin.autocommit = True
    return admin


def _templates_base():
    from django.conf import settings

    # "ekinerja" whether Django has made it "test_ekinerja" or, on an xdist worker,
    # "test_ekinerja_gw1"
    return re.sub(r"^test_|_gw\d+$", "", settings.DATABASES["default"]["NAME"])


def pytest_sessionfinish(session):
    """The run is over (the controller, or the only process): drop the demo templates."""
    if hasattr(session.config, "workerinput"):
        return
    try:
        admin = _maintenance()
    except Exception:  # noqa: BLE001 - no database in this run
        return
    with admin.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s",
                       [f"test_{_templates_base()}_demo_%"])
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@contextlib.contextmanager
def _demo_cetakan():
    """Hold the lock on the demo template of the pinned moment's minute, seeding it first
    (in the test database, which then holds the demo already) when this run has none.
    Yields (maintenance cursor, template name, role -> NIP, whether it was just built)."""
    import io
    import json

    from django.core.management import call_command
    from django.db import connection, connections

    name = connection.settings_dict["NAME"]
    key = timezone.localtime().strftime("%Y%m%d%H%M")
    template = f"test_{_templates_base()}_demo_{key}_{_RUN[:8]}"
    admin = _maintenance()
    try:
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])
            try:
                cursor.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                               "WHERE datname = %s", [template])
                found = cursor.fetchone()
                if found is None:
                    out = io.StringIO()
                    call_command("seed_demo", stdout=out)
                    accounts = {line.split()[0]: line.split()[2]
                                for line in out.getvalue().splitlines() if line.startswith("  ")}
                    connections.close_all()
                    cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                   "WHERE datname = %s", [name])
                    cursor.execute(f'CREATE DATABASE "{template}" TEMPLATE "{name}"')
                    cursor.execute(f'COMMENT ON DATABASE "{template}" IS %s',
                                   [json.dumps(accounts)])
                else:
                    accounts = json.loads(found[0])
                yield cursor, template, accounts, found is None
            finally:
                cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [template])
    finally:
        admin.close()


@pytest.fixture
def demo_klon(transactional_db):
    """The demo province in the test database (a fresh copy); returns role -> NIP."""
    from django.db import connection, connections

    name = connection.settings_dict["NAME"]
    with _demo_cetakan() as (cursor, template, accounts, built):
        if not built:
            connections.close_all()
            cursor.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return accounts


@pytest.fixture
def demo_db_url(transactional_db):
    """A database of its own holding a copy of the demo, for a deployment started in
    subprocesses (tests/produksi.py); yields (its DATABASE_URL, role -> NIP) and drops it
    afterwards. The copy's password hashes are the test settings' (MD5): the deployment
    must set the passwords it logs in with."""
    from django.db import connection

    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_salinan"
    with _demo_cetakan() as (cursor, template, accounts, _built):
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    user = settings_dict.get("USER") or "postgres"
    yield f"postgres://{user}@{host}:{port}/{name}", accounts
    admin = _maintenance()
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()
