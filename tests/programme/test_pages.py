import pytest
from django.urls import reverse

from papers.enums import PaperStatus
from tests.factories import (
    AuthorshipFactory,
    EventFactory,
    PanelFactory,
    PanelRoleFactory,
    PaperFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db


def test_home_goes_straight_to_the_only_published_event(client):
    event = EventFactory()
    EventFactory(is_published=False)

    response = client.get("/")

    assert response.status_code == 302
    assert response.url == event.get_absolute_url()


def test_the_event_page_shows_its_sections_and_panels_with_their_chairs(client, panel):
    other_section = SectionFactory(event=panel.event, code="S99", title="Methods")
    PanelFactory(section=other_section, title="Survey Experiments")

    response = client.get(panel.event.get_absolute_url())

    assert response.status_code == 200
    text = response.text
    assert f'<h1 class="h2 mb-1">{panel.event.name}</h1>' in text
    assert panel.event.venue in text
    assert panel.section.title in text
    assert "Methods" in text
    assert "Survey Experiments" in text
    assert f'href="{panel.get_absolute_url()}"' in text
    assert "Tony Bovaird" in text
    assert "Dana Discussant" not in text  # the list shows chairs only


def search(client, event, query):
    return client.get(reverse("programme:search", kwargs={"event": event.slug}), {"q": query})


@pytest.mark.parametrize(
    "query",
    ["citizen participation", "second paragraph", "bovaird", "coproduction outcomes", "P001"],
)
def test_the_event_search_finds_panels_by_title_abstract_chair_and_paper_title(
    client, panel, query
):
    PaperFactory(panel=panel, title="Coproduction outcomes in Wales")
    PanelFactory(section=panel.section, title="Unrelated", abstract="Nothing to see.")

    response = search(client, panel.event, query)

    assert list(response.context["results"].panels) == [panel]
    assert f'href="{panel.get_absolute_url()}"' in response.text


def test_a_search_with_no_match_says_so(client, panel):
    response = search(client, panel.event, "xylophone")

    assert response.context["results"].count == 0
    assert "Nothing matches" in response.text


def test_the_event_pages_box_submits_to_the_one_search(client, panel):
    url = reverse("programme:search", kwargs={"event": panel.event.slug})

    response = client.get(panel.event.get_absolute_url())

    assert f'<form method="get" action="{url}" role="search">' in response.text


def test_an_event_page_address_with_a_query_goes_to_the_same_results(client, panel):
    PaperFactory(panel=panel, title="Coproduction outcomes in Wales")

    response = client.get(panel.event.get_absolute_url(), {"q": " bovaird coproduction "})

    url = reverse("programme:search", kwargs={"event": panel.event.slug})
    assert response.status_code == 301
    assert response.url == f"{url}?q=bovaird+coproduction"
    results = client.get(response.url).context["results"]
    assert [p.pk for p in results.panels] == [panel.pk]


def test_the_event_page_is_paginated(client):
    section = SectionFactory()
    PanelFactory.create_batch(31, section=section)

    first = client.get(section.event.get_absolute_url())
    second = client.get(section.event.get_absolute_url(), {"page": 2})

    assert len(first.context["panels"]) == 30
    assert len(second.context["panels"]) == 1
    assert "Page 1 of 2" in first.text
    assert 'rel="next"' in first.text


def test_the_panel_page_shows_code_title_people_abstract_and_papers_in_order(client, panel):
    PanelRoleFactory(panel=panel, kind="co_chair", name="Cora Cochair", affiliation="KU Leuven")
    second = PaperFactory(panel=panel, title="Second Paper", position=2)
    first = PaperFactory(panel=panel, title="First Paper", position=1)
    AuthorshipFactory(paper=first, name="Ann Author")

    response = client.get(panel.get_absolute_url())

    text = response.text
    assert panel.code in text
    assert f'<h1 class="h2">{panel.title}</h1>' in text
    assert "Tony Bovaird" in text
    assert "University of Birmingham" in text
    assert "Cora Cochair" in text
    assert "Dana Discussant" in text
    assert "<p>A panel abstract.</p>\n\n<p>Its second paragraph.</p>" in text
    assert text.index("First Paper") < text.index("Second Paper")
    assert "Ann Author" in text
    assert f'href="{first.get_absolute_url()}"' in text
    assert f'href="{second.get_absolute_url()}"' in text


def test_the_paper_page_shows_authors_abstract_keywords_and_its_panel(client, panel):
    paper = PaperFactory(panel=panel, abstract="Para one.\n\nPara two.")
    keyword = paper.event.keywords.create(name="co-production")
    paper.keywords.add(keyword)
    AuthorshipFactory(paper=paper, name="Pia Presenter", affiliation="Lund University")
    AuthorshipFactory(paper=paper, name="Carl Coauthor", is_presenter=False)

    response = client.get(paper.get_absolute_url())

    text = response.text
    assert f'<h1 class="h2">{paper.title}</h1>' in text
    assert "Pia Presenter" in text
    assert "Lund University" in text
    assert text.count(">presenter</span>") == 1
    assert "<p>Para one.</p>\n\n<p>Para two.</p>" in text
    assert "co-production" in text
    assert f'href="{panel.get_absolute_url()}"' in text


def test_text_that_people_typed_is_escaped_on_every_page(client):
    hostile = '<script>alert("x")</script><b>bold</b>'
    panel = PanelFactory(title=hostile, abstract=hostile)
    PanelRoleFactory(panel=panel, name=hostile, affiliation=hostile)
    paper = PaperFactory(panel=panel, title=hostile, abstract=hostile)
    AuthorshipFactory(paper=paper, name=hostile, affiliation=hostile)

    pages = [
        client.get(panel.event.get_absolute_url()),
        client.get(panel.get_absolute_url()),
        client.get(paper.get_absolute_url()),
    ]

    for page in pages:
        assert "<script>alert" not in page.text
        assert "<b>bold</b>" not in page.text
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page.text


def test_every_public_page_has_a_language_title_description_and_landmarks(client, panel):
    paper = PaperFactory(panel=panel)

    for url in (
        panel.event.get_absolute_url(),
        panel.get_absolute_url(),
        paper.get_absolute_url(),
    ):
        text = client.get(url).text
        assert '<html lang="en">' in text
        assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
        assert '<meta name="description" content="' in text
        assert '<main id="main"' in text
        assert 'href="#main"' in text
        assert text.count("<h1") == 1


def test_pages_are_styled_from_our_own_static_files_under_a_strict_csp(client, panel):
    response = client.get(panel.get_absolute_url())

    assert '<link rel="stylesheet" href="/static/bootstrap/css/bootstrap.min.css">' in response.text
    assert "//cdn" not in response.text
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "'unsafe-inline'" not in csp


@pytest.mark.parametrize("size", [1, 12])
def test_the_event_page_makes_the_same_queries_whatever_the_events_size(
    client, django_assert_num_queries, make_papers, size
):
    event = EventFactory()
    for _ in range(size):
        panel = PanelFactory(section=SectionFactory(event=event))
        PanelRoleFactory.create_batch(2, panel=panel)
        make_papers(panel, 2)

    # event, count, panels, their people; and, once per version, the event's moments
    # (event, slots) for the page cache
    with django_assert_num_queries(6):
        response = client.get(event.get_absolute_url())
    assert len(response.context["panels"]) == size


@pytest.mark.parametrize("size", [1, 12])
def test_a_search_makes_the_same_queries_whatever_the_events_size(
    client, django_assert_num_queries, make_papers, size
):
    event = EventFactory()
    for _ in range(size):
        panel = PanelFactory(section=SectionFactory(event=event), title="Governance panel")
        PanelRoleFactory.create_batch(2, panel=panel)
        make_papers(panel, 2)

    # event; panels ranked, then by keyword, chair or paper; papers ranked, then by
    # keyword; roles; authors; + the event's moments (event, slots)
    with django_assert_num_queries(9):
        response = search(client, event, "governance panel")
    assert len(response.context["results"].panels) == size


@pytest.mark.parametrize("size", [1, 5])
def test_the_panel_page_makes_the_same_queries_whatever_the_panels_size(
    client, django_assert_num_queries, make_papers, panel, size
):
    make_papers(panel, size)
    make_papers(panel, size, status=PaperStatus.REJECTED)
    PanelRoleFactory.create_batch(size, panel=panel)

    # panel with event and section, people, keywords, papers, their authors; + moments
    with django_assert_num_queries(7):
        response = client.get(panel.get_absolute_url())
    assert len(response.context["panel"].public_papers) == size


@pytest.mark.parametrize("size", [1, 6])
def test_the_paper_page_makes_the_same_queries_whatever_the_papers_size(
    client, django_assert_num_queries, panel, size
):
    paper = PaperFactory(panel=panel)
    AuthorshipFactory.create_batch(size, paper=paper)

    # paper with event, panel and section, authors, keywords; + moments
    with django_assert_num_queries(5):
        client.get(paper.get_absolute_url())


@pytest.mark.parametrize("size", [2, 9])
def test_the_home_page_makes_the_same_queries_whatever_the_number_of_events(
    client, django_assert_num_queries, size
):
    EventFactory.create_batch(size)

    with django_assert_num_queries(2):  # the two-event probe, then the list
        response = client.get(reverse("programme:home"))
    assert len(response.context["events"]) == size
