"""Who may do what to a paper, now: the one place the services, views and
templates ask. Each predicate takes the moment to judge, for tests at the edges."""

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import local_moment
from core.transitions import check_transition
from panels.enums import FullPaperAccess
from panels.rules import (
    call_refusal,
    decides_papers,
    holds_admin_role,
    is_organiser,
    is_panel_chair,
    is_section_chair,
)

from .enums import PaperStatus
from .selectors import people_ids_for_admin

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


# Each rule below is written once, as a refusal: the reason a person may not do a
# thing now (an exception to raise), or None. The services raise it; the views and
# templates ask the may_* predicate built on it.


def edit_refusal(user, paper, now=None) -> PermissionDenied | ValidationError | None:
    """The submitter edits a proposal while it waits for a decision and the call is open."""
    if not is_submitter(user, paper):
        return PermissionDenied(_("Only the person who proposed the paper may edit it."))
    if paper.status != PaperStatus.SUBMITTED:
        return ValidationError(
            _("This paper is %(status)s and can no longer be edited."),
            code="decided",
            params={"status": paper.get_status_display()},
        )
    return call_refusal(paper.event, now)


def may_edit(user, paper, now=None) -> bool:
    return edit_refusal(user, paper, now) is None


def withdraw_refusal(user, paper, now=None) -> PermissionDenied | ValidationError | None:
    """Its authors withdraw a paper until the event begins; the organisers, always.
    A rejected or withdrawn paper holds no place, so it cannot be withdrawn."""
    # Authors are asked first: their own list then needs no look-up of roles.
    if not (is_author(user, paper) or is_organiser(user, paper.event)):
        return PermissionDenied(_("Only the paper's authors or the organisers may withdraw it."))
    try:
        check_transition(
            paper,
            to=PaperStatus.WITHDRAWN,
            allowed_from=[s for s in PaperStatus.values if s not in WITHDRAWABLE_NEVER],
            subject=f"“{paper.title}”",
        )
    except ValidationError as error:
        return error
    if paper.event.has_started(now) and not is_organiser(user, paper.event):
        return ValidationError(
            _("The event has started; ask the organisers to withdraw the paper."),
            code="event_started",
        )
    return None


def may_withdraw(user, paper, now=None) -> bool:
    return withdraw_refusal(user, paper, now) is None


def is_presenter(user, paper) -> bool:
    if not (user and user.is_authenticated):
        return False
    if paper.submitted_by_id == user.pk:
        return True
    return any(a.user_id == user.pk and a.is_presenter for a in paper.authorships.all())


def upload_refusal(user, paper, now=None) -> PermissionDenied | ValidationError | None:
    """A presenter uploads (or deletes) the full paper once it is accepted, until the
    event's upload deadline (`Event.full_paper_upload_closes`)."""
    if not is_presenter(user, paper):
        return PermissionDenied(_("Only the paper's presenters may upload its full text."))
    if paper.status != PaperStatus.ACCEPTED:
        return ValidationError(
            _("Full papers are uploaded once the paper is accepted."), code="not_accepted"
        )
    closes = paper.event.full_paper_upload_closes()
    if (now or timezone.now()) >= closes:
        return ValidationError(
            _("Full papers could be uploaded until %(closes)s (%(tz)s)."),
            code="upload_closed",
            params={"closes": local_moment(closes, paper.event.tz), "tz": paper.event.time_zone},
        )
    return None


def may_upload(user, paper, now=None) -> bool:
    return upload_refusal(user, paper, now) is None


def may_move(user, paper, to_panel) -> bool:
    """Organisers move any paper of their event; section chairs place the papers of
    their section (its pool, its rejected papers) into its panels."""
    if is_organiser(user, paper):
        return True
    return is_section_chair(user, paper) and to_panel.section_id == paper.section_id


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
# Chairs read the messages about their sections and panels (`email_logs_for_admin`).
rules.add_perm(
    "accounts.view_emaillog",
    rules.is_superuser | is_organiser | is_section_chair | is_panel_chair,
)


@rules.predicate
def may_look_up(user, person=None) -> bool:
    """Organisers and section chairs look people up to give them roles: the people
    tied to their events and sections (`papers.selectors.people_for_admin`)."""
    if not (is_organiser(user) or is_section_chair(user)):
        return False
    return person is None or person.pk in people_ids_for_admin(user)


rules.add_perm("accounts.view_user", rules.is_superuser | may_look_up)
