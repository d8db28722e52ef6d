"""Backup and restore of a deployment: the PostgreSQL database and the uploaded files
(MEDIA_ROOT) as one consistent set, with a manifest of checksums.

Consistency: one REPEATABLE READ transaction exports its snapshot; `pg_dump --snapshot`
dumps exactly that state, and the same transaction lists the files the database refers to
and counts every table's rows. The backup holds those files only (an upload not yet
committed, or a file whose row is gone, is not part of the state), so a restore has no
orphan and misses nothing the database names.

A backup is a folder:
    database.dump   pg_dump's custom format (pg_restore reads it)
    media.tar       the referenced files, by their path under MEDIA_ROOT
    manifest.json   when, from which database, the SHA-256 of both files, every table's
                    row count, and every file's size and SHA-256

`backup_restore` checks the manifest before it touches anything, restores into an empty
database and an empty media folder, then checks the row counts and every file again.
"""

import datetime as dt
import hashlib
import json
import os
import subprocess
import tarfile
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import psycopg2
from django.apps import apps
from django.conf import settings
from django.db import models

MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media.tar"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def _sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def koneksi_dari_settings():
    """libpq parameters of the configured database."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        raise BackupError("Backups need PostgreSQL (DATABASE_URL); the embedded SQLite run "
                          "is a file: copy db.sqlite3 and the media folder instead.")
    params = {"dbname": db["NAME"], "user": db.get("USER") or None,
              "password": db.get("PASSWORD") or None, "host": db.get("HOST") or None,
              "port": str(db["PORT"]) if db.get("PORT") else None}
    return {k: v for k, v in params.items() if v}


def koneksi_dari_url(url):
    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql"):
        raise BackupError(f"{url!r} is not a postgres:// URL.")
    params = {"dbname": unquote(parsed.path.lstrip("/")), "user": unquote(parsed.username or ""),
              "password": unquote(parsed.password or ""), "host": parsed.hostname or "",
              "port": str(parsed.port or "")}
    return {k: v for k, v in params.items() if v}


def _libpq_env(params):
    """The connection for pg_dump/pg_restore through the environment: no password on a
    command line that `ps` shows."""
    names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD",
             "host": "PGHOST", "port": "PGPORT"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update({names[k]: v for k, v in params.items()})
    return env


def berkas_fields():
    """(table, column) of every FileField of the project: the files the database names."""
    return sorted({(model._meta.db_table, field.column) for model in apps.get_models()
                   for field in model._meta.concrete_fields
                   if isinstance(field, models.FileField)})


def _tables(cursor):
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                   "ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def jumlah_baris(cursor):
    counts = {}
    for table in _tables(cursor):
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def _referenced_files(cursor):
    names = set()
    for table, column in berkas_fields():
        cursor.execute(f'SELECT DISTINCT "{column}" FROM "{table}" '
                       f"WHERE \"{column}\" IS NOT NULL AND \"{column}\" <> ''")
        names.update(row[0] for row in cursor.fetchall())
    return sorted(names)


def backup_create(*, tujuan, media_root=None, stdout=None):
    """Write a backup folder under `tujuan`; returns its path and the manifest."""
    started = time.monotonic()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    params = koneksi_dari_settings()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = Path(tujuan) / f"ekinerja-{stamp}"
    folder.mkdir(parents=True)
    conn = psycopg2.connect(**params)
    try:
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = jumlah_baris(cursor)
            referenced = _referenced_files(cursor)
            dump = subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}",
                 f"--file={folder / DUMP}"],
                env=_libpq_env(params), capture_output=True, text=True)
            if dump.returncode != 0:
                raise BackupError(f"pg_dump failed: {dump.stderr.strip()}")
            version = subprocess.run(["pg_dump", "--version"], capture_output=True,
                                     text=True).stdout.strip()
    finally:
        conn.rollback()
        conn.close()
    files, missing = {}, []
    with tarfile.open(folder / MEDIA, "w") as archive:
        for name in referenced:
            path = media_root / name
            if not path.is_file():
                missing.append(name)
                continue
            files[name] = {"ukuran": path.stat().st_size, "sha256": _sha256_file(path)}
            archive.add(path, arcname=name, recursive=False)
    manifest = {
        "format": 1, "dibuat": dt.datetime.now(dt.UTC).isoformat(), "database": params["dbname"],
        "pg_dump": version,
        "berkas_cadangan": {DUMP: _sha256_file(folder / DUMP), MEDIA: _sha256_file(folder / MEDIA)},
        "tabel": counts, "media": files, "media_hilang": missing,
        "detik": round(time.monotonic() - started, 2),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    if stdout is not None:
        stdout.write(f"backup {folder}: {len(counts)} tables, {sum(counts.values())} rows, "
                     f"{len(files)} files, {manifest['detik']} s")
        if missing:
            stdout.write(f"warning: {len(missing)} files named by the database are not in "
                         f"{media_root}: {', '.join(missing[:10])}")
    return folder, manifest


def _check_backup(folder):
    folder = Path(folder)
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{folder / MANIFEST} cannot be read: {exc}") from None
    for name, expected in manifest["berkas_cadangan"].items():
        if not (folder / name).is_file() or _sha256_file(folder / name) != expected:
            raise BackupError(f"{folder / name} is missing or does not match its checksum.")
    return manifest


def _empty(params):
    conn = psycopg2.connect(**params)
    try:
        with conn.cursor() as cursor:
            return not _tables(cursor)
    finally:
        conn.close()


def backup_restore(*, sumber, database_url=None, media_root=None, stdout=None):
    """Restore the backup folder `sumber` into an empty database (`database_url`, else the
    configured one) and an empty media folder; then check every count and file."""
    started = time.monotonic()
    manifest = _check_backup(sumber)
    params = koneksi_dari_url(database_url) if database_url else koneksi_dari_settings()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if not _empty(params):
        raise BackupError(f"Database {params['dbname']!r} is not empty: restore into a new "
                          f"database (createdb), never over a running one.")
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"{media_root} is not empty: restore into a new folder.")
    restore = subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction",
         f"--dbname={params['dbname']}", str(Path(sumber) / DUMP)],
        env=_libpq_env(params), capture_output=True, text=True)
    if restore.returncode != 0:
        raise BackupError(f"pg_restore failed: {restore.stderr.strip()}")
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(Path(sumber) / MEDIA) as archive:
        archive.extractall(media_root, filter="data")
    problems = periksa_pemulihan(manifest=manifest, params=params, media_root=media_root)
    if problems:
        raise BackupError("The restored copy differs from the backup: " + "; ".join(problems))
    if stdout is not None:
        stdout.write(f"restored {sumber} into {params['dbname']} and {media_root}: "
                     f"{len(manifest['tabel'])} tables, {sum(manifest['tabel'].values())} "
                     f"rows, {len(manifest['media'])} files, checked, "
                     f"{time.monotonic() - started:.2f} s")
    return manifest


def periksa_pemulihan(*, manifest, params, media_root):
    """What differs between the manifest and a restored database and media folder."""
    problems = []
    conn = psycopg2.connect(**params)
    try:
        with conn.cursor() as cursor:
            counts = jumlah_baris(cursor)
    finally:
        conn.close()
    if counts != manifest["tabel"]:
        differ = sorted(t for t in set(counts) | set(manifest["tabel"])
                        if counts.get(t) != manifest["tabel"].get(t))
        problems.append(f"row counts differ in {', '.join(differ)}")
    on_disk = {str(p.relative_to(media_root)) for p in Path(media_root).rglob("*")
               if p.is_file()}
    if on_disk != set(manifest["media"]):
        problems.append(f"files differ: {len(on_disk - set(manifest['media']))} extra, "
                        f"{len(set(manifest['media']) - on_disk)} missing")
    for name, meta in manifest["media"].items():
        path = Path(media_root) / name
        if path.is_file() and _sha256_file(path) != meta["sha256"]:
            problems.append(f"{name} does not match its checksum")
    return problems

