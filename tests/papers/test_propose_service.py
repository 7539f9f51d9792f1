"""The rules of proposing a paper, at their edges, in the one place they live."""

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from panels.enums import PanelStatus
from papers.enums import PaperStatus
from papers.models import Paper
from papers.services import AuthorData, paper_propose
from tests.factories import AuthorshipFactory, PanelFactory, PaperFactory, UserFactory
from tests.papers.helpers import proposal

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):  # the rules' errors, keyed by field
        return [e.code for errors in error.error_dict.values() for e in errors]
    return [e.code for e in error.error_list]


def test_a_proposal_is_saved_with_its_authors_in_order_and_its_keywords(open_panel, author):
    data = proposal(
        open_panel.event,
        authors=[
            AuthorData("Ada Author", "ada@example.org", "Univ A", True),
            AuthorData("  Bo   Coauthor ", "BO@example.org", " Univ B ", False),
        ],
    )

    paper = paper_propose(by=author, event=open_panel.event, panel=open_panel, data=data)

    assert (paper.status, paper.panel, paper.section) == (
        PaperStatus.SUBMITTED,
        open_panel,
        open_panel.section,
    )
    assert paper.submitted_by == author
    assert list(paper.authorships.values_list("name", "email", "affiliation", "user")) == [
        ("Ada Author", "ada@example.org", "Univ A", author.pk),
        ("Bo Coauthor", "bo@example.org", "Univ B", None),
    ]
    assert set(paper.keywords.all()) == set(data.keywords)


def test_receipts_go_to_every_author_with_an_email_and_a_note_to_the_chairs_after_commit(
    open_panel, author, django_capture_on_commit_callbacks
):
    data = proposal(
        open_panel.event,
        authors=[
            AuthorData("Ada Author", "ada@example.org", "Univ A", True),
            AuthorData("Bo Coauthor", "bo@example.org", "Univ B", False),
            AuthorData("Cy Noemail", "", "Univ C", False),
        ],
    )

    with django_capture_on_commit_callbacks(execute=True):
        paper_propose(by=author, event=open_panel.event, panel=open_panel, data=data)
        assert mail.outbox == []  # nothing leaves before the commit

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["ada@example.org", "bo@example.org", "chair@example.org"]
    receipt = next(m for m in mail.outbox if m.to == ["bo@example.org"])
    assert "Citizens as Co-Producers" in receipt.subject
    assert receipt.alternatives[0].mimetype == "text/html"
    chairs = next(m for m in mail.outbox if m.to == ["chair@example.org"])
    assert "P070" in chairs.subject


def test_a_proposal_to_a_sections_pool_tells_the_section_chairs(
    open_panel, author, django_capture_on_commit_callbacks
):
    section = open_panel.section
    section.chair = UserFactory(email="section.chair@example.org")
    section.save()

    with django_capture_on_commit_callbacks(execute=True):
        paper = paper_propose(
            by=author, event=open_panel.event, section=section, data=proposal(open_panel.event)
        )

    assert paper.panel is None
    assert "section.chair@example.org" in [m.to[0] for m in mail.outbox]


def test_the_call_is_open_from_its_first_second(open_panel, author):
    event = open_panel.event
    opens = event.paper_call_opens

    paper_propose(by=author, event=event, panel=open_panel, data=proposal(event), now=opens)

    assert Paper.objects.count() == 1


def test_a_second_before_the_call_opens_nothing_is_taken(open_panel, author):
    event = open_panel.event
    before = event.paper_call_opens - timedelta(seconds=1)

    with pytest.raises(ValidationError) as error:
        paper_propose(by=author, event=event, panel=open_panel, data=proposal(event), now=before)

    assert error.value.code == "call_not_open"
    assert Paper.objects.count() == 0


def test_the_last_second_before_the_close_is_in_time(open_panel, author):
    event = open_panel.event
    last = event.paper_call_closes - timedelta(seconds=1)

    paper_propose(by=author, event=event, panel=open_panel, data=proposal(event), now=last)

    assert Paper.objects.count() == 1


def test_at_the_closing_second_the_call_is_closed_and_says_when_it_closed(open_panel, author):
    event = open_panel.event
    event.time_zone = "Europe/Ljubljana"
    event.save()

    with pytest.raises(ValidationError) as error:
        paper_propose(
            by=author,
            event=event,
            panel=open_panel,
            data=proposal(event),
            now=event.paper_call_closes,
        )

    assert error.value.code == "call_closed"
    local = event.paper_call_closes.astimezone(event.tz).strftime("%-d %B %Y, %H:%M:%S")
    assert local in error.value.messages[0]
    assert Paper.objects.count() == 0


