"""Notifications: made once per event, in the centre and by e-mail as each person chooses,
sent by a worker exactly once even when SMTP fails for a while; the atasan's daily digest;
the centre's pages and their access."""

import datetime as dt
import threading
from smtplib import SMTPServerDisconnected

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import Client
from django.utils import timezone

from ekinerja.models import Notifikasi, Pegawai
from ekinerja.notifikasi import email_kirim, notifikasi_kirim, preferensi_save
from ekinerja.selectors import atasan_for, atasan_map
from ekinerja.tasks import notifikasi_email
from kinerja.selectors import periode_of
from penilaian import services

from ..factories import staff_of
from ..kinerja.conftest import tahun  # noqa: F401

FAILURES = {"left": 0}


class FlakySMTP(EmailBackend):
    """The mail server drops the connection the first few times, then accepts."""

    def send_messages(self, messages):
        if FAILURES["left"]:
            FAILURES["left"] -= 1
            raise SMTPServerDisconnected("connection dropped")
        return super().send_messages(messages)


def _with_email(person, address="orang@jambiprov.go.id"):
    Pegawai.objects.filter(pk=person.pk).update(email=address)
    person.refresh_from_db()
    return person


def _notify(person, kunci="1", jenis="aktivitas_ditolak"):
    return notifikasi_kirim(penerima=person, jenis=jenis, kunci=kunci, judul="Aktivitas ditolak",
                            pesan="Bukti tidak sesuai", tautan="/aktivitas/")


def test_one_event_one_notification_and_one_email(pegawai, django_capture_on_commit_callbacks):
    _with_email(pegawai)
    with django_capture_on_commit_callbacks() as queued:
        first = _notify(pegawai)
        assert _notify(pegawai) is None  # the same event again: nothing new
    assert Notifikasi.objects.count() == 1 and first.jenis == "aktivitas_ditolak"
    assert len(queued) == 1
    assert email_kirim(first.pk) is True
    assert email_kirim(first.pk) is False  # a redelivered task does not send it again
    assert len(mail.outbox) == 1 and "Bukti tidak sesuai" in mail.outbox[0].body
    assert mail.outbox[0].to == ["orang@jambiprov.go.id"]
    assert Notifikasi.objects.get().email == "terkirim"


def test_the_person_chooses_what_comes_by_email(pegawai, login):
    _with_email(pegawai)
    client = login(pegawai)
    body = client.get("/notifikasi/pengaturan/").content.decode()
    assert 'value="aktivitas_ditolak" id="email-aktivitas_ditolak" checked' in body
    client.post("/notifikasi/pengaturan/", {"email": ["skp_disetujui", "bukan_jenis"]})
    _notify(pegawai)
    _notify(pegawai, jenis="skp_disetujui")
    assert dict(Notifikasi.objects.values_list("jenis", "email")) == {
        "aktivitas_ditolak": "tidak", "skp_disetujui": "antre"}
    preferensi_save(pegawai=pegawai, email_jenis=set())
    # Without an address nothing is queued, whatever the choice.
    assert _notify(staff_of(pegawai.unit), kunci="2").email == "tidak"


@pytest.mark.django_db(transaction=True)
def test_a_flaky_mail_server_is_retried_and_sends_once(celery_worker, pegawai, settings):
    settings.EMAIL_BACKEND = "tests.ekinerja.test_notifikasi.FlakySMTP"
    settings.NOTIFIKASI_RETRY_DETIK = 0
    FAILURES["left"] = 2
    mail.outbox = []
    _with_email(pegawai)
    n = _notify(pegawai)  # committed at once: queued to the real worker
    for _ in range(150):
        n.refresh_from_db()
        if n.email == "terkirim":
            break
        threading.Event().wait(0.1)
    assert n.email == "terkirim" and FAILURES["left"] == 0
    notifikasi_email.delay(n.pk).get(timeout=10)  # asked again: not sent again
    assert len(mail.outbox) == 1


def test_a_mail_server_down_for_good_marks_the_email_failed(pegawai, settings):
    settings.EMAIL_BACKEND = "tests.ekinerja.test_notifikasi.FlakySMTP"
    FAILURES["left"] = 100
    _with_email(pegawai)
    n = _notify(pegawai)
    Notifikasi.objects.filter(pk=n.pk).update(email="antre")
    result = notifikasi_email.apply(args=[n.pk], retries=notifikasi_email.max_retries)
    assert result.get() is False
    n.refresh_from_db()
    assert n.email == "gagal" and Notifikasi.objects.filter(pk=n.pk).exists()
    FAILURES["left"] = 0


def test_the_atasan_gets_one_daily_digest(pegawai, atasan, tahun):  # noqa: F811
    from ..penilaian.helpers import done

    today = timezone.localdate()
    other = staff_of(pegawai.unit)
    for person, hour in ((pegawai, 8), (pegawai, 9), (other, 8)):
        done(person, None, today, hour, 1, status="diajukan", diajukan_pada=timezone.now())
    done(pegawai, None, today, 13, 1, status="disetujui", diajukan_pada=timezone.now())
    assert services.notifikasi_menunggu() == 1
    assert services.notifikasi_menunggu() == 0  # the beat fired twice: still one
    digest = Notifikasi.objects.get(jenis="aktivitas_menunggu")
    assert digest.penerima == atasan and digest.judul.startswith("3 ")
    # A cut-off three days away reminds the same validator once for the period.
    periode = periode_of(today)
    made = services.notifikasi_batas_validasi(today=periode.cutoff - dt.timedelta(days=2))
    assert made == 1 and services.notifikasi_batas_validasi(
        today=periode.cutoff - dt.timedelta(days=1)) == 0


