"""The panels' admin as organisers and chairs use it: panels' own admin (in
`panels.admin`), with each panel's papers counted and its place in the programme
checked. It is completed here, above papers and the programme, because it needs
both; Django's admin lets an app above re-register a model's admin this way."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from import_export.admin import ImportMixin
from import_export.forms import ImportForm

from accounts.models import EmailLog
from core.admin import ServiceErrorsAdminMixin, add_errors
from core.exports import dataset_response
from core.forms import decimal_digits
from panels import admin as panels_admin
from panels.models import Event, Panel, Room, TimeSlot
from panels.rules import is_organiser
from panels.selectors import events_for_admin
from papers import admin as papers_admin
from papers import services as papers_services
from papers.enums import PaperStatus
from papers.models import Paper
from papers.panel_admin import PanelCancelAdminMixin
from papers.selectors import BELOW_MINIMUM, FULL, with_paper_counts
from papers.services import panel_errors

from . import exchange, imports
from .models import ImportJob, ImportState
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


def organised_events(user):
    """The events a person may import into: those she organises (all, for a superuser)."""
    events = events_for_admin(user)
    return events.filter(pk__in=[e.pk for e in events if is_organiser(user, e)])


class EventImportForm(ImportForm):
    """The import's first step: what the file holds, the file, and the event it goes
    into (one of hers; preselected when she organises one only)."""

    event = forms.ModelChoiceField(queryset=Event.objects.none(), label=_("Import into event"))
    field_order = ["event", "resource", "import_file", "format"]

    def clean(self):
        cleaned = super().clean()
        upload, index = cleaned.get("import_file"), cleaned.get("format")
        if upload is not None and index not in (None, ""):
            extension = exchange.FORMATS[int(index)]().get_extension()
            if not upload.name.lower().endswith(f".{extension}"):
                self.add_error(
                    "import_file",
                    _("Choose a .%(extension)s file, or the format of this one.")
                    % {"extension": extension},
                )
        return cleaned


class ConferenceImportMixin(ImportMixin):
    """The admin's import (django-import-export's page and form): the upload stores the
    file in an `ImportJob` and queues its dry run; the job's page (`ImportJobAdmin`)
    shows the progress, every row's problems by row and column, and "Confirm import",
    which queues the import itself. Both run in a task (programme.imports), every row
    through the services, all or nothing."""

    import_form_class = EventImportForm
    resource_classes = exchange.IMPORT_RESOURCES
    skip_admin_log = True  # the services write each panel's and paper's history
    import_template_name = "admin/programme/import.html"

    def get_import_formats(self):
        return exchange.FORMATS

    def has_import_permission(self, request):
        return is_organiser(request.user)

    def create_import_form(self, request):
        form = super().create_import_form(request)
        events = organised_events(request.user)
        form.fields["event"].queryset = events
        if len(events) == 1:
            form.fields["event"].initial = events[0].pk
        return form

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_import_form(request)
        if request.method == "POST" and form.is_valid():
            job = self._create_job(request, form)
            if job is not None:
                return redirect(job.get_absolute_url())
        context = {
            **self.admin_site.each_context(request),
            **self.get_import_context_data(),
            "title": _("Import"),
            "form": form,
            "opts": self.model._meta,
            "media": self.media + form.media,
            "fields_list": [
                (cls.get_display_name(), [f.column_name for f in cls().get_user_visible_fields()])
                for cls in self.get_import_resource_classes(request)
            ],
            "import_jobs_url": reverse("admin:programme_importjob_changelist"),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def _create_job(self, request, form):
        """The stored file and its queued dry run; None, with the error on the form,
        when the file cannot be read or holds no rows. Reading it here takes a moment
        (2,500 rows: well under a second) and tells at once what is wrong."""
        file_format = self.get_import_formats()[int(form.cleaned_data["format"])]()
        upload = form.cleaned_data["import_file"]
        data = b"".join(upload.chunks())
        try:
            dataset = imports.read_dataset(data, file_format.get_extension())
        except Exception as error:  # any unreadable file is the form's error
            self.add_data_read_fail_error_to_form(form, error)
            return None
        if not dataset:
            form.add_error(
                "import_file",
                _("No valid data to import. Ensure your file has the correct headers or data."),
            )
            return None
        try:
            return imports.import_job_create(
                event=form.cleaned_data["event"],
                by=request.user,
                kind=imports.kind_of(self.choose_import_resource_class(form, request)),
                file_format=file_format.get_extension(),
                file_name=upload.name,
                data=data,
                rows_total=len(dataset),
            )
        except PermissionDenied as error:
            form.add_error("event", str(error))
            return None

    def process_import(self, request, **kwargs):
        # The confirmation goes to the job's page (ImportJobAdmin.confirm_view).
        raise Http404


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """The imports of the events one organises: a list, and each job's page with its
    progress, its dry run's result, "Confirm import" and its outcome. Jobs are made by
    the import page (ConferenceImportMixin), never added or edited here."""

    list_display = ["file_name", "kind", "event", "state", "rows", "created_at", "by"]
    list_display_links = ["file_name"]
    list_filter = ["state", "kind"]
    list_select_related = ["event", "by"]
    job_template = "admin/programme/importjob/job.html"

    def get_queryset(self, request):
        return (
            ImportJob.objects.filter(event__in=organised_events(request.user))
            .select_related("event", "by")
            .defer("data")
        )

    def has_module_permission(self, request):
        return is_organiser(request.user)

    def has_view_permission(self, request, obj=None):
        return is_organiser(request.user, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("rows done"))
    def rows(self, obj):
        return f"{obj.rows_done} / {obj.rows_total}"

    def get_urls(self):
        return [
            path(
                "<int:pk>/confirm/",
                self.admin_site.admin_view(self.confirm_view),
                name="programme_importjob_confirm",
            ),
            *super().get_urls(),
        ]

    def _job(self, request, object_id):
        """The job, if the person organises its event; otherwise a 404."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        if not decimal_digits(str(object_id)):
            raise Http404
        return get_object_or_404(self.get_queryset(request), pk=int(object_id))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        job = self._job(request, unquote(object_id))
        event = job.event
        lists = {
            "panels": reverse("admin:panels_panel_changelist") + f"?event__id__exact={event.pk}",
            "papers": reverse("admin:papers_paper_changelist") + f"?event__id__exact={event.pk}",
            "event": reverse("admin:panels_event_change", args=[event.pk]),
        }
        totals = job.result.get("totals", {})
        context = {
            **self.admin_site.each_context(request),
            "title": str(job),
            "opts": self.opts,
            "job": job,
            "states": ImportState,
            "confirmed": bool(job.result.get("confirmed")),
            "totals": [
                (_("new"), totals.get("new", 0)),
                (_("changed"), totals.get("update", 0)),
                (_("unchanged"), totals.get("skip", 0)),
            ],
            "lists": lists,
            "can_confirm": job.state == ImportState.CHECKED
            and not job.errors
            and not job.result.get("confirmed"),
            "refresh": job.is_running,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.job_template, context)

    @method_decorator(require_POST)
    def confirm_view(self, request, pk):
        job = self._job(request, pk)
        try:
            imports.import_job_confirm(job=job, by=request.user)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(job.get_absolute_url())


