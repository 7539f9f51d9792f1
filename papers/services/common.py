"""What the papers' services share: the locked row, the history row, the chairs to tell."""

from core.mail import send_templated_mail_by_part
from core.transitions import check_transition
from panels.enums import PaperDecider
from panels.selectors import chair_emails, organiser_emails, section_chair_emails

from ..enums import AuthorshipStatus, PaperStatus
from ..models import Authorship, Paper, PaperStatusChange


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


def chairs_by_part(paper: Paper) -> list[tuple[list[str], str, bool]]:
    """Who hears of what happens to a paper (proposed, placed, withdrawn), by their part:
    `(addresses, part, decides)`, part being "panel_chair", "section_chair" or
    "organiser". While it waits in its section's pool, the section's chairs, who place
    it; in a panel, its chairs and, where the event gives the section's chairs the
    decisions, those too (a person in both parts hears once, as a section chair). A
    section without chairs leaves their part to the event's organisers."""
    event = paper.event
    section_chairs = section_chair_emails(paper.section)
    deciders = (section_chairs, "section_chair", True)
    if not section_chairs:
        deciders = (organiser_emails(event), "organiser", True)
    if paper.panel_id is None:
        return [deciders]
    panel_chairs = chair_emails(paper.panel)
    if event.papers_decided_by != PaperDecider.SECTION_CHAIRS:
        return [(panel_chairs, "panel_chair", True)]
    told = {email.lower() for email in deciders[0]}
    return [deciders, ([e for e in panel_chairs if e.lower() not in told], "panel_chair", False)]


def tell_chairs(template: str, paper: Paper, context: dict) -> None:
    """Send `template` about `paper` to everyone `chairs_by_part` names, each with
    `part` and `decides` in the context so the words fit them."""
    send_templated_mail_by_part(
        template,
        [
            (emails, {**context, "part": part, "decides": decides})
            for emails, part, decides in chairs_by_part(paper)
        ],
        event=paper.event,
        about=paper,
    )


def authors_told(paper: Paper) -> list[Authorship]:
    """Who hears of what becomes of a paper (decided, moved, its panel cancelled): its
    authors with an address, in order, but not those who declined it ("not my paper")."""
    return [a for a in paper.authorships.all() if a.email and a.status != AuthorshipStatus.DECLINED]


def author_emails(paper: Paper) -> list[str]:
    """The addresses of `authors_told`."""
    return [a.email for a in authors_told(paper)]
