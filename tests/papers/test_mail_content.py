"""Every kind of message as its recipient reads it: the HTML part parsed from the
MIME message (links absolute and clickable, paragraphs as <p>), the right words for
the recipient's part, times in the event's zone, Reply-To, and the log."""

import zoneinfo
from datetime import UTC, datetime, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import EmailLog
from core.formats import local_moment
from panels.enums import PanelStatus, RoleKind
from panels.selectors import email_logs_for_admin
from panels.services import panel_accept
from papers.services import AuthorData, paper_accept, paper_propose, paper_withdraw
from programme.ical import calendar_for
from tests.factories import (
    PanelFactory,
    PanelRoleFactory,
    RoomFactory,
    SectionFactory,
    TimeSlotFactory,
    UserFactory,
)
from tests.mail_reading import assert_plain_subject, read, subject_read, to
from tests.papers.helpers import proposal

pytestmark = pytest.mark.django_db


# allauth's messages ---------------------------------------------------------------

SIGNUP = {
    "email": "nia@example.org",
    "name": "Nia New",
    "affiliation": "Lagos",
    "password1": "a-long-passphrase-77",
    "password2": "a-long-passphrase-77",
}


def test_the_sign_up_confirmation_links_to_site_url_whatever_host_the_request_came_to(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://colloquy.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), SIGNUP, HTTP_HOST="localhost")

    _parsed, page, _ = read(mail.outbox[0])
    confirm = [link for link in page.links if "/confirm-email/" in link]
    assert confirm
    assert confirm[0].startswith("https://colloquy.example.org/accounts/")
    assert any("confirm" in p.lower() for p in page.paragraphs)


def test_without_site_url_development_links_use_the_requests_own_address(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), SIGNUP, HTTP_HOST="localhost")

    _parsed, page, _ = read(mail.outbox[0])
    assert any(link.startswith("http://localhost/accounts/") for link in page.links)


