"""SQL that only PostgreSQL gets (triggers, exclusion constraints). The local SQLite run
relies on the services' checks instead."""

from django.db import migrations


def postgres_only(forward_sql, backward_sql):
    """A migration operation that runs raw SQL on PostgreSQL and nothing elsewhere."""

    def run(sql):
        def operation(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                # params=None: the SQL may contain % (it is not a query template).
                schema_editor.execute(sql, params=None)

        return operation

    return migrations.RunPython(run(forward_sql), run(backward_sql))
