"""Per-person limits on every path, and authorships that count only once confirmed:
the counts of one person (account or address, whatever its case), proposals and
panel proposals at their edges, the confirm and decline links (tampered, expired,
reused, someone else's, a GET that changes nothing), the mails they come in, the
authors per paper, the admin and the decisions."""

import re
from datetime import timedelta
from email import message_from_bytes
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from panels.models import Keyword
from papers import services
from papers.enums import AuthorshipStatus, PaperStatus
from papers.models import Authorship, Paper
from papers.services import (
    AuthorData,
    PanelProposalData,
    ProposalData,
    authorship_confirm,
    limit_errors,
    panel_propose,
    paper_propose,
    paper_update,
    person_counts,
)
from papers.services.authorship_links import LINK_DAYS, authorship_token, read_token
from tests.admin_forms import add_inline_row, admin_form_data, change_url, sign_in_organiser
from tests.factories import (
    AuthorshipFactory,
    EventFactory,
    PaperFactory,
    SectionFactory,
    UserFactory,
)

from .helpers import proposal

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> list[str]:
    return (
        [e.code for e in error.error_list]
        if not hasattr(error, "error_dict")
        else [e.code for errors in error.error_dict.values() for e in errors]
    )


@pytest.fixture
def mallory(db):
    user = UserFactory(email="mallory@example.org", name="Mallory Named")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def me(user, presenting=True) -> AuthorData:
    return AuthorData(user.name, user.email, user.affiliation, presenting)


def naming_ada(event, title="Mallory's paper", presenting=True) -> ProposalData:
    """A proposal by someone else that names Ada (by her address) as presenter."""
    return proposal(
        event,
        title=title,
        authors=[
            AuthorData("Mallory Named", "mallory@example.org", "", not presenting),
            AuthorData("Ada Author", "ada@example.org", "Univ A", presenting),
        ],
    )


def answer_url(authorship, action="confirm") -> str:
    return reverse(
        "papers:authorship-answer", kwargs={"token": authorship_token(authorship, action)}
    )


# One person's counts --------------------------------------------------------------------


def test_a_person_is_counted_alike_by_her_account_and_by_her_address_in_any_case(
    open_panel, author
):
    paper = PaperFactory(panel=open_panel, status=PaperStatus.SUBMITTED)
    AuthorshipFactory(paper=paper, email="", user=None, is_presenter=False)
    # typed by someone in capitals; Authorship.save keeps it in lower case
    AuthorshipFactory(paper=paper, email="ADA@Example.ORG", user=None, is_presenter=True)
    event = open_panel.event

    by_account = person_counts(event=event, user=author)
    by_address = person_counts(event=event, email="ADA@EXAMPLE.ORG")

    assert by_account == by_address == {"proposals": 0, "presenting": 1}


def test_a_person_without_account_or_address_is_nobody_to_count(open_panel):
    assert person_counts(event=open_panel.event) == {"proposals": 0, "presenting": 0}


def test_a_presenter_needs_an_email_address_so_that_she_can_be_counted(open_panel, author):
    data = proposal(open_panel.event, authors=[AuthorData("Nameless", "", "", True)])

    with pytest.raises(ValidationError) as error:
        paper_propose(by=author, event=open_panel.event, panel=open_panel, data=data)

    assert codes(error.value) == ["author_email_missing"]
    assert Paper.objects.count() == 0


# Proposals at their edges ---------------------------------------------------------------


def test_presenting_exactly_the_limit_is_allowed_and_one_more_is_refused(open_panel, author):
    event = open_panel.event  # one paper presented each, two proposals
    paper_propose(by=author, event=event, panel=open_panel, data=proposal(event, title="One"))

    with pytest.raises(ValidationError) as error:
        paper_propose(by=author, event=event, panel=open_panel, data=proposal(event, title="Two"))

    assert codes(error.value) == ["presenter_limit"]
    assert "this event allows 1 per person" in error.value.messages[0]
    assert Paper.objects.count() == 1


# Someone else's quota -------------------------------------------------------------------


