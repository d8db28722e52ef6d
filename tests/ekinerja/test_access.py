"""The core answers to "may U see or act on P", on which every app builds."""

from django.contrib.auth.models import AnonymousUser

from ekinerja.access import may_manage_pegawai, may_view_pegawai
from ekinerja.models import Pegawai


def test_a_person_sees_themself(pegawai):
    assert may_view_pegawai(pegawai, pegawai)


def test_the_atasan_sees_their_staff_but_not_the_other_way(pegawai, atasan):
    assert may_view_pegawai(atasan, pegawai)
    assert not may_view_pegawai(pegawai, atasan)


def test_an_outsider_sees_nothing(pegawai, pegawai_lain):
    assert not may_view_pegawai(pegawai_lain, pegawai)
    assert not may_manage_pegawai(pegawai_lain, pegawai)


def test_anonymous_sees_nothing(pegawai):
    assert not may_view_pegawai(AnonymousUser(), pegawai)


def test_admins_see_and_manage_their_scope_only(pegawai, pegawai_lain, admin_opd, admin_bkd):
    assert may_view_pegawai(admin_opd, pegawai) and may_manage_pegawai(admin_opd, pegawai)
    assert not may_view_pegawai(admin_opd, pegawai_lain)
    assert not may_manage_pegawai(admin_opd, pegawai_lain)
    assert may_manage_pegawai(admin_bkd, pegawai) and may_manage_pegawai(admin_bkd, pegawai_lain)


def test_an_inactive_admin_has_no_rights(pegawai, admin_opd):
    Pegawai.objects.filter(pk=admin_opd.pk).update(aktif=False)
    admin_opd.refresh_from_db()
    assert not may_manage_pegawai(admin_opd, pegawai)


def test_an_admin_opd_cannot_manage_someone_with_wider_rights(admin_opd, opd_a, instansi,
                                                             pegawai, login):
    Pegawai.objects.filter(pk=pegawai.pk).update(admin_scope=instansi)
    pegawai.refresh_from_db()
    assert not may_manage_pegawai(admin_opd, pegawai)
    client = login(admin_opd)
    assert client.post(f"/kelola/pegawai/{pegawai.pk}/reset-password/").status_code == 404
    Pegawai.objects.filter(pk=pegawai.pk).update(admin_scope=None, is_superuser=True)
    pegawai.refresh_from_db()
    assert not may_manage_pegawai(admin_opd, pegawai)
