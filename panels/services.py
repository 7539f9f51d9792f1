"""Every status change of a panel, and every role given, goes through here."""

import datetime
from itertools import groupby

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Max, Q
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.mail import send_templated_mail, send_templated_mail_by_part
from core.transitions import check_transition

from .enums import PanelStatus, PaperDecider, RoleKind
from .models import Event, Keyword, Panel, PanelRole, PanelStatusChange, Room, Section, TimeSlot
from .roles import forget_roles
from .rules import decides_panels, is_organiser, is_section_chair
from .selectors import chair_emails
from .signals import accepted_panel_closing, panel_people_changed

ROLE_LIMIT_NAMES = {
    RoleKind.CHAIR: "a person may chair one panel only",
    RoleKind.CO_CHAIR: "a person may co-chair one panel only",
    RoleKind.DISCUSSANT: "a person may be discussant of one panel only",
}


def record_panel_change(
    panel: Panel, *, from_status: str, by, message: str = "", changes: dict | None = None
) -> None:
    """The panel's history row: its status from → to (`from_status` "" when the panel is
    new, its present status when only other fields changed) and, in `changes`, the
    other fields that changed as field → [from, to] in words (core.history)."""
    PanelStatusChange.objects.create(
        panel=panel,
        from_status=from_status,
        to_status=panel.status,
        by=by,
        message=message,
        changes=changes or {},
    )


def _transition(
    *, panel: Panel, by, to: str, allowed_from: list[str], message: str
) -> tuple[Panel, str]:
    """The panel, locked and changed, and the status it had."""
    panel = Panel.objects.select_for_update().select_related("event", "section").get(pk=panel.pk)
    if not decides_panels(by, panel):
        raise PermissionDenied(_("Only the section's chairs or the organisers decide on panels."))
    check_transition(
        panel, to=PanelStatus(to), allowed_from=allowed_from, subject=_("Panel %s") % panel.code
    )
    from_status = panel.status
    if from_status == PanelStatus.ACCEPTED:
        # Its papers must have left it first (papers.services.panel_cancel): a receiver
        # refuses while it holds any still in play.
        accepted_panel_closing.send(sender=Panel, panel=panel)
    panel.status = to
    panel.decision_message = message
    panel.decided_by = by
    panel.decided_at = timezone.now()
    panel.save()
    record_panel_change(panel, from_status=from_status, by=by, message=message)
    return panel, from_status


def _tell_proposers(panel: Panel, message: str, *, by, cancelled: bool = False) -> None:
    """The proposer hears of "the panel you proposed", chairs the organiser entered of
    "a panel you chair"; the words say who decided (the section's chairs or an
    organiser) and whether the paper call is open yet. Replies go to the decider."""
    proposer = panel.proposed_by.email.lower() if panel.proposed_by else ""
    context = {
        "panel": panel,
        "event": panel.event,
        "message": message,
        "cancelled": cancelled,
        "by_section_chair": is_section_chair(by, panel),
        "paper_call": panel.event.paper_call_state(),
        "chairs_decide": panel.event.papers_decided_by == PaperDecider.PANEL_CHAIRS,
    }
    reply_to = [by.email] if by is not None and by.email else None
    # The proposer comes first: as a chair too, she hears of "the panel you proposed".
    send_templated_mail_by_part(
        "emails/panel_decision",
        [
            ([proposer], {**context, "proposed": True}),
            (chair_emails(panel), {**context, "proposed": False}),
        ],
        about=panel,
        reply_to=reply_to,
    )


@transaction.atomic
def panel_accept(*, panel: Panel, by, message: str = "", notify: bool = True) -> Panel:
    """Accept a proposed panel: its chairs (the proposer and co-chair) now chair it."""
    panel, _from = _transition(
        panel=panel,
        by=by,
        to=PanelStatus.ACCEPTED,
        allowed_from=[PanelStatus.PROPOSED],
        message=message,
    )
    if notify:  # False for an organiser's import, which records decisions made elsewhere
        _tell_proposers(panel, message, by=by)
    return panel


@transaction.atomic
def panel_reject(*, panel: Panel, by, message: str = "", notify: bool = True) -> Panel:
    """Reject a proposed panel, or cancel an accepted one that holds no papers in play
    (an accepted panel with papers is cancelled by papers.services.panel_cancel, which
    moves them out first and then calls this)."""
    panel, from_status = _transition(
        panel=panel,
        by=by,
        to=PanelStatus.REJECTED,
        allowed_from=[PanelStatus.PROPOSED, PanelStatus.ACCEPTED],
        message=message,
    )
    if notify:  # False for an organiser's import, which records decisions made elsewhere
        _tell_proposers(panel, message, by=by, cancelled=from_status == PanelStatus.ACCEPTED)
    return panel


