"""No input makes Colloquy answer 5xx: a property-based test over every URL pattern.

Every pattern of the URL configuration (ours, the admin's, allauth's; walked from
`get_resolver()`, so a new URL is covered without editing this file) is requested
as each role — anonymous, an author, a panel chair, a section chair, an organiser —
with addresses, query strings and bodies that hypothesis generates: the planted
event's real slugs, codes and ids beside any Unicode, percent-encoded bytes, NUL
characters, huge and negative numbers, malformed dates, empty segments; form
bodies with the page's own field names and junk files; JSON of any shape. Whatever
comes in, the answer is a page, a redirect or a 4xx.

The examples are fixed (`derandomize=True`) and few per pattern and role, so the
module runs in the normal suite; a failure names the request that caused it. See
docs/architecture.md, "No 5xx from any input", to reproduce one or search harder.
"""

import json
import os
import re
from html import unescape
from urllib.parse import parse_qsl, quote, quote_from_bytes, unquote

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils.regex_helper import normalize
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from accounts.models import EmailLog
from panels.enums import PanelStatus, RoleKind
from panels.models import AgendaEntry
from papers.enums import PaperStatus
from papers.services.authorship_links import authorship_token
from programme.models import ImportJob
from tests.factories import (
    AuthorshipFactory,
    EventFactory,
    KeywordFactory,
    PanelFactory,
    PanelRoleFactory,
    PaperFactory,
    RoomFactory,
    SectionFactory,
    TimeSlotFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Examples per pattern and role; COLLOQUY_FUZZ_EXAMPLES=500 searches harder.
EXAMPLES = int(os.environ.get("COLLOQUY_FUZZ_EXAMPLES", "4"))
ROLES = ["anonymous", "author", "panel_chair", "section_chair", "organiser"]


# The URL patterns -----------------------------------------------------------------------


def walk(patterns, chain=()):
    """Every leaf pattern with the chain of patterns (resolvers first) leading to it."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, (*chain, pattern))
        else:
            assert isinstance(pattern, URLPattern)
            yield (*chain, pattern)


def route_of(chain) -> str:
    """The route as Django's `ResolverMatch.route` joins it."""
    return "".join(str(p.pattern).removeprefix("^") for p in chain)


def parts_of(chain) -> list[tuple[str, str | None]]:
    """The address as literal text and named parameters: [("admin/", None), ("", "pk")]."""
    parts = []
    for pattern in chain:
        template, _names = normalize(pattern.pattern.regex.pattern)[0]
        for piece in re.split(r"(%\(\w+\)s)", template):
            name = piece[2:-2] if piece.startswith("%(") else None
            if name is None:
                piece = piece.replace("%%", "%")
            if piece:
                parts.append((piece if name is None else "", name))
    return parts


def converters_of(chain) -> dict:
    converters = {}
    for pattern in chain:
        converters.update(getattr(pattern.pattern, "converters", {}))
    return converters


PATTERNS = {route_of(chain): chain for chain in walk(get_resolver().url_patterns)}


# The planted event ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """A published event with sections, panels, chairs, papers, authors, a slot, a
    room, mail and an import; an unpublished one beside it. Made once for the module
    in a transaction rolled back at its end (each test runs in a savepoint of it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        event = EventFactory(name="Fuzz Conference", slug="fuzz-conference")
        draft = EventFactory(name="Draft Conference", slug="draft-conference", is_published=False)
        organiser = UserFactory(name="Olga Organiser", email="olga@example.org")
        event.organisers.add(organiser)
        section_chair = UserFactory(name="Sam Sectionchair", email="sam@example.org")
        section = SectionFactory(event=event, code="SX", chair=section_chair)
        other_section = SectionFactory(event=event, code="SY")
        KeywordFactory(event=event, name="democracy")
        slot, room = TimeSlotFactory(event=event), RoomFactory(event=event)
        panel = PanelFactory(section=section, code="P001", slot=slot, room=room)
        PanelFactory(section=other_section, code="P002")
        PanelFactory(section=section, code="P003", status=PanelStatus.PROPOSED)
        PanelFactory(section=SectionFactory(event=draft), code="P001")
        panel_chair = UserFactory(name="Pat Panelchair", email="pat@example.org")
        PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, name="Pat Panelchair", user=panel_chair)
        PanelRoleFactory(panel=panel, kind=RoleKind.DISCUSSANT, name="Dora Discussant")
        author = UserFactory(name="Ada Author", email="ada@example.org")
        paper = PaperFactory(panel=panel, title="Accepted Paper", submitted_by=author)
        authorship = AuthorshipFactory(paper=paper, name="Ada Author", email=author.email)
        authorship.user = author
        authorship.save()
        waiting = PaperFactory(panel=panel, status=PaperStatus.SUBMITTED, submitted_by=author)
        AuthorshipFactory(paper=waiting, name="Ada Author", email=author.email, user=author)
        for user in (author, organiser, section_chair, panel_chair):
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        unconfirmed = EmailAddress.objects.create(user=author, email="ada2@example.org")
        AgendaEntry.objects.create(user=author, panel=panel)
        mail = EmailLog.objects.create(
            to=author.email, subject="Your proposal", template="t", event=event
        )
        job = ImportJob.objects.create(
            event=event, by=organiser, kind="panels", format="csv", file_name="p.csv", data=b"a,b\n"
        )
        users = {
            "anonymous": None,
            "author": author,
            "panel_chair": panel_chair,
            "section_chair": section_chair,
            "organiser": organiser,
        }
        valid = {
            "event": [event.slug, draft.slug],
            "code": ["P001", "P003"],
            "section": ["SX", "SY"],
            "person": ["pat-panelchair", "ada-author"],
            "pk": [paper.pk, waiting.pk, mail.pk, job.pk],
            "id": [author.pk, organiser.pk],
            "token": [authorship_token(authorship, "confirm")],
            "verb": ["accept", "reserve", "reject"],
            "content_type_id": [ContentType.objects.get_for_model(panel).pk],
            "app_label": ["panels", "papers", "accounts", "programme"],
            "url": ["", "panels/nothing/"],
            "key": [EmailConfirmationHMAC(unconfirmed).key],
            "uidb36": [user_pk_to_url_str(author)],
        }
        valid["key"].append(default_token_generator.make_token(author))
        yield {"users": users, "valid": valid}
        transaction.set_rollback(True)


def object_ids(chain) -> list[str]:
    """Real ids for an admin's `<object_id>`: rows of the admin's own model."""
    model_admin = getattr(chain[-1].callback, "model_admin", None)
    if model_admin is None:
        return [str(pk) for pk in PaperFactory._meta.model.objects.values_list("pk", flat=True)]
    return [str(pk) for pk in model_admin.model._default_manager.values_list("pk", flat=True)[:3]]


def valid_values(world, chain) -> dict[str, list[str]]:
    values = {name: [str(v) for v in vals] for name, vals in world["valid"].items()}
    values["object_id"] = object_ids(chain) or ["1"]
    return values


# Generated input ------------------------------------------------------------------------

HUGE = [2**31, 2**63, 2**64, 10**25, -1, -(2**63) - 1, 0]
# Digits of other scripts pass str.isdigit() and not always int(): superscripts,
# Arabic-Indic, full-width.
OTHER_DIGITS = ["\u00b2", "\u0663", "\uff11\uff12", "-\u00b9"]
numbers = st.one_of(
    st.sampled_from(HUGE).map(str), st.integers().map(str), st.sampled_from(OTHER_DIGITS)
)
dates = st.one_of(
    st.sampled_from(
        ["2026-02-30", "2026-13-01", "0000-01-01", "9999-12-31", "10000-01-01", "-1-01-01"]
    ),
    st.dates().map(str),
    st.from_regex(r"\d{1,6}-\d{1,3}-\d{1,3}", fullmatch=True),
)
texts = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=10).map(lambda t: t + "\x00"),
    st.sampled_from(["", " ", "\x00", "a" * 5000, "🙂", "王小明", "%", "../", "\u202e", "null"]),
)
junk = st.one_of(texts, numbers, dates)


