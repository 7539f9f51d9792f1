"""The organisers' dashboard on the admin home and the clash report: every figure
links to a list of exactly the rows it counts, the pages cost the same number of
queries whatever the size of the event, and nobody sees another event's figures."""

import datetime as dt
import html
import itertools
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import EmailLog
from panels.enums import PanelStatus, PaperDecider, RoleKind
from panels.models import Panel
from papers.enums import PaperStatus
from programme.services import check_schedule, event_clashes
from tests.admin_forms import change_url, sign_in_organiser
from tests.factories import (
    AuthorshipFactory,
    EventFactory,
    PanelFactory,
    PanelRoleFactory,
    PaperFactory,
    RoomFactory,
    SectionFactory,
    TimeSlotFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def at(event, hour, minute=0, day=0):
    date = event.start_date + dt.timedelta(days=day)
    return dt.datetime.combine(date, dt.time(hour, minute), tzinfo=event.tz)


def build_event(size, *, name="Conference A", decided_by=PaperDecider.PANEL_CHAIRS):
    """An event with `size` accepted panels in two sections, each with a chair who
    has an account, a co-chair known by address only, a discussant, papers of every
    status (one panel in three below the minimum, one in three full), papers in the
    pools, proposed panels, failed and sent emails, and a programme with one person
    clash and one room clash across overlapping slots, whatever `size`."""
    event = EventFactory(
        name=name,
        papers_decided_by=decided_by,
        min_papers_per_panel=2,
        max_papers_per_panel=3,
    )
    sections = [SectionFactory(event=event, chair=UserFactory()) for _ in range(2)]
    early = TimeSlotFactory(event=event, starts_at=at(event, 9), ends_at=at(event, 10, 45))
    late = TimeSlotFactory(event=event, starts_at=at(event, 10), ends_at=at(event, 11, 30))
    rooms = [RoomFactory(event=event) for _ in range(size + 2)]
    panels = []
    for i in range(size):
        panel = PanelFactory(section=sections[i % 2])
        PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=UserFactory())
        PanelRoleFactory(panel=panel, kind=RoleKind.CO_CHAIR, email=f"co{panel.pk}@example.org")
        PanelRoleFactory(panel=panel, kind=RoleKind.DISCUSSANT)
        accepted = [1, 2, 3][i % 3]  # below the minimum, enough, full
        for status in [PaperStatus.ACCEPTED] * accepted + [
            PaperStatus.SUBMITTED,
            PaperStatus.SUBMITTED,
            PaperStatus.RESERVE,
            PaperStatus.REJECTED,
        ]:
            AuthorshipFactory(paper=PaperFactory(panel=panel, status=status))
        panels.append(panel)
    for section in sections:
        PaperFactory(panel=None, section=section, event=event, status=PaperStatus.SUBMITTED)
        PaperFactory(panel=None, section=section, event=event, status=PaperStatus.WITHDRAWN)
        PanelFactory(section=section, status=PanelStatus.PROPOSED)
    # A panel nobody chairs, with a paper waiting: the organisers must decide it.
    PaperFactory(panel=PanelFactory(section=sections[0]), status=PaperStatus.SUBMITTED)
    # The programme: every panel in a room of its own, in one of two slots that overlap.
    for i, panel in enumerate(panels):
        panel.slot, panel.room = (early, late)[i % 2], rooms[i]
        panel.save()
    # A person in two places at once: the first panel's chair is the second's discussant.
    chair = panels[0].roles.get(kind=RoleKind.CHAIR)
    PanelRoleFactory(
        panel=panels[1], kind=RoleKind.DISCUSSANT, user=chair.user, name=chair.name, position=99
    )
    # A room holding two panels (saved around the check, as old data may be).
    PanelFactory(section=sections[1], slot=late, room=panels[0].room)
    for status in ("failed", "failed", "sent"):
        EmailLog.objects.create(
            to="x@example.org", subject="s", template="t", event=event, status=status
        )
    return event


def organiser_section(response) -> str:
    content = response.content.decode()
    start = content.find('class="module colloquy-organiser"')
    end = content.find('id="content-main"', start)  # Django's list of models follows
    return content[start:end] if start >= 0 else ""


def figures(section_html: str) -> list[tuple[str, int]]:
    """The links of the organisers' dashboard and the number each shows."""
    return [
        (html.unescape(url), int(n))
        for url, n in re.findall(r'<a href="([^"]+)">(\d+)</a>', section_html)
    ]