@transaction.atomic
def panel_withdraw(*, panel: Panel, by, message: str = "") -> Panel:
    """Withdraw a panel; an accepted one with papers as for `panel_reject`."""
    panel, _from = _transition(
        panel=panel,
        by=by,
        to=PanelStatus.WITHDRAWN,
        allowed_from=[PanelStatus.PROPOSED, PanelStatus.ACCEPTED],
        message=message,
    )
    return panel


def check_role_limit(
    *, event: Event, kind: str, user=None, email: str = "", exclude: PanelRole | None = None
) -> None:
    """Refuse a role the event's rules forbid this person (a second panel to chair, say)."""
    if kind not in event.roles_held_once():
        return
    same_person = Q(pk__in=[])
    if user is not None:
        same_person |= Q(user=user)
    if email:
        same_person |= Q(email=email.strip().lower())
    held = (
        PanelRole.objects.filter(same_person, panel__event=event, kind=kind)
        .exclude(panel__status__in=[PanelStatus.REJECTED, PanelStatus.WITHDRAWN])
        .select_related("panel")
    )
    if exclude is not None and exclude.pk:
        held = held.exclude(pk=exclude.pk)
    other = held.first()
    if other is not None:
        raise ValidationError(
            _(
                "%(name)s is already %(kind)s of panel %(code)s, and this event's rules say "
                "“%(rule)s”."
            ),
            code="role_limit",
            params={
                "name": other.name,
                "kind": RoleKind(kind).label,
                "code": other.panel.code,
                "rule": ROLE_LIMIT_NAMES[kind],
            },
        )


# The people of a panel -------------------------------------------------------------

ROLE_FIELDS = ["kind", "position", "user", "name", "email", "affiliation"]


def _same_panel_error(role: PanelRole) -> ValidationError | None:
    """A person listed twice in one panel's chairs, or twice as its discussant.

    Chairing and being the discussant of one panel is allowed: small panels do it
    (the ECPR General Conference's guidelines let the chair act as discussant)."""
    same_person = Q(pk__in=[])
    if role.user_id is not None:
        same_person |= Q(user_id=role.user_id)
    if role.email:
        same_person |= Q(email=role.email.strip().lower())
    if role.user_id is None and not role.email:
        same_person = Q(name__iexact=" ".join(role.name.split()), user__isnull=True, email="")
    kinds = RoleKind.chairs() if role.kind in RoleKind.chairs() else [role.kind]
    other = (
        PanelRole.objects.filter(same_person, panel_id=role.panel_id, kind__in=kinds)
        .exclude(pk=role.pk)
        .first()
    )
    if other is None:
        return None
    return ValidationError(
        _("%(name)s is already %(kind)s of this panel."),
        code="role_twice",
        params={"name": other.name, "kind": RoleKind(other.kind).label},
    )


def role_errors(*, role: PanelRole) -> list[ValidationError]:
    """What the event's rules say against this role as it would be saved (the role
    limits, see `check_role_limit`; one person twice among a panel's chairs or
    discussants); empty when nothing. Forms show these."""
    errors = []
    if (twice := _same_panel_error(role)) is not None:
        errors.append(twice)
    try:
        check_role_limit(
            event=role.panel.event, kind=role.kind, user=role.user, email=role.email, exclude=role
        )
    except ValidationError as error:
        errors.extend(error.error_list)
    return errors


def _role_words(role: PanelRole | None) -> str:
    if role is None:
        return ""
    affiliation = f", {role.affiliation}" if role.affiliation else ""
    return f"{capfirst(role.get_kind_display())}: {role.name}{affiliation}"


def _locked_panel_for_roles(panel_id: int, by) -> Panel:
    panel = Panel.objects.select_for_update().select_related("event").get(pk=panel_id)
    return _may_change_roles(panel, by)


def _may_change_roles(panel: Panel, by) -> Panel:
    if not (is_organiser(by, panel) or is_section_chair(by, panel)):
        raise PermissionDenied(_("Only the section's chairs or the organisers change its people."))
    return panel


