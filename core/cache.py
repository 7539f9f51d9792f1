"""Versions in the shared cache: one per name (an event's slug, say). Keys that hold
a version change all at once when it is renewed, so nothing is ever deleted by
pattern and the scheme works alike on the local-memory cache and on Redis."""

import uuid

from django.core.cache import cache
from django.db import transaction

# A day, in seconds: how long a page stays in the cache.
PAGE_TIMEOUT = 60 * 60 * 24
# Longer than any page: a version that expires just renews every page of its event.
VERSION_TIMEOUT = PAGE_TIMEOUT * 7


def _version_key(slug: str) -> str:
    return f"colloquy:v1:version:{slug}"


def event_version(slug: str, *, create: bool = True) -> str | None:
    """The event's current version; made (once) only for a page that rendered, so
    that addresses of events that do not exist leave nothing in the cache."""
    key = _version_key(slug)
    version = cache.get(key)
    if version is None and not create:
        return None
    if version is None:
        version = uuid.uuid4().hex
        # add(): two workers starting at once agree on one version.
        if not cache.add(key, version, timeout=VERSION_TIMEOUT):
            version = cache.get(key) or version
    return version


def bump(slug: str) -> None:
    """Give `slug` a new version at once (every key and ETag of its pages change)."""
    cache.set(_version_key(slug), uuid.uuid4().hex, timeout=VERSION_TIMEOUT)


def renew(*slugs: str | None) -> None:
    """New versions for these events' pages (an event's slug, or `*` for the home
    page; None is skipped): now, and again after the commit, so that a page rendered
    from the old rows in between is not kept, and a version written to a database
    cache inside a transaction that rolls back is written anyway. What every write
    path that changes public data calls: the signals of `programme.signals` for saves
    and deletes, the services themselves after a bulk write (`update()`,
    `bulk_create`), which sends no signal."""
    slugs = list(dict.fromkeys(slug for slug in slugs if slug))
    if not slugs:
        return

    def bump_all():
        for slug in slugs:
            bump(slug)

    bump_all()
    transaction.on_commit(bump_all)
