"""Writing many rows at once: one upsert keyed on a unique constraint.

On PostgreSQL the rows go through COPY into a temporary table and one
INSERT ... SELECT ... ON CONFLICT DO UPDATE; elsewhere (the embedded SQLite run) through
executemany of the same upsert. Rows are plain tuples: no model instances are built.
"""

import io

from django.db import connection, transaction

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value):
    """A value in COPY's text format: NULL as \\N, backslash and separators escaped."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).translate(_COPY_ESCAPES)


def upsert(model, *, fields, rows, unique, update, when_changed=None):
    """Insert `rows` (tuples in the order of `fields`, column names) into `model`'s table,
    updating `update` on a conflict over `unique`. With `when_changed` (a column), a row
    whose stored value of that column is the same is left untouched. Returns the number
    of rows given."""
    if not rows:
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(f) for f in fields)
    conflict = ", ".join(connection.ops.quote_name(f) for f in unique)
    sets = ", ".join(f"{connection.ops.quote_name(f)} = excluded.{connection.ops.quote_name(f)}"
                     for f in update)
    where = ""
    if when_changed:
        col = connection.ops.quote_name(when_changed)
        where = f" WHERE {table}.{col} <> excluded.{col}"
    upsert_tail = f"ON CONFLICT ({conflict}) DO UPDATE SET {sets}{where}"
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TEMP TABLE _upsert ON COMMIT DROP AS "
                           f"SELECT {cols} FROM {table} WITH NO DATA")
            buffer = io.StringIO("".join(
                "\t".join(map(_copy_text, row)) + "\n" for row in rows))
            with connection.wrap_database_errors:  # psycopg2's errors as Django's
                cursor.cursor.copy_expert(f"COPY _upsert ({cols}) FROM STDIN", buffer)
            cursor.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _upsert "
                           f"ORDER BY {conflict} {upsert_tail}")
            cursor.execute("DROP TABLE _upsert")
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks}) {upsert_tail}",
                               rows)
    return len(rows)
