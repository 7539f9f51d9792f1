"""Placing papers: moving a paper to a panel, grouping pool papers into a new panel."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.mail import send_templated_mail
from panels.enums import PanelStatus, PaperDecider
from panels.models import Panel, Section
from panels.rules import is_organiser, is_section_chair, text_errors
from panels.services import record_panel_change

from ..enums import PaperStatus
from ..models import Paper
from ..rules import may_move
from .common import _check_transition, _locked_paper, _record, author_emails, tell_chairs
from .proposals import ACTIVE, paper_limit_errors


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
    if paper.status not in ACTIVE and (errors := paper_limit_errors(paper)):
        raise ValidationError(errors)  # back from the rejected pool: the limits again
    from_status, from_panel = paper.status, paper.panel_id
    paper.panel = to_panel
    paper.section = to_panel.section
    paper.status = PaperStatus.SUBMITTED
    paper.save()
    _record(paper, from_status=from_status, by=by, message=message, from_panel=from_panel)
    context = {"paper": paper, "event": paper.event, "panel": to_panel, "message": message}
    send_templated_mail(
        "emails/paper_moved",
        author_emails(paper),
        {
            **context,
            "by_section_chair": is_section_chair(by, paper),
            "section_decides": paper.event.papers_decided_by == PaperDecider.SECTION_CHAIRS,
        },
        event=paper.event,
        about=paper,
        reply_to=[by.email] if by is not None and by.email else None,
    )
    tell_chairs("emails/paper_proposed", paper, {**context, "moved": True})
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
    errors = text_errors(section.event, title=title, abstract=abstract or title, keywords=[])
    if "title" in errors:
        raise ValidationError(errors["title"])
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
    record_panel_change(panel, from_status="", by=by)
    for paper in papers:
        paper_move(paper=paper, to_panel=panel, by=by)
    return panel
