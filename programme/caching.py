"""Public pages, cached and never stale.

Every public page belongs to an event (the home page to the list of events).
Each event has a version in the cache; any change that can touch one of its
pages (a decision, an edit, a role, the programme, publishing) gives it a new
version (see `programme.signals`), which changes every key and every ETag of its
pages at once. Nothing is ever deleted by pattern, so the scheme works alike on
the local-memory cache and on Redis shared by several app servers.

Only anonymous requests are cached: signed-in pages carry the person's menu
and messages. Browsers revalidate every time (`no-cache`) and get a 304 while
the version stands.

A cached answer is the same answer: `AnonymousPageCacheMiddleware` stores a page as it
leaves the middleware below it, with every header they and the view gave it
(Content-Disposition, Content-Length, Content-Language, Vary, X-Frame-Options...), and
serves a hit with those headers, after checking the Host header as Django's
CommonMiddleware would have. The middleware above it (security, WhiteNoise, CSP) add
theirs to hits and misses alike.
"""

import bisect
import hashlib
import re
import time
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache, caches
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers

from core.cache import PAGE_TIMEOUT, bump, event_version
from panels.models import Event, TimeSlot

__all__ = ["bump", "event_version", "public_page"]

ALL_EVENTS = "*"


def cached_entries(keys: list[str]) -> dict:
    """The entries found for `keys`: from this process's "pages" cache first, then
    from the shared cache for what is missing, copying what it has into the
    process's. The entries never change once written (their keys hold the event's
    version), so a copy is never stale, and a page hit costs one round trip to the
    shared cache, for the version, and no more. The "pages" alias is a locked LRU
    bounded in entries and in bytes (core.cache_backends.BoundedMemoryCache; CACHES
    in the settings)."""
    local = caches["pages"]
    found = local.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        shared = cache.get_many(missing)
        if shared:
            local.set_many(shared, PAGE_TIMEOUT)
        found.update(shared)
    return found


def keep_entry(key: str, value) -> None:
    """Write an entry to the shared cache and to this process's "pages" cache."""
    cache.set(key, value, PAGE_TIMEOUT)
    caches["pages"].set(key, value, PAGE_TIMEOUT)


def _moments_key(slug: str, version: str) -> str:
    return f"colloquy:v1:moments:{slug}:{version}"


def _moments_from_db(slug: str) -> list[float]:
    """The moments at which the event's pages change by themselves: calls opening
    and closing, deadlines, the event's start, every slot's start and end."""
    event = Event.objects.filter(slug=slug).first()
    if event is None:
        return []
    fields = [
        event.panel_call_opens,
        event.panel_call_closes,
        event.paper_call_opens,
        event.paper_call_closes,
        event.decision_deadline,
        event.upload_deadline,
        event.starts_at(),
    ]
    slots = TimeSlot.objects.filter(event=event).values_list("starts_at", "ends_at")
    fields += [moment for pair in slots for moment in pair]
    return sorted({m.timestamp() for m in fields if m})


def _time_state(slug: str, moments: list[float]) -> str:
    """Which stretch between the event's moments we are in: a page is re-rendered
    when the next one passes. ("3 days left" is written in the browser, from the
    deadline's <time>, so that pages need not change every minute.)"""
    if slug == ALL_EVENTS:
        return "0"
    return str(bisect.bisect_right(moments, time.time()))


# An event's slug as its addresses accept it (Django's `slug` path converter, no longer
# than the field): any other first segment names no event, and makes no cache key
# (a NUL, a space or 250 characters are refused by some cache backends).
EVENT_SLUG = re.compile(rf"[-a-zA-Z0-9_]{{1,{Event._meta.get_field('slug').max_length}}}")


def event_slug_of_path(path: str) -> str | None:
    """The event a public page's path belongs to, `ALL_EVENTS` for the home page, or
    None when the path's first segment cannot be an event's slug."""
    first = path.strip("/").split("/", 1)[0]
    if not first:
        return ALL_EVENTS
    return first if EVENT_SLUG.fullmatch(first) else None


