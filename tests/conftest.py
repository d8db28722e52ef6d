"""The fixed cast every test can use.

    Pemerintah Provinsi Jambi (instansi)
    ├── Dinas A (OPD)             kepala_a
    │   └── Bidang A1             atasan (head)      pegawai (staff)
    └── Dinas B (OPD)             admin_bkd (staff, Admin BKD)
        └── Bidang B1             pegawai_lain (staff)
    admin_opd: staff of Dinas A with Admin OPD scope over Dinas A.
"""

import pytest
from django.test import Client

from ekinerja.models import UnitKerja

from .factories import PASSWORD, UnitKerjaFactory, head_of, staff_of


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


@pytest.fixture
def login():
    """A client logged in as the given person, through the real login form."""

    def _login(pegawai):
        client = Client()
        response = client.post("/masuk/", {"username": pegawai.nip, "password": PASSWORD})
        assert response.status_code == 302, response.content.decode()[:500]
        return client

    return _login
