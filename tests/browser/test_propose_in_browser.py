"""A new person signs up, confirms their address, proposes a paper to P070 of
the demo conference and finds it under My proposals: in a real browser, on a
phone-sized screen."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from papers.models import Paper

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_new_author_signs_up_and_proposes_a_paper_to_p070(live_server, page, settings):
    call_command("load_demo", verbosity=0)
    url = live_server.url
    settings.SITE_URL = url  # the mails' links lead to this server

    page.goto(f"{url}/accounts/signup/")
    page.get_by_label("Email").fill("new.author@example.org")
    page.get_by_label("Full name").fill("Nina Newcomer")
    page.get_by_label("Affiliation").fill("University of Tartu")
    page.locator("#id_password1").fill("a-long-passphrase-77")
    page.locator("#id_password2").fill("a-long-passphrase-77")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(re.compile(r"/my/proposals/$"))

    page.goto(f"{url}/general-conference-2026/panels/P070/")
    assert re.search(r"— \d+ days?(, \d+ h)? left", page.locator(".paper-call").inner_text())
    page.get_by_role("link", name="Propose a paper").click()
    page.get_by_label("Title").fill("Co-Production in Estonian Libraries")
    page.get_by_label("Abstract").fill("Libraries invite readers to shape their services.")
    assert page.locator("#id_abstract-count").inner_text() == "7 of 300 words"
    for keyword in ("co-production", "public services", "local government"):
        page.get_by_label(keyword, exact=True).check()
    assert page.locator("#id_authors-0-name").input_value() == "Nina Newcomer"
    page.get_by_label("All co-authors agreed").check()
    page.get_by_role("button", name="Submit proposal").click()

    page.wait_for_url(re.compile(r"/submitted/$"))
    page.get_by_role("link", name="See my proposals").click()
    listing = page.locator("main")
    assert "Co-Production in Estonian Libraries" in listing.inner_text()
    assert "P070" in listing.inner_text()
    assert Paper.objects.filter(title="Co-Production in Estonian Libraries").count() == 1
