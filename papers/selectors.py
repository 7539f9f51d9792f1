"""Who may see which papers: an author's own, and the admin's by role."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from panels.roles import roles_of

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
    if user.is_active and user.is_superuser:
        return Paper.objects.all()
    roles = roles_of(user)
    return Paper.objects.filter(
        Q(event_id__in=roles.organiser_of)
        | Q(section_id__in=roles.section_chair_of)
        | Q(panel_id__in=roles.panel_chair_of)
    )
