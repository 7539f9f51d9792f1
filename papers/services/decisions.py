"""Deciding on papers: accept, reserve, reject — one function per decision."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formats import local_moment
from core.mail import send_templated_mail_by_part
from panels.enums import PanelStatus, PaperDecider
from panels.models import Panel
from panels.rules import decides_papers, is_organiser
from panels.selectors import chair_emails, section_chair_emails
from panels.signals import panel_people_changed

from ..enums import PaperStatus
from ..models import Paper
from .common import _check_transition, _locked_paper, _record, authors_told
from .proposals import ACTIVE, paper_limit_errors


def _decide(*, paper: Paper, by, to: str, message: str, now=None, panel=None) -> Paper:
    """The rules every decision shares; the caller holds the locks it needs. `panel`:
    the paper's panel with its event and section, when the caller read it already
    (locked, in this transaction)."""
    if paper.panel_id is None:
        raise ValidationError(
            _("“%(title)s” waits in its section's pool: place it in a panel first."),
            code="no_panel",
            params={"title": paper.title},
        )
    if panel is None or panel.pk != paper.panel_id:
        panel = Panel.objects.select_related("event", "section").get(pk=paper.panel_id)
    paper.panel = panel
    if not decides_papers(by, paper):
        raise PermissionDenied(_("You do not decide on the papers of panel %s.") % panel.code)
    deadline = panel.event.decision_deadline
    if deadline and (now or timezone.now()) >= deadline and not is_organiser(by, paper):
        raise ValidationError(
            _("The decision deadline (%(deadline)s) has passed; ask the organisers."),
            code="deadline_passed",
            params={"deadline": local_moment(deadline, panel.event.tz)},
        )
    allowed = [s for s in PaperStatus.decidable() if s != to]
    _check_transition(paper, to, allowed)
    # The per-person limits, when the paper is accepted or comes back from rejected.
    counts_now = to == PaperStatus.ACCEPTED or (paper.status not in ACTIVE and to in ACTIVE)
    if counts_now and (errors := paper_limit_errors(paper)):
        raise ValidationError(errors)
    return paper


def _deciding_chairs(paper: Paper) -> list[str]:
    """The addresses of the chairs who decide the event's papers: the section's or
    the panel's."""
    if paper.event.papers_decided_by == PaperDecider.SECTION_CHAIRS:
        return section_chair_emails(paper.section)
    return chair_emails(paper.panel)


def _apply_decision(paper: Paper, *, by, to: str, message: str, notify: bool = True) -> Paper:
    from_status = paper.status
    paper.status = to
    paper.decision_message = message
    paper.decided_by = by
    paper.decided_at = timezone.now()
    paper.save()
    _record(paper, from_status=from_status, by=by, message=message)
    if to == PaperStatus.ACCEPTED:
        # Its presenters now must be in its room: nobody in two places at once (the
        # programme's clash check listens, and a refusal rolls the decision back).
        panel_people_changed.send(sender=Panel, panel=paper.panel)
    if not notify:
        return paper  # an organiser's import records decisions made elsewhere
    # Whom the authors answer: the deciding chairs, or the organiser who decided in
    # their place (a superuser, or an organiser after the deadline).
    reply_to = chairs = _deciding_chairs(paper)
    chairs_decided = by is None or not by.email or by.email.lower() in {e.lower() for e in chairs}
    if not chairs_decided:
        reply_to = [by.email]
    context = {
        "paper": paper,
        "event": paper.event,
        "panel": paper.panel,
        "message": message,
        # Who decided, for "Message from …": the event's deciding chairs, or an organiser.
        "decider": paper.event.papers_decided_by if chairs_decided else "organisers",
    }
    authors = authors_told(paper)
    context["presenters"] = [a for a in authors if a.is_presenter]
    # Only presenters (and the submitter) upload the full paper: they are asked to act.
    # (An author without an account is not the submitter whose account is gone.)
    uploads = {
        a.pk: a.is_presenter or (a.user_id is not None and a.user_id == paper.submitted_by_id)
        for a in authors
    }
    send_templated_mail_by_part(
        "emails/paper_decision",
        [
            ([a.email for a in authors if uploads[a.pk] == part], {**context, "uploads": part})
            for part in (True, False)
        ],
        event=paper.event,
        about=paper,
        reply_to=reply_to,
    )
    return paper


