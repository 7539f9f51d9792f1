"""A panel cancelled once accepted takes no paper with it: its papers go back to the
section's pool (or into a panel chosen), every author is told, the history says so,
and nothing of it stays public. Merging two short panels is one such cancellation."""

import datetime as dt
from email import message_from_string
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from panels import services as panel_services
from panels.enums import PanelStatus, RoleKind
from panels.models import Panel, PanelRole, PanelStatusChange
from papers.enums import PaperStatus
from papers.models import Paper, PaperStatusChange
from papers.services import panel_cancel, panel_merge
from programme.services import panel_schedule
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


@pytest.fixture
def section():
    return SectionFactory(event=EventFactory(min_papers_per_panel=3, max_papers_per_panel=5))


@pytest.fixture
def organiser(section):
    user = UserFactory(email="org@example.org")
    section.event.organisers.add(user)
    return user


def papers_of(panel, *statuses):
    """One paper per status, with two authors each, in `panel`."""
    papers = []
    for position, status in enumerate(statuses, 1):
        paper = PaperFactory(
            panel=panel,
            status=status,
            position=position if status == PaperStatus.ACCEPTED else 0,
            title=f"Paper {position} of {panel.code}",
        )
        AuthorshipFactory.create_batch(2, paper=paper)
        papers.append(paper)
    return papers


@pytest.fixture
def cancelled(section):
    """P070, accepted, with a chair and papers in every status."""
    panel = PanelFactory(section=section, code="P070", title="Co-Production")
    PanelRoleFactory(panel=panel, name="Tony Bovaird", email="tony@example.org")
    papers = papers_of(
        panel,
        PaperStatus.ACCEPTED,
        PaperStatus.ACCEPTED,
        PaperStatus.RESERVE,
        PaperStatus.SUBMITTED,
        PaperStatus.REJECTED,
        PaperStatus.WITHDRAWN,
    )
    return panel, papers


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


# Back to the section's pool --------------------------------------------------------


def test_cancelling_an_accepted_panel_sends_its_papers_in_play_back_to_the_pool(
    cancelled, organiser
):
    panel, papers = cancelled

    panel_cancel(panel=panel, by=organiser, message="The chair fell ill.")

    assert fresh(panel).status == PanelStatus.REJECTED
    moved = [fresh(p) for p in papers[:4]]
    assert [(p.status, p.panel_id, p.position, p.section_id) for p in moved] == [
        (PaperStatus.SUBMITTED, None, 0, panel.section_id)
    ] * 4
    # Rejected and withdrawn papers stay where they were decided.
    assert [(fresh(p).status, fresh(p).panel_id) for p in papers[4:]] == [
        (PaperStatus.REJECTED, panel.pk),
        (PaperStatus.WITHDRAWN, panel.pk),
    ]


def test_each_moved_paper_keeps_its_history_with_the_panel_it_left(cancelled, organiser):
    panel, papers = cancelled

    panel_cancel(panel=panel, by=organiser, message="The chair fell ill.")

    rows = PaperStatusChange.objects.filter(paper__in=papers).order_by("paper_id")
    assert [
        (r.paper_id, r.from_status, r.to_status, r.from_panel_id, r.to_panel_id, r.by, r.message)
        for r in rows
    ] == [
        (p.pk, p.status, PaperStatus.SUBMITTED, panel.pk, None, organiser, "The chair fell ill.")
        for p in papers[:4]
    ]


def test_the_panels_history_says_where_its_papers_went_and_that_it_was_rejected(
    cancelled, organiser
):
    panel, papers = cancelled

    panel_cancel(panel=panel, by=organiser, message="Sorry.")

    rows = list(PanelStatusChange.objects.filter(panel=panel).order_by("pk"))
    titles = "; ".join(p.title for p in papers[:4])
    assert [(r.from_status, r.to_status, r.changes, r.message) for r in rows] == [
        (
            PanelStatus.ACCEPTED,
            PanelStatus.ACCEPTED,
            {"papers": [titles, "the section's pool"]},
            "",
        ),
        (PanelStatus.ACCEPTED, PanelStatus.REJECTED, {}, "Sorry."),
    ]


def test_withdrawing_an_accepted_panel_moves_its_papers_the_same_way(cancelled, organiser):
    panel, _papers = cancelled

    panel_cancel(panel=panel, by=organiser, status=PanelStatus.WITHDRAWN)

    assert fresh(panel).status == PanelStatus.WITHDRAWN
    assert Paper.objects.filter(panel=panel).count() == 2  # the rejected and withdrawn ones


def test_cancelled_papers_no_longer_count_as_accepted_anywhere(cancelled, organiser):
    panel, papers = cancelled

    panel_cancel(panel=panel, by=organiser)

    assert not Paper.objects.filter(pk__in=[p.pk for p in papers]).accepted().exists()
    assert not Paper.objects.public().exists()
    assert not Panel.objects.public().exists()


