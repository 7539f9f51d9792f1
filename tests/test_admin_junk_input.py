"""Junk typed into admin forms — ids that are no number, or beyond any column, a time
zone that does not exist — comes back as the form with an error, and nothing
changes. Each case here was a 500 found by the crawl (tests/test_crawl.py)."""

import pytest

from tests.admin_forms import admin_form_data, change_url, sign_in_organiser
from tests.factories import (
    KeywordFactory,
    SectionFactory,
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


def test_a_panels_keyword_typed_as_a_huge_number_shows_the_form_again_with_an_error(
    client, panel
):
    keyword = KeywordFactory(event=panel.event, name="governance")
    panel.keywords.set([keyword])
    sign_in_organiser(client, panel.event)
    page = client.get(change_url(panel))

    response = client.post(change_url(panel), admin_form_data(page, keywords=[HUGE]))

    assert response.status_code == 200
    assert f"“{HUGE}” is not a valid value." in response.text
    assert list(panel.keywords.all()) == [keyword]
