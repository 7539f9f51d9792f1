"""What the public site reads: published events, accepted panels, accepted papers."""

from django.db.models import Prefetch, QuerySet

from panels.models import Panel
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
