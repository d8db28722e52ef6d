"""SKP pages: access for owner, atasan, another atasan, admin and outsider; bad input."""

from decimal import Decimal

import pytest
from django.test import Client

from ekinerja.models import Pegawai
from kinerja import services
from kinerja.models import Iki, Rhk, Skp

from ..factories import staff_of
from .conftest import build_skp


@pytest.fixture
def other_atasan(bidang_b1):
    from ..factories import head_of

    return head_of(bidang_b1, nama="Atasan Lain")


def test_skp_pages_need_login(skp_pegawai):
    for url in ("/skp/", f"/skp/{skp_pegawai.pk}/", f"/skp/{skp_pegawai.pk}/cetak/",
                "/skp/persetujuan/"):
        response = Client().get(url)
        assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_who_sees_an_skp(skp_pegawai, login, atasan, admin_opd, admin_bkd, pegawai_lain,
                         other_atasan):
    url = f"/skp/{skp_pegawai.pk}/"
    assert login(skp_pegawai.pegawai).get(url).status_code == 200
    assert login(atasan).get(url).status_code == 200
    assert login(admin_opd).get(url).status_code == 200
    assert login(admin_bkd).get(url).status_code == 200
    assert login(pegawai_lain).get(url).status_code == 404
    assert login(other_atasan).get(url).status_code == 404
    assert login(pegawai_lain).get(f"/skp/{skp_pegawai.pk}/cetak/").status_code == 404


def test_owner_edits_others_cannot(skp_pegawai, login, atasan, pegawai_lain):
    url = f"/skp/{skp_pegawai.pk}/rhk/"
    data = {"jenis": "tambahan", "uraian": "Tugas tambahan dari pimpinan"}
    assert login(atasan).post(url, data).status_code == 403
    assert login(pegawai_lain).post(url, data).status_code == 404
    assert not Rhk.objects.filter(uraian=data["uraian"]).exists()
    assert login(skp_pegawai.pegawai).post(url, data).status_code == 302
    assert Rhk.objects.filter(skp=skp_pegawai, uraian=data["uraian"]).exists()


def test_an_rhk_or_iki_of_another_skp_is_404(skp_pegawai, skp_atasan, login):
    client = login(skp_pegawai.pegawai)
    foreign_rhk = skp_atasan.rhk.first()
    foreign_iki = Iki.objects.filter(rhk__skp=skp_atasan).first()
    assert client.get(f"/skp/{skp_pegawai.pk}/rhk/{foreign_rhk.pk}/").status_code == 404
    assert client.post(f"/skp/{skp_pegawai.pk}/iki/{foreign_iki.pk}/hapus/").status_code == 404
    assert Iki.objects.filter(pk=foreign_iki.pk).exists()


@pytest.mark.parametrize("data, field", [
    ({"jenis": "utama", "uraian": ""}, "uraian"),
    ({"jenis": "lain", "uraian": "x"}, "jenis"),
    ({"jenis": "utama", "uraian": "x" * 501}, "uraian"),
])
def test_bad_rhk_input(skp_pegawai, login, data, field):
    response = login(skp_pegawai.pegawai).post(f"/skp/{skp_pegawai.pk}/rhk/", data)
    assert response.status_code == 400 and field in response.context["form"].errors
    assert skp_pegawai.rhk.count() == 1


@pytest.mark.parametrize("data, field", [
    ({"target": "0", "bobot": "10"}, "target"),
    ({"target": "abc", "bobot": "10"}, "target"),
    ({"target": "5", "bobot": "101"}, "bobot"),
    ({"target": "5", "bobot": "10", "nama": ""}, "nama"),
])
def test_bad_iki_input_says_why_in_indonesian(skp_pegawai, login, data, field):
    rhk = skp_pegawai.rhk.first()
    base = {"nama": "Jumlah rapat", "aspek": "kuantitas", "satuan": "rapat", "arah": "naik",
            "agregasi": "jumlah"}
    response = login(skp_pegawai.pegawai).post(f"/skp/{skp_pegawai.pk}/rhk/{rhk.pk}/iki/",
                                                {**base, **data})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert rhk.iki.count() == 1
    if field == "target" and data["target"] == "0":
        assert "lebih besar dari nol" in response.content.decode()


def test_a_library_iki_from_the_form(skp_pegawai, login, indikator):
    rhk = skp_pegawai.rhk.first()
    response = login(skp_pegawai.pegawai).post(f"/skp/{skp_pegawai.pk}/rhk/{rhk.pk}/iki/", {
        "indikator": indikator.pk, "target": "24", "bobot": "0", "arah": "naik",
        "agregasi": "jumlah"})
    assert response.status_code == 302
    assert rhk.iki.get(indikator_versi__indikator=indikator).satuan == "dokumen"


