"""What the papers' services share: the locked row, the history row, the chairs to tell."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from panels.enums import RoleKind

from ..enums import PaperStatus
from ..models import Paper, PaperStatusChange


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


def _when(moment, tz) -> str:
    return moment.astimezone(tz).strftime("%d %B %Y, %H:%M:%S")


def _chair_emails(paper: Paper) -> list[str]:
    if paper.panel_id is None:
        section = paper.section
        return [u.email for u in (section.chair, section.co_chair) if u]
    roles = paper.panel.roles.filter(kind__in=RoleKind.chairs()).select_related("user")
    return [role.email or (role.user.email if role.user else "") for role in roles]