class PageKey:
    """Two cache round trips: the event's version, then its moments and the page."""

    def __init__(self, request, slug: str, version: str):
        self.slug = slug
        language = translation.get_language_from_request(request)
        base = "|".join([version, request.get_full_path(), language])
        self.key = "colloquy:v1:page:" + hashlib.sha256(base.encode()).hexdigest()[:32]
        moments_key = _moments_key(slug, version)
        found = cached_entries([moments_key, self.key])
        moments = found.get(moments_key)
        if moments is None:
            moments = _moments_from_db(slug) if slug != ALL_EVENTS else []
            keep_entry(moments_key, moments)
        self.state = _time_state(slug, moments)
        digest = hashlib.sha256(f"{base}|{self.state}".encode()).hexdigest()[:32]
        self.etag = f'"{digest}"'
        entry = found.get(self.key)
        self.entry = entry if entry and entry[0] == self.state else None

    def not_modified(self, request):
        """A 304 if the request's If-None-Match holds this page's ETag, else None.

        Django weighs the tags (weak ones, `*`, GET and HEAD). Only its 304 is
        taken, with the ETag and no other header, as ever: the pages have no
        Last-Modified, and a request without If-None-Match (If-Modified-Since,
        If-Match or If-Unmodified-Since alone) is answered in full, as before."""
        if "HTTP_IF_NONE_MATCH" not in request.META:
            return None
        response = get_conditional_response(request, etag=self.etag)
        if response is None or response.status_code != 304:
            return None
        response["ETag"] = self.etag
        return response

    def cached_response(self):
        """The stored page with every header it was stored with, or None."""
        if self.entry is None:
            return None
        _state, content, headers = self.entry
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        return response

    def store(self, response) -> None:
        """Keep the page and all its headers: (time state, body, [(name, value)])."""
        headers = list(response.headers.items())
        keep_entry(self.key, (self.state, response.content, headers))


def finish(response, etag: str):
    response["ETag"] = etag
    patch_cache_control(response, no_cache=True, public=True)
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


def _cacheable(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
        return False
    return not len(get_messages(request))


def public_page(view):
    """Cache a public page of an event (or the home page) for anonymous readers."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        slug = kwargs.get("event", ALL_EVENTS)
        if slug != ALL_EVENTS and not EVENT_SLUG.fullmatch(slug):
            return view(request, *args, **kwargs)  # no such event: a 404, not cached
        version = event_version(slug, create=False)
        page = PageKey(request, slug, version) if version else None
        if page is not None:
            if (response := page.not_modified(request)) is not None:
                return response
            response = page.cached_response()
            if response is not None:
                return finish(response, page.etag)
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming:
            return response
        if hasattr(response, "render"):
            response.render()
        if response.cookies:  # a CSRF or session cookie: this page is someone's
            return response
        page = page or PageKey(request, slug, event_version(slug))
        # Stored by the middleware on its way out, once the middleware below it have
        # added their headers (Content-Language, Content-Length, Vary...).
        response.colloquy_page = page
        return finish(response, page.etag)

    return wrapped


class AnonymousPageCacheMiddleware:
    """Serves a cached public page before the session, authentication, CSRF and
    messages middleware run: for readers with no session and no messages cookie,
    the only ones whose pages are cached. Misses go on to the view as usual, and a
    page that `public_page` marked for the cache is stored here on its way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES
            and not request.path.startswith(SKIP_PREFIXES)
        ):
            # A foreign Host is refused (DisallowedHost: a 400) before any cached
            # answer, as CommonMiddleware refuses it before any view.
            request.get_host()
            slug = event_slug_of_path(request.path)
            version = event_version(slug, create=False) if slug is not None else None
            page = PageKey(request, slug, version) if version else None
            if page is not None:
                if (response := page.not_modified(request)) is not None:
                    return self._headers(response)
                response = page.cached_response()
                if response is not None:
                    return finish(response, page.etag)
        return self._keep(self.get_response(request))

    @staticmethod
    def _keep(response):
        page = getattr(response, "colloquy_page", None)
        # A cookie set on the way out (CSRF's, a session's) makes the page someone's;
        # one deleted (a stale session cookie's) does not.
        someones = any(morsel.value for morsel in response.cookies.values())
        if page is not None and response.status_code == 200 and not someones:
            page.store(response)
        return response

    @staticmethod
    def _headers(response):
        # What the middleware below would have added (clickjacking protection).
        response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
        return response


SKIP_PREFIXES = ("/admin/", "/accounts/", "/my/", "/static/", "/sw.js", "/manifest")
