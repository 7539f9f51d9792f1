"""Every status change of a paper goes through here: one function per transition,
each in a transaction, with its rules checked here and nowhere else."""

import uuid
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from core.mail import send_templated_mail
from panels.enums import CallState, PanelStatus, RoleKind
from panels.models import Event, Keyword, Panel, PanelStatusChange, Section
from panels.rules import decides_papers, is_organiser, is_section_chair
from panels.services import check_role_limit

from .enums import PaperStatus
from .models import Authorship, Paper, PaperStatusChange
from .rules import WITHDRAWABLE_NEVER, is_author, is_presenter, is_submitter


def _locked_paper(paper: Paper) -> Paper:
    # Lock the paper row only, not the rows it joins.
    return Paper.objects.select_for_update(of=("self",)).select_related("event").get(pk=paper.pk)


def _check_transition(paper: Paper, to: str, allowed_from: list[str]) -> None:
    if paper.status not in allowed_from:
        raise ValidationError(
            _("“%(title)s” is %(status)s and cannot become %(to)s."),
            code="invalid_transition",
            params={
                "title": paper.title,
                "status": paper.get_status_display(),
                "to": PaperStatus(to).label,
            },
        )


def _record(paper: Paper, *, from_status: str, by, message: str = "", from_panel=None) -> None:
    PaperStatusChange.objects.create(
        paper=paper,
        from_status=from_status,
        to_status=paper.status,
        from_panel_id=from_panel,
        to_panel_id=paper.panel_id,
        by=by,
        message=message,
    )


def _decide(*, paper: Paper, by, to: str, message: str, now=None) -> Paper:
    """The rules every decision shares; the caller holds the locks it needs."""
    if paper.panel_id is None:
        raise ValidationError(
            _("“%(title)s” waits in its section's pool: place it in a panel first."),
            code="no_panel",
            params={"title": paper.title},
        )
    panel = Panel.objects.select_related("event", "section").get(pk=paper.panel_id)
    paper.panel = panel
    if not decides_papers(by, paper):
        raise PermissionDenied(_("You do not decide on the papers of panel %s.") % panel.code)
    deadline = panel.event.decision_deadline
    if deadline and (now or timezone.now()) >= deadline and not is_organiser(by, paper):
        raise ValidationError(
            _("The decision deadline (%(deadline)s) has passed; ask the organisers."),
            code="deadline_passed",
            params={"deadline": _when(deadline, panel.event.tz)},
        )
    allowed = [s for s in PaperStatus.decidable() if s != to]
    _check_transition(paper, to, allowed)
    return paper


def _apply_decision(paper: Paper, *, by, to: str, message: str) -> Paper:
    from_status = paper.status
    paper.status = to
    paper.decision_message = message
    paper.decided_by = by
    paper.decided_at = timezone.now()
    paper.save()
    _record(paper, from_status=from_status, by=by, message=message)
    send_templated_mail(
        "emails/paper_decision",
        [a.email for a in paper.authorships.all()],
        {"paper": paper, "event": paper.event, "panel": paper.panel, "message": message},
        event=paper.event,
    )
    return paper


@transaction.atomic
def paper_accept(*, paper: Paper, by, message: str = "", now=None) -> Paper:
    """Accept a paper into its panel, never beyond the panel's capacity.

    The panel row is locked first, so two chairs accepting at the same moment
    are served one after the other and the second sees the first's paper.
    """
    panel_id = Paper.objects.filter(pk=paper.pk).values_list("panel_id", flat=True).get()
    if panel_id is not None:
        Panel.objects.select_for_update().filter(pk=panel_id).get()
    paper = _decide(
        paper=_locked_paper(paper), by=by, to=PaperStatus.ACCEPTED, message=message, now=now
    )
    panel = paper.panel
    if panel.status != PanelStatus.ACCEPTED:
        raise ValidationError(
            _("Panel %(code)s is %(status)s: accept the panel before its papers."),
            code="panel_not_accepted",
            params={"code": panel.code, "status": panel.get_status_display()},
        )
    accepted = panel.papers.filter(status=PaperStatus.ACCEPTED).exclude(pk=paper.pk)
    filled = accepted.count()
    if filled >= panel.capacity:
        raise ValidationError(
            _("Panel %(code)s is full: it has %(count)d of %(capacity)d places filled."),
            code="panel_full",
            params={"code": panel.code, "count": filled, "capacity": panel.capacity},
        )
    paper.position = (accepted.aggregate(last=Max("position"))["last"] or 0) + 1
    return _apply_decision(paper, by=by, to=PaperStatus.ACCEPTED, message=message)