@pytest.mark.parametrize(
    "status", [PanelStatus.PROPOSED, PanelStatus.REJECTED, PanelStatus.WITHDRAWN]
)
def test_a_panel_that_is_not_accepted_takes_no_proposals(open_panel, author, status):
    open_panel.status = status
    open_panel.save()

    with pytest.raises(ValidationError) as error:
        paper_propose(
            by=author, event=open_panel.event, panel=open_panel, data=proposal(open_panel.event)
        )

    assert error.value.code == "panel_closed"


def test_a_panel_of_another_event_takes_no_proposals_here(open_panel, author):
    elsewhere = PanelFactory()

    with pytest.raises(ValidationError):
        paper_propose(
            by=author, event=open_panel.event, panel=elsewhere, data=proposal(open_panel.event)
        )


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"title": "   "}, "title_required"),
        ({"abstract": "\n\t "}, "abstract_required"),
        ({"title": "word " * 21}, "title_too_long"),
        ({"abstract": "word " * 301}, "abstract_too_long"),
        ({"keywords": []}, "keyword_count"),
        ({"authors": []}, "no_authors"),
        ({"authors": [AuthorData("Ada", "ada@example.org", "", False)]}, "no_presenter"),
        ({"authors": [AuthorData("  ", "ada@example.org", "", True)]}, "author_name"),
        (
            {
                "authors": [
                    AuthorData("Ada", "ada@example.org", "", True),
                    AuthorData("Ada Again", "ADA@example.org", "", False),
                ]
            },
            "duplicate_author_email",
        ),
    ],
)
def test_bad_content_is_refused_with_a_reason_and_saves_nothing(open_panel, author, changes, code):
    event = open_panel.event

    with pytest.raises(ValidationError) as error:
        paper_propose(by=author, event=event, panel=open_panel, data=proposal(event, **changes))

    assert code in codes(error.value)
    assert Paper.objects.count() == 0


def test_exactly_the_word_limits_are_allowed(open_panel, author):
    event = open_panel.event
    data = proposal(event, title="word " * 20, abstract="word " * 300)

    paper_propose(by=author, event=event, panel=open_panel, data=data)

    assert Paper.objects.count() == 1


def test_keywords_must_come_from_the_events_own_list(open_panel, author):
    foreign = PanelFactory().event.keywords.create(name="foreign")

    with pytest.raises(ValidationError):
        paper_propose(
            by=author,
            event=open_panel.event,
            panel=open_panel,
            data=proposal(open_panel.event, keywords=[foreign]),
        )


def test_the_keyword_range_is_inclusive_at_both_ends(open_panel, author):
    event = open_panel.event
    keywords = list(event.keywords.all())

    paper_propose(
        by=author,
        event=event,
        panel=open_panel,
        data=proposal(event, keywords=keywords[:3], title="Three"),
    )
    with pytest.raises(ValidationError) as error:
        paper_propose(
            by=author,
            event=event,
            panel=open_panel,
            data=proposal(event, keywords=keywords[:4], title="Four"),
        )

    assert "keyword_count" in codes(error.value)


def test_a_person_may_make_as_many_proposals_as_the_event_allows_and_no_more(open_panel, author):
    event = open_panel.event  # two proposals each
    presenter = [AuthorData("Someone Else", "else@example.org", "", True)]
    for title in ("First", "Second"):
        paper_propose(
            by=author,
            event=event,
            panel=open_panel,
            data=proposal(event, title=title, authors=presenter),
        )

    with pytest.raises(ValidationError) as error:
        paper_propose(
            by=author,
            event=event,
            panel=open_panel,
            data=proposal(event, title="Third", authors=presenter),
        )

    assert "proposal_limit" in codes(error.value)
    assert "Withdraw one to propose another" in error.value.messages[0]
    assert Paper.objects.count() == 2


def test_withdrawn_and_rejected_proposals_do_not_count_towards_the_limit(open_panel, author):
    event = open_panel.event
    PaperFactory(panel=open_panel, submitted_by=author, status=PaperStatus.WITHDRAWN)
    PaperFactory(panel=open_panel, submitted_by=author, status=PaperStatus.REJECTED)
    PaperFactory(panel=open_panel, submitted_by=author, status=PaperStatus.SUBMITTED)

    paper_propose(
        by=author,
        event=event,
        panel=open_panel,
        data=proposal(event, authors=[AuthorData("Other", "other@example.org", "", True)]),
    )

    assert Paper.objects.filter(submitted_by=author).count() == 4


