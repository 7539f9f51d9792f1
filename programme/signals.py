"""A change that can touch a public page gives its event's pages a new version.

Signals, not services, because every write path must do it — services, the
admin's own saves and inlines, the shell — and a forgotten call would serve a
stale page. This is cache bookkeeping only; no rule of the domain lives here.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from panels.models import Event, Keyword, Panel, PanelRole, Room, Section, TimeSlot
from papers.models import Authorship, Paper

from . import caching


def _event_slug_of(instance) -> str | None:

    if isinstance(instance, Event):
        return instance.slug
    if isinstance(instance, Paper | Panel):
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


def _remember_status(sender, instance, **kwargs):
    """Before a panel or paper is saved: its status as stored, to know after the save
    whether it was public (a withdrawal takes a page down, too)."""
    if instance.pk:
        instance._stored_status = (
            type(instance).objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        )


def _touches_public(instance) -> bool:
    """A paper proposed, edited or decided without ever being accepted, and the
    people of a panel not yet accepted, change no public page: no new version."""

    if isinstance(instance, Paper | Panel):
        return PUBLIC_STATUS in (instance.status, getattr(instance, "_stored_status", None))
    if isinstance(instance, Authorship):
        return Paper.objects.filter(pk=instance.paper_id, status=PUBLIC_STATUS).exists()
    if isinstance(instance, PanelRole):
        return Panel.objects.filter(pk=instance.panel_id, status=PUBLIC_STATUS).exists()
    return True


def _changed(sender, instance, **kwargs):
    if not _touches_public(instance):
        return
    slug = _event_slug_of(instance)
    slugs = [s for s in (slug, caching.ALL_EVENTS if isinstance(instance, Event) else None) if s]

    def bump():
        for s in slugs:
            caching.bump(s)

    bump()  # now, and again after the commit: a page rendered in between is not kept
    transaction.on_commit(bump)


def connect():

    for model in (Panel, Paper):
        pre_save.connect(_remember_status, sender=model, dispatch_uid=f"cache-{model.__name__}-pre")
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
