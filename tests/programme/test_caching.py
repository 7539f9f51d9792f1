"""Public pages are cached and answer 304 while nothing changed; every kind of
change makes the affected pages fresh at once. On the PostgreSQL run of .ci/run
the cache is Redis."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from panels import services as panel_services
from panels.enums import PanelStatus, RoleKind
from panels.models import Panel
from papers import services
from papers.enums import PaperStatus
from papers.models import Paper
from programme import services as programme_services
from programme.caching import cached_entries, keep_entry
from tests.factories import (
    AuthorshipFactory,
    PanelRoleFactory,
    PaperFactory,
    RoomFactory,
    TimeSlotFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_a_second_request_is_served_from_the_cache_without_queries(client, panel):
    client.get(panel.get_absolute_url())

    with CaptureQueriesContext(connection) as queries:
        response = client.get(panel.get_absolute_url())

    assert response.status_code == 200
    assert len(queries) == 0
    assert panel.title in response.text


def test_an_unchanged_page_answers_304_to_its_etag(client, panel):
    first = client.get(panel.get_absolute_url())

    again = client.get(panel.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert first["ETag"]
    assert "no-cache" in first["Cache-Control"]
    assert again.status_code == 304


def fresh(client, url, etag):
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200, "the page must be re-rendered after a change"
    return response


def test_a_decision_refreshes_the_panel_and_event_pages(
    client, panel, organiser, django_capture_on_commit_callbacks
):
    paper = PaperFactory(panel=panel, status=PaperStatus.SUBMITTED, title="Newly Accepted")
    before = client.get(panel.get_absolute_url())
    assert "Newly Accepted" not in before.text

    with django_capture_on_commit_callbacks(execute=True):
        services.paper_accept(paper=paper, by=organiser)

    assert "Newly Accepted" in fresh(client, panel.get_absolute_url(), before["ETag"]).text


def test_an_edit_refreshes_the_page(client, panel, organiser):
    before = client.get(panel.get_absolute_url())
    client.force_login(organiser)
    panel.title = "A Retitled Panel"
    panel.save()
    client.logout()

    assert "A Retitled Panel" in fresh(client, panel.get_absolute_url(), before["ETag"]).text


def test_a_new_role_refreshes_the_page(client, panel):
    before = client.get(panel.get_absolute_url())

    PanelRoleFactory(panel=panel, kind=RoleKind.CO_CHAIR, name="Newly Named Co-Chair")

    assert "Newly Named Co-Chair" in fresh(client, panel.get_absolute_url(), before["ETag"]).text


def test_an_author_change_refreshes_the_paper_page(client, panel):
    paper = PaperFactory(panel=panel)
    before = client.get(paper.get_absolute_url())

    AuthorshipFactory(paper=paper, name="Late Co-Author")

    assert "Late Co-Author" in fresh(client, paper.get_absolute_url(), before["ETag"]).text


def test_a_programme_change_refreshes_the_programme_and_panel_pages(client, panel, organiser):
    url = reverse("programme:programme", kwargs={"event": panel.event.slug})
    programme, page = client.get(url), client.get(panel.get_absolute_url())

    programme_services.panel_schedule(
        panel=panel,
        slot=TimeSlotFactory(event=panel.event),
        room=RoomFactory(event=panel.event, name="Brand New Room"),
        by=organiser,
    )

    assert "Brand New Room" in fresh(client, url, programme["ETag"]).text
    assert "Brand New Room" in fresh(client, panel.get_absolute_url(), page["ETag"]).text


def test_unpublishing_takes_the_pages_down_at_once(client, panel):
    client.get(panel.get_absolute_url())
    client.get("/")

    panel.event.is_published = False
    panel.event.save()

    assert client.get(panel.get_absolute_url()).status_code == 404
    assert client.get("/").status_code == 200
    assert panel.event.name not in client.get("/").text


def test_rejecting_a_panel_takes_its_page_down(client, panel, organiser):
    client.get(panel.get_absolute_url())

    panel_services.panel_reject(panel=panel, by=organiser)

    assert client.get(panel.get_absolute_url()).status_code == 404


def test_the_call_closing_refreshes_the_page_at_that_moment(client, panel, time_machine):
    event = panel.event
    event.paper_call_opens = timezone.now() - timedelta(days=1)
    event.paper_call_closes = timezone.now() + timedelta(hours=1)
    event.save()
    before = client.get(panel.get_absolute_url())
    assert "The paper call is open" in before.text

    time_machine.move_to(event.paper_call_closes + timedelta(seconds=1))

    assert (
        "The paper call closed on" in fresh(client, panel.get_absolute_url(), before["ETag"]).text
    )


def test_signed_in_pages_are_never_taken_from_or_put_in_the_cache(client, panel):
    client.get(panel.get_absolute_url())  # an anonymous copy in the cache
    user = UserFactory(name="Signed In Person")
    client.force_login(user)

    response = client.get(panel.get_absolute_url())

    assert "My proposals" in response.text
    assert "ETag" not in response
    client.logout()
    assert "My proposals" not in client.get(panel.get_absolute_url()).text


def test_withdrawing_a_panel_refreshes_the_event_page(client, panel, organiser):
    before = client.get(panel.event.get_absolute_url())
    assert panel.title in before.text

    panel_services.panel_withdraw(panel=panel, by=organiser)

    page = fresh(client, panel.event.get_absolute_url(), before["ETag"])
    assert panel.title not in page.text
    assert panel.__class__.objects.get(pk=panel.pk).status == PanelStatus.WITHDRAWN


def test_a_cached_page_keeps_the_security_headers(client, panel):
    client.get(panel.get_absolute_url())

    response = client.get(panel.get_absolute_url())

    assert response["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_addresses_of_events_that_do_not_exist_leave_nothing_in_the_cache(client):
    from django.core.cache import cache

    from core.cache import _version_key

    for n in range(3):
        assert client.get(f"/no-such-event-{n}/").status_code == 404

    assert cache.get(_version_key("no-such-event-1")) is None


def test_a_new_proposal_leaves_the_public_pages_cached(
    client, panel, django_capture_on_commit_callbacks
):
    from tests.factories import AuthorshipFactory as Author

    keyword = panel.event.keywords.create(name="fresh")
    first = client.get(panel.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        paper = PaperFactory(panel=panel, status=PaperStatus.SUBMITTED, title="Not Public Yet")
        Author(paper=paper)
        paper.keywords.add(keyword)

    again = client.get(panel.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_withdrawing_an_accepted_paper_refreshes_the_page(client, panel, organiser):
    paper = PaperFactory(panel=panel, title="Soon Withdrawn")
    before = client.get(panel.get_absolute_url())
    assert "Soon Withdrawn" in before.text

    services.paper_withdraw(paper=paper, by=organiser)

    assert "Soon Withdrawn" not in fresh(client, panel.get_absolute_url(), before["ETag"]).text


# What Django's get_conditional_response gives the page cache, on both of its paths:
# the middleware (a reader with no session cookie) and the view's decorator (a reader
# whose session cookie names no session, whom the middleware lets through).


@pytest.fixture(params=["middleware", "view"])
def reader(request, client):
    if request.param == "view":
        client.cookies[settings.SESSION_COOKIE_NAME] = "no-such-session-key"
    return client


def test_a_weak_tag_of_the_current_version_answers_304(reader, panel):
    etag = reader.get(panel.get_absolute_url())["ETag"]

    again = reader.get(panel.get_absolute_url(), HTTP_IF_NONE_MATCH=f"W/{etag}")

    assert again.status_code == 304
    assert again["ETag"] == etag


def test_if_none_match_star_answers_304(reader, panel):
    etag = reader.get(panel.get_absolute_url())["ETag"]

    again = reader.get(panel.get_absolute_url(), HTTP_IF_NONE_MATCH="*")

    assert again.status_code == 304
    assert again["ETag"] == etag


def test_one_of_several_tags_answers_304(reader, panel):
    etag = reader.get(panel.get_absolute_url())["ETag"]

    again = reader.get(panel.get_absolute_url(), HTTP_IF_NONE_MATCH=f'"other", {etag}')

    assert again.status_code == 304


def test_a_head_with_the_current_tag_answers_304(reader, panel):
    etag = reader.get(panel.get_absolute_url())["ETag"]

    again = reader.head(panel.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert again["ETag"] == etag


def test_a_head_gets_the_cached_pages_headers_and_no_body(reader, panel):
    first = reader.get(panel.get_absolute_url())

    with CaptureQueriesContext(connection) as queries:
        head = reader.head(panel.get_absolute_url())

    assert head.status_code == 200
    assert head.content == b""
    for name in ("ETag", "Cache-Control", "Content-Type", "X-Frame-Options"):
        assert head[name] == first[name]
    if "no-such-session-key" not in str(reader.cookies):
        assert len(queries) == 0, "the middleware serves it from the cache"


def test_a_stale_tag_gets_the_page(reader, panel):
    first = reader.get(panel.get_absolute_url())
    panel.title = "Retitled Since"
    panel.save()

    again = reader.get(panel.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "Retitled Since" in again.text


def test_if_modified_since_alone_gets_the_page(client, panel):
    client.get(panel.get_absolute_url())

    again = client.get(
        panel.get_absolute_url(), HTTP_IF_MODIFIED_SINCE="Sat, 01 Jan 2100 00:00:00 GMT"
    )

    assert again.status_code == 200
    assert again["ETag"]


# The process's "pages" cache in front of the shared one.


def test_entries_found_in_the_shared_cache_are_copied_into_the_process():
    cache.set("colloquy:test:entry", ("state", b"page", {}))

    found = cached_entries(["colloquy:test:entry", "colloquy:test:missing"])

    assert found == {"colloquy:test:entry": ("state", b"page", {})}
    assert caches["pages"].get("colloquy:test:entry") == ("state", b"page", {})
    assert caches["pages"].get("colloquy:test:missing") is None


def test_an_entry_kept_is_written_to_both_caches():
    keep_entry("colloquy:test:kept", [1.0, 2.0])

    assert cache.get("colloquy:test:kept") == [1.0, 2.0]
    assert caches["pages"].get("colloquy:test:kept") == [1.0, 2.0]


def test_a_page_dropped_by_the_process_comes_back_from_the_shared_cache(client, panel):
    client.get(panel.get_absolute_url())
    caches["pages"].clear()

    with CaptureQueriesContext(connection) as queries:
        response = client.get(panel.get_absolute_url())

    assert response.status_code == 200
    assert len(queries) == 0
    assert panel.title in response.text


# The status as loaded (Model.from_db), instead of a SELECT before every save.


def _selects_from(queries, model) -> list[str]:
    table = model._meta.db_table
    return [q["sql"] for q in queries if q["sql"].startswith("SELECT") and table in q["sql"]]


def test_saving_a_loaded_paper_asks_nothing_of_its_status(client, panel):
    paper = PaperFactory(panel=panel, title="Withdrawn Quietly")
    before = client.get(panel.get_absolute_url())
    assert "Withdrawn Quietly" in before.text
    loaded = Paper.objects.get(pk=paper.pk)

    loaded.status = PaperStatus.WITHDRAWN
    with CaptureQueriesContext(connection) as queries:
        loaded.save()

    assert _selects_from(queries, Paper) == []
    assert "Withdrawn Quietly" not in fresh(client, panel.get_absolute_url(), before["ETag"]).text


def test_saving_a_loaded_panel_asks_nothing_of_its_status(client, panel):
    before = client.get(panel.event.get_absolute_url())
    loaded = Panel.objects.get(pk=panel.pk)

    loaded.status = PanelStatus.WITHDRAWN
    with CaptureQueriesContext(connection) as queries:
        loaded.save()

    assert _selects_from(queries, Panel) == []
    assert panel.title not in fresh(client, panel.event.get_absolute_url(), before["ETag"]).text


def test_withdrawing_a_loaded_accepted_paper_renews_the_page(
    client, panel, organiser, django_capture_on_commit_callbacks
):
    paper = PaperFactory(panel=panel, title="Accepted Then Withdrawn")
    before = client.get(panel.get_absolute_url())
    assert "Accepted Then Withdrawn" in before.text

    with django_capture_on_commit_callbacks(execute=True):
        services.paper_withdraw(paper=Paper.objects.get(pk=paper.pk), by=organiser)

    page = fresh(client, panel.get_absolute_url(), before["ETag"])
    assert "Accepted Then Withdrawn" not in page.text


def test_a_loaded_paper_keeps_its_status_as_loaded_until_saved(panel):
    paper = PaperFactory(panel=panel, status=PaperStatus.SUBMITTED)
    assert Paper.objects.get(pk=paper.pk)._loaded_values == {"status": PaperStatus.SUBMITTED}
    assert Paper.objects.defer("status").get(pk=paper.pk)._loaded_values == {}
    assert not hasattr(Paper(title="Never Saved"), "_loaded_values")

    loaded = Paper.objects.get(pk=paper.pk)
    loaded.status = PaperStatus.ACCEPTED
    loaded.save()

    assert loaded._loaded_values == {"status": PaperStatus.ACCEPTED}


def test_a_second_save_of_a_withdrawn_paper_leaves_the_pages_cached(client, panel):
    paper = PaperFactory(panel=panel, title="Gone For Good")
    loaded = Paper.objects.get(pk=paper.pk)
    loaded.status = PaperStatus.WITHDRAWN
    loaded.save()
    first = client.get(panel.get_absolute_url())

    loaded.title = "Gone For Good, Retitled"
    loaded.save()

    again = client.get(panel.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_a_paper_whose_status_was_not_loaded_still_renews_the_page(client, panel):
    paper = PaperFactory(panel=panel, title="Status Deferred")
    before = client.get(panel.get_absolute_url())
    deferred = Paper.objects.defer("status").get(pk=paper.pk)

    deferred.status = PaperStatus.WITHDRAWN
    deferred.save()

    assert "Status Deferred" not in fresh(client, panel.get_absolute_url(), before["ETag"]).text


@pytest.mark.parametrize(
    "first",
    ["%00", "a%20b", "%F0%9F%99%82", "a" * 300],
    ids=["nul", "space", "emoji", "300 letters"],
)
def test_a_path_that_cannot_name_an_event_is_not_found_and_makes_no_cache_key(client, panel, first):
    # Before: the first segment went into the event's version key as it was; a NUL or
    # 300 letters is a key memcached refuses (Django's CacheKeyWarning, a 500 here).
    responses = [client.get(f"/{first}/{rest}") for rest in ("", "panels/P001/", "search/")]

    assert [r.status_code for r in responses] == [404, 404, 404]