def test_co_authored_papers_count_towards_the_limit_only_where_the_event_says(open_panel, author):
    event = open_panel.event
    for _ in range(2):
        coauthored = PaperFactory(panel=open_panel, status=PaperStatus.SUBMITTED)
        AuthorshipFactory(paper=coauthored, user=author, is_presenter=False)
    data = proposal(event, authors=[AuthorData("Other", "other@example.org", "", True)])

    paper_propose(by=author, event=event, panel=open_panel, data=data)
    event.coauthored_count_as_proposals = True
    event.save()
    with pytest.raises(ValidationError) as error:
        paper_propose(
            by=author,
            event=event,
            panel=open_panel,
            data=proposal(event, title="Another", authors=data.authors),
        )

    assert "proposal_limit" in codes(error.value)


def test_a_person_may_present_as_many_papers_as_the_event_allows_and_no_more(open_panel, author):
    event = open_panel.event  # one presented paper each
    paper_propose(by=author, event=event, panel=open_panel, data=proposal(event))

    with pytest.raises(ValidationError) as error:
        paper_propose(
            by=author, event=event, panel=open_panel, data=proposal(event, title="Second")
        )

    assert "presenter_limit" in codes(error.value)
    assert "Ada Author already presents 1 papers" in " ".join(error.value.messages)


def test_no_limit_set_means_no_limit(open_panel, author):
    event = open_panel.event
    event.max_proposals_per_person = None
    event.max_papers_presented_per_person = None
    event.save()

    for n in range(4):
        paper_propose(
            by=author, event=event, panel=open_panel, data=proposal(event, title=f"Paper {n}")
        )

    assert Paper.objects.count() == 4


def test_the_same_submitter_cannot_propose_the_same_title_twice(open_panel, author):
    event = open_panel.event
    event.max_papers_presented_per_person = None
    event.save()
    paper_propose(by=author, event=event, panel=open_panel, data=proposal(event))

    with pytest.raises(ValidationError) as error:
        paper_propose(
            by=author,
            event=event,
            panel=open_panel,
            data=proposal(event, title="  citizens AS co-producers "),
        )

    assert "duplicate_title" in codes(error.value)


def test_another_person_may_use_the_same_title(open_panel, author):
    event = open_panel.event
    paper_propose(by=author, event=event, panel=open_panel, data=proposal(event))
    other = UserFactory()

    paper_propose(
        by=other,
        event=event,
        panel=open_panel,
        data=proposal(event, authors=[AuthorData("Other", "other@example.org", "", True)]),
    )

    assert Paper.objects.count() == 2


def test_the_same_form_sent_twice_makes_one_paper(open_panel, author):
    event = open_panel.event
    token = uuid.uuid4()

    first = paper_propose(
        by=author, event=event, panel=open_panel, data=proposal(event), token=token
    )
    second = paper_propose(
        by=author, event=event, panel=open_panel, data=proposal(event), token=token
    )

    assert first == second
    assert Paper.objects.count() == 1


def test_hostile_html_is_stored_exactly_as_typed(open_panel, author):
    hostile = '<script>alert("x")</script>'
    event = open_panel.event

    paper = paper_propose(
        by=author,
        event=event,
        panel=open_panel,
        data=proposal(event, title=hostile, abstract=hostile),
    )

    assert (paper.title, paper.abstract) == (hostile, hostile)


def test_co_authors_with_a_confirmed_account_are_linked_at_once(open_panel, author):
    from allauth.account.models import EmailAddress

    bo = UserFactory(email="bo@example.org")
    EmailAddress.objects.create(user=bo, email=bo.email, verified=True, primary=True)
    unconfirmed = UserFactory(email="cy@example.org")
    data = proposal(
        open_panel.event,
        authors=[
            AuthorData("Ada Author", "ada@example.org", "", True),
            AuthorData("Bo", "bo@example.org", "", False),
            AuthorData("Cy", "cy@example.org", "", False),
        ],
    )

    paper = paper_propose(by=author, event=open_panel.event, panel=open_panel, data=data)

    assert list(paper.authorships.values_list("user", flat=True)) == [author.pk, bo.pk, None]
    assert unconfirmed.pk not in paper.authorships.values_list("user", flat=True)


def test_deadlines_are_judged_on_the_server_clock_by_default(open_panel, author):
    event = open_panel.event
    event.paper_call_closes = timezone.now() - timedelta(seconds=1)
    event.save()

    with pytest.raises(ValidationError):
        paper_propose(by=author, event=event, panel=open_panel, data=proposal(event))
