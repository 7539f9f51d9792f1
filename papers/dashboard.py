"""What a chair or organiser sees first in the admin: their panels, how full they
are, the days left to decide, and the panels a withdrawal left short."""

from django.db.models import Count, Q
from django.utils import timezone

from panels.enums import PanelStatus
from panels.models import Panel
from panels.roles import roles_of

from .enums import PaperStatus
from .models import Paper


def _with_counts(panels):
    return panels.select_related("event", "section").annotate(
        n_submitted=Count("papers", filter=Q(papers__status=PaperStatus.SUBMITTED)),
        n_accepted=Count("papers", filter=Q(papers__status=PaperStatus.ACCEPTED)),
        n_reserve=Count("papers", filter=Q(papers__status=PaperStatus.RESERVE)),
        n_rejected=Count("papers", filter=Q(papers__status=PaperStatus.REJECTED)),
    )


def _below_minimum(panel) -> bool:
    """Fewer accepted papers than the event's minimum per panel (`n_accepted` annotated)."""
    return panel.n_accepted < panel.event.min_papers_per_panel


def _days_left(deadline, now):
    if deadline is None:
        return None
    return (deadline - now).days if deadline > now else -1


def dashboard_for(user) -> dict:
    roles = roles_of(user)
    now = timezone.now()
    chaired = list(_with_counts(Panel.objects.filter(pk__in=roles.panel_chair_of)).order_by("code"))
    for panel in chaired:
        panel.days_left = _days_left(panel.event.decision_deadline, now)
        panel.below_minimum = _below_minimum(panel)
    short = list(
        _with_counts(
            Panel.objects.filter(section_id__in=roles.section_chair_of, status=PanelStatus.ACCEPTED)
        ).order_by("code")
    )
    short = [p for p in short if _below_minimum(p)]
    reserve = (
        Paper.objects.filter(section_id__in=roles.section_chair_of, status=PaperStatus.RESERVE)
        .select_related("panel")
        .order_by("section_id", "panel__code")
    )
    pool = Paper.objects.filter(section_id__in=roles.section_chair_of, panel__isnull=True).exclude(
        status=PaperStatus.WITHDRAWN
    )
    return {
        "chaired_panels": chaired,
        "short_panels": short,
        "reserve_papers": list(reserve[:50]) if short else [],
        "pool_count": pool.count() if roles.section_chair_of else 0,
        "proposed_panels": (
            Panel.objects.filter(
                section_id__in=roles.section_chair_of, status=PanelStatus.PROPOSED
            ).count()
            if roles.section_chair_of
            else 0
        ),
    }
