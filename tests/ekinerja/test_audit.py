import pytest
from django.db import DatabaseError, transaction
from django.test import Client

from ekinerja.audit import audit_record
from ekinerja.models import AuditLog


def test_the_audit_log_refuses_updates_and_deletes_in_the_database(pegawai, admin_bkd):
    entry = audit_record(actor=admin_bkd, action="uji.coba", target=pegawai)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditLog.objects.filter(pk=entry.pk).update(action="diubah")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditLog.objects.filter(pk=entry.pk).delete()
    assert AuditLog.objects.get(pk=entry.pk).action == "uji.coba"


def test_audit_page_access(pegawai, atasan, admin_bkd, admin_opd, login):
    assert Client().get("/kelola/audit/").status_code == 302
    assert login(pegawai).get("/kelola/audit/").status_code == 403
    assert login(atasan).get("/kelola/audit/").status_code == 403
    assert login(admin_bkd).get("/kelola/audit/").status_code == 200


def test_admin_opd_sees_only_actions_by_people_of_their_opd(pegawai, pegawai_lain, admin_opd,
                                                           admin_bkd, login):
    audit_record(actor=pegawai, action="uji.dalam", target=pegawai)
    audit_record(actor=pegawai_lain, action="uji.luar", target=pegawai_lain)
    body = login(admin_opd).get("/kelola/audit/").content.decode()
    assert "uji.dalam" in body and "uji.luar" not in body
    body = login(admin_bkd).get("/kelola/audit/").content.decode()
    assert "uji.dalam" in body and "uji.luar" in body


def test_audit_filters(pegawai, admin_bkd, login):
    audit_record(actor=pegawai, action="uji.satu", target=pegawai)
    audit_record(actor=admin_bkd, action="uji.dua", target=pegawai)
    client = login(admin_bkd)
    body = client.get("/kelola/audit/", {"action": "uji.satu"}).content.decode()
    assert "uji.satu" in body and "uji.dua" not in body
    body = client.get("/kelola/audit/", {"actor_nip": admin_bkd.nip}).content.decode()
    assert "uji.dua" in body and "uji.satu" not in body


def test_a_bad_filter_is_reported_not_crashed(admin_bkd, login):
    response = login(admin_bkd).get("/kelola/audit/", {"date_from": "kemarin"})
    assert response.status_code == 400
    assert "tanggal" in response.content.decode().lower()


def test_audit_page_query_count_is_constant(pegawai, admin_bkd, login,
                                           django_assert_max_num_queries):
    client = login(admin_bkd)
    client.get("/kelola/audit/")  # steady state: the team cache is warm
    for i in range(60):
        audit_record(actor=pegawai, action=f"uji.{i}", target=pegawai)
    # session, user, scope, count, rows, session save and its transaction
    with django_assert_max_num_queries(8):
        client.get("/kelola/audit/")
