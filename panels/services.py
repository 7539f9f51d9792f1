"""Every status change of a panel goes through here."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .enums import PanelStatus
from .models import Panel
from .rules import may_decide_on_panel


def _transition(*, panel: Panel, by, to: str, allowed_from: list[str]) -> Panel:
    panel = Panel.objects.select_for_update().select_related("event", "section").get(pk=panel.pk)
    if not may_decide_on_panel(by, panel):
        raise PermissionDenied(_("Only the section's chairs or the organisers decide on panels."))
    if panel.status not in allowed_from:
        raise ValidationError(
            _("Panel %(code)s is %(status)s and cannot become %(to)s."),
            code="invalid_transition",
            params={
                "code": panel.code,
                "status": panel.get_status_display(),
                "to": PanelStatus(to).label,
            },
        )
    panel.status = to
    panel.save(update_fields=["status", "updated_at"])
    return panel


@transaction.atomic
def panel_accept(*, panel: Panel, by) -> Panel:
    return _transition(
        panel=panel, by=by, to=PanelStatus.ACCEPTED, allowed_from=[PanelStatus.PROPOSED]
    )


@transaction.atomic
def panel_reject(*, panel: Panel, by) -> Panel:
    return _transition(
        panel=panel,
        by=by,
        to=PanelStatus.REJECTED,
        allowed_from=[PanelStatus.PROPOSED, PanelStatus.ACCEPTED],
    )


@transaction.atomic
def panel_withdraw(*, panel: Panel, by) -> Panel:
    return _transition(
        panel=panel,
        by=by,
        to=PanelStatus.WITHDRAWN,
        allowed_from=[PanelStatus.PROPOSED, PanelStatus.ACCEPTED],
    )
