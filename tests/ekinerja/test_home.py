from django.test import Client

from ..factories import staff_of


def test_home_needs_login(db):
    assert Client().get("/").status_code == 302


def test_pegawai_home_shows_their_atasan_and_no_team(pegawai, atasan, login):
    response = login(pegawai).get("/")
    body = response.content.decode()
    assert response.context["atasan"] == atasan
    assert 'id="beranda-atasan"' not in body and 'id="beranda-admin"' not in body
    assert "/kelola/" not in body


def test_atasan_home_lists_their_team(pegawai, atasan, login):
    response = login(atasan).get("/")
    assert 'id="beranda-atasan"' in response.content.decode()
    assert pegawai in response.context["bawahan"]


def test_admin_home_summarises_their_scope(admin_opd, pegawai, pegawai_lain, login):
    response = login(admin_opd).get("/")
    assert 'id="beranda-admin"' in response.content.decode()
    # Dinas A: kepala, atasan, pegawai, admin_opd; pegawai_lain is in Dinas B.
    assert response.context["ringkasan"]["pegawai"] == 4


def test_home_query_count_does_not_grow_with_the_team(atasan, pegawai, login,
                                                      django_assert_max_num_queries):
    client = login(atasan)
    for _ in range(20):
        staff_of(pegawai.unit)
    client.get("/")  # steady state: the team cache is warm
    # 12, 2 for acting officials (Plt/Plh), 1 for the unread announcements
    with django_assert_max_num_queries(15):
        assert len(client.get("/").context["bawahan"]) == 21


def test_django_admin_is_for_superusers_only(pegawai, admin_bkd, login):
    assert login(pegawai).get("/admin/").status_code == 302
    assert login(admin_bkd).get("/admin/").status_code == 302
    from ekinerja.models import Pegawai

    Pegawai.objects.filter(pk=admin_bkd.pk).update(is_staff=True, is_superuser=True)
    assert login(admin_bkd).get("/admin/ekinerja/pegawai/").status_code == 200
