"""Public pages, cached and never stale.

Every public page belongs to an event (the home page to the list of events).
Each event has a version in the cache; any change that can touch one of its
pages (a decision, an edit, a role, the programme, publishing) gives it a new
version (see `panels.signals`), which changes every key and every ETag of its
pages at once. Nothing is ever deleted by pattern, so the scheme works alike on
the local-memory cache and on Redis shared by several app servers.

Only anonymous requests are cached: signed-in pages carry the person's menu
and messages. Browsers revalidate every time (`no-cache`) and get a 304 while
the version stands.
"""

import bisect
import hashlib
import time
import uuid
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

ALL_EVENTS = "*"
PAGE_TIMEOUT = 60 * 60 * 24


def _version_key(slug: str) -> str:
    return f"colloquy:v1:version:{slug}"


def event_version(slug: str) -> str:
    key = _version_key(slug)
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        # add(): two workers starting at once agree on one version.
        if not cache.add(key, version, timeout=None):
            version = cache.get(key) or version
    return version


def bump(slug: str) -> None:
    cache.set(_version_key(slug), uuid.uuid4().hex, timeout=None)


def _moments(slug: str, version: str) -> list[float]:
    """The moments at which the event's pages change by themselves: calls opening
    and closing, deadlines, the event's start, every slot's start and end."""
    key = f"colloquy:v1:moments:{slug}:{version}"
    moments = cache.get(key)
    if moments is None:
        from .models import Event, TimeSlot

        event = Event.objects.filter(slug=slug).first()
        moments = []
        if event is not None:
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
            moments = sorted({m.timestamp() for m in fields if m})
        cache.set(key, moments, PAGE_TIMEOUT)
    return moments


def _time_state(slug: str, version: str) -> str:
    """Which stretch between the event's moments we are in, and the minute (for
    "3 days left"): a page is re-rendered when either moves on."""
    now = time.time()
    passed = bisect.bisect_right(_moments(slug, version), now) if slug != ALL_EVENTS else 0
    return f"{passed}:{int(now // 60)}"


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
        version = event_version(slug)
        fingerprint = "|".join(
            [version, _time_state(slug, version), request.get_full_path(), get_language() or ""]
        )
        digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:32]
        etag = f'"{digest}"'
        if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
            response = HttpResponseNotModified()
            response["ETag"] = etag
            return response
        key = f"colloquy:v1:page:{digest}"
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            if hasattr(response, "render"):
                response.render()
            if response.cookies:  # a CSRF or session cookie: this page is someone's
                return response
            cache.set(key, (response.content, response["Content-Type"]), PAGE_TIMEOUT)
        response["ETag"] = etag
        patch_cache_control(response, no_cache=True, public=True)
        patch_vary_headers(response, ["Cookie", "Accept-Language"])
        return response

    return wrapped
