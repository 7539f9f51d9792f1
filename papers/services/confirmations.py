"""A person named on a paper confirms or declines it (from the links mailed to her,
`authorship_links`). Confirming makes the paper count against her limits, and is
refused when it would take her past one; declining leaves the row, marked, for
the history, counts nothing and tells the submitter."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.mail import send_templated_mail

from ..enums import AuthorshipStatus, PaperStatus
from ..models import Authorship, Paper
from .authorship_links import read_token
from .common import _locked_paper
from .proposals import ACTIVE, Person, person_limit_errors, stored_shares


def authorship_from_token(token: str) -> tuple[Authorship, str, bool]:
    """The authorship a link answers, its action and whether it has expired.

    Raises ValidationError with a code the page explains: `bad_link` (tampered or
    made up) or `gone` (the paper no longer names that address)."""
    try:
        content, expired = read_token(token)
        paper_id, email, action = content["paper"], content["email"], content["action"]
    except (signing.BadSignature, KeyError, TypeError):
        raise ValidationError(
            _(
                "This link is not valid: it may have been cut or changed. Use the whole link "
                "from the email."
            ),
            code="bad_link",
        ) from None
    authorship = (
        Authorship.objects.filter(paper_id=paper_id, email=email)
        .select_related("paper__event", "paper__submitted_by", "paper__panel")
        .first()
    )
    if authorship is None or action not in ("confirm", "decline"):
        raise ValidationError(
            _("This paper no longer names this address; nothing is left to answer."),
            code="gone",
        )
    return authorship, action, expired


def answer_refusal(authorship: Authorship) -> ValidationError | None:
    """Why this authorship cannot be answered now, or None while it awaits an answer.

    A withdrawn paper is closed for good (no service brings it back), so whether a
    person named on it is an author no longer matters: code `withdrawn`. A rejected
    paper can still be reconsidered (`PaperStatus.decidable`) and stays answerable.
    An authorship answered already: code `answered`."""
    if authorship.paper.status == PaperStatus.WITHDRAWN:
        return ValidationError(
            _("This paper was withdrawn; nothing is left to answer."), code="withdrawn"
        )
    if authorship.status == AuthorshipStatus.PENDING:
        return None
    if authorship.status == AuthorshipStatus.CONFIRMED:
        return ValidationError(_("This authorship is confirmed already."), code="answered")
    return ValidationError(
        _("This authorship was declined; ask the submitter to name you again."), code="answered"
    )


def _locked_authorship(authorship: Authorship) -> Authorship:
    """Her account's row first, as `paper_propose` locks its submitter's, so that her
    own proposals and her confirmations are counted one after the other; then the
    paper's and the authorship's."""
    if authorship.user_id is not None:
        User.objects.select_for_update().filter(pk=authorship.user_id).first()
    paper = _locked_paper(authorship.paper)
    locked = (
        Authorship.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=authorship.pk)
    )
    locked.paper = paper
    return locked


def confirmation_errors(authorship: Authorship) -> list[ValidationError]:
    """What the event's limits say against this authorship counting now."""
    paper = authorship.paper
    her = Person(authorship.user, authorship.email, authorship.name)
    for person, proposals, presenting in stored_shares(paper, counting=authorship):
        if person.is_(authorship.user, authorship.email):
            if paper.status not in ACTIVE:
                return []  # an inactive paper counts against nobody
            found = person_limit_errors(
                paper.event, her, proposals=proposals, presenting=presenting, exclude=paper
            )
            return [
                ValidationError(
                    _(
                        "You cannot confirm: %(reason)s Withdraw from another paper, or ask "
                        "the submitter to name someone else."
                    ),
                    code=error.code,
                    params={"reason": error.message % (error.params or {})},
                )
                for errors in found.values()
                for error in errors
            ]
    return []


@transaction.atomic
def authorship_confirm(*, authorship: Authorship, by=None) -> Authorship:
    """The person named confirms: from now on the paper counts against her limits.
    Refused (and left awaiting) if she has answered already or it would take her
    past a limit of the event, or refused when the paper was withdrawn."""
    authorship = _locked_authorship(authorship)
    if (answered := answer_refusal(authorship)) is not None:
        raise answered
    if errors := confirmation_errors(authorship):
        raise ValidationError(errors)
    _answer(authorship, AuthorshipStatus.CONFIRMED, by=by)
    return authorship


@transaction.atomic
def authorship_decline(*, authorship: Authorship, by=None) -> Authorship:
    """The person named declines: the row stays, marked declined (the history),
    counts against nobody and is not shown publicly; the submitter is told. Refused
    when answered already or the paper was withdrawn (`answer_refusal`)."""
    authorship = _locked_authorship(authorship)
    if (answered := answer_refusal(authorship)) is not None:
        raise answered
    _answer(authorship, AuthorshipStatus.DECLINED, by=by)
    paper = authorship.paper
    if paper.submitted_by is not None:
        send_templated_mail(
            "emails/authorship_declined",
            [paper.submitted_by.email],
            {"authorship": authorship, "paper": paper, "event": paper.event},
            event=paper.event,
            about=paper,
        )
    return authorship


def _answer(authorship: Authorship, status: str, *, by) -> None:
    before = authorship.get_status_display()
    authorship.status = status
    authorship.answered_at = timezone.now()
    authorship.save(update_fields=["status", "answered_at"])
    paper: Paper = authorship.paper
    paper.history.create(
        from_status=paper.status,
        to_status=paper.status,
        from_panel_id=paper.panel_id,
        to_panel_id=paper.panel_id,
        by=by if by is not None and by.is_authenticated else None,
        changes={f"authorship of {authorship.name}": [before, authorship.get_status_display()]},
    )