def test_atasan_map_follows_atasan_for(pegawai, atasan, kepala_a, pegawai_lain, admin_bkd,
                                       admin_opd, django_assert_max_num_queries):
    people = [pegawai, atasan, kepala_a, pegawai_lain, admin_bkd, admin_opd]
    with django_assert_max_num_queries(3):
        mapped = atasan_map([p.pk for p in people])
    for person in people:
        expected = atasan_for(person)
        assert mapped[person.pk] == (expected.pk if expected else None), person


def test_the_centre(pegawai, pegawai_lain, login):
    mine = _notify(pegawai)
    theirs = _notify(pegawai_lain)
    evil = notifikasi_kirim(penerima=pegawai, jenis="skp_disetujui", kunci="x", judul="x",
                            tautan="//evil.example/phish")
    client = login(pegawai)
    body = client.get("/notifikasi/").content.decode()
    assert "Bukti tidak sesuai" in body
    assert ">2<" in client.get("/notifikasi/jumlah/").content.decode()  # two unread
    assert client.get(f"/notifikasi/{theirs.pk}/").status_code == 404
    response = client.get(f"/notifikasi/{mine.pk}/")
    assert response.status_code == 302 and response["Location"] == "/aktivitas/"
    assert Notifikasi.objects.get(pk=mine.pk).dibaca is not None
    assert client.get(f"/notifikasi/{evil.pk}/")["Location"] == "/notifikasi/"
    client.post("/notifikasi/baca-semua/")
    assert client.get("/notifikasi/jumlah/").content.decode() == ""
    assert Notifikasi.objects.get(pk=theirs.pk).dibaca is None
    for url in ("/notifikasi/", "/notifikasi/pengaturan/", f"/notifikasi/{mine.pk}/"):
        assert Client().get(url).status_code == 302


def test_employees_are_reminded_of_an_incomplete_period_before_the_cut_off(
        pegawai, atasan, pegawai_lain, tahun, django_capture_on_commit_callbacks,  # noqa: F811
        django_assert_max_num_queries):
    from ekinerja import kalender

    from ..penilaian.helpers import done

    periode = periode_of(timezone.localdate())
    today = periode.cutoff - dt.timedelta(days=2)  # after the period's end
    working = kalender.working_days(periode.mulai.year, periode.mulai.month,
                                    pegawai.unit.hari_kerja)
    for day in working:  # the atasan's month is in order: nothing to say to them
        done(atasan, None, day, 8, 1)
    done(pegawai, None, working[0], 8, 1)
    done(pegawai, None, working[1], 8, 1, status="ditolak")  # a rejected day is not reported
    done(pegawai, None, working[2], 8, 1, status="draft")
    done(pegawai, None, working[2], 10, 1, status="dikembalikan")
    done(pegawai, None, working[3], 8, 1, status="diajukan")
    gone = staff_of(pegawai.unit)
    Pegawai.objects.filter(pk=gone.pk).update(aktif=False)
    _with_email(pegawai)
    _with_email(pegawai_lain, "lain@jambiprov.go.id")
    preferensi_save(pegawai=pegawai_lain, email_jenis=[])  # the centre only, no e-mail

    assert services.notifikasi_batas_lapor(today=periode.cutoff - dt.timedelta(days=4)) == 0
    with django_capture_on_commit_callbacks() as queued, django_assert_max_num_queries(12):
        made = services.notifikasi_batas_lapor(today=today)
    rows = {n.penerima_id: n for n in Notifikasi.objects.filter(jenis="batas_lapor")}
    assert made == len(rows) and set(rows) >= {pegawai.pk, pegawai_lain.pk}
    assert atasan.pk not in rows and gone.pk not in rows
    mine = rows[pegawai.pk]
    assert f"{periode.cutoff:%d-%m-%Y}" in mine.judul
    # Reported (submitted or approved) on working[0] and [3]; the rejected day, the day of
    # a draft and a returned activity (counted below as not yet submitted) and the rest
    # are days without a report.
    assert f"{len(working) - 2} hari kerja tanpa laporan" in mine.pesan
    assert "2 aktivitas masih draf atau dikembalikan" in mine.pesan
    assert "1 aktivitas belum divalidasi atasan" in mine.pesan
    assert f"{len(working)} hari kerja tanpa laporan" in rows[pegawai_lain.pk].pesan
    assert mine.tautan == f"/aktivitas/bulan/{periode.mulai.year}/{periode.mulai.month}/"
    assert (mine.email, rows[pegawai_lain.pk].email) == ("antre", "tidak")
    assert len(queued) == 1  # one e-mail, for the one who wants it
    assert services.notifikasi_batas_lapor(today=today + dt.timedelta(days=1)) == 0  # once
