"""Only published events, accepted panels and accepted papers are public;
everything else answers 404 and never shows up in a list or a search."""

import pytest

from panels.enums import PanelStatus
from papers.enums import PaperStatus
from tests.factories import EventFactory, PanelFactory, PaperFactory

pytestmark = pytest.mark.django_db


def test_an_unpublished_event_and_everything_in_it_are_not_found(client):
    paper = PaperFactory(panel__section__event__is_published=False)

    for url in (
        paper.event.get_absolute_url(),
        paper.panel.get_absolute_url(),
        paper.get_absolute_url(),
    ):
        assert client.get(url).status_code == 404, url


def test_the_home_page_lists_published_events_only(client):
    EventFactory(name="Published One")
    EventFactory(name="Published Two")
    EventFactory(name="Secret Draft", is_published=False)

    response = client.get("/")

    assert [e.name for e in response.context["events"]] == ["Published One", "Published Two"]
    assert "Secret Draft" not in response.text


@pytest.mark.parametrize(
    "status", [PanelStatus.PROPOSED, PanelStatus.REJECTED, PanelStatus.WITHDRAWN]
)
def test_a_panel_that_is_not_accepted_is_not_found_nor_listed(client, status):
    hidden = PanelFactory(status=status, title="Hidden Panel Title")
    paper = PaperFactory(panel=hidden, title="Paper Of A Hidden Panel")
    PanelFactory(section=hidden.section, title="Visible Panel Title")

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(paper.get_absolute_url()).status_code == 404
    event_page = client.get(hidden.event.get_absolute_url())
    assert "Visible Panel Title" in event_page.text
    assert "Hidden Panel Title" not in event_page.text


@pytest.mark.parametrize(
    "status",
    [PaperStatus.SUBMITTED, PaperStatus.RESERVE, PaperStatus.REJECTED, PaperStatus.WITHDRAWN],
)
def test_a_paper_that_is_not_accepted_is_not_found_nor_listed(client, panel, status):
    PaperFactory(panel=panel, title="The Accepted Paper")
    hidden = PaperFactory(panel=panel, title="The Undecided Paper", status=status)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    panel_page = client.get(panel.get_absolute_url())
    assert "The Accepted Paper" in panel_page.text
    assert "The Undecided Paper" not in panel_page.text


@pytest.mark.parametrize(
    "status",
    [PaperStatus.SUBMITTED, PaperStatus.RESERVE, PaperStatus.REJECTED, PaperStatus.WITHDRAWN],
)
def test_searching_never_finds_a_panel_by_a_paper_that_is_not_public(client, panel, status):
    PaperFactory(panel=panel, title="Zanzibar governance", status=status)

    # The event page's box leads to the event's one search.
    response = client.get(panel.event.get_absolute_url(), {"q": "zanzibar"}, follow=True)

    assert response.context["results"].count == 0
    assert panel.title not in response.text


def test_a_panel_or_paper_asked_for_under_another_event_is_not_found(client):
    paper = PaperFactory()
    other = EventFactory()

    assert client.get(f"/{other.slug}/panels/{paper.panel.code}/").status_code == 404
    assert client.get(f"/{other.slug}/papers/{paper.pk}/").status_code == 404


def test_an_unknown_address_answers_a_helpful_404_page(client):
    response = client.get("/no-such-event/")

    assert response.status_code == 404
    assert "There is no public page at this address" in response.text
