"""The links that let a person named on a paper confirm or decline it, and the
email that carries them.

A link is a signed token (`django.core.signing`, its own salt) holding the paper,
the address named and one action, confirm or decline: it works without signing
in, only for that address on that paper and only for that action, and expires
after `LINK_DAYS`. Nothing is stored; an answered authorship is answered once
(`papers.services.confirmations`)."""

from datetime import timedelta

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from accounts.models import EmailLog
from core.mail import send_templated_mail
from core.site import absolute_url

from ..enums import AuthorshipStatus, PaperStatus
from ..models import Authorship

SALT = "papers.authorship-answer"
LINK_DAYS = 30
ACTIONS = ("confirm", "decline")


def authorship_token(authorship: Authorship, action: str) -> str:
    if action not in ACTIONS:
        raise ValueError(action)
    return signing.dumps(
        {"paper": authorship.paper_id, "email": authorship.email, "action": action}, salt=SALT
    )


def authorship_url(authorship: Authorship, action: str) -> str:
    """The absolute address of the page answering `action` for this authorship."""
    path = reverse(
        "papers:authorship-answer", kwargs={"token": authorship_token(authorship, action)}
    )
    return absolute_url(path)


def read_token(token: str) -> tuple[dict, bool]:
    """The token's content and whether it has expired. Raises `signing.BadSignature`
    for a token Colloquy did not sign as it is (tampered, cut, made up)."""
    try:
        return signing.loads(token, salt=SALT, max_age=timedelta(days=LINK_DAYS)), False
    except signing.SignatureExpired:
        # Signed by us, only too old: the page offers a fresh link to the same address.
        return signing.loads(token, salt=SALT), True


def request_confirmations(authorships: list[Authorship]) -> None:
    """Ask each person named on a paper (and not yet asked) to confirm or decline it,
    by email, after the commit. A paper names at most the event's authors per
    paper, which bounds the addresses one proposal can reach."""
    for authorship in authorships:
        paper = authorship.paper
        send_templated_mail(
            "emails/authorship_request",
            [authorship.email],
            {
                "authorship": authorship,
                "paper": paper,
                "event": paper.event,
                "panel": paper.panel,
                "authors": paper.authorships.order_by("position"),
                "confirm_url": authorship_url(authorship, "confirm"),
                "decline_url": authorship_url(authorship, "decline"),
                "days": LINK_DAYS,
            },
            event=paper.event,
            about=paper,
        )


RESEND_EVERY = timedelta(hours=1)


def resend_confirmation(authorship: Authorship, now=None) -> bool:
    """A fresh link for an expired one, at most once an hour per address and event
    (`RESEND_EVERY`): the page that offers it is open to anyone holding an old link,
    and must not become a way to flood someone's inbox. Nothing is sent once the
    authorship is answered or the paper withdrawn. True if a mail was queued."""
    now = now or timezone.now()
    paper = authorship.paper
    if paper.status == PaperStatus.WITHDRAWN or authorship.status != AuthorshipStatus.PENDING:
        return False  # nothing is left to answer (`confirmations.answer_refusal`)
    recent = EmailLog.objects.filter(
        to=authorship.email,
        template="emails/authorship_request",
        event=paper.event,
        created_at__gt=now - RESEND_EVERY,
    )
    if recent.exists():
        return False
    request_confirmations([authorship])
    return True