def test_period_targets_form_refuses_a_wrong_sum(skp_pegawai, login):
    iki = Iki.objects.get(rhk__skp=skp_pegawai)
    data = {f"p{t.periode_id}": "11" for t in iki.target_periode.all()}
    response = login(skp_pegawai.pegawai).post(f"/skp/{skp_pegawai.pk}/iki/{iki.pk}/target/",
                                                data)
    assert response.status_code == 400
    assert "132" in response.content.decode() and "120" in response.content.decode()


def test_submit_approve_and_return_through_the_pages(skp_pegawai, login, atasan):
    owner = login(skp_pegawai.pegawai)
    boss = login(atasan)
    assert boss.post(f"/skp/{skp_pegawai.pk}/ajukan/").status_code == 403
    owner.post(f"/skp/{skp_pegawai.pk}/ajukan/")
    assert Skp.objects.get(pk=skp_pegawai.pk).status == "diajukan"
    assert owner.post(f"/skp/{skp_pegawai.pk}/setujui/").status_code == 403
    response = boss.post(f"/skp/{skp_pegawai.pk}/kembalikan/", {"catatan": ""}, follow=True)
    assert "Tuliskan" in response.content.decode()
    assert Skp.objects.get(pk=skp_pegawai.pk).status == "diajukan"
    boss.post(f"/skp/{skp_pegawai.pk}/kembalikan/", {"catatan": "Lengkapi lampiran"})
    assert Skp.objects.get(pk=skp_pegawai.pk).status == "dikembalikan"
    page = owner.get(f"/skp/{skp_pegawai.pk}/").content.decode()
    assert "Lengkapi lampiran" in page
    owner.post(f"/skp/{skp_pegawai.pk}/ajukan/")
    boss.post(f"/skp/{skp_pegawai.pk}/setujui/")
    assert Skp.objects.get(pk=skp_pegawai.pk).status == "disetujui"
    assert owner.get(f"/skp/{skp_pegawai.pk}/ajukan/").status_code == 405


def test_editing_an_approved_skp_directly_is_refused(skp_pegawai, login, atasan):
    services.skp_submit(skp=skp_pegawai, actor=skp_pegawai.pegawai)
    services.skp_approve(skp=skp_pegawai, actor=atasan)
    response = login(skp_pegawai.pegawai).post(f"/skp/{skp_pegawai.pk}/rhk/", {
        "jenis": "tambahan", "uraian": "Baru"})
    assert response.status_code == 400
    assert "revisi" in response.content.decode()
    assert skp_pegawai.rhk.count() == 1


def test_start_an_skp_from_the_list(pegawai, tahun, login):
    client = login(pegawai)
    assert "Mulai menyusun SKP" in client.get("/skp/").content.decode()
    response = client.post("/skp/baru/", {"tahun": tahun.pk})
    skp = Skp.objects.get(pegawai=pegawai)
    assert response["Location"] == f"/skp/{skp.pk}/"
    response = client.post("/skp/baru/", {"tahun": tahun.pk}, follow=True)
    assert Skp.objects.filter(pegawai=pegawai).count() == 1
    assert "sudah memiliki SKP" in response.content.decode()
    client.post("/skp/baru/", {"tahun": "999999"})
    assert Skp.objects.filter(pegawai=pegawai).count() == 1


def test_approval_list_is_for_atasan_only(skp_pegawai, login, atasan, pegawai):
    assert login(pegawai).get("/skp/persetujuan/").status_code == 403
    services.skp_submit(skp=skp_pegawai, actor=pegawai)
    body = login(atasan).get("/skp/persetujuan/").content.decode()
    assert pegawai.nama in body and "Diajukan" in body


def test_print_view_has_the_official_columns(skp_pegawai, login):
    body = login(skp_pegawai.pegawai).get(f"/skp/{skp_pegawai.pk}/cetak/").content.decode()
    for heading in ("SASARAN KINERJA PEGAWAI", "HASIL KERJA", "PERILAKU KERJA", "LAMPIRAN",
                    "PEGAWAI YANG DINILAI", "Berorientasi Pelayanan"):
        assert heading in body


def test_skp_page_query_count_is_constant(skp_pegawai, login, django_assert_max_num_queries):
    client = login(skp_pegawai.pegawai)
    client.get(f"/skp/{skp_pegawai.pk}/")
    for i in range(6):
        rhk = services.rhk_save(rhk=Rhk(skp=skp_pegawai, jenis="tambahan", uraian=f"T{i}"),
                                actor=skp_pegawai.pegawai)
        for j in range(3):
            services.iki_save(iki=Iki(rhk=rhk, nama=f"I{j}", aspek="kuantitas", satuan="x",
                                      target=Decimal("12")), actor=skp_pegawai.pegawai)
    with django_assert_max_num_queries(40):
        assert client.get(f"/skp/{skp_pegawai.pk}/").status_code == 200


