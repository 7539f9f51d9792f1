"""What the papers' services share: the locked row, the history row, the chairs to tell."""

from core.transitions import check_transition
from panels.selectors import chair_emails, section_chair_emails

from ..enums import PaperStatus
from ..models import Paper, PaperStatusChange


def _locked_paper(paper: Paper) -> Paper:
    # Lock the paper row only, not the rows it joins (its event, and its submitter,
    # whom the limits and the authors' services read).
    return (
        Paper.objects.select_for_update(of=("self",))
        .select_related("event", "submitted_by")
        .get(pk=paper.pk)
    )


def _check_transition(paper: Paper, to: str, allowed_from: list[str]) -> None:
    check_transition(
        paper, to=PaperStatus(to), allowed_from=allowed_from, subject=f"“{paper.title}”"
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


def _chair_emails(paper: Paper) -> list[str]:
    """Who hears of a paper: its panel's chairs, or its section's while it waits in the pool."""
    if paper.panel_id is None:
        return section_chair_emails(paper.section)
    return chair_emails(paper.panel)
