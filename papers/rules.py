"""Who may do what to a paper, now: the one place the services, views and
templates ask. Each predicate takes the moment to judge, for tests at the edges."""

from django.utils import timezone

from panels.enums import CallState, FullPaperAccess
from panels.rules import is_organiser

from .enums import PaperStatus


# A rejected paper holds no place, so withdrawing it would change nothing.
WITHDRAWABLE_NEVER = {PaperStatus.WITHDRAWN, PaperStatus.REJECTED}


def is_author(user, paper) -> bool:
    if not (user and user.is_authenticated):
        return False
    # Iterating .all() uses the authors a list page prefetched: no query per paper.
    return paper.submitted_by_id == user.pk or any(
        a.user_id == user.pk for a in paper.authorships.all()
    )


def is_submitter(user, paper) -> bool:
    return bool(user and user.is_authenticated and paper.submitted_by_id == user.pk)


def may_edit(user, paper, now=None) -> bool:
    return (
        is_submitter(user, paper)
        and paper.status == PaperStatus.SUBMITTED
        and paper.event.paper_call_state(now) == CallState.OPEN
    )


def may_withdraw(user, paper, now=None) -> bool:
    if paper.status in WITHDRAWABLE_NEVER:
        return False
    if is_organiser(user, paper.event):
        return True
    return is_author(user, paper) and not paper.event.has_started(now)


def is_presenter(user, paper) -> bool:
    if not (user and user.is_authenticated):
        return False
    if paper.submitted_by_id == user.pk:
        return True
    return any(a.user_id == user.pk and a.is_presenter for a in paper.authorships.all())


def may_upload(user, paper, now=None) -> bool:
    return (
        is_presenter(user, paper)
        and paper.status == PaperStatus.ACCEPTED
        and (now or timezone.now()) < paper.event.full_paper_upload_closes()
    )


def may_download_full(user, paper) -> bool:
    if paper.event.full_paper_access == FullPaperAccess.EVERYONE:
        return True
    return bool(user and user.is_authenticated)