admin.site.unregister(Panel)


@admin.register(Panel)
class PanelAdmin(ConferenceImportMixin, PanelCancelAdminMixin, panels_admin.PanelAdmin):
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
    actions = [
        *panels_admin.PanelAdmin.actions,
        "withdraw_panels",
        "merge_panels",
        "export_csv",
        "export_xlsx",
        "export_programme_csv",
        "export_programme_xlsx",
    ]
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

    def _export(self, request, queryset, resource, name, file_format):
        queryset = queryset.model.objects.filter(pk__in=queryset.values("pk"))
        return dataset_response(name, exchange.export_dataset(resource, queryset), file_format)

    @admin.action(description=_("Export selected panels (CSV)"), permissions=["export"])
    def export_csv(self, request, queryset):
        return self._export(request, queryset, exchange.PanelResource, "panels", "csv")

    @admin.action(description=_("Export selected panels (XLSX)"), permissions=["export"])
    def export_xlsx(self, request, queryset):
        return self._export(request, queryset, exchange.PanelResource, "panels", "xlsx")

    @admin.action(
        description=_("Export the programme of selected panels (CSV)"), permissions=["export"]
    )
    def export_programme_csv(self, request, queryset):
        return self._export(request, queryset, exchange.ProgrammeResource, "programme", "csv")

    @admin.action(
        description=_("Export the programme of selected panels (XLSX)"), permissions=["export"]
    )
    def export_programme_xlsx(self, request, queryset):
        return self._export(request, queryset, exchange.ProgrammeResource, "programme", "xlsx")


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

    actions = ["export_rooms_csv", "export_rooms_xlsx", "export_slots_csv", "export_slots_xlsx"]

    def has_export_permission(self, request):
        return is_organiser(request.user)

    def _export(self, request, queryset, resource, model, file_format):
        # Only the selected events she organises (a chair sees other events here too).
        events = organised_events(request.user).filter(pk__in=queryset.values("pk"))
        rows = model.objects.filter(event__in=events)
        name = "rooms" if model is Room else "time-slots"
        return dataset_response(name, exchange.export_dataset(resource, rows), file_format)

    @admin.action(
        description=_("Export the rooms of selected events (CSV)"), permissions=["export"]
    )
    def export_rooms_csv(self, request, queryset):
        return self._export(request, queryset, exchange.RoomResource, Room, "csv")

    @admin.action(
        description=_("Export the rooms of selected events (XLSX)"), permissions=["export"]
    )
    def export_rooms_xlsx(self, request, queryset):
        return self._export(request, queryset, exchange.RoomResource, Room, "xlsx")

    @admin.action(
        description=_("Export the time slots of selected events (CSV)"), permissions=["export"]
    )
    def export_slots_csv(self, request, queryset):
        return self._export(request, queryset, exchange.TimeSlotResource, TimeSlot, "csv")

    @admin.action(
        description=_("Export the time slots of selected events (XLSX)"), permissions=["export"]
    )
    def export_slots_xlsx(self, request, queryset):
        return self._export(request, queryset, exchange.TimeSlotResource, TimeSlot, "xlsx")

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


