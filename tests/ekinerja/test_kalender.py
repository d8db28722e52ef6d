"""The holiday calendar is the Admin BKD's: every other role gets 403 on its writes."""

import datetime as dt

from django.urls import resolve

from ekinerja.models import AuditLog, HariLibur


def test_only_the_admin_bkd_deletes_a_holiday(pegawai, admin_opd, admin_bkd, login):
    hari = HariLibur.objects.create(tanggal=dt.date(2026, 12, 25), nama="Natal",
                                    jenis=HariLibur.Jenis.LIBUR_NASIONAL)
    url = f"/kelola/hari-libur/{hari.pk}/hapus/"
    for user in (pegawai, admin_opd):
        assert login(user).post(url).status_code == 403
    assert HariLibur.objects.filter(pk=hari.pk).exists()
    bkd = login(admin_bkd)
    assert bkd.post(f"/kelola/hari-libur/{hari.pk + 1000}/hapus/").status_code == 404
    assert bkd.post(url).status_code == 302
    assert not HariLibur.objects.filter(pk=hari.pk).exists()
    assert AuditLog.objects.filter(action="hari_libur.delete").exists()


def test_the_bkd_only_pages_use_the_shared_gate():
    """The calendar's delete and the audit chain are behind ekinerja.access.bkd_required."""
    for url in ("/kelola/hari-libur/1/hapus/", "/kelola/audit/rantai/"):
        assert getattr(resolve(url).func, "gerbang", None) == "bkd", url