def test_naming_someones_address_as_presenter_does_not_use_her_quota_until_she_confirms(
    open_panel, author, mallory, django_capture_on_commit_callbacks
):
    event = open_panel.event
    with django_capture_on_commit_callbacks(execute=True):
        theirs = paper_propose(by=mallory, event=event, panel=open_panel, data=naming_ada(event))

    named = theirs.authorships.get(email="ada@example.org")
    assert named.status == AuthorshipStatus.PENDING
    assert named.user == author  # her confirmed address links the account, not the paper
    assert person_counts(event=event, user=author)["presenting"] == 0
    # her own proposal goes through: the limit of one is hers to spend
    paper_propose(by=author, event=event, panel=open_panel, data=proposal(event))
    assert person_counts(event=event, user=author)["presenting"] == 1
    # and confirming the other one now would take her past it: refused, still awaiting
    with pytest.raises(ValidationError) as error:
        services.authorship_confirm(authorship=named)
    assert codes(error.value) == ["presenter_limit"]
    assert "You cannot confirm" in error.value.messages[0]
    named.refresh_from_db()
    assert named.status == AuthorshipStatus.PENDING


def test_the_submitter_herself_is_confirmed_at_once_and_others_are_asked_by_mail(
    open_panel, author, mallory, django_capture_on_commit_callbacks
):
    event = open_panel.event
    with django_capture_on_commit_callbacks(execute=True):
        paper = paper_propose(by=mallory, event=event, panel=open_panel, data=naming_ada(event))

    assert dict(paper.authorships.values_list("email", "status")) == {
        "mallory@example.org": AuthorshipStatus.CONFIRMED,
        "ada@example.org": AuthorshipStatus.PENDING,
    }
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "Proposal received" in subjects["mallory@example.org"]
    assert "Action required: confirm" in subjects["ada@example.org"]


