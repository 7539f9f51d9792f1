"""Who may see which papers: an author's own, and the admin's by role."""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce

from accounts.models import User
from core.forms import decimal_digits
from panels.enums import PanelStatus, PaperDecider, RoleKind
from panels.models import Event, Panel, PanelRole, Section
from panels.selectors import scope_by_role

from .enums import PaperStatus
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


# What waits for someone: the organisers' dashboard and the admin's filters ----------
# (each list filter calls these, so a figure on the dashboard and the list it links
# to count the same rows)


def in_section_pool(papers: QuerySet[Paper]) -> QuerySet[Paper]:
    """Papers waiting in their section's pool for a panel (withdrawn ones left out)."""
    return papers.filter(panel__isnull=True).exclude(status=PaperStatus.WITHDRAWN)


def awaiting_decision(papers: QuerySet[Paper]) -> QuerySet[Paper]:
    """Papers proposed to an accepted panel that nobody has decided on yet."""
    return papers.filter(status=PaperStatus.SUBMITTED, panel__status=PanelStatus.ACCEPTED)


NO_DECIDER = "none"


def decider_key(user_id: int | None, email: str) -> str:
    """How the dashboard and the papers' list name one person who decides: "u<id>"
    for an account, else "e<address>" (a chair entered by address only), else ""."""
    if user_id:
        return f"u{user_id}"
    return f"e{email}" if email else ""


def awaiting_decision_of(papers: QuerySet[Paper], key: str) -> QuerySet[Paper]:
    """The papers awaiting a decision of one person (`decider_key`), as the event
    says who decides (`panels.rules.decides_papers`): the panel's chairs or the
    section's; with NO_DECIDER, those nobody of the kind can decide (the organisers
    must). Raises ValueError for a key that names nobody."""
    papers = awaiting_decision(papers)
    by_panel = Q(event__papers_decided_by=PaperDecider.PANEL_CHAIRS)
    by_section = Q(event__papers_decided_by=PaperDecider.SECTION_CHAIRS)
    chairs = PanelRole.objects.filter(panel_id=OuterRef("panel_id"), kind__in=RoleKind.chairs())
    if key == NO_DECIDER:
        reachable = chairs.filter(Q(user__isnull=False) | ~Q(email=""))
        return papers.filter(
            (by_panel & ~Exists(reachable))
            | (by_section & Q(section__chair__isnull=True, section__co_chair__isnull=True))
        )
    kind, value = key[:1], key[1:]
    if kind == "u" and decimal_digits(value) and int(value) < 2**62:
        user_id = int(value)
        return papers.filter(
            (by_panel & Exists(chairs.filter(user_id=user_id)))
            | (by_section & (Q(section__chair_id=user_id) | Q(section__co_chair_id=user_id)))
        )
    if kind == "e" and "@" in value:
        return papers.filter(by_panel & Exists(chairs.filter(user__isnull=True, email=value)))
    raise ValueError(f"not a decider: {key!r}")


# How full the panels are: the Panel admin's counts and filters, the dashboard and
# the flag on a panel's page -------------------------------------------------------


def _paper_count(status):
    return Count("papers", filter=Q(papers__status=status), distinct=True)


def with_paper_counts(panels: QuerySet[Panel]) -> QuerySet[Panel]:
    """Panels with their papers counted by status (`n_submitted`, `n_accepted`,
    `n_reserve`, `n_rejected`) and their limits beside them (`min_needed`, the
    event's minimum; `places`, the panel's capacity)."""
    return panels.annotate(
        n_submitted=_paper_count(PaperStatus.SUBMITTED),
        n_accepted=_paper_count(PaperStatus.ACCEPTED),
        n_reserve=_paper_count(PaperStatus.RESERVE),
        n_rejected=_paper_count(PaperStatus.REJECTED),
        min_needed=F("event__min_papers_per_panel"),
        places=Coalesce("max_papers", "event__max_papers_per_panel"),
    )


# On panels counted by `with_paper_counts`: an accepted panel with fewer accepted
# papers than the event's minimum, and one with no place left.
BELOW_MINIMUM = Q(status=PanelStatus.ACCEPTED, n_accepted__lt=F("min_needed"))
FULL = Q(status=PanelStatus.ACCEPTED, n_accepted__gte=F("places"))


def panels_below_minimum(panels: QuerySet[Panel]) -> QuerySet[Panel]:
    """The accepted panels among `panels` with fewer accepted papers than their event's
    minimum per panel (`Event.min_papers_per_panel`; `BELOW_MINIMUM`)."""
    return with_paper_counts(panels).filter(BELOW_MINIMUM)
