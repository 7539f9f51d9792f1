"""Every status change of a paper goes through here: one function per transition,
each in a transaction, with its rules checked here and nowhere else."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from panels.enums import PanelStatus
from panels.models import Panel
from panels.rules import is_organiser, may_decide_on_papers_of

from .enums import PaperStatus
from .models import Paper


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


def _decide(*, paper: Paper, by, to: str, message: str) -> Paper:
    """The rules every decision shares; the caller holds the locks it needs."""
    if paper.panel_id is None:
        raise ValidationError(
            _("“%(title)s” waits in its section's pool: place it in a panel first."),
            code="no_panel",
            params={"title": paper.title},
        )
    panel = Panel.objects.select_related("event", "section").get(pk=paper.panel_id)
    paper.panel = panel
    if not may_decide_on_papers_of(by, panel):
        raise PermissionDenied(_("You do not decide on the papers of panel %s.") % panel.code)
    deadline = panel.event.decision_deadline
    if deadline and timezone.now() > deadline and not is_organiser(by, panel.event):
        raise ValidationError(
            _("The decision deadline has passed; ask the organisers."), code="deadline_passed"
        )
    allowed = [s for s in PaperStatus.decidable() if s != to]
    _check_transition(paper, to, allowed)
    paper.status = to
    paper.decision_message = message
    paper.decided_by = by
    paper.decided_at = timezone.now()
    return paper


@transaction.atomic
def paper_accept(*, paper: Paper, by, message: str = "") -> Paper:
    """Accept a paper into its panel, never beyond the panel's capacity.

    The panel row is locked first, so two chairs accepting at the same moment
    are served one after the other and the second sees the first's paper.
    """
    panel_id = Paper.objects.filter(pk=paper.pk).values_list("panel_id", flat=True).get()
    if panel_id is not None:
        Panel.objects.select_for_update().filter(pk=panel_id).get()
    paper = _decide(paper=_locked_paper(paper), by=by, to=PaperStatus.ACCEPTED, message=message)
    panel = paper.panel
    if panel.status != PanelStatus.ACCEPTED:
        raise ValidationError(
            _("Panel %(code)s is %(status)s: accept the panel before its papers."),
            code="panel_not_accepted",
            params={"code": panel.code, "status": panel.get_status_display()},
        )
    accepted = panel.papers.filter(status=PaperStatus.ACCEPTED).exclude(pk=paper.pk)
    if accepted.count() >= panel.capacity:
        raise ValidationError(
            _("Panel %(code)s is full: it has %(count)d of %(capacity)d places filled."),
            code="panel_full",
            params={"code": panel.code, "count": accepted.count(), "capacity": panel.capacity},
        )
    paper.position = (accepted.aggregate(last=Max("position"))["last"] or 0) + 1
    paper.save()
    return paper


@transaction.atomic
def paper_reserve(*, paper: Paper, by, message: str = "") -> Paper:
    paper = _decide(paper=_locked_paper(paper), by=by, to=PaperStatus.RESERVE, message=message)
    paper.save()
    return paper


@transaction.atomic
def paper_reject(*, paper: Paper, by, message: str = "") -> Paper:
    paper = _decide(paper=_locked_paper(paper), by=by, to=PaperStatus.REJECTED, message=message)
    paper.save()
    return paper


def is_author(user, paper: Paper) -> bool:
    if not (user and user.is_authenticated):
        return False
    return paper.submitted_by_id == user.pk or paper.authorships.filter(user=user).exists()


@transaction.atomic
def paper_withdraw(*, paper: Paper, by) -> Paper:
    """An author (or an organiser) withdraws a paper; nothing is deleted."""
    paper = _locked_paper(paper)
    if not (is_author(by, paper) or is_organiser(by, paper.event)):
        raise PermissionDenied(_("Only the paper's authors or the organisers may withdraw it."))
    _check_transition(
        paper,
        PaperStatus.WITHDRAWN,
        [s for s in PaperStatus.values if s != PaperStatus.WITHDRAWN],
    )
    paper.status = PaperStatus.WITHDRAWN
    paper.save(update_fields=["status", "updated_at"])
    return paper
