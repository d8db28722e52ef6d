"""BKD asks for a recompute from the web; one bad record does not stop the others."""

import time
from decimal import Decimal as D

from django.test import Client
from django.utils import timezone

from ekinerja.models import AuditLog
from kinerja.models import Iki
from kinerja.selectors import periode_of
from penilaian import services
from penilaian.models import Skor, TugasHitung

from .helpers import add_iki
from .test_skor_service import _approved, iki  # noqa: F401


def test_recompute_page_access_and_bad_input(iki, pegawai, admin_opd, login):  # noqa: F811
    assert Client().get("/kelola/skor/").status_code == 302
    assert login(pegawai).get("/kelola/skor/").status_code == 403
    client = login(admin_opd)
    assert client.get("/kelola/skor/").status_code == 200
    response = client.post("/kelola/skor/", {"periode": ""})
    assert response.status_code == 400 and "periode" in response.context["form"].errors
    assert not TugasHitung.objects.exists()


def test_a_requested_recompute_runs_and_reports(iki, pegawai, atasan, admin_opd,  # noqa: F811
                                                login, django_capture_on_commit_callbacks):
    _approved(pegawai, atasan, iki, 8, 4)
    periode = periode_of(timezone.localdate())
    client = login(admin_opd)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/kelola/skor/", {"periode": periode.pk})
    tugas = TugasHitung.objects.get()
    assert response["Location"] == f"/kelola/skor/tugas/{tugas.pk}/"
    assert tugas.unit == admin_opd.admin_scope and tugas.status == "antre"
    assert AuditLog.objects.filter(action="skor.recompute").exists()
    services.tugas_hitung_jalankan(tugas_id=tugas.pk)  # what the worker runs
    services.tugas_hitung_jalankan(tugas_id=tugas.pk)  # a redelivery does nothing more
    tugas.refresh_from_db()
    assert (tugas.status, tugas.jumlah) == ("selesai", 3)
    body = client.get(f"/kelola/skor/tugas/{tugas.pk}/status/").content.decode()
    assert "3 pegawai" in body and "hx-get" not in body  # done: polling stops
    assert Skor.objects.get(pegawai=pegawai, nomor__gt=0).baris_iki()[0]["realisasi"] == 4


def test_another_scope_cannot_see_a_request(iki, admin_opd, admin_bkd, login, opd_b):  # noqa: F811
    periode = periode_of(timezone.localdate())
    tugas = services.tugas_hitung_create(periode=periode, unit=opd_b, actor=admin_bkd)
    assert login(admin_opd).get(f"/kelola/skor/tugas/{tugas.pk}/").status_code == 404
    assert login(admin_bkd).get(f"/kelola/skor/tugas/{tugas.pk}/").status_code == 200


def test_one_bad_record_does_not_stop_the_others(iki, pegawai, atasan, kepala_a):  # noqa: F811
    # Weights far above 100 (written behind the services) push the result score past what
    # a score can hold: 9 IKIs at 120% x 999.99.
    periode = periode_of(timezone.localdate())
    Iki.objects.filter(pk=iki.pk).update(arah="turun", bobot=D("999.99"))
    for n in range(8):
        add_iki(iki.rhk.skp, periode, nama=f"turun {n}", arah="turun", bobot="999.99")
    failures = []
    count = services.skor_hitung(periode=periode, failures=failures)
    assert [f["pegawai"] for f in failures] == [pegawai.pk]
    assert "numeric" in failures[0]["error"]
    assert count == 2 and Skor.objects.filter(pegawai=kepala_a).exists()
    assert not Skor.objects.filter(pegawai=pegawai).exists()


def test_the_worker_runs_a_requested_recompute(celery_worker, iki, pegawai, atasan,  # noqa: F811
                                               admin_opd, login):
    periode = periode_of(timezone.localdate())
    response = login(admin_opd).post("/kelola/skor/", {"periode": periode.pk})
    assert response.status_code == 302
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and TugasHitung.objects.get().status != "selesai":
        time.sleep(0.2)
    assert TugasHitung.objects.get().status == "selesai"


def test_bkd_sees_the_nightly_run_and_who_failed(iki, pegawai, admin_bkd, admin_opd,  # noqa: F811
                                                  login):
    periode = periode_of(timezone.localdate())
    run = services.tugas_malam_create(periode=periode)
    services.tugas_malam_selesai(tugas_id=run.pk, results=[
        {"ditulis": 2, "gagal": []},
        {"ditulis": 0, "gagal": [{"pegawai": pegawai.pk, "error": "numeric field overflow"}]},
        None])
    run.refresh_from_db()
    assert (run.status, run.gagal[0]["pegawai"]) == ("selesai", pegawai.pk)
    body = login(admin_bkd).get("/kelola/skor/").content.decode()
    assert "proses malam" in body and "1 tidak dihitung" in body
    page = login(admin_bkd).get(f"/kelola/skor/tugas/{run.pk}/status/").content.decode()
    assert "numeric field overflow" in page
    # the run covers the whole instansi: an OPD admin does not see it
    assert login(admin_opd).get(f"/kelola/skor/tugas/{run.pk}/").status_code == 404
