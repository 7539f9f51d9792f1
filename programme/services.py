"""The programme: placing panels in time slots and rooms, and the clash check,
which reads who presents which paper (hence here, above papers)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.history import differences, snapshot
from panels.models import Panel, PanelRole, Room, TimeSlot
from panels.rules import is_organiser
from panels.services import record_panel_change
from papers.enums import PaperStatus
from papers.models import Authorship


def _people_keys(panels) -> dict[int, dict[str, str]]:
    """For each panel, the people who must be in its room: key → name. A person is
    known by every key they have: their account, the address typed for them and
    their account's address (whatever the letter case), else their name; two rows
    with one key in common are one person."""

    def keys(user_id, email, account_email, name):
        found = {f"user:{user_id}"} if user_id else set()
        found |= {f"email:{e.strip().lower()}" for e in (email, account_email) if e}
        return found or {f"name:{' '.join(name.split()).casefold()}"}

    people: dict[int, dict[str, str]] = {panel_id: {} for panel_id in panels}
    roles = PanelRole.objects.filter(panel_id__in=panels).values_list(
        "panel_id", "user_id", "email", "user__email", "name"
    )
    presenters = Authorship.objects.filter(
        paper__panel_id__in=panels, paper__status=PaperStatus.ACCEPTED, is_presenter=True
    ).values_list("paper__panel_id", "user_id", "email", "user__email", "name")
    for panel_id, user_id, email, account_email, name in [*roles, *presenters]:
        for key in keys(user_id, email, account_email, name):
            people[panel_id][key] = name
    return people


def slots_overlap(a, b) -> bool:
    """The one rule of time: two slots overlap when one starts before the other ends
    and ends after it starts (a slot overlaps itself; 09:00 to 10:00 and 10:00 to 11:00
    do not)."""
    return a.starts_at < b.ends_at and a.ends_at > b.starts_at


def overlapping(slot) -> list[int]:
    """The ids of the event's slots that overlap `slot` in time, itself included.
    An event has tens of slots, read in one query."""
    slots = type(slot).objects.filter(event_id=slot.event_id).only("starts_at", "ends_at")
    return [other.pk for other in slots if slots_overlap(other, slot)]


@dataclass(frozen=True)
class Placed:
    """A panel where it is, or would be: its slot and room."""

    panel: Panel
    slot: TimeSlot
    room: Room


@dataclass(frozen=True)
class Clash:
    """Two panels at the same time that share a room (`kind` "room", `what` the
    room's name) or people (`kind` "person", `what` their names)."""

    kind: str
    what: str
    first: Placed
    second: Placed


def _clashes_of_pair(a: Placed, b: Placed, people: dict[int, dict[str, str]]) -> list[Clash]:
    """The clashes between two placed panels: none unless their slots overlap."""
    if not slots_overlap(a.slot, b.slot):
        return []
    found = []
    if a.room.pk == b.room.pk:
        found.append(Clash("room", a.room.name, a, b))
    mine, theirs = people.get(a.panel.pk, {}), people.get(b.panel.pk, {})
    if shared := sorted(set(mine) & set(theirs)):
        found.append(Clash("person", ", ".join(dict.fromkeys(mine[k] for k in shared)), a, b))
    return found


def clashes_by_event(event_ids) -> dict[int, list[Clash]]:
    """Every clash of each event's programme, in the order of the slots: each pair
    of placed panels whose slots overlap and that share a room or a person. Three
    queries, whatever the number and size of the events."""
    placed: dict[int, list[Placed]] = {event_id: [] for event_id in event_ids}
    panels = (
        Panel.objects.filter(event_id__in=event_ids, slot__isnull=False, room__isnull=False)
        .select_related("event", "slot__event", "room")
        .order_by("event_id", "slot__starts_at", "code")
    )
    for panel in panels:
        placed[panel.event_id].append(Placed(panel, panel.slot, panel.room))
    people = _people_keys([p.panel.pk for event in placed.values() for p in event])
    found: dict[int, list[Clash]] = {}
    for event_id, event_placed in placed.items():
        found[event_id] = []
        for i, a in enumerate(event_placed):
            for b in event_placed[i + 1 :]:
                # Sorted by start: once b does not overlap a, no later panel does.
                if not slots_overlap(a.slot, b.slot):
                    break
                found[event_id].extend(_clashes_of_pair(a, b, people))
    return found


def event_clashes(event) -> list[Clash]:
    """Every clash of one event's programme (`clashes_by_event`)."""
    return clashes_by_event([event.pk])[event.pk]


def check_schedule(*, panel: Panel, slot, room, event=None) -> None:
    """Refuse a room used twice in one slot, and a person in two panels of one slot.
    `event` is the panel's event when the panel does not hold it yet (a new panel,
    from its form); by default the panel's own."""
    if slot is None and room is None:
        return
    if (slot is None) != (room is None):
        raise ValidationError(
            _("Give the panel both a time slot and a room, or neither."), code="slot_and_room"
        )
    event_id = event.pk if event is not None else panel.event_id
    if slot.event_id != event_id or room.event_id != event_id:
        raise ValidationError(_("Choose a slot and a room of this event."), code="wrong_event")
    # Every panel at the same time: in this slot or one that overlaps it.
    others = list(
        Panel.objects.filter(slot_id__in=overlapping(slot), room__isnull=False)
        .exclude(pk=panel.pk)
        .select_related("slot", "room")
        .order_by("code")
    )
    # A new panel has nobody in it yet; its roles are checked as they are saved.
    people = _people_keys([panel.pk, *(o.pk for o in others)]) if panel.pk and others else {}
    here = Placed(panel, slot, room)
    clashes = [
        c
        for other in others
        for c in _clashes_of_pair(here, Placed(other, other.slot, other.room), people)
    ]
    clashes.sort(key=lambda c: c.kind != "room")  # the room first, as it is told first
    if not clashes:
        return
    clash = clashes[0]
    other = clash.second.panel
    if clash.kind == "room":
        raise ValidationError(
            _("%(room)s is already used by %(code)s in %(slot)s."),
            code="room_clash",
            params={"room": clash.what, "code": other.code, "slot": str(other.slot)},
        )
    raise ValidationError(
        _("%(names)s would be in %(code)s at the same time (%(slot)s)."),
        code="person_clash",
        params={"names": clash.what, "code": other.code, "slot": str(other.slot)},
    )


@transaction.atomic
def panel_schedule(*, panel: Panel, slot, room, by) -> Panel:
    """Place a panel in a time slot and a room (or take it out: both None)."""
    # With its event: the page cache reads the event's slug from it (no query).
    panel = Panel.objects.select_for_update(of=("self",)).select_related("event").get(pk=panel.pk)
    if not is_organiser(by, panel):
        raise PermissionDenied(_("Only the organisers build the programme."))
    check_schedule(panel=panel, slot=slot, room=room)
    before = snapshot(panel, ["slot", "room"])
    panel.slot, panel.room = slot, room
    panel.save(update_fields=["slot", "room", "updated_at"])
    if changes := differences(before, snapshot(panel, ["slot", "room"])):
        record_panel_change(panel, from_status=panel.status, by=by, changes=changes)
    return panel


def refuse_clashes(sender, panel: Panel, **kwargs) -> None:
    """Receiver of `panels.signals.panel_people_changed`: after a change of a panel's
    people (roles, presenters), nobody may be in two places at once. Raises the
    clash as ValidationError, which rolls the change back.

    A sender that holds the panel locked says so (`locked=True`, panels.services):
    its slot and room are then current, and a panel in no slot has nothing to clash
    with (check_schedule returns at once), so nothing is read again."""
    if not kwargs.get("locked"):
        panel = Panel.objects.select_related("slot", "room").get(pk=panel.pk)
    elif panel.slot_id is None and panel.room_id is None:
        return
    check_schedule(panel=panel, slot=panel.slot, room=panel.room)


@transaction.atomic
def room_save(*, room, by):
    """Add a room to an event, or rename or reorder it (organisers only)."""
    if not is_organiser(by, room.event):
        raise PermissionDenied(_("Only the organisers build the programme."))
    room.full_clean(validate_unique=True)
    room.save()
    return room


@transaction.atomic
def slot_save(*, slot, by):
    """Add a time slot to an event, or change its times (organisers only): the panels
    placed in it must not then meet a room or a person twice (`check_schedule`)."""
    if not is_organiser(by, slot.event):
        raise PermissionDenied(_("Only the organisers build the programme."))
    slot.full_clean(validate_unique=True)
    slot.save()
    for panel in Panel.objects.filter(slot=slot).select_related("room"):
        check_schedule(panel=panel, slot=slot, room=panel.room)
    return slot
