"""Full-text search on PostgreSQL: a stored, generated tsvector column (title
weighted A, abstract B) with a GIN index, on panels and papers. SQLite searches
without them (programme.search). The column is not a model field: PostgreSQL keeps
it up to date on every write, bulk inserts included."""

from django.db import migrations

TABLES = ["panels_panel", "papers_paper"]
DOCUMENT = (
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(abstract, '')), 'B')"
)


def add(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN search_document tsvector "
            f"GENERATED ALWAYS AS ({DOCUMENT}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX {table}_search_idx ON {table} USING gin (search_document)"
        )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_document")


class Migration(migrations.Migration):
    dependencies = [
        ("panels", "0005_agenda_people"),
        ("papers", "0004_agenda_people"),
    ]

    operations = [migrations.RunPython(add, remove)]