# Every author is told ----------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.text = [], ""

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.links.append(dict(attrs)["href"])

    def handle_data(self, data):
        self.text += data


def html_part(message):
    parsed = message_from_string(message.message().as_string())
    html = next(p for p in parsed.walk() if p.get_content_type() == "text/html")
    return html.get_payload(decode=True).decode(html.get_content_charset())


def test_every_author_of_a_moved_paper_is_told_once(
    cancelled, organiser, django_capture_on_commit_callbacks
):
    panel, papers = cancelled

    with django_capture_on_commit_callbacks(execute=True):
        panel_cancel(panel=panel, by=organiser, message="Sorry.")

    told = sorted(m.to[0] for m in mail.outbox if "is cancelled" in m.subject)
    authors = sorted(a.email for p in papers[:4] for a in p.authorships.all())
    assert told == authors
    # The chair and proposers hear that it is cancelled, not that it was "not accepted".
    (chair,) = [m for m in mail.outbox if m.to == ["tony@example.org"]]
    assert chair.subject.endswith("Panel P070 cancelled: Co-Production")
    assert "Panel P070 at" in chair.body
    assert "has been cancelled" in chair.body
    assert "not accepted" not in chair.body


def test_the_authors_email_has_the_text_and_a_link_escaped_once(
    section, organiser, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://colloquy.example.org"
    panel = PanelFactory(section=section, code="P071", title="Law & <Order>")
    paper = PaperFactory(panel=panel, title="Ties & <b>bonds</b>", position=1)
    AuthorshipFactory(paper=paper, email="ada@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        panel_cancel(panel=panel, by=organiser, message="Sorry & <i>regrets</i>.")

    (sent,) = [m for m in mail.outbox if m.to == ["ada@example.org"]]
    assert sent.subject.endswith("Panel P071 is cancelled: Ties & <b>bonds</b>")
    assert "Ties & <b>bonds</b>" in sent.body
    assert "Sorry & <i>regrets</i>." in sent.body
    html = html_part(sent)
    assert "Ties &amp; &lt;b&gt;bonds&lt;/b&gt;" in html
    assert "&amp;amp;" not in html
    page = _Page()
    page.feed(html)
    assert page.links == ["https://colloquy.example.org" + reverse("papers:my-proposals")]
    text = " ".join(page.text.split())
    assert "Panel P071 Law & <Order>" in text
    assert "Sorry & <i>regrets</i>." in text
    assert f"goes back to the pool of section {section.code}" in text


def test_a_rolled_back_cancellation_tells_nobody(
    cancelled, organiser, django_capture_on_commit_callbacks
):
    panel, _papers = cancelled
    full = PanelFactory(section=panel.section, max_papers=1)
    papers_of(full, PaperStatus.ACCEPTED)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        panel_cancel(panel=panel, by=organiser, to_panel=full)

    assert mail.outbox == []


# Into a panel chosen ------------------------------------------------------------------


def test_papers_moved_into_a_chosen_panel_keep_their_status_after_its_own(
    cancelled, organiser, django_capture_on_commit_callbacks
):
    panel, papers = cancelled
    target = PanelFactory(section=panel.section, code="P080", max_papers=5)
    PanelRoleFactory(panel=target, name="Kept Chair", email="kept@example.org")
    (own,) = papers_of(target, PaperStatus.ACCEPTED)

    with django_capture_on_commit_callbacks(execute=True):
        panel_cancel(panel=panel, by=organiser, to_panel=target)

    moved = [fresh(p) for p in papers[:4]]
    assert [(p.panel_id, p.status, p.position) for p in moved] == [
        (target.pk, PaperStatus.ACCEPTED, 2),
        (target.pk, PaperStatus.ACCEPTED, 3),
        (target.pk, PaperStatus.RESERVE, 0),
        (target.pk, PaperStatus.SUBMITTED, 0),
    ]
    assert fresh(own).position == 1
    rows = PaperStatusChange.objects.filter(paper__in=papers[:4])
    assert {(r.from_panel_id, r.to_panel_id) for r in rows} == {(panel.pk, target.pk)}
    assert [m.to for m in mail.outbox if "moved to your panel P080" in m.subject] == [
        ["kept@example.org"]
    ]
    assert PanelStatusChange.objects.filter(panel=target, changes__has_key="papers").exists()


def test_moving_into_a_panel_too_small_is_refused_and_changes_nothing(cancelled, organiser):
    panel, papers = cancelled
    target = PanelFactory(section=panel.section, code="P080", max_papers=2)
    papers_of(target, PaperStatus.ACCEPTED)

    with pytest.raises(ValidationError) as error:
        panel_cancel(panel=panel, by=organiser, to_panel=target)

    assert error.value.code == "panel_full"
    assert (
        "Panel P080 has 1 free places of 2 for the 2 accepted papers of P070"
        in (error.value.messages[0])
    )
    assert fresh(panel).status == PanelStatus.ACCEPTED
    assert [fresh(p).panel_id for p in papers] == [panel.pk] * 6
    assert not PaperStatusChange.objects.exists()


def test_moving_into_a_panel_where_a_presenter_is_elsewhere_then_is_refused(cancelled, organiser):
    panel, papers = cancelled
    event = panel.event
    start = dt.datetime.combine(event.start_date, dt.time(9), tzinfo=event.tz)
    slot = TimeSlotFactory(event=event, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    elsewhere = PanelFactory(section=panel.section, code="P090")
    presenter = papers[0].authorships.first()
    PanelRoleFactory(panel=elsewhere, name=presenter.name, email=presenter.email)
    target = PanelFactory(section=panel.section, code="P080")
    panel_schedule(panel=elsewhere, slot=slot, room=RoomFactory(event=event), by=organiser)
    panel_schedule(panel=target, slot=slot, room=RoomFactory(event=event), by=organiser)

    with pytest.raises(ValidationError) as error:
        panel_cancel(panel=panel, by=organiser, to_panel=target)

    assert error.value.code == "person_clash"
    assert fresh(papers[0]).panel_id == panel.pk
    assert fresh(panel).status == PanelStatus.ACCEPTED


@pytest.mark.parametrize("where", ["same", "other_event", "proposed"])
def test_a_panel_that_cannot_take_the_papers_is_refused(cancelled, organiser, where):
    panel, papers = cancelled
    target = {
        "same": panel,
        "other_event": PanelFactory(),
        "proposed": PanelFactory(section=panel.section, status=PanelStatus.PROPOSED),
    }[where]

    with pytest.raises(ValidationError):
        panel_cancel(panel=panel, by=organiser, to_panel=target)

    assert fresh(panel).status == PanelStatus.ACCEPTED
    assert fresh(papers[0]).panel_id == panel.pk


# Who may, and no way around -----------------------------------------------------------


def test_a_chair_of_another_panel_cannot_cancel_it(cancelled):
    panel, _papers = cancelled
    chair = UserFactory()
    other = PanelFactory(section=panel.section)
    PanelRoleFactory(panel=other, user=chair, email=chair.email)

    with pytest.raises(PermissionDenied):
        panel_cancel(panel=panel, by=chair)

    assert fresh(panel).status == PanelStatus.ACCEPTED


def test_the_panels_own_chair_cannot_cancel_it_either(cancelled):
    panel, _papers = cancelled
    chair = UserFactory()
    PanelRoleFactory(panel=panel, user=chair, email=chair.email, kind=RoleKind.CO_CHAIR)

    with pytest.raises(PermissionDenied):
        panel_cancel(panel=panel, by=chair)


def test_a_section_chair_cancels_into_a_panel_of_her_section_only(cancelled):
    panel, _papers = cancelled
    section_chair = UserFactory()
    panel.section.chair = section_chair
    panel.section.save()
    other_section = PanelFactory(section=SectionFactory(event=panel.event))

    with pytest.raises(PermissionDenied):
        panel_cancel(panel=panel, by=section_chair, to_panel=other_section)

    panel_cancel(panel=panel, by=section_chair)
    assert fresh(panel).status == PanelStatus.REJECTED


@pytest.mark.parametrize("service", [panel_services.panel_reject, panel_services.panel_withdraw])
def test_the_panels_own_services_refuse_an_accepted_panel_that_holds_papers(
    cancelled, organiser, service
):
    panel, papers = cancelled

    with pytest.raises(ValidationError) as error:
        service(panel=panel, by=organiser)

    assert error.value.code == "panel_has_papers"
    assert fresh(panel).status == PanelStatus.ACCEPTED
    assert fresh(papers[0]).status == PaperStatus.ACCEPTED


def test_a_proposed_panel_is_rejected_as_before(section, organiser):
    panel = PanelFactory(section=section, status=PanelStatus.PROPOSED)
    (paper,) = papers_of(panel, PaperStatus.SUBMITTED)

    panel_cancel(panel=panel, by=organiser)

    assert fresh(panel).status == PanelStatus.REJECTED
    assert fresh(paper).panel_id == panel.pk


# Public pages ---------------------------------------------------------------------------


def test_the_public_pages_of_the_panel_and_its_papers_go_and_the_programme_forgets_it(
    client, cancelled, organiser
):
    panel, papers = cancelled
    event = panel.event
    start = dt.datetime.combine(event.start_date, dt.time(9), tzinfo=event.tz)
    slot = TimeSlotFactory(event=event, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    panel_schedule(panel=panel, slot=slot, room=RoomFactory(event=event), by=organiser)
    programme = reverse("programme:programme", kwargs={"event": event.slug})
    search = reverse("programme:search", kwargs={"event": event.slug}) + "?q=Co-Production"
    assert client.get(panel.get_absolute_url()).status_code == 200
    assert client.get(papers[0].get_absolute_url()).status_code == 200
    assert "Co-Production" in client.get(programme).text
    search_papers = reverse("programme:search", kwargs={"event": event.slug}) + "?q=Paper"
    author = papers[0].authorships.first()
    person = reverse("programme:person", kwargs={"event": event.slug, "person": author.person_ref})
    assert panel.get_absolute_url() in client.get(search).text
    assert papers[0].get_absolute_url() in client.get(search_papers).text
    assert papers[0].title in client.get(person).text

    panel_cancel(panel=panel, by=organiser)

    assert client.get(panel.get_absolute_url()).status_code == 404
    assert client.get(papers[0].get_absolute_url()).status_code == 404
    assert "Co-Production" not in client.get(programme).text
    assert panel.get_absolute_url() not in client.get(search).text
    assert papers[0].get_absolute_url() not in client.get(search_papers).text
    assert papers[0].title not in client.get(person).text
    assert "Co-Production" not in client.get(event.get_absolute_url()).text


# Merging --------------------------------------------------------------------------------


@pytest.fixture
def short_panels(section):
    keep = PanelFactory(section=section, code="P001", max_papers=4)
    PanelRoleFactory(panel=keep, name="Keep Chair", email="keep@example.org", position=1)
    other = PanelFactory(section=section, code="P002")
    PanelRoleFactory(panel=other, name="Other Chair", email="other@example.org", position=1)
    PanelRoleFactory(
        panel=other, kind=RoleKind.DISCUSSANT, name="Dana", email="dana@example.org", position=2
    )
    return (
        keep,
        papers_of(keep, PaperStatus.ACCEPTED, PaperStatus.ACCEPTED),
        other,
        papers_of(other, PaperStatus.ACCEPTED, PaperStatus.ACCEPTED, PaperStatus.RESERVE),
    )


def test_merging_moves_the_other_panels_papers_in_and_cancels_it(short_panels, organiser):
    keep, kept_papers, other, moved = short_panels

    panel_merge(keep=keep, other=other, by=organiser, message="Merged.")

    assert fresh(other).status == PanelStatus.REJECTED
    assert [(fresh(p).panel_id, fresh(p).status, fresh(p).position) for p in moved] == [
        (keep.pk, PaperStatus.ACCEPTED, 3),
        (keep.pk, PaperStatus.ACCEPTED, 4),
        (keep.pk, PaperStatus.RESERVE, 0),
    ]
    assert [fresh(p).position for p in kept_papers] == [1, 2]


def test_merging_more_than_fits_is_refused_unless_the_maximum_is_raised(short_panels, organiser):
    keep, _kept, other, _moved = short_panels
    PaperFactory(panel=other, status=PaperStatus.ACCEPTED, position=9)  # 3 accepted, 2 free

    with pytest.raises(ValidationError) as error:
        panel_merge(keep=keep, other=other, by=organiser)
    assert error.value.code == "panel_full"
    assert fresh(other).status == PanelStatus.ACCEPTED
    assert fresh(keep).max_papers == 4

    panel_merge(keep=keep, other=other, by=organiser, max_papers=5)

    assert fresh(keep).max_papers == 5
    assert Paper.objects.filter(panel=keep, status=PaperStatus.ACCEPTED).count() == 5


def test_merging_can_move_the_people_chairs_becoming_co_chairs(short_panels, organiser):
    keep, _kept, other, _moved = short_panels

    panel_merge(keep=keep, other=other, by=organiser, move_roles=True)

    roles = PanelRole.objects.filter(panel=keep).order_by("position")
    assert [(r.name, r.kind, r.position) for r in roles] == [
        ("Keep Chair", RoleKind.CHAIR, 1),
        ("Other Chair", RoleKind.CO_CHAIR, 2),
        ("Dana", RoleKind.DISCUSSANT, 3),
    ]
    assert not PanelRole.objects.filter(panel=other).exists()


def test_panels_of_different_events_do_not_merge(short_panels, organiser):
    keep, _kept, _other, _moved = short_panels
    elsewhere = PanelFactory()
    elsewhere.event.organisers.add(organiser)

    with pytest.raises(ValidationError) as error:
        panel_merge(keep=keep, other=elsewhere, by=organiser)

    assert error.value.code == "different_events"
    assert fresh(elsewhere).status == PanelStatus.ACCEPTED
