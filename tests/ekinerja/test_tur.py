"""The first-login tour: on the home page for each role's tasks until closed, reopened
from the menu, every link in it alive for the role."""

import re

from django.test import Client

from ..kinerja.conftest import tahun  # noqa: F401


def _tour(body):
    start = body.find('id="tur"')
    return body[start:body.index("</section>", start)] if start >= 0 else ""


def test_each_role_sees_its_steps_until_it_closes_the_tour(pegawai, atasan, admin_bkd, login):
    mine = _tour(login(pegawai).get("/").content.decode())
    assert 'id="tur-pegawai"' in mine and "Mulai di sini" in mine
    assert 'id="tur-atasan"' not in mine and 'id="tur-admin"' not in mine
    boss = _tour(login(atasan).get("/").content.decode())
    assert 'id="tur-pegawai"' in boss and 'id="tur-atasan"' in boss
    assert 'id="tur-admin"' in _tour(login(admin_bkd).get("/").content.decode())

    client = login(pegawai)
    assert client.post("/tur/tutup/").status_code == 302
    assert _tour(client.get("/").content.decode()) == ""
    page = client.get("/tur/").content.decode()  # reopened from the menu
    assert 'id="tur-pegawai"' in page and "Tampilkan lagi di beranda saya" in page
    assert 'action="/tur/tutup/"' not in page
    assert client.post("/tur/buka/").status_code == 302
    assert 'id="tur-pegawai"' in _tour(client.get("/").content.decode())


def test_every_link_in_the_tour_opens_for_the_role(tahun, pegawai, atasan, admin_bkd,  # noqa: F811
                                                   login):
    for person in (pegawai, atasan, admin_bkd):
        client = login(person)
        links = re.findall(r'href="(/[^"]*)"', _tour(client.get("/").content.decode()))
        assert len(links) >= 4
        for link in links:
            assert client.get(link).status_code == 200, (person.nama, link)


def test_access(pegawai, login):
    assert Client().get("/tur/").status_code == 302
    assert Client().post("/tur/tutup/").status_code == 302  # to the login page
    assert login(pegawai).get("/tur/tutup/").status_code == 405
    assert login(pegawai).get("/tur/buka/").status_code == 405
