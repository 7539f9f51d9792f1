"""The shared cache's table (settings.SHARED_CACHE_TABLE), made by `migrate` so that the
production recipe needs no `createcachetable`. Made whatever CACHES says at the time:
a site that drops REDIS_URL later finds its table there."""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # createcachetable with a table name makes that table, if missing, whatever CACHES says.
    call_command(
        "createcachetable",
        settings.SHARED_CACHE_TABLE,
        database=schema_editor.connection.alias,
        verbosity=0,
    )


def drop_cache_table(apps, schema_editor):
    quoted = schema_editor.quote_name(settings.SHARED_CACHE_TABLE)
    schema_editor.execute(f"DROP TABLE IF EXISTS {quoted}")


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_import_jobs")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table, elidable=False)]