def test_an_edit_keeps_each_answer_and_asks_again_only_a_co_author_made_presenter(
    open_panel, author, mallory, django_capture_on_commit_callbacks
):
    event = open_panel.event
    paper = paper_propose(
        by=mallory, event=event, panel=open_panel, data=naming_ada(event, presenting=False)
    )
    services.authorship_confirm(authorship=paper.authorships.get(email="ada@example.org"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        paper_update(paper=paper, by=mallory, data=naming_ada(event, presenting=False))
    assert paper.authorships.get(email="ada@example.org").status == AuthorshipStatus.CONFIRMED
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        paper_update(paper=paper, by=mallory, data=naming_ada(event, presenting=True))
    assert paper.authorships.get(email="ada@example.org").status == AuthorshipStatus.PENDING
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]


def test_confirming_her_address_later_keeps_the_authorship_awaiting(open_panel, mallory):
    event = open_panel.event
    paper = paper_propose(
        by=mallory,
        event=event,
        panel=open_panel,
        data=proposal(
            event,
            authors=[me(mallory, False), AuthorData("Nia New", "nia@example.org", "", True)],
        ),
    )
    nia = UserFactory(email="nia@example.org")

    services.link_authorships(user=nia, email="NIA@example.org")

    row = paper.authorships.get(email="nia@example.org")
    assert (row.user, row.status) == (nia, AuthorshipStatus.PENDING)


# Panel proposals -------------------------------------------------------------------------


@pytest.fixture
def panel_call(open_panel):
    event = open_panel.event
    now = timezone.now()
    event.panel_call_opens, event.panel_call_closes = now - timedelta(days=1), now + timedelta(1)
    event.max_proposals_per_person, event.max_papers_presented_per_person = 3, 2
    event.chair_role_once = False
    event.save()
    return event


def panel_data(event, papers) -> PanelProposalData:
    return PanelProposalData(
        title="Borders and Belonging",
        abstract="A panel on citizenship.",
        keywords=list(event.keywords.all()[:1]),
        format="in_person",
        papers=papers,
    )


def paper_by(event, n, *authors) -> ProposalData:
    return proposal(event, title=f"Panel paper {n}", authors=list(authors))


def test_a_panel_proposal_of_papers_by_others_is_not_its_proposers_proposals(panel_call, author):
    # The event's defaults: three proposals a person, at least four papers a panel.
    others = [AuthorData(f"Author {n}", f"a{n}@example.org", "", True) for n in range(4)]
    papers = [paper_by(panel_call, n, other) for n, other in enumerate(others)]

    panel_propose(
        by=author,
        event=panel_call,
        section=SectionFactory(event=panel_call),
        data=panel_data(panel_call, papers),
    )

    assert Paper.objects.filter(for_authors=True).count() == 4
    assert person_counts(event=panel_call, user=author) == {"proposals": 0, "presenting": 0}
    # She may still propose papers of her own, up to the limit.
    for n in range(3):
        paper_propose(
            by=author,
            event=panel_call,
            data=proposal(
                panel_call,
                title=f"Own {n}",
                authors=[me(author, presenting=False), AuthorData("Cy", f"cy{n}@x.org", "", True)],
            ),
            section=SectionFactory(event=panel_call),
        )
    assert person_counts(event=panel_call, user=author)["proposals"] == 3


def test_a_panel_proposals_papers_count_for_each_author_once_she_confirms(panel_call, author):
    bea = UserFactory(email="bea@example.org", name="Bea")
    EmailAddress.objects.create(user=bea, email=bea.email, verified=True, primary=True)
    named = AuthorData("Bea", "bea@example.org", "", False)
    panel_propose(
        by=author,
        event=panel_call,
        section=SectionFactory(event=panel_call),
        data=panel_data(
            panel_call,
            [
                paper_by(panel_call, n, named, AuthorData(f"P{n}", f"p{n}@x.org", "", True))
                for n in range(4)
            ],
        ),
    )
    assert person_counts(event=panel_call, user=bea)["proposals"] == 0

    authorships = Authorship.objects.filter(email="bea@example.org").order_by("paper_id")
    for authorship in authorships[:3]:
        authorship_confirm(authorship=authorship, by=bea)
    assert person_counts(event=panel_call, user=bea)["proposals"] == 3
    with pytest.raises(ValidationError, match="this event allows 3"):
        authorship_confirm(authorship=authorships[3], by=bea)


def test_a_panel_proposal_naming_one_author_beyond_her_limit_is_refused_whole(panel_call, author):
    # The proposer herself counts at once: four papers of hers are one over three.
    papers = [
        paper_by(
            panel_call,
            n,
            me(author, presenting=False),
            AuthorData(f"P{n}", f"p{n}@x.org", "", True),
        )
        for n in range(4)
    ]

    with pytest.raises(ValidationError) as error:
        panel_propose(
            by=author,
            event=panel_call,
            section=SectionFactory(event=panel_call),
            data=panel_data(panel_call, papers),
        )

    assert "proposal_limit" in codes(error.value)
    assert (Paper.objects.count(), Authorship.objects.count()) == (0, 0)


def test_a_proposer_presenting_every_paper_of_her_panel_is_held_to_the_presenting_limit(
    panel_call, author
):
    papers = [paper_by(panel_call, n, me(author)) for n in range(3)]

    with pytest.raises(ValidationError) as error:
        panel_propose(
            by=author,
            event=panel_call,
            section=SectionFactory(event=panel_call),
            data=panel_data(panel_call, papers),
        )

    assert codes(error.value) == ["presenter_limit"]
    assert "Ada Author already presents 0 papers; this event allows 2" in error.value.messages[0]


def test_presenters_named_in_a_panel_proposal_are_asked_and_count_once_they_confirm(
    panel_call, author, mallory, django_capture_on_commit_callbacks
):
    ada = AuthorData("Ada Author", "ada@example.org", "", True)
    with django_capture_on_commit_callbacks(execute=True):
        panel = panel_propose(
            by=mallory,
            event=panel_call,
            section=SectionFactory(event=panel_call),
            data=panel_data(panel_call, [paper_by(panel_call, 1, ada)]),
        )

    row = Authorship.objects.get(paper__panel=panel, email="ada@example.org")
    assert row.status == AuthorshipStatus.PENDING
    assert any(
        m.to == ["ada@example.org"] and "Action required: confirm" in m.subject for m in mail.outbox
    )
    assert person_counts(event=panel_call, user=author)["presenting"] == 0
    services.authorship_confirm(authorship=row)
    assert person_counts(event=panel_call, user=author)["presenting"] == 1


# Authors per paper -------------------------------------------------------------------------


def authors(n) -> list[AuthorData]:
    return [AuthorData(f"Author {i}", f"a{i}@example.org", "", False) for i in range(n)]


def test_six_authors_are_allowed_by_default_and_a_seventh_is_refused(open_panel, author):
    event = open_panel.event
    event.max_papers_presented_per_person = None
    event.save()
    assert event.max_authors_per_paper == 6
    six = [me(author), *authors(5)]

    paper_propose(by=author, event=event, panel=open_panel, data=proposal(event, authors=six))
    with pytest.raises(ValidationError) as error:
        paper_propose(
            by=author,
            event=event,
            panel=open_panel,
            data=proposal(event, title="Seven", authors=[me(author), *authors(6)]),
        )

    assert codes(error.value) == ["too_many_authors"]
    assert "at most 6 authors" in error.value.messages[0]


def test_the_authors_per_paper_bound_the_mails_one_proposal_sends(
    open_panel, author, django_capture_on_commit_callbacks
):
    event = open_panel.event
    with django_capture_on_commit_callbacks(execute=True):
        paper_propose(
            by=author,
            event=event,
            panel=open_panel,
            data=proposal(event, authors=[me(author), *authors(5)]),
        )
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        paper_propose(
            by=author,
            event=event,
            panel=open_panel,
            data=proposal(event, title="Eleven", authors=[me(author), *authors(11)]),
        )

    outside = [m for m in mail.outbox if m.to[0].startswith("a") and m.to[0] != author.email]
    assert len(outside) == 5


def test_the_authors_per_paper_is_at_least_one_in_the_database(open_event):
    open_event.max_authors_per_paper = 0
    with pytest.raises(IntegrityError), transaction.atomic():
        open_event.save()


def test_the_authors_per_paper_cannot_go_below_an_active_papers_authors(open_panel):
    paper = PaperFactory(panel=open_panel, status=PaperStatus.SUBMITTED, title="Crowded")
    AuthorshipFactory.create_batch(3, paper=paper)
    event = open_panel.event

    event.max_authors_per_paper = 2
    errors = services.event_rule_errors(event)
    event.max_authors_per_paper = 3
    fine = services.event_rule_errors(event)

    assert [e.code for e in errors["max_authors_per_paper"]] == ["below_authors"]
    assert "“Crowded” names 3 authors" in errors["max_authors_per_paper"][0].messages[0]
    assert "max_authors_per_paper" not in fine


# The links ---------------------------------------------------------------------------------


@pytest.fixture
def pending(open_panel, mallory):
    event = open_panel.event
    paper = paper_propose(by=mallory, event=event, panel=open_panel, data=naming_ada(event))
    return paper.authorships.get(email="ada@example.org")


def test_loading_the_confirm_link_changes_nothing_and_shows_a_button(client, pending):
    response = client.get(answer_url(pending))

    pending.refresh_from_db()
    assert pending.status == AuthorshipStatus.PENDING
    assert response.status_code == 200
    assert "Confirm: I am an author" in response.text
    assert "Mallory&#x27;s paper" in response.text


def test_posting_the_confirm_link_confirms_without_signing_in_once_only(client, pending):
    url = answer_url(pending)

    first = client.post(url, follow=True)
    second = client.post(url, follow=True)

    pending.refresh_from_db()
    assert pending.status == AuthorshipStatus.CONFIRMED
    assert pending.answered_at is not None
    assert "you are confirmed as an author" in first.text
    assert "This authorship is confirmed already." in second.text
    assert list(pending.paper.history.values_list("changes", flat=True))[-1] == {
        "authorship of Ada Author": ["awaiting confirmation", "confirmed"]
    }


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # the signature
        lambda t: "x" + t,  # the content
        lambda t: t.split(":")[0],  # cut
        lambda t: "not-a-token",
    ],
)
def test_a_tampered_link_gives_a_plain_page_and_changes_nothing(client, pending, tamper):
    url = reverse(
        "papers:authorship-answer", kwargs={"token": tamper(authorship_token(pending, "confirm"))}
    )

    shown = client.get(url)
    posted = client.post(url)

    pending.refresh_from_db()
    assert pending.status == AuthorshipStatus.PENDING
    assert (shown.status_code, posted.status_code) == (400, 400)
    assert "This link is not valid" in posted.text


