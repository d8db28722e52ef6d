"""The backup drill: the demo province with uploaded evidence is backed up, restored into a
new database and media folder, and the copy is the same: every table's rows (count and
content), every file the database names (SHA-256), no orphan and nothing missing, and the
audit chain still verifies. A damaged backup, or a database that is not empty, is refused."""

import hashlib
import io
import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from ekinerja.cadangan import berkas_fields, koneksi_dari_settings
from kinerja import services
from kinerja.models import Aktivitas, BuktiDukung

from ..kinerja import files

ROOT = Path(__file__).resolve().parents[2]
PULIH = "test_ekinerja_pulih"


def _checksums(params):
    """Per table: the row count and an order-independent digest of every row."""
    conn = psycopg2.connect(**params)
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            result = {}
            for (table,) in cursor.fetchall():
                cursor.execute(f'SELECT count(*), md5(coalesce(string_agg(md5(t::text), \'\' '
                               f'ORDER BY md5(t::text)), \'\')) FROM "{table}" t')
                result[table] = cursor.fetchone()
            return result
    finally:
        conn.close()


def _referenced(params):
    conn = psycopg2.connect(**params)
    try:
        with conn.cursor() as cursor:
            names = set()
            for table, column in berkas_fields():
                cursor.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" <> \'\'')
                names.update(row[0] for row in cursor.fetchall())
            return names
    finally:
        conn.close()


def _sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def database_pulih():
    admin = psycopg2.connect(**{**koneksi_dari_settings(), "dbname": "postgres"})
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {PULIH}")
        cursor.execute(f"CREATE DATABASE {PULIH}")
    params = {**koneksi_dari_settings(), "dbname": PULIH}
    yield params
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {PULIH} WITH (FORCE)")
    admin.close()


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_drill(tmp_path, settings, database_pulih):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    call_command("seed_demo", stdout=io.StringIO())
    drafts = list(Aktivitas.objects.filter(status="draft").select_related("pegawai")[:3])
    assert len(drafts) == 3
    for n, aktivitas in enumerate(drafts):
        services.bukti_add(aktivitas=aktivitas, actor=aktivitas.pegawai,
                           upload=SimpleUploadedFile(f"bukti-{n}.pdf", files.pdf()))
    services.bukti_add(aktivitas=drafts[0], actor=drafts[0].pegawai,
                       upload=SimpleUploadedFile("foto.png", files.png(40, 30)))
    removed = BuktiDukung.objects.filter(aktivitas=drafts[1]).get()
    services.bukti_delete(bukti=removed, actor=drafts[1].pegawai)
    (media / "sisa-unggahan-gagal.tmp").write_bytes(b"not named by the database")
    source = koneksi_dari_settings()
    referenced = _referenced(source)
    assert sum(name.startswith("bukti/") for name in referenced) == 3  # the demo's certificate too
    assert all((media / name).is_file() for name in referenced)

    out = io.StringIO()
    call_command("backup", str(tmp_path / "cadangan"), stdout=out)
    folder = Path(out.getvalue().strip().splitlines()[-1])
    print(out.getvalue())  # the drill's figures, for the record

    restored_media = tmp_path / "media-pulih"
    out = io.StringIO()
    call_command("restore", str(folder), "--database-url",
                 f"postgres://{source.get('user', '')}@{source.get('host', '127.0.0.1')}:"
                 f"{source.get('port', 5432)}/{PULIH}",
                 "--media-root", str(restored_media), stdout=out)
    assert "restore checked" in out.getvalue()
    print(out.getvalue())

    assert _checksums(database_pulih) == _checksums(source)
    on_disk = {str(p.relative_to(restored_media)) for p in restored_media.rglob("*")
               if p.is_file()}
    assert on_disk == referenced == _referenced(database_pulih)  # no orphan, none missing
    assert all(_sha(restored_media / name) == _sha(media / name) for name in referenced)

    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "DEBUG": "0",
           "SECRET_KEY": settings.SECRET_KEY, "AUDIT_KEY": settings.AUDIT_KEY,
           "DATABASE_URL": f"postgres://{source.get('user', '')}@{source.get('host')}:"
                           f"{source.get('port', 5432)}/{PULIH}",
           "DJANGO_SETTINGS_MODULE": "ekinerja.settings"}
    check = subprocess.run([sys.executable, "manage.py", "audit_periksa"], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=120)
    assert "chain intact" in check.stdout, check.stdout + check.stderr

    # Restoring again over what is now a full database or media folder is refused.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(folder), "--database-url", env["DATABASE_URL"],
                     "--media-root", str(tmp_path / "lain"), stdout=io.StringIO())
    # A damaged backup is refused before anything is touched.
    dump = folder / "database.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(folder), "--database-url", env["DATABASE_URL"],
                     "--media-root", str(tmp_path / "lain"), stdout=io.StringIO())
    assert not (tmp_path / "lain").exists()


def test_backup_needs_postgresql(monkeypatch, tmp_path):
    monkeypatch.setitem(settings.DATABASES["default"], "ENGINE", "django.db.backends.sqlite3")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("backup", str(tmp_path), stdout=io.StringIO())
    assert list(tmp_path.iterdir()) == []
