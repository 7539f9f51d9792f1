"""A link to one event's rows shows that event's rows, even when it has none yet.

Django drops a related-only filter, and silently its parameter, when it offers
fewer than two choices: the dashboard of a freshly copied event linked to lists of
last year's rows (found by a newcomer)."""

import pytest
from django.urls import reverse

from papers.enums import PaperStatus
from tests.admin_forms import sign_in_organiser
from tests.factories import EventFactory, PanelFactory, PaperFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_year_and_new(client):
    last_year = EventFactory()
    panel = PanelFactory(event=last_year, section__event=last_year)
    PaperFactory(panel=panel, status=PaperStatus.RESERVE, title="Last year's reserve")
    new = EventFactory()
    sign_in_organiser(client, last_year, new)
    return last_year, new


@pytest.mark.parametrize("name", ["papers_paper", "panels_panel"])
def test_a_list_filtered_to_an_event_without_rows_is_empty(client, last_year_and_new, name):
    _last_year, new = last_year_and_new

    page = client.get(reverse(f"admin:{name}_changelist"), {"event__id__exact": new.pk})

    assert page.status_code == 200
    assert "Last year" not in page.text
    assert page.context["cl"].result_count == 0


def test_the_same_filter_still_lists_the_event_that_has_rows(client, last_year_and_new):
    last_year, _new = last_year_and_new

    page = client.get(reverse("admin:papers_paper_changelist"), {"event__id__exact": last_year.pk})

    assert page.context["cl"].result_count == 1
