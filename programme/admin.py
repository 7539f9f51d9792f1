"""The panels' admin as organisers and chairs use it: panels' own admin (in
`panels.admin`), with each panel's papers counted and its place in the programme
checked. It is completed here, above papers and the programme, because it needs
both; Django's admin lets an app above re-register a model's admin this way."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.exports import csv_response
from panels import admin as panels_admin
from panels.enums import RoleKind
from panels.models import Panel
from papers.enums import PaperStatus

from .services import check_schedule


def _paper_count(status):
    return Count("papers", filter=Q(papers__status=status), distinct=True)


class PanelAdminForm(forms.ModelForm):
    """The programme's rules (no room twice in a slot, nobody in two places at once)
    come from the service, here as on every other path."""

    def clean(self):
        cleaned = super().clean()
        if "slot" in self.fields and not self.errors:
            try:
                check_schedule(
                    panel=self.instance, slot=cleaned.get("slot"), room=cleaned.get("room")
                )
            except ValidationError as error:
                raise forms.ValidationError(error.messages, code=error.code) from error
        return cleaned


admin.site.unregister(Panel)


@admin.register(Panel)
class PanelAdmin(panels_admin.PanelAdmin):
    form = PanelAdminForm
    list_display = [
        *panels_admin.PanelAdmin.list_display,
        "submitted_count",
        "accepted_count",
        "reserve_count",
        "rejected_count",
    ]
    actions = [*panels_admin.PanelAdmin.actions, "export_csv"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_submitted=_paper_count(PaperStatus.SUBMITTED),
                n_accepted=_paper_count(PaperStatus.ACCEPTED),
                n_reserve=_paper_count(PaperStatus.RESERVE),
                n_rejected=_paper_count(PaperStatus.REJECTED),
            )
            # Counting groups the rows, which drops the model's ordering; the
            # autocomplete pages through this queryset and needs one.
            .order_by(*Panel._meta.ordering)
        )

    @admin.display(description=_("submitted"), ordering="n_submitted")
    def submitted_count(self, obj):
        return obj.n_submitted

    @admin.display(description=_("accepted"), ordering="n_accepted")
    def accepted_count(self, obj):
        return obj.n_accepted

    @admin.display(description=_("reserve"), ordering="n_reserve")
    def reserve_count(self, obj):
        return obj.n_reserve

    @admin.display(description=_("rejected"), ordering="n_rejected")
    def rejected_count(self, obj):
        return obj.n_rejected

    @admin.action(
        description=_("Export selected panels with their chairs as CSV"), permissions=["export"]
    )
    def export_csv(self, request, queryset):
        panels = queryset.select_related("event", "section").prefetch_related("roles")
        rows = []
        for panel in panels:

            def people(kinds, panel=panel):
                return "; ".join(
                    f"{r.name} ({r.affiliation})" if r.affiliation else r.name
                    for r in panel.roles.all()
                    if r.kind in kinds
                )

            rows.append(
                [
                    panel.event.slug,
                    panel.section.code,
                    panel.code,
                    panel.title,
                    panel.get_status_display(),
                    panel.get_format_display(),
                    people(RoleKind.chairs()),
                    people([RoleKind.DISCUSSANT]),
                    panel.n_accepted,
                    panel.capacity,
                ]
            )
        return csv_response(
            "panels",
            [
                "event",
                "section",
                "code",
                "title",
                "status",
                "format",
                "chairs",
                "discussants",
                "accepted papers",
                "capacity",
            ],
            rows,
        )