@transaction.atomic
def role_save(*, role: PanelRole, by, locked_panel: Panel | None = None) -> PanelRole:
    """Add a person to a panel in a role, or change their role: the event's role limits
    hold, nobody ends up in two places at once (receivers of `panel_people_changed`),
    and the panel's history says who changed what.

    `locked_panel`: the role's panel with its event, when the caller has read it under
    `select_for_update` (or created it) in this same transaction — an import giving a
    panel several people — so it is not locked and read again for each; the
    permission is checked on it all the same.

    Raises PermissionDenied (not an organiser or the section's chair) or
    ValidationError (a limit or a clash; nothing is saved)."""
    if locked_panel is not None and locked_panel.pk == role.panel_id:
        panel = _may_change_roles(locked_panel, by)
    else:
        panel = _locked_panel_for_roles(role.panel_id, by)
    role.panel = panel  # as locked, with its event: read below, not fetched again
    stored = PanelRole.objects.filter(pk=role.pk).first() if role.pk else None
    moved_from = None
    if stored is not None and stored.panel_id != role.panel_id:
        # Out of one panel into another: both must be the person's to change.
        moved_from = _locked_panel_for_roles(stored.panel_id, by)
    if stored is not None and role.user_id == stored.user_id and role.email != stored.email:
        role.user = None  # a corrected address: the account is the new address's, if any
    # Addresses are kept in lower case and compared exactly: a case-insensitive match
    # in the database (UPPER on PostgreSQL) takes "gma\\u0131l" (a dotless i) for "gmail".
    role.email = role.email.strip().lower()
    if role.user_id is None and role.email:
        # Entered by email: the account that confirmed that address, if there is one
        # (an unconfirmed address never links: anyone can type one).
        confirmed = EmailAddress.objects.filter(email=role.email, verified=True)
        role.user = next((address.user for address in confirmed.select_related("user")), None)
    if not role.position:
        # Left blank: after the panel's other people, not before its chair.
        last = PanelRole.objects.filter(panel_id=role.panel_id).exclude(pk=role.pk)
        role.position = (last.aggregate(last=Max("position"))["last"] or 0) + 1
    if errors := role_errors(role=role):
        raise ValidationError(errors)
    before = _role_words(stored)
    role.save()
    if role.user:
        forget_roles(role.user)
    if moved_from is not None:
        record_panel_change(
            moved_from,
            from_status=moved_from.status,
            by=by,
            changes={f"role {stored.position}": [before, ""]},
        )
        before = ""
    record_panel_change(
        panel,
        from_status=panel.status,
        by=by,
        changes={f"role {role.position}": [before, _role_words(role)]},
    )
    # `locked`: this panel was read under its lock in this transaction, so the clash
    # check may take its slot and room as they are instead of reading it again.
    panel_people_changed.send(sender=Panel, panel=panel, locked=True)
    return role


@transaction.atomic
def role_delete(*, role: PanelRole, by) -> None:
    """Take a person out of a panel's role; the history keeps who it was."""
    panel = _locked_panel_for_roles(role.panel_id, by)
    before = _role_words(role)
    position = role.position
    role.delete()
    record_panel_change(
        panel, from_status=panel.status, by=by, changes={f"role {position}": [before, ""]}
    )
    panel_people_changed.send(sender=Panel, panel=panel, locked=True)


@transaction.atomic
def link_roles(*, user, email: str) -> list[PanelRole]:
    """Someone confirmed an email address: the roles entered with it become theirs.

    Call it only for a *confirmed* address (anyone can type one): allauth's
    `email_confirmed`, or a sign-up whose address was confirmed already
    (`papers.apps`). Roles held by another account stay theirs. A chair or co-chair
    of an accepted panel now gets into the admin, and is told so by email, once per
    event; the rows are locked, so two confirmations at once tell her once.
    """
    if not email.strip():
        return []
    roles = list(
        PanelRole.objects.select_for_update(of=("self",))
        .filter(email=email.strip().lower(), user__isnull=True)
        .select_related("panel__event")
        .order_by("panel__event_id", "panel__code", "position")
    )
    if not roles:
        return []
    # No public page shows the account, so the page cache keeps its version (no signal).
    PanelRole.objects.filter(pk__in=[role.pk for role in roles]).update(user=user)
    for role in roles:
        role.user = user
    forget_roles(user)
    chaired = [
        role
        for role in roles
        if role.kind in RoleKind.chairs() and role.panel.status == PanelStatus.ACCEPTED
    ]
    for _event_id, event_roles in groupby(chaired, key=lambda role: role.panel.event_id):
        event_roles = list(event_roles)
        event = event_roles[0].panel.event
        send_templated_mail(
            "emails/role_linked",
            [email],
            {
                "user": user,
                "email": email.strip().lower(),
                "event": event,
                "roles": event_roles,
                "decides": event.papers_decided_by == PaperDecider.PANEL_CHAIRS,
            },
            event=event,
        )
    return roles


# Copying an event -----------------------------------------------------------------

# What a copy leaves behind: the new event has its own name, address and organiser,
# and is not published until its organisers say so.
EVENT_FIELDS_NOT_COPIED = frozenset({"id", "name", "slug", "is_published"})


def shift_moment(moment: datetime.datetime | None, *, days: int, tz) -> datetime.datetime | None:
    """`moment` moved by whole `days` on the wall clock of `tz`: 09:00 in Ljubljana in
    July is 09:00 in Ljubljana in January, whatever the clocks did between. A local
    time that the clocks skip on the new day reads as the time after the change."""
    if moment is None:
        return None
    local = timezone.localtime(moment, tz).replace(tzinfo=None)
    # In UTC at once: a moment past the calendar's end overflows here, not on saving.
    return (local + datetime.timedelta(days=days)).replace(tzinfo=tz).astimezone(datetime.UTC)