def full_panel_error(panel: Panel, filled: int) -> ValidationError | None:
    """The capacity rule: a panel with `filled` accepted papers takes no more once
    `filled` reaches its capacity (`Panel.capacity`). The error, or None."""
    if filled < panel.capacity:
        return None
    return ValidationError(
        _("Panel %(code)s is full: it has %(count)d of %(capacity)d places filled."),
        code="panel_full",
        params={"code": panel.code, "count": filled, "capacity": panel.capacity},
    )


def acceptance_warnings(papers) -> list[str]:
    """Before a chair types a message: the panels among these papers' that are full
    already, so accepting there will be refused (the capacity rule above), and the
    papers whose people would pass a per-person limit (refused too)."""
    panel_ids = {paper.panel_id for paper in papers if paper.panel_id}
    panels = Panel.objects.filter(pk__in=panel_ids).select_related("event").order_by("code")
    filled = dict(
        Paper.objects.filter(panel_id__in=panel_ids, status=PaperStatus.ACCEPTED)
        .values("panel_id")
        .annotate(n=Count("pk"))
        .values_list("panel_id", "n")
    )
    warnings = []
    for panel in panels:
        if (full := full_panel_error(panel, filled.get(panel.pk, 0))) is not None:
            warnings.append(full.messages[0])
    for paper in papers:  # the presenters' limits (`paper_limit_errors`)
        warnings.extend(f"“{paper.title}”: {m}" for e in paper_limit_errors(paper) for m in e)
    return warnings


@transaction.atomic
def paper_accept(*, paper: Paper, by, message: str = "", now=None, notify: bool = True) -> Paper:
    """Accept a paper into its panel, never beyond the panel's capacity.

    The panel row is locked first, so two chairs accepting at the same moment
    are served one after the other and the second sees the first's paper.
    """
    panel_id = Paper.objects.filter(pk=paper.pk).values_list("panel_id", flat=True).get()
    locked = None
    if panel_id is not None:
        locked = (
            Panel.objects.select_for_update(of=("self",))
            .select_related("event", "section")
            .get(pk=panel_id)
        )
    paper = _decide(
        paper=_locked_paper(paper),
        by=by,
        to=PaperStatus.ACCEPTED,
        message=message,
        now=now,
        panel=locked,
    )
    panel = paper.panel
    if panel.status != PanelStatus.ACCEPTED:
        raise ValidationError(
            _("Panel %(code)s is %(status)s: accept the panel before its papers."),
            code="panel_not_accepted",
            params={"code": panel.code, "status": panel.get_status_display()},
        )
    accepted = (
        panel.papers.filter(status=PaperStatus.ACCEPTED)
        .exclude(pk=paper.pk)
        .aggregate(count=Count("pk"), last=Max("position"))
    )
    if (full := full_panel_error(panel, accepted["count"])) is not None:
        raise full
    paper.position = (accepted["last"] or 0) + 1
    return _apply_decision(paper, by=by, to=PaperStatus.ACCEPTED, message=message, notify=notify)


@transaction.atomic
def paper_reserve(*, paper: Paper, by, message: str = "", now=None, notify: bool = True) -> Paper:
    paper = _decide(
        paper=_locked_paper(paper), by=by, to=PaperStatus.RESERVE, message=message, now=now
    )
    return _apply_decision(paper, by=by, to=PaperStatus.RESERVE, message=message, notify=notify)


@transaction.atomic
def paper_reject(*, paper: Paper, by, message: str = "", now=None, notify: bool = True) -> Paper:
    """Reject a paper. It keeps its panel in its history and goes to the event's
    pool of rejected papers, from which an organiser may move it elsewhere."""
    paper = _decide(
        paper=_locked_paper(paper), by=by, to=PaperStatus.REJECTED, message=message, now=now
    )
    return _apply_decision(paper, by=by, to=PaperStatus.REJECTED, message=message, notify=notify)


DECISIONS = {
    PaperStatus.ACCEPTED: paper_accept,
    PaperStatus.RESERVE: paper_reserve,
    PaperStatus.REJECTED: paper_reject,
}
