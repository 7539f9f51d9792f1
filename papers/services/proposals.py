"""Authors' proposals: propose, edit, withdraw; the call, content and per-person limits."""

import functools
import operator
import uuid
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import people
from core.cache import renew
from core.mail import send_templated_mail
from panels.enums import PanelStatus
from panels.models import Event, Keyword, Panel, Section
from panels.rules import Errors, call_refusal, text_errors

from ..enums import AuthorshipStatus, PaperStatus
from ..models import Authorship, Paper
from ..rules import edit_refusal, withdraw_refusal
from .authorship_links import request_confirmations
from .common import _locked_paper, _record, tell_chairs


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
    if authors := author_errors(data.authors, event):
        errors["authors"] = authors
    return errors


def author_errors(authors: list[AuthorData], event: Event | None = None) -> list[ValidationError]:
    """Name at least one author, each with a name, and no more than the event allows;
    one presenter at least, each with an email address (the limits count people by
    address or account: a presenter without one could never be counted, nor asked to
    confirm); no email twice. Where the event counts co-authored papers as proposals,
    every author needs an address, for the same reason."""
    errors = []
    if not authors:
        return [ValidationError(_("Name at least one author."), code="no_authors")]
    if event is not None and len(authors) > event.max_authors_per_paper:
        errors.append(
            ValidationError(
                _("A paper has at most %(max)d authors in this event; you named %(count)d."),
                code="too_many_authors",
                params={"max": event.max_authors_per_paper, "count": len(authors)},
            )
        )
    if any(not a.name.strip() for a in authors):
        errors.append(ValidationError(_("Every author needs a name."), code="author_name"))
    if not any(a.is_presenter for a in authors):
        errors.append(
            ValidationError(
                _("Mark at least one author as presenting the paper."), code="no_presenter"
            )
        )
    every_author = event is not None and event.coauthored_count_as_proposals
    if any(not a.email.strip() and (a.is_presenter or every_author) for a in authors):
        errors.append(
            ValidationError(
                _("Every author needs an email address in this event.")
                if every_author
                else _("A presenting author needs an email address."),
                code="author_email_missing",
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


# Per-person limits -------------------------------------------------------------------
#
# A person is an account, a typed address, or both: she is matched on a paper by
# her account OR by any of her addresses (the one typed and the account's), in
# lower case and exactly (see the trap in docs/architecture.md). Only an active
# paper (ACTIVE) and only a confirmed authorship count.
#
# A paper counts as a *proposal* of its submitter (whoever its authors: a panel's
# papers are its proposer's, and a paper proposed for others cannot escape every
# limit while they do not confirm), and, where the event counts co-authored papers,
# of every confirmed author too. It counts as *presented* by each confirmed presenter.


@dataclass(frozen=True)
class Person:
    """One person as the limits see her."""

    user: User | None = None
    email: str = ""
    name: str = ""

    @property
    def emails(self) -> list[str]:
        found = {self.email.strip().lower()}
        if self.user is not None:
            found.add(self.user.email.strip().lower())
        return sorted(e for e in found if e)

    @property
    def key(self):
        return ("user", self.user.pk) if self.user is not None else ("email", self.email.lower())

    def is_(self, user: User | None, email: str) -> bool:
        if user is not None and self.user is not None and user.pk == self.user.pk:
            return True
        return bool(email) and email.strip().lower() in self.emails


def person_counts(
    *, event: Event, user: User | None = None, email: str = "", exclude: Paper | None = None
) -> dict[str, int]:
    """How many active proposals a person has made, and how many papers she presents,
    in an event (the rules above), in one query. Every limit is judged on this."""
    person = Person(user=user, email=email)
    if user is None and not person.emails:
        return {"proposals": 0, "presenting": 0}  # nobody to recognise
    keys = [Q(user=user)] if user is not None else []
    if person.emails:
        keys.append(Q(email__in=person.emails))
    matches = functools.reduce(operator.or_, keys)
    counted = Authorship.objects.filter(
        matches, paper=OuterRef("pk"), status=AuthorshipStatus.CONFIRMED
    )
    # A paper made for its authors (`Paper.for_authors`) is theirs, not its submitter's.
    mine = Q(for_authors=True) & Q(Exists(counted))
    if user is not None:
        mine |= Q(submitted_by=user, for_authors=False)
    if event.coauthored_count_as_proposals:
        mine |= Q(Exists(counted))
    papers = Paper.objects.filter(event=event, status__in=ACTIVE)
    if exclude is not None:
        papers = papers.exclude(pk=exclude.pk)
    counts = papers.aggregate(
        presenting=Count("pk", filter=Q(Exists(counted.filter(is_presenter=True)))),
        proposals=Count("pk", filter=mine),
    )
    return {"proposals": counts["proposals"], "presenting": counts["presenting"]}


def proposal_counts(*, event: Event, user, exclude: Paper | None = None) -> dict[str, int]:
    """A signed-in person's counts (`person_counts` by her account and its address)."""
    return person_counts(event=event, user=user, exclude=exclude)


def paper_shares(
    event: Event,
    *,
    submitter: User | None,
    authors: list[AuthorData],
    accounts: dict[str, User],
    pending: frozenset[str] = frozenset(),
    for_authors: bool = False,
) -> list[tuple[Person, int, int]]:
    """What one paper, as it would be saved, adds to each person's counts: (person,
    proposals, presenting), one entry per person it concerns. `accounts` maps the
    authors' addresses to their accounts; `pending` holds the addresses whose
    authorship does not count yet (awaiting confirmation, or declined).
    `for_authors`: a paper made for its authors (`Paper.for_authors`: proposed with
    its panel, or entered by an organiser) is a proposal of each author who counts,
    not of its submitter."""
    named = [
        Person(accounts.get(a.email.strip().lower()), a.email.strip().lower(), a.name)
        for a in authors
    ]
    shares: dict = {}
    if submitter is not None and not for_authors:
        person = Person(submitter, submitter.email.lower(), submitter.name)
        shares[person.key] = [person, 1, 0]
    for person, author in zip(named, authors, strict=True):
        if (person.user is None and not person.email) or person.email in pending:
            continue
        if submitter is not None and person.is_(submitter, submitter.email):
            person = Person(submitter, submitter.email.lower(), submitter.name)
        entry = shares.setdefault(person.key, [person, 0, 0])
        if author.is_presenter:
            entry[2] = 1
        if event.coauthored_count_as_proposals or for_authors:
            entry[1] = 1
    return [(person, proposals, presenting) for person, proposals, presenting in shares.values()]


def person_limit_errors(
    event: Event,
    person: Person,
    *,
    proposals: int,
    presenting: int,
    exclude: Paper | None = None,
    submitter: User | None = None,
) -> Errors:
    """The limits a person would pass with `proposals` and `presenting` more, keyed like
    `content_errors` (the submitter's own proposal limit is the whole form's)."""
    errors: Errors = {}
    max_proposals = event.max_proposals_per_person if proposals else None
    max_presenting = event.max_papers_presented_per_person if presenting else None
    if max_proposals is None and max_presenting is None:
        return errors
    counts = person_counts(event=event, user=person.user, email=person.email, exclude=exclude)
    if max_proposals is not None and counts["proposals"] + proposals > max_proposals:
        if submitter is not None and person.is_(submitter, submitter.email):
            errors.setdefault(NON_FIELD_ERRORS, []).append(
                ValidationError(
                    _(
                        "You have made %(count)d proposals; this event allows %(max)d per "
                        "person. Withdraw one to propose another."
                    ),
                    code="proposal_limit",
                    params={"count": counts["proposals"], "max": max_proposals},
                )
            )
        else:
            errors.setdefault("authors", []).append(
                ValidationError(
                    _(
                        "%(name)s has made %(count)d proposals; this event allows %(max)d "
                        "per person."
                    ),
                    code="proposal_limit",
                    params={
                        "name": person.name,
                        "count": counts["proposals"],
                        "max": max_proposals,
                    },
                )
            )
    if max_presenting is not None and counts["presenting"] + presenting > max_presenting:
        errors.setdefault("authors", []).append(
            ValidationError(
                _(
                    "%(name)s already presents %(count)d papers; this event allows %(max)d "
                    "per person. Choose another presenter."
                ),
                code="presenter_limit",
                params={"name": person.name, "count": counts["presenting"], "max": max_presenting},
            )
        )
    return errors


def limit_errors(
    event: Event,
    *,
    submitter: User | None,
    authors: list[AuthorData],
    exclude: Paper | None = None,
    pending: frozenset[str] = frozenset(),
    accounts: dict[str, User] | None = None,
    for_authors: bool = False,
) -> Errors:
    """The per-person limits one paper, as it would be saved, must keep, for every
    person it counts for: its submitter and its authors (`paper_shares`). A plain
    function, for every path that writes a paper's authors — proposals, panel
    proposals, the admin, imports (one call per row).

    `exclude`: the paper itself when it exists (its stored rows are not counted
    twice). `pending`: the addresses whose authorship does not count yet; leave it
    empty where every author counts at once (an organiser's entry, an import).
    `accounts`: the authors' accounts by address, when the caller has them (else
    they are looked up among confirmed addresses). `for_authors`: see `paper_shares`."""
    if event.max_proposals_per_person is None and event.max_papers_presented_per_person is None:
        return {}
    if accounts is None:
        accounts = _verified_users_by_email([a.email for a in authors])
        if submitter is not None:
            accounts.setdefault(submitter.email.lower(), submitter)
    errors: Errors = {}
    shares = paper_shares(
        event,
        submitter=submitter,
        authors=authors,
        accounts=accounts,
        pending=pending,
        for_authors=for_authors,
    )
    for person, proposals, presenting in shares:
        found = person_limit_errors(
            event,
            person,
            proposals=proposals,
            presenting=presenting,
            exclude=exclude,
            submitter=submitter,
        )
        for field, field_errors in found.items():
            errors.setdefault(field, []).extend(field_errors)
    return errors


def stored_shares(paper: Paper, *, counting: Authorship | None = None):
    """`paper_shares` of a paper as stored: its confirmed authors count (and
    `counting`, an authorship about to be confirmed)."""
    rows = list(paper.authorships.select_related("user").order_by("position"))
    return paper_shares(
        paper.event,
        submitter=paper.submitted_by,
        authors=[AuthorData(a.name, a.email, a.affiliation, a.is_presenter) for a in rows],
        accounts={a.email: a.user for a in rows if a.user is not None and a.email},
        pending=frozenset(
            a.email
            for a in rows
            if a.status != AuthorshipStatus.CONFIRMED and (counting is None or a.pk != counting.pk)
        ),
        for_authors=paper.for_authors,
    )


def paper_limit_errors(paper: Paper) -> list[ValidationError]:
    """The limits a stored paper must keep to become (or stay) active: a decision
    accepting it, or bringing it back from the rejected pool, is refused when one of
    its people would pass a limit with it (a limit lowered since, a paper brought
    back)."""
    event = paper.event
    if event.max_proposals_per_person is None and event.max_papers_presented_per_person is None:
        return []  # no limit to keep (`person_limit_errors`): nothing to read
    errors = []
    for person, proposals, presenting in stored_shares(paper):
        found = person_limit_errors(
            paper.event, person, proposals=proposals, presenting=presenting, exclude=paper
        )
        errors.extend(e for field_errors in found.values() for e in field_errors)
    return errors


def duplicate_title_errors(event: Event, by, title: str, exclude: Paper | None) -> Errors:
    """A person proposes one paper per title (withdrawn ones aside)."""
    same_title = Paper.objects.filter(event=event, submitted_by=by).exclude(
        status=PaperStatus.WITHDRAWN
    )
    if exclude is not None:
        same_title = same_title.exclude(pk=exclude.pk)
    wanted = normalise_title(title)
    if any(normalise_title(t) == wanted for t in same_title.values_list("title", flat=True)):
        return {
            "title": [
                ValidationError(
                    _("You have already proposed a paper with this title; edit that one instead."),
                    code="duplicate_title",
                )
            ]
        }
    return {}


def proposal_limit_errors(event: Event, by, data: ProposalData, exclude: Paper | None) -> Errors:
    """The limits and the duplicate title of a proposal its submitter makes or edits:
    the authors she names stay out of the count until they confirm."""
    accounts = _verified_users_by_email([a.email for a in data.authors])
    accounts.setdefault(by.email.lower(), by)
    states = author_states(exclude, data.authors, by, accounts)
    pending = frozenset(
        a.email.strip().lower()
        for a, (state, _at) in zip(data.authors, states, strict=True)
        if state != AuthorshipStatus.CONFIRMED
    )
    return _merged(
        limit_errors(
            event,
            submitter=by,
            authors=data.authors,
            exclude=exclude,
            pending=pending,
            accounts=accounts,
            for_authors=exclude is not None and exclude.for_authors,
        ),
        duplicate_title_errors(event, by, data.title, exclude),
    )


def _merged(*found: Errors) -> Errors:
    errors: Errors = {}
    for part in found:
        for field, field_errors in part.items():
            errors.setdefault(field, []).extend(field_errors)
    return errors


def _raise_if_any(*found: Errors) -> None:
    """One ValidationError keyed by field with everything found, or nothing."""
    if errors := _merged(*found):
        raise ValidationError(errors)


def verified_accounts(emails) -> dict[str, User]:
    """The accounts that confirmed these addresses, by lower-case address: matched
    exactly on the lower-cased value (see the trap in docs/architecture.md), in one
    query per 500 addresses (an import asks for a whole file's at once)."""
    wanted = sorted({email.strip().lower() for email in emails if email.strip()})
    found = {}
    for start in range(0, len(wanted), 500):
        addresses = EmailAddress.objects.filter(
            verified=True, email__in=wanted[start : start + 500]
        ).select_related("user")
        found.update({a.email.lower(): a.user for a in addresses})
    return found


_verified_users_by_email = verified_accounts


def author_states(
    paper: Paper | None,
    authors: list[AuthorData],
    by,
    accounts: dict[str, User],
    *,
    vouched: bool = False,
    stored: list[Authorship] | None = None,
) -> list[tuple[str, object]]:
    """The confirmation state (and when it was answered) each author will have once
    saved. An author already on the paper keeps hers, unless she is newly made a
    presenter (that uses another quota: she is asked again) — but one who declined
    stays declined: "not my paper" is not asked again. The submitter herself
    (by any of her confirmed addresses) is confirmed at once, and so is everyone an
    organiser enters (`vouched`); an author without an address, whom nobody can ask
    and no limit can count, stands on the submitter's word (the proposal form's
    "all co-authors agreed"). Everyone else awaits confirmation. `stored`: the
    paper's authorships as the caller read them in this transaction (else read here)."""
    old = {}
    if paper is not None and paper.pk:
        rows = paper.authorships.all() if stored is None else stored
        old = {a.email: a for a in rows if a.email}
    now = timezone.now()
    states = []
    for author in authors:
        email = author.email.strip().lower()
        account = accounts.get(email)
        before = old.get(email)
        is_self = by is not None and account is not None and account.pk == by.pk
        made_presenter = author.is_presenter and not before.is_presenter if before else False
        if before is not None and (
            before.status == AuthorshipStatus.DECLINED or not made_presenter
        ):
            states.append((before.status, before.answered_at))
        elif not email or is_self or vouched:
            states.append((AuthorshipStatus.CONFIRMED, now if email else None))
        else:
            states.append((AuthorshipStatus.PENDING, None))
    return states


def _save_authors(paper: Paper, authors: list[AuthorData], by, *, vouched: bool = False):
    """Replace a paper's authors, keeping what each already answered
    (`author_states`). Returns the authorships newly awaiting confirmation: the
    caller mails them (`request_confirmations`)."""
    stored = list(paper.authorships.all())
    saved = _replace_authors(paper, authors, by, vouched=vouched, stored=stored)
    asked_before = {a.email for a in stored if a.status == AuthorshipStatus.PENDING}
    return [
        a for a in saved if a.status == AuthorshipStatus.PENDING and a.email not in asked_before
    ]


def _replace_authors(
    paper: Paper,
    authors: list[AuthorData],
    by,
    *,
    vouched: bool = False,
    stored: list[Authorship],
    accounts: dict[str, User] | None = None,
) -> list[Authorship]:
    """`_save_authors`' work, for a caller that read the paper's authorships already
    (`stored`, in this transaction, the paper locked) and may know the authors'
    accounts (`accounts`, as `_verified_users_by_email` gives them). Returns every
    authorship saved, in order.

    An author who declined and whom the edit leaves out stays on the paper, declined,
    after the others: the paper remembers her "not my paper", so that naming her
    again in a later edit does not ask her again (`author_states`)."""
    if accounts is None:
        accounts = _verified_users_by_email([a.email for a in authors])
    accounts = dict(accounts)
    if by is not None:
        accounts.setdefault(by.email.lower(), by)
    states = author_states(paper, authors, by, accounts, vouched=vouched, stored=stored)
    named = {author.email.strip().lower() for author in authors}
    declined = [
        a
        for a in stored
        if a.status == AuthorshipStatus.DECLINED and a.email and a.email not in named
    ]
    if stored:
        paper.authorships.all().delete()
    if paper.status == PaperStatus.ACCEPTED:
        # bulk_create sends no signal: the paper's pages, its panel's and its people's
        # are renewed here (the deletion above renews them only if it had authors).
        renew(paper.event.slug)
    saved = Authorship.objects.bulk_create(
        Authorship(
            paper=paper,
            position=position,
            name=" ".join(author.name.split()),
            name_slug=people.name_slug(author.name),
            person_key=people.person_key(author.name),
            email=author.email.strip().lower(),
            affiliation=" ".join(author.affiliation.split()),
            is_presenter=author.is_presenter,
            user=accounts.get(author.email.strip().lower()),
            status=status,
            answered_at=answered_at,
        )
        for position, (author, (status, answered_at)) in enumerate(
            zip(authors, states, strict=True), 1
        )
    )
    if declined:
        Authorship.objects.bulk_create(
            Authorship(
                paper=paper,
                position=position,
                name=a.name,
                name_slug=a.name_slug,
                person_key=a.person_key,
                email=a.email,
                affiliation=a.affiliation,
                is_presenter=False,
                user_id=a.user_id,
                status=AuthorshipStatus.DECLINED,
                answered_at=a.answered_at,
            )
            for position, a in enumerate(declined, len(authors) + 1)
        )
    return saved


def _notify_proposal(paper: Paper, asked: list[Authorship]) -> None:
    """A receipt to the authors who count already (the submitter), a request to
    confirm to the others (`asked`: at most the event's authors per paper), a
    note to the chairs."""
    context = {"paper": paper, "event": paper.event, "panel": paper.panel}
    # The submitter may have named herself by another of her confirmed addresses: she
    # is thanked once, at her account's, never told that she "has proposed" herself.
    confirmed = paper.authorships.filter(status=AuthorshipStatus.CONFIRMED).exclude(
        user_id=paper.submitted_by_id
    )
    submitter = paper.submitted_by.email.lower() if paper.submitted_by else ""
    if submitter:
        send_templated_mail(
            "emails/paper_receipt",
            [submitter],
            {**context, "submitter": True},
            event=paper.event,
            about=paper,
        )
    send_templated_mail(
        "emails/paper_receipt",
        [a.email for a in confirmed if a.email.lower() != submitter],
        {**context, "submitter": False},
        event=paper.event,
        about=paper,
    )
    request_confirmations(asked)
    tell_chairs("emails/paper_proposed", paper, context)


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
    _raise_if_any(content_errors(event, data), proposal_limit_errors(event, by, data, exclude=None))
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
    asked = _save_authors(paper, data.authors, by)
    _record(paper, from_status="", by=by)
    _notify_proposal(paper, asked)
    return paper


@transaction.atomic
def paper_update(*, paper: Paper, by, data: ProposalData, now=None) -> Paper:
    """The submitter edits a proposal while the call is open and no decision is made."""
    User.objects.select_for_update().filter(pk=by.pk).get()
    paper = _locked_paper(paper)
    if (refusal := edit_refusal(by, paper, now)) is not None:
        raise refusal
    _raise_if_any(
        content_errors(paper.event, data),
        proposal_limit_errors(paper.event, by, data, exclude=paper),
    )
    paper.title = " ".join(data.title.split())
    paper.abstract = data.abstract.strip()
    paper.save(update_fields=["title", "abstract", "updated_at"])
    paper.keywords.set(data.keywords)
    request_confirmations(_save_authors(paper, data.authors, by))
    return paper


def link_authorships(*, user, email: str) -> int:
    """Someone confirmed an email address: the papers that name it become theirs.
    Each authorship keeps its confirmation state: confirming an address is not
    confirming a paper."""
    # Exact, on the lower-cased address: see panels.services.role_save.
    return Authorship.objects.filter(email=email.strip().lower(), user__isnull=True).update(
        user=user
    )


@transaction.atomic
def paper_withdraw(*, paper: Paper, by, now=None, notify: bool = True) -> Paper:
    """An author (or an organiser) withdraws a paper, at any time before the event.

    Nothing is deleted. The chairs are told: an accepted paper frees its place,
    which they can fill from the reserve list; a waiting one needs no decision.
    `notify=False`: an organiser's import, which records what happened elsewhere.
    """
    paper = _locked_paper(paper)
    if (refusal := withdraw_refusal(by, paper, now)) is not None:
        raise refusal
    was_accepted = paper.status == PaperStatus.ACCEPTED
    from_status = paper.status
    paper.status = PaperStatus.WITHDRAWN
    paper.save(update_fields=["status", "updated_at"])
    _record(paper, from_status=from_status, by=by)
    if not notify:
        return paper
    # The chairs hear of every withdrawal: a place freed, or one proposal fewer to decide.
    tell_chairs(
        "emails/paper_withdrawn",
        paper,
        {
            "paper": paper,
            "event": paper.event,
            "panel": paper.panel,
            "by": by,
            "was_accepted": was_accepted,
            "was_reserve": from_status == PaperStatus.RESERVE,
        },
    )
    return paper
