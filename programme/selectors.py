"""What the public site reads: published events, accepted panels, accepted papers."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from panels.enums import RoleKind
from panels.models import Event, Panel, PanelRole
from panels.selectors import public_panels
from papers.models import Paper


def search_public_panels(event: Event, query: str) -> QuerySet[Panel]:
    """Public panels whose title, abstract, chairs' names or accepted papers' titles
    contain every word of the query (case-insensitive)."""
    panels = public_panels(event)
    for word in query.split()[:10]:
        chair_matches = PanelRole.objects.filter(
            panel=OuterRef("pk"), kind__in=RoleKind.chairs(), name__icontains=word
        )
        paper_matches = Paper.objects.public().filter(panel=OuterRef("pk"), title__icontains=word)
        panels = panels.filter(
            Q(code__iexact=word)
            | Q(title__icontains=word)
            | Q(abstract__icontains=word)
            | Exists(chair_matches)
            | Exists(paper_matches)
        )
    return panels


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
