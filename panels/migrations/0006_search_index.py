"""Full-text search indexes, on PostgreSQL only (SQLite searches without them).

The indexed expression is exactly the one panels.search filters on, so the
planner can use it."""

from django.db import migrations

TABLES = [("panels", "Panel", "panel_search_idx"), ("papers", "Paper", "paper_search_idx")]


def add_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.indexes import GinIndex
    from django.contrib.postgres.search import SearchVector

    for app_label, model_name, name in TABLES:
        model = apps.get_model(app_label, model_name)
        index = GinIndex(SearchVector("title", "abstract", config="english"), name=name)
        schema_editor.add_index(model, index)


def remove_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _app_label, _model_name, name in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("panels", "0005_agenda_people"),
        ("papers", "0004_agenda_people"),
    ]

    operations = [migrations.RunPython(add_indexes, remove_indexes)]
