"""The demo chair signs in to the admin, accepts a waiting proposal with a
message, and the paper appears on the panel's public page; a proposal to a
panel they do not chair cannot be opened."""

import re

import pytest
from django.core.management import call_command

from papers.enums import PaperStatus
from papers.models import Paper

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_chair_accepts_a_waiting_proposal_in_the_admin(live_server, page):
    call_command("load_demo", verbosity=0)
    url = live_server.url
    waiting = Paper.objects.filter(panel__code="P074", status=PaperStatus.SUBMITTED).first()
    not_theirs = Paper.objects.filter(panel__code="P071", status=PaperStatus.ACCEPTED).first()

    page.goto(f"{url}/admin/")
    page.locator("#id_username").fill("chair@example.org")
    page.locator("#id_password").fill("demo")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{url}/admin/")
    dashboard = page.locator("#content").inner_text()
    assert "P070" in dashboard
    assert "5 of 5 places filled" in dashboard
    assert "2 of 5 places filled" in dashboard

    page.goto(f"{url}/admin/papers/paper/{waiting.pk}/change/")
    page.get_by_role("link", name="Accept…").click()
    page.locator("#id_message").fill("Welcome aboard: a strong paper for this panel.")
    page.get_by_role("button", name="Accept").click()
    page.wait_for_url(re.compile(rf"/admin/papers/paper/{waiting.pk}/change/$"))
    assert "Decision saved" in page.locator(".messagelist").inner_text()

    page.goto(f"{url}/general-conference-2026/panels/P074/")
    assert waiting.title in page.locator("main").inner_text()

    page.goto(f"{url}/admin/papers/paper/{not_theirs.pk}/change/")
    page.wait_for_url(f"{url}/admin/")  # the admin's "no such object" answer
    assert "doesn’t exist" in page.locator(".messagelist").inner_text()  # noqa: RUF001
    assert not_theirs.title not in page.locator("#content").inner_text()
    waiting.refresh_from_db()
    assert waiting.status == PaperStatus.ACCEPTED
