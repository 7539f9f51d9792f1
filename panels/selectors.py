"""Who may see what: the querysets every public page starts from."""

from django.db.models import Q, QuerySet

from accounts.models import EmailLog

from .enums import RoleKind
from .models import Event, Keyword, Panel, PanelRole, Room, Section, TimeSlot
from .roles import roles_of


def public_events() -> QuerySet[Event]:
    return Event.objects.published()


def public_panels(event: Event) -> QuerySet[Panel]:
    """An event's public panels with their people, in section then code order."""
    return (
        Panel.objects.public()
        .filter(event=event)
        .select_related("event", "section")
        .with_people()
        .order_by("section__code", "code")
    )


def panels_taking_proposals(event: Event, query: str = "") -> QuerySet[Panel]:
    """The panels an author may propose a paper to, found by code or title."""
    panels = public_panels(event)
    query = query.strip()
    if query:
        panels = panels.filter(Q(code__iexact=query) | Q(title__icontains=query))
    return panels


# The admin: what each person may see there ------------------------------------------


def scope_by_role(queryset, user, *, event="event_id", section="section_id", panel=None):
    """The one scoping by role: start from nothing and widen by role. `event`,
    `section` and `panel` name the lookups that lead from the queryset's model to
    an event, a section and a panel id (None: that role gives nothing here).
    Superusers see everything; a person with no role, nothing."""
    if user.is_active and user.is_superuser:
        return queryset
    roles = roles_of(user)
    allowed = Q(**{f"{event}__in": roles.organiser_of})
    if section:
        allowed |= Q(**{f"{section}__in": roles.section_chair_of})
    if panel:
        allowed |= Q(**{f"{panel}__in": roles.panel_chair_of})
    return queryset.filter(allowed)


def events_for_admin(user) -> QuerySet[Event]:
    """The events a person organises (every event, for a superuser)."""
    return scope_by_role(Event.objects.all(), user, event="pk", section=None)


def events_worked_on(user, *, as_panel_chair: bool = True) -> QuerySet[Event]:
    """The events a person works on in the admin: those they organise and those
    holding a section they chair or, unless `as_panel_chair` is False (where they
    may add panels), a panel they chair. Every event, for a superuser."""
    return scope_by_role(
        Event.objects.all(),
        user,
        event="pk",
        section="sections",
        panel="panels" if as_panel_chair else None,
    ).distinct()


def sections_for_admin(user) -> QuerySet[Section]:
    """The sections of the events a person organises, and those they chair."""
    return scope_by_role(Section.objects.all(), user, section="pk")


def panels_for_admin(user, *, as_panel_chair: bool = True) -> QuerySet[Panel]:
    """The panels of the events a person organises, of the sections they chair and,
    unless `as_panel_chair` is False (where to move papers to), the panels they chair."""
    return scope_by_role(Panel.objects.all(), user, panel="pk" if as_panel_chair else None)


def panel_roles_for_admin(user) -> QuerySet[PanelRole]:
    """The people in the panels of a person's events and sections."""
    return scope_by_role(
        PanelRole.objects.all(), user, event="panel__event_id", section="panel__section_id"
    )


def keywords_for_admin(user) -> QuerySet[Keyword]:
    """The keyword lists of the events a person organises or chairs a section or a
    panel in: chairs choose their panels' keywords from their event's list."""
    return scope_by_role(
        Keyword.objects.all(), user, section="event__sections", panel="event__panels"
    ).distinct()


def rooms_for_admin(user) -> QuerySet[Room]:
    """The rooms of the events a person organises."""
    return scope_by_role(Room.objects.all(), user, section=None)


def slots_for_admin(user) -> QuerySet[TimeSlot]:
    """The time slots of the events a person organises."""
    return scope_by_role(TimeSlot.objects.all(), user, section=None)


def email_logs_for_admin(user) -> QuerySet[EmailLog]:
    """The emails sent about the events a person organises, the sections and the
    panels she chairs."""
    return scope_by_role(EmailLog.objects.all(), user, panel="panel_id")


# Who hears of a panel ---------------------------------------------------------------


def chair_emails(panel: Panel) -> list[str]:
    """The email addresses of a panel's chairs and co-chairs, in their order: the
    address given on the role, else the account's. Roles without either are left out."""
    roles = panel.roles.filter(kind__in=RoleKind.chairs()).select_related("user")
    emails = [role.email or (role.user.email if role.user else "") for role in roles]
    return [email for email in emails if email]


def section_chair_emails(section: Section) -> list[str]:
    """The email addresses of a section's chair and co-chair."""
    return [user.email for user in (section.chair, section.co_chair) if user]


def organiser_emails(event: Event) -> list[str]:
    """The email addresses of an event's organisers: they act where a section has no
    chairs (place its pool's papers, decide on its panel proposals)."""
    return [
        email for email in event.organisers.order_by("pk").values_list("email", flat=True) if email
    ]
