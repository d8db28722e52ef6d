"""Daily activities: every rule, evidence uploads, access, and the pages' query counts."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from ekinerja.models import AuditLog, HariLibur, Pegawai
from kinerja import services
from kinerja.models import Aktivitas, BuktiDukung, Iki, Periode, UraianTugas

from . import files
from .conftest import approve, make_year

T = dt.time


@pytest.fixture
def iki(skp_pegawai):
    approve(skp_pegawai)
    return Iki.objects.get(rhk__skp=skp_pegawai)


def _new(pegawai, iki=None, *, day=None, start=(8, 0), end=(9, 0), **kw):
    data = {"pegawai": pegawai, "tanggal": day or timezone.localdate(), "mulai": T(*start),
            "selesai": T(*end), "uraian": "Menyusun laporan", "iki": iki,
            "kategori": "iki" if iki else "tugas_tambahan", **kw}
    return Aktivitas(**data)


def _save(a):
    return services.aktivitas_save(aktivitas=a, actor=a.pegawai)


def _msg(exc):
    return " ".join(exc.value.messages)


@pytest.mark.kalender
def test_an_activity_is_saved_as_a_draft_with_its_minutes(iki, pegawai, hari_lapor):
    a = _save(_new(pegawai, iki, day=hari_lapor, start=(7, 30), end=(9, 15)))
    assert (a.status, a.menit) == ("draft", 105)
    assert AuditLog.objects.filter(action="aktivitas.create", target_id=str(a.pk)).exists()


def test_a_special_category_needs_no_iki(tahun, pegawai):
    a = _save(_new(pegawai, None, kategori="instruksi_khusus"))
    assert a.iki is None


@pytest.mark.parametrize("change, fragment", [
    ({"day": "tomorrow"}, "masa depan"),
    ({"start": (10, 0), "end": (9, 0)}, "setelah"),
    ({"start": (10, 0), "end": (10, 0)}, "setelah"),
])
def test_bad_times_are_refused(iki, pegawai, change, fragment):
    if change.get("day") == "tomorrow":
        change = {"day": timezone.localdate() + dt.timedelta(days=1)}
    with pytest.raises(ValidationError) as exc:
        _save(_new(pegawai, iki, **change))
    assert fragment in _msg(exc)
    assert not Aktivitas.objects.exists()


def test_no_activity_before_joining_or_after_leaving(iki, pegawai):
    today = timezone.localdate()
    Pegawai.objects.filter(pk=pegawai.pk).update(tanggal_mulai=today)
    pegawai.refresh_from_db()
    with pytest.raises(ValidationError):
        _save(_new(pegawai, iki, day=today - dt.timedelta(days=1)))
    Pegawai.objects.filter(pk=pegawai.pk).update(tanggal_mulai=None,
                                                 tanggal_selesai=today - dt.timedelta(days=1))
    pegawai.refresh_from_db()
    with pytest.raises(ValidationError):
        _save(_new(pegawai, iki))
    assert not Aktivitas.objects.exists()


def test_overlap_is_refused_with_the_other_activity_named(iki, pegawai):
    _save(_new(pegawai, iki, start=(8, 0), end=(10, 0)))
    with pytest.raises(ValidationError) as exc:
        _save(_new(pegawai, iki, start=(9, 30), end=(11, 0)))
    assert "08:00-10:00" in _msg(exc)
    _save(_new(pegawai, iki, start=(10, 0), end=(11, 0)))  # touching is fine
    assert Aktivitas.objects.count() == 2


def test_a_rejected_activity_frees_its_time(iki, pegawai):
    a = _save(_new(pegawai, iki))
    Aktivitas.objects.filter(pk=a.pk).update(status="ditolak")
    _save(_new(pegawai, iki))
    assert Aktivitas.objects.count() == 2


def test_the_database_refuses_an_overlap_even_behind_the_service(iki, pegawai):
    a = _save(_new(pegawai, iki))
    with pytest.raises(IntegrityError), transaction.atomic():
        Aktivitas.objects.create(pegawai=pegawai, tanggal=a.tanggal, mulai=T(8, 30),
                                 selesai=T(9, 30), menit=60, uraian="x", kategori="iki",
                                 iki=iki)


def test_a_day_above_the_cap_is_refused(iki, pegawai, settings):
    settings.MAKS_MENIT_HARI = 120
    _save(_new(pegawai, iki, start=(7, 0), end=(8, 30)))
    with pytest.raises(ValidationError) as exc:
        _save(_new(pegawai, iki, start=(9, 0), end=(10, 0)))
    assert "150" in _msg(exc) and "120" in _msg(exc)


def test_a_day_above_normal_minutes_is_allowed_and_flagged(iki, pegawai, login, settings):
    settings.MENIT_KERJA_HARI = 60
    _save(_new(pegawai, iki, start=(7, 0), end=(8, 30)))
    body = login(pegawai).get("/aktivitas/").content.decode()
    assert "lebih dari hari kerja normal" in body


def test_a_closed_month_is_refused(iki, pegawai, admin_bkd):
    old = timezone.localdate() - dt.timedelta(days=70)
    if old.year != iki.rhk.skp.tahun.tahun:
        make_year(old.year, admin_bkd)
    with pytest.raises(ValidationError) as exc:
        _save(_new(pegawai, None, day=old))
    assert "ditutup" in _msg(exc)


def test_a_locked_period_is_refused(iki, pegawai, admin_bkd):
    today = timezone.localdate()
    periode = Periode.objects.get(tahun__tahun=today.year, mulai__lte=today,
                                  selesai__gte=today)
    services.periode_lock(periode=periode, actor=admin_bkd)
    with pytest.raises(ValidationError) as exc:
        _save(_new(pegawai, iki))
    assert "dikunci" in _msg(exc)


def test_the_iki_must_be_of_my_approved_skp(skp_pegawai, pegawai, skp_atasan):
    own_draft_iki = Iki.objects.get(rhk__skp=skp_pegawai)  # SKP not approved yet
    with pytest.raises(ValidationError):
        _save(_new(pegawai, own_draft_iki))
    with pytest.raises(ValidationError):
        _save(_new(pegawai, Iki.objects.get(rhk__skp=skp_atasan)))
    assert not Aktivitas.objects.exists()


def test_evidence_required_blocks_submission_until_attached(iki, pegawai):
    Iki.objects.filter(pk=iki.pk).update(wajib_bukti=True)
    a = _save(_new(pegawai, Iki.objects.get(pk=iki.pk)))
    with pytest.raises(ValidationError) as exc:
        services.aktivitas_submit(items=[a], actor=pegawai)
    assert "bukti" in _msg(exc).lower()
    services.bukti_add(aktivitas=a, actor=pegawai, tautan="https://drive.example/laporan")
    services.aktivitas_submit(items=[Aktivitas.objects.get(pk=a.pk)], actor=pegawai)
    assert Aktivitas.objects.get(pk=a.pk).status == "diajukan"


def test_submitted_is_locked_until_returned_and_only_drafts_are_deleted(iki, pegawai):
    a = _save(_new(pegawai, iki))
    services.aktivitas_submit(items=[a], actor=pegawai)
    a.refresh_from_db()
    a.uraian = "Diubah"
    with pytest.raises(ValidationError):
        _save(a)
    with pytest.raises(ValidationError):
        services.aktivitas_delete(aktivitas=a, actor=pegawai)
    with pytest.raises(ValidationError):
        services.aktivitas_submit(items=[a], actor=pegawai)
    Aktivitas.objects.filter(pk=a.pk).update(status="dikembalikan")
    a.refresh_from_db()
    a.uraian = "Diperbaiki"
    _save(a)
    with pytest.raises(ValidationError):
        services.aktivitas_delete(aktivitas=a, actor=pegawai)
    assert Aktivitas.objects.get(pk=a.pk).uraian == "Diperbaiki"


def test_nobody_records_or_submits_for_someone_else(iki, pegawai, atasan):
    with pytest.raises(ValidationError):
        services.aktivitas_save(aktivitas=_new(pegawai, iki), actor=atasan)
    a = _save(_new(pegawai, iki))
    with pytest.raises(ValidationError):
        services.aktivitas_submit(items=[a], actor=atasan)
    with pytest.raises(ValidationError):
        services.aktivitas_delete(aktivitas=a, actor=atasan)


def test_submit_the_whole_day_and_copy_it(iki, pegawai, login):
    yesterday = timezone.localdate() - dt.timedelta(days=1)  # the clock is mid-month
    for start in (8, 10):
        _save(_new(pegawai, iki, day=yesterday, start=(start, 0), end=(start + 1, 0)))
    client = login(pegawai)
    client.post(f"/aktivitas/hari/{yesterday.isoformat()}/ajukan/")
    assert set(Aktivitas.objects.values_list("status", flat=True)) == {"diajukan"}
    today = timezone.localdate()
    _save(_new(pegawai, iki, start=(8, 0), end=(9, 0)))  # copy skips what would overlap
    client.post(f"/aktivitas/hari/{today.isoformat()}/salin/")
    copied = Aktivitas.objects.filter(tanggal=today).order_by("mulai")
    assert [(a.mulai.hour, a.status) for a in copied] == [(8, "draft"), (10, "draft")]


def test_the_catalogue_prefills_the_form(iki, pegawai, login, indikator):
    tugas = UraianTugas.objects.create(jabatan=pegawai.jabatan, uraian="Mengarsipkan surat",
                                       satuan_output="surat", menit_standar=45)
    form = login(pegawai).get(f"/aktivitas/?tugas={tugas.pk}").context["form"]
    assert form.initial["uraian"] == "Mengarsipkan surat"
    assert form.initial["selesai"] == T(8, 15)  # starts 07:30 on an empty day


def test_the_form_keeps_the_last_used_iki(iki, pegawai, login):
    _save(_new(pegawai, iki))
    assert login(pegawai).get("/aktivitas/").context["form"].initial["iki"] == iki.pk


# --- evidence -----------------------------------------------------------------------------

@pytest.mark.parametrize("name, content", [
    ("laporan.pdf", files.pdf()), ("foto.jpg", files.jpeg()), ("foto.jpeg", files.jpeg()),
    ("grafik.png", files.png()), ("notulen.docx", files.docx()), ("rekap.xlsx", files.xlsx()),
])
def test_real_files_of_each_allowed_type_are_accepted(iki, pegawai, name, content, settings,
                                                      tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a = _save(_new(pegawai, iki))
    bukti = services.bukti_add(aktivitas=a, actor=pegawai,
                               upload=SimpleUploadedFile(name, content))
    assert bukti.nama_berkas == name and bukti.ukuran == len(content)
    assert str(tmp_path) in bukti.berkas.path and name not in bukti.berkas.name
    assert not str(bukti.berkas.path).startswith(str(settings.STATIC_ROOT))


@pytest.mark.parametrize("name, content, fragment", [
    ("virus.pdf", files.exe(), "bukan berkas .pdf"),
    ("kosong.pdf", b"", "kosong"),
    ("skrip.exe", files.exe(), "tidak diterima"),
    ("foto.png", files.jpeg(), "bukan berkas .png"),
    ("tanpa-ekstensi", files.pdf(), "tidak diterima"),
    ("palsu.docx", files.xlsx(), "bukan berkas .docx"),
])
def test_bad_uploads_are_refused(iki, pegawai, name, content, fragment, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a = _save(_new(pegawai, iki))
    with pytest.raises(ValidationError) as exc:
        services.bukti_add(aktivitas=a, actor=pegawai, upload=SimpleUploadedFile(name, content))
    assert fragment in _msg(exc)
    assert not BuktiDukung.objects.exists() and not any(tmp_path.rglob("*.*"))


def test_an_oversized_file_is_refused(iki, pegawai, settings, tmp_path):
    settings.MEDIA_ROOT, settings.BUKTI_MAX_BYTES = tmp_path, 1024
    a = _save(_new(pegawai, iki))
    with pytest.raises(ValidationError) as exc:
        services.bukti_add(aktivitas=a, actor=pegawai,
                           upload=SimpleUploadedFile("besar.pdf", files.pdf() + b"0" * 2000))
    assert "melebihi" in _msg(exc)


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\boot.pdf", "/tmp/x.pdf"])
def test_path_separators_in_the_name_go_nowhere(iki, pegawai, name, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    a = _save(_new(pegawai, iki))
    bukti = services.bukti_add(aktivitas=a, actor=pegawai,
                               upload=SimpleUploadedFile(name, files.pdf()))
    assert "/" not in bukti.nama_berkas and "\\" not in bukti.nama_berkas
    assert bukti.berkas.path.startswith(str(tmp_path))


def test_evidence_download_access(iki, pegawai, atasan, admin_opd, pegawai_lain, bidang_b1,
                                  login, settings, tmp_path):
    from ..factories import head_of

    settings.MEDIA_ROOT = tmp_path
    other_atasan = head_of(bidang_b1)
    a = _save(_new(pegawai, iki))
    bukti = services.bukti_add(aktivitas=a, actor=pegawai,
                               upload=SimpleUploadedFile("laporan.pdf", files.pdf()))
    url = f"/bukti/{bukti.pk}/"
    response = login(pegawai).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == files.pdf()
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert login(atasan).get(url).status_code == 200
    assert login(admin_opd).get(url).status_code == 200
    assert login(pegawai_lain).get(url).status_code == 404
    assert login(other_atasan).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert login(atasan).post(f"/bukti/{bukti.pk}/hapus/").status_code == 403
    assert BuktiDukung.objects.filter(pk=bukti.pk).exists()


def test_activity_pages_access(iki, pegawai, atasan, pegawai_lain, login):
    a = _save(_new(pegawai, iki))
    assert login(pegawai).get(f"/aktivitas/{a.pk}/").status_code == 200
    assert login(atasan).get(f"/aktivitas/{a.pk}/").status_code == 403
    assert login(pegawai_lain).get(f"/aktivitas/{a.pk}/").status_code == 404
    assert login(pegawai_lain).post(f"/aktivitas/{a.pk}/hapus/").status_code == 404
    assert login(atasan).post(f"/aktivitas/{a.pk}/ajukan/").status_code == 403
    assert Client().get("/aktivitas/").status_code == 302
    assert login(pegawai).get("/aktivitas/hari/bukan-tanggal/").status_code == 404
    assert login(pegawai).get("/aktivitas/bulan/2026/13/").status_code == 404
    assert Aktivitas.objects.get(pk=a.pk).status == "draft"


@pytest.mark.parametrize("data, field", [
    ({"mulai": "25:00"}, "mulai"),
    ({"uraian": ""}, "uraian"),
    ({"output": "-1"}, "output"),
    ({"iki": ""}, "iki"),
    ({"mulai": "10:00", "selesai": "09:00"}, "selesai"),
])
def test_bad_entry_form_input(iki, pegawai, login, data, field):
    today = timezone.localdate().isoformat()
    base = {"tanggal": today, "mulai": "08:00", "selesai": "09:00", "kategori": "iki",
            "iki": iki.pk, "uraian": "Rapat koordinasi", "output": "1"}
    response = login(pegawai).post(f"/aktivitas/hari/{today}/", {**base, **data})
    assert response.status_code == 400
    assert field in response.context["form"].errors, response.context["form"].errors
    assert not Aktivitas.objects.exists()


def test_the_day_and_month_pages_use_constant_queries(iki, pegawai, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(pegawai)
    today = timezone.localdate()

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    day, month = f"/aktivitas/hari/{today.isoformat()}/", "/aktivitas/bulan/"
    _save(_new(pegawai, iki, start=(6, 0), end=(6, 30)))
    count(day)  # steady state: the team cache is warm
    before = (count(day), count(month))
    for h in range(7, 15):
        a = _save(_new(pegawai, iki, start=(h, 0), end=(h, 50)))
        services.bukti_add(aktivitas=a, actor=pegawai, tautan=f"https://arsip.example/{h}")
    HariLibur.objects.create(tanggal=today.replace(day=1), nama="Libur", jenis="libur")
    assert (count(day), count(month)) == before


def test_month_view_counts_working_days_and_minutes(iki, pegawai, login, settings):
    today = timezone.localdate()
    _save(_new(pegawai, iki, start=(8, 0), end=(9, 30)))
    response = login(pegawai).get("/aktivitas/bulan/")
    ctx = response.context
    assert ctx["totals"]["draft"] == 90
    from ekinerja.kalender import working_days

    days = working_days(today.year, today.month, pegawai.unit.hari_kerja)
    assert ctx["target"] == len(days) * settings.MENIT_KERJA_HARI
    settings.TARGET_MENIT_BULANAN = 6750
    assert login(pegawai).get("/aktivitas/bulan/").context["target"] == 6750


def test_holidays_and_the_six_day_week_change_the_target(admin_bkd, bidang_a1, db):
    from ekinerja import kalender

    five = len(kalender.working_days(2026, 11, 5))
    six = len(kalender.working_days(2026, 11, 6))
    assert (five, six) == (21, 25)  # November 2026: 21 weekdays, 4 Saturdays
    HariLibur.objects.create(tanggal=dt.date(2026, 11, 2), nama="Contoh", jenis="cuti_bersama")
    assert len(kalender.working_days(2026, 11, 5)) == 20


def test_pending_badge_for_the_atasan_only(iki, pegawai, atasan, login,
                                           django_assert_max_num_queries):
    a = _save(_new(pegawai, iki))
    services.aktivitas_submit(items=[a], actor=pegawai)
    client = login(atasan)
    client.get("/aktivitas/menunggu/")  # warm the cache of the team
    with django_assert_max_num_queries(3):  # session, user, the COUNT
        body = client.get("/aktivitas/menunggu/").content.decode()
    assert 'id="badge-menunggu"' in body and ">1<" in body
    assert login(pegawai).get("/aktivitas/menunggu/").content == b""
    assert "no-cache" in client.get("/aktivitas/menunggu/")["Cache-Control"]


def test_the_badge_poll_does_not_keep_an_idle_session_alive(pegawai, login, jam):
    from django.contrib.sessions.models import Session

    client = login(pegawai)
    key = client.session.session_key
    jam.shift(61)
    soon = timezone.now() + dt.timedelta(minutes=1)
    Session.objects.filter(pk=key).update(expire_date=soon)
    client.get("/aktivitas/menunggu/")
    assert Session.objects.get(pk=key).expire_date == soon
    client.get("/")
    assert Session.objects.get(pk=key).expire_date > soon


def test_the_session_is_written_at_most_once_a_minute(pegawai, login, jam):
    from django.contrib.sessions.models import Session

    client = login(pegawai)
    key = client.session.session_key
    client.get("/notifikasi/")
    expiry = Session.objects.get(pk=key).expire_date
    jam.shift(30)
    client.get("/notifikasi/")  # within the minute: no write
    assert Session.objects.get(pk=key).expire_date == expiry
    jam.shift(31)
    client.get("/notifikasi/")
    assert Session.objects.get(pk=key).expire_date > expiry


def test_status_partials_are_the_owners_and_do_not_extend_the_session(iki, pegawai, login):
    from django.contrib.sessions.models import Session

    a = _save(_new(pegawai, iki))
    client = login(pegawai)
    key = client.session.session_key
    soon = timezone.now() + dt.timedelta(minutes=1)
    Session.objects.filter(pk=key).update(expire_date=soon)
    today = timezone.localdate()
    body = client.get(f"/aktivitas/hari/{today.isoformat()}/status/").content.decode()
    assert body.lstrip().startswith('<ol class="list-unstyled" id="linimasa"')
    assert a.uraian in body
    body = client.get(f"/aktivitas/bulan/{today.year}/{today.month}/status/").content.decode()
    assert 'id="kalender-bulan"' in body and "<html" not in body
    assert Session.objects.get(pk=key).expire_date == soon
    assert Client().get(f"/aktivitas/hari/{today.isoformat()}/status/").status_code == 302


@pytest.mark.saat(dt.datetime(2026, 10, 14, 16, 10, tzinfo=dt.timezone(dt.timedelta(hours=7))))
def test_work_later_today_is_refused(iki, pegawai, login):
    """At 16:10 WIB an activity of 17:00-18:00 today has not happened yet."""
    with pytest.raises(ValidationError) as exc:
        _save(_new(pegawai, iki, start=(17, 0), end=(18, 0)))
    assert "16:10" in _msg(exc) and "18:00" in _msg(exc)
    with pytest.raises(ValidationError):
        _save(_new(pegawai, iki, start=(16, 0), end=(16, 30)))  # ends later than now
    response = login(pegawai).post(f"/aktivitas/hari/{timezone.localdate().isoformat()}/", {
        "tanggal": timezone.localdate().isoformat(), "mulai": "17:00", "selesai": "18:00",
        "kategori": "iki", "iki": iki.pk, "uraian": "Rapat", "output": "1"})
    assert response.status_code == 400 and "selesai" in response.context["form"].errors
    assert not Aktivitas.objects.exists()
    assert _save(_new(pegawai, iki, start=(15, 0), end=(16, 10))).menit == 70  # up to now


def test_without_an_approved_skp_the_form_says_why_the_iki_list_is_empty(skp_pegawai, pegawai,
                                                                        login):
    body = login(pegawai).get("/aktivitas/").content.decode()
    assert 'id="tanpa-iki"' in body and "belum disetujui" in body and 'href="/skp/"' in body
    approve(skp_pegawai)
    assert 'id="tanpa-iki"' not in login(pegawai).get("/aktivitas/").content.decode()
