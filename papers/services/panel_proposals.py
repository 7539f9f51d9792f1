"""Proposing a whole panel, with its chairs and, if the proposer likes, its papers."""

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.mail import send_templated_mail, send_templated_mail_by_part
from panels.enums import PanelStatus, PaperDecider, RoleKind
from panels.models import Event, Keyword, Panel, Section
from panels.rules import text_errors
from panels.selectors import organiser_emails, section_chair_emails
from panels.services import check_role_limit, record_panel_change

from ..enums import AuthorshipStatus
from ..models import Paper
from .authorship_links import request_confirmations
from .common import _record
from .proposals import (
    AuthorData,
    Errors,
    ProposalData,
    _save_authors,
    _verified_users_by_email,
    author_states,
    check_call_open,
    content_errors,
    paper_shares,
    person_limit_errors,
)


@dataclass(frozen=True)
class PanelProposalData:
    title: str
    abstract: str
    keywords: list[Keyword]
    format: str
    co_chair: AuthorData | None = None
    discussant: AuthorData | None = None
    papers: list[ProposalData] = ()


def _panel_content_errors(event: Event, data: PanelProposalData) -> Errors:
    """The panel's own title, abstract and keywords, under the rules a paper's follow."""
    return text_errors(event, title=data.title, abstract=data.abstract, keywords=data.keywords)


def _papers_limit_errors(event: Event, by, papers: list[ProposalData]) -> Errors:
    """The per-person limits over all the papers of one panel proposal together: what
    each paper adds to a person's counts (`paper_shares`) is summed before it is
    judged, so five papers cannot each pass a limit of one. The papers are their
    authors' proposals, not the proposer's (`paper_shares(for_authors=True)`): a
    chair proposing a panel of four papers by others has made none of them. Authors
    named by the proposer count when they confirm; the proposer's own at once."""
    accounts = _verified_users_by_email([a.email for p in papers for a in p.authors])
    accounts.setdefault(by.email.lower(), by)
    totals: dict = {}
    for paper in papers:
        states = author_states(None, paper.authors, by, accounts)
        pending = frozenset(
            a.email.strip().lower()
            for a, (state, _at) in zip(paper.authors, states, strict=True)
            if state != AuthorshipStatus.CONFIRMED
        )
        for person, proposals, presenting in paper_shares(
            event,
            submitter=by,
            authors=paper.authors,
            accounts=accounts,
            pending=pending,
            for_authors=True,
        ):
            entry = totals.setdefault(person.key, [person, 0, 0])
            entry[1] += proposals
            entry[2] += presenting
    errors: Errors = {}
    for person, proposals, presenting in totals.values():
        found = person_limit_errors(
            event, person, proposals=proposals, presenting=presenting, submitter=by
        )
        for field, field_errors in found.items():
            errors.setdefault(field, []).extend(field_errors)
    return errors


@transaction.atomic
def panel_propose(
    *, by, event: Event, section: Section, data: PanelProposalData, now=None
) -> Panel:
    """A signed-in person proposes a panel during the panel call, as its chair, with a
    co-chair and discussant and, if they like, its papers. The section's chairs decide;
    on acceptance the proposer and co-chair chair it."""
    User.objects.select_for_update().filter(pk=by.pk).get()
    check_call_open(event, now, call="panel")
    if section.event_id != event.pk:
        raise ValidationError(_("Choose a section of this event."), code="wrong_section")
    errors = _panel_content_errors(event, data)
    others = errors.setdefault(NON_FIELD_ERRORS, [])
    papers = errors.setdefault("papers", [])
    people = [(RoleKind.CHAIR, AuthorData(by.name, by.email, by.affiliation))]
    if data.co_chair:
        people.append((RoleKind.CO_CHAIR, data.co_chair))
    if data.discussant:
        people.append((RoleKind.DISCUSSANT, data.discussant))
    emails = [p.email.lower() for _kind, p in people if p.email]
    if len(emails) != len(set(emails)):
        others.append(
            ValidationError(_("The chair, co-chair and discussant are three people."), code="same")
        )
    accounts = _verified_users_by_email(emails)
    accounts[by.email.lower()] = by
    for kind, person in people:
        try:
            check_role_limit(
                event=event,
                kind=kind,
                user=accounts.get(person.email.lower()),
                email=person.email,
            )
        except ValidationError as error:
            others.extend(error.error_list)
    for number, paper in enumerate(data.papers, 1):
        papers.extend(
            ValidationError(
                _("Paper %(n)d: %(error)s"),
                code=e.code,
                params={"n": number, "error": e.message % (e.params or {})},
            )
            for field_errors in content_errors(event, paper).values()
            for e in field_errors
        )
    for field, found in _papers_limit_errors(event, by, data.papers).items():
        (others if field == NON_FIELD_ERRORS else papers).extend(found)
    if len(data.papers) > event.max_papers_per_panel:
        papers.append(
            ValidationError(
                _("A panel holds at most %(max)d papers."),
                code="too_many_papers",
                params={"max": event.max_papers_per_panel},
            )
        )
    errors = {field: found for field, found in errors.items() if found}
    if errors:
        raise ValidationError(errors)
    panel = Panel.objects.create(
        event=event,
        section=section,
        title=" ".join(data.title.split()),
        abstract=data.abstract.strip(),
        format=data.format,
        status=PanelStatus.PROPOSED,
        proposed_by=by,
    )
    panel.keywords.set(data.keywords)
    record_panel_change(panel, from_status="", by=by)
    for position, (kind, person) in enumerate(people, 1):
        panel.roles.create(
            kind=kind,
            position=position,
            name=" ".join(person.name.split()),
            email=person.email.strip().lower(),
            affiliation=" ".join(person.affiliation.split()),
            user=accounts.get(person.email.lower()),
        )
    for paper_data in data.papers:
        paper = Paper.objects.create(
            event=event,
            section=section,
            panel=panel,
            title=" ".join(paper_data.title.split()),
            abstract=paper_data.abstract.strip(),
            submitted_by=by,
            for_authors=True,
        )
        paper.keywords.set(paper_data.keywords)
        asked = _save_authors(paper, paper_data.authors, by)
        _record(paper, from_status="", by=by)
        request_confirmations(asked)
    context = {
        "panel": panel,
        "event": event,
        "papers": data.papers,
        "chairs_decide": event.papers_decided_by == PaperDecider.PANEL_CHAIRS,
    }
    # The proposer is thanked; the others are told who named them, and as what.
    send_templated_mail_by_part(
        "emails/panel_receipt",
        [
            ([p.email], {**context, "submitter": p.email.lower() == by.email.lower(), "kind": kind})
            for kind, p in people
        ],
        about=panel,
    )
    # The section's chairs decide on it; a section without chairs leaves it to the organisers.
    deciders, part = section_chair_emails(section), "section_chair"
    if not deciders:
        deciders, part = organiser_emails(event), "organiser"
    send_templated_mail("emails/panel_proposed", deciders, {**context, "part": part}, about=panel)
    return panel