@transaction.atomic
def paper_reserve(*, paper: Paper, by, message: str = "", now=None) -> Paper:
    paper = _decide(
        paper=_locked_paper(paper), by=by, to=PaperStatus.RESERVE, message=message, now=now
    )
    return _apply_decision(paper, by=by, to=PaperStatus.RESERVE, message=message)


@transaction.atomic
def paper_reject(*, paper: Paper, by, message: str = "", now=None) -> Paper:
    """Reject a paper. It keeps its panel in its history and goes to the event's
    pool of rejected papers, from which an organiser may move it elsewhere."""
    paper = _decide(
        paper=_locked_paper(paper), by=by, to=PaperStatus.REJECTED, message=message, now=now
    )
    return _apply_decision(paper, by=by, to=PaperStatus.REJECTED, message=message)


DECISIONS = {
    PaperStatus.ACCEPTED: paper_accept,
    PaperStatus.RESERVE: paper_reserve,
    PaperStatus.REJECTED: paper_reject,
}


@transaction.atomic
def paper_withdraw(*, paper: Paper, by, now=None) -> Paper:
    """An author (or an organiser) withdraws a paper, at any time before the event.

    Nothing is deleted. Withdrawing an accepted paper frees its place: the
    chairs are told, so that they can fill it from the reserve list.
    """
    paper = _locked_paper(paper)
    organiser = is_organiser(by, paper.event)
    if not (is_author(by, paper) or organiser):
        raise PermissionDenied(_("Only the paper's authors or the organisers may withdraw it."))
    _check_transition(
        paper,
        PaperStatus.WITHDRAWN,
        [s for s in PaperStatus.values if s not in WITHDRAWABLE_NEVER],
    )
    if paper.event.has_started(now) and not organiser:
        raise ValidationError(
            _("The event has started; ask the organisers to withdraw the paper."),
            code="event_started",
        )
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


# Proposals -----------------------------------------------------------------------


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


def count_words(text: str) -> int:
    return len(text.split())


def normalise_title(title: str) -> str:
    return " ".join(title.split()).casefold()


def check_call_open(event: Event, now=None, *, call: str = "paper") -> None:
    """The paper call (or, with call="panel", the panel call) is open, to the second."""
    opens, closes = getattr(event, f"{call}_call_opens"), getattr(event, f"{call}_call_closes")
    state = event._call_state(opens, closes, now)
    if state == CallState.OPEN:
        return
    tz = event.tz
    names = {"paper": _("paper call"), "panel": _("panel call")}
    if state == CallState.UPCOMING:
        raise ValidationError(
            _("The %(call)s opens on %(opens)s (%(tz)s)."),
            code="call_not_open",
            params={"call": names[call], "opens": _when(opens, tz), "tz": event.time_zone},
        )
    if state == CallState.CLOSED:
        raise ValidationError(
            _("The %(call)s closed on %(closes)s (%(tz)s); proposals are no longer taken."),
            code="call_closed",
            params={"call": names[call], "closes": _when(closes, tz), "tz": event.time_zone},
        )
    raise ValidationError(
        _("This event has not announced its %(call)s."),
        code="no_call",
        params={"call": names[call]},
    )


def _when(moment, tz) -> str:
    return moment.astimezone(tz).strftime("%d %B %Y, %H:%M:%S")


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


