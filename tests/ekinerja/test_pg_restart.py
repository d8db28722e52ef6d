"""PostgreSQL restarts in the middle of the afternoon's validations. The deployment runs on a
throwaway cluster this test creates (initdb on a port of its own, never the shared server):
while the atasan approves activity after activity, the cluster stops for a few seconds and
starts again. Requests during the outage fail cleanly (a quick 503 saying so, no hang, no
500), approvals resume afterwards without restarting gunicorn or the Celery worker, the
worker computes scores again, and no approval is half done (checked in SQL)."""

import glob
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import psycopg2
import pytest
import requests

from ..conftest import SAAT_BAKU
from ..produksi import HTTPS, Stack, free_port

PG_BIN = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1]).parent \
    if glob.glob("/usr/lib/postgresql/*/bin/initdb") else None

SETUP = """
import datetime as dt
from django.utils import timezone
from ekinerja import kalender
from ekinerja.models import UnitKerja
from kinerja.models import Aktivitas, Iki, SasaranOrganisasi
from tests.factories import PASSWORD, UnitKerjaFactory, head_of, staff_of
from tests.kinerja.conftest import approve, build_skp, make_year

instansi = UnitKerjaFactory(kode="PEMPROV", nama="Pemprov Jambi", jenis=UnitKerja.Jenis.INSTANSI)
opd = UnitKerjaFactory(kode="DINAS", nama="Dinas", jenis=UnitKerja.Jenis.DINAS, parent=instansi)
bidang = UnitKerjaFactory(kode="BIDANG", nama="Bidang", parent=opd)
kepala = head_of(opd, jenis_jabatan="jpt_pratama")
atasan = head_of(bidang)
admin = staff_of(opd, admin_scope=instansi)
today = timezone.localdate()
tahun = make_year(today.year, admin)
sasaran = SasaranOrganisasi.objects.create(unit=opd, tahun=tahun, uraian="Layanan prima")
skp_kepala = approve(build_skp(kepala, tahun, sasaran=sasaran, uraian="Layanan dinas"),
                     actor=admin)
skp_atasan = approve(build_skp(atasan, tahun, parent=skp_kepala.rhk.first(),
                               uraian="Layanan bidang"))
rows = []
days = [d for d in kalender.working_days(today.year, today.month, 5) if d < today]
for n in range(4):
    person = staff_of(bidang)
    skp = approve(build_skp(person, tahun, parent=skp_atasan.rhk.first()))
    iki = Iki.objects.get(rhk__skp=skp)
    for day in days:
        for hour in (8, 9, 10, 11, 13, 14, 15, 16):
            rows.append(Aktivitas(pegawai=person, tanggal=day, mulai=dt.time(hour),
                                  selesai=dt.time(hour, 50), menit=50, uraian="Laporan",
                                  kategori="iki", iki=iki, output=1, status="diajukan",
                                  diajukan_pada=timezone.now()))
Aktivitas.objects.bulk_create(rows)
print(json.dumps({"atasan": atasan.nip, "password": PASSWORD,
                  "ids": sorted(a.pk for a in rows)}))
"""


