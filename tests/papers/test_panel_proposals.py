"""Proposing a whole panel during the panel call; the section's chairs decide;
on acceptance its proposer and co-chair chair it and get into the admin."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from panels import services as panel_services
from panels.enums import PanelStatus, RoleKind
from panels.models import Panel
from papers.enums import PaperStatus
from papers.services import AuthorData, PanelProposalData, ProposalData, panel_propose
from tests.factories import (
    EventFactory,
    KeywordFactory,
    PanelFactory,
    PanelRoleFactory,
    SectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    now = timezone.now()
    event = EventFactory(
        panel_call_opens=now - timedelta(days=1),
        panel_call_closes=now + timedelta(days=1),
        min_keywords=1,
        max_keywords=3,
    )
    KeywordFactory.create_batch(3, event=event)
    return event


@pytest.fixture
def section(event):
    return SectionFactory(event=event, chair=UserFactory(email="section.chair@example.org"))


@pytest.fixture
def proposer():
    user = UserFactory(email="pia@example.org", name="Pia Proposer")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def data(event, **changes):
    values = {
        "title": "Borders and Belonging",
        "abstract": "A panel on citizenship.",
        "keywords": list(event.keywords.all()[:1]),
        "format": "in_person",
        "co_chair": AuthorData("Cora Cochair", "cora@example.org", "Univ C"),
        "discussant": AuthorData("Dan Discussant", "", "Univ D"),
        "papers": [
            ProposalData(
                "Paper One",
                "About one.",
                list(event.keywords.all()[:1]),
                [AuthorData("Ann Author", "ann@example.org", "Univ A", True)],
            )
        ],
    }
    values.update(changes)
    return PanelProposalData(**values)


def test_a_proposed_panel_has_its_people_and_papers_and_waits_for_the_section(
    event, section, proposer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        panel = panel_propose(by=proposer, event=event, section=section, data=data(event))

    assert (panel.status, panel.proposed_by, panel.code) == (PanelStatus.PROPOSED, proposer, "P001")
    assert list(panel.roles.values_list("kind", "name", "user")) == [
        (RoleKind.CHAIR, "Pia Proposer", proposer.pk),
        (RoleKind.CO_CHAIR, "Cora Cochair", None),
        (RoleKind.DISCUSSANT, "Dan Discussant", None),
    ]
    assert list(panel.papers.values_list("title", "status")) == [
        ("Paper One", PaperStatus.SUBMITTED)
    ]
    recipients = sorted((m.to[0], m.subject) for m in mail.outbox)
    assert [to for to, _subject in recipients] == [
        "ann@example.org",
        "cora@example.org",
        "pia@example.org",
        "section.chair@example.org",
    ]
    assert "Action required: confirm" in recipients[0][1]  # Ann presents: she is asked to confirm


def test_outside_the_panel_call_no_panel_is_taken(event, section, proposer):
    event.panel_call_closes = timezone.now() - timedelta(seconds=1)
    event.panel_call_opens = timezone.now() - timedelta(days=2)
    event.save()

    with pytest.raises(ValidationError) as error:
        panel_propose(by=proposer, event=event, section=section, data=data(event))

    assert error.value.code == "call_closed"
    assert not Panel.objects.exists()


def test_a_proposer_who_already_chairs_a_panel_is_refused_by_the_events_rule(
    event, section, proposer
):
    PanelRoleFactory(panel=PanelFactory(section=section), kind=RoleKind.CHAIR, user=proposer)

    with pytest.raises(ValidationError) as error:
        panel_propose(by=proposer, event=event, section=section, data=data(event))

    assert "a person may chair one panel only" in " ".join(error.value.messages)


def test_a_bad_paper_in_the_panel_is_named_and_nothing_is_saved(event, section, proposer):
    bad = ProposalData(
        "x " * 30, "ok", list(event.keywords.all()[:1]), [AuthorData("A", "", "", True)]
    )

    with pytest.raises(ValidationError) as error:
        panel_propose(by=proposer, event=event, section=section, data=data(event, papers=[bad]))

    assert "Paper 1: Shorten the title to 20 words" in " ".join(error.value.messages)
    assert not Panel.objects.exists()


def test_on_acceptance_the_proposer_and_co_chair_chair_it_and_enter_the_admin(
    client, event, section, proposer, django_capture_on_commit_callbacks
):
    cora = UserFactory(email="cora@example.org")
    EmailAddress.objects.create(user=cora, email=cora.email, verified=True, primary=True)
    panel = panel_propose(by=proposer, event=event, section=section, data=data(event))
    client.force_login(proposer)
    assert client.get(reverse("admin:index")).status_code == 302  # not before acceptance

    with django_capture_on_commit_callbacks(execute=True):
        panel_services.panel_accept(panel=panel, by=section.chair, message="Welcome!")

    assert client.get(reverse("admin:index")).status_code == 200
    client.force_login(cora)
    assert client.get(reverse("admin:index")).status_code == 200
    assert panel.history.last().message == "Welcome!"
    assert any("Welcome!" in m.body and m.to == ["pia@example.org"] for m in mail.outbox)


def test_the_panel_form_proposes_through_the_service(client, event, section, proposer):
    client.force_login(proposer)
    url = reverse("papers:panel-propose", kwargs={"event": event.slug})
    keyword = event.keywords.first()

    page = client.get(url)
    response = client.post(
        url,
        {
            "title": "Borders and Belonging",
            "abstract": "A panel on citizenship.",
            "keywords": [keyword.pk],
            "section": section.pk,
            "format": "virtual",
            "co_chair_name": "",
            "co_chair_email": "",
            "co_chair_affiliation": "",
            "discussant_name": "",
            "agreed": "on",
            "papers-TOTAL_FORMS": "2",
            "papers-INITIAL_FORMS": "0",
            "papers-0-title": "Paper One",
            "papers-0-abstract": "About one.",
            "papers-0-author_name": "Ann Author",
            "papers-0-author_email": "ann@example.org",
            "papers-1-title": "",
        },
    )

    assert "Propose a panel" in page.text
    assert response.status_code == 302
    panel = Panel.objects.get()
    assert (panel.format, panel.papers.count()) == ("virtual", 1)
    listing = client.get(reverse("papers:my-proposals"))
    assert "Panels I proposed" in listing.text
    assert "Borders and Belonging" in listing.text


def test_the_panel_form_needs_a_name_for_a_co_chair_it_describes(client, event, section, proposer):
    client.force_login(proposer)

    response = client.post(
        reverse("papers:panel-propose", kwargs={"event": event.slug}),
        {
            "title": "T",
            "abstract": "A",
            "keywords": [event.keywords.first().pk],
            "section": section.pk,
            "format": "in_person",
            "co_chair_email": "cora@example.org",
            "agreed": "on",
            "papers-TOTAL_FORMS": "0",
            "papers-INITIAL_FORMS": "0",
        },
    )

    assert "Enter the name too" in response.text
    assert not Panel.objects.exists()


def test_the_event_page_offers_the_panel_call_only_while_it_is_open(client, event, section):
    open_page = client.get(event.get_absolute_url())
    event.panel_call_closes = timezone.now() - timedelta(seconds=1)
    event.panel_call_opens = timezone.now() - timedelta(days=3)
    event.save()
    closed_page = client.get(event.get_absolute_url())

    url = reverse("papers:panel-propose", kwargs={"event": event.slug})
    assert url in open_page.text
    assert url not in closed_page.text
