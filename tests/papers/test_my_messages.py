"""My proposals → Messages: an author reads what Colloquy sent to her addresses (her
account's and those she confirmed), and nobody else's."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from accounts.models import EmailLog
from papers.services import AuthorData, paper_propose
from tests.factories import EventFactory, UserFactory
from tests.papers.helpers import proposal

pytestmark = pytest.mark.django_db

LIST = reverse("papers:my-messages")


def planted(to, subject="A message", *, at=None, **fields):
    """A logged message, as `core.mail` writes it; `at` backdates it."""
    fields.setdefault("text_body", f"Text of {subject}")
    log = EmailLog.objects.create(to=to, subject=subject, template="emails/test", **fields)
    if at is not None:
        EmailLog.objects.filter(pk=log.pk).update(created_at=at)
    return log


@pytest.fixture
def second_address(author):
    """Ada's other address, confirmed."""
    EmailAddress.objects.create(user=author, email="ada@work.example", verified=True)
    return "ada@work.example"


def message_url(log):
    return reverse("papers:my-message", kwargs={"pk": log.pk})


def test_she_sees_the_messages_to_her_account_and_confirmed_addresses_and_nobody_elses(
    author_client, author, second_address
):
    EmailAddress.objects.create(user=author, email="ada@typo.example", verified=False)
    other = UserFactory(email="zed@example.org")
    EmailAddress.objects.create(user=other, email=other.email, verified=True, primary=True)
    hers = planted("ada@example.org", "To her account")
    at_work = planted(second_address, "To her work address")
    planted("zed@example.org", "To Zed")
    planted("ada@typo.example", "To an address she never confirmed")
    planted("ada@example.org.evil", "To a lookalike address")

    response = author_client.get(LIST)

    assert set(response.context["logs"]) == {hers, at_work}
    assert "To her account" in response.text
    assert "To her work address" in response.text
    assert "To Zed" not in response.text
    assert "never confirmed" not in response.text
    assert "lookalike" not in response.text


def test_newest_first_with_date_in_the_events_zone_subject_event_and_status_in_words(
    author_client, author
):
    event = EventFactory(name="Ljubljana Days", time_zone="Europe/Ljubljana")
    older = planted(
        "ada@example.org",
        "Your paper was accepted",
        at=datetime(2025, 1, 13, 23, 30, tzinfo=UTC),
        event=event,
        status=EmailLog.Status.SENT,
    )
    newer = planted(
        "ada@example.org",
        "Welcome",
        at=datetime(2025, 2, 1, 9, 0, tzinfo=UTC),
        status=EmailLog.Status.FAILED,
    )
    planted("ada@example.org", "Put off", status=EmailLog.Status.RETRYING, attempts=2)
    planted("ada@example.org", "Still waiting")

    response = author_client.get(LIST)

    logs = list(response.context["logs"])
    assert [log.subject for log in logs[:2]] == ["Still waiting", "Put off"]
    assert logs[2:] == [newer, older]
    text = " ".join(strip_tags(response.text).split())
    # 23:30 UTC on 13 January is 00:30 on the 14th in Ljubljana, and the zone is named.
    assert "Jan. 14, 2025, 12:30 a.m. (Europe/Ljubljana)" in text
    assert "Feb. 1, 2025, 9 a.m. (UTC)" in text
    assert "Ljubljana Days" in text
    assert "Sent" in text
    assert "Failed it could not be delivered" in text
    assert "the mail server put it off 2 times; it will be tried again" in text
    assert "Queued waiting to be sent" in text
    assert text.index("Welcome") < text.index("Your paper was accepted")


def test_a_message_reads_as_its_text_escaped_never_its_stored_html(author_client):
    log = planted(
        "ada@example.org",
        "Decision <b>bold</b>",
        text_body='Dear Ada,\n\n<script>alert("x")</script> your paper is in.\n\nThe chairs',
        html_body='<p>HTML PART ONLY</p><img src=x onerror="alert(1)">',
    )

    response = author_client.get(message_url(log))

    assert response.status_code == 200
    assert "<pre" in response.text
    assert "Dear Ada,\n\n&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; your paper is in." in (
        response.text
    )
    assert "<script>alert" not in response.text
    assert "Decision &lt;b&gt;bold&lt;/b&gt;" in response.text
    assert "HTML PART ONLY" not in response.text
    assert "onerror" not in response.text


def test_another_person_gets_404_on_her_message_and_a_visitor_is_sent_to_sign_in(client, author):
    log = planted("ada@example.org", "Private")
    other = UserFactory(email="zed@example.org")
    client.force_login(other)

    assert client.get(message_url(log)).status_code == 404
    assert "Private" not in client.get(LIST).text

    client.logout()
    response = client.get(message_url(log))
    assert response.status_code == 302
    assert reverse("account_login") in response.url
    assert client.get(LIST).status_code == 302


def test_a_message_to_an_address_she_has_not_confirmed_is_404_for_her(author_client, author):
    EmailAddress.objects.create(user=author, email="ada@typo.example", verified=False)
    log = planted("ada@typo.example", "Not yet hers")

    assert author_client.get(message_url(log)).status_code == 404


def test_the_list_costs_the_same_queries_for_one_message_as_for_twenty(
    author_client, django_assert_num_queries
):
    events = [EventFactory() for _ in range(3)]
    planted("ada@example.org", "first", event=events[0])
    with CaptureQueriesContext(connection) as one:
        author_client.get(LIST)
    for n in range(19):
        planted("ada@example.org", f"more {n}", event=events[n % 3])
    assert len(one.captured_queries) == 4  # session, user, count, the page
    with django_assert_num_queries(len(one.captured_queries)):
        response = author_client.get(LIST)
    assert len(response.context["logs"]) == 20