def encoded(text: str) -> str:
    return quote(text.encode(), safe="")


def segments(name, values, converter):
    """A path parameter: a real value, one the converter accepts, or junk, encoded;
    or raw bytes percent-encoded (invalid UTF-8 included)."""
    options = [st.sampled_from(values).map(encoded), junk.map(encoded)]
    if converter is not None:
        options.append(st.from_regex(converter.regex, fullmatch=True).map(encoded))
    options.append(st.binary(max_size=12).map(lambda b: quote_from_bytes(b, safe="")))
    return st.one_of(options)


QUERY_KEYS = ["q", "page", "day", "panels", "o", "p", "e", "all", "next", "_changelist_filters"]
QUERY_KEYS += ["event__id__exact", "section__id__exact", "panel__id__exact", "status__exact"]
QUERY_KEYS += ["pool", "fill", "decider", "term", "app_label", "model_name", "field_name"]
QUERY_KEYS += ["start_date__year", "start_date__month", "created_at__day", "_to_field", "id__in"]


def query_strings(keys, values):
    key = st.one_of(st.sampled_from(keys), st.text(max_size=8))
    value = st.one_of(junk, st.sampled_from(values))
    pair = st.tuples(key, value).map(lambda kv: f"{encoded(kv[0])}={encoded(kv[1])}")
    raw = st.binary(max_size=20).map(lambda b: quote_from_bytes(b, safe="=&"))
    return st.lists(st.one_of(pair, raw), max_size=6).map("&".join)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.sampled_from(HUGE), st.integers(), st.floats(), texts),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(["merge", "star", "unstar"]), texts), inner),
    ),
    max_leaves=10,
)