def _shifted(obj, fields, *, days: int, tz) -> dict:
    """The values of `fields` of `obj`, its dates and moments moved by `days`."""
    values = {}
    for field in fields:
        value = getattr(obj, field.attname)
        if isinstance(field, models.DateTimeField):
            value = shift_moment(value, days=days, tz=tz)
        elif isinstance(field, models.DateField) and value is not None:
            value = value + datetime.timedelta(days=days)
        values[field.attname] = value
    return values


def _copy_rows(model, source: Event, target: Event, *, days: int) -> int:
    """Every row of `model` in `source` copied into `target` with one read and one
    `bulk_create` (its dates and moments shifted); returns how many."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and f.name != "event"]
    rows = [
        model(event=target, **_shifted(obj, fields, days=days, tz=source.tz))
        for obj in model.objects.filter(event=source).order_by("pk")
    ]
    if model is TimeSlot:
        _check_shifted_slots(rows, source.tz)
    model.objects.bulk_create(rows)
    return len(rows)


def _check_shifted_slots(slots: list[TimeSlot], tz) -> None:
    """Slots that a daylight-saving change on their new day breaks: one that would
    end before it starts (it began in the hour the clocks skip), or two that would
    start at once (they were an hour apart in the hour the clocks repeat)."""
    starts = set()
    for slot in slots:
        start, end = timezone.localtime(slot.starts_at, tz), timezone.localtime(slot.ends_at, tz)
        if slot.ends_at <= slot.starts_at or slot.starts_at in starts:
            raise ValidationError(
                {
                    "offset_days": ValidationError(
                        _(
                            "On the new dates the slot of %(day)s from %(start)s to %(end)s falls "
                            "in a daylight-saving change of %(zone)s. Choose another first "
                            "day, or move that slot first."
                        ),
                        code="slot_in_clock_change",
                        params={
                            "day": formats.date_format(start, "DATE_FORMAT"),
                            "start": formats.time_format(start, "TIME_FORMAT"),
                            "end": formats.time_format(end, "TIME_FORMAT"),
                            "zone": tz.key,
                        },
                    )
                }
            )
        starts.add(slot.starts_at)


def _out_of_calendar() -> ValidationError:
    return ValidationError(
        {
            "offset_days": ValidationError(
                _("That moves the event's dates outside the calendar."), code="out_of_calendar"
            )
        }
    )


@transaction.atomic
def event_copy(*, event: Event, by, name: str, slug: str, offset_days: int) -> Event:
    """A new event made from `event` for next year: its rules (every field of the
    event but name, slug and the published flag), sections with their chairs and
    co-chairs, keywords, rooms and time slots. Every date (first and last day) and
    every moment (calls, deadlines, slots) moves by `offset_days` whole days
    (positive: later) on the wall clock of the event's time zone, so a 09:00 slot
    stays 09:00 local across a daylight-saving change. No panels, papers, roles,
    agenda entries, email log or history are copied. The copy is not published and
    `by` is its only organiser.

    `by` must organise `event` (or be a superuser): PermissionDenied otherwise.
    ValidationError keyed by field — "name" (blank or too long), "slug" (taken,
    reserved or not a slug), "offset_days" (dates outside the calendar) — and nothing
    saved. In one transaction, in a fixed number of queries whatever the event's size.
    """
    if not is_organiser(by, event):
        raise PermissionDenied(_("Only the event's organisers copy it."))
    fields = [f for f in Event._meta.concrete_fields if f.name not in EVENT_FIELDS_NOT_COPIED]
    try:
        values = _shifted(event, fields, days=offset_days, tz=event.tz)
    except OverflowError:
        raise _out_of_calendar() from None
    copy = Event(name=name.strip(), slug=slug.strip(), is_published=False, **values)
    # The shift keeps every rule true; the slug's uniqueness and shape, the name's
    # length are what is new.
    copy.full_clean(validate_constraints=False)
    try:
        # A savepoint: a slug taken at the same moment is a form error, not a 500.
        with transaction.atomic():
            copy.save()
    except IntegrityError:
        if not Event.objects.filter(slug=copy.slug).exists():
            raise
        raise ValidationError(
            {
                "slug": ValidationError(
                    _("An event with this short name exists already."), code="unique"
                )
            }
        ) from None
    copy.organisers.add(by)
    try:
        for model in (Section, Keyword, Room, TimeSlot):
            _copy_rows(model, event, copy, days=offset_days)
    except OverflowError:
        raise _out_of_calendar() from None
    forget_roles(by)
    return copy
