"""Organisers' and chairs' edits in the admin: a panel made or changed, the order of
its accepted papers, a paper added or its text and authors corrected. Each goes
through the rules a proposal or a decision goes through, and leaves a history row
saying who changed what, from → to. (Panels' edits live here, beside papers,
because capacity and the papers' sections depend on them.)"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from core.cache import renew
from core.history import differences, snapshot
from panels.enums import PanelStatus
from panels.models import Panel
from panels.rules import Errors, is_organiser, is_panel_chair, is_section_chair, text_errors
from panels.services import record_panel_change
from panels.signals import panel_people_changed

from ..enums import AuthorshipStatus, PaperStatus
from ..models import Paper
from .common import _locked_paper, _record
from .proposals import (
    ACTIVE,
    AuthorData,
    _raise_if_any,
    _replace_authors,
    _verified_users_by_email,
    author_errors,
    author_states,
    limit_errors,
)

# What a panel's chairs may change; organisers and the section's chairs change the rest.
PANEL_TEXT = ["title", "abstract", "keywords"]
PANEL_FIELDS = [*PANEL_TEXT, "section", "code", "format", "max_papers"]
PAPER_TEXT = ["title", "abstract", "keywords"]


def panel_errors(*, panel: Panel, keywords) -> Errors:
    """What the event's rules say against a panel as it would be saved: its text and
    keywords within the event's limits, its section in its event, and a capacity no
    lower than the papers it has accepted. Keyed by field; empty when nothing."""
    errors = text_errors(
        panel.event,
        title=panel.title,
        abstract=panel.abstract or panel.title,  # a panel may wait for its abstract
        keywords=keywords,
    )
    if not keywords:
        errors.pop("keywords", None)  # keywords are optional on a panel made in the admin
    if panel.code:
        try:
            Panel._meta.get_field("code").run_validators(panel.code)
        except ValidationError as error:
            errors["code"] = error.error_list
    if panel.section_id and panel.section.event_id != panel.event_id:
        errors["section"] = [ValidationError(_("Choose a section of this event."), code="section")]
    if panel.pk:
        accepted = Paper.objects.filter(panel=panel, status=PaperStatus.ACCEPTED).count()
        if panel.capacity < accepted:
            errors["max_papers"] = [
                ValidationError(
                    _("Panel %(code)s has accepted %(count)d papers; it cannot hold fewer."),
                    code="below_accepted",
                    params={"code": panel.code, "count": accepted},
                )
            ]
    return errors


def _may_change_panel(by, panel: Panel, fields) -> None:
    if is_organiser(by, panel) or is_section_chair(by, panel):
        return
    if is_panel_chair(by, panel) and set(fields) <= set(PANEL_TEXT):
        return
    raise PermissionDenied(_("You may not change these fields of panel %s.") % panel.code)


@transaction.atomic
def panel_create(*, panel: Panel, by, keywords=()) -> Panel:
    """A panel made in the admin by an organiser or the section's chair: saved with its
    keywords, and its history starts with who made it and how.

    Raises PermissionDenied or ValidationError (keyed by field; nothing saved)."""
    if not (is_organiser(by, panel.event) or is_section_chair(by, panel.section)):
        raise PermissionDenied(_("Only the organisers or the section's chairs add panels."))
    _raise_if_any(panel_errors(panel=panel, keywords=keywords))
    panel.save()
    if keywords:  # a new panel has none: add, not set (which reads them first)
        panel.keywords.add(*keywords)
    record_panel_change(
        panel,
        from_status="",
        by=by,
        changes=differences({}, snapshot(panel, ["section", "code", *PANEL_TEXT, "format"])),
    )
    return panel


@transaction.atomic
def panel_update(*, panel: Panel, by, fields, keywords=None) -> Panel:
    """Save a change of a panel's own fields (`fields`: the names changed; `keywords`:
    the new keywords, or None when unchanged); what changes keeps within the
    event's limits (what was there before is judged when it changes). A panel's
    chairs change its public text; organisers and the section's chairs also its
    section, code, format and capacity. Its papers follow it to a new section.
    Status, slot and room change only through their own services.

    Raises PermissionDenied or ValidationError (keyed by field; nothing saved)."""
    fields = [f for f in fields if f in PANEL_FIELDS]
    stored = Panel.objects.select_for_update().select_related("event").get(pk=panel.pk)
    _may_change_panel(by, stored, fields)
    before = snapshot(stored, PANEL_FIELDS)
    new_keywords = list(stored.keywords.all()) if keywords is None else list(keywords)
    errors = panel_errors(panel=panel, keywords=new_keywords)
    _raise_if_any({f: e for f, e in errors.items() if f in fields})
    panel.save(update_fields=[f for f in fields if f != "keywords"] + ["updated_at"])
    if keywords is not None:
        panel.keywords.set(new_keywords)
    if "section" in fields:
        Paper.objects.filter(panel=panel).update(section=panel.section)
    changes = differences(before, snapshot(panel, PANEL_FIELDS))
    if changes:
        record_panel_change(panel, from_status=panel.status, by=by, changes=changes)
    return panel


@transaction.atomic
def panel_order_papers(*, panel: Panel, by, order: list[int]) -> Panel:
    """Put a panel's accepted papers in the order given (`order`: their ids, first
    presented first): positions 1, 2, 3… Its chairs, the section's chairs and the
    organisers may. Raises PermissionDenied, or ValidationError when `order` is not
    exactly the panel's accepted papers."""
    panel = Panel.objects.select_for_update(of=("self",)).select_related("event").get(pk=panel.pk)
    _may_change_panel(by, panel, ["title"])
    papers = {p.pk: p for p in Paper.objects.filter(panel=panel, status=PaperStatus.ACCEPTED)}
    if sorted(order) != sorted(papers):
        raise ValidationError(
            _("Give the order of exactly this panel's accepted papers."), code="order"
        )
    before = [p.pk for p in sorted(papers.values(), key=lambda p: (p.position, p.pk))]
    if before == order:
        return panel
    for position, pk in enumerate(order, 1):
        Paper.objects.filter(pk=pk).update(position=position)
    # update() sends no signal: the pages that list the papers in order are renewed here.
    renew(panel.event.slug)
    titles = {pk: papers[pk].title for pk in order}
    record_panel_change(
        panel,
        from_status=panel.status,
        by=by,
        changes={
            "order of papers": [
                "; ".join(titles[pk] for pk in before),
                "; ".join(titles[pk] for pk in order),
            ]
        },
    )
    return panel