@pytest.fixture
def event():
    return build_event(3)


def test_every_figure_links_to_a_list_of_exactly_the_rows_it_counts(client, event):
    sign_in_organiser(client, event)
    shown = figures(organiser_section(client.get(reverse("admin:index"))))
    assert len(shown) > 20
    for url, count in shown:
        response = client.get(url)
        assert response.status_code == 200, url
        if "/clashes/" in url:
            assert response.content.decode().count('class="clash clash-') == count
        else:
            changelist = response.context_data["cl"]
            assert (url, changelist.result_count) == (url, count)
            assert f"event__id__exact={event.pk}" in url


def test_the_figures_count_what_the_event_holds(client, event):
    sign_in_organiser(client, event)
    shown = {
        label: int(n)
        for label, n in re.findall(
            r'<th scope="row">([^<]+)</th><td><a href="[^"]+">(\d+)</a>',
            organiser_section(client.get(reverse("admin:index"))),
        )
    }
    # The first of three (1 accepted of 2), the chairless one and the extra one (none).
    assert shown["Panels below their minimum"] == 3
    assert shown["Full panels"] == 1  # the third: 3 of 3
    assert shown["Papers waiting in section pools"] == 2  # withdrawn ones left out
    assert shown["Papers on the reserve list"] == 3
    assert shown["Papers awaiting a decision"] == 3 * 2 + 1
    assert shown["Failed emails"] == 2
    assert shown["Clashes in the programme"] == 2
    assert shown["nobody: no chair named"] == 1
    chair = Panel.objects.filter(event=event, roles__kind=RoleKind.CHAIR).first().roles.first()
    assert shown[chair.user.name] == 2
    co_chair = chair.panel.roles.get(kind=RoleKind.CO_CHAIR)
    assert shown[f"{co_chair.name} &lt;co{chair.panel.pk}@example.org&gt;"] == 2


def test_a_chairs_list_of_waiting_papers_follows_the_events_rule_on_who_decides(client):
    event = build_event(2, decided_by=PaperDecider.SECTION_CHAIRS)
    sign_in_organiser(client, event)
    section = event.sections.order_by("code").first()
    papers = reverse("admin:papers_paper_changelist")
    url = f"{papers}?event__id__exact={event.pk}&decider=u{section.chair_id}"
    response = client.get(url)
    titles = {paper.title for paper in response.context_data["cl"].result_list}
    expected = set(
        section.papers.filter(status=PaperStatus.SUBMITTED, panel__isnull=False).values_list(
            "title", flat=True
        )
    )
    assert titles == expected
    assert expected
    # A panel's chair does not decide here: nothing waits for her.
    panel_chair = Panel.objects.filter(event=event).first().roles.get(kind=RoleKind.CHAIR)
    response = client.get(url.replace(f"u{section.chair_id}", f"u{panel_chair.user_id}"))
    assert response.context_data["cl"].result_count == 0


@pytest.mark.parametrize("value", ["abc", "u", "u99999999999999999999999", "e-nobody", "<script>"])
def test_a_decider_typed_wrong_in_the_address_shows_the_whole_list_with_a_message(
    client, event, value
):
    sign_in_organiser(client, event)
    response = client.get(reverse("admin:papers_paper_changelist"), {"decider": value}, follow=True)
    assert response.status_code == 200
    assert "The filter in the address was not understood" in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "<b>", ""])
def test_a_fill_typed_wrong_in_the_address_shows_the_whole_list(client, event, value):
    sign_in_organiser(client, event)
    response = client.get(reverse("admin:panels_panel_changelist"), {"fill": value}, follow=True)
    assert response.status_code == 200


def test_calls_and_deadlines_show_the_time_left_in_the_events_zone(client, time_machine):
    event = EventFactory(time_zone="America/New_York")
    now = dt.datetime(2030, 3, 1, 12, tzinfo=dt.UTC)
    time_machine.move_to(now, tick=False)
    event.panel_call_opens, event.panel_call_closes = (
        now - dt.timedelta(days=60),
        now - dt.timedelta(days=30),
    )
    event.paper_call_opens = now + dt.timedelta(days=2, hours=3)
    event.paper_call_closes = now + dt.timedelta(days=20)
    event.decision_deadline = now + dt.timedelta(days=40)
    event.save()
    sign_in_organiser(client, event)
    text = re.sub(r"\s+", " ", organiser_section(client.get(reverse("admin:index"))))
    assert "When (America/New_York)" in text
    assert re.search(r"Panel call</th>.*?</td> <td class=\"moment-over\">closed</td>", text)
    assert '<td class="moment-live">opens in 2 days, 3 hours</td>' in text
    assert '<td class="moment-live">1 month, 1 week left</td>' in text
    # 15:00 UTC is 10:00 in New York on 3 March 2030 (standard time).
    assert '<time datetime="2030-03-03T10:00:00-05:00">March 3, 2030, 10 a.m.</time>' in text


