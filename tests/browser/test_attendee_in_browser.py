"""The attendee's app in a real browser: installable, offline once visited, stars
that stay, no accessibility violation, and a layout that fits a 360 px phone."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from papers.enums import PaperStatus
from papers.models import Paper

pytestmark = pytest.mark.django_db(transaction=True)

EVENT = "/general-conference-2026"


@pytest.fixture
def demo(live_server):
    call_command("load_demo", verbosity=0)
    return live_server.url


def test_the_manifest_is_linked_and_valid_and_the_service_worker_takes_over(demo, page):
    page.goto(f"{demo}{EVENT}/")

    href = page.locator('link[rel="manifest"]').get_attribute("href")
    manifest = json.loads(page.evaluate(f"fetch('{href}').then(r => r.text())"))
    state = page.evaluate("navigator.serviceWorker.ready.then(r => r.active && r.active.state)")

    assert manifest["display"] == "standalone"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}
    assert state in {"activating", "activated"}


def test_a_visited_panel_reloads_offline_and_an_unvisited_one_shows_the_offline_page(demo, page):
    page.goto(f"{demo}{EVENT}/")
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.goto(f"{demo}{EVENT}/panels/P070/")
    assert "Co-Production and Citizen Participation" in page.locator("h1").inner_text()

    page.context.set_offline(True)
    page.reload()
    offline_title = page.locator("h1").inner_text()
    page.goto(f"{demo}{EVENT}/panels/P071/")
    never_opened = page.locator("h1").inner_text()
    page.context.set_offline(False)

    assert "Co-Production and Citizen Participation" in offline_title
    assert never_opened == "You are offline"


def test_a_star_survives_a_reload_and_fills_the_agenda(demo, page):
    page.goto(f"{demo}{EVENT}/panels/P070/")
    star = page.locator("[data-star]").first
    star.click()
    assert star.get_attribute("aria-pressed") == "true"

    page.reload()
    assert page.locator("[data-star]").first.get_attribute("aria-pressed") == "true"

    page.goto(f"{demo}{EVENT}/agenda/")
    page.wait_for_url("**/agenda/?panels=P070")
    assert "P070" in page.locator("main").inner_text()


def pages_to_check():
    paper = Paper.objects.filter(panel__code="P070", status=PaperStatus.ACCEPTED).first()
    return [
        "/",
        f"{EVENT}/",
        f"{EVENT}/panels/P070/",
        f"{EVENT}/papers/{paper.pk}/",
        f"{EVENT}/programme/",
        f"{EVENT}/search/?q=governance",
        f"{EVENT}/agenda/?panels=P070,P071",
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_the_public_pages(demo, page, scheme):
    page.emulate_media(color_scheme=scheme)
    axe = Axe()
    found = {}
    for path in pages_to_check():
        page.goto(f"{demo}{path}")
        results = axe.run(page)
        if results.violations_count:
            found[path] = results.generate_report()

    assert found == {}


@pytest.mark.parametrize("width", [360, 1280])
def test_no_public_page_is_wider_than_the_screen(demo, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    too_wide = []
    for path in pages_to_check():
        page.goto(f"{demo}{path}")
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            too_wide.append(path)

    assert too_wide == []


def test_the_site_works_with_the_keyboard_alone(demo, page):
    page.goto(f"{demo}{EVENT}/panels/P070/")

    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.getAttribute('href')")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    page.keyboard.press("Enter")
    landed = page.evaluate("document.activeElement.id")
    page.keyboard.press("Tab")
    next_stop = page.evaluate("document.activeElement.tagName")

    assert skip == "#main"
    assert outline != "none"  # focus is visible
    assert landed == "main"
    assert next_stop in {"A", "BUTTON"}
