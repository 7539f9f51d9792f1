"""The one search of an event: its public panels, papers and people, ranked. The
search page shows it; the event page's box submits to that page.

It forgives accents and case, and finds and ranks the same rows on SQLite and
PostgreSQL: the words typed are folded (`core.folding.fold`: "Wiśniewski",
"WISNIEWSKI" → "wisniewski") and compared with the folded copy of each text the
models keep (`title_folded`, `abstract_folded`, `name_folded`, …) by `LIKE`, in one
SQL written the same for both databases (docs/architecture.md, "Search", says why
not PostgreSQL's full-text search and `unaccent`).

Panels and papers: every word must be in the title or abstract; ranked by how
often the words are there, a title hit weighing three times an abstract hit, then
by pk. After those ranked matches: a keyword of the event's list that contains a
word finds its panels and papers (the row says which keyword, `matched_keyword`),
and a panel is found when every word is in its code, title, abstract, a chair's
name or a public paper's title. People: every word in the name (or, for a name in
another script, in its Latin spelling: "kovalova" finds Ковальова) or the affiliation.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Length, Replace
from django.utils.text import slugify

from core.folding import fold
from core.people import name_slug, person_ref, split_ref
from panels.enums import RoleKind
from panels.models import Event, Panel, PanelRole
from papers.enums import AuthorshipStatus
from papers.models import Authorship, Paper

LIMIT = 30
TITLE_WEIGHT = 3  # a word in the title counts as three in the abstract


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
    """The first eight words of a query, as typed (the page marks them)."""
    return re.findall(r"\w[\w'\u2019-]*", query)[:8]


def folded_words(words: list[str]) -> list[str]:
    """The words folded as the stored copies are (`core.folding.fold`), none empty."""
    return [folded for folded in map(fold, words) if folded]


def _occurrences(column: str, word: str):
    """How many times `word` is in the (folded) `column`: the length it loses when
    every occurrence is taken out, divided by its own. Plain SQL on both databases."""
    removed = Length(column) - Length(Replace(column, Value(word), Value("")))
    return removed / Value(len(word), output_field=IntegerField())


def _rank(words: list[str]):
    """The rank of a panel or paper: each word's occurrences in its title times
    `TITLE_WEIGHT`, plus those in its abstract."""
    terms = [
        _occurrences("title_folded", word) * Value(TITLE_WEIGHT)
        + _occurrences("abstract_folded", word)
        for word in words
    ]
    rank = terms[0]
    for term in terms[1:]:
        rank = rank + term
    return rank


def _keyword_match(queryset: QuerySet, words: list[str]) -> tuple[Q, Subquery]:
    """Rows carrying a keyword that contains one of the (folded) words, and the
    name of the first such keyword of each row, alphabetically (None for the others)."""
    through = queryset.model.keywords.through
    owner = f"{queryset.model._meta.model_name}_id"
    names = Q(pk__in=[])
    for word in words:
        names |= Q(keyword__name_folded__contains=word)
    matching = through.objects.filter(names, **{owner: OuterRef("pk")})
    first = matching.order_by("keyword__name_folded", "keyword_id").values("keyword__name")[:1]
    return Q(Exists(matching)), Subquery(first)


def _name_match(word: str) -> Q:
    """A person's name holding the (folded) word as written, or, for a name in another
    script, as her address spells it in Latin letters (`name_slug`, anyascii's
    transliteration): "kovalova" finds Анна Ковальова, "wang" 王小明."""
    match = Q(name_folded__contains=word)
    if latin := name_slug(word):
        match |= Q(name_slug__contains=latin)
    return match


def _panel_context_match(words: list[str]) -> Q:
    """Panels with every (folded) word in their code, title, abstract, a chair's name
    or a public paper's title (one word may be in one place, the next in another)."""
    match = Q()
    for word in words:
        chairs = PanelRole.objects.filter(
            _name_match(word), panel=OuterRef("pk"), kind__in=RoleKind.chairs()
        )
        papers = Paper.objects.public().filter(panel=OuterRef("pk"), title_folded__contains=word)
        match &= (
            Q(code__iexact=word)
            | Q(title_folded__contains=word)
            | Q(abstract_folded__contains=word)
            | Q(Exists(chairs))
            | Q(Exists(papers))
        )
    return match


def _ranked(queryset: QuerySet, words: list[str], also: Q | None = None) -> list:
    """Text matches ranked (`rank`), then the other matches (a keyword, with the
    keyword in `matched_keyword`, or `also`) by pk: two queries, the same SQL on
    SQLite and PostgreSQL. `words` are folded."""
    text = queryset
    for word in words:
        text = text.filter(Q(title_folded__contains=word) | Q(abstract_folded__contains=word))
    rows = list(text.annotate(rank=_rank(words)).order_by("-rank", "pk")[:LIMIT])
    for row in rows:
        row.matched_keyword = None
    if len(rows) < LIMIT:
        seen = [row.pk for row in rows]
        other, keyword = _keyword_match(queryset, words)
        if also is not None:
            other |= also
        by_other = queryset.filter(other).exclude(pk__in=seen).annotate(matched_keyword=keyword)
        rows += list(by_other.order_by("pk")[: LIMIT - len(rows)])
    return rows


def _people(event: Event, words: list[str]) -> list[dict]:
    """People whose name or affiliation holds every (folded) word, in public roles
    and papers."""
    roles = PanelRole.objects.filter(panel__in=Panel.objects.public().filter(event=event))
    authors = Authorship.objects.filter(
        paper__in=Paper.objects.public().filter(event=event)
    ).exclude(status=AuthorshipStatus.DECLINED)
    for word in words:
        match = _name_match(word) | Q(affiliation_folded__contains=word)
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
    the others), roles, authors. A query without a word (empty, punctuation only)
    finds nothing and makes no query. `Results.words` are the words as typed."""
    words = words_of(query)
    folded = folded_words(words)
    if not folded:
        return Results()
    panels = Panel.objects.public().filter(event=event).select_related("event")
    papers = Paper.objects.public().filter(event=event).select_related("event", "panel")
    return Results(
        panels=_ranked(panels, folded, also=_panel_context_match(folded)),
        papers=_ranked(papers, folded),
        people=_people(event, folded),
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
