"""Trigram indexes for the worklist search (PostgreSQL only; SQLite searches by scanning).

Django's `icontains` compares UPPER(column) LIKE UPPER(term) on PostgreSQL, so the GIN indexes are on
those expressions. They are created with SQL rather than declared in Meta.indexes: a GIN index in the
model state would break SQLite, which rebuilds tables from that state.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {
    "rr_reference_trgm_idx": "reference",
    "rr_requester_name_trgm_idx": "requester_name",
    "rr_requester_email_trgm_idx": "requester_email",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("rights_requests", "RightsRequest")._meta.db_table)
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("rights_requests", "0008_art15_4_file_review")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