def _as_postgres(args, **kwargs):
    """Run a PostgreSQL server program: as the postgres user when we are root (initdb and
    postgres refuse to run as root)."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(prefix + [str(a) for a in args], check=True, capture_output=True,
                          text=True, **kwargs)


@pytest.fixture
def cluster():
    assert PG_BIN, "PostgreSQL server binaries (initdb, pg_ctl) not found"
    root = Path(tempfile.mkdtemp(prefix="ekinerja-pg-"))
    root.chmod(0o755)
    data, port = root / "data", free_port()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    _as_postgres([PG_BIN / "initdb", "-D", data, "-U", "postgres", "--auth=trust",
                  "-E", "UTF8", "--no-instructions"])
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    ctl = [PG_BIN / "pg_ctl", "-D", data, "-o", options, "-l", root / "server.log", "-w"]
    _as_postgres([*ctl, "start"])
    conn = psycopg2.connect(host="127.0.0.1", port=port, user="postgres", dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("CREATE DATABASE ekinerja")
    conn.close()

    class Cluster:
        url = f"postgres://postgres@127.0.0.1:{port}/ekinerja"

        @staticmethod
        def stop():
            _as_postgres([*ctl, "-m", "fast", "stop"])

        @staticmethod
        def start():
            _as_postgres([*ctl, "start"])

    yield Cluster
    subprocess.run((["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else [])
                   + [str(a) for a in [*ctl, "-m", "immediate", "stop"]], capture_output=True)
    shutil.rmtree(root, ignore_errors=True)


class Traffic:
    """The atasan approving one activity after another, ten a second at most (a fast
    clicker; unpaced, a quick machine ran out of activities before the outage began);
    every answer (or failure) recorded with its time and duration."""

    PAUSE = 0.1

    def __init__(self, base, nip, password, ids):
        self.base, self.ids = base, list(ids)
        # The cookies are Secure (production): sent by hand, as the browser would over the
        # proxy's HTTPS.
        self.cookies = {}
        self._request("get", "/masuk/")
        answer = self._request("post", "/masuk/", username=nip, password=password)
        assert answer.status_code == 302, answer.text[:500]
        self.log, self.stop = [], threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _request(self, method, path, **data):
        if method == "post":
            data["csrfmiddlewaretoken"] = self.cookies["csrftoken"]
        answer = requests.request(
            method, f"{self.base}{path}", data=data or None, timeout=15,
            allow_redirects=False, headers={
                **HTTPS, "Origin": self.base,
                "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())})
        self.cookies.update(answer.cookies.get_dict())
        return answer

    def _run(self):
        while not self.stop.is_set() and self.ids:
            pk = self.ids[0]
            start = time.monotonic()
            try:
                outcome = self._request("post", f"/validasi/{pk}/setujui/").status_code
            except requests.RequestException as exc:
                outcome = exc.__class__.__name__
            self.log.append((start, time.monotonic() - start, pk, outcome))
            if outcome == 302:
                self.ids.pop(0)
                time.sleep(self.PAUSE)
            else:
                time.sleep(0.2)

    def ok_after(self, moment):
        return [entry for entry in self.log if entry[0] > moment and entry[3] == 302]


def test_postgresql_restarts_mid_traffic(cluster, tmp_path):
    with Stack(tmp_path, moment=SAAT_BAKU, database_url=cluster.url, redis_db=13,
               start=("web", "worker")) as stack:
        data = stack.python(SETUP)
        pids = {name: p.popen.pid for name, p in stack.processes.items()}
        traffic = Traffic(stack.url, data["atasan"], data["password"], data["ids"])
        traffic.thread.start()
        time.sleep(3)
        down = time.monotonic()
        cluster.stop()
        time.sleep(3)
        cluster.start()
        up, up_clock = time.monotonic(), stack.now()
        assert stack.wait(lambda: len(traffic.ok_after(up)) >= 10, timeout=60), \
            (f"{len(traffic.ids)} activities left", traffic.log[-10:], stack.logs())
        traffic.stop.set()
        traffic.thread.join(30)

        outcomes = {entry[3] for entry in traffic.log}
        during = [entry for entry in traffic.log if down <= entry[0] <= up]
        # The outage was met, and answered cleanly: a quick 503 (never a 500, a 400 or a
        # dropped connection), nothing hanging.
        assert sum(entry[3] == 503 for entry in during) >= 5, during
        assert outcomes <= {302, 503}, [e for e in traffic.log if e[3] not in (302, 503)]
        assert max(entry[1] for entry in traffic.log) < 10
        print(f"drill: {sum(e[3] == 302 for e in traffic.log)} approvals, "
              f"{sum(e[3] == 503 for e in traffic.log)} clean 503 during {up - down:.1f} s down, "
              f"slowest answer {max(e[1] for e in traffic.log):.2f} s")
        assert {name: p.popen.pid for name, p in stack.processes.items()} == pids
        assert all(p.alive() for p in stack.processes.values())

        # The worker computes again (the deployment's clock, not the database's): scores
        # written after the restart, and a recompute that met the outage was retried.
        assert stack.wait(lambda: stack.sql(
            "SELECT count(*) FROM penilaian_skor WHERE dihitung_pada > %s",
            (up_clock,))[0][0] > 0, timeout=60), stack.logs()
        worker = stack.processes["worker"].output()
        if "OperationalError" in worker:
            assert "Retry in" in worker, worker[-3000:]

        # No half-done approval.
        assert stack.sql(
            "SELECT count(*) FROM kinerja_aktivitas WHERE status = 'disetujui' AND "
            "(divalidasi_oleh_id IS NULL OR divalidasi_pada IS NULL)")[0][0] == 0
        approved = {row[0] for row in stack.sql(
            "SELECT id FROM kinerja_aktivitas WHERE status = 'disetujui'")}
        audited = stack.sql("SELECT target_id::bigint, count(*) FROM ekinerja_auditlog "
                            "WHERE action = 'aktivitas.approve' GROUP BY target_id")
        assert {pk for pk, _n in audited} == approved and all(n == 1 for _pk, n in audited)
        assert approved >= {entry[2] for entry in traffic.log if entry[3] == 302}
        assert stack.sql("SELECT count(*) FROM kinerja_aktivitas WHERE status NOT IN "
                         "('disetujui', 'diajukan')")[0][0] == 0
