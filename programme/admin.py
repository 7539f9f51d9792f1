"""The panels' admin as organisers and chairs use it: panels' own admin (in
`panels.admin`), with each panel's papers counted and its place in the programme
checked. It is completed here, above papers and the programme, because it needs
both; Django's admin lets an app above re-register a model's admin this way."""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from core.admin import ServiceErrorsAdminMixin, add_errors
from core.exports import csv_response
from panels import admin as panels_admin
from panels.enums import RoleKind
from panels.models import Event, Panel, TimeSlot
from papers import services as papers_services
from papers.enums import PaperStatus
from papers.models import Paper
from papers.panel_admin import PanelCancelAdminMixin
from papers.selectors import BELOW_MINIMUM, FULL, with_paper_counts
from papers.services import panel_errors

from .services import check_schedule, event_clashes, panel_schedule


class FillFilter(admin.SimpleListFilter):
    """Accepted panels below the event's minimum of papers, or full (the
    organisers' dashboard links here; `papers.selectors.BELOW_MINIMUM`, `FULL`)."""

    title = _("papers accepted")
    parameter_name = "fill"
    RULES = {"below": BELOW_MINIMUM, "full": FULL}

    def lookups(self, request, model_admin):
        return [("below", _("below the minimum")), ("full", _("full"))]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if self.value() not in self.RULES:
            raise IncorrectLookupParameters(f"no such fill: {self.value()!r}")
        return queryset.filter(self.RULES[self.value()])


class PanelAdminForm(forms.ModelForm):
    """The programme's rules (no room twice in a slot, nobody in two places at once)
    come from the service, here as on every other path."""

    def clean(self):
        cleaned = super().clean()
        if "slot" in self.fields and not self.errors:
            try:
                check_schedule(
                    panel=self.instance,
                    slot=cleaned.get("slot"),
                    room=cleaned.get("room"),
                    event=cleaned.get("event"),  # a new panel's, not on the instance yet
                )
            except ValidationError as error:
                raise forms.ValidationError(error.messages, code=error.code) from error
        return cleaned

    def _post_clean(self):
        super()._post_clean()  # the instance now holds what was typed
        panel = self.instance
        if not self.errors and panel.event_id:
            keywords = self.cleaned_data.get("keywords")
            if keywords is None:
                keywords = panel.keywords.all() if panel.pk else []
            errors = panel_errors(panel=panel, keywords=list(keywords))
            # What was there before is judged when it changes, not on every edit.
            changed = set(self.changed_data) if panel.pk else set(errors)
            add_errors(self, {f: e for f, e in errors.items() if f in changed})


class PositionForm(forms.ModelForm):
    """Only a paper's position is read from here, by the service that orders the
    panel's papers; the paper itself is not validated or saved by the form."""

    def _post_clean(self):
        pass


class AcceptedPaperInline(admin.TabularInline):
    """A panel's accepted papers, in the order they are presented: the chairs set it
    (papers.services.panel_order_papers); nothing else about a paper changes here."""

    model = Paper
    form = PositionForm
    fk_name = "panel"
    fields = ["position", "title", "authors"]
    readonly_fields = ["title", "authors"]
    extra = 0
    can_delete = False
    view_on_site = False  # the panel's own page shows them, once public
    verbose_name = _("accepted paper")
    verbose_name_plural = _("accepted papers, in the order presented")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(status=PaperStatus.ACCEPTED)
            .prefetch_related("authorships")
            .order_by("position", "pk")
        )

    @admin.display(description=_("authors"))
    def authors(self, obj):
        return ", ".join(a.name for a in obj.authorships.all())

    def has_add_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return obj is None or request.user.has_perm("panels.view_panel", obj)

    def has_change_permission(self, request, obj=None):
        return obj is not None and request.user.has_perm("panels.change_panel", obj)

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(Panel)


