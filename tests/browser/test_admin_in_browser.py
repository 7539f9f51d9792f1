"""The admin as chairs and organisers use it, in a real browser: every page they
open — the index, the lists, a paper's and a panel's page, a paper's history,
every decision step, the move and group steps — has no violation axe-core can
find, on a phone (390 px) and a laptop (1280 px), light and dark; the paper
lists read without sideways scrolling, and the dashboard and the decision steps
fit a phone.

The pages are only read here (opening a decision step decides nothing), so the
demo is loaded once for the module, behind a live server of the module's own,
and the database is emptied at the end. Each test signs in once and opens each
page once; the width and the colour scheme change on the open page (the
admin's CSS follows both without a reload)."""

import threading
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from pytest_django.live_server_helper import LiveServer

from accounts.models import User
from demo.conference import CHAIR_EMAIL, DEMO_PASSWORD, ORGANISER_EMAIL
from panels.enums import PanelStatus
from panels.models import Panel, Section
from papers import services
from papers.enums import PaperStatus
from papers.models import Paper

# The database is set up for marked tests only; each test runs in a transaction
# of its own, rolled back after it, beside the demo that `demo` committed.
pytestmark = pytest.mark.django_db

AXE = Axe()
WIDTHS = [390, 1280]
SCHEMES = ["light", "dark"]
PAPERS = "/admin/papers/paper/"
PANELS = "/admin/panels/panel/"


@dataclass
class Demo:
    url: str
    section_chair: str  # the email of the chair of P070's section
    waiting: list[int]  # papers waiting for a decision in P074, the chair's second panel
    decided: int  # one of them, put on reserve: its history has a row
    p070: int
    p074: int
    pool: list[int]  # papers waiting in P070's section's pool
    proposed: list[int]  # panel proposals of the event
    event: int  # the demo conference
    chair: str = CHAIR_EMAIL


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, django_beside_playwright):
    """The demo, loaded once, served by a live server of this module's own: with
    pytest-django's `live_server` each test would empty the database after it.
    Emptied at the end, as a transactional test leaves it."""
    with django_db_blocker.unblock():
        server = LiveServer("localhost")
        try:
            call_command("load_demo", verbosity=0)
            yield prepare(server.url)
        finally:
            stop(server)
            call_command("flush", interactive=False, verbosity=0)


def stop(server: LiveServer):
    """Stop the server once the requests it still serves have ended (the browser
    closes its connections with each test's context, a moment later): a request
    ending after the server would find the database connection no longer shared
    with its thread and leave its socket open (a ResourceWarning, an error here)."""
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=5)
    server.stop()


def prepare(url: str) -> Demo:
    section = Section.objects.select_related("chair").get(panels__code="P070")
    section.chair.set_password(DEMO_PASSWORD)  # the demo's section chairs have none
    section.chair.save()
    chair = User.objects.get(email=CHAIR_EMAIL)
    waiting = list(
        Paper.objects.filter(panel__code="P074", status=PaperStatus.SUBMITTED).order_by("pk")
    )
    # A decision in its history, so that its history inline and its History page
    # show a row (the demo has none).
    services.paper_reserve(
        paper=waiting[0],
        by=chair,
        message="On the reserve list for now: the panel may fill up before the deadline.",
    )
    return Demo(
        url=url,
        section_chair=section.chair.email,
        waiting=[p.pk for p in waiting],
        decided=waiting[0].pk,
        p070=Panel.objects.get(code="P070").pk,
        p074=Panel.objects.get(code="P074").pk,
        pool=list(
            Paper.objects.filter(section=section, panel__isnull=True).values_list("pk", flat=True)
        ),
        proposed=list(
            Panel.objects.filter(status=PanelStatus.PROPOSED).values_list("pk", flat=True)[:2]
        ),
        event=section.event_id,
    )


@dataclass
class Step:
    """A page to check: opened by its address, or by choosing an action for some
    rows (their checkboxes' values) of the list at that address."""

    path: str
    action: str = ""
    rows: list[int] = field(default_factory=list)

    def __str__(self):
        return f"{self.path} {self.action}".strip()


def sign_in(page, demo: Demo, email: str):
    page.goto(f"{demo.url}/admin/login/?next=/admin/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{demo.url}/admin/")


