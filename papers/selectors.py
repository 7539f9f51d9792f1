"""Who may see what: the paper querysets the pages start from."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import Authorship, Paper


def public_paper_pages() -> QuerySet[Paper]:
    """Public papers ready for their own page: panel, authors in order, keywords."""
    return (
        Paper.objects.public()
        .select_related("event", "panel__event", "section")
        .with_authors()
        .prefetch_related("keywords")
    )


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
