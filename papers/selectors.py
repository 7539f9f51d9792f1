"""Who may see which papers: an author's own, and the admin's by role."""

from django.db.models import Exists, OuterRef, Q, QuerySet

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
        .with_authors()
    )


def papers_for_admin(user) -> QuerySet[Paper]:
    """The papers a person may see in the admin: of the events they organise, the
    sections they chair (pools included) and the panels they chair."""
    return scope_by_role(Paper.objects.all(), user, panel="panel_id")
