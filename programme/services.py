"""The programme: placing panels in time slots and rooms, and the clash check,
which reads who presents which paper (hence here, above papers)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.history import differences, snapshot
from panels.models import Panel, PanelRole
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


def overlapping(slot) -> list[int]:
    """The ids of the event's slots that overlap `slot` in time, itself included:
    one that starts before it ends and ends after it starts."""
    return list(
        type(slot)
        .objects.filter(
            event_id=slot.event_id, starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at
        )
        .values_list("pk", flat=True)
    )


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
    others = Panel.objects.filter(slot_id__in=overlapping(slot)).exclude(pk=panel.pk)
    taken = others.filter(room=room).select_related("slot").first()
    if taken is not None:
        raise ValidationError(
            _("%(room)s is already used by %(code)s in %(slot)s."),
            code="room_clash",
            params={"room": room.name, "code": taken.code, "slot": str(taken.slot)},
        )
    if panel.pk is None:
        return  # a new panel has nobody in it yet; its roles are checked as they are saved
    other_ids = list(others.values_list("pk", flat=True))
    people = _people_keys([panel.pk, *other_ids])
    mine = people[panel.pk]
    for other in others.filter(pk__in=other_ids).select_related("slot").order_by("code"):
        shared = sorted(set(mine) & set(people[other.pk]))
        if shared:
            names = ", ".join(dict.fromkeys(mine[k] for k in shared))
            raise ValidationError(
                _("%(names)s would be in %(code)s at the same time (%(slot)s)."),
                code="person_clash",
                params={"names": names, "code": other.code, "slot": str(other.slot)},
            )


@transaction.atomic
def panel_schedule(*, panel: Panel, slot, room, by) -> Panel:
    """Place a panel in a time slot and a room (or take it out: both None)."""
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
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
    clash as ValidationError, which rolls the change back."""
    panel = Panel.objects.select_related("slot", "room").get(pk=panel.pk)
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
