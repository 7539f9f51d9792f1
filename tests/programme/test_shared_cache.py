"""The page cache's two layers: a cached answer is the same answer as the first, a
foreign Host is refused before the cache answers, the process's layer never serves
a page of an old version and is bounded in bytes, and production's default shared
cache is the database's table that `migrate` made. (tests/test_workers.py runs the
README's recipe with three workers.)"""

import pickle

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.cache import bump
from core.cache_backends import BoundedMemoryCache
from panels.models import Panel
from papers import services
from papers.enums import PaperStatus
from tests.factories import PaperFactory, RoomFactory, TimeSlotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["middleware", "view"])
def reader(request, client):
    """An anonymous reader served by the middleware (no session cookie) or by the
    view's decorator (a session cookie that names no session)."""
    if request.param == "view":
        client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session-key"
    return client


@pytest.fixture
def scheduled(panel):
    """The public panel, in a slot and a room: it has a calendar file."""
    panel.slot = TimeSlotFactory(event=panel.event)
    panel.room = RoomFactory(event=panel.event)
    panel.save()
    return panel


def ical_url(panel):
    return reverse("programme:panel-ical", args=[panel.event.slug, panel.code])


HEADERS = (
    "Content-Type",
    "Content-Length",
    "Content-Language",
    "ETag",
    "Vary",
    "Cache-Control",
    "X-Frame-Options",
)


def test_the_panel_calendar_keeps_its_file_name_on_the_second_download(reader, scheduled):
    first = reader.get(ical_url(scheduled))

    second = reader.get(ical_url(scheduled))

    assert first["Content-Disposition"] == f'inline; filename="{scheduled.code}.ics"'
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert second.content == first.content


@pytest.mark.parametrize("answer", ["panel page", "calendar"])
def test_a_cached_answer_carries_every_header_of_the_first(client, scheduled, answer):
    url = scheduled.get_absolute_url() if answer == "panel page" else ical_url(scheduled)
    first = client.get(url)

    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)

    assert len(queries) == 0, "the second answer comes from the cache"
    assert set(second.headers) == set(first.headers)
    names = (*HEADERS, "Content-Disposition") if answer == "calendar" else HEADERS
    for name in names:
        assert first.has_header(name), name
        assert second[name] == first[name], name
    assert int(second["Content-Length"]) == len(second.content)


def test_a_head_from_the_cache_has_the_length_of_the_page(client, panel):
    first = client.get(panel.get_absolute_url())

    head = client.head(panel.get_absolute_url())

    assert head.content == b""
    assert head["Content-Length"] == first["Content-Length"] == str(len(first.content))


@pytest.mark.parametrize("site_url_middleware", [True, False])
def test_a_foreign_host_is_refused_even_when_the_page_is_cached(
    reader, panel, settings, site_url_middleware
):
    """The cache's middleware checks the Host itself: it does not count on the one
    above it (core.site.SiteUrlMiddleware) happening to build an address."""
    settings.ALLOWED_HOSTS = ["colloquy.example.org"]
    if not site_url_middleware:
        settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "core.site.SiteUrlMiddleware"]
    url = panel.get_absolute_url()
    assert reader.get(url, HTTP_HOST="colloquy.example.org").status_code == 200

    foreign = reader.get(url, HTTP_HOST="attacker.example.com")
    again = reader.get(url, HTTP_HOST="colloquy.example.org")

    assert foreign.status_code == 400
    assert again.status_code == 200


def test_the_process_layer_never_serves_a_page_of_an_old_version(client, panel):
    """Another process renews the version (here: a bulk update and `bump`, as an
    import does): this process still holds the old page in its "pages" cache,
    under the old version's key, and must not serve it."""
    url = panel.get_absolute_url()
    assert "Renamed Elsewhere" not in client.get(url).text
    kept = len(caches["pages"]._cache)

    Panel.objects.filter(pk=panel.pk).update(title="Renamed Elsewhere")
    bump(panel.event.slug)
    again = client.get(url)

    assert kept > 0
    assert "Renamed Elsewhere" in again.text


