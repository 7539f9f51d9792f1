"""The crawl: as each role, every page reachable from the home page answers, and every
form on it takes empty and hostile input, without a 5xx — and nothing of an event the
role may not see shows anywhere on the way.

The data is the demo conference (`demo.conference.load_demo`), loaded once for the
module, plus a second, unpublished event whose every name holds "Zanzibar" and which
no crawling role may see. Each role starts at "/" (and at /admin/ or /my/proposals/
where it has them) and follows, breadth first, every same-site address in `a`,
`area`, `link` (page-like `rel` only) and `form action`. Addresses are grouped by
their URL pattern and the names in their query string; at most `PER_PATTERN` of each
group, `PER_ROUTE` of each pattern and `MAX_PAGES` in all are fetched, so that the
crawl stays within minutes. Every distinct form (a POST form: its action's pattern
and its field names, an inline's rows counted once; a GET form: its action's
pattern) is sent once with every field blank and `len(JUNK)` times with hostile
values, each field getting each value once; POSTs run inside a savepoint that is
rolled back, so what one form does (a deletion included) never changes the pages
crawled after it. A 5xx, or a traceback in a page, fails the role's test with the
exception and where it was raised.

See docs/architecture.md, "The crawl", for what it covers and how long it takes.
"""

import re
import traceback
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve

from accounts.models import User
from demo.conference import AUTHOR_EMAIL, CHAIR_EMAIL, ORGANISER_EMAIL, load_demo
from panels.models import Section
from tests.factories import UserFactory
from tests.test_admin_scope import make_secret_event

ROOT = f"{Path(__file__).resolve().parent.parent}/"
MAX_PAGES = 250  # GETs per role, redirects and GET forms included
PER_PATTERN = 2  # addresses fetched per URL pattern and set of query names
PER_ROUTE = 4  # addresses fetched per URL pattern, whatever their query
SECRET = "zanzibar"  # in every name of the unpublished event (tests.test_admin_scope)
JUNK = [
    "<script>alert(1)</script>",
    "x" * 10_000,
    "-1",
    "99999999999999999999",
    "2026-13-45",
    "王小明 Ελένη Παπαδοπούλου",
]
# Where a GET or a POST would end the session or leave the site: never followed.
SKIPPED_PATHS = ("/accounts/logout/", "/admin/logout/")
SKIPPED_PREFIXES = ("/static/", "/media/")
PAGE_RELS = {"alternate", "canonical", "next", "prev", "prefetch"}
BUTTON_INPUTS = {"submit", "image"}
IGNORED_INPUTS = {"button", "reset"}


# Reading a page -------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # an input's type, "select", "select-multiple" or "textarea"
    value: str = ""


@dataclass
class Form:
    action: str
    method: str
    fields: list[Field] = field(default_factory=list)
    button: tuple[str, str] | None = None  # the first named submit button


