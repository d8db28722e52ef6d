"""Two admins (or one double click) creating the same person at once: one wins, the
other sees a message, never a server error."""

import threading

from django.test import Client

from ekinerja.models import Pegawai

from ..conftest import kode_mfa
from ..factories import PASSWORD


def test_simultaneous_creates_of_one_nip_give_one_person_and_no_500(transactional_db, pegawai,
                                                                    admin_bkd):
    clients = []
    for _ in range(2):
        client = Client(raise_request_exception=False)
        client.post("/masuk/", {"username": admin_bkd.nip, "password": PASSWORD})
        client.post("/akun/mfa/verifikasi/", {"kode": kode_mfa(admin_bkd)})  # docs/mfa.md
        clients.append(client)
    barrier = threading.Barrier(2)
    statuses = []

    def create(client, n):
        barrier.wait()
        response = client.post("/kelola/pegawai/baru/", {
            "nip": "19900315 201503 2 007", "nama": f"Siti {n}", "jenis": "PNS",
            "golongan": "III/b", "jabatan": pegawai.jabatan_id, "aktif": "on"})
        statuses.append(response.status_code)

    for attempt in range(5):
        Pegawai.objects.filter(nip="199003152015032007").delete()
        statuses.clear()
        threads = [threading.Thread(target=create, args=(c, i)) for i, c in enumerate(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(statuses) == [302, 400], (attempt, statuses)
        assert Pegawai.objects.filter(nip="199003152015032007").count() == 1
