"""iCal output (parsed back), the agenda (merge, overlaps), search (ranking,
marks, query counts) and people's pages."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from panels.enums import PanelStatus
from panels.models import AgendaEntry
from papers.enums import PaperStatus
from tests.factories import (
    AuthorshipFactory,
    PanelFactory,
    PanelRoleFactory,
    PaperFactory,
    RoomFactory,
    SectionFactory,
    TimeSlotFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(panel):
    slot = TimeSlotFactory(event=panel.event)
    panel.slot, panel.room = slot, RoomFactory(event=panel.event, name="Aula")
    panel.save()
    return panel


def parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_a_panel_has_its_own_calendar_entry(client, scheduled):
    url = reverse("programme:panel-ical", kwargs={"event": scheduled.event.slug, "code": "P001"})

    [entry] = parse(client.get(url))

    assert str(entry["summary"]) == f"P001 {scheduled.title}"
    assert entry.decoded("dtstart") == scheduled.slot.starts_at
    assert entry.decoded("dtend") == scheduled.slot.ends_at
    assert "Aula" in str(entry["location"])
    assert "Tony Bovaird" in str(entry["description"])
    assert str(entry["uid"]) == f"panel-{scheduled.pk}@testserver"  # SITE_URL's host


def test_the_programme_feed_holds_every_scheduled_public_panel(client, scheduled):
    hidden = PanelFactory(section=scheduled.section, status=PanelStatus.PROPOSED)
    hidden.slot, hidden.room = scheduled.slot, RoomFactory(event=scheduled.event)
    hidden.save()
    PanelFactory(section=scheduled.section)  # public but not scheduled

    entries = parse(
        client.get(reverse("programme:programme-ical", kwargs={"event": scheduled.event.slug}))
    )

    assert [str(e["summary"]).split()[0] for e in entries] == [scheduled.code]


def test_the_agenda_feed_holds_the_starred_panels(client, scheduled):
    url = reverse("programme:agenda-ical", kwargs={"event": scheduled.event.slug})

    entries = parse(client.get(url, {"panels": f"{scheduled.code},NOPE"}))

    assert len(entries) == 1


def test_a_signed_in_attendees_stars_merge_with_the_browsers(client, scheduled):
    user = UserFactory()
    other = PanelFactory(section=scheduled.section)
    AgendaEntry.objects.create(user=user, panel=other)
    client.force_login(user)
    url = reverse("programme:agenda-sync", kwargs={"event": scheduled.event.slug})

    response = client.post(
        url, json.dumps({"merge": [scheduled.code, "NOT-A-PANEL"]}), content_type="application/json"
    )

    assert response.json() == {"panels": sorted([scheduled.code, other.code])}
    assert AgendaEntry.objects.filter(user=user).count() == 2


def test_star_and_unstar_one_panel(client, scheduled):
    user = UserFactory()
    client.force_login(user)
    url = reverse("programme:agenda-sync", kwargs={"event": scheduled.event.slug})

    client.post(url, json.dumps({"star": scheduled.code}), content_type="application/json")
    after = client.post(
        url, json.dumps({"unstar": scheduled.code}), content_type="application/json"
    )

    assert after.json() == {"panels": []}


def test_a_panel_that_is_not_public_cannot_be_starred(client, panel):
    hidden = PanelFactory(section=panel.section, status=PanelStatus.PROPOSED)
    client.force_login(UserFactory())

    client.post(
        reverse("programme:agenda-sync", kwargs={"event": panel.event.slug}),
        json.dumps({"star": hidden.code}),
        content_type="application/json",
    )

    assert not AgendaEntry.objects.exists()


def test_bad_json_is_refused(client, panel):
    client.force_login(UserFactory())

    response = client.post(
        reverse("programme:agenda-sync", kwargs={"event": panel.event.slug}),
        "{not json",
        content_type="application/json",
    )

    assert response.status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        [],  # a list, not an object: answered 500 ('list' has no .get)
        {"merge": 5},  # answered 500 (an int is not iterable)
        {"merge": "P001"},
        {"merge": ["P001", 5]},
        {"merge": ["P\x00"]},  # PostgreSQL cannot compare text holding a NUL
        {"star": {"code": "P001"}},
        {"star": "P\x00"},
        {"unstar": "x" * 21},
    ],
    ids=lambda body: repr(body)[:20],
)
def test_an_agenda_sync_body_of_the_wrong_shape_is_refused_and_changes_nothing(client, panel, body):
    user = UserFactory()
    AgendaEntry.objects.create(user=user, panel=panel)
    client.force_login(user)

    response = client.post(
        reverse("programme:agenda-sync", kwargs={"event": panel.event.slug}),
        json.dumps(body),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(AgendaEntry.objects.values_list("panel__code", flat=True)) == [panel.code]


def test_json_nested_beyond_the_parser_is_refused(client, panel):
    client.force_login(UserFactory())

    response = client.post(
        reverse("programme:agenda-sync", kwargs={"event": panel.event.slug}),
        "[" * 100_000,
        content_type="application/json",
    )

    assert response.status_code == 400


@pytest.mark.parametrize("name", ["agenda", "agenda-ical"])
def test_an_agenda_address_with_a_malformed_panel_code_is_a_bad_request(client, panel, name):
    url = reverse(f"programme:{name}", kwargs={"event": panel.event.slug})

    response = client.get(url, {"panels": f"{panel.code},P\x00"})

    assert response.status_code == 400


@pytest.mark.parametrize("name", ["programme:search", "programme:event-detail", "papers:propose"])
def test_a_search_query_holding_a_nul_character_is_a_bad_request(client, panel, name):
    # On PostgreSQL it answered 500: text holding a NUL cannot be compared there.
    client.force_login(UserFactory())  # the proposal page is for signed-in authors

    response = client.get(reverse(name, kwargs={"event": panel.event.slug}), {"q": "P\x00"})

    assert response.status_code == 400


def test_a_long_search_query_is_cut_not_refused(client, panel):
    response = client.get(
        reverse("programme:search", kwargs={"event": panel.event.slug}),
        {"q": panel.title + " " + "x" * 300},
    )

    assert response.status_code == 200
    assert response.context["query"] == (panel.title + " " + "x" * 300)[:200]


def test_the_agenda_page_lists_by_time_and_warns_of_overlaps(client, scheduled):
    clash = PanelFactory(section=scheduled.section, title="Same Time")
    clash.slot, clash.room = scheduled.slot, RoomFactory(event=scheduled.event)
    clash.save()
    url = reverse("programme:agenda", kwargs={"event": scheduled.event.slug})

    response = client.get(url, {"panels": f"{clash.code},{scheduled.code}"})

    assert [p.code for p in response.context["panels"]] == sorted([scheduled.code, clash.code])
    assert "Overlaps with" in response.text


def test_the_agenda_of_a_signed_in_attendee_comes_from_the_server(client, scheduled):
    user = UserFactory()
    AgendaEntry.objects.create(user=user, panel=scheduled)
    client.force_login(user)

    response = client.get(reverse("programme:agenda", kwargs={"event": scheduled.event.slug}))

    assert [p.code for p in response.context["panels"]] == [scheduled.code]


def search(client, event, query):
    return client.get(reverse("programme:search", kwargs={"event": event.slug}), {"q": query})


def test_search_finds_panels_papers_and_people_and_marks_the_words(client, panel):
    paper = PaperFactory(panel=panel, title="Coproduction in Welsh health boards")
    AuthorshipFactory(paper=paper, name="Gwen Coproduction-Jones")

    response = search(client, panel.event, "coproduction")

    results = response.context["results"]
    assert [p.title for p in results.papers] == [paper.title]
    assert [p["name"] for p in results.people] == ["Gwen Coproduction-Jones"]
    assert "<mark>Coproduction</mark> in Welsh health boards" in response.text


def test_search_ranks_a_title_match_above_an_abstract_match(client, panel):
    in_abstract = PanelFactory(
        section=panel.section, title="Local Services", abstract="About federalism and more."
    )
    in_title = PanelFactory(
        section=panel.section, title="Federalism Reconsidered", abstract="Nothing else."
    )

    response = search(client, panel.event, "federalism")

    assert [p.pk for p in response.context["results"].panels] == [in_title.pk, in_abstract.pk]


def test_search_never_finds_what_is_not_public(client, panel):
    PaperFactory(panel=panel, title="Secret zebra paper", status=PaperStatus.SUBMITTED)
    PanelFactory(section=panel.section, title="Zebra panel", status=PanelStatus.PROPOSED)

    response = search(client, panel.event, "zebra")

    assert response.context["results"].count == 0
    assert "Nothing matches" in response.text


def test_search_escapes_what_people_typed(client, panel):
    PaperFactory(panel=panel, title="<script>alert(1)</script> zebra")

    response = search(client, panel.event, "zebra")

    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_search_never_finds_another_events_panels_papers_or_people(client, panel):
    other = PanelFactory(title="Zebra panel elsewhere")
    PaperFactory(panel=other, title="Zebra paper elsewhere")
    PanelRoleFactory(panel=other, name="Zebra Chair")

    response = search(client, panel.event, "zebra")

    assert response.context["results"].count == 0


def test_search_finds_a_panel_by_its_chair_not_by_its_discussant(client, panel):
    by_chair = search(client, panel.event, "bovaird").context["results"]
    by_discussant = search(client, panel.event, "discussant").context["results"]

    assert [p.pk for p in by_chair.panels] == [panel.pk]
    assert by_discussant.panels == []
    assert [p["name"] for p in by_discussant.people] == ["Dana Discussant"]


def test_search_lists_ranked_text_matches_before_panels_found_by_a_paper(client, panel):
    by_paper = PanelFactory(section=panel.section, title="Local Services", abstract="Other.")
    PaperFactory(panel=by_paper, title="Federalism in Wales")
    in_title = PanelFactory(section=panel.section, title="Federalism Reconsidered")

    response = search(client, panel.event, "federalism")

    assert [p.pk for p in response.context["results"].panels] == [in_title.pk, by_paper.pk]


@pytest.mark.parametrize("size", [1, 10])
def test_search_makes_the_same_queries_whatever_the_size(client, django_assert_num_queries, size):
    section = SectionFactory()
    for n in range(size):
        panel = PanelFactory(section=section, title=f"Governance {n}")
        paper = PaperFactory(panel=panel, title=f"Governance paper {n}")
        AuthorshipFactory(paper=paper, name=f"Governance Person {n}")

    # event, panels and papers by text then by keyword, roles, authors; + moments
    with django_assert_num_queries(9):
        search(client, section.event, "governance")


def test_a_persons_page_shows_roles_and_accepted_papers_never_an_email(client, panel):
    paper = PaperFactory(panel=panel, title="Her Accepted Paper")
    author = AuthorshipFactory(paper=paper, name="Tony Bovaird", email="tony@example.org")
    PaperFactory(panel=panel, title="Her Rejected Paper", status=PaperStatus.REJECTED)

    response = client.get(
        reverse("programme:person", kwargs={"event": panel.event.slug, "person": author.person_ref})
    )

    text = response.text
    assert '<h1 class="h2" dir="auto">Tony Bovaird</h1>' in text
    assert "University of Birmingham" in text
    assert panel.title in text
    assert "Her Accepted Paper" in text
    assert "Her Rejected Paper" not in text
    assert "tony@example.org" not in text


def test_nobody_of_that_name_is_a_404(client, panel):
    url = reverse("programme:person", kwargs={"event": panel.event.slug, "person": "nobody"})

    assert client.get(url).status_code == 404


def test_the_panel_page_links_its_people(client, panel):
    chair = panel.roles.get(name="Tony Bovaird")

    response = client.get(panel.get_absolute_url())

    assert chair.person_ref.startswith("tony-bovaird-")
    assert (
        reverse("programme:person", kwargs={"event": panel.event.slug, "person": chair.person_ref})
        in response.text
    )


def test_the_event_in_the_past_still_has_its_programme_without_now_and_next(client, scheduled):
    scheduled.slot.starts_at = timezone.now() - timedelta(days=400)
    scheduled.slot.ends_at = scheduled.slot.starts_at + timedelta(hours=1)
    scheduled.slot.save()

    response = client.get(reverse("programme:programme", kwargs={"event": scheduled.event.slug}))

    assert response.context["now_slot"] is None
    assert scheduled.title in response.text


def test_search_finds_panels_and_papers_by_their_keywords(client, panel):
    keyword = panel.event.keywords.create(name="deliberation")
    panel.keywords.add(keyword)
    paper = PaperFactory(panel=panel, title="Untitled")
    paper.keywords.add(keyword)

    response = search(client, panel.event, "deliberation")

    assert [p.pk for p in response.context["results"].panels] == [panel.pk]
    assert [p.pk for p in response.context["results"].papers] == [paper.pk]


@pytest.mark.parametrize("size", [1, 8])
def test_the_agenda_and_a_persons_page_make_the_same_queries_whatever_the_size(
    client, django_assert_num_queries, size
):
    section = SectionFactory()
    codes = []
    for n in range(size):
        panel = PanelFactory(section=section)
        panel.slot = TimeSlotFactory(
            event=section.event,
            starts_at=timezone.now() + timedelta(days=90, hours=2 * n),
            ends_at=timezone.now() + timedelta(days=90, hours=2 * n + 1),
        )
        panel.room = RoomFactory(event=section.event)
        panel.save()
        chair = PanelRoleFactory(panel=panel, name="Frequent Chair")
        paper = PaperFactory(panel=panel)
        AuthorshipFactory(paper=paper, name="Frequent Chair")
        codes.append(panel.code)
    event = section.event

    # event, panels, their people; + the page cache's moments (event, slots)
    with django_assert_num_queries(5):
        client.get(
            reverse("programme:agenda", kwargs={"event": event.slug}), {"panels": ",".join(codes)}
        )
    # event, roles, authorships (the moments are cached since the agenda)
    with django_assert_num_queries(3):
        client.get(
            reverse("programme:person", kwargs={"event": event.slug, "person": chair.person_ref})
        )