class PageReader(HTMLParser):
    """The same-site addresses a page links to and the forms on it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag in ("a", "area") and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "link" and set(attrs.get("rel", "").split()) & PAGE_RELS:
            self.links.append(attrs.get("href", ""))
        elif tag == "form":
            self.form = Form(action=attrs.get("action", ""), method=attrs.get("method", "get"))
            self.forms.append(self.form)
            self.links.append(self.form.action)
        if self.form is None or not attrs.get("name") or "disabled" in attrs:
            return
        name, kind = attrs["name"], attrs.get("type", "text").lower()
        if (tag == "input" and kind in BUTTON_INPUTS) or (tag == "button" and kind == "submit"):
            self.form.button = self.form.button or (name, attrs.get("value", ""))
        elif tag == "input" and kind not in IGNORED_INPUTS:
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                kind = f"{kind}-unchecked"
            self.form.fields.append(Field(name, kind, attrs.get("value", "on")))
        elif tag == "select":
            kind = "select-multiple" if "multiple" in attrs else "select"
            self.form.fields.append(Field(name, kind))
        elif tag == "textarea":
            self.textarea = Field(name, "textarea")
            self.form.fields.append(self.textarea)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea":
            self.textarea = None


def read_page(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    reader.close()
    return reader


# What is sent ---------------------------------------------------------------------


def empty_data(form: Form) -> dict:
    """What a browser sends once a person has cleared every field: hidden fields (the
    management forms, the CSRF token) as they were, everything else blank."""
    data: dict = {}
    for f in form.fields:
        if f.kind == "hidden":
            data.setdefault(f.name, []).append(f.value)
        elif f.kind not in ("file", "checkbox-unchecked", "radio-unchecked"):
            data.setdefault(f.name, []).append("")
    if form.button:
        data[form.button[0]] = [form.button[1]]
    return data


def junk_file(round_: int) -> SimpleUploadedFile:
    """A file of the wrong type: a program, or a web page calling itself a PDF."""
    if round_ % 2:
        return SimpleUploadedFile("paper.pdf", b"<html><script>alert(1)</script>", "text/html")
    return SimpleUploadedFile("notes.exe", b"MZ\x90\x00 not a paper", "application/octet-stream")


def junk_data(form: Form, round_: int) -> dict:
    """Every field filled with a hostile value, the i-th name getting JUNK[i + round_]
    (each of its inputs the same, so that one value alone reaches a list of
    checkboxes): over len(JUNK) rounds each field gets each value once. Hidden fields
    (management forms included) are kept in even rounds, so that the visible fields
    reach validation, and junk in odd ones."""
    names = list(dict.fromkeys(f.name for f in form.fields))
    data: dict = {}
    for f in form.fields:
        value = JUNK[(names.index(f.name) + round_) % len(JUNK)]
        if f.name == "csrfmiddlewaretoken" or (f.kind == "hidden" and round_ % 2 == 0):
            value = f.value
        data.setdefault(f.name, []).append(junk_file(round_) if f.kind == "file" else value)
    if form.button:
        data[form.button[0]] = [form.button[1]]
    return data


# The crawl ------------------------------------------------------------------------


def same_site_path(base: str, href: str) -> str | None:
    """`href` read on the page at `base`, as a path with its query, when it is an
    address of this site worth fetching; otherwise None."""
    url = urlsplit(urljoin(f"http://testserver{base}", href.strip()))
    if url.scheme not in ("http", "https") or url.netloc not in ("", "testserver"):
        return None
    if url.path.startswith(SKIPPED_PREFIXES) or url.path.endswith(SKIPPED_PATHS):
        return None
    return f"{url.path}?{url.query}" if url.query else url.path


def pattern(path: str) -> tuple[str, str]:
    """The group an address is deduplicated in: its URL pattern (or "unresolved") and
    the names in its query string."""
    url = urlsplit(path)
    try:
        route = resolve(url.path).route
    except Resolver404:
        route = "unresolved"
    names = sorted({name for name, _ in parse_qsl(url.query, keep_blank_values=True)})
    return route, "&".join(names)


def form_shape(form: Form) -> tuple[str, ...]:
    """The names of a form's fields, an inline's rows counted once: two forms of one
    shape are sent once."""
    return tuple(sorted({re.sub(r"-\d+-", "-N-", f.name) for f in form.fields}))


@dataclass
class Crawl:
    """One role's crawl: `run` fetches and submits, `errors` lists each 5xx or
    traceback, `leaks` each answer naming the unpublished event."""

    client: Client
    max_pages: int = MAX_PAGES
    within: tuple[str, ...] = ("/",)  # the paths followed start with one of these
    pages: list[str] = field(default_factory=list)
    submissions: int = 0
    errors: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    fetched: Counter = field(default_factory=Counter)
    forms_sent: set[tuple] = field(default_factory=set)

    @property
    def routes(self) -> set[str]:
        return {pattern(page)[0] for page in self.pages}

    def run(self, starts: list[str]) -> "Crawl":
        queue, seen = deque(starts), set()
        while queue and len(self.pages) < self.max_pages:
            path = queue.popleft()
            group = pattern(path)
            if path in seen or self.fetched[group] >= PER_PATTERN:
                continue
            if not path.startswith(self.within):
                continue
            if self.fetched[group[0]] >= PER_ROUTE:
                continue
            seen.add(path)
            self.fetched.update([group, group[0]])
            self.pages.append(path)
            response = self.client.get(path)
            self.check(f"GET {path}", response)
            if response.status_code in (301, 302, 303, 307, 308):
                queue.extend(filter(None, [same_site_path(path, response["Location"])]))
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            page = read_page(response.text)
            queue.extend(filter(None, (same_site_path(path, href) for href in page.links)))
            for form in page.forms:
                self.submit(path, form)
        return self

    def submit(self, page: str, form: Form) -> None:
        """The form sent once blank and len(JUNK) times with junk, unless a form of
        its shape was sent already; a POST inside a savepoint rolled back."""
        action = same_site_path(page, form.action or page)
        if action is None:
            return
        method = form.method.lower()
        key = (pattern(action)[0], method, form_shape(form) if method == "post" else ())
        if key in self.forms_sent:
            return
        self.forms_sent.add(key)
        for label, data in [
            ("empty", empty_data(form)),
            *((f"junk {n}", junk_data(form, n)) for n in range(len(JUNK))),
        ]:
            self.submissions += 1
            if method == "post":
                with transaction.atomic():
                    response = self.client.post(action, data)
                    transaction.set_rollback(True)
            else:
                response = self.client.get(action.split("?")[0], data)
            self.check(f"{method.upper()} {action} ({label}, form on {page})", response)

    def check(self, what: str, response) -> None:
        text = response.content.decode(errors="replace")
        if response.status_code >= 500:
            error = getattr(response, "exc_info", None)
            self.errors.append(f"{what} → {response.status_code} {cause(error)}")
        elif "Traceback (most recent call last)" in text or "Server Error (500)" in text:
            self.errors.append(f"{what} → a traceback in the page")
        if SECRET in text.lower():
            self.leaks.append(f"{what} → names the unpublished event")


def cause(exc_info) -> str:
    """The exception, shortened, where it was raised, and the last line of our own
    code it passed through."""
    if not exc_info:
        return ""
    frames = traceback.extract_tb(exc_info[2])
    ours = [f for f in frames if f.filename.startswith(ROOT) and "/.venv/" not in f.filename]
    where = [
        f"{f.filename.split('site-packages/')[-1].removeprefix(ROOT)}:{f.lineno}"
        for f in [*ours[-1:], frames[-1]]
    ]
    return f"{repr(exc_info[1])[:120]} at {' … '.join(where)}"


# The roles ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def conference(django_db_setup, django_db_blocker):
    """The demo conference and the unpublished "Zanzibar" event, loaded once for this
    module inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        event, _ = load_demo()
        make_secret_event()
        organiser = UserFactory(name="Olga Organiser", email="olga@example.org")
        event.organisers.add(organiser)
        yield {
            "anonymous": None,
            "author": User.objects.get(email=AUTHOR_EMAIL),
            "panel chair": User.objects.get(email=CHAIR_EMAIL),
            "section chair": Section.objects.get(event=event, code="S01").chair,
            "organiser": organiser,
        }
        transaction.set_rollback(True)