def test_the_pages_cache_is_bounded_in_bytes_as_the_settings_say():
    pages = caches["pages"]

    assert isinstance(pages, BoundedMemoryCache)
    assert pages.max_bytes == settings.CACHES["pages"]["OPTIONS"]["MAX_BYTES"]
    assert pages.max_bytes == 32 * 1024 * 1024


def bounded(max_bytes, max_entries=1000):
    return BoundedMemoryCache(
        f"bounded-{max_bytes}-{max_entries}",
        {"OPTIONS": {"MAX_BYTES": max_bytes, "MAX_ENTRIES": max_entries}},
    )


def size_of(key, value, store):
    return len(store.make_key(key)) + len(pickle.dumps(value, store.pickle_protocol))


def test_the_least_recently_used_pages_go_first_once_the_bytes_are_spent():
    store = bounded(10_000)
    store.clear()
    page = b"x" * 3000
    for n in range(3):
        store.set(f"page-{n}", page)
    store.get("page-0")  # read: now the most recently used

    store.set("page-3", page)

    assert store.get("page-0") == page
    assert store.get("page-1") is None
    assert store.get("page-2") == page
    assert store.get("page-3") == page
    assert store.bytes_held == 3 * size_of("page-0", page, store) <= 10_000


def test_a_page_larger_than_the_bound_is_not_kept_and_drops_its_old_copy():
    store = bounded(10_000)
    store.clear()
    store.set("page", b"small")

    store.set("page", b"x" * 20_000)

    assert store.get("page") is None
    assert store.bytes_held == 0


def test_the_bytes_are_counted_back_on_delete_replace_expiry_incr_and_clear(time_machine):
    store = bounded(10_000, max_entries=3)
    store.clear()
    store.set("a", b"x" * 100)
    store.set("a", b"x" * 200)
    assert store.bytes_held == size_of("a", b"x" * 200, store)

    store.delete("a")
    store.set("n", 1)
    store.incr("n", 10**30)
    assert store.bytes_held == size_of("n", 1 + 10**30, store)

    time_machine.move_to("2030-01-01 12:00")
    store.set("short", b"x", timeout=1)
    time_machine.shift(2)
    assert store.get("short") is None
    for key in "bcde":  # MAX_ENTRIES 3: Django's own culling drops some
        store.set(key, b"y")
    held = sum(size_of(key, store.get(key), store) for key in "nbcde" if store.has_key(key))
    assert store.bytes_held == held

    store.clear()
    assert store.bytes_held == 0


# The database's cache: production's shared cache without REDIS_URL.


@pytest.fixture
def database_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": settings.SHARED_CACHE_TABLE,
        },
    }
    return caches["default"]


def test_migrate_makes_the_shared_cache_table():
    assert settings.SHARED_CACHE_TABLE in connection.introspection.table_names()


def test_pages_and_versions_live_in_the_database_cache(database_cache, client, panel):
    client.get(panel.get_absolute_url())
    caches["pages"].clear()  # as in another process

    with connection.cursor() as cursor:
        table = connection.ops.quote_name(settings.SHARED_CACHE_TABLE)
        cursor.execute(f"SELECT cache_key FROM {table}")  # noqa: S608 -- our table's name
        keys = [key for (key,) in cursor.fetchall()]
    with CaptureQueriesContext(connection) as queries:
        again = client.get(panel.get_absolute_url())

    assert any(f"version:{panel.event.slug}" in key for key in keys)
    assert any(":page:" in key for key in keys)
    assert again.status_code == 200
    assert all(settings.SHARED_CACHE_TABLE in q["sql"] for q in queries.captured_queries)


def test_a_decision_renews_the_page_through_the_database_cache(
    database_cache, client, panel, organiser, django_capture_on_commit_callbacks
):
    paper = PaperFactory(panel=panel, status=PaperStatus.SUBMITTED, title="Accepted Late")
    assert "Accepted Late" not in client.get(panel.get_absolute_url()).text

    with django_capture_on_commit_callbacks(execute=True):
        services.paper_accept(paper=paper, by=organiser)

    assert "Accepted Late" in client.get(panel.get_absolute_url()).text
