"""Proposing through the pages: the button, the picker, the form, its errors."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from panels.enums import PanelStatus
from papers.enums import PaperStatus
from papers.models import Paper
from tests.factories import PanelFactory
from tests.papers.helpers import form_data

pytestmark = pytest.mark.django_db


def propose_url(panel):
    return reverse(
        "papers:propose-to-panel", kwargs={"event": panel.event.slug, "code": panel.code}
    )


def test_the_panel_page_offers_a_propose_button_while_the_call_is_open(client, open_panel):
    response = client.get(open_panel.get_absolute_url())

    assert f'href="{propose_url(open_panel)}">Propose a paper</a>' in response.text
    assert "The paper call is open until" in response.text
    assert f'data-event-tz="{open_panel.event.time_zone}"' in response.text
    assert "data-time-left" in response.text


def test_a_closed_call_says_when_it_closed_and_offers_no_button(client, open_panel):
    event = open_panel.event
    event.paper_call_opens = timezone.now() - timedelta(days=20)
    event.paper_call_closes = timezone.now() - timedelta(days=1)
    event.save()

    response = client.get(open_panel.get_absolute_url())

    assert "The paper call closed on" in response.text
    assert propose_url(open_panel) not in response.text


def test_a_call_not_yet_open_says_when_it_opens(client, open_panel):
    event = open_panel.event
    event.paper_call_opens = timezone.now() + timedelta(days=1)
    event.save()

    response = client.get(open_panel.get_absolute_url())

    assert "The paper call opens on" in response.text
    assert propose_url(open_panel) not in response.text


def test_the_picker_finds_panels_by_code_or_title(client, open_panel):
    PanelFactory(section=open_panel.section, title="Digital Government")
    url = reverse("papers:propose", kwargs={"event": open_panel.event.slug})

    by_code = client.get(url, {"q": "p070"})
    by_title = client.get(url, {"q": "digital"})

    assert list(by_code.context["panels"]) == [open_panel]
    assert [p.title for p in by_title.context["panels"]] == ["Digital Government"]
    assert (
        reverse(
            "papers:propose-to-section",
            kwargs={"event": open_panel.event.slug, "section": open_panel.section.code},
        )
        in by_code.text
    )


def test_the_picker_never_offers_a_panel_that_is_not_accepted(client, open_panel):
    PanelFactory(section=open_panel.section, status=PanelStatus.PROPOSED, title="Not Yet")
    url = reverse("papers:propose", kwargs={"event": open_panel.event.slug})

    response = client.get(url)

    assert "Not Yet" not in response.text


def test_proposing_needs_an_account(client, open_panel):
    response = client.get(propose_url(open_panel))

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_form_starts_with_the_signed_in_author_first_and_presenting(author_client, open_panel):
    response = author_client.get(propose_url(open_panel))

    authors = response.context["authors"]
    assert authors.forms[0].initial == {
        "name": "Ada Author",
        "email": "ada@example.org",
        "affiliation": "Univ A",
        "is_presenter": True,
    }
    assert 'data-word-limit="20"' in response.text
    assert 'data-word-limit="300"' in response.text
    assert response.context["form"].fields["keywords"].queryset.count() == 4


def test_a_valid_proposal_lands_on_a_confirmation_and_emails_go_out(
    author_client, open_panel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = author_client.post(propose_url(open_panel), form_data(open_panel.event))

    paper = Paper.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("papers:proposal-submitted", kwargs={"pk": paper.pk})
    confirmation = author_client.get(response.url)
    assert "your proposal is received" in confirmation.text
    assert "Citizens as Co-Producers" in confirmation.text
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.org", "chair@example.org"]


ASKED = "asked by email to confirm"


def test_a_single_authors_confirmation_page_asks_nobody_to_confirm(author_client, open_panel):
    assert author_client.get(propose_url(open_panel)).status_code == 200

    page = author_client.post(propose_url(open_panel), form_data(open_panel.event), follow=True)

    assert "your proposal is received" in page.text
    assert "You have been sent a receipt" in page.text
    assert ASKED not in page.text


@pytest.mark.parametrize(
    ("others", "said"),
    [
        (["bo"], f"The co-author you named has been {ASKED}"),
        (["bo", "cy"], f"The co-authors you named have been {ASKED}"),
    ],
)
def test_the_confirmation_page_says_the_co_authors_named_were_asked_to_confirm(
    author_client, open_panel, others, said
):
    authors = [
        {"name": "Ada Author", "email": "ada@example.org", "is_presenter": "on"},
        *({"name": f"{name} Other", "email": f"{name}@example.org"} for name in others),
    ]
    assert author_client.get(propose_url(open_panel)).status_code == 200

    page = author_client.post(
        propose_url(open_panel), form_data(open_panel.event, authors=authors), follow=True
    )

    assert said in page.text


def test_a_co_author_named_without_an_address_is_not_said_to_be_asked(author_client, open_panel):
    authors = [
        {"name": "Ada Author", "email": "ada@example.org", "is_presenter": "on"},
        {"name": "Bo Without Address"},
    ]

    page = author_client.post(
        propose_url(open_panel), form_data(open_panel.event, authors=authors), follow=True
    )

    assert "Bo Without Address" in page.text
    assert ASKED not in page.text


def test_sending_the_same_form_twice_makes_one_paper(author_client, open_panel):
    data = form_data(open_panel.event)

    first = author_client.post(propose_url(open_panel), data)
    second = author_client.post(propose_url(open_panel), data)

    assert Paper.objects.count() == 1
    assert first.url == second.url


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "   "}, "This field is required."),
        ({"abstract": ""}, "This field is required."),
        ({"title": "word " * 21}, "Shorten the title to 20 words; it has 21."),
        ({"abstract": "word " * 301}, "Shorten the abstract to 300 words; it has 301."),
        ({"title": "x" * 401}, "Ensure this value has at most 400 characters"),
        ({"abstract": "x" * 12001}, "Ensure this value has at most 12000 characters"),
        ({"keywords": []}, "This field is required."),
        ({"coauthors_agreed": ""}, "This field is required."),
    ],
)
def test_an_invalid_form_shows_the_error_and_saves_nothing(
    author_client, open_panel, changes, message
):
    response = author_client.post(propose_url(open_panel), form_data(open_panel.event, **changes))

    assert response.status_code == 200
    assert message in response.text
    assert Paper.objects.count() == 0


def test_a_keyword_sent_as_a_number_beyond_any_id_is_refused_on_the_form(author_client, open_panel):
    huge = "99999999999999999999"

    response = author_client.post(
        propose_url(open_panel), form_data(open_panel.event, keywords=[huge])
    )

    assert response.status_code == 200
    assert f"“{huge}” is not a valid value." in response.text
    assert Paper.objects.count() == 0


@pytest.mark.parametrize(
    ("authors", "message"),
    [
        (
            [{"name": "Ada Author", "email": "ada@example.org", "affiliation": "Univ A"}],
            "Mark at least one author as presenting the paper.",
        ),
        (
            [
                {"name": "Ada", "email": "ada@example.org", "is_presenter": "on"},
                {"name": "Bo", "email": "Ada@Example.org"},
            ],
            "Each author needs their own email address; ada@example.org appears twice.",
        ),
        ([{"name": "Ada", "email": "not-an-email", "is_presenter": "on"}], "valid email"),
        ([{"name": "", "email": "", "affiliation": ""}], "Please submit at least 1 form."),
    ],
)
def test_bad_authors_are_refused_with_a_message(author_client, open_panel, authors, message):
    response = author_client.post(
        propose_url(open_panel), form_data(open_panel.event, authors=authors)
    )

    assert response.status_code == 200
    assert message in response.text
    assert Paper.objects.count() == 0


def test_a_rule_broken_in_the_service_shows_on_the_form(author_client, open_panel, author):
    first = author_client.post(propose_url(open_panel), form_data(open_panel.event))
    assert first.status_code == 302

    second = author_client.post(
        propose_url(open_panel),
        form_data(
            open_panel.event, title="Another Paper", token="5b0e8f4e-0000-4000-8000-0000000000ff"
        ),
    )

    assert second.status_code == 200
    assert "Ada Author already presents 1 papers" in second.text
    assert Paper.objects.count() == 1


def test_the_form_warns_when_the_next_proposal_is_the_last_allowed(author_client, open_panel):
    author_client.post(
        propose_url(open_panel),
        form_data(
            open_panel.event,
            authors=[{"name": "Someone", "email": "someone@example.org", "is_presenter": "on"}],
        ),
    )

    response = author_client.get(propose_url(open_panel))

    assert "You have made 1 of the 2 proposals this event allows" in response.text


def test_posting_after_the_call_closed_is_refused_on_the_server(author_client, open_panel):
    event = open_panel.event
    page = author_client.get(propose_url(open_panel))
    assert page.status_code == 200
    event.paper_call_closes = timezone.now() - timedelta(seconds=1)
    event.save()

    response = author_client.post(propose_url(open_panel), form_data(event))

    assert "The paper call closed on" in response.text
    assert Paper.objects.count() == 0


def test_hostile_html_is_shown_escaped_on_every_page_it_reaches(author_client, open_panel):
    hostile = '<script>alert("x")</script>'
    response = author_client.post(
        propose_url(open_panel), form_data(open_panel.event, title=hostile), follow=True
    )

    assert Paper.objects.get().title == hostile
    listing = author_client.get(reverse("papers:my-proposals"))
    for page in (response, listing):
        assert "<script>alert" not in page.text
        assert "&lt;script&gt;" in page.text


def test_proposing_to_a_section_pool_leaves_the_panel_empty(author_client, open_panel):
    url = reverse(
        "papers:propose-to-section",
        kwargs={"event": open_panel.event.slug, "section": open_panel.section.code},
    )

    author_client.post(url, form_data(open_panel.event))

    paper = Paper.objects.get()
    assert (paper.panel, paper.section, paper.status) == (
        None,
        open_panel.section,
        PaperStatus.SUBMITTED,
    )


def test_a_panel_not_taking_proposals_has_no_form(author_client, open_panel):
    proposed = PanelFactory(section=open_panel.section, status=PanelStatus.PROPOSED)

    assert author_client.get(propose_url(proposed)).status_code == 404
    assert author_client.post(propose_url(proposed), form_data(open_panel.event)).status_code == 404


def test_the_rules_errors_land_on_the_fields_they_concern(author_client, open_panel):
    response = author_client.post(
        propose_url(open_panel), form_data(open_panel.event, title="word " * 21)
    )

    assert response.context["form"].errors["title"] == ["Shorten the title to 20 words; it has 21."]
    assert Paper.objects.count() == 0


def test_a_rule_about_the_authors_shows_above_the_authors(author_client, open_panel):
    authors = [{"name": "Ada Author", "email": "ada@example.org", "affiliation": "Univ A"}]

    response = author_client.post(
        propose_url(open_panel), form_data(open_panel.event, authors=authors)
    )

    assert list(response.context["authors"].non_form_errors()) == [
        "Mark at least one author as presenting the paper."
    ]
    assert response.context["form"].non_field_errors() == []
    assert Paper.objects.count() == 0


def test_the_form_to_propose_to_a_section_pool_loads_then_submits(author_client, open_panel):
    url = reverse(
        "papers:propose-to-section",
        kwargs={"event": open_panel.event.slug, "section": open_panel.section.code},
    )

    page = author_client.get(url)
    assert page.status_code == 200
    assert open_panel.section.title in page.text
    response = author_client.post(url, form_data(open_panel.event))

    paper = Paper.objects.get()
    assert response.status_code == 302
    assert (paper.panel, paper.section) == (None, open_panel.section)