STARTS = {
    "anonymous": ["/", "/admin/"],
    "author": ["/", "/my/proposals/", "/admin/"],
    "panel chair": ["/", "/admin/", "/my/proposals/"],
    "section chair": ["/", "/admin/", "/my/proposals/"],
    "organiser": ["/", "/admin/", "/my/proposals/"],
}


# What each role's crawl must reach, or it proves little (signed out on the way, or
# the demo grew a page that hides the rest).
REACHED = {
    "anonymous": {"<slug:event>/panels/<code:code>/", "accounts/login/", "admin/login/"},
    "author": {"my/proposals/<int:pk>/edit/", "my/proposals/<int:pk>/full-paper/"},
    "panel chair": {
        "admin/papers/paper/<path:object_id>/change/",
        "admin/papers/paper/<path:object_id>/decide/<str:verb>/",
    },
    "section chair": {"admin/panels/panel/add/", "admin/panels/section/<path:object_id>/change/"},
    "organiser": {
        "admin/panels/event/<path:object_id>/change/",
        "admin/panels/event/<path:object_id>/copy/",
        "admin/panels/panel/import/",
    },
}


@pytest.mark.parametrize("role", list(STARTS))
def test_no_page_or_form_a_role_reaches_answers_a_server_error_or_names_a_hidden_event(
    conference, db, role
):
    client = Client(raise_request_exception=False)
    if conference[role] is not None:
        client.force_login(conference[role])

    crawl = Crawl(client).run(STARTS[role])

    print(f"{role}: {len(crawl.pages)} pages, {crawl.submissions} form submissions")
    assert crawl.errors == []
    assert crawl.leaks == []
    assert REACHED[role] <= crawl.routes


def test_a_superusers_own_admin_pages_answer_no_server_error_and_do_name_the_hidden_event(
    conference, db
):
    # The pages only a superuser reaches (groups, addresses, tasks, accounts); and
    # the proof that the crawl would notice a leak: a superuser sees every event.
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(email=ORGANISER_EMAIL))
    own = (
        "/admin/auth/",
        "/admin/account/",
        "/admin/django_tasks_database/",
        "/admin/accounts/user/",
    )

    crawl = Crawl(client, within=own).run(list(own))

    print(f"superuser: {len(crawl.pages)} pages, {crawl.submissions} form submissions")
    assert crawl.errors == []
    assert "admin/account/emailaddress/<path:object_id>/change/" in crawl.routes
    assert any("names the unpublished event" in leak for leak in crawl.leaks)
