"""The atasan's validation queue: who sees what, anomalies, bulk approval that leaves the
anomalous out, reasons, undo within the period, inline evidence, pinned query counts."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from ekinerja.models import AuditLog, Pegawai
from kinerja.models import Aktivitas, BuktiDukung, UraianTugas
from kinerja.selectors import periode_of
from kinerja.services import periode_lock
from penilaian.services import aktivitas_undo
from tests.factories import head_of, staff_of

from ..kinerja.conftest import approve
from .helpers import done


@pytest.fixture
def day(tahun):
    """A working day of the current, open period: today or the first of the month."""
    return timezone.localdate()


def pending(pegawai, day, hour, minutes=60, **kwargs):
    return done(pegawai, None, day, hour, 1, minutes=minutes, status="diajukan", **kwargs)


def test_who_sees_the_queue(day, pegawai, atasan, pegawai_lain, login):
    mine = pending(pegawai, day, 8)
    assert Client().get("/validasi/").status_code == 302
    body = login(atasan).get("/validasi/").content.decode()
    assert f'id="aktivitas-{mine.pk}"' in body and "Pegawai Satu" in body
    for other in (pegawai, pegawai_lain):  # the owner and an outsider: an empty queue
        body = login(other).get("/validasi/").content.decode()
        assert f'id="aktivitas-{mine.pk}"' not in body and 'id="antrean-kosong"' in body


def test_grouped_by_day_and_person_oldest_first(day, pegawai, atasan, bidang_a1, login):
    other = staff_of(bidang_a1, nama="Ani Staf")
    earlier = day - dt.timedelta(days=1)
    a1 = pending(pegawai, day, 8)
    a2 = pending(other, earlier, 9)
    a3 = pending(pegawai, earlier, 10)
    body = login(atasan).get("/validasi/").content.decode()
    order = [body.index(f'id="aktivitas-{a.pk}"') for a in (a2, a3, a1)]
    assert order == sorted(order)  # yesterday: Ani, then Pegawai Satu; then today
    assert f'id="g-{earlier:%Y%m%d}-{other.pk}"' in body


def test_the_query_count_does_not_grow_with_the_team(day, atasan, bidang_a1, login,
                                                     django_assert_max_num_queries):
    client = login(atasan)

    def team_of(n):
        for i in range(n):
            person = staff_of(bidang_a1)
            pending(person, day, 8 + i % 8)

    team_of(5)
    client.get("/validasi/")  # warm the cached team
    with django_assert_max_num_queries(14) as few:
        client.get("/validasi/")
    team_of(45)
    from django.core.cache import cache

    cache.clear()
    client.get("/validasi/")
    with django_assert_max_num_queries(14) as many:
        assert client.get("/validasi/").content.decode().count('class="list-group-item') >= 50
    assert len(many.captured_queries) == len(few.captured_queries)


def test_anomalies_are_marked_and_bulk_approval_leaves_them_out(day, pegawai, atasan, login,
                                                               skp_pegawai):
    approve(skp_pegawai)
    iki = skp_pegawai.rhk.first().iki.first()
    type(iki).objects.filter(pk=iki.pk).update(wajib_bukti=True)
    tugas = UraianTugas.objects.create(jabatan=pegawai.jabatan, uraian="Mengetik surat",
                                       satuan_output="surat", menit_standar=15)
    fine = pending(pegawai, day, 7)
    far = pending(pegawai, day, 8, minutes=120, uraian_tugas=tugas)  # 120 against 15
    no_evidence = done(pegawai, iki, day, 11, 1, status="diajukan")
    client = login(atasan)
    body = client.get("/validasi/").content.decode()
    assert body.count('class="small text-danger anomali"') == 2
    assert "120 menit" in body and "bukti" in body
    response = client.post("/validasi/setujui/", {"aktivitas": [fine.pk, far.pk,
                                                               no_evidence.pk]})
    assert response.status_code == 302
    statuses = dict(Aktivitas.objects.values_list("pk", "status"))
    assert (statuses[fine.pk], statuses[far.pk], statuses[no_evidence.pk]) == (
        "disetujui", "diajukan", "diajukan")
    shown = [str(m) for m in response.wsgi_request._messages]
    assert any("1 aktivitas disetujui" in m for m in shown)
    assert sum("Dilewati" in m for m in shown) == 2


def test_a_long_day_is_an_anomaly(day, pegawai, atasan, login, settings):
    settings.ANOMALI_MENIT_HARI = 240
    a = pending(pegawai, day, 7, minutes=180)
    b = pending(pegawai, day, 11, minutes=90)
    body = login(atasan).get("/validasi/").content.decode()
    assert body.count("hari yang panjang: 270 menit") == 2
    login(atasan).post("/validasi/setujui/", {"aktivitas": [a.pk, b.pk]})
    assert not Aktivitas.objects.filter(status="disetujui").exists()


def test_bulk_approval_only_touches_the_team(day, pegawai, atasan, pegawai_lain, login):
    outsider = pending(pegawai_lain, day, 8)
    response = login(atasan).post("/validasi/setujui/", {"aktivitas": [outsider.pk, "x"]})
    assert response.status_code == 302
    assert Aktivitas.objects.get(pk=outsider.pk).status == "diajukan"


def test_decisions_through_the_page(day, pegawai, atasan, login):
    a, b, c = (pending(pegawai, day, h) for h in (7, 9, 11))
    client = login(atasan)
    # approving with a changed output needs a note
    client.post(f"/validasi/{a.pk}/setujui/", {"output": "2,5", "catatan": ""})
    assert Aktivitas.objects.get(pk=a.pk).status == "diajukan"
    client.post(f"/validasi/{a.pk}/setujui/", {"output": "2,5", "catatan": "dua setengah"})
    assert Aktivitas.objects.get(pk=a.pk).output == D("2.5")
    # a reason from the list, with or without a note; "another" needs the note
    response = client.post(f"/validasi/{b.pk}/tolak/", {"alasan": "lain", "catatan": " "})
    assert "Tuliskan alasannya" in " ".join(str(m) for m in response.wsgi_request._messages)
    assert Aktivitas.objects.get(pk=b.pk).status == "diajukan"
    client.post(f"/validasi/{b.pk}/tolak/", {"alasan": "ganda", "catatan": "sama dgn 07.00"})
    b.refresh_from_db()
    assert b.status == "ditolak" and b.catatan_validasi.endswith(": sama dgn 07.00")
    assert b.divalidasi_oleh == atasan
    client.post(f"/validasi/{c.pk}/tolak/", {"alasan": "tidak-ada", "catatan": "x"})
    client.post(f"/validasi/{c.pk}/kembalikan/", {"catatan": ""})
    assert Aktivitas.objects.get(pk=c.pk).status == "diajukan"
    client.post(f"/validasi/{c.pk}/kembalikan/", {"catatan": "Lampirkan notulen"})
    assert Aktivitas.objects.get(pk=c.pk).status == "dikembalikan"
    # a second click on a decided activity: a clear message, no second transition
    response = client.post(f"/validasi/{b.pk}/setujui/", {"output": "1"})
    assert "sudah ditangani" in " ".join(str(m) for m in response.wsgi_request._messages)
    assert Aktivitas.objects.get(pk=b.pk).status == "ditolak"


def test_outsiders_and_owners_get_404(day, pegawai, atasan, pegawai_lain, admin_bkd, login):
    a = pending(pegawai, day, 8)
    for user in (pegawai, pegawai_lain, admin_bkd):
        client = login(user)
        for action in ("setujui", "tolak", "kembalikan", "batal"):
            assert client.post(f"/validasi/{a.pk}/{action}/",
                               {"alasan": "x", "catatan": "x"}).status_code == 404
    assert Client().post(f"/validasi/{a.pk}/setujui/").status_code == 302  # to login
    assert Aktivitas.objects.get(pk=a.pk).status == "diajukan"


def test_admin_bkd_validates_the_head_of_an_opd(day, kepala_a, atasan, admin_bkd, login):
    a = pending(kepala_a, day, 8)
    body = login(admin_bkd).get("/validasi/").content.decode()
    assert f'id="aktivitas-{a.pk}"' in body
    login(admin_bkd).post(f"/validasi/{a.pk}/setujui/", {"output": "1"})
    assert Aktivitas.objects.get(pk=a.pk).status == "disetujui"
    assert login(atasan).post(f"/validasi/{a.pk}/batal/", {"alasan": "x"}).status_code == 404


def test_undo_by_the_same_validator_until_the_cutoff(day, pegawai, atasan, admin_bkd, login):
    a = pending(pegawai, day, 8)
    client = login(atasan)
    client.post(f"/validasi/{a.pk}/setujui/", {"output": "1"})
    assert f"/validasi/{a.pk}/batal/" in client.get("/validasi/").content.decode()
    client.post(f"/validasi/{a.pk}/batal/", {"alasan": ""})
    assert Aktivitas.objects.get(pk=a.pk).status == "disetujui"
    client.post(f"/validasi/{a.pk}/batal/", {"alasan": "Salah klik"})
    a.refresh_from_db()
    assert (a.status, a.divalidasi_oleh) == ("diajukan", None)
    log = AuditLog.objects.get(action="aktivitas.undo")
    assert log.after["alasan"] == "Salah klik" and log.before["status"] == "disetujui"
    # after the period closes, the validation stands
    client.post(f"/validasi/{a.pk}/setujui/", {"output": "1"})
    periode_lock(periode=periode_of(day), actor=admin_bkd)
    response = client.post(f"/validasi/{a.pk}/batal/", {"alasan": "Terlambat"})
    assert "Batas waktu periode sudah lewat" in " ".join(
        str(m) for m in response.wsgi_request._messages)
    assert Aktivitas.objects.get(pk=a.pk).status == "disetujui"


def test_a_former_atasan_cannot_undo_after_the_person_moved(day, pegawai, atasan, bidang_b1,
                                                           login):
    a = pending(pegawai, day, 8)
    client = login(atasan)
    client.post(f"/validasi/{a.pk}/setujui/", {"output": "1"})
    Pegawai.objects.filter(pk=pegawai.pk).update(unit=bidang_b1)  # moved to another head
    cache.clear()  # the cached teams (a minute at most in real use)
    new_atasan = head_of(bidang_b1)
    assert f"/validasi/{a.pk}/batal/" not in client.get("/validasi/").content.decode()
    assert client.post(f"/validasi/{a.pk}/batal/", {"alasan": "Salah klik"}).status_code == 404
    assert Aktivitas.objects.get(pk=a.pk).status == "disetujui"
    with pytest.raises(ValidationError, match="tidak lagi memvalidasi"):
        aktivitas_undo(aktivitas=Aktivitas.objects.get(pk=a.pk), actor=atasan, alasan="x")
    assert new_atasan.pk != atasan.pk


def test_the_page_tells_about_new_submissions(day, pegawai, atasan, login):
    first = pending(pegawai, day, 8)
    client = login(atasan)
    assert client.get(f"/validasi/baru/?sejak={first.pk}").content == b""
    pending(pegawai, day, 10)
    body = client.get(f"/validasi/baru/?sejak={first.pk}").content.decode()
    assert "1 aktivitas baru" in body
    assert client.get("/validasi/baru/?sejak=abc").status_code == 200


def test_evidence_can_be_viewed_inline(day, pegawai, atasan, pegawai_lain, login):
    a = pending(pegawai, day, 8)
    pdf = BuktiDukung.objects.create(aktivitas=a, nama_berkas="notulen.pdf",
                                     jenis_berkas="pdf", ukuran=20,
                                     berkas=SimpleUploadedFile("x", b"%PDF-1.4 test"))
    docx = BuktiDukung.objects.create(aktivitas=a, nama_berkas="surat.docx",
                                      jenis_berkas="docx", ukuran=20,
                                      berkas=SimpleUploadedFile("y", b"PK\x03\x04 test"))
    client = login(atasan)
    assert f"/bukti/{pdf.pk}/lihat/" in client.get("/validasi/").content.decode()
    response = client.get(f"/bukti/{pdf.pk}/lihat/")
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Type"] == "application/pdf"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(f"/bukti/{docx.pk}/lihat/")["Content-Disposition"].startswith(
        "attachment")  # office files are never shown by the browser
    assert login(pegawai_lain).get(f"/bukti/{pdf.pk}/lihat/").status_code == 404


def test_an_activity_from_the_catalogue_remembers_it(day, pegawai, login, skp_pegawai):
    approve(skp_pegawai)
    tugas = UraianTugas.objects.create(jabatan=pegawai.jabatan, uraian="Mengetik surat",
                                       satuan_output="surat", menit_standar=30)
    client = login(pegawai)
    page = client.get(f"/aktivitas/hari/{day.isoformat()}/?tugas={tugas.pk}")
    assert f'name="uraian_tugas" value="{tugas.pk}"' in page.content.decode()
    client.post(f"/aktivitas/hari/{day.isoformat()}/", {
        "tanggal": day.isoformat(), "mulai": "13:00", "selesai": "13:30",
        "kategori": "tugas_tambahan", "uraian": "Mengetik surat", "output": "1",
        "uraian_tugas": tugas.pk})
    assert Aktivitas.objects.get(uraian="Mengetik surat").uraian_tugas == tugas


def test_two_supervisors_at_once_through_the_pages(transactional_db, day, pegawai, atasan,
                                                   pegawai_lain, login):
    """The atasan and a Plh standing in for them click at the same moment: one transition,
    and the other sees a clear message."""
    import threading

    from django.db import connection

    from ekinerja.models import PenugasanPlt

    PenugasanPlt.objects.create(pegawai=pegawai_lain, jabatan=atasan.jabatan, jenis="plh",
                                nomor_sk="800/2", mulai=day, selesai=day)
    a = pending(pegawai, day, 8)
    clients = [login(atasan), login(pegawai_lain)]
    barrier, shown = threading.Barrier(2), []

    def click(client, path, data):
        try:
            barrier.wait(5)
            response = client.post(path, data)
            shown.append(" ".join(str(m) for m in response.wsgi_request._messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=click, args=(clients[0], f"/validasi/{a.pk}/setujui/",
                                                    {"output": "1"})),
               threading.Thread(target=click, args=(clients[1], f"/validasi/{a.pk}/tolak/",
                                                    {"alasan": "ganda"}))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert Aktivitas.objects.get(pk=a.pk).status in ("disetujui", "ditolak")
    assert AuditLog.objects.filter(action__in=["aktivitas.approve", "aktivitas.reject"]
                                   ).count() == 1
    assert sum("sudah ditangani" in text for text in shown) == 1, shown
