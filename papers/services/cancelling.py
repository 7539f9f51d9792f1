"""Cancelling an accepted panel, and merging two short panels.

A panel that is rejected or withdrawn once accepted takes no paper with it: its
papers in play (waiting, accepted, on reserve) go back to the section's pool as
waiting, or into another accepted panel of the event chosen by whoever cancels it,
keeping their status there. Every author is told, and each paper's history and both
panels' say where the papers went. `panel_cancel` is the only way: the panels'
`panel_reject`/`panel_withdraw` refuse an accepted panel that still holds papers in
play (`refuse_closing_with_papers`, a receiver of `accepted_panel_closing`).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.mail import send_templated_mail
from panels.enums import PanelStatus, RoleKind
from panels.models import Panel, PanelRole
from panels.rules import decides_panels
from panels.selectors import chair_emails
from panels.services import panel_reject, panel_withdraw, record_panel_change, role_save
from panels.signals import panel_people_changed

from ..enums import PaperStatus
from ..models import Paper
from ..rules import may_move
from .common import _record, author_emails
from .editing import panel_update

# Papers that still count in a panel; rejected and withdrawn ones stay where they were.
IN_PLAY = [PaperStatus.ACCEPTED, PaperStatus.RESERVE, PaperStatus.SUBMITTED]
CLOSINGS = {PanelStatus.REJECTED: panel_reject, PanelStatus.WITHDRAWN: panel_withdraw}


def papers_in_play(panel: Panel):
    return Paper.objects.filter(panel=panel, status__in=IN_PLAY)


def refuse_closing_with_papers(sender, panel: Panel, **kwargs) -> None:
    """Receiver of `panels.signals.accepted_panel_closing` (connected in papers.apps):
    an accepted panel is not rejected or withdrawn with papers still in it."""
    count = papers_in_play(panel).count()
    if count:
        raise ValidationError(
            _(
                "Panel %(code)s still holds %(count)d papers: cancel it with its papers, "
                "which go back to the section's pool or to another panel."
            ),
            code="panel_has_papers",
            params={"code": panel.code, "count": count},
        )


def _locked_panels(*panels: Panel) -> dict[int, Panel]:
    """Lock the panels' rows, in the order of their ids (two cancellations into each
    other's panel then wait rather than deadlock)."""
    ids = sorted({p.pk for p in panels})
    list(Panel.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    return {p.pk: p for p in Panel.objects.select_related("event", "section").filter(pk__in=ids)}


def _order(paper: Paper):
    # Accepted papers first, in the order presented; then the reserve list; then the rest.
    return (IN_PLAY.index(paper.status), paper.position, paper.created_at, paper.pk)


def _check_target(panel: Panel, to_panel: Panel, papers: list[Paper], by) -> None:
    if to_panel.pk == panel.pk:
        raise ValidationError(_("Choose another panel than the one cancelled."), code="same_panel")
    if to_panel.event_id != panel.event_id or to_panel.status != PanelStatus.ACCEPTED:
        raise ValidationError(
            _("Panel %(code)s does not take papers; choose an accepted panel of this event."),
            code="panel_closed",
            params={"code": to_panel.code},
        )
    if any(not may_move(by, paper, to_panel) for paper in papers):
        raise PermissionDenied(_("You may not move papers to panel %s.") % to_panel.code)
    arriving = sum(paper.status == PaperStatus.ACCEPTED for paper in papers)
    filled = to_panel.papers.filter(status=PaperStatus.ACCEPTED).count()
    if arriving and filled + arriving > to_panel.capacity:
        raise ValidationError(
            _(
                "Panel %(code)s has %(free)d free places of %(capacity)d for the %(count)d "
                "accepted papers of %(from)s: raise its maximum or choose another panel."
            ),
            code="panel_full",
            params={
                "code": to_panel.code,
                "free": max(to_panel.capacity - filled, 0),
                "capacity": to_panel.capacity,
                "count": arriving,
                "from": panel.code,
            },
        )


@transaction.atomic
def panel_cancel(
    *,
    panel: Panel,
    by,
    status: str = PanelStatus.REJECTED,
    message: str = "",
    to_panel: Panel | None = None,
) -> Panel:
    """Reject (`status` rejected) or withdraw (withdrawn) a panel. An accepted panel's
    papers in play go back to its section's pool as waiting (submitted, no panel, no
    position) or, with `to_panel`, into that accepted panel of the event keeping their
    status — accepted ones after its own, within its capacity, nobody in two places at
    once (the programme's clash check). Their authors are told (`emails/paper_panel_
    cancelled`); each paper's history and both panels' record the move. A proposed
    panel is simply rejected or withdrawn (its papers stay with it, as before).

    Organisers and the section's chairs (`decides_panels`); into another panel, whoever
    may move the papers there (`may_move`). Raises PermissionDenied or ValidationError
    (nothing changed)."""
    if status not in CLOSINGS:
        raise ValueError(f"a panel is cancelled as rejected or withdrawn, not {status!r}")
    locked = _locked_panels(panel, *([to_panel] if to_panel is not None else []))
    panel = locked[panel.pk]
    if not decides_panels(by, panel):
        raise PermissionDenied(_("Only the section's chairs or the organisers cancel panels."))
    if panel.status != PanelStatus.ACCEPTED:
        if to_panel is not None:
            raise ValidationError(
                _("Panel %(code)s is %(status)s: only an accepted panel's papers move."),
                code="not_accepted",
                params={"code": panel.code, "status": panel.get_status_display()},
            )
        return CLOSINGS[status](panel=panel, by=by, message=message)
    papers = sorted(
        Paper.objects.select_for_update(of=("self",))
        .filter(panel=panel, status__in=IN_PLAY)
        .select_related("event"),
        key=_order,
    )
    if to_panel is not None:
        to_panel = locked[to_panel.pk]
        _check_target(panel, to_panel, papers, by)
        last = to_panel.papers.filter(status=PaperStatus.ACCEPTED).aggregate(n=Max("position"))
        position = last["n"] or 0
    for paper in papers:
        from_status = paper.status
        if to_panel is None:
            paper.panel, paper.status, paper.position = None, PaperStatus.SUBMITTED, 0
        else:
            paper.panel, paper.section = to_panel, to_panel.section
            if paper.status == PaperStatus.ACCEPTED:
                position += 1
                paper.position = position
            else:
                paper.position = 0
        paper.save()  # one by one: the page cache hears of each (programme.signals)
        _record(paper, from_status=from_status, by=by, message=message, from_panel=panel.pk)
    if papers:
        titles = "; ".join(paper.title for paper in papers)
        where = to_panel.code if to_panel is not None else _("the section's pool")
        record_panel_change(
            panel, from_status=panel.status, by=by, changes={"papers": [titles, where]}
        )
        if to_panel is not None:
            record_panel_change(
                to_panel,
                from_status=to_panel.status,
                by=by,
                changes={"papers": [panel.code, titles]},
            )
            # The arriving presenters must not be elsewhere at that time: the
            # programme's clash check listens and its refusal rolls everything back.
            panel_people_changed.send(sender=Panel, panel=to_panel)
    closed = CLOSINGS[status](panel=panel, by=by, message=message)
    for paper in papers:
        send_templated_mail(
            "emails/paper_panel_cancelled",
            author_emails(paper),
            {
                "paper": paper,
                "event": panel.event,
                "panel": closed,
                "to_panel": to_panel,
                "message": message,
            },
            event=panel.event,
            about=paper,
        )
    if to_panel is not None and papers:
        send_templated_mail(
            "emails/panel_papers_arrived",
            chair_emails(to_panel),
            {"panel": to_panel, "from_panel": closed, "papers": papers, "event": panel.event},
            event=panel.event,
            about=to_panel,
        )
    return closed


def _same_person(role: PanelRole, other: PanelRole) -> bool:
    return bool(
        (role.user_id and role.user_id == other.user_id)
        or (role.email and role.email == other.email)
    )


@transaction.atomic
def panel_merge(
    *,
    keep: Panel,
    other: Panel,
    by,
    status: str = PanelStatus.REJECTED,
    message: str = "",
    max_papers: int | None = None,
    move_roles: bool = False,
) -> Panel:
    """Merge two accepted panels of one event: `other`'s papers in play move into
    `keep` (`panel_cancel` with `to_panel`: capacity, clashes, history, authors told)
    and `other` is rejected or withdrawn (`status`). `max_papers`, when given, is
    `keep`'s new maximum, set first (`panel_update`). With `move_roles`, `other`'s
    people join `keep` after its own: its chairs and co-chairs as co-chairs, its
    discussants as discussants, except anyone there already (`role_save`: role limits,
    clashes, history). All or nothing."""
    if keep.pk == other.pk:
        raise ValidationError(_("Choose two different panels to merge."), code="same_panel")
    locked = _locked_panels(keep, other)
    keep, other = locked[keep.pk], locked[other.pk]
    if keep.event_id != other.event_id:
        raise ValidationError(
            _("Panels %(a)s and %(b)s belong to different events; only panels of one event merge."),
            code="different_events",
            params={"a": keep.code, "b": other.code},
        )
    for panel in (keep, other):
        if not decides_panels(by, panel):
            raise PermissionDenied(_("Only the section's chairs or the organisers merge panels."))
        if panel.status != PanelStatus.ACCEPTED:
            raise ValidationError(
                _("Panel %(code)s is %(status)s: only accepted panels merge."),
                code="not_accepted",
                params={"code": panel.code, "status": panel.get_status_display()},
            )
    if max_papers is not None and max_papers != keep.capacity:
        keep.max_papers = max_papers
        panel_update(panel=keep, by=by, fields=["max_papers"])
    panel_cancel(panel=other, by=by, status=status, message=message, to_panel=keep)
    if move_roles:
        present = list(keep.roles.all())
        for role in other.roles.order_by("position", "pk"):
            if any(_same_person(role, there) for there in present):
                continue
            role.panel = keep
            role.kind = RoleKind.CO_CHAIR if role.kind in RoleKind.chairs() else role.kind
            role.position = 0  # after the kept panel's people
            present.append(role_save(role=role, by=by))
    return keep
