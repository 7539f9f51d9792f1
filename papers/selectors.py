"""Who may see which papers: an author's own, and the admin's by role."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import User
from panels.models import Event, Panel, PanelRole, Section
from panels.selectors import scope_by_role

from .models import Authorship, Paper


def papers_of(user) -> QuerySet[Paper]:
    """Every paper a person proposed or is named on as an author (in any event)."""
    if not user.is_authenticated:
        return Paper.objects.none()
    named = Authorship.objects.filter(paper=OuterRef("pk"), user=user)
    return (
        Paper.objects.filter(Q(submitted_by=user) | Exists(named))
        .select_related("event", "panel__event", "section")
        .with_authors(declined=True)  # their own list says who declined
    )


def papers_for_admin(user) -> QuerySet[Paper]:
    """The papers a person may see in the admin: of the events they organise, the
    sections they chair (pools included) and the panels they chair."""
    return scope_by_role(Paper.objects.all(), user, panel="panel_id")


def people_for_admin(user, *, as_section_chair: bool = True) -> QuerySet[User]:
    """The accounts a person may look up in the admin: the people tied to the events
    they organise — its organisers, its sections' chairs, the accounts of its panels'
    people and of its papers' authors, who proposed its panels and who submitted its
    papers — and, unless `as_section_chair` is False, those tied the same way to the
    sections they chair. Superusers: everyone. A panel chair gives no roles and looks
    nobody up (the `accounts.view_user` rule). It lives here, not in panels, because
    authors and submitters are papers' people."""
    if user.is_active and user.is_superuser:
        return User.objects.all()
    ties = [
        # rows, the person's column, the lookups to the row's event and section
        (Event.organisers.through.objects.all(), "user_id", "event_id", None),
        (Section.objects.all(), "chair_id", "event_id", "pk"),
        (Section.objects.all(), "co_chair_id", "event_id", "pk"),
        (Panel.objects.all(), "proposed_by_id", "event_id", "section_id"),
        (PanelRole.objects.all(), "user_id", "panel__event_id", "panel__section_id"),
        (Paper.objects.all(), "submitted_by_id", "event_id", "section_id"),
        (Authorship.objects.all(), "user_id", "paper__event_id", "paper__section_id"),
    ]
    tied = Q()
    for rows, person, event, section in ties:
        mine = scope_by_role(rows, user, event=event, section=section if as_section_chair else None)
        tied |= Q(pk__in=mine.values(person))
    return User.objects.filter(tied)


def people_ids_for_admin(user) -> frozenset[int]:
    """The ids of `people_for_admin(user)`, read once per request and kept on the user
    object (as `roles_of` keeps the roles), for per-object permission checks."""
    cached = getattr(user, "_colloquy_people", None)
    if cached is None:
        cached = frozenset(people_for_admin(user).values_list("pk", flat=True))
        user._colloquy_people = cached
    return cached
