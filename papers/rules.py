"""Who may do what to a paper, now: the one place the services, views and
templates ask. Each predicate takes the moment to judge, for tests at the edges."""

import rules
from django.utils import timezone

from panels.enums import CallState, FullPaperAccess
from panels.rules import (
    decides_papers,
    holds_admin_role,
    is_organiser,
    is_panel_chair,
    is_section_chair,
)

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
    if is_author(user, paper) and not paper.event.has_started(now):
        return True
    return is_organiser(user, paper.event)


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


# Admin permissions on papers ------------------------------------------------------------

can_see_paper = is_organiser | is_section_chair | is_panel_chair

rules.add_perm("papers", holds_admin_role)
rules.add_perm("papers.view_paper", can_see_paper)
# Chairs never edit an author's text; they decide (decide_paper) or place (move_paper).
rules.add_perm("papers.change_paper", is_organiser)
rules.add_perm("papers.add_paper", is_organiser)
rules.add_perm("papers.delete_paper", rules.is_superuser)
rules.add_perm("papers.decide_paper", decides_papers)
rules.add_perm("papers.move_paper", is_organiser | is_section_chair)
rules.add_perm("papers.export_paper", is_organiser)
for action in ("view", "change", "add", "delete"):
    rules.add_perm(f"papers.{action}_authorship", is_organiser)
rules.add_perm("papers.view_paperstatuschange", can_see_paper)
rules.add_perm("accounts", rules.is_superuser | is_organiser)
rules.add_perm("accounts.view_emaillog", rules.is_superuser | is_organiser)
rules.add_perm("accounts.view_user", rules.is_superuser | is_organiser | is_section_chair)