def test_an_expired_link_confirms_nothing_and_offers_a_new_one_to_the_same_address(
    client, pending, time_machine, django_capture_on_commit_callbacks
):
    url = answer_url(pending)
    time_machine.move_to(timezone.now() + timedelta(days=LINK_DAYS, minutes=1))

    page = client.get(url)
    client.post(url)
    pending.refresh_from_db()
    assert pending.status == AuthorshipStatus.PENDING
    assert "This link has expired" in page.text
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"resend": "1"})

    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    fresh = client.post(_confirm_link_in(mail.outbox[0]).removeprefix(settings.SITE_URL))
    pending.refresh_from_db()
    assert fresh.status_code == 302
    assert pending.status == AuthorshipStatus.CONFIRMED


def test_an_expired_links_new_link_is_sent_at_most_once_an_hour(
    client, pending, time_machine, django_capture_on_commit_callbacks
):
    url = answer_url(pending)
    time_machine.move_to(timezone.now() + timedelta(days=LINK_DAYS, minutes=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(20):
            page = client.post(url, {"resend": "1"}, follow=True)
    assert len(mail.outbox) == 1
    assert "less than an hour ago" in page.text

    time_machine.move_to(timezone.now() + timedelta(minutes=61))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"resend": "1"})
    assert len(mail.outbox) == 2


