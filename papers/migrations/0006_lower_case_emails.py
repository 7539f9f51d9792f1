"""Addresses are compared exactly, in lower case (a case-insensitive match in the
database takes look-alike letters for others): earlier rows are lower-cased here."""

from django.db import migrations


def lower_case(apps, schema_editor):
    model = apps.get_model("papers", "Authorship")
    for row in model.objects.exclude(email="").only("pk", "email").iterator():
        lowered = row.email.strip().lower()
        if lowered != row.email:
            model.objects.filter(pk=row.pk).update(email=lowered)


class Migration(migrations.Migration):
    dependencies = [("papers", "0005_history_changes")]

    operations = [migrations.RunPython(lower_case, migrations.RunPython.noop)]
