import datetime

from django.db import migrations, models
from django.db.models import F


def mark_papers_of_panel_proposals(apps, schema_editor):
    """Papers proposed with their panel before the flag: made by the panel's proposer
    within a minute of the panel (panel_propose writes them in one transaction).
    (Papers an organiser entered cannot be told apart afterwards.)"""
    Paper = apps.get_model("papers", "Paper")
    Paper.objects.filter(
        panel__proposed_by=F("submitted_by"),
        created_at__gte=F("panel__created_at"),
        created_at__lte=F("panel__created_at") + datetime.timedelta(minutes=1),
    ).update(for_authors=True)


class Migration(migrations.Migration):
    dependencies = [
        ("papers", "0007_authorship_confirmation"),
    ]

    operations = [
        migrations.AddField(
            model_name="paper",
            name="for_authors",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text=(
                    "Made for its authors (in a panel proposal, or entered by an "
                    "organiser): it counts for each author once she confirms, not for "
                    "whoever typed it in."
                ),
                verbose_name="a proposal of its authors",
            ),
        ),
        migrations.RunPython(mark_papers_of_panel_proposals, migrations.RunPython.noop),
    ]
