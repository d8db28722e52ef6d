"""Announcements: an admin writes to a unit's people by role and dates; they read it on
their home page until they mark it read; the sender sees the read count; bad input and
other people's scopes are refused."""

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ekinerja.models import AuditLog, Pegawai, Pengumuman

from ..factories import staff_of

TODAY = timezone.localdate


def _send(client, tujuan, **data):
    return client.post("/pengumuman/baru/", {
        "judul": "Batas SKP", "isi": "Lengkapi SKP sebelum 31 Januari.", "unit": tujuan.pk,
        "peran": "semua", "mulai": TODAY().isoformat(), "selesai": "", **data})


def _home(client):
    body = client.get("/").content.decode()
    start = body.find('id="pengumuman"')
    return body[start:body.index("</section>", start)] if start >= 0 else ""


def test_bkd_writes_to_everyone_and_sees_who_read_it(
        instansi, pegawai, pegawai_lain, atasan, admin_bkd, login):
    bkd = login(admin_bkd)
    response = _send(bkd, instansi)
    assert response.status_code == 302
    sent = Pengumuman.objects.get()
    audience = Pegawai.objects.filter(aktif=True, unit__path__startswith=instansi.path).count()
    assert sent.jumlah_sasaran == audience and sent.pengirim == admin_bkd
    assert AuditLog.objects.filter(action="pengumuman.kirim", target_id=str(sent.pk)).exists()
    mine = login(pegawai)
    assert "Batas SKP" in _home(mine) and "Batas SKP" in _home(login(pegawai_lain))
    assert mine.post(f"/pengumuman/{sent.pk}/baca/").status_code == 302
    assert mine.post(f"/pengumuman/{sent.pk}/baca/").status_code == 302  # a double click
    assert "Batas SKP" not in _home(mine)
    body = bkd.get("/pengumuman/").content.decode()
    assert f"1 / {audience}" in body


def test_roles_units_and_dates_decide_who_sees_it(
        opd_a, bidang_a1, pegawai, atasan, kepala_a, pegawai_lain, admin_opd, login):
    client = login(admin_opd)
    _send(client, opd_a, judul="Rapat pimpinan", peran="kepala")
    _send(client, opd_a, judul="Untuk admin", peran="admin")
    _send(client, opd_a, judul="Nanti", mulai=(TODAY() + dt.timedelta(days=2)).isoformat())
    Pengumuman.objects.create(judul="Lewat", isi="x", unit=opd_a, pengirim=admin_opd,
                              mulai=TODAY() - dt.timedelta(days=9),
                              selesai=TODAY() - dt.timedelta(days=1))
    assert Pengumuman.objects.count() == 4
    assert "Rapat pimpinan" in _home(login(kepala_a)) and "Rapat pimpinan" in _home(
        login(atasan))
    home = _home(login(pegawai))
    assert home == "" or not any(t in home for t in ("Rapat", "Untuk admin", "Nanti", "Lewat"))
    assert "Rapat pimpinan" not in _home(login(pegawai_lain))  # another OPD
    assert "Untuk admin" in _home(client) and "Untuk admin" not in _home(login(kepala_a))


def test_bad_input_is_refused_in_indonesian_and_nothing_is_saved(
        opd_a, opd_b, pegawai, admin_opd, login):
    client = login(admin_opd)
    cases = [
        ({"judul": "", "isi": ""}, "Bidang ini tidak boleh kosong."),
        ({"judul": "x" * 201}, "paling banyak 200 karakter"),
        ({"isi": "x" * 5001}, "paling banyak 5000 karakter"),
        ({"mulai": "kemarin"}, "Masukkan tanggal yang valid."),
        ({"selesai": (TODAY() - dt.timedelta(days=1)).isoformat(),
          "mulai": (TODAY() - dt.timedelta(days=3)).isoformat()}, "Hari terakhir sudah lewat."),
        ({"selesai": TODAY().isoformat(),
          "mulai": (TODAY() + dt.timedelta(days=3)).isoformat()},
         "Tanggal selesai tidak boleh sebelum tanggal mulai."),
        ({"unit": opd_b.pk}, "Masukkan pilihan yang valid"),  # another OPD: not offered
        ({"peran": "semua orang"}, "Masukkan pilihan yang valid"),
    ]
    for data, message in cases:
        response = _send(client, opd_a, **data)
        assert response.status_code == 400, data
        assert message in response.content.decode(), (data, message)
    assert not Pengumuman.objects.exists()


def test_text_is_shown_escaped(instansi, pegawai, admin_bkd, login):
    _send(login(admin_bkd), instansi, judul="<b>Penting</b>",
          isi='<script>alert("x")</script>\nBaris dua')
    home = _home(login(pegawai))
    assert "<script>alert" not in home and "&lt;script&gt;" in home
    assert "&lt;b&gt;Penting&lt;/b&gt;" in home and "<br>Baris dua" in home


def test_access(instansi, opd_a, opd_b, pegawai, pegawai_lain, admin_opd, admin_bkd, login):
    assert Client().get("/pengumuman/").status_code == 302
    assert login(pegawai).get("/pengumuman/").status_code == 403
    assert login(pegawai).get("/pengumuman/baru/").status_code == 403
    assert _send(login(pegawai), opd_a).status_code == 403
    _send(login(admin_opd), opd_a, judul="Khusus OPD A")
    sent = Pengumuman.objects.get()
    other = login(pegawai_lain)  # not for them: as if it did not exist
    assert other.post(f"/pengumuman/{sent.pk}/baca/").status_code == 404
    assert other.post("/pengumuman/999999/baca/").status_code == 404
    assert other.get(f"/pengumuman/{sent.pk}/baca/").status_code == 405
    assert Client().post(f"/pengumuman/{sent.pk}/baca/").status_code == 302  # to login
    # BKD follows every announcement; another OPD's admin does not see this one.
    assert "Khusus OPD A" in login(admin_bkd).get("/pengumuman/").content.decode()
    other_admin = staff_of(opd_b, admin_scope=opd_b)
    assert "Khusus OPD A" not in login(other_admin).get("/pengumuman/").content.decode()


def test_the_home_page_reads_them_in_constant_queries(instansi, pegawai, admin_bkd, login):
    bkd, client = login(admin_bkd), login(pegawai)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/").status_code == 200
        return len(ctx.captured_queries)

    _send(bkd, instansi, judul="Satu")
    count()  # the session's first write
    one = count()
    for n in range(6):
        _send(bkd, instansi, judul=f"Lagi {n}")
    assert count() == one
    assert _home(client).count('action="/pengumuman/') == 5  # the newest five