def test_the_password_reset_link_is_absolute_and_clickable(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="ro@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "ro@example.org"})

    _parsed, page, _ = read(mail.outbox[0])
    reset = [link for link in page.links if "/password/reset/key/" in link]
    assert reset
    assert reset[0].startswith("http://testserver/accounts/password/reset/key/")
    assert client.get(reset[0]).status_code in (200, 302)


# Proposals ------------------------------------------------------------------------


@pytest.fixture
def co_authored(open_panel, author, django_capture_on_commit_callbacks):
    bo = UserFactory(email="bo@example.org", name="Bo Coauthor")
    EmailAddress.objects.create(user=bo, email=bo.email, verified=True, primary=True)
    data = proposal(
        open_panel.event,
        authors=[
            AuthorData("Ada Author", "ada@example.org", "Univ A", True),
            AuthorData("Cy Other", "cy@example.org", "Univ C", False),
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        return paper_propose(by=author, event=open_panel.event, panel=open_panel, data=data)


def test_the_submitter_is_thanked_and_not_told_that_she_proposed_a_paper_naming_her(
    co_authored,
):
    (receipt,) = to("ada@example.org")
    _parsed, page, _text = read(receipt)

    assert "has been received" in receipt.body
    assert "Ada Author has proposed" not in receipt.body
    assert "http://testserver/my/proposals/" in page.links
    assert any("has been received" in p for p in page.paragraphs)


def test_the_decision_date_is_in_the_events_zone_and_names_it(
    open_panel, author, django_capture_on_commit_callbacks
):
    event = open_panel.event
    event.time_zone = "Europe/Ljubljana"
    event.decision_deadline = datetime(2027, 1, 13, 23, 30, tzinfo=UTC)  # 14 Jan, 00:30 there
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        paper_propose(by=author, event=event, panel=open_panel, data=proposal(event))
    (receipt,) = to("ada@example.org")
    assert "Jan. 14, 2027, 12:30 a.m. (Europe/Ljubljana time)" in receipt.body
    assert "Europe/Ljubljana" in receipt.body


def test_an_authorship_request_asks_for_action_and_links_to_the_answer(co_authored):
    (request,) = to("cy@example.org")
    _parsed, page, _ = read(request)

    assert request.subject.startswith("[Colloquy] Action required: confirm")
    assert any(link.startswith("http://testserver/my/authorships/") for link in page.links)


def test_the_chairs_notice_links_to_the_admin_and_is_logged_with_event_and_panel(
    co_authored, open_panel
):
    (notice,) = to("chair@example.org")
    _parsed, page, _ = read(notice)

    assert f"http://testserver/admin/papers/paper/{co_authored.pk}/change/" in page.links
    log = EmailLog.objects.get(to="chair@example.org")
    assert (log.event, log.panel, log.section) == (
        open_panel.event,
        open_panel,
        open_panel.section,
    )


def test_every_message_of_a_proposal_is_logged_with_its_event(co_authored):
    assert EmailLog.objects.count() == len(mail.outbox) == 3
    assert set(EmailLog.objects.values_list("event", flat=True)) == {co_authored.event_id}


def test_chairs_are_told_when_a_proposal_waiting_for_them_is_withdrawn(
    co_authored, author, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        paper_withdraw(paper=co_authored, by=author)

    (notice,) = to("chair@example.org")
    assert notice.subject.startswith("[Colloquy] Proposal withdrawn from P070")
    assert "waiting for a decision" in notice.body
    assert "reserve list" not in notice.body


# Decisions ------------------------------------------------------------------------


def test_an_acceptance_replies_to_the_chairs_and_asks_for_the_full_paper_by_a_date(
    co_authored, open_panel, django_capture_on_commit_callbacks
):
    event = open_panel.event
    event.time_zone = "Europe/Ljubljana"
    event.upload_deadline = datetime(2027, 3, 1, 11, 0, tzinfo=UTC)
    event.save()
    chair = open_panel.roles.get(kind=RoleKind.CHAIR).user
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        paper_accept(paper=co_authored, by=chair, message="Welcome.\n\nSee you there.")

    (decision,) = to("ada@example.org")
    parsed, page, _ = read(decision)
    assert parsed["Reply-To"] == "chair@example.org"
    assert decision.subject.startswith(
        "[Colloquy] Action required: accepted — upload your full paper by 1 March 2027: "
    )
    assert "by March 1, 2027, noon (Europe/Ljubljana time)" in decision.body
    assert "Welcome." in page.paragraphs
    assert "See you there." in page.paragraphs
    assert "http://testserver/my/proposals/" in page.links


def test_the_sender_comes_from_the_settings(co_authored, settings):
    assert {m.from_email for m in mail.outbox} == {settings.DEFAULT_FROM_EMAIL}


@pytest.fixture
def proposed_panel(open_event, author):
    section_chair = UserFactory(email="sc@example.org")
    section = SectionFactory(event=open_event, chair=section_chair)
    panel = PanelFactory(section=section, status=PanelStatus.PROPOSED, proposed_by=author)
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=author, email=author.email)
    PanelRoleFactory(panel=panel, kind=RoleKind.CO_CHAIR, email="appointed@example.org")
    return panel


def test_panel_accepted_by_the_section_chair_while_the_paper_call_is_open(
    proposed_panel, django_capture_on_commit_callbacks
):
    section_chair = proposed_panel.section.chair
    with django_capture_on_commit_callbacks(execute=True):
        panel_accept(panel=proposed_panel, by=section_chair)

    (proposer,) = to("ada@example.org")
    (appointed,) = to("appointed@example.org")
    assert "The panel you proposed" in proposer.body
    assert "by the section's chairs" in proposer.body
    assert "Its paper call is open" in proposer.body
    assert "which you chair" in appointed.body
    assert "you proposed" not in appointed.body
    assert read(proposer)[0]["Reply-To"] == "sc@example.org"


def test_panel_accepted_by_an_organiser_before_the_paper_call_opens(
    proposed_panel, django_capture_on_commit_callbacks
):
    event = proposed_panel.event
    event.paper_call_opens = timezone.now() + timedelta(days=5)
    event.save()
    organiser = UserFactory(email="org@example.org")
    event.organisers.add(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        panel_accept(panel=proposed_panel, by=organiser, message="Good.")

    (proposer,) = to("ada@example.org")
    assert "by the organisers" in proposer.body
    assert "Message from the organisers" in proposer.body
    assert "once the paper call opens" in proposer.body
    assert "paper call is open" not in proposer.body


# The log, by role -----------------------------------------------------------------


def test_a_chair_sees_the_messages_about_her_panel_and_no_other(co_authored, open_event):
    chair = UserFactory(email="other-chair@example.org")
    elsewhere = PanelFactory(section=SectionFactory(event=open_event), code="P999")
    PanelRoleFactory(panel=elsewhere, kind=RoleKind.CHAIR, user=chair, email=chair.email)
    EmailLog.objects.create(to="x@example.org", subject="about P999", template="t", panel=elsewhere)
    panel_chair = co_authored.panel.roles.get(kind=RoleKind.CHAIR).user

    mine = set(email_logs_for_admin(panel_chair).values_list("subject", flat=True))
    theirs = set(email_logs_for_admin(chair).values_list("subject", flat=True))

    assert len(mine) == 3
    assert "about P999" not in mine
    assert theirs == {"about P999"}
    assert chair.has_perm("accounts.view_emaillog")


# Formats --------------------------------------------------------------------------


def test_local_moments_use_djangos_localized_month_names():
    moment = datetime(2026, 12, 24, 22, 59, tzinfo=UTC)
    tz = zoneinfo.ZoneInfo("Europe/Ljubljana")

    assert local_moment(moment, tz) == "24 December 2026, 23:59:00"
    with translation.override("de"):
        assert "Dezember" in local_moment(moment, tz)


def test_the_calendar_links_to_site_url(settings, open_panel):
    settings.SITE_URL = "https://colloquy.example.org"
    open_panel.slot = TimeSlotFactory(event=open_panel.event)
    open_panel.room = RoomFactory(event=open_panel.event)
    open_panel.save()

    feed = calendar_for([open_panel], name="x").decode().replace("\r\n ", "")

    assert f"URL:https://colloquy.example.org{open_panel.get_absolute_url()}" in feed


UKRAINIAN_TITLE = "Мова і ідентичність у пограниччі: усна історія Закарпаття після 1991 року"  # noqa: RUF001


@pytest.fixture
def ukrainian_co_authored(open_panel, author, django_capture_on_commit_callbacks):
    """A proposal with a title long and non-ASCII enough for its subjects to be folded."""
    data = proposal(
        open_panel.event,
        title=UKRAINIAN_TITLE,
        authors=[
            AuthorData("Ada Author", "ada@example.org", "Univ A", True),
            AuthorData("Анна Ковальова", "anna@example.org", "Univ K", False),
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        return paper_propose(by=author, event=open_panel.event, panel=open_panel, data=data)


def test_an_authorship_requests_subject_reads_with_one_space_between_its_words(
    ukrainian_co_authored,
):
    (request,) = to("anna@example.org")

    subject = subject_read(request)

    assert subject == (
        f"[Colloquy] Action required: confirm that you are an author of “{UKRAINIAN_TITLE}”"
    )
    assert_plain_subject(subject)


def test_an_acceptance_subject_says_accepted_first_and_reads_with_one_space_between_words(
    ukrainian_co_authored, open_panel, django_capture_on_commit_callbacks
):
    event = open_panel.event
    event.time_zone = "Europe/Kyiv"
    event.upload_deadline = datetime(2027, 2, 18, 21, 30, tzinfo=UTC)  # the 18th, 23:30 there
    event.save()
    chair = open_panel.roles.get(kind=RoleKind.CHAIR).user
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        paper_accept(paper=ukrainian_co_authored, by=chair, message="")

    subjects = {m.to[0]: subject_read(m) for m in mail.outbox}

    assert subjects["ada@example.org"] == (
        "[Colloquy] Action required: accepted — upload your full paper by 18 February 2027: "
        f"{UKRAINIAN_TITLE}"
    )
    for subject in subjects.values():
        assert_plain_subject(subject)
