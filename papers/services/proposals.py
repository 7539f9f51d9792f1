"""Authors' proposals: propose, edit, withdraw; the call, content and per-person limits."""

import uuid
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from core.mail import send_templated_mail
from panels.enums import PanelStatus
from panels.models import Event, Keyword, Panel, Section
from panels.rules import Errors, call_refusal, text_errors

from ..enums import PaperStatus
from ..models import Authorship, Paper
from ..rules import edit_refusal, withdraw_refusal
from .common import _chair_emails, _locked_paper, _record


@dataclass(frozen=True)
class AuthorData:
    """One author as typed into the proposal form."""

    name: str
    email: str = ""
    affiliation: str = ""
    is_presenter: bool = False


@dataclass(frozen=True)
class ProposalData:
    title: str
    abstract: str
    keywords: list[Keyword]
    authors: list[AuthorData]


ACTIVE = [PaperStatus.SUBMITTED, PaperStatus.ACCEPTED, PaperStatus.RESERVE]


def normalise_title(title: str) -> str:
    return " ".join(title.split()).casefold()


def check_call_open(event: Event, now=None, *, call: str = "paper") -> None:
    """Raise the reason the call (paper, or panel) is not open; see `call_refusal`."""
    if (refusal := call_refusal(event, now, call=call)) is not None:
        raise refusal


def _check_destination(event: Event, panel: Panel | None, section: Section | None) -> Section:
    if panel is not None:
        if panel.event_id != event.pk or panel.status != PanelStatus.ACCEPTED:
            raise ValidationError(
                _("Panel %(code)s does not take proposals; choose another panel."),
                code="panel_closed",
                params={"code": panel.code},
            )
        return panel.section
    if section is None or section.event_id != event.pk:
        raise ValidationError(_("Choose a panel or a section."), code="no_destination")
    return section


def content_errors(event: Event, data: ProposalData) -> Errors:
    """What is wrong with a proposal's text, keywords and authors under the event's
    rules, keyed by the field it concerns ("title", "abstract", "keywords",
    "authors"); empty when nothing is. The text and keywords follow the event's
    limits (`panels.rules.text_errors`); the authors' rules are written here."""
    errors = text_errors(event, title=data.title, abstract=data.abstract, keywords=data.keywords)
    if authors := author_errors(data.authors):
        errors["authors"] = authors
    return errors


def author_errors(authors: list[AuthorData]) -> list[ValidationError]:
    """Name at least one author, each with a name; one presenter at least; no email twice."""
    errors = []
    if not authors:
        return [ValidationError(_("Name at least one author."), code="no_authors")]
    if any(not a.name.strip() for a in authors):
        errors.append(ValidationError(_("Every author needs a name."), code="author_name"))
    if not any(a.is_presenter for a in authors):
        errors.append(
            ValidationError(
                _("Mark at least one author as presenting the paper."), code="no_presenter"
            )
        )
    emails = [a.email.strip().lower() for a in authors if a.email.strip()]
    duplicates = sorted({e for e in emails if emails.count(e) > 1})
    if duplicates:
        errors.append(
            ValidationError(
                _("Each author needs their own email address; %(emails)s appears twice."),
                code="duplicate_author_email",
                params={"emails": ", ".join(duplicates)},
            )
        )
    return errors


def proposal_counts(*, event: Event, user, exclude: Paper | None = None) -> dict[str, int]:
    """How many active proposals a person has made, and how many they present, in an event."""
    papers = Paper.objects.filter(event=event, status__in=ACTIVE)
    if exclude is not None:
        papers = papers.exclude(pk=exclude.pk)
    mine = Q(submitted_by=user)
    if event.coauthored_count_as_proposals:
        mine |= Q(authorships__user=user) | Q(authorships__email=user.email.lower())
    presenting = Q(authorships__is_presenter=True) & (
        Q(authorships__user=user) | Q(authorships__email=user.email.lower())
    )
    return {
        "proposals": papers.filter(mine).distinct().count(),
        "presenting": papers.filter(presenting).distinct().count(),
    }


def limit_errors(event: Event, by, data: ProposalData, exclude: Paper | None) -> Errors:
    """The per-person limits and the duplicate title, keyed by field like `content_errors`
    (the proposal limit is the whole form's: NON_FIELD_ERRORS)."""
    errors: Errors = {}
    if exclude is None and event.max_proposals_per_person is not None:
        made = proposal_counts(event=event, user=by)["proposals"]
        if made >= event.max_proposals_per_person:
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                ValidationError(
                    _(
                        "You have made %(count)d proposals, the most this event allows. "
                        "Withdraw one to propose another."
                    ),
                    code="proposal_limit",
                    params={"count": made},
                )
            )
    limit = event.max_papers_presented_per_person
    if limit is not None:
        papers = Paper.objects.filter(event=event, status__in=ACTIVE)
        if exclude is not None:
            papers = papers.exclude(pk=exclude.pk)
        for author in data.authors:
            email = author.email.strip()
            if not (author.is_presenter and email):
                continue
            presenting = (
                papers.filter(authorships__is_presenter=True, authorships__email=email.lower())
                .distinct()
                .count()
            )
            if presenting >= limit:
                errors.setdefault("authors", []).append(
                    ValidationError(
                        _(
                            "%(name)s already presents %(count)d papers, the most this event "
                            "allows. Choose another presenter."
                        ),
                        code="presenter_limit",
                        params={"name": author.name, "count": presenting},
                    )
                )
    same_title = Paper.objects.filter(event=event, submitted_by=by).exclude(
        status=PaperStatus.WITHDRAWN
    )
    if exclude is not None:
        same_title = same_title.exclude(pk=exclude.pk)
    wanted = normalise_title(data.title)
    if any(normalise_title(t) == wanted for t in same_title.values_list("title", flat=True)):
        errors.setdefault("title", []).append(
            ValidationError(
                _("You have already proposed a paper with this title; edit that one instead."),
                code="duplicate_title",
            )
        )
    return errors


