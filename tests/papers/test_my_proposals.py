"""My proposals: following, editing and withdrawing one's own papers, and nobody else's."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from panels.enums import RoleKind
from papers.enums import PaperStatus
from papers.models import Paper
from tests.factories import (
    AuthorshipFactory,
    EventFactory,
    PaperFactory,
    UserFactory,
)
from tests.papers.helpers import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(open_panel, author):
    paper = PaperFactory(
        panel=open_panel, status=PaperStatus.SUBMITTED, submitted_by=author, title="My Own Paper"
    )
    AuthorshipFactory(paper=paper, user=author, name="Ada Author", email="ada@example.org")
    paper.keywords.set(open_panel.event.keywords.all()[:1])
    return paper


@pytest.fixture
def someone_elses(open_panel):
    paper = PaperFactory(panel=open_panel, status=PaperStatus.SUBMITTED, title="Not Yours")
    AuthorshipFactory(paper=paper, email="zed@example.org")
    return paper


def test_the_list_shows_my_papers_in_every_event_with_status_panel_and_decision(
    author_client, author, mine, someone_elses
):
    elsewhere = PaperFactory(
        status=PaperStatus.REJECTED,
        submitted_by=author,
        decision_message="Not a fit for this panel.",
        decided_at=timezone.now(),
        title="Elsewhere Paper",
    )

    response = author_client.get(reverse("papers:my-proposals"))

    assert set(response.context["papers"]) == {mine, elsewhere}
    assert "My Own Paper" in response.text
    assert "Elsewhere Paper" in response.text
    assert "Not a fit for this panel." in response.text
    assert mine.panel.code in response.text
    assert "Not Yours" not in response.text


def test_the_decision_message_stays_hidden_until_there_is_a_decision(author_client, mine):
    Paper.objects.filter(pk=mine.pk).update(decision_message="Draft note")

    response = author_client.get(reverse("papers:my-proposals"))

    assert "Draft note" not in response.text


def test_a_co_author_sees_the_paper_they_are_named_on(client, mine):
    coauthor = UserFactory()
    AuthorshipFactory(paper=mine, user=coauthor)
    client.force_login(coauthor)

    response = client.get(reverse("papers:my-proposals"))

    assert list(response.context["papers"]) == [mine]
    assert "Edit" not in response.text  # only the submitter edits


@pytest.mark.parametrize("size", [1, 6])
def test_the_list_makes_the_same_queries_however_many_papers(
    author_client, author, open_panel, django_assert_num_queries, size
):
    for _ in range(size):
        paper = PaperFactory(panel=open_panel, submitted_by=author)
        AuthorshipFactory.create_batch(2, paper=paper)

    # session, user, papers, their authors, panels proposed
    with django_assert_num_queries(5):
        author_client.get(reverse("papers:my-proposals"))


def test_the_submitter_edits_while_the_call_is_open(author_client, mine, open_panel):
    url = reverse("papers:paper-edit", kwargs={"pk": mine.pk})

    page = author_client.get(url)
    response = author_client.post(url, form_data(open_panel.event, title="A Better Title"))

    assert page.context["form"].initial["title"] == "My Own Paper"
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.title == "A Better Title"
    assert list(mine.authorships.values_list("email", flat=True)) == ["ada@example.org"]


def test_editing_does_not_count_the_paper_against_its_own_limits(author_client, mine, open_panel):
    # One presented paper allowed, and this is it: editing must still work.
    url = reverse("papers:paper-edit", kwargs={"pk": mine.pk})

    response = author_client.post(url, form_data(open_panel.event, title="My Own Paper"))

    assert response.status_code == 302


def test_no_edits_once_the_call_has_closed(author_client, mine, open_panel):
    event = open_panel.event
    event.paper_call_closes = timezone.now() - timedelta(seconds=1)
    event.save()
    url = reverse("papers:paper-edit", kwargs={"pk": mine.pk})

    page = author_client.get(url)
    post = author_client.post(url, form_data(event, title="Too Late"))

    assert page.status_code == 302
    assert "The paper call closed on" in post.text
    mine.refresh_from_db()
    assert mine.title == "My Own Paper"


def test_no_edits_once_decided(author_client, mine, open_panel):
    Paper.objects.filter(pk=mine.pk).update(status=PaperStatus.RESERVE)
    url = reverse("papers:paper-edit", kwargs={"pk": mine.pk})

    response = author_client.post(url, form_data(open_panel.event, title="Sneaky"))

    assert "can no longer be edited" in response.text
    assert Paper.objects.get(pk=mine.pk).title == "My Own Paper"


@pytest.mark.parametrize(
    ("name", "methods"),
    [
        ("papers:paper-edit", ["get", "post"]),
        ("papers:paper-withdraw", ["get", "post"]),
        ("papers:full-paper", ["get", "post"]),
        ("papers:full-paper-delete", ["post"]),
        ("papers:proposal-submitted", ["get"]),
    ],
)
def test_someone_elses_paper_is_not_found(author_client, someone_elses, name, methods):
    url = reverse(name, kwargs={"pk": someone_elses.pk})

    for method in methods:
        assert getattr(author_client, method)(url).status_code == 404, method
    assert Paper.objects.get(pk=someone_elses.pk).status == PaperStatus.SUBMITTED


def test_withdrawing_asks_first_then_withdraws_and_keeps_the_paper(author_client, mine):
    url = reverse("papers:paper-withdraw", kwargs={"pk": mine.pk})

    confirm = author_client.get(url)
    assert "Withdraw this paper?" in confirm.text
    assert Paper.objects.get(pk=mine.pk).status == PaperStatus.SUBMITTED

    response = author_client.post(url, follow=True)

    assert Paper.objects.get(pk=mine.pk).status == PaperStatus.WITHDRAWN
    assert "is withdrawn" in response.text


def test_withdrawing_an_accepted_paper_tells_the_chairs(
    author_client, mine, django_capture_on_commit_callbacks
):
    Paper.objects.filter(pk=mine.pk).update(status=PaperStatus.ACCEPTED)

    with django_capture_on_commit_callbacks(execute=True):
        author_client.post(reverse("papers:paper-withdraw", kwargs={"pk": mine.pk}))

    assert [m.to for m in mail.outbox] == [["chair@example.org"]]
    assert "withdrawn" in mail.outbox[0].subject
    assert "reserve" in mail.outbox[0].body


def test_withdrawing_a_paper_not_yet_decided_tells_only_the_panels_chairs(
    author_client, mine, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        author_client.post(reverse("papers:paper-withdraw", kwargs={"pk": mine.pk}))

    # The chairs no longer wait for a proposal that is gone (issue 12); its own
    # authors, who withdrew it, get nothing.
    author_emails = {a.email for a in mine.authorships.all()}
    assert mail.outbox, "the chairs are told"
    assert all(set(m.to).isdisjoint(author_emails) for m in mail.outbox)
    assert all("reserve list" not in m.body for m in mail.outbox)


def test_no_withdrawing_once_the_event_has_started(author_client, mine, open_panel):
    event = open_panel.event
    event.start_date = timezone.localdate() - timedelta(days=1)
    event.end_date = timezone.localdate() + timedelta(days=1)
    event.save()

    response = author_client.post(
        reverse("papers:paper-withdraw", kwargs={"pk": mine.pk}), follow=True
    )

    assert "The event has started" in response.text
    assert Paper.objects.get(pk=mine.pk).status == PaperStatus.SUBMITTED


def test_a_chair_cannot_withdraw_a_paper_through_the_authors_page(client, mine, open_panel):
    chair = open_panel.roles.get(kind=RoleKind.CHAIR).user
    client.force_login(chair)

    response = client.post(reverse("papers:paper-withdraw", kwargs={"pk": mine.pk}))

    assert response.status_code == 404


def test_my_proposals_needs_signing_in(client):
    response = client.get(reverse("papers:my-proposals"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_an_event_in_the_past_lists_its_papers_too(author_client, author):
    old = EventFactory(start_date=timezone.localdate() - timedelta(days=400))
    old.end_date = old.start_date + timedelta(days=2)
    old.save()
    paper = PaperFactory(panel__section__event=old, submitted_by=author)

    response = author_client.get(reverse("papers:my-proposals"))

    assert list(response.context["papers"]) == [paper]
    assert "Withdraw" not in response.text


def test_the_edit_form_comes_with_the_co_authors_agreement_ticked(author_client, mine):
    url = reverse("papers:paper-edit", kwargs={"pk": mine.pk})

    page = author_client.get(url)

    box = re.search(r'<input[^>]*name="coauthors_agreed"[^>]*>', page.text).group(0)
    assert "checked" in box