def test_fifty_to_a_page(author_client):
    start = timezone.now() - timedelta(days=1)
    for n in range(51):
        planted("ada@example.org", f"Message {n:02}", at=start + timedelta(minutes=n))

    first = author_client.get(LIST)
    second = author_client.get(LIST, {"page": 2})

    assert len(first.context["logs"]) == 50
    assert "Message 50" in first.text
    assert [log.subject for log in second.context["logs"]] == ["Message 00"]
    assert author_client.get(LIST, {"page": 3}).status_code == 404


def test_my_proposals_links_to_the_messages(author_client):
    assert LIST in author_client.get(reverse("papers:my-proposals")).text


def test_a_receipt_sent_through_the_app_is_listed_with_its_event_and_readable(
    author_client, author, open_panel, django_capture_on_commit_callbacks
):
    data = proposal(
        open_panel.event, authors=[AuthorData("Ada Author", "ada@example.org", "Univ A", True)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        paper_propose(by=author, event=open_panel.event, panel=open_panel, data=data)

    response = author_client.get(LIST)

    [log] = [log for log in response.context["logs"] if log.template.endswith("paper_receipt")]
    assert log.event == open_panel.event
    assert log.status == EmailLog.Status.SENT
    assert open_panel.event.name in response.text
    page = author_client.get(message_url(log))
    assert "Citizens as Co-Producers" in page.text


# An address that changes hands --------------------------------------------------------


def planted_in(response):
    """The planted messages a list shows (beside allauth's confirmations)."""
    return {log for log in response.context["logs"] if log.template == "emails/test"}


def confirm_link(message):
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)


def change_email(client, user, new, capture):
    """The person's own steps: ask for the new address, then open the link sent to it."""
    client.force_login(user)
    with capture(execute=True):
        client.post(reverse("account_email"), {"action_add": "", "email": new})
    (confirmation,) = [m for m in mail.outbox if m.to == [new]]
    with capture(execute=True):
        client.post(confirm_link(confirmation))
    mail.outbox.clear()


def test_an_address_moved_to_another_account_takes_its_messages_along(
    client, author, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    before = planted("ada@example.org", "Sent while it was Ada's")
    change_email(client, author, "ada@new.example", capture)
    after = planted("ada@new.example", "Sent to her new address")
    # Her old address is now her colleague's second account's, confirmed there.
    zed = UserFactory(email="zed@example.org")
    EmailAddress.objects.create(user=zed, email=zed.email, verified=True, primary=True)
    change_email(client, zed, "ada@example.org", capture)
    for_zed = planted("ada@example.org", "Sent to it as Zed's")

    client.force_login(author)
    hers = client.get(LIST)
    client.force_login(zed)
    his = client.get(LIST)

    author.refresh_from_db()
    assert author.email == "ada@new.example"
    assert planted_in(hers) == {after}
    assert "Sent while it was Ada's" not in hers.text
    assert planted_in(his) == {before, for_zed}
    client.force_login(author)
    assert client.get(message_url(before)).status_code == 404


def test_an_account_field_naming_an_address_confirmed_by_someone_else_shows_none_of_its_mail(
    author_client, author
):
    """An organiser's edit in the admin changes the account's email field and confirms
    nothing: the address stays its confirmed owner's."""
    zed = UserFactory(email="zed@example.org")
    EmailAddress.objects.create(user=zed, email="zed@work.example", verified=True)
    author.email = "zed@work.example"
    author.save()
    theirs = planted("zed@work.example", "For Zed at work")

    response = author_client.get(LIST)

    assert theirs not in response.context["logs"]
    assert "For Zed at work" not in response.text
    assert author_client.get(message_url(theirs)).status_code == 404


def test_a_co_author_named_by_email_sees_the_request_sent_before_she_had_an_account(
    client, author, open_panel, django_capture_on_commit_callbacks
):
    data = proposal(
        open_panel.event,
        authors=[
            AuthorData("Ada Author", "ada@example.org", "Univ A", True),
            AuthorData("Cy Coauthor", "cy@example.org", "Univ C", False),
        ],
    )
    with django_capture_on_commit_callbacks(execute=True):
        paper_propose(by=author, event=open_panel.event, panel=open_panel, data=data)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "email": "cy@example.org",
                "name": "Cy Coauthor",
                "affiliation": "Univ C",
                "password1": "a-long-passphrase-77",
                "password2": "a-long-passphrase-77",
            },
        )
    (confirmation,) = [m for m in mail.outbox if "confirm-email" in m.body]
    unconfirmed = client.get(LIST)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_link(confirmation))

    response = client.get(LIST)

    assert unconfirmed.status_code == 302  # not signed in until she confirms
    subjects = [log.subject for log in response.context["logs"]]
    assert any(s.startswith("[Colloquy] Action required: confirm") for s in subjects)
    assert not any("Proposal received" in s for s in subjects)  # Ada's receipt
    assert not any(s.startswith("[Colloquy] New proposal") for s in subjects)  # the chair's


def test_an_account_whose_address_is_not_confirmed_sees_nothing_sent_to_it(client, author):
    """Signed in some other way (an account made in the admin), with the address only
    typed into its email field: a message to that address is not its to read."""
    typed = UserFactory(email="ada@example.org.typed")
    planted("ada@example.org.typed", "To the typed address")
    client.force_login(typed)

    assert list(client.get(LIST).context["logs"]) == []