# The event's rules -----------------------------------------------------------------


def event_rule_errors(event) -> Errors:
    """What the papers already accepted say against an event's rules as they would be
    saved: no panel may be left holding more accepted papers than its capacity
    (a panel's own maximum, else the event's), no active paper naming more authors
    than the authors per paper (those who declined aside). Keyed by field; empty
    when nothing."""
    if not event.pk:
        return {}
    errors: Errors = {}
    most = (
        Paper.objects.filter(event=event, status__in=ACTIVE)
        .annotate(n=Count("authorships", filter=~Q(authorships__status=AuthorshipStatus.DECLINED)))
        .filter(n__gt=event.max_authors_per_paper)
        .order_by("-n", "pk")
        .values_list("title", "n")
        .first()
    )
    if most is not None:
        errors["max_authors_per_paper"] = [
            ValidationError(
                _("“%(title)s” names %(count)d authors; the maximum cannot be lower."),
                code="below_authors",
                params={"title": most[0], "count": most[1]},
            )
        ]
    crowded = (
        Panel.objects.filter(event=event, max_papers__isnull=True)
        .annotate(n=Count("papers", filter=Q(papers__status=PaperStatus.ACCEPTED)))
        .filter(n__gt=event.max_papers_per_panel)
        .order_by("-n", "code")
        .values_list("code", "n")
        .first()
    )
    if crowded is not None:
        code, count = crowded
        errors["max_papers_per_panel"] = [
            ValidationError(
                _("Panel %(code)s has accepted %(count)d papers; the maximum cannot be lower."),
                code="below_accepted",
                params={"code": code, "count": count},
            )
        ]
    return errors


