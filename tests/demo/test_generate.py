"""`manage.py generate_conference`: a large, realistic, deterministic event."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from panels.enums import PanelStatus
from panels.models import Event, Panel
from papers.enums import PaperStatus
from papers.models import Paper
from programme.services import check_schedule

pytestmark = pytest.mark.django_db


def generate(**options):
    out = StringIO()
    call_command("generate_conference", stdout=out, **options)
    return out.getvalue()


def test_it_builds_every_status_people_and_a_programme(django_assert_max_num_queries):
    output = generate(panels=40, papers_per_panel=5, seed=3)

    event = Event.objects.get(slug="large-3")
    assert "40 panels, 200 papers" in output
    panel_statuses = set(Panel.objects.values_list("status", flat=True))
    paper_statuses = set(Paper.objects.values_list("status", flat=True))
    assert panel_statuses == set(PanelStatus.values)
    assert paper_statuses == set(PaperStatus.values)
    accepted = Panel.objects.filter(event=event, status=PanelStatus.ACCEPTED)
    assert not accepted.filter(slot__isnull=True).exists()
    for panel in accepted[:10]:
        check_schedule(panel=panel, slot=panel.slot, room=panel.room)
    too_full = accepted.annotate(
        n=Count("papers", filter=__import__("django").db.models.Q(papers__status="accepted"))
    ).filter(n__gt=5)
    assert not too_full.exists()
    assert len(Paper.objects.first().abstract.split()) >= 150


def test_the_same_seed_builds_the_same_conference():
    generate(panels=10, papers_per_panel=2, seed=7, slug="first")
    generate(panels=10, papers_per_panel=2, seed=7, slug="second")

    def content(slug):
        return list(
            Paper.objects.filter(event__slug=slug)
            .order_by("panel__code", "position")
            .values_list("title", "abstract", "status")
        )

    assert content("first") == content("second")


def test_an_existing_event_is_kept_unless_replaced():
    generate(panels=3, papers_per_panel=1, seed=9)

    with pytest.raises(CommandError):
        generate(panels=3, papers_per_panel=1, seed=9)
    generate(panels=4, papers_per_panel=1, seed=9, replace=True)

    assert Panel.objects.filter(event__slug="large-9").count() == 4
