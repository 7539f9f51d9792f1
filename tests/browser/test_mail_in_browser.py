"""An email's HTML part as a mail client shows it: loaded into the browser on its
own (no Colloquy page around it), its link clicked, and the page it opens on the
live server checked. The messages are made by the app (locmem outbox), with
SITE_URL set to the live server, as production sets it to the real site."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from papers.enums import AuthorshipStatus
from papers.models import Authorship
from papers.services import AuthorData, ProposalData, paper_propose
from tests.factories import EventFactory, KeywordFactory, PanelFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def html_part(message) -> str:
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return str(html)


@pytest.fixture
def on_live_server(live_server, settings):
    settings.SITE_URL = live_server.url
    return live_server.url


def test_the_authorship_requests_button_opens_the_answer_page_on_the_site(on_live_server, page):
    now = timezone.now()
    event = EventFactory(
        paper_call_opens=now - timedelta(days=1),
        paper_call_closes=now + timedelta(days=10),
        decision_deadline=now + timedelta(days=20),
        min_keywords=1,
    )
    KeywordFactory(event=event)
    panel = PanelFactory(section=SectionFactory(event=event))
    ada = UserFactory(email="ada@example.org", name="Ada Author")
    paper_propose(
        by=ada,
        event=event,
        panel=panel,
        data=ProposalData(
            title="Citizens as Co-Producers",
            abstract="An abstract of a few words.",
            keywords=list(event.keywords.all()),
            authors=[
                AuthorData("Ada Author", "ada@example.org", "Univ A", True),
                AuthorData("Cy Other", "cy@example.org", "Univ C", False),
            ],
        ),
    )
    (request,) = [m for m in mail.outbox if m.to == ["cy@example.org"]]

    page.set_content(html_part(request))
    button = page.get_by_role("link", name="Confirm that I am an author")
    assert button.get_attribute("href").startswith(f"{on_live_server}/my/authorships/")
    button.click()

    page.wait_for_url(re.compile(rf"^{re.escape(on_live_server)}/my/authorships/"))
    assert page.get_by_role("heading", name="Confirm this authorship?").is_visible()
    assert "Citizens as Co-Producers" in page.locator("main").inner_text()
    page.get_by_role("button", name="Confirm: I am an author").click()
    assert page.get_by_text("you are confirmed as an author").is_visible()
    cy = Authorship.objects.get(email="cy@example.org")
    assert cy.status == AuthorshipStatus.CONFIRMED


def test_the_sign_up_confirmation_link_opens_the_confirm_page_and_confirms(on_live_server, page):
    Client().post(
        reverse("account_signup"),
        {
            "email": "nia@example.org",
            "name": "Nia New",
            "affiliation": "Lagos",
            "password1": "a-long-passphrase-77",
            "password2": "a-long-passphrase-77",
        },
    )
    (confirmation,) = mail.outbox

    page.set_content(html_part(confirmation))
    link = page.locator(f'a[href^="{on_live_server}/accounts/confirm-email/"]')
    link.click()

    page.wait_for_url(re.compile(r"/accounts/confirm-email/[^/]+/$"))
    assert "nia@example.org" in page.locator("main").inner_text()
    page.get_by_role("button", name="Confirm").click()
    # Signed up in another session (the mail client's browser is not the sign-up's):
    # the address is confirmed and she is asked to sign in.
    page.wait_for_url(re.compile(r"/accounts/login/"))
    assert EmailAddress.objects.get(email="nia@example.org").verified
