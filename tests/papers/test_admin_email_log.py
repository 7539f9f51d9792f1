"""The admin's email log, read by each role from messages the app really sent: the
organiser sees every message of her event, a section chair those about her section,
a panel chair those about her panel — and nobody sees another event's."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import EmailLog
from panels.enums import RoleKind
from papers.services import AuthorData, paper_propose
from tests.factories import (
    EventFactory,
    KeywordFactory,
    PanelFactory,
    PanelRoleFactory,
    SectionFactory,
    UserFactory,
)
from tests.papers.helpers import proposal

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:accounts_emaillog_changelist")


def chaired_panel(section, code, chair_email):
    panel = PanelFactory(section=section, code=code, title=f"Panel {code}")
    chair = UserFactory(email=chair_email)
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=chair, email=chair.email)
    return panel, chair


def propose(by, event, title, *, panel=None, section=None):
    data = proposal(event, title=title, authors=[AuthorData(by.name, by.email, "Univ", True)])
    return paper_propose(by=by, event=event, panel=panel, section=section, data=data)


@pytest.fixture
def two_events(open_event, author, django_capture_on_commit_callbacks):
    """Ours: a section (its chair Sara) with panels P070 (Chad) and P071 (Cleo), a
    proposal to each and one to the section's pool. Theirs: one proposal to a panel."""
    now = timezone.now()
    theirs = EventFactory(
        name="Their Congress",
        paper_call_opens=now - timedelta(days=1),
        paper_call_closes=now + timedelta(days=1),
        min_keywords=1,
        max_keywords=3,
    )
    KeywordFactory.create_batch(2, event=theirs)
    sara = UserFactory(email="sara@example.org")
    section = SectionFactory(event=open_event, code="S07", chair=sara)
    p070, chad = chaired_panel(section, "P070", "chad@example.org")
    p071, cleo = chaired_panel(section, "P071", "cleo@example.org")
    their_panel, their_chair = chaired_panel(
        SectionFactory(event=theirs, chair=UserFactory(email="their-sc@example.org")),
        "P070",
        "their-chair@example.org",
    )
    bo = UserFactory(email="bo@example.org", name="Bo Author")
    cy = UserFactory(email="cy@example.org", name="Cy Author")
    with django_capture_on_commit_callbacks(execute=True):
        propose(author, open_event, "Ours in P070", panel=p070)
        propose(bo, open_event, "Ours in P071", panel=p071)
        propose(cy, open_event, "Ours in the pool", section=section)
        propose(bo, theirs, "Theirs in their P070", panel=their_panel)
    organiser = UserFactory(email="olga@example.org")
    open_event.organisers.add(organiser)
    their_organiser = UserFactory(email="their-org@example.org")
    theirs.organisers.add(their_organiser)
    return {
        "organiser": organiser,
        "sara": sara,
        "chad": chad,
        "cleo": cleo,
        "their_chair": their_chair,
        "their_organiser": their_organiser,
    }


def shown(client, user):
    client.force_login(user)
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    return response, sorted((log.to, log.subject) for log in response.context["cl"].result_list)


def about(title, *people):
    """The messages a proposal sends: the author's receipt and each chair's notice."""
    return {
        (to, subject)
        for to, subject in EmailLog.objects.values_list("to", "subject")
        if subject.endswith(title) and (not people or to in people)
    }


def test_the_organiser_sees_every_message_of_her_event_and_none_of_another(client, two_events):
    assert len(mail.outbox) == EmailLog.objects.count() == 8

    response, rows = shown(client, two_events["organiser"])

    ours = about("Ours in P070") | about("Ours in P071") | about("Ours in the pool")
    assert len(ours) == 6
    assert set(rows) == ours
    assert "Theirs in their P070" not in response.text
    assert "Their Congress" not in response.text  # not even in the event filter


def test_a_section_chair_sees_the_messages_about_her_sections_panels_and_pool(client, two_events):
    _response, rows = shown(client, two_events["sara"])

    assert set(rows) == about("Ours in P070") | about("Ours in P071") | about("Ours in the pool")


def test_a_panel_chair_sees_only_the_messages_about_her_panel(client, two_events):
    response, chads = shown(client, two_events["chad"])
    _response, cleos = shown(client, two_events["cleo"])

    assert set(chads) == about("Ours in P070")
    assert [to for to, _subject in chads] == ["ada@example.org", "chad@example.org"]
    assert set(cleos) == about("Ours in P071")
    assert "Ours in the pool" not in response.text
    assert "Theirs" not in response.text


def test_the_other_events_people_see_only_theirs(client, two_events):
    _response, chair_rows = shown(client, two_events["their_chair"])
    _response, organiser_rows = shown(client, two_events["their_organiser"])

    assert set(chair_rows) == set(organiser_rows) == about("Theirs in their P070")


def test_another_events_message_opened_by_its_address_answers_with_no_data(client, two_events):
    theirs = EmailLog.objects.get(to="their-chair@example.org")
    client.force_login(two_events["organiser"])

    response = client.get(reverse("admin:accounts_emaillog_change", args=[theirs.pk]))

    assert response.status_code == 302
    assert "Theirs in their P070" not in client.get(response.url).text