# The exports of papers and of the email log, completed here with the programme's
# resources (slot and room come from the programme).


class ExportActionsMixin:
    export_resource = None
    export_name = ""

    def _export(self, queryset, file_format):
        queryset = queryset.model.objects.filter(pk__in=queryset.values("pk"))
        dataset = exchange.export_dataset(self.export_resource, queryset)
        return dataset_response(self.export_name, dataset, file_format)

    @admin.action(description=_("Export selected rows (CSV)"), permissions=["export"])
    def export_csv(self, request, queryset):
        return self._export(queryset, "csv")

    @admin.action(description=_("Export selected rows (XLSX)"), permissions=["export"])
    def export_xlsx(self, request, queryset):
        return self._export(queryset, "xlsx")


admin.site.unregister(Paper)


@admin.register(Paper)
class PaperAdmin(ExportActionsMixin, papers_admin.PaperAdmin):
    export_resource = exchange.PaperResource
    export_name = "papers"
    actions = [*papers_admin.PaperAdmin.actions, "export_csv", "export_xlsx"]


admin.site.unregister(EmailLog)


@admin.register(EmailLog)
class EmailLogAdmin(ExportActionsMixin, panels_admin.EmailLogAdmin):
    export_resource = exchange.EmailLogResource
    export_name = "email-log"
    actions = ["export_csv", "export_xlsx"]

    def has_export_permission(self, request):
        return request.user.has_perm("accounts.view_emaillog")
