"""What the panels' admin needs from papers: cancelling a panel with its papers,
merging two short panels, and the panels below their minimum. Mixed into the Panel
admin completed in `programme/admin.py`; every write is a service of
`papers.services.cancelling`."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import error_text, step_page
from panels.admin import PANEL_DEFAULT_MESSAGES
from panels.enums import PanelStatus
from panels.models import Panel
from panels.selectors import panels_for_admin

from .enums import PaperStatus
from .selectors import panels_below_minimum
from .services import panel_cancel, panel_merge
from .services.cancelling import IN_PLAY

CANCEL_MESSAGE = _(
    "We are sorry to tell you that this panel has been cancelled. Its papers go back to the "
    "section's pool, where the section's chairs will place them in another panel."
)
DONE = {
    PanelStatus.REJECTED: lambda n: ngettext("%d panel rejected.", "%d panels rejected.", n) % n,
    PanelStatus.WITHDRAWN: lambda n: ngettext("%d panel withdrawn.", "%d panels withdrawn.", n) % n,
}
MERGE_MESSAGE = _(
    "Two panels of the section have been merged into one; the papers of the panel not kept "
    "have moved to the one kept, as they were decided."
)
CANCEL_TITLES = {
    PanelStatus.REJECTED: _("Reject panels"),
    PanelStatus.WITHDRAWN: _("Withdraw panels"),
}


class CancelForm(forms.Form):
    to_panel = forms.ModelChoiceField(
        label=_("Papers of accepted panels go to"),
        queryset=Panel.objects.none(),
        required=False,
        empty_label=_("the section's pool, waiting for a panel"),
        help_text=_(
            "Waiting, accepted and reserve papers leave the cancelled panel; in another "
            "panel they keep their status, within its capacity."
        ),
    )
    message = forms.CharField(
        label=_("Message to the proposers and the papers' authors"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        if targets is None:
            del self.fields["to_panel"]
        else:
            self.fields["to_panel"].queryset = targets


class MergeForm(forms.Form):
    # Selects, not radio buttons: decide.html labels each field with one <label for>.
    keep = forms.TypedChoiceField(label=_("Keep panel"), coerce=int)
    status = forms.ChoiceField(
        label=_("The other panel is"),
        choices=[
            (PanelStatus.REJECTED, PanelStatus.REJECTED.label),
            (PanelStatus.WITHDRAWN, PanelStatus.WITHDRAWN.label),
        ],
        initial=PanelStatus.REJECTED,
    )
    max_papers = forms.IntegerField(
        label=_("Maximum papers of the kept panel"),
        min_value=1,
        max_value=1000,
        required=False,
        help_text=_("Raise it if the accepted papers of both do not fit; blank: unchanged."),
    )
    move_roles = forms.BooleanField(
        label=_("Move the other panel's people too"),
        required=False,
        help_text=_(
            "Its chairs and co-chairs become co-chairs of the kept panel, its discussants "
            "discussants; anyone there already is left out."
        ),
    )
    message = forms.CharField(
        label=_("Message to the proposers and the papers' authors"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, panels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [(panel.pk, str(panel)) for panel in panels]


def _with_counts(panels):
    # Counted on the panels alone: the list's search joins their people, which would
    # count each paper once per person found.
    panels = Panel.objects.filter(pk__in=panels.values("pk"))
    return panels.select_related("event", "section").annotate(
        n_in_play=Count("papers", filter=Q(papers__status__in=IN_PLAY)),
        n_accepted_now=Count("papers", filter=Q(papers__status=PaperStatus.ACCEPTED)),
    )


class PanelCancelAdminMixin:
    """Actions of the Panel admin: reject or withdraw panels with their papers
    (`panel_cancel`), merge two panels (`panel_merge`); the below-minimum flag."""

    cancel_template = "admin/panels/panel/cancel.html"
    merge_template = "admin/panels/panel/merge.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        panel = self.get_object(request, object_id)
        context = dict(extra_context or {})
        deadline = panel.event.decision_deadline if panel is not None else None
        if deadline is not None and deadline <= timezone.now():
            # Flagged once the decision deadline has passed (counted only then).
            short = panels_below_minimum(Panel.objects.filter(pk=panel.pk)).exists()
            context["below_minimum"] = short
            context["accepted_count"] = panel.papers.filter(status=PaperStatus.ACCEPTED).count()
        return super().change_view(request, object_id, form_url, context)

    def _targets(self, request, panels):
        """Accepted panels of the cancelled panels' own events that the person runs."""
        return (
            panels_for_admin(request.user, as_panel_chair=False)
            .filter(status=PanelStatus.ACCEPTED, event_id__in={p.event_id for p in panels})
            .exclude(pk__in=[p.pk for p in panels])
            .select_related("event")
            .order_by("event_id", "code")
        )

    def _cancel_step(self, request, queryset, status):
        panels = list(_with_counts(queryset).order_by("code"))
        accepted = [p for p in panels if p.status == PanelStatus.ACCEPTED]
        targets = self._targets(request, panels) if accepted else None
        if "apply" in request.POST:
            form = CancelForm(request.POST, targets=targets)
            if form.is_valid():
                to_panel = form.cleaned_data.get("to_panel")
                refused = []
                for panel in panels:
                    try:
                        panel_cancel(
                            panel=panel,
                            by=request.user,
                            status=status,
                            message=form.cleaned_data["message"],
                            to_panel=to_panel if panel.status == PanelStatus.ACCEPTED else None,
                        )
                    except (ValidationError, PermissionDenied) as error:
                        refused.append(panel)
                        form.add_error(None, f"{panel}: {error_text(error)}")
                done = len(panels) - len(refused)
                if done:
                    self.message_user(request, DONE[status](done), messages.SUCCESS)
                if not refused:
                    return None
                panels = refused
        else:
            default = CANCEL_MESSAGE if accepted else _panel_default(status)
            form = CancelForm(initial={"message": default}, targets=targets)
        return step_page(
            self,
            request,
            panels,
            title=CANCEL_TITLES[status],
            form=form,
            template=self.cancel_template,
            decision=status.label,
            accepted=accepted,
        )

    @admin.action(description=_("Reject selected panels…"), permissions=["decide"])
    def reject_panels(self, request, queryset):
        return self._cancel_step(request, queryset, PanelStatus.REJECTED)

    @admin.action(description=_("Withdraw selected panels…"), permissions=["decide"])
    def withdraw_panels(self, request, queryset):
        return self._cancel_step(request, queryset, PanelStatus.WITHDRAWN)

    @admin.action(description=_("Merge two panels…"), permissions=["decide"])
    def merge_panels(self, request, queryset):
        panels = list(_with_counts(queryset).order_by("code"))
        if len(panels) != 2:
            self.message_user(request, _("Choose exactly two panels to merge."), messages.ERROR)
            return None
        if panels[0].event_id != panels[1].event_id:
            self.message_user(
                request,
                _(
                    "Panels %(a)s and %(b)s belong to different events; only panels of one "
                    "event merge."
                )
                % {"a": panels[0].code, "b": panels[1].code},
                messages.ERROR,
            )
            return None
        if "apply" in request.POST:
            form = MergeForm(request.POST, panels=panels)
            if form.is_valid():
                data = form.cleaned_data
                keep = next(p for p in panels if p.pk == data["keep"])
                other = next(p for p in panels if p.pk != data["keep"])
                try:
                    panel_merge(
                        keep=keep,
                        other=other,
                        by=request.user,
                        status=data["status"],
                        message=data["message"],
                        max_papers=data["max_papers"],
                        move_roles=data["move_roles"],
                    )
                except (ValidationError, PermissionDenied) as error:
                    form.add_error(None, error_text(error))
                else:
                    self.message_user(
                        request,
                        _("The papers of %(other)s are now in %(keep)s; %(other)s is %(status)s.")
                        % {
                            "other": other.code,
                            "keep": keep.code,
                            "status": PanelStatus(data["status"]).label,
                        },
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(
                        reverse("admin:panels_panel_change", args=[keep.pk])
                    )
        else:
            form = MergeForm(panels=panels, initial={"message": MERGE_MESSAGE})
        return step_page(
            self,
            request,
            panels,
            title=_("Merge two panels"),
            form=form,
            template=self.merge_template,
            decision=_("merge"),
            across_sections=panels[0].section_id != panels[1].section_id,
        )


def _panel_default(status):
    # The panels' own default texts, for proposals.
    return PANEL_DEFAULT_MESSAGES.get(status, "")
