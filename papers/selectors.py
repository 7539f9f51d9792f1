"""Who may see what: the paper querysets the pages start from."""

from django.db.models import QuerySet

from .models import Paper


def public_paper_pages() -> QuerySet[Paper]:
    """Public papers ready for their own page: panel, authors in order, keywords."""
    return (
        Paper.objects.public()
        .select_related("event", "panel__event", "section")
        .with_authors()
        .prefetch_related("keywords")
    )
