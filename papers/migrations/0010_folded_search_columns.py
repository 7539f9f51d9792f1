"""Search forgives accents and case: a folded copy (core.folding) of the titles,
abstracts, names and affiliations searched, filled for the rows there are (panels
0011 does the same for panels, roles and keywords)."""

from django.db import migrations, models

from core.folding import refold

PAIRS = {
    "Paper": {"title_folded": "title", "abstract_folded": "abstract"},
    "Authorship": {"name_folded": "name", "affiliation_folded": "affiliation"},
}


def fold_rows(apps, schema_editor):
    for name, pairs in PAIRS.items():
        refold(apps.get_model("papers", name), pairs)


class Migration(migrations.Migration):
    dependencies = [
        ("papers", "0009_person_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="authorship",
            name="affiliation_folded",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="authorship",
            name="name_folded",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="paper",
            name="abstract_folded",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="paper",
            name="title_folded",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fold_rows, migrations.RunPython.noop),
    ]
