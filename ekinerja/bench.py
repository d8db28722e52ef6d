"""What the benchmark commands share: a province built through the real import (units,
positions, people, as CSV files), a page timed as a user gets it, and the throwaway test
database they run in. Never used by the application."""

import datetime as dt
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases

from .impor import impor_apply, impor_upload
from .models import ImporData, Pegawai, UnitKerja
from .services import pegawai_save, unit_kerja_save

OPD_COUNT = 30
BIDANG_PER_OPD = 4


def _nip(n):
    """Distinct valid NIPs: birth dates 1960-1998 day by day, then the sequence number."""
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=n % 14_000)
    return f"{birth:%Y%m%d}{birth.year + 25}{birth.month:02d}{1 + n % 2}{1 + n // 14_000:03d}"


def _csv(rows):
    return ("\n".join(",".join(map(str, row)) for row in rows) + "\n").encode()


def build_files(people, opd_count=OPD_COUNT):
    """Units, positions and people CSVs: OPDs -> bidang -> seksi, staff spread evenly."""
    units = [["kode", "nama", "jenis", "kode_induk"]]
    posts = [["kode", "nama", "jenis", "jenjang", "kelas_jabatan", "kode_unit", "kepala_unit"]]
    seksi = []
    for o in range(opd_count):
        opd = f"OPD{o:02d}"
        units.append([opd, f"Dinas {o}", "dinas", "ROOT"])
        posts.append([f"{opd}-K", f"Kepala Dinas {o}", "jpt_pratama", "", 14, opd, "ya"])
        for b in range(BIDANG_PER_OPD):
            bid = f"{opd}-B{b}"
            units.append([bid, f"Bidang {o}.{b}", "bidang", opd])
            posts.append([f"{bid}-K", f"Kepala Bidang {o}.{b}", "administrator", "", 11, bid,
                          "ya"])
            for s in range(3):
                sek = f"{bid}-S{s}"
                units.append([sek, f"Seksi {o}.{b}.{s}", "sub_unit", bid])
                posts.append([f"{sek}-K", f"Kepala Seksi {o}.{b}.{s}", "pengawas", "", 9, sek,
                              "ya"])
                posts.append([f"{sek}-P", "Pelaksana", "pelaksana", "", 6, sek, "tidak"])
                posts.append([f"{sek}-F", "Pranata Komputer", "fungsional", "ahli_pertama", 8,
                              sek, "tidak"])
                seksi.append(sek)
    rows = [["nip", "nama", "jenis", "golongan", "kode_jabatan"]]
    heads = [p[0] for p in posts[1:] if p[6] == "ya"]
    for n, kode in enumerate(heads):
        rows.append([_nip(n), f"Pejabat {n}", "PNS", "IV/a", kode])
    for n in range(len(heads), people):
        sek = seksi[n % len(seksi)]
        rows.append([_nip(n), f"Pegawai {n}", "PNS", "III/a", f"{sek}-{'PF'[n % 2]}"])
    return _csv(units), _csv(posts), _csv(rows)


def provinsi_impor(people, *, opd_count=None):
    """The instansi, its Admin BKD and `people` people in OPDs, bidang and seksi, all
    through the import. Returns (root, admin)."""
    root = unit_kerja_save(unit=UnitKerja(kode="ROOT", nama="Provinsi", jenis="instansi"),
                           actor=None)
    admin = pegawai_save(pegawai=Pegawai(nip=_nip(people), nama="Admin BKD", jenis="PNS",
                                         golongan="III/b", admin_scope=root), actor=None)
    files = build_files(people, **({"opd_count": opd_count} if opd_count else {}))
    for jenis, content in zip(("unit", "jabatan", "pegawai"), files, strict=True):
        impor = impor_upload(jenis=jenis, nama_file=f"{jenis}.csv", content=content,
                             actor=admin, scope=root)
        impor_apply(impor=ImporData.objects.get(pk=impor.pk), actor=admin)
    return root, admin


def klien_masuk(pegawai):
    """A test client logged in as `pegawai`, past the second step for whoever needs one
    (ekinerja.mfa: an admin gets an authenticator app and a session it verified): the
    benchmarks measure pages, not the login."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp.util import random_hex

    from .mfa import KUNCI_SESI, wajib

    client = Client(HTTP_HOST="localhost")
    client.force_login(pegawai)
    if wajib(pegawai):
        device = TOTPDevice.objects.create(user=pegawai, name="bench", key=random_hex(20),
                                           confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[KUNCI_SESI] = True
        session.save()
    return client


def ukur_halaman(client, url, runs):
    """(queries, median milliseconds over `runs` requests, bytes) of a page; asked once
    first, for the one-time writes and caches any later request finds."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    queries = len(ctx.captured_queries)  # before the next request resets the log
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _i in range(runs):
        start = time.perf_counter()
        client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
    return queries, statistics.median(samples), len(response.content)


class BenchCommand(BaseCommand):
    """A benchmark of `--people` people run in a throwaway test database (created and
    dropped here): subclasses give `help`, `PEOPLE` and `run(people)`."""

    PEOPLE = 12_000

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=self.PEOPLE)

    def handle(self, *args, people, **options):
        old_config = setup_databases(verbosity=0, interactive=False)
        try:
            self.run(people)
        finally:
            teardown_databases(old_config, verbosity=0)

    def run(self, people):
        raise NotImplementedError