def test_a_link_answers_only_its_own_authorship_and_its_own_action(client, pending, open_panel):
    bob = AuthorshipFactory(
        paper=pending.paper, email="bob@example.org", status=AuthorshipStatus.PENDING
    )

    client.post(answer_url(pending, "decline"))

    pending.refresh_from_db()
    bob.refresh_from_db()
    assert (pending.status, bob.status) == (AuthorshipStatus.DECLINED, AuthorshipStatus.PENDING)


def test_a_link_to_an_address_the_paper_no_longer_names_says_so(client, pending, mallory):
    url = answer_url(pending)
    paper_update(
        paper=pending.paper,
        by=mallory,
        data=proposal(pending.paper.event, title="Mallory's paper", authors=[me(mallory)]),
    )

    response = client.post(url)

    assert response.status_code == 410
    assert "no longer names this address" in response.text


def test_declining_keeps_the_row_counts_nothing_and_tells_the_submitter(
    client, pending, author, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(answer_url(pending, "decline"), follow=True)

    pending.refresh_from_db()
    assert pending.status == AuthorshipStatus.DECLINED
    assert "You have declined" in response.text
    assert [m.to for m in mail.outbox] == [["mallory@example.org"]]
    assert "Ada Author declined" in mail.outbox[0].subject
    assert person_counts(event=pending.paper.event, user=author)["presenting"] == 0
    # a confirm link afterwards answers nothing
    client.post(answer_url(pending, "confirm"))
    pending.refresh_from_db()
    assert pending.status == AuthorshipStatus.DECLINED


def test_an_author_who_declined_is_not_told_of_the_decision(
    client, pending, mallory, django_capture_on_commit_callbacks
):
    client.post(answer_url(pending, "decline"))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        chair = pending.paper.panel.roles.get(email="chair@example.org").user
        services.paper_reject(paper=pending.paper, by=chair, message="Thank you.")

    assert [m.to for m in mail.outbox] == [["mallory@example.org"]]
    assert "ada@example.org" not in str([m.to + m.cc + m.bcc for m in mail.outbox])


@pytest.fixture
def declined(open_panel, mallory, django_capture_on_commit_callbacks):
    """Mallory's paper naming Ada as co-author (not presenting); Ada declined it."""
    event = open_panel.event
    with django_capture_on_commit_callbacks(execute=True):
        paper = paper_propose(
            by=mallory, event=event, panel=open_panel, data=naming_ada(event, presenting=False)
        )
        services.authorship_decline(authorship=paper.authorships.get(email="ada@example.org"))
    mail.outbox.clear()
    return paper


def mails_to_ada():
    return [m.subject for m in mail.outbox if "ada@example.org" in m.to]


def test_an_author_who_declined_is_not_asked_again_when_made_presenter(
    declined, mallory, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        paper_update(paper=declined, by=mallory, data=naming_ada(declined.event, presenting=True))

    assert declined.authorships.get(email="ada@example.org").status == AuthorshipStatus.DECLINED
    assert mails_to_ada() == []


def test_an_author_who_declined_is_not_asked_again_when_dropped_and_named_again(
    declined, mallory, django_capture_on_commit_callbacks
):
    alone = proposal(declined.event, title="Mallory's paper", authors=[me(mallory)])

    with django_capture_on_commit_callbacks(execute=True):
        paper_update(paper=declined, by=mallory, data=alone)
        kept = declined.authorships.get(email="ada@example.org")
        paper_update(paper=declined, by=mallory, data=naming_ada(declined.event, presenting=False))

    assert (kept.status, kept.position) == (AuthorshipStatus.DECLINED, 2)
    assert declined.authorships.get(email="ada@example.org").status == AuthorshipStatus.DECLINED
    assert mails_to_ada() == []


def test_my_proposals_shows_who_awaits_confirmation_and_who_declined(client, pending, mallory):
    AuthorshipFactory(
        paper=pending.paper,
        email="dee@example.org",
        name="Dee",
        status=AuthorshipStatus.DECLINED,
        position=9,  # after the paper's own two, whatever the factory's sequence is at
    )
    client.force_login(mallory)

    response = client.get(reverse("papers:my-proposals"))

    assert "Ada Author (presenting) <span" in response.text
    assert "awaiting confirmation" in response.text
    assert "declined" in response.text


# The mail ---------------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href"))


def _html_part(message) -> str:
    parsed = message_from_bytes(message.message().as_bytes())
    html = next(p for p in parsed.walk() if p.get_content_type() == "text/html")
    return html.get_payload(decode=True).decode(html.get_content_charset())


def _confirm_link_in(message) -> str:
    reader = _Links()
    reader.feed(_html_part(message))
    return next(h for h in reader.hrefs if "/my/authorships/" in h and h in message.body)


def test_the_request_escapes_hostile_names_once_and_links_to_the_absolute_confirm_page(
    open_panel, mallory, django_capture_on_commit_callbacks
):
    event = open_panel.event
    hostile = AuthorData('<script>alert("x")</script> Eve', "eve@example.org", "", True)
    with django_capture_on_commit_callbacks(execute=True):
        paper = paper_propose(
            by=mallory,
            event=event,
            panel=open_panel,
            data=proposal(event, title="<b>Bold</b> & co", authors=[me(mallory, False), hostile]),
        )

    message = next(m for m in mail.outbox if m.to == ["eve@example.org"])
    html = _html_part(message)
    row = paper.authorships.get(email="eve@example.org")
    link = _confirm_link_in(message)
    token = link.removeprefix(f"{settings.SITE_URL}/my/authorships/").removesuffix("/")
    assert read_token(token) == (
        {"paper": row.paper_id, "email": "eve@example.org", "action": "confirm"},
        False,
    )
    assert link.startswith(f"{settings.SITE_URL}/my/authorships/")
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Eve" in html
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; co" in html
    assert "<script>" not in html
    assert "&amp;lt;" not in html
    assert '<script>alert("x")</script> Eve' in message.body  # the text part is plain text


# The admin ----------------------------------------------------------------------------------


def test_the_admin_names_who_awaits_confirmation_and_refuses_a_seventh_author(client, pending):
    paper = pending.paper
    sign_in_organiser(client, paper.event)

    listing = client.get(reverse("admin:papers_paper_changelist"))
    page = client.get(change_url(paper))
    data = admin_form_data(page)
    for i in range(5):
        add_inline_row(
            data, "authorships", position=str(10 + i), name=f"Extra {i}", email=f"x{i}@example.org"
        )
    response = client.post(change_url(paper), data)

    assert "Ada Author (awaiting confirmation)" in listing.text
    assert "awaiting confirmation" in page.text
    assert response.status_code == 200
    assert "A paper has at most 6 authors in this event; you named 7." in response.text
    assert paper.authorships.count() == 2


def test_an_organisers_authors_count_at_once_and_are_held_to_the_limits(client, open_panel, author):
    mine = PaperFactory(panel=open_panel, status=PaperStatus.SUBMITTED, submitted_by=author)
    AuthorshipFactory(paper=mine, email=author.email, user=author, is_presenter=True)
    paper = PaperFactory(panel=open_panel, status=PaperStatus.SUBMITTED, title="Organised")
    AuthorshipFactory(paper=paper, email="zed@example.org", name="Zed", is_presenter=True)
    sign_in_organiser(client, open_panel.event)
    page = client.get(change_url(paper))

    data = add_inline_row(
        admin_form_data(page),
        "authorships",
        position="2",
        name="Ada Author",
        email="ADA@example.org",
        is_presenter="on",
    )
    response = client.post(change_url(paper), data)

    assert "Ada Author already presents 1 papers; this event allows 1" in response.text
    assert paper.authorships.count() == 1


def test_the_limits_are_one_plain_call_per_row_for_an_import(open_panel, author):
    mine = PaperFactory(panel=open_panel, status=PaperStatus.SUBMITTED, submitted_by=author)
    AuthorshipFactory(paper=mine, email=author.email, user=author, is_presenter=True)
    row = [AuthorData("Ada Author", "Ada@Example.org", "", True)]

    refused = limit_errors(open_panel.event, submitter=None, authors=row)
    as_same_paper = limit_errors(open_panel.event, submitter=None, authors=row, exclude=mine)

    assert [e.code for e in refused["authors"]] == ["presenter_limit"]
    assert as_same_paper == {}


# Decisions --------------------------------------------------------------------------------


def test_accepting_a_rejected_paper_whose_presenter_is_at_her_limit_is_refused_and_warned(
    open_panel, author, organiser
):
    mine = PaperFactory(panel=open_panel, status=PaperStatus.SUBMITTED, submitted_by=author)
    AuthorshipFactory(paper=mine, email=author.email, user=author, is_presenter=True)
    old = PaperFactory(panel=open_panel, status=PaperStatus.REJECTED, title="Old one")
    AuthorshipFactory(paper=old, email=author.email, name="Ada Author", is_presenter=True)

    warnings = services.acceptance_warnings([old])
    with pytest.raises(ValidationError) as error:
        services.paper_accept(paper=old, by=organiser)

    assert codes(error.value) == ["presenter_limit"]
    assert warnings == [
        "“Old one”: Ada Author already presents 1 papers; this event allows 1 "
        "per person. Choose another presenter."
    ]
    old.refresh_from_db()
    assert old.status == PaperStatus.REJECTED


def test_accepting_a_submitted_paper_within_the_limit_goes_through(open_panel, author, organiser):
    mine = PaperFactory(panel=open_panel, status=PaperStatus.SUBMITTED, submitted_by=author)
    AuthorshipFactory(paper=mine, email=author.email, user=author, is_presenter=True)

    assert services.acceptance_warnings([mine]) == []
    services.paper_accept(paper=mine, by=organiser)

    mine.refresh_from_db()
    assert mine.status == PaperStatus.ACCEPTED


# More edges of answering ------------------------------------------------------------------


def test_the_confirm_page_says_beforehand_when_confirming_would_pass_her_limit(
    client, pending, open_panel, author
):
    mine = PaperFactory(panel=open_panel, status=PaperStatus.SUBMITTED, submitted_by=author)
    AuthorshipFactory(paper=mine, email=author.email, user=author, is_presenter=True)

    page = client.get(answer_url(pending))
    client.post(answer_url(pending))

    pending.refresh_from_db()
    assert "You cannot confirm: Ada Author already presents 1 papers" in page.text
    assert pending.status == AuthorshipStatus.PENDING


def test_a_rejected_paper_is_confirmed_whatever_her_limits_for_it_counts_for_nobody(
    pending, open_panel, author
):
    """Rejected, not withdrawn: a rejection may be reconsidered, so the answer still
    matters; a withdrawn paper is answered by nobody (the tests of the links)."""
    mine = PaperFactory(panel=open_panel, status=PaperStatus.SUBMITTED, submitted_by=author)
    AuthorshipFactory(paper=mine, email=author.email, user=author, is_presenter=True)
    chair = pending.paper.panel.roles.get(email="chair@example.org").user
    services.paper_reject(paper=pending.paper, by=chair, message="Thank you.")

    services.authorship_confirm(authorship=pending)

    pending.refresh_from_db()
    assert pending.status == AuthorshipStatus.CONFIRMED


def test_where_co_authored_papers_count_confirming_one_past_the_proposal_limit_is_refused(
    pending, open_panel, author
):
    event = open_panel.event
    event.coauthored_count_as_proposals = True
    event.max_papers_presented_per_person = None
    event.save()
    for title in ("One", "Two"):
        paper_propose(by=author, event=event, panel=open_panel, data=proposal(event, title=title))

    with pytest.raises(ValidationError) as error:
        services.authorship_confirm(authorship=pending)

    assert codes(error.value) == ["proposal_limit"]
    assert "Ada Author has made 2 proposals; this event allows 2" in error.value.messages[0]


def test_a_declined_author_is_answered_once_and_left_off_the_public_paper_page(
    client, open_panel, mallory
):
    paper = PaperFactory(panel=open_panel, status=PaperStatus.ACCEPTED, submitted_by=mallory)
    AuthorshipFactory(paper=paper, name="Shown Presenter", email="shown@example.org")
    declined = AuthorshipFactory(
        paper=paper, name="Ghost Author", email="ghost@example.org", status=AuthorshipStatus.PENDING
    )
    services.authorship_decline(authorship=declined)

    with pytest.raises(ValidationError) as error:
        services.authorship_decline(authorship=declined)
    response = client.get(paper.get_absolute_url())

    assert codes(error.value) == ["answered"]
    assert "Shown Presenter" in response.text
    assert "Ghost Author" not in response.text


def test_her_own_list_offers_her_the_links_to_answer_a_paper_naming_her(client, author, pending):
    assert pending.user == author  # her confirmed address linked the row at once
    client.force_login(author)

    listing = client.get(reverse("papers:my-proposals"))
    confirm = client.post(
        re.search(r'href="([^"]*/my/authorships/[^"]+)">Confirm', listing.text).group(1)
    )

    pending.refresh_from_db()
    assert "You are named as an author of this paper: is it yours?" in listing.text
    assert confirm.status_code == 302
    assert pending.status == AuthorshipStatus.CONFIRMED


def test_papers_an_organiser_enters_are_not_her_proposals(db):
    event = EventFactory(max_proposals_per_person=1)
    organiser = UserFactory()
    event.organisers.add(organiser)
    section = SectionFactory(event=event)
    keywords = [Keyword.objects.create(event=event, name=f"k{n}") for n in range(3)]
    for n in range(3):
        services.paper_create(
            paper=Paper(event=event, section=section, title=f"Entered {n}", abstract="Text."),
            by=organiser,
            keywords=keywords,
        )

    assert Paper.objects.filter(for_authors=True).count() == 3
    assert person_counts(event=event, user=organiser)["proposals"] == 0


def test_the_answer_page_names_the_submitter_the_person_named_and_the_event(client, pending):
    page = client.get(answer_url(pending))
    answered = client.post(answer_url(pending), follow=True)

    event = pending.paper.event.name
    for response in (page, answered):
        assert (
            f"Mallory Named named you (Ada Author) as an author of a paper proposed to {event}:"
        ) in " ".join(response.text.replace("&#x27;", "'").split())
    assert "()" not in page.text


@pytest.fixture
def withdrawn(pending, mallory):
    services.paper_withdraw(paper=pending.paper, by=mallory)
    pending.refresh_from_db()
    return pending


@pytest.mark.parametrize("action", ["confirm", "decline"])
def test_a_withdrawn_papers_link_says_so_offers_nothing_and_answers_nothing(
    client, withdrawn, action
):
    page = client.get(answer_url(withdrawn, action))
    posted = client.post(answer_url(withdrawn, action), follow=True)

    withdrawn.refresh_from_db()
    assert withdrawn.status == AuthorshipStatus.PENDING
    assert "This paper was withdrawn; nothing is left to answer." in page.text
    assert "Mallory&#x27;s paper" in page.text
    assert "<form" not in page.text.split("<main")[-1].split("</main>")[0]
    for button in ("Confirm: I am an author", "Decline: this is not my paper", "new link"):
        assert button not in page.text
    assert "This paper was withdrawn" in posted.text


def test_a_withdrawn_papers_expired_link_sends_no_new_one(
    client, withdrawn, time_machine, django_capture_on_commit_callbacks
):
    url = answer_url(withdrawn)
    time_machine.move_to(timezone.now() + timedelta(days=LINK_DAYS, minutes=1))
    mail.outbox.clear()

    page = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"resend": "1"})

    assert "This link has expired" not in page.text
    assert "This paper was withdrawn" in page.text
    assert mail.outbox == []


def test_the_services_refuse_to_answer_for_a_withdrawn_paper(withdrawn, author):
    for answer in (services.authorship_confirm, services.authorship_decline):
        with pytest.raises(ValidationError) as refused:
            answer(authorship=withdrawn, by=author)
        assert codes(refused.value) == ["withdrawn"]
    withdrawn.refresh_from_db()
    assert withdrawn.status == AuthorshipStatus.PENDING
    assert services.resend_confirmation(withdrawn) is False
