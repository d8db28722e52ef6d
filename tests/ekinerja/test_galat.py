"""A request that meets an unreachable database answers 503 with Retry-After (and saves
nothing); any other failure is the plain 500 page. Neither page needs the database."""

import pytest
from django.db import OperationalError
from django.urls import clear_url_caches, path

import ekinerja.urls


def _down(request):
    raise OperationalError("server closed the connection unexpectedly")


def _broken(request):
    raise ValueError("a bug")


def _session_lost(request):
    """What SessionMiddleware raises when saving the session meets a lost database."""
    from django.contrib.sessions.backends.base import UpdateError
    from django.contrib.sessions.exceptions import SessionInterrupted

    try:
        try:
            raise OperationalError("terminating connection due to administrator command")
        except OperationalError:
            raise UpdateError from None
    except UpdateError:
        raise SessionInterrupted("The request's session was deleted before the request "
                                 "completed.") from None


def _bad(request):
    from django.core.exceptions import BadRequest

    raise BadRequest("bad")


@pytest.fixture
def failing_urls(monkeypatch):
    monkeypatch.setattr(ekinerja.urls, "urlpatterns", [
        path("turun/", _down), path("rusak/", _broken), path("sesi/", _session_lost),
        path("buruk/", _bad), *ekinerja.urls.urlpatterns])
    clear_url_caches()
    yield
    clear_url_caches()


def test_the_database_down_is_a_503_with_retry_after(failing_urls, login, pegawai):
    client = login(pegawai)
    client.raise_request_exception = False
    response = client.get("/turun/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Layanan sedang tidak tersedia" in response.content.decode()
    response = client.get("/rusak/")
    assert response.status_code == 500
    assert "Terjadi kesalahan" in response.content.decode()


def test_a_session_lost_with_the_database_is_the_same_503(failing_urls, login, pegawai):
    client = login(pegawai)
    assert client.get("/sesi/").status_code == 503
    assert client.get("/buruk/").status_code == 400


def test_a_refused_form_token_is_explained_in_indonesian(pegawai):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/masuk/", {"username": pegawai.nip})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Formulir sudah kedaluwarsa" in body and "CSRF" not in body
