"""A change that can touch a public page gives its event's pages a new version.

Signals, not services, because every write path must do it — services, the
admin's own saves and inlines, the shell — and a forgotten call would serve a
stale page. This is cache bookkeeping only; no rule of the domain lives here.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from core.cache import renew
from core.loaded import loaded_value, remember_saved
from panels.models import Event, Keyword, Panel, PanelRole, Room, Section, TimeSlot
from papers.models import Authorship, Paper

from . import caching


def _cached(instance, name: str):
    """The related object `name` as already loaded on `instance` (select_related, or
    set by the service that locked it), else None: never a query."""
    return instance._state.fields_cache.get(name)


def _event_slug_of(instance) -> str | None:

    if isinstance(instance, Event):
        return instance.slug
    if isinstance(instance, PanelRole) and (panel := _cached(instance, "panel")) is not None:
        instance = panel  # a role saved by panels.services.role_save: its locked panel
    if isinstance(instance, Paper | Panel):
        event = _cached(instance, "event")
        if event is not None and event.pk == instance.event_id:
            return event.slug  # read with the panel (an import's or a service's lock)
        return Event.objects.filter(pk=instance.event_id).values_list("slug", flat=True).first()
    if isinstance(instance, PanelRole):
        event_id = Panel.objects.filter(pk=instance.panel_id).values_list("event_id", flat=True)
        return Event.objects.filter(pk__in=event_id).values_list("slug", flat=True).first()
    if isinstance(instance, Authorship):
        event_id = Paper.objects.filter(pk=instance.paper_id).values_list("event_id", flat=True)
        return Event.objects.filter(pk__in=event_id).values_list("slug", flat=True).first()
    event_id = getattr(instance, "event_id", None)
    return Event.objects.filter(pk=event_id).values_list("slug", flat=True).first()


PUBLIC_STATUS = "accepted"  # the one status in which panels and papers are public


def _stored_status(instance, *, created: bool) -> str | None:
    """A panel's or paper's status in the database before this change: the one it was
    loaded with (`from_db`) or last saved with, None for a new one. Not known (its
    status deferred, or a row saved over by an instance built by hand) counts as
    public: renewing pages for nothing is cheap, a stale page is not."""
    if created:
        return None
    return loaded_value(instance, "status", PUBLIC_STATUS)


def _touches_public(instance, *, created: bool = False) -> bool:
    """A paper proposed, edited or decided without ever being accepted, and the
    people of a panel not yet accepted, change no public page: no new version.
    (A withdrawal takes a page down, so the status as stored counts too.)"""

    if isinstance(instance, Paper | Panel):
        stored = _stored_status(instance, created=created)
        return PUBLIC_STATUS in (instance.status, stored)
    if isinstance(instance, Authorship):
        return Paper.objects.filter(pk=instance.paper_id, status=PUBLIC_STATUS).exists()
    if isinstance(instance, PanelRole):
        panel = _cached(instance, "panel")
        if panel is not None and panel.pk == instance.panel_id and panel.pk is not None:
            # Its panel as loaded (role_save locks it first): public if accepted as it
            # is or as it was read; a status not read counts as public.
            return PUBLIC_STATUS in (panel.status, _stored_status(panel, created=False))
        return Panel.objects.filter(pk=instance.panel_id, status=PUBLIC_STATUS).exists()
    return True


# A role or an authorship that changes its panel or paper: where it was shown before.
PARENTS = {PanelRole: (Panel, "panel_id"), Authorship: (Paper, "paper_id")}


def _slugs_before(instance) -> list[str]:
    """The addresses whose pages showed `instance` as it was stored, when that is not
    where it is now: an event's old slug (its pages there, published or not, must not
    be served once it moved), and the event of a public panel or paper that a role or
    an authorship left (for another panel, maybe of another event). `_loaded_values`
    says where it was (core.loaded); a value not known is taken as unchanged."""
    if isinstance(instance, Event):
        before = loaded_value(instance, "slug")
        return [before] if before and before != instance.slug else []
    if type(instance) not in PARENTS:
        return []
    parent, name = PARENTS[type(instance)]
    before = loaded_value(instance, name)
    if before is None or before == getattr(instance, name):
        return []
    left = parent.objects.filter(pk=before, status=PUBLIC_STATUS)
    return list(left.values_list("event__slug", flat=True))


def _changed(sender, instance, created: bool = False, update_fields=None, **kwargs):
    slugs = [] if created else _slugs_before(instance)
    if _touches_public(instance, created=created):
        slugs.append(_event_slug_of(instance))
        if isinstance(instance, Event):
            slugs.append(caching.ALL_EVENTS)
    if kwargs.get("signal") is post_save:
        remember_saved(instance, update_fields)
    # Now, and again after the commit: a page rendered in between is not kept.
    renew(*slugs)


def connect():

    for model in (Event, Section, Keyword, Panel, PanelRole, Room, TimeSlot, Paper, Authorship):
        post_save.connect(_changed, sender=model, dispatch_uid=f"cache-{model.__name__}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"cache-{model.__name__}-del")
    for through in (Panel.keywords.through, Paper.keywords.through):
        m2m_changed.connect(
            lambda sender, instance, **kw: _changed(sender, instance),
            sender=through,
            dispatch_uid=f"cache-{through.__name__}",
            weak=False,
        )