def open_step(page, demo: Demo, step: Step):
    page.goto(f"{demo.url}{step.path}")
    if step.action:
        for pk in step.rows:
            page.locator(f'input.action-select[value="{pk}"]').check()
        page.locator('select[name="action"]').select_option(step.action)
        page.locator('button[name="index"]').click()
        page.wait_for_load_state()
        assert page.locator('input[name="apply"]').count() == 1, f"no step page for {step}"


def settle(page):
    """End the CSS transitions that a change of width or colour scheme starts (the
    admin's links fade their colour): axe would read the colours halfway."""
    page.evaluate(
        "document.getAnimations().filter(a => a instanceof CSSTransition).forEach(a => a.finish())"
    )


def axe_run(page, rules: list[str] | None = None) -> list[str]:
    """axe-core's violations on the page as it is now (of `rules`, or of all the
    rules axe runs by default): each rule and where."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE.axe_script)
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    response = page.evaluate("options => axe.run(document, options)", options)
    return [
        f"{v['id']}: {v['help']}: " + "; ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in response["violations"]
    ]


# What axe leaves for a person to review: ARIA that names an element not on the
# page, and a name given to an element without a role to carry it.
ARIA_PROBLEMS = """() => {
  const problems = [];
  for (const element of document.querySelectorAll("[aria-describedby], [aria-labelledby]")) {
    for (const attribute of ["aria-describedby", "aria-labelledby"]) {
      for (const id of (element.getAttribute(attribute) || "").split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) {
          problems.push(`${attribute} of ${element.tagName} #${element.id}: no #${id}`);
        }
      }
    }
  }
  const nameless = ["div", "span"].flatMap(tag => [
    `${tag}[aria-label]:not([role])`, `${tag}[aria-labelledby]:not([role])`
  ]);
  for (const element of document.querySelectorAll(nameless.join(", "))) {
    problems.push(`${element.tagName}.${element.className}: a name without a role`);
  }
  return problems;
}"""


# What the colour scheme changes: the rest of axe's rules read the page's
# structure, the same light or dark.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def violations(page, demo: Demo, steps: list[Step]) -> dict[str, list[str]]:
    """axe's violations on each page, at each width and in each colour scheme, and
    the ARIA mistakes axe only asks a person to review."""
    found = {}
    for step in steps:
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        page.emulate_media(color_scheme=SCHEMES[0])
        open_step(page, demo, step)
        if problems := page.evaluate(ARIA_PROBLEMS):
            found[f"{step}"] = problems
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for scheme in SCHEMES:
                page.emulate_media(color_scheme=scheme)
                settle(page)
                if problems := axe_run(page, None if scheme == SCHEMES[0] else COLOUR_RULES):
                    found[f"{step} at {width} px, {scheme}"] = problems
    return found


def paper_pages(pk: int) -> list[Step]:
    return [
        Step(f"{PAPERS}{pk}/change/"),
        Step(f"{PAPERS}{pk}/history/"),
        *(Step(f"{PAPERS}{pk}/decide/{verb}/") for verb in ("accept", "reserve", "reject")),
    ]


def test_axe_finds_nothing_on_the_panel_chairs_pages(demo, page):
    sign_in(page, demo, CHAIR_EMAIL)
    p074 = f"{PAPERS}?panel__id__exact={demo.p074}"

    steps = [
        Step("/admin/"),
        Step(PAPERS),
        Step(PANELS),
        *paper_pages(demo.decided),
        Step(f"{PANELS}{demo.p070}/change/"),
        Step(p074, "accept_papers", demo.waiting[1:]),
        Step(p074, "reject_papers", demo.waiting[:1]),
    ]
    assert violations(page, demo, steps) == {}


def test_axe_finds_nothing_on_the_section_chairs_pages(demo, page):
    sign_in(page, demo, demo.section_chair)
    pool = f"{PAPERS}?pool=section"

    steps = [
        Step("/admin/"),
        Step(PAPERS),
        Step(PANELS),
        Step(f"{PAPERS}{demo.pool[0]}/change/"),
        Step(f"{PAPERS}{demo.pool[0]}/history/"),
        Step(f"{PANELS}{demo.p070}/change/"),
        Step(pool, "move_papers", demo.pool),
        Step(pool, "group_into_panel", demo.pool),
        Step(pool, "reserve_papers", demo.pool),
    ]
    assert violations(page, demo, steps) == {}


def test_axe_finds_nothing_on_the_organisers_pages(demo, page):
    sign_in(page, demo, ORGANISER_EMAIL)
    p074 = f"{PAPERS}?panel__id__exact={demo.p074}"
    proposed = f"{PANELS}?status__exact=proposed"

    steps = [
        Step("/admin/"),
        Step(PAPERS),
        Step(PANELS),
        *paper_pages(demo.decided),
        Step(f"{PANELS}{demo.p070}/change/"),
        Step(p074, "accept_papers", demo.waiting),
        Step(p074, "move_papers", demo.waiting),
        Step(p074, "group_into_panel", demo.waiting),
        Step(proposed, "accept_panels", demo.proposed),
        Step(proposed, "reject_panels", demo.proposed),
        Step(f"/admin/panels/event/{demo.event}/copy/"),
        Step(f"/admin/panels/event/{demo.event}/clashes/"),
        Step(PANELS, "reject_panels", [demo.p070]),
        Step(PANELS, "merge_panels", [demo.p070, demo.p074]),
        Step(f"{PANELS}?fill=below"),
    ]
    assert violations(page, demo, steps) == {}


def test_the_organisers_dashboard_and_clash_report_fit_a_phone(demo, page):
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    sign_in(page, demo, ORGANISER_EMAIL)
    assert page.locator(".colloquy-organiser h2").count() >= 1
    assert page.locator(".colloquy-organiser table").count() >= 4
    assert not scrolls_sideways(page)
    for table in page.locator(".colloquy-organiser .colloquy-scroll").all():
        assert not table.evaluate("e => e.scrollWidth > e.clientWidth")
    page.goto(f"{demo.url}/admin/panels/event/{demo.event}/clashes/")
    assert not scrolls_sideways(page)


def scrolls_sideways(page, selector="html") -> bool:
    return page.locator(selector).evaluate("e => e.scrollWidth > e.clientWidth")


def test_a_table_only_to_read_scrolls_sideways_from_the_keyboard(demo, page):
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    sign_in(page, demo, CHAIR_EMAIL)
    page.goto(f"{demo.url}{PAPERS}{demo.decided}/change/")  # the chair may only read it
    authors = page.get_by_role("region", name="Authors")
    assert authors.count() == 1
    assert scrolls_sideways(page, "#authorships-group .wrapper")

    for _ in range(100):
        page.keyboard.press("Tab")
        if authors.evaluate("e => e === document.activeElement"):
            break
    assert authors.evaluate("e => e === document.activeElement"), "Tab never reaches the table"

    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0", timeout=2_000)


@pytest.mark.parametrize("who", ["chair", "section_chair"])
def test_the_chairs_paper_lists_read_without_sideways_scrolling(demo, page, who):
    sign_in(page, demo, getattr(demo, who))

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{demo.url}{PAPERS}")
        assert not scrolls_sideways(page), f"the page scrolls sideways at {width} px"

    # At 1280 px the table fits beside the menu and the filters, and reads.
    assert not scrolls_sideways(page, "#changelist .results")
    headers = page.locator("#result_list thead th").all_inner_texts()
    assert [h.strip() for h in headers[1:5]] == ["PANEL", "TITLE", "STATUS", "AUTHORS"]
    title = page.locator("#result_list tbody .field-title").first.bounding_box()
    status = page.locator("#result_list tbody .field-status").first.bounding_box()
    assert title["width"] >= 250
    assert status["x"] + status["width"] <= 1280


def test_the_dashboard_and_the_decision_steps_fit_a_phone(demo, page):
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    sign_in(page, demo, CHAIR_EMAIL)

    panels = page.locator(".colloquy-dashboard tbody th a")
    assert panels.count() == 2
    assert all(panels.nth(i).bounding_box()["width"] >= 250 for i in range(2))
    assert not scrolls_sideways(page)

    p074 = f"{PAPERS}?panel__id__exact={demo.p074}"
    steps = [
        *(Step(f"{PAPERS}{demo.decided}/decide/{verb}/") for verb in ("accept", "reject")),
        Step(p074, "reserve_papers", demo.waiting),
    ]
    for step in steps:
        open_step(page, demo, step)
        assert not scrolls_sideways(page), f"{step} scrolls sideways"
        for part in ("#id_message", 'input[type="submit"]', ".cancel-link"):
            box = page.locator(part).bounding_box()
            assert box["x"] >= 0
            assert box["x"] + box["width"] <= WIDTHS[0], f"{part} of {step} is cut"
        assert page.locator("ol.breadcrumbs li[aria-current=page]").count() == 1
