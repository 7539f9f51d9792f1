"""Search forgives accents and case: a folded copy (core.folding) of each searched
text, on SQLite and PostgreSQL alike, filled for the rows there are. The search
compares folded words with these columns on both databases; PostgreSQL's
`search_document` tsvector column of migration 0006 (English stems, ranked by
ts_rank) is dropped, so that both databases find and rank the same rows
(docs/architecture.md, "Search")."""

from django.db import migrations, models

from core.folding import refold

TABLES = ["panels_panel", "papers_paper"]
DOCUMENT = (
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(abstract, '')), 'B')"
)
PAIRS = {
    "Keyword": {"name_folded": "name"},
    "Panel": {"title_folded": "title", "abstract_folded": "abstract"},
    "PanelRole": {"name_folded": "name", "affiliation_folded": "affiliation"},
}


def drop_document(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_document")


def add_document(apps, schema_editor):
    """As migration 0006 made it."""
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


def fold_rows(apps, schema_editor):
    for name, pairs in PAIRS.items():
        refold(apps.get_model("panels", name), pairs)


class Migration(migrations.Migration):
    dependencies = [
        ("panels", "0011_person_key"),
        ("papers", "0009_person_key"),
    ]

    operations = [
        migrations.RunPython(drop_document, add_document),
        migrations.AddField(
            model_name="keyword",
            name="name_folded",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="panel",
            name="abstract_folded",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="panel",
            name="title_folded",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="panelrole",
            name="affiliation_folded",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="panelrole",
            name="name_folded",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fold_rows, migrations.RunPython.noop),
    ]
