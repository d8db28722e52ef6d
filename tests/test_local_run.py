"""The embedded local run (`make run`: SQLite, tasks in process, no Redis) works end to end:
migrations, the demo, and the main pages of each role, including those whose queries
SQLite treats differently from PostgreSQL (UNION, exports run in process)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PAGES = r"""
import django
django.setup()
from django.test import Client
from ekinerja.models import Ekspor, Pegawai, UnitKerja
from kinerja.models import Skp

def get(client, url):
    response = client.get(url, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200, (url, response.status_code)

client = Client()
skp = Skp.objects.filter(status="disetujui").select_related("pegawai").first()
client.force_login(skp.pegawai)
for url in ["/", "/dasbor/", "/riwayat/", "/notifikasi/", "/pelatihan/", "/pelatihan/rencana/",
            f"/skp/{skp.pk}/pdf/", "/aktivitas/bulan/"]:
    get(client, url)
admin = Pegawai.objects.get(admin_scope__isnull=False, admin_scope__parent__isnull=True)
client.force_login(admin)
# The second step (docs/mfa.md): the code of the demo admins' published key.
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
kode = f"{totp(TOTPDevice.objects.get(user=admin).bin_key):06d}"
response = client.post("/akun/mfa/verifikasi/", {"kode": kode}, HTTP_HOST="127.0.0.1")
assert response.status_code == 302, response.status_code
for url in ["/kelola/audit/", f"/kelola/audit/?pegawai={skp.pegawai.nip}",
            "/kelola/audit/rantai/", "/pelatihan/kepatuhan/", "/ekspor/"]:
    get(client, url)
opd = UnitKerja.objects.filter(jenis__in=UnitKerja.OPD_KINDS).first()
response = client.post("/ekspor/", {"jenis": "kepatuhan_jp", "unit": opd.pk, "tahun": 2026},
                       HTTP_HOST="127.0.0.1")
assert response.status_code == 302, response.status_code
assert Ekspor.objects.get().status == "selesai"  # run in process
print("pages ok")
"""


def test_the_embedded_local_run(tmp_path):
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "DEBUG": "1",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'lokal.sqlite3'}",
           "MEDIA_ROOT": str(tmp_path / "media"),
           "DJANGO_SETTINGS_MODULE": "ekinerja.settings"}

    def run(*args):
        result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    run("manage.py", "migrate", "--no-input", "-v", "0")
    assert "Training ready" in run("manage.py", "seed_demo")
    assert "chain intact" in run("manage.py", "audit_periksa")
    assert "pages ok" in run("-c", PAGES)