@admin.register(Panel)
class PanelAdmin(PanelCancelAdminMixin, panels_admin.PanelAdmin):
    form = PanelAdminForm
    list_display = [
        *panels_admin.PanelAdmin.list_display,
        "submitted_count",
        "accepted_count",
        "reserve_count",
        "rejected_count",
    ]
    list_filter = [*panels_admin.PanelAdmin.list_filter, FillFilter]
    # Rejecting and withdrawing move an accepted panel's papers (papers.panel_admin).
    actions = [*panels_admin.PanelAdmin.actions, "withdraw_panels", "merge_panels", "export_csv"]
    inlines = [
        panels_admin.PanelRoleInline,
        AcceptedPaperInline,
        panels_admin.PanelHistoryInline,
    ]

    def get_inlines(self, request, obj):
        # A new panel has no papers to order yet.
        return [i for i in self.inlines if obj is not None or i is not AcceptedPaperInline]

    # Every write goes through the services: the panel's own fields (papers'
    # services: capacity, text limits, history), its people (panels' services:
    # limits, clashes), the order of its papers, then its slot and room (the
    # programme's service: clashes), last, so that the clash check sees the people.
    def save_model(self, request, obj, form, change):
        keywords = list(form.cleaned_data["keywords"]) if "keywords" in form.changed_data else None
        place = obj.slot, obj.room
        if change:
            stored = Panel.objects.get(pk=obj.pk)
            obj.slot, obj.room = stored.slot, stored.room
            papers_services.panel_update(
                panel=obj, by=request.user, fields=form.changed_data, keywords=keywords
            )
        else:
            obj.slot = obj.room = None
            papers_services.panel_create(panel=obj, by=request.user, keywords=keywords or [])
        request.panel_place = place

    def save_related(self, request, form, formsets, change):
        # Keywords were saved by the service with the panel (no form.save_m2m()).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)
        slot, room = getattr(request, "panel_place", (None, None))
        panel = form.instance
        if (slot, room) != (panel.slot, panel.room):
            panel_schedule(panel=panel, slot=slot, room=room, by=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Paper:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # only to list what changed, for the admin's log
        if formset.has_changed():
            ordered = sorted(
                (f.cleaned_data.get("position") or 0, f.instance.pk)
                for f in formset.forms
                if f.instance.pk is not None  # only the papers shown, not added rows
            )
            papers_services.panel_order_papers(
                panel=form.instance, by=request.user, order=[pk for _position, pk in ordered]
            )
        return None

    def get_queryset(self, request):
        return (
            with_paper_counts(super().get_queryset(request))
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


# The event, completed here for the same reason: its rules are checked against the
# papers it has accepted already.


class EventAdminForm(forms.ModelForm):
    def _post_clean(self):
        super()._post_clean()  # the instance now holds what was typed
        if not self.errors and self.instance.pk:
            errors = papers_services.event_rule_errors(self.instance)
            add_errors(self, {f: e for f, e in errors.items() if f in self.changed_data})


admin.site.unregister(Event)


@admin.register(Event)
class EventAdmin(ServiceErrorsAdminMixin, panels_admin.EventAdmin):
    form = EventAdminForm
    change_form_template = "admin/panels/event/change_form.html"
    clash_report_template = "admin/panels/event/clashes.html"

    def get_urls(self):
        return [
            path(
                "<path:object_id>/clashes/",
                self.admin_site.admin_view(self.clash_report_view),
                name="panels_event_clashes",
            ),
            *super().get_urls(),
        ]

    def clash_report_view(self, request, object_id):
        """Every clash of the event's programme: a person in two places at once, a
        room holding two panels (`programme.services.event_clashes`). Its organisers
        only: another event, or a chair, gets a 404 that names nothing."""
        event = self.get_object(request, unquote(object_id))
        if event is None or not self.has_view_or_change_permission(request, event):
            raise Http404(_("No such event."))
        rows = [
            {
                "clash": clash,
                "panels": [
                    (placed, reverse("admin:panels_panel_change", args=[placed.panel.pk]))
                    for placed in (clash.first, clash.second)
                ],
            }
            for clash in event_clashes(event)
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Clashes in the programme of %(event)s") % {"event": event},
            "subtitle": None,
            "opts": self.opts,
            "original": event,
            "rows": rows,
            "zone": event.time_zone,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.clash_report_template, context)

    def save_model(self, request, obj, form, change):
        if change:
            papers_services.event_update(event=obj, by=request.user, fields=form.changed_data)
        else:
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is TimeSlot:
            # New times may put a room or a person in two panels at once, with the
            # panels of a slot they now overlap: refused, and the whole save with it.
            for slot, _fields in formset.changed_objects:
                for panel in Panel.objects.filter(slot=slot).select_related("room"):
                    check_schedule(panel=panel, slot=slot, room=panel.room)
