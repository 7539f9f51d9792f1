"""The one search of an event: its public panels, papers and people, ranked. The
search page shows it; the event page's box submits to that page.

PostgreSQL: full-text search (English stemming) on the stored `search_document`
column (title weighted A, abstract B) and its GIN index, both made by migration
panels 0006; ranked with ts_rank. SQLite: every word must appear in the
title or abstract; a title hit weighs three times an abstract hit. On both, after
those ranked matches: a keyword of the event's list that contains a word finds its
panels and papers, and a panel is found when every word is in its code, title,
abstract, a chair's name or a public paper's title (as the event page's own search
used to find panels).
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Exists, Expression, OuterRef, Q, QuerySet
from django.utils.text import slugify

from core.people import person_ref, split_ref
from panels.enums import RoleKind
from panels.models import Event, Panel, PanelRole
from papers.enums import AuthorshipStatus
from papers.models import Authorship, Paper

LIMIT = 30
SEARCH_CONFIG = "english"  # the text-search configuration of migration panels 0006


class StoredDocument(Expression):
    """The `search_document` column of the queryset's own table (panels or papers).

    It is not a model field, and this expression is why: a field would be selected
    with every row, and SQLite has no such column (the migration adds it on
    PostgreSQL only); declaring it for PostgreSQL alone would make the migrations
    differ between databases; and a `SearchVectorField` on a model also wants
    'django.contrib.postgres' installed, which the SQLite setup need not have. So the
    column stays out of the models, and this names it where a search needs it, as
    Django's own `Col` names a field's column: the table's alias is taken when the
    expression is resolved against the query, and follows the query if it is
    relabelled (e.g. used as a subquery). Its output is a `SearchVectorField`, so
    that `SearchQuery` (`@@` through the field's lookup) and `SearchRank` take it
    like any search vector.
    """

    output_field = SearchVectorField()

    def __init__(self, alias: str | None = None):
        super().__init__()
        self.alias = alias

    def resolve_expression(self, query=None, *args, **kwargs):
        return StoredDocument(query.get_initial_alias())

    def relabeled_clone(self, change_map):
        return StoredDocument(change_map.get(self.alias, self.alias))

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name(self.alias)}.{compiler.quote_name('search_document')}", []


@dataclass
class Results:
    panels: list = field(default_factory=list)
    papers: list = field(default_factory=list)
    people: list = field(default_factory=list)
    words: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.panels) + len(self.papers) + len(self.people)


def words_of(query: str) -> list[str]:
    return re.findall(r"\w[\w'-]*", query)[:8]


def _keyword_match(queryset: QuerySet, words: list[str]) -> Q:
    """Rows carrying a keyword that contains one of the words."""
    through = queryset.model.keywords.through
    owner = f"{queryset.model._meta.model_name}_id"
    names = Q(pk__in=[])
    for word in words:
        names |= Q(keyword__name__icontains=word)
    return Q(Exists(through.objects.filter(names, **{owner: OuterRef("pk")})))


def _panel_context_match(words: list[str]) -> Q:
    """Panels with every word in their code, title, abstract, a chair's name or a
    public paper's title (one word may be in one place, the next in another)."""
    match = Q()
    for word in words:
        chairs = PanelRole.objects.filter(
            panel=OuterRef("pk"), kind__in=RoleKind.chairs(), name__icontains=word
        )
        papers = Paper.objects.public().filter(panel=OuterRef("pk"), title__icontains=word)
        match &= (
            Q(code__iexact=word)
            | Q(title__icontains=word)
            | Q(abstract__icontains=word)
            | Q(Exists(chairs))
            | Q(Exists(papers))
        )
    return match


def _ranked(queryset: QuerySet, words: list[str], also: Q | None = None) -> list:
    """Text matches ranked, then the other matches (a keyword, or `also`) by pk: two
    queries, so that the text search can use its index (an OR with the keyword join
    would not)."""
    if connection.vendor == "postgresql":
        # plainto_tsquery of the words: every word (stemmed, stop words dropped), as
        # SQLite requires every word; the words, not the raw query, so that both
        # databases read the same words (a websearch query would also read "or",
        # quotes and minus signs, which SQLite cannot follow).
        query = SearchQuery(" ".join(words), config=SEARCH_CONFIG, search_type="plain")
        rows = list(
            queryset.alias(document=StoredDocument())
            .filter(document=query)  # `@@`, which the GIN index serves
            .annotate(rank=SearchRank(StoredDocument(), query))
            .order_by("-rank", "pk")[:LIMIT]
        )
    else:
        text = queryset
        for word in words:
            text = text.filter(Q(title__icontains=word) | Q(abstract__icontains=word))
        rows = list(text[: LIMIT * 4])
        lowered = [w.lower() for w in words]
        for row in rows:
            title, abstract = row.title.lower(), row.abstract.lower()
            row.rank = sum(3 * title.count(w) + abstract.count(w) for w in lowered)
        rows.sort(key=lambda r: (-r.rank, r.pk))
        rows = rows[:LIMIT]
    if len(rows) < LIMIT:
        seen = [row.pk for row in rows]
        other = _keyword_match(queryset, words)
        if also is not None:
            other |= also
        by_other = queryset.filter(other).exclude(pk__in=seen)
        rows += list(by_other.order_by("pk")[: LIMIT - len(rows)])
    return rows


def _people(event: Event, words: list[str]) -> list[dict]:
    """People whose name or affiliation holds every word, in public roles and papers."""
    roles = PanelRole.objects.filter(panel__in=Panel.objects.public().filter(event=event))
    authors = Authorship.objects.filter(
        paper__in=Paper.objects.public().filter(event=event)
    ).exclude(status=AuthorshipStatus.DECLINED)
    for word in words:
        match = Q(name__icontains=word) | Q(affiliation__icontains=word)
        roles, authors = roles.filter(match), authors.filter(match)
    people = {}
    for name, slug, key, affiliation in [
        *roles.values_list("name", "name_slug", "person_key", "affiliation")[:LIMIT],
        *authors.values_list("name", "name_slug", "person_key", "affiliation")[:LIMIT],
    ]:
        ref = person_ref(slug, key)  # her page's address (core/people.py)
        people.setdefault(key, {"name": name, "ref": ref, "affiliation": affiliation})
    return sorted(people.values(), key=lambda p: p["name"])[:LIMIT]


def search_event(event: Event, query: str) -> Results:
    """Six queries at most whatever the event's size: panels and papers (ranked, then
    the others), roles, authors."""
    words = words_of(query)
    if not words:
        return Results()
    panels = Panel.objects.public().filter(event=event).select_related("event")
    papers = Paper.objects.public().filter(event=event).select_related("event", "panel")
    return Results(
        panels=_ranked(panels, words, also=_panel_context_match(words)),
        papers=_ranked(papers, words),
        people=_people(event, words),
        words=words,
    )


@dataclass
class Person:
    name: str
    ref: str  # the `person` of her address, as it should be written
    affiliations: list
    roles: list
    papers: list


def person_in_event(event: Event, ref: str) -> Person | None:
    """The person of the address part `ref` (`<slug>-<key>` or `<key>`,
    core/people.py), found by her key alone in the event's public roles and papers
    (declined authorships left out); None when `ref` ends in no key or nobody holds
    it. Three queries at most. `Person.ref` may differ from `ref` (another slug, capitals):
    the page redirects to it."""
    parts = split_ref(ref.lower())
    if parts is None:
        return None
    key = parts[1]
    roles = list(
        PanelRole.objects.filter(
            person_key=key, panel__in=Panel.objects.public().filter(event=event)
        )
        .select_related("panel__event", "panel__slot", "panel__room")
        .order_by("panel__code")
    )
    authorships = list(
        Authorship.objects.filter(
            person_key=key, paper__in=Paper.objects.public().filter(event=event)
        )
        .exclude(status=AuthorshipStatus.DECLINED)
        .select_related("paper__event", "paper__panel")
        .order_by("paper__panel__code", "paper__title")
    )
    if not (roles or authorships):
        return None
    names = [r.name for r in roles] + [a.name for a in authorships]
    affiliations = [x.affiliation for x in [*roles, *authorships] if x.affiliation]
    return Person(
        name=names[0],
        ref=(roles or authorships)[0].person_ref,
        affiliations=list(dict.fromkeys(affiliations)),
        roles=roles,
        papers=authorships,
    )


def person_ref_by_slug(event: Event, slug: str) -> str | None:
    """The address part of the one person whose slug is `slug` in the event's
    public roles and papers: an address of the old kind (`/people/<slug>/`); None
    when `slug` is empty, nobody has it, or several people do (names that slug
    alike, e.g. "José García" and "Jose Garcia"). Two queries."""
    slug = slugify(slug)
    if not slug:
        return None
    roles = PanelRole.objects.filter(
        name_slug=slug, panel__in=Panel.objects.public().filter(event=event)
    )
    authors = Authorship.objects.filter(
        name_slug=slug, paper__in=Paper.objects.public().filter(event=event)
    ).exclude(status=AuthorshipStatus.DECLINED)
    keys = {
        *roles.values_list("person_key", flat=True).distinct()[:2],
        *authors.values_list("person_key", flat=True).distinct()[:2],
    }
    return person_ref(slug, keys.pop()) if len(keys) == 1 else None