def test_skp_page_queries_do_not_grow_with_rhk(skp_pegawai, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(skp_pegawai.pegawai)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get(f"/skp/{skp_pegawai.pk}/")
        return len(ctx.captured_queries)

    count()  # steady state: the team cache is warm
    before = count()
    for i in range(5):
        rhk = services.rhk_save(rhk=Rhk(skp=skp_pegawai, jenis="tambahan", uraian=f"T{i}"),
                                actor=skp_pegawai.pegawai)
        services.iki_save(iki=Iki(rhk=rhk, nama="I", aspek="kuantitas", satuan="x",
                                  target=Decimal("12")), actor=skp_pegawai.pegawai)
    assert count() == before


def test_approval_list_queries_do_not_grow_with_the_team(atasan, pegawai, tahun, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(atasan)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/skp/persetujuan/").status_code == 200
        return len(ctx.captured_queries)

    count()  # steady state: the team cache is warm
    before = count()
    for _ in range(8):
        person = staff_of(pegawai.unit)
        build_skp(person, tahun)
    from django.core.cache import cache

    cache.clear()  # the team grew; the nav's cached team refreshes (as after 60 s)
    count()
    assert count() == before


def test_matriks_shows_the_cascade_and_who_has_no_skp(skp_pegawai, login, kepala_a, pegawai,
                                                      admin_opd):
    body = login(kepala_a).get(f"/skp/matriks/?tahun={skp_pegawai.tahun.tahun}"
                               ).content.decode()
    assert "Layanan dinas prima" in body and "Layanan bidang tepat waktu" in body
    assert admin_opd.nama in body  # has no SKP
    assert login(pegawai).get("/skp/matriks/").status_code == 403
    assert login(admin_opd).get("/skp/matriks/").status_code == 200


def test_inactive_people_are_not_in_the_matriks(skp_pegawai, login, kepala_a, admin_opd):
    Pegawai.objects.filter(pk=admin_opd.pk).update(aktif=False)
    body = login(kepala_a).get("/skp/matriks/").content.decode()
    assert admin_opd.nama not in body


def test_the_iki_form_offers_indicators_meant_for_this_post_or_everyone(skp_pegawai, login,
                                                                        admin_bkd, pegawai_lain,
                                                                        indikator):
    from kinerja.models import IndikatorVersi

    mine = services.indikator_create(kode="MINE", actor=admin_bkd, untuk_jabatan=[
        skp_pegawai.jabatan], versi=IndikatorVersi(nama="Khusus", satuan="x", aspek="kualitas"))
    theirs = services.indikator_create(kode="THEIRS", actor=admin_bkd, untuk_unit=[
        pegawai_lain.unit], versi=IndikatorVersi(nama="Lain", satuan="x", aspek="kualitas"))
    rhk = skp_pegawai.rhk.first()
    form = login(skp_pegawai.pegawai).get(
        f"/skp/{skp_pegawai.pk}/rhk/{rhk.pk}/iki/").context["form"]
    offered = set(form.fields["indikator"].queryset)
    assert indikator in offered and mine.indikator in offered
    assert theirs.indikator not in offered


def test_the_same_add_rhk_form_sent_twice_creates_one(transactional_db, skp_pegawai, pegawai,
                                                      login):
    """A double tap, or two requests in flight at once with the same form: one RHK."""
    import threading
    import uuid

    from django.db import connection

    url = f"/skp/{skp_pegawai.pk}/rhk/"
    page = login(pegawai).get(f"/skp/{skp_pegawai.pk}/").content.decode()
    assert 'name="kunci_kiriman"' in page
    before = skp_pegawai.rhk.count()
    data = {"jenis": "tambahan", "uraian": "Terlaksananya sosialisasi e-kinerja",
            "kunci_kiriman": str(uuid.uuid4())}
    barrier, answers = threading.Barrier(2), []

    def send():
        client = login(pegawai)
        barrier.wait()
        try:
            answers.append(client.post(url, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == [302, 302]
    assert skp_pegawai.rhk.count() == before + 1
    again = login(pegawai).post(url, data, follow=True)  # and once more, later
    assert "sudah tersimpan" in again.content.decode()
    assert skp_pegawai.rhk.count() == before + 1
    fresh = {**data, "kunci_kiriman": str(uuid.uuid4())}  # a new form: a new RHK
    assert login(pegawai).post(url, fresh).status_code == 302
    assert skp_pegawai.rhk.count() == before + 2
