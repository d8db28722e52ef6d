"""PostgreSQL refuses two activities of one person that overlap in time (rejected ones
do not count): the service checks first for a clear message, the database guarantees it
even for two requests at once. SQLite (local runs) relies on the service check."""

from django.db import migrations

FORWARD = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE kinerja_aktivitas ADD CONSTRAINT aktivitas_tanpa_tumpang_tindih
    EXCLUDE USING gist (pegawai_id WITH =, tsrange(tanggal + mulai, tanggal + selesai) WITH &&)
    WHERE (status <> 'ditolak');
"""
BACKWARD = "ALTER TABLE kinerja_aktivitas DROP CONSTRAINT aktivitas_tanpa_tumpang_tindih;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("kinerja", "0002_aktivitas")]
    operations = [migrations.RunPython(forward, backward)]
