"""PostgreSQL refuses two activities of one person that overlap in time (rejected ones
do not count): the service checks first for a clear message, the database guarantees it
even for two requests at once. SQLite (local runs) relies on the service check."""

from django.db import migrations

from ekinerja.migration_sql import postgres_only

FORWARD = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE kinerja_aktivitas ADD CONSTRAINT aktivitas_tanpa_tumpang_tindih
    EXCLUDE USING gist (pegawai_id WITH =, tsrange(tanggal + mulai, tanggal + selesai) WITH &&)
    WHERE (status <> 'ditolak');
"""
BACKWARD = "ALTER TABLE kinerja_aktivitas DROP CONSTRAINT aktivitas_tanpa_tumpang_tindih;"


class Migration(migrations.Migration):
    dependencies = [("kinerja", "0002_aktivitas")]
    operations = [postgres_only(FORWARD, BACKWARD)]
