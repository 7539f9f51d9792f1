"""What the public site reads: published events, accepted panels, accepted papers;
and how full the panels are, for the admin."""

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from panels.enums import PanelStatus
from panels.models import Panel
from papers.enums import PaperStatus
from papers.models import Paper


def public_panel_pages() -> QuerySet[Panel]:
    """Public panels ready for their own page: people, keywords and the public papers
    in order, with their authors, in `panel.public_papers`."""
    papers = (
        Paper.objects.public()
        .select_related("event")
        .with_authors()
        .order_by("position", "created_at", "pk")
    )
    return (
        Panel.objects.public()
        .select_related("event", "section", "slot", "room")
        .with_people()
        .prefetch_related("keywords", Prefetch("papers", queryset=papers, to_attr="public_papers"))
    )


def public_paper_pages() -> QuerySet[Paper]:
    """Public papers ready for their own page: panel, authors in order, keywords."""
    return (
        Paper.objects.public()
        .select_related("event", "panel__event", "panel__slot", "panel__room", "section")
        .with_authors()
        .prefetch_related("keywords")
    )


# How full the panels are: the Panel admin's counts and filters and the dashboard -----


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