def _check_content(event: Event, data: ProposalData) -> None:
    errors = []
    title, abstract = data.title.strip(), data.abstract.strip()
    if not title:
        errors.append(ValidationError(_("Enter a title."), code="title_required"))
    elif count_words(title) > event.title_word_limit:
        errors.append(
            ValidationError(
                _("Shorten the title to %(limit)d words; it has %(count)d."),
                code="title_too_long",
                params={"limit": event.title_word_limit, "count": count_words(title)},
            )
        )
    if not abstract:
        errors.append(ValidationError(_("Enter an abstract."), code="abstract_required"))
    elif count_words(abstract) > event.abstract_word_limit:
        errors.append(
            ValidationError(
                _("Shorten the abstract to %(limit)d words; it has %(count)d."),
                code="abstract_too_long",
                params={"limit": event.abstract_word_limit, "count": count_words(abstract)},
            )
        )
    keywords = set(data.keywords)
    if any(k.event_id != event.pk for k in keywords):
        errors.append(ValidationError(_("Choose keywords from this event's list."), code="kw"))
    elif not event.min_keywords <= len(keywords) <= event.max_keywords:
        errors.append(
            ValidationError(
                _("Choose between %(min)d and %(max)d keywords; you chose %(count)d."),
                code="keyword_count",
                params={
                    "min": event.min_keywords,
                    "max": event.max_keywords,
                    "count": len(keywords),
                },
            )
        )
    errors.extend(_author_errors(data.authors))
    if errors:
        raise ValidationError(errors)