def test_an_organiser_sees_nothing_of_another_event(client, event):
    other = build_event(2, name="Other Conference")
    sign_in_organiser(client, event)
    page = organiser_section(client.get(reverse("admin:index")))
    assert "Conference A" in page
    assert "Other Conference" not in page
    for section in other.sections.all():
        assert section.title not in page
    assert f"event__id__exact={other.pk}" not in page
    report = client.get(reverse("admin:panels_event_clashes", args=[other.pk]))
    assert report.status_code == 404
    assert "Other Conference" not in report.content.decode()


def test_a_chair_sees_no_organisers_figures_and_no_clash_report(client, event):
    chair = Panel.objects.filter(event=event).first().roles.get(kind=RoleKind.CHAIR).user
    client.force_login(chair)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "Your panels" in response.content.decode()
    assert organiser_section(response) == ""
    report = client.get(reverse("admin:panels_event_clashes", args=[event.pk]))
    assert report.status_code == 404


def test_a_superuser_sees_the_latest_events_only(client):
    events = [EventFactory(start_date=dt.date(2030, 1, 1) + dt.timedelta(days=i)) for i in range(7)]
    client.force_login(UserFactory(is_superuser=True))
    page = organiser_section(client.get(reverse("admin:index")))
    shown = [e for e in events if f'id="event-{e.pk}-heading"' in page]
    assert shown == events[2:]


def test_the_clash_report_lists_each_clash_with_both_panels_and_their_times(client, event):
    sign_in_organiser(client, event)
    response = client.get(reverse("admin:panels_event_clashes", args=[event.pk]))
    content = response.content.decode()
    clashes = event_clashes(event)
    assert sorted(c.kind for c in clashes) == ["person", "room"]
    for clash in clashes:
        for placed in (clash.first, clash.second):
            assert reverse("admin:panels_panel_change", args=[placed.panel.pk]) in content
    assert "09:00-10:45" in content
    assert "10:00-11:30" in content
    person = next(c for c in clashes if c.kind == "person")
    assert person.what in content
    # The check that refuses clashes finds the same: placing the first panel again.
    with pytest.raises(ValidationError, match=r"same time|already used"):
        check_schedule(panel=person.first.panel, slot=person.first.slot, room=person.first.room)


def test_an_event_without_clashes_says_so(client):
    event = EventFactory()
    sign_in_organiser(client, event)
    response = client.get(reverse("admin:panels_event_clashes", args=[event.pk]))
    assert "No clashes" in response.content.decode()


def test_the_events_page_links_to_its_clash_report(client, event):
    sign_in_organiser(client, event)
    response = client.get(change_url(event))
    assert reverse("admin:panels_event_clashes", args=[event.pk]) in response.content.decode()


def test_the_dashboard_is_marked_up_with_table_headers_and_headings_in_order(client, event):
    sign_in_organiser(client, event)
    content = client.get(reverse("admin:index")).content.decode()
    levels = [int(n) for n in re.findall(r"<h([1-6])", content)]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    section = organiser_section(client.get(reverse("admin:index")))
    assert section.count("<table") == section.count("<thead>") > 0
    assert section.count('<th scope="row">') > 10


@pytest.mark.parametrize("size", [3, 30])
def test_the_admin_home_costs_the_same_queries_whatever_the_size(
    client, django_assert_num_queries, size
):
    event = build_event(size)
    sign_in_organiser(client, event)
    with django_assert_num_queries(QUERIES_HOME):
        response = client.get(reverse("admin:index"))
    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_the_clash_report_costs_the_same_queries_whatever_the_size(
    client, django_assert_num_queries, size
):
    event = build_event(size)
    sign_in_organiser(client, event)
    with django_assert_num_queries(QUERIES_CLASHES):
        response = client.get(reverse("admin:panels_event_clashes", args=[event.pk]))
    assert response.status_code == 200


QUERIES_HOME = 20
QUERIES_CLASHES = 11