@transaction.atomic
def event_update(*, event, by, fields) -> None:
    """Save an organiser's change of an event (`fields`: the names changed), its rules
    checked against what is accepted already (`event_rule_errors`).

    Raises PermissionDenied or ValidationError (keyed by field; nothing saved)."""
    if not is_organiser(by, event):
        raise PermissionDenied(_("Only the event's organisers change it."))
    type(event).objects.select_for_update().filter(pk=event.pk).first()
    # The panels' rows too, as paper_accept locks its panel's: an acceptance under way
    # finishes first and is counted, and one that follows reads the new maximum.
    list(Panel.objects.select_for_update().filter(event=event).values_list("pk", flat=True))
    errors = event_rule_errors(event)
    _raise_if_any({f: e for f, e in errors.items() if f in fields})
    event.save()


# Papers ---------------------------------------------------------------------------


def paper_errors(*, paper: Paper, keywords) -> Errors:
    """What the event's limits say against a paper's text and keywords as they would
    be saved, keyed by field; empty when nothing (`panels.rules.text_errors`)."""
    errors = text_errors(paper.event, title=paper.title, abstract=paper.abstract, keywords=keywords)
    if paper.panel_id and paper.panel.event_id != paper.event_id:
        errors["panel"] = [ValidationError(_("Choose a panel of this event."), code="panel")]
    if paper.section_id and paper.section.event_id != paper.event_id:
        errors["section"] = [ValidationError(_("Choose a section of this event."), code="section")]
    return errors


@transaction.atomic
def paper_create(*, paper: Paper, by, keywords=(), imported: bool = False) -> Paper:
    """A paper added in the admin by an organiser, as a new proposal ("submitted") in
    a panel or its section's pool: no place is taken until a chair accepts it.
    `imported`: an import brings the papers of panel proposals too, whatever became
    of the panel (proposed, rejected, withdrawn), as `panel_propose` made them; they
    take no place either, since only an accepted panel accepts papers."""
    if not is_organiser(by, paper.event):
        raise PermissionDenied(_("Only the organisers add papers in the admin."))
    if paper.panel_id:
        if paper.panel.status != PanelStatus.ACCEPTED and not imported:
            raise ValidationError(
                {
                    "panel": _("Panel %s does not take papers: it is not accepted.")
                    % paper.panel.code
                }
            )
        paper.section = paper.panel.section
    paper.status = PaperStatus.SUBMITTED
    paper.submitted_by = paper.submitted_by or by
    # Entered for its authors: their proposal, not the organiser's (`paper_shares`).
    paper.for_authors = True
    _raise_if_any(paper_errors(paper=paper, keywords=keywords))
    new = paper._state.adding
    paper.save()
    if new:
        paper.keywords.add(*keywords)  # a new row has none to take away (`set` reads them)
    else:
        paper.keywords.set(keywords)
    _record(paper, from_status="", by=by, message=_("Added in the admin."))
    return paper