def _author_errors(authors: list[AuthorData]) -> list[ValidationError]:
    errors = []
    if not authors:
        return [ValidationError(_("Name at least one author."), code="no_authors")]
    if any(not a.name.strip() for a in authors):
        errors.append(ValidationError(_("Every author needs a name."), code="author_name"))
    if not any(a.is_presenter for a in authors):
        errors.append(
            ValidationError(_("Mark at least one author as presenter."), code="no_presenter")
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
        mine |= Q(authorships__user=user) | Q(authorships__email__iexact=user.email)
    presenting = Q(authorships__is_presenter=True) & (
        Q(authorships__user=user) | Q(authorships__email__iexact=user.email)
    )
    return {
        "proposals": papers.filter(mine).distinct().count(),
        "presenting": papers.filter(presenting).distinct().count(),
    }


def _check_limits(event: Event, by, data: ProposalData, exclude: Paper | None) -> None:
    errors = []
    if exclude is None and event.max_proposals_per_person is not None:
        made = proposal_counts(event=event, user=by)["proposals"]
        if made >= event.max_proposals_per_person:
            errors.append(
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
                papers.filter(authorships__is_presenter=True, authorships__email__iexact=email)
                .distinct()
                .count()
            )
            if presenting >= limit:
                errors.append(
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
        errors.append(
            ValidationError(
                _("You have already proposed a paper with this title; edit that one instead."),
                code="duplicate_title",
            )
        )
    if errors:
        raise ValidationError(errors)


def _verified_users_by_email(emails: list[str]) -> dict[str, User]:
    addresses = EmailAddress.objects.filter(verified=True).select_related("user")
    query = Q(pk__in=[])
    for email in emails:
        query |= Q(email__iexact=email)
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


def _chair_emails(paper: Paper) -> list[str]:
    if paper.panel_id is None:
        section = paper.section
        return [u.email for u in (section.chair, section.co_chair) if u]
    roles = paper.panel.roles.filter(kind__in=RoleKind.chairs()).select_related("user")
    return [role.email or (role.user.email if role.user else "") for role in roles]


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
    _check_content(event, data)
    _check_limits(event, by, data, exclude=None)
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
    if not is_submitter(by, paper):
        raise PermissionDenied(_("Only the person who proposed the paper may edit it."))
    if paper.status != PaperStatus.SUBMITTED:
        raise ValidationError(
            _("This paper is %(status)s and can no longer be edited."),
            code="decided",
            params={"status": paper.get_status_display()},
        )
    check_call_open(paper.event, now)
    _check_content(paper.event, data)
    _check_limits(paper.event, by, data, exclude=paper)
    paper.title = " ".join(data.title.split())
    paper.abstract = data.abstract.strip()
    paper.save(update_fields=["title", "abstract", "updated_at"])
    paper.keywords.set(data.keywords)
    _save_authors(paper, data.authors, by)
    return paper


def link_authorships(*, user, email: str) -> int:
    """Someone confirmed an email address: the papers that name it become theirs."""
    return Authorship.objects.filter(email__iexact=email, user__isnull=True).update(user=user)


# Full papers -------------------------------------------------------------------------

PDF_MAGIC = b"%PDF-"


def check_pdf(upload, *, max_mb: int) -> None:
    """A PDF by its content, not its name, and no larger than the event allows."""
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is %(size).1f MB; the most this event takes is %(max)d MB."),
            code="file_too_big",
            params={"size": upload.size / 1024 / 1024, "max": max_mb},
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if not head.lstrip(b"\r\n\t \x00").startswith(PDF_MAGIC):
        raise ValidationError(
            _("This file is not a PDF. Export your paper as PDF and upload that."),
            code="not_pdf",
        )


def _check_upload_allowed(paper: Paper, by, now) -> None:
    if not is_presenter(by, paper):
        raise PermissionDenied(_("Only the paper's presenters may upload its full text."))
    if paper.status != PaperStatus.ACCEPTED:
        raise ValidationError(
            _("Full papers are uploaded once the paper is accepted."), code="not_accepted"
        )
    closes = paper.event.full_paper_upload_closes()
    if (now or timezone.now()) >= closes:
        raise ValidationError(
            _("Full papers could be uploaded until %(closes)s (%(tz)s)."),
            code="upload_closed",
            params={"closes": _when(closes, paper.event.tz), "tz": paper.event.time_zone},
        )


@transaction.atomic
def paper_upload_full(*, paper: Paper, by, upload, now=None) -> Paper:
    paper = _locked_paper(paper)
    _check_upload_allowed(paper, by, now)
    check_pdf(upload, max_mb=paper.event.max_upload_mb)
    old = paper.full_paper.name
    paper.full_paper.save("paper.pdf", upload, save=False)
    paper.full_paper_uploaded_at = timezone.now()
    paper.save(update_fields=["full_paper", "full_paper_uploaded_at", "updated_at"])
    if old:
        storage = paper.full_paper.storage
        transaction.on_commit(lambda: storage.delete(old))
    return paper


@transaction.atomic
def paper_delete_full(*, paper: Paper, by, now=None) -> Paper:
    paper = _locked_paper(paper)
    _check_upload_allowed(paper, by, now)
    old = paper.full_paper.name
    paper.full_paper = ""
    paper.full_paper_uploaded_at = None
    paper.save(update_fields=["full_paper", "full_paper_uploaded_at", "updated_at"])
    if old:
        storage = paper.full_paper.storage
        transaction.on_commit(lambda: storage.delete(old))
    return paper


# Placing and moving ------------------------------------------------------------------


def may_move(user, paper: Paper, to_panel: Panel) -> bool:
    """Organisers move any paper of their event; section chairs place the papers of
    their section (its pool, its rejected papers) into its panels."""
    if is_organiser(user, paper):
        return True
    return is_section_chair(user, paper) and to_panel.section_id == paper.section_id


@transaction.atomic
def paper_move(*, paper: Paper, to_panel: Panel, by, message: str = "") -> Paper:
    """Place a paper from a pool (its section's, or the rejected ones) in a panel.

    It keeps its history, starts again as submitted in the new panel, and its
    authors and the new panel's chairs are told."""
    Panel.objects.select_for_update().filter(pk=to_panel.pk).get()
    paper = _locked_paper(paper)
    to_panel = Panel.objects.select_related("event", "section").get(pk=to_panel.pk)
    if not may_move(by, paper, to_panel):
        raise PermissionDenied(_("You may not move this paper to panel %s.") % to_panel.code)
    if to_panel.event_id != paper.event_id or to_panel.status != PanelStatus.ACCEPTED:
        raise ValidationError(
            _("Panel %(code)s does not take papers; choose an accepted panel of this event."),
            code="panel_closed",
            params={"code": to_panel.code},
        )
    if to_panel.pk == paper.panel_id:
        raise ValidationError(_("The paper is in that panel already."), code="same_panel")
    _check_transition(
        paper,
        PaperStatus.SUBMITTED,
        [PaperStatus.SUBMITTED, PaperStatus.RESERVE, PaperStatus.REJECTED],
    )
    from_status, from_panel = paper.status, paper.panel_id
    paper.panel = to_panel
    paper.section = to_panel.section
    paper.status = PaperStatus.SUBMITTED
    paper.save()
    _record(paper, from_status=from_status, by=by, message=message, from_panel=from_panel)
    context = {"paper": paper, "event": paper.event, "panel": to_panel, "message": message}
    send_templated_mail(
        "emails/paper_moved",
        [a.email for a in paper.authorships.all()],
        context,
        event=paper.event,
    )
    send_templated_mail("emails/paper_proposed", _chair_emails(paper), context, event=paper.event)
    return paper


@transaction.atomic
def panel_create_from_papers(*, papers: list[Paper], by, title: str, abstract: str = "") -> Panel:
    """Group papers of one section (from its pool, say) into a new, accepted panel."""
    sections = {paper.section_id for paper in papers}
    if len(sections) != 1:
        raise ValidationError(
            _("Choose papers of one section to group into a panel."), code="mixed_sections"
        )
    section = Section.objects.select_related("event").get(pk=sections.pop())
    if not (is_organiser(by, section) or is_section_chair(by, section)):
        raise PermissionDenied(_("Only the section's chairs or the organisers create its panels."))
    title = " ".join(title.split())
    if not title:
        raise ValidationError(_("Give the new panel a title."), code="title_required")
    panel = Panel.objects.create(
        event=section.event,
        section=section,
        title=title,
        abstract=abstract.strip(),
        status=PanelStatus.ACCEPTED,
        proposed_by=by,
        decided_by=by,
        decided_at=timezone.now(),
    )
    PanelStatusChange.objects.create(panel=panel, from_status="", to_status=panel.status, by=by)
    for paper in papers:
        paper_move(paper=paper, to_panel=panel, by=by)
    return panel


# Proposing a whole panel ----------------------------------------------------------------


@dataclass(frozen=True)
class PanelProposalData:
    title: str
    abstract: str
    keywords: list[Keyword]
    format: str
    co_chair: AuthorData | None = None
    discussant: AuthorData | None = None
    papers: list[ProposalData] = ()


def _panel_content_errors(event: Event, data: PanelProposalData) -> list[ValidationError]:
    text = ProposalData(
        title=data.title,
        abstract=data.abstract,
        keywords=data.keywords,
        authors=[AuthorData("panel", is_presenter=True)],
    )
    try:
        _check_content(event, text)
    except ValidationError as error:
        return error.error_list
    return []


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
    people = [(RoleKind.CHAIR, AuthorData(by.name, by.email, by.affiliation))]
    if data.co_chair:
        people.append((RoleKind.CO_CHAIR, data.co_chair))
    if data.discussant:
        people.append((RoleKind.DISCUSSANT, data.discussant))
    emails = [p.email.lower() for _kind, p in people if p.email]
    if len(emails) != len(set(emails)):
        errors.append(
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
            errors.extend(error.error_list)
    for number, paper in enumerate(data.papers, 1):
        try:
            _check_content(event, paper)
        except ValidationError as error:
            errors.extend(
                ValidationError(
                    _("Paper %(n)d: %(error)s"),
                    params={"n": number, "error": e.message % (e.params or {})},
                )
                for e in error.error_list
            )
    if len(data.papers) > event.max_papers_per_panel:
        errors.append(
            ValidationError(
                _("A panel holds at most %(max)d papers."),
                code="too_many_papers",
                params={"max": event.max_papers_per_panel},
            )
        )
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
    PanelStatusChange.objects.create(panel=panel, from_status="", to_status=panel.status, by=by)
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
        )
        paper.keywords.set(paper_data.keywords)
        _save_authors(paper, paper_data.authors, by)
        _record(paper, from_status="", by=by)
    context = {"panel": panel, "event": event, "papers": data.papers}
    send_templated_mail(
        "emails/panel_receipt", [p.email for _kind, p in people], context, event=event
    )
    section_chairs = [u.email for u in (section.chair, section.co_chair) if u]
    send_templated_mail("emails/panel_proposed", section_chairs, context, event=event)
    return panel
