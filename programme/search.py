"""One search over an event's public panels, papers and people, ranked.

PostgreSQL: full-text search (English stemming) on the stored `search_document`
column (title weighted A, abstract B) and its GIN index, both made by migration
panels 0006; ranked with ts_rank. SQLite: every word must appear in the
title or abstract; a title hit weighs three times an abstract hit. On both, a
keyword of the event's list that contains a word also finds its panels and papers.
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Exists, FloatField, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.text import slugify

from panels.models import Event, Panel, PanelRole
from papers.models import Authorship, Paper

LIMIT = 30


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


def _ranked(queryset: QuerySet, query: str, words: list[str]) -> list:
    """Text matches ranked, then keyword-only matches: two queries, so that the
    text search can use its index (an OR with the keyword join would not)."""
    if connection.vendor == "postgresql":
        table = queryset.model._meta.db_table
        terms = " ".join(words)
        rows = list(
            queryset.alias(
                # The table name comes from the model, the words are a parameter.
                matched=RawSQL(  # noqa: S611
                    f"{table}.search_document @@ plainto_tsquery('english', %s)",
                    [terms],
                    output_field=BooleanField(),
                )
            )
            .filter(matched=True)
            .annotate(
                rank=RawSQL(  # noqa: S611
                    f"ts_rank({table}.search_document, plainto_tsquery('english', %s))",
                    [terms],
                    output_field=FloatField(),
                )
            )
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
        by_keyword = queryset.filter(_keyword_match(queryset, words)).exclude(pk__in=seen)
        rows += list(by_keyword.order_by("pk")[: LIMIT - len(rows)])
    return rows


def _people(event: Event, words: list[str]) -> list[dict]:
    """People whose name or affiliation holds every word, in public roles and papers."""
    roles = PanelRole.objects.filter(panel__in=Panel.objects.public().filter(event=event))
    authors = Authorship.objects.filter(paper__in=Paper.objects.public().filter(event=event))
    for word in words:
        match = Q(name__icontains=word) | Q(affiliation__icontains=word)
        roles, authors = roles.filter(match), authors.filter(match)
    people = {}
    for name, slug, affiliation in [
        *roles.values_list("name", "name_slug", "affiliation")[:LIMIT],
        *authors.values_list("name", "name_slug", "affiliation")[:LIMIT],
    ]:
        people.setdefault(slug, {"name": name, "slug": slug, "affiliation": affiliation})
    return sorted(people.values(), key=lambda p: p["name"])[:LIMIT]


def search_event(event: Event, query: str) -> Results:
    """Four queries whatever the event's size: panels, papers, roles, authors."""
    words = words_of(query)
    if not words:
        return Results()
    panels = Panel.objects.public().filter(event=event).select_related("event")
    papers = Paper.objects.public().filter(event=event).select_related("event", "panel")
    return Results(
        panels=_ranked(panels, query, words),
        papers=_ranked(papers, query, words),
        people=_people(event, words),
        words=words,
    )


@dataclass
class Person:
    name: str
    slug: str
    affiliations: list
    roles: list
    papers: list


def person_in_event(event: Event, slug: str) -> Person | None:
    slug = slugify(slug)
    roles = list(
        PanelRole.objects.filter(
            name_slug=slug, panel__in=Panel.objects.public().filter(event=event)
        )
        .select_related("panel__event", "panel__slot", "panel__room")
        .order_by("panel__code")
    )
    authorships = list(
        Authorship.objects.filter(
            name_slug=slug, paper__in=Paper.objects.public().filter(event=event)
        )
        .select_related("paper__event", "paper__panel")
        .order_by("paper__panel__code", "paper__title")
    )
    if not (roles or authorships):
        return None
    names = [r.name for r in roles] + [a.name for a in authorships]
    affiliations = [x.affiliation for x in [*roles, *authorships] if x.affiliation]
    return Person(
        name=names[0],
        slug=slug,
        affiliations=list(dict.fromkeys(affiliations)),
        roles=roles,
        papers=authorships,
    )
