"""Every URL a template polls (an htmx `hx-trigger` with `every`) is passive: an open page
that polls never keeps an idle session alive, so the idle timeout fires."""

import datetime as dt
import re
from pathlib import Path

from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from ekinerja.models import Ekspor
from penilaian.models import TugasHitung

ROOT = Path(__file__).resolve().parents[2]
TAG = re.compile(r"<[^>]*hx-trigger=\"[^\"]*every[^\"]*\"[^>]*>")
URL_NAME = re.compile(r"hx-get=\"\{% url '([a-z_]+)'")


def polled_url_names():
    names = set()
    for path in ROOT.glob("templates/**/*.html"):
        for tag in TAG.findall(path.read_text()):
            names.update(URL_NAME.findall(tag))
    return names


def _urls(admin, opd):
    """A real URL for each polled name (a new poll must be added here to be checked)."""
    from kinerja.selectors import periode_of

    from ..kinerja.conftest import make_year

    today = timezone.localdate()
    make_year(today.year, admin)
    ekspor = Ekspor.objects.create(jenis="kepatuhan_jp", unit=opd, parameter={},
                                   diminta_oleh=admin)
    tugas = TugasHitung.objects.create(dibuat_oleh=admin, periode=periode_of(today), unit=opd)
    return {
        "aktivitas_menunggu": reverse("aktivitas_menunggu"),
        "notifikasi_jumlah": reverse("notifikasi_jumlah"),
        "validasi_baru": reverse("validasi_baru") + "?sejak=0",
        "aktivitas_hari_status": reverse("aktivitas_hari_status", args=[today.isoformat()]),
        "aktivitas_bulan_status": reverse("aktivitas_bulan_status",
                                          args=[today.year, today.month]),
        "ekspor_detail": reverse("ekspor_detail", args=[ekspor.pk]),
        "tugas_hitung_status": reverse("tugas_hitung_status", args=[tugas.pk]),
    }


def test_no_polled_url_extends_the_session(admin_bkd, opd_a, login, jam):
    urls = _urls(admin_bkd, opd_a)
    assert polled_url_names() == set(urls)
    client = login(admin_bkd)
    key = client.session.session_key

    def extends(url):
        jam.shift(61)  # past the minute within which the expiry is not rewritten anyway
        soon = timezone.now() + dt.timedelta(minutes=1)
        Session.objects.filter(pk=key).update(expire_date=soon)
        response = client.get(url, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, (url, response.status_code)
        return Session.objects.get(pk=key).expire_date != soon

    assert extends("/")  # a page the person opens does (so this check can fail)
    assert [name for name, url in urls.items() if extends(url)] == []
