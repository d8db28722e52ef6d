"""PostgreSQL refuses UPDATE and DELETE on the audit log: it is append-only for the
application's own database user, not only by convention."""

from django.db import migrations

from ekinerja.migration_sql import postgres_only

FORWARD = """
CREATE OR REPLACE FUNCTION ekinerja_auditlog_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ekinerja_auditlog is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ekinerja_auditlog_append_only
    BEFORE UPDATE OR DELETE ON ekinerja_auditlog
    FOR EACH ROW EXECUTE FUNCTION ekinerja_auditlog_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS ekinerja_auditlog_append_only ON ekinerja_auditlog;
DROP FUNCTION IF EXISTS ekinerja_auditlog_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("ekinerja", "0001_initial")]
    operations = [postgres_only(FORWARD, BACKWARD)]
