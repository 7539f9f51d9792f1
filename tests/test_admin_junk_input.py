"""Junk typed into admin forms — ids that are no number, or beyond any column, a time
zone that does not exist — comes back as the form with an error, and nothing
changes. Each case here was a 500 found by the crawl (tests/test_crawl.py)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.admin_forms import admin_form_data, change_url, sign_in_organiser
from tests.factories import (
    KeywordFactory,
    PanelFactory,
    PaperFactory,
    SectionFactory,
    TimeSlotFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # beyond a 64-bit id


@pytest.mark.parametrize("typed", ["abc", "王小明", HUGE, "-1"])
def test_a_section_chair_typed_as_junk_shows_the_form_again_with_an_error(client, typed):
    chair = UserFactory(name="Carla Chair")
    section = SectionFactory(chair=chair)
    sign_in_organiser(client, section.event)
    page = client.get(change_url(section))

    response = client.post(change_url(section), admin_form_data(page, chair=typed))

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    section.refresh_from_db()
    assert section.chair == chair


def test_an_event_organiser_typed_as_a_huge_number_shows_the_form_again_with_an_error(
    client, panel
):
    event = panel.event
    user = sign_in_organiser(client, event)
    page = client.get(change_url(event))

    response = client.post(change_url(event), admin_form_data(page, organisers=[HUGE]))

    assert response.status_code == 200
    assert f"“{HUGE}” is not a valid value." in response.text
    assert list(event.organisers.all()) == [user]


def test_a_panels_keyword_typed_as_a_huge_number_shows_the_form_again_with_an_error(client, panel):
    keyword = KeywordFactory(event=panel.event, name="governance")
    panel.keywords.set([keyword])
    sign_in_organiser(client, panel.event)
    page = client.get(change_url(panel))

    response = client.post(change_url(panel), admin_form_data(page, keywords=[HUGE]))

    assert response.status_code == 200
    assert f"“{HUGE}” is not a valid value." in response.text
    assert list(panel.keywords.all()) == [keyword]


def test_an_event_time_zone_that_does_not_exist_is_refused_by_the_form_beside_its_slots(
    client, panel
):
    event = panel.event
    TimeSlotFactory(event=event)
    sign_in_organiser(client, event)
    page = client.get(change_url(event))

    response = client.post(change_url(event), admin_form_data(page, time_zone="Mars/Olympus"))

    assert response.status_code == 200
    assert "“Mars/Olympus” is not a known time zone, e.g. Europe/Berlin." in response.text
    event.refresh_from_db()
    assert event.time_zone == "Europe/Berlin"


def test_the_paper_list_with_facets_counts_the_papers_of_each_panel(client, panel):
    PaperFactory.create_batch(2, panel=panel)
    other = PanelFactory(section=panel.section, title="Other Panel")
    PaperFactory(panel=other)
    sign_in_organiser(client, panel.event)

    response = client.get(
        reverse("admin:papers_paper_changelist"),
        {"_facets": "True", "panel__id__exact": str(panel.pk)},
    )

    assert response.status_code == 200
    assert f"{panel.code} {panel.title[:50]} (2)" in response.text
    assert f"{other.code} Other Panel (1)" in response.text


def test_a_groups_permission_typed_as_a_huge_number_shows_the_form_again_with_an_error(
    client, organiser
):
    client.force_login(organiser)  # a superuser: only they reach groups
    url = reverse("admin:auth_group_add")
    page = client.get(url)

    response = client.post(url, admin_form_data(page, name="Helpers", permissions=[HUGE]))

    assert response.status_code == 200
    assert f"“{HUGE}” is not a valid value." in response.text
    assert not Group.objects.exists()