def bodies(field_names, values):
    """(content type, body) for a POST: a form (the page's own field names), raw
    bytes, or JSON."""
    value = st.one_of(
        junk,
        st.sampled_from(values),
        st.binary(max_size=200).map(lambda b: SimpleUploadedFile("junk.csv", b)),
    )
    form = st.dictionaries(
        st.one_of(st.sampled_from(field_names), st.text(max_size=10)),
        st.one_of(value, st.lists(value, max_size=3)),
        max_size=8,
    )
    return st.one_of(
        form.map(lambda data: ("multipart", data)),
        st.binary(max_size=100).map(lambda b: ("application/x-www-form-urlencoded", b)),
        json_values.map(lambda v: ("application/json", json.dumps(v))),
        st.binary(max_size=40).map(lambda b: ("application/json", b)),
    )


def requests(chain, values, field_names, query_keys):
    converters = converters_of(chain)
    path = st.tuples(
        *[
            st.just(text) if name is None else segments(name, values[name], converters.get(name))
            for text, name in parts_of(chain)
        ]
    ).map(lambda pieces: "/" + "".join(pieces))
    flat_values = sorted({v for vals in values.values() for v in vals})
    return st.tuples(
        st.sampled_from(["GET", "POST"]),
        path,
        query_strings(query_keys, flat_values),
        bodies(field_names, flat_values),
    )


# The test -------------------------------------------------------------------------------


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def names_on(client, url) -> tuple[list[str], list[str]]:
    """The form fields of the page at `url`, and the query parameters its links carry
    (an admin list's filters, its paging and sorting)."""
    page = client.get(url).content.decode(errors="replace")
    fields = set(re.findall(r'name="([^"]+)"', page))
    queries = re.findall(r'href="[^"]*\?([^"#]*)"', page)
    params = {key for query in queries for key, _ in parse_qsl(unescape(query))}
    return sorted(fields) or ["name"], sorted(params | set(QUERY_KEYS))


def send(client, method, path, query, body):
    url = f"{path}?{query}" if query else path
    if method == "GET":
        return client.get(url)
    content_type, data = body
    if content_type == "multipart":
        return client.post(url, data)
    return client.post(url, data, content_type=content_type)


def sample_url(chain, values) -> str:
    return "/" + "".join(
        text if name is None else encoded(values[name][0]) for text, name in parts_of(chain)
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", list(PATTERNS))
def test_no_input_to_any_address_answers_a_server_error(world, route, role):
    chain = PATTERNS[route]
    values = valid_values(world, chain)
    user = world["users"][role]
    field_names, query_keys = names_on(client_for(user), sample_url(chain, values))

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(requests(chain, values, field_names, query_keys))
    def no_server_error(request):
        method, path, query, body = request
        note(f"{method} {path}?{query} {body!r}")
        # Each example starts from the planted event, signed in afresh (an example may
        # have signed out or changed the password).
        with transaction.atomic():
            response = send(client_for(user), method, path, query, body)
            transaction.set_rollback(True)
        error = getattr(response, "exc_info", None)
        raised = f" ({error[1]!r})" if error else ""
        assert response.status_code < 500, (
            f"{role}: {method} {path}?{query} body={body!r} → {response.status_code}{raised}"
        )

    no_server_error()


def test_every_address_is_covered_with_real_values_for_its_parameters(world):
    """A new URL pattern is fuzzed as it is; one with a parameter the planted event
    has no value for fails here until `world` gives it one."""
    for route, chain in PATTERNS.items():
        values = valid_values(world, chain)
        missing = [name for _, name in parts_of(chain) if name and not values.get(name)]
        assert missing == [], f"{route}: no real value for {missing}"
        url = sample_url(chain, values)
        try:
            match = resolve(unquote(url))
        except Resolver404:
            pytest.fail(f"{route}: {url} does not resolve")
        assert match.route == route or route.endswith("(?P<url>.*)$"), (route, url, match.route)