def _raise_if_any(*found: Errors) -> None:
    """One ValidationError keyed by field with everything found, or nothing."""
    errors: Errors = {}
    for part in found:
        for field, field_errors in part.items():
            errors.setdefault(field, []).extend(field_errors)
    if errors:
        raise ValidationError(errors)


def _verified_users_by_email(emails: list[str]) -> dict[str, User]:
    addresses = EmailAddress.objects.filter(verified=True).select_related("user")
    query = Q(pk__in=[])
    for email in emails:
        query |= Q(email=email.strip().lower())
    return {a.email.lower(): a.user for a in addresses.filter(query)}


def _save_authors(paper: Paper, authors: list[AuthorData], by) -> None:
    emails = [a.email.strip() for a in authors if a.email.strip()]
    accounts = _verified_users_by_email(emails)
    accounts.setdefault(by.email.lower(), by)
    paper.authorships.all().delete()
    Authorship.objects.bulk_create(
        Authorship(
            paper=paper,
            position=position,
            name=" ".join(author.name.split()),
            name_slug=slugify(author.name)[:200],
            email=author.email.strip().lower(),
            affiliation=" ".join(author.affiliation.split()),
            is_presenter=author.is_presenter,
            user=accounts.get(author.email.strip().lower()),
        )
        for position, author in enumerate(authors, 1)
    )


def _notify_proposal(paper: Paper) -> None:
    context = {"paper": paper, "event": paper.event, "panel": paper.panel}
    send_templated_mail("emails/paper_receipt", [a.email for a in paper.authorships.all()], context)
    send_templated_mail("emails/paper_proposed", _chair_emails(paper), context)


@transaction.atomic
def paper_propose(
    *,
    by,
    event: Event,
    data: ProposalData,
    panel: Panel | None = None,
    section: Section | None = None,
    token: uuid.UUID | None = None,
    now=None,
) -> Paper:
    """An author proposes a paper to a panel, or to a section's pool.

    The submitter's row is locked so that two proposals of one person are
    checked one after the other (limits, duplicate titles). A form sent twice
    carries the same token and gets back the paper the first one made.
    """
    User.objects.select_for_update().filter(pk=by.pk).get()
    if token is not None:
        existing = Paper.objects.filter(submission_token=token, submitted_by=by).first()
        if existing is not None:
            return existing
    check_call_open(event, now)
    section = _check_destination(event, panel, section)
    _raise_if_any(content_errors(event, data), limit_errors(event, by, data, exclude=None))
    paper = Paper.objects.create(
        event=event,
        section=section,
        panel=panel,
        title=" ".join(data.title.split()),
        abstract=data.abstract.strip(),
        submitted_by=by,
        submission_token=token,
    )
    paper.keywords.set(data.keywords)
    _save_authors(paper, data.authors, by)
    _record(paper, from_status="", by=by)
    _notify_proposal(paper)
    return paper


@transaction.atomic
def paper_update(*, paper: Paper, by, data: ProposalData, now=None) -> Paper:
    """The submitter edits a proposal while the call is open and no decision is made."""
    User.objects.select_for_update().filter(pk=by.pk).get()
    paper = _locked_paper(paper)
    if (refusal := edit_refusal(by, paper, now)) is not None:
        raise refusal
    _raise_if_any(
        content_errors(paper.event, data), limit_errors(paper.event, by, data, exclude=paper)
    )
    paper.title = " ".join(data.title.split())
    paper.abstract = data.abstract.strip()
    paper.save(update_fields=["title", "abstract", "updated_at"])
    paper.keywords.set(data.keywords)
    _save_authors(paper, data.authors, by)
    return paper


def link_authorships(*, user, email: str) -> int:
    """Someone confirmed an email address: the papers that name it become theirs."""
    # Exact, on the lower-cased address: see panels.services.role_save.
    return Authorship.objects.filter(email=email.strip().lower(), user__isnull=True).update(
        user=user
    )


@transaction.atomic
def paper_withdraw(*, paper: Paper, by, now=None) -> Paper:
    """An author (or an organiser) withdraws a paper, at any time before the event.

    Nothing is deleted. Withdrawing an accepted paper frees its place: the
    chairs are told, so that they can fill it from the reserve list.
    """
    paper = _locked_paper(paper)
    if (refusal := withdraw_refusal(by, paper, now)) is not None:
        raise refusal
    was_accepted = paper.status == PaperStatus.ACCEPTED
    from_status = paper.status
    paper.status = PaperStatus.WITHDRAWN
    paper.save(update_fields=["status", "updated_at"])
    _record(paper, from_status=from_status, by=by)
    if was_accepted:
        send_templated_mail(
            "emails/paper_withdrawn",
            _chair_emails(paper),
            {"paper": paper, "event": paper.event, "panel": paper.panel, "by": by},
            event=paper.event,
        )
    return paper
