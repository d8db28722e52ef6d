"""Excel exports built by the worker, not in the request: the monthly recap and JP
compliance read back from the workbook; progress; scope and who downloads."""

import datetime as dt
import io
import time

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from ekinerja.ekspor import ekspor_jalankan
from ekinerja.models import AuditLog, Ekspor, Pegawai
from kinerja.selectors import periode_of
from penilaian import services
from penilaian.models import Skor

from .test_skor_service import _approved, iki  # noqa: F401


@pytest.fixture
def jalur_and_jp(pegawai):
    """The employee with 12 verified JP this year."""
    from pelatihan.jalur import jalur_pastikan
    from pelatihan.models import JalurBelajar

    from ..pelatihan.helpers import verified

    jalur_pastikan()
    today = timezone.localdate()
    verified(pegawai, {j.kode: j for j in JalurBelajar.objects.all()}, 12,
             min(dt.date(today.year, 1, 15), today))
    return pegawai


def _sheet(response):
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def _ask(client, **data):
    return client.post("/ekspor/", {"tahun": timezone.localdate().year, **data})


def test_the_monthly_recap_is_built_by_the_worker(celery_worker, iki, pegawai,  # noqa: F811
                                                  atasan, admin_bkd, opd_a, login):
    _approved(pegawai, atasan, iki, 8, 4)
    periode = periode_of(timezone.localdate())
    services.skor_hitung(periode=periode, pegawai_ids=[pegawai.pk])
    client = login(admin_bkd)
    response = _ask(client, jenis="rekap_bulanan", unit=opd_a.pk, nomor=periode.nomor)
    assert response.status_code == 302
    ekspor = Ekspor.objects.get()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and Ekspor.objects.get().status != "selesai":
        time.sleep(0.2)
    ekspor.refresh_from_db()
    assert (ekspor.status, ekspor.progres) == ("selesai", 100)
    assert "ekspor-unduh" in client.get(f"/ekspor/{ekspor.pk}/").content.decode()
    rows = _sheet(client.get(f"/ekspor/{ekspor.pk}/unduh/"))
    people = Pegawai.objects.filter(aktif=True, unit__path__startswith=opd_a.path).count()
    assert rows[0][:3] == ["NIP", "Nama", "Jenis"] and len(rows) == 1 + people
    mine = next(r for r in rows if r[0] == pegawai.nip)
    skor = Skor.objects.get(pegawai=pegawai, nomor=periode.nomor)
    assert mine[6] == skor.menit_disetujui == 60 and mine[9] == float(skor.skor_hasil)
    assert AuditLog.objects.filter(action="ekspor.minta").exists()


def test_jp_compliance_and_a_run_redelivered(jalur_and_jp, admin_opd, opd_a, login):
    pegawai = jalur_and_jp
    client = login(admin_opd)
    assert _ask(client, jenis="kepatuhan_jp", unit=opd_a.pk).status_code == 302
    ekspor = Ekspor.objects.get()
    assert ekspor.status == "antre"  # the request only queued it
    assert ekspor_jalankan(ekspor.pk) is True  # what the worker runs
    assert ekspor_jalankan(ekspor.pk) is False  # a redelivery does nothing
    rows = _sheet(client.get(f"/ekspor/{ekspor.pk}/unduh/"))
    mine = next(r for r in rows if r[0] == pegawai.nip)
    assert mine[4:] == [12, 0, 12, 20, 8]


def test_scope_and_who_downloads(jalur_and_jp, admin_opd, admin_bkd, opd_a, opd_b, pegawai,
                                 login):
    opd = login(admin_opd)
    refused = _ask(opd, jenis="kepatuhan_jp", unit=opd_b.pk)
    assert refused.status_code == 400 and not Ekspor.objects.exists()
    assert _ask(opd, jenis="rekap_bulanan", unit=opd_a.pk).status_code == 400  # no period
    assert _ask(opd, jenis="bukan_jenis", unit=opd_a.pk).status_code == 400
    _ask(opd, jenis="kepatuhan_jp", unit=opd_a.pk)
    ekspor = Ekspor.objects.get()
    ekspor_jalankan(ekspor.pk)
    bkd = login(admin_bkd)  # even the Admin BKD does not take someone else's file
    assert bkd.get(f"/ekspor/{ekspor.pk}/").status_code == 404
    assert bkd.get(f"/ekspor/{ekspor.pk}/unduh/").status_code == 404
    assert login(pegawai).get("/ekspor/").status_code == 403
    assert Client().get(f"/ekspor/{ekspor.pk}/unduh/").status_code == 302


def test_a_failed_build_says_so(admin_bkd, opd_a, login):
    client = login(admin_bkd)
    _ask(client, jenis="kurva_unit", unit=opd_a.pk, tahun=1999)  # no such year
    assert Ekspor.objects.count() == 0  # refused by the form (year range)
    Ekspor.objects.create(jenis="kurva_unit", unit=opd_a, parameter={"tahun": 2001},
                          diminta_oleh=admin_bkd)
    ekspor = Ekspor.objects.get()
    assert ekspor_jalankan(ekspor.pk) is False
    ekspor.refresh_from_db()
    assert ekspor.status == "gagal" and ekspor.pesan
    assert "gagal" in client.get(f"/ekspor/{ekspor.pk}/").content.decode().lower()
    assert client.get(f"/ekspor/{ekspor.pk}/unduh/").status_code == 404
