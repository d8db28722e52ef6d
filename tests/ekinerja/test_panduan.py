"""The guide: a page per task with its current screenshot (taken by the browser journeys
and committed), listed by role, and linked from the form it explains."""

import re

from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone

from ekinerja.panduan import HALAMAN
from kinerja.selectors import periode_of

from ..kinerja.conftest import sasaran, skp_atasan, skp_kepala, skp_pegawai, tahun  # noqa: F401
from ..penilaian.test_skor_service import iki  # noqa: F401


def test_every_page_has_steps_and_its_screenshot(pegawai, login):
    client = login(pegawai)
    index = client.get("/panduan/").content.decode()
    for halaman in HALAMAN:
        assert f'href="/panduan/{halaman.slug}/"' in index
        body = client.get(f"/panduan/{halaman.slug}/").content.decode()
        start = body.index('id="langkah"')
        steps = body[start:body.index("</ol>", start)]
        assert steps.count("<li>") >= 3, halaman.slug
        assert f"/static/panduan/{halaman.gambar}.png" in body
        # The browser journey that performs the task saved it (tests/e2e, panduan()).
        assert finders.find(f"panduan/{halaman.gambar}.png"), halaman.gambar
    assert "Pegawai" in index and "Atasan" in index and "Admin" in index
    assert client.get("/panduan/tidak-ada/").status_code == 404
    assert Client().get("/panduan/").status_code == 302


def test_each_form_links_to_its_guide(iki, pegawai, atasan, admin_bkd, tahun,  # noqa: F811
                                      login):
    periode = periode_of(timezone.localdate())
    pages = [
        (pegawai, "/skp/", "skp"),
        (pegawai, "/aktivitas/", "harian"),
        (pegawai, "/pelatihan/catat/", "sertifikat"),
        (atasan, "/validasi/", "validasi"),
        (atasan, f"/evaluasi/nilai/{pegawai.pk}/{tahun.tahun}/{periode.nomor}/", "evaluasi"),
        (admin_bkd, "/kelola/impor/", "impor"),
    ]
    assert {slug for *_, slug in pages} == {h.slug for h in HALAMAN}
    for person, url, slug in pages:
        response = login(person).get(url, follow=True)
        assert response.status_code == 200, url
        links = re.findall(r'id="bantuan"[^>]*|href="[^"]*"[^>]*id="bantuan"',
                           response.content.decode())
        assert any(f"/panduan/{slug}/" in link for link in links), (url, links)
