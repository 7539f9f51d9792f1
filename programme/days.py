"""The programme of an event, as attendees read it: days, slots, rooms, panels."""

import itertools
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from panels.models import Event, Panel, TimeSlot


@dataclass
class Day:
    date: object
    slots: list = field(default_factory=list)


def event_slots(event: Event) -> list[TimeSlot]:
    """Every slot of the event, without its panels: cheap, for the days and now/next."""
    return list(TimeSlot.objects.filter(event=event).select_related("event").order_by("starts_at"))


def slot_day(slot: TimeSlot):
    return timezone.localtime(slot.starts_at, slot.event.tz).date()


def with_panels(slots: list[TimeSlot]) -> None:
    """Give the slots their public panels (room order, people included): two queries."""
    if not slots:
        return
    panels = (
        Panel.objects.public()
        .filter(slot__in=slots)
        .select_related("room", "event")
        .with_people()
        .order_by("room__position", "room__name", "code")
    )
    by_slot = {slot.pk: [] for slot in slots}
    for panel in panels:
        by_slot[panel.slot_id].append(panel)
    for slot in slots:
        slot.public_panels = by_slot[slot.pk]


def programme_days(slots) -> list[Day]:
    days = []
    for date, group in itertools.groupby(
        slots, key=lambda s: timezone.localtime(s.starts_at, s.event.tz).date()
    ):
        days.append(Day(date=date, slots=list(group)))
    return days


def now_and_next(slots, now=None):
    """The slot under way and the one after it, while the event runs."""
    now = now or timezone.now()
    current = next((s for s in slots if s.starts_at <= now < s.ends_at), None)
    upcoming = next((s for s in slots if s.starts_at > now), None)
    return current, upcoming


def scheduled_public_panels(event: Event) -> QuerySet[Panel]:
    return (
        Panel.objects.public()
        .filter(event=event, slot__isnull=False)
        .select_related("event", "slot", "room")
        .with_people()
        .order_by("slot__starts_at", "room__position", "code")
    )