@transaction.atomic
def paper_edit(*, paper: Paper, by, fields, keywords=None) -> Paper:
    """An organiser corrects a paper's title, abstract or keywords (`fields`: the names
    changed; `keywords`: the new ones, or None when unchanged); what changes keeps
    within the event's limits. Its place (panel, position) and status change only
    through decisions and moves."""
    stored = _locked_paper(paper)
    if not is_organiser(by, stored):
        raise PermissionDenied(_("Only the organisers correct a paper's text."))
    before = snapshot(stored, PAPER_TEXT)
    new_keywords = list(stored.keywords.all()) if keywords is None else list(keywords)
    errors = paper_errors(paper=paper, keywords=new_keywords)
    _raise_if_any({f: e for f, e in errors.items() if f in fields})
    paper.save(update_fields=["title", "abstract", "updated_at"])
    if keywords is not None:
        paper.keywords.set(new_keywords)
    changes = differences(before, snapshot(paper, PAPER_TEXT))
    if changes:
        paper.history.create(
            from_status=paper.status,
            to_status=paper.status,
            from_panel_id=paper.panel_id,
            to_panel_id=paper.panel_id,
            by=by,
            changes=changes,
        )
    return paper


def authors_errors(
    *,
    paper: Paper,
    authors: list[AuthorData],
    accounts: dict | None = None,
    stored: list | None = None,
) -> list[ValidationError]:
    """What the rules say against these authors for this paper: the authors' rules
    (the event's authors per paper among them) and every person's limits
    (`limit_errors`, the paper itself not counted). An organiser's entry counts at
    once; an author already on the paper keeps her answer (`author_states`).
    `accounts` (the authors' accounts by address, `_verified_users_by_email`) and
    `stored` (the paper's authorships as read in this transaction): when the caller
    has them, else read here."""
    errors = author_errors(authors, paper.event)
    if accounts is None:
        accounts = _verified_users_by_email([a.email for a in authors])
    accounts = dict(accounts)
    if paper.submitted_by is not None:
        accounts.setdefault(paper.submitted_by.email.lower(), paper.submitted_by)
    states = author_states(paper, authors, None, accounts, vouched=True, stored=stored)
    pending = frozenset(
        a.email.strip().lower()
        for a, (state, _at) in zip(authors, states, strict=True)
        if state != AuthorshipStatus.CONFIRMED
    )
    if paper.status in ACTIVE:
        found = limit_errors(
            paper.event,
            submitter=paper.submitted_by,
            authors=authors,
            exclude=paper,
            pending=pending,
            accounts=accounts,
            for_authors=paper.for_authors,
        )
        errors.extend(e for field_errors in found.values() for e in field_errors)
    return errors


@transaction.atomic
def paper_authors_update(
    *, paper: Paper, by, authors: list[AuthorData], accounts: dict | None = None
) -> Paper:
    """An organiser corrects a paper's authors (names, affiliations, emails, who
    presents), under the authors' rules and the presenters' limits; if the paper is
    accepted, nobody may end up in two places at once (`panel_people_changed`).
    `accounts`: the authors' accounts by address, when the caller read them already
    (an import reads a whole file's at once); else they are read here."""
    paper = _locked_paper(paper)
    if not is_organiser(by, paper):
        raise PermissionDenied(_("Only the organisers correct a paper's authors."))
    if accounts is None:
        accounts = _verified_users_by_email([a.email for a in authors])
    stored = list(paper.authorships.order_by("position"))
    errors = authors_errors(paper=paper, authors=authors, accounts=accounts, stored=stored)
    if errors:
        raise ValidationError({"authors": errors})
    before = "; ".join(_author_words(a) for a in stored)
    saved = _replace_authors(
        paper, authors, paper.submitted_by, vouched=True, stored=stored, accounts=accounts
    )
    after = "; ".join(_author_words(a) for a in saved)
    if before != after:
        paper.history.create(
            from_status=paper.status,
            to_status=paper.status,
            from_panel_id=paper.panel_id,
            to_panel_id=paper.panel_id,
            by=by,
            changes={"authors": [before, after]},
        )
    if paper.status == PaperStatus.ACCEPTED and paper.panel_id:
        panel_people_changed.send(sender=Panel, panel=Panel.objects.get(pk=paper.panel_id))
    return paper


def _author_words(author) -> str:
    presenting = " (presents)" if author.is_presenter else ""
    affiliation = f", {author.affiliation}" if author.affiliation else ""
    return f"{author.name}{affiliation}{presenting}"
