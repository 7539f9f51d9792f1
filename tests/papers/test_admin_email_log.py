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
from papers.models import Paper
from papers.services import AuthorData, paper_accept, paper_propose
from tests.admin_forms import change_url
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


# Reading the log ----------------------------------------------------------------------


def test_the_kind_filter_names_each_kind_in_words_and_filters_by_it(client, two_events):
    response, _rows = shown(client, two_events["organiser"])

    assert "paper proposal received" in response.text
    assert "paper proposed (to chairs)" in response.text
    assert "emails/paper_receipt" not in response.text
    assert "emails/paper_proposed" not in response.text
    receipts = client.get(CHANGELIST, {"kind": "emails/paper_receipt"})
    assert sorted(log.to for log in receipts.context["cl"].result_list) == [
        "ada@example.org",
        "bo@example.org",
        "cy@example.org",
    ]


def test_the_kind_filter_offers_only_the_kinds_in_the_persons_own_log(client, two_events):
    EmailLog.objects.create(
        to="x@example.org", subject="Elsewhere", template="emails/panel_decision"
    )

    response, _rows = shown(client, two_events["chad"])

    assert "decision on a panel" not in response.text


def test_a_kind_not_named_yet_shows_as_its_template(client, two_events, admin_user):
    EmailLog.objects.create(to="x@example.org", subject="New", template="emails/brand_new")
    client.force_login(admin_user)

    response = client.get(CHANGELIST)

    assert "emails/brand_new" in response.text


def test_a_sign_up_confirmation_is_named_in_words(
    client, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "nia@example.org",
                "name": "Nia New",
                "affiliation": "University of Lagos",
                "password1": "a-long-passphrase-77",
                "password2": "a-long-passphrase-77",
            },
        )
    client.logout()
    client.force_login(admin_user)

    response = client.get(CHANGELIST)

    assert EmailLog.objects.get().template == "email_confirmation_signup"
    assert "sign-up: confirm your address" in response.text
    assert ">email_confirmation_signup<" not in response.text


def test_an_accepted_papers_log_shows_the_chairs_it_replies_to_as_addresses(
    client, two_events, django_capture_on_commit_callbacks
):
    chad = two_events["chad"]
    paper = Paper.objects.get(title="Ours in P070")
    PanelRoleFactory(panel=paper.panel, kind=RoleKind.CO_CHAIR, email="co@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        paper_accept(paper=paper, by=chad, message="Welcome.")
    decision = EmailLog.objects.get(template="emails/paper_decision")
    client.force_login(two_events["organiser"])

    page = client.get(change_url(decision))

    assert decision.reply_to == ["chad@example.org", "co@example.org"]
    assert "chad@example.org, co@example.org" in page.text
    assert "[&quot;chad@example.org" not in page.text
    assert '["chad@example.org' not in page.text
    assert "decision on a paper" in page.text
