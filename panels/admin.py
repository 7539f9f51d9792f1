import datetime
import re

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminTextInputWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect, QueryDict
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.models import EmailLog, mail_kind
from core.admin import (
    CheckedRelationsMixin,
    EventTimeZoneInlineMixin,
    EventTimeZoneMixin,
    FilterErrorsMixin,
    FoldedSearchMixin,
    HistoryInlineMixin,
    HistoryViewMixin,
    RelatedOnlyFilter,
    RulesAdminMixin,
    ServiceErrorsAdminMixin,
    add_errors,
    decision_step,
    public_url,
    step_page,
)
from core.exports import csv_response
from core.mail import MAX_ATTEMPTS

from . import selectors, services
from .enums import PanelStatus
from .models import (
    Event,
    Keyword,
    Panel,
    PanelRole,
    PanelStatusChange,
    Room,
    Section,
    TimeSlot,
    validate_time_zone,
)
from .rules import is_organiser


class ScopedForeignKeysMixin:
    """Foreign-key and many-to-many choices limited to the person's own objects."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scoped = {
            "event": selectors.events_for_admin,
            "section": selectors.sections_for_admin,
            "panel": selectors.panels_for_admin,
            "slot": selectors.slots_for_admin,
            "room": selectors.rooms_for_admin,
        }
        if db_field.name in scoped:
            kwargs["queryset"] = scoped[db_field.name](request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "keywords":
            kwargs["queryset"] = selectors.keywords_for_admin(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class SectionInline(CheckedRelationsMixin, RulesAdminMixin, admin.TabularInline):
    model = Section
    extra = 0
    fields = ["code", "title", "chair", "co_chair"]
    autocomplete_fields = ["chair", "co_chair"]
    show_change_link = True


class KeywordFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        refusals = [form.instance.deletion_refusal() for form in self.deleted_forms]
        if refusals := [refusal for refusal in refusals if refusal is not None]:
            raise ValidationError(refusals)


class KeywordInline(RulesAdminMixin, admin.TabularInline):
    model = Keyword
    formset = KeywordFormSet
    extra = 0


class RoomInline(RulesAdminMixin, admin.TabularInline):
    model = Room
    extra = 0


class TimeSlotInline(EventTimeZoneInlineMixin, RulesAdminMixin, admin.TabularInline):
    model = TimeSlot
    extra = 0


YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


class EventCopyForm(forms.Form):
    """Name, short name and first day of an event copied from `event`; the first day
    gives the shift in days (`offset_days`) of every date and time."""

    name = forms.CharField(
        label=_("Name"), max_length=200, widget=AdminTextInputWidget(attrs={"size": 60})
    )
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=60,
        widget=AdminTextInputWidget(),
        help_text=_("Used in addresses, e.g. /general-conference-2027/."),
    )
    first_day = forms.DateField(
        label=_("New first day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    # The service's fields, shown on this form's.
    SERVICE_FIELDS = {
        "offset_days": "first_day",
        "start_date": "first_day",
        "end_date": "first_day",
    }

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["first_day"].help_text = _(
            "The first day is now %(first_day)s. Every date and time of the event — the "
            "last day, the calls, the deadlines, the time slots — moves by as many days as "
            "this one; times of day stay as they read in %(zone)s (09:00 stays 09:00). "
            "52 weeks later, as offered, keeps the weekdays."
        ) % {
            "first_day": formats.date_format(event.start_date, "l j F Y"),
            "zone": event.time_zone,
        }
        if not self.is_bound:
            first_day = event.start_date + datetime.timedelta(weeks=52)
            years = first_day.year - event.start_date.year

            def next_years(text):
                # Every year the name gives moves on: "Conference 2026" (held in March
                # 2027) becomes "Conference 2027", whatever year it is held in.
                return YEAR.sub(lambda m: str(int(m[0]) + years), text)

            slug = next_years(event.slug)
            if slug == event.slug:
                slug = f"{event.slug}-{first_day.year}"
            self.initial = {
                "name": next_years(event.name),
                "slug": slug[:60],
                "first_day": first_day,
            }

    @property
    def offset_days(self) -> int:
        return (self.cleaned_data["first_day"] - self.event.start_date).days

    def add_service_errors(self, error: ValidationError) -> None:
        errors: dict = {}
        for field, field_errors in error.update_error_dict({}).items():
            errors.setdefault(self.SERVICE_FIELDS.get(field, field), []).extend(field_errors)
        add_errors(self, errors)


@admin.register(Event)
class EventAdmin(
    CheckedRelationsMixin, FilterErrorsMixin, EventTimeZoneMixin, RulesAdminMixin, admin.ModelAdmin
):
    list_display = ["name", "slug", "start_date", "end_date", "venue", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["name", "slug", "venue"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "start_date"
    autocomplete_fields = ["organisers"]
    inlines = [SectionInline, KeywordInline, RoomInline, TimeSlotInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "start_date", "end_date", "venue", "time_zone"]}),
        (_("Publication and organisers"), {"fields": ["is_published", "organisers"]}),
        (
            _("Calls and deadlines"),
            {
                "fields": [
                    ("panel_call_opens", "panel_call_closes"),
                    ("paper_call_opens", "paper_call_closes"),
                    "decision_deadline",
                    "upload_deadline",
                ]
            },
        ),
        (
            _("Rules"),
            {
                "fields": [
                    "papers_decided_by",
                    ("min_papers_per_panel", "max_papers_per_panel"),
                    ("title_word_limit", "abstract_word_limit"),
                    ("min_keywords", "max_keywords"),
                    ("max_papers_presented_per_person", "max_proposals_per_person"),
                    "max_authors_per_paper",
                    "coauthored_count_as_proposals",
                    ("chair_role_once", "co_chair_role_once", "discussant_role_once"),
                    ("max_upload_mb", "full_paper_access"),
                ]
            },
        ),
    ]

    time_zone_path = "time_zone"

    def get_queryset(self, request):
        return selectors.events_for_admin(request.user)

    def time_zone_for(self, request, object_id):
        """The zone typed in this form (a new event's, or a changed one) reads the
        times typed beside it; else the event's own."""
        typed = request.POST.get("time_zone")
        if object_id is None and request.method != "POST":
            typed = request.GET.get("time_zone")  # the add form's initial data
        if typed:
            try:
                validate_time_zone(typed)
            except ValidationError:
                typed = None  # the form says why
        return typed or super().time_zone_for(request, object_id)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if "time_zone" in form.base_fields:
            # Checked by the form, so that a zone that does not exist never reaches the
            # event: the time slots' own checks, in the same form, read the event's zone.
            form.base_fields["time_zone"].validators.append(validate_time_zone)
            form.base_fields["time_zone"].help_text = _(
                "E.g. Europe/Vienna. The event's dates and times and its time slots are typed "
                "and shown in this zone, in the admin as on the public site. Changing it keeps "
                "the times on this page as they read (09:00 stays 09:00)."
            )
        return form

    def view_on_site(self, obj):
        return public_url(obj, Event.objects.published())

    # Copying to a new event (the "Copy to a new event" button of the change page) ----

    def get_urls(self):
        return [
            path(
                "<path:object_id>/copy/",
                self.admin_site.admin_view(self.copy_view),
                name="panels_event_copy",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        event = self.get_object(request, unquote(object_id))
        may_copy = event is not None and request.user.has_perm("panels.copy_event", event)
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "may_copy": may_copy}
        )

    def copy_view(self, request, object_id):
        """A new event from this one (`services.event_copy`): name, short name and
        the new first day asked on one page; then the new event's change page."""
        event = self.get_object(request, unquote(object_id))
        if event is None:
            raise Http404(_("No such event."))
        if not request.user.has_perm("panels.copy_event", event):
            raise PermissionDenied
        if request.method == "POST":
            form = EventCopyForm(request.POST, event=event)
            if form.is_valid():
                try:
                    copy = services.event_copy(
                        event=event,
                        by=request.user,
                        name=form.cleaned_data["name"],
                        slug=form.cleaned_data["slug"],
                        offset_days=form.offset_days,
                    )
                except ValidationError as error:
                    form.add_service_errors(error)
                else:
                    self.message_user(
                        request,
                        ngettext(
                            "“%(copy)s” is made from “%(event)s”, every date moved by %(days)d "
                            "day. It is not published: check it, then publish it.",
                            "“%(copy)s” is made from “%(event)s”, every date moved by %(days)d "
                            "days. It is not published: check it, then publish it.",
                            abs(form.offset_days),
                        )
                        % {"copy": copy, "event": event, "days": form.offset_days},
                    )
                    return HttpResponseRedirect(
                        reverse("admin:panels_event_change", args=[copy.pk])
                    )
        else:
            form = EventCopyForm(event=event)
        return step_page(
            self,
            request,
            [],  # the page names the event itself
            title=gettext("Copy to a new event"),
            form=form,
            single=event,
            template="admin/panels/event/copy.html",
        )


@admin.register(Section)
class SectionAdmin(
    CheckedRelationsMixin,
    FilterErrorsMixin,
    ScopedForeignKeysMixin,
    RulesAdminMixin,
    admin.ModelAdmin,
):
    def get_readonly_fields(self, request, obj=None):
        # A section stays in its event: its panels and papers are that event's.
        return ["event"] if obj is not None else []

    list_display = ["code", "title", "event", "chair", "co_chair"]
    list_filter = [("event", RelatedOnlyFilter)]
    list_select_related = ["event", "chair", "co_chair"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["chair", "co_chair"]

    def get_queryset(self, request):
        return selectors.sections_for_admin(request.user)


@admin.register(Keyword)
class KeywordAdmin(
    FoldedSearchMixin, FilterErrorsMixin, ScopedForeignKeysMixin, RulesAdminMixin, admin.ModelAdmin
):
    def get_readonly_fields(self, request, obj=None):
        # A keyword stays in its event's list: panels and papers of that event use it.
        return ["event"] if obj is not None else []

    list_display = ["name", "event"]
    list_filter = [("event", RelatedOnlyFilter)]
    list_select_related = ["event"]
    search_fields = ["name_folded"]

    def get_queryset(self, request):
        return selectors.keywords_for_admin(request.user)

    def get_deleted_objects(self, objs, request):
        # A keyword in use is protected (Keyword.deletion_refusal): the delete page
        # and the delete action say why and delete nothing.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for keyword in objs:
            if (refusal := keyword.deletion_refusal()) is not None:
                protected = [*protected, *refusal.messages]
        return deleted, counts, perms_needed, protected


class PanelRoleForm(forms.ModelForm):
    class Meta:
        model = PanelRole
        fields = ["panel", "position", "kind", "user", "name", "email", "affiliation"]

    def clean(self):
        cleaned = super().clean()
        # The panel comes from the form (the roles list) or the inline formset (a panel page).
        panel = cleaned.get("panel") or getattr(self.instance, "panel", None)
        if panel is not None and panel.pk and cleaned.get("kind") and not self.errors:
            role = PanelRole(
                pk=self.instance.pk,
                panel=panel,
                **{f: cleaned.get(f) for f in ("kind", "user", "name", "email") if f in cleaned},
            )
            role.email = (role.email or "").strip().lower()
            role.name = role.name or ""
            for error in services.role_errors(role=role):
                self.add_error(None, error)
        return cleaned


class PanelRoleInline(CheckedRelationsMixin, admin.TabularInline):
    model = PanelRole
    form = PanelRoleForm
    extra = 0
    fields = ["position", "kind", "user", "name", "email", "affiliation"]
    autocomplete_fields = ["user"]

    # People of a panel follow the panel: organisers and section chairs change them.
    def has_view_permission(self, request, obj=None):
        return obj is None or request.user.has_perm("panels.view_panel", obj)

    def _may_edit(self, request, obj):
        if obj is None:
            return request.user.has_perm("panels.add_panel")
        return request.user.has_perm("panels.change_panelrole", obj)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_add_permission(self, request, obj=None):
        return self._may_edit(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_edit(request, obj)


class PanelHistoryInline(HistoryInlineMixin, admin.TabularInline):
    model = PanelStatusChange
    fields = ["at", "from_status", "to_status", "what_changed", "by", "message"]
    verbose_name_plural = _("history")
    view_perm = "panels.view_panel"


PANEL_DEFAULT_MESSAGES = {
    PanelStatus.ACCEPTED: _(
        "We are glad to accept your panel. Its paper call is now open to authors; please review "
        "the proposals to it before the decision deadline."
    ),
    PanelStatus.REJECTED: _(
        "Thank you for your panel proposal. We could not include it in this year's programme; "
        "we encourage you and your co-chair to propose papers to other panels."
    ),
}


def label_with_event(obj) -> str:
    """A choice named with its event, for people who work on several."""
    return gettext("%(object)s (%(event)s)") % {"object": obj, "event": obj.event}


@admin.register(Panel)
class PanelAdmin(
    FoldedSearchMixin,
    CheckedRelationsMixin,
    ServiceErrorsAdminMixin,
    FilterErrorsMixin,
    EventTimeZoneMixin,
    HistoryViewMixin,
    ScopedForeignKeysMixin,
    RulesAdminMixin,
    admin.ModelAdmin,
):
    list_display = ["code", "title", "section", "status", "format"]
    list_display_links = ["code", "title"]
    list_filter = [
        ("event", RelatedOnlyFilter),
        ("section", RelatedOnlyFilter),
        "status",
        "format",
        ("slot", RelatedOnlyFilter),
    ]
    list_select_related = ["event", "section", "slot", "room"]
    search_fields = ["code", "title_folded", "roles__name_folded"]
    filter_horizontal = ["keywords"]
    inlines = [PanelRoleInline, PanelHistoryInline]
    actions = ["accept_panels", "reject_panels"]
    fields = [
        "event",
        "section",
        "code",
        "title",
        "abstract",
        "keywords",
        "format",
        "max_papers",
        "slot",
        "room",
        "status",
        "proposed_by",
        "decision_message",
        "decided_by",
        "decided_at",
        "created_at",
        "updated_at",
    ]
    AUDIT = ["status", "proposed_by", "decision_message", "decided_by", "decided_at"]
    # Chosen among the panel's event's own.
    EVENT_CHOICES = ["section", "keywords", "slot", "room"]
    time_zone_path = "event__time_zone"
    choose_event_template = "admin/panels/panel/choose_event.html"

    def get_queryset(self, request):
        return selectors.panels_for_admin(request.user)

    def view_on_site(self, obj):
        return public_url(obj, Panel.objects.public())

    def name_outside_reach(self, panel):
        # A paper's history may name a panel the person may not open: its code
        # places it, and nothing more of another panel is shown.
        return panel.code

    def get_autocomplete_fields(self, request):
        # Chairs choose keywords from their event's list as it stands; searching the
        # lists is the organisers' keyword admin, closed to chairs (a 403).
        if request.user.has_perm("panels.view_keyword"):
            return self.autocomplete_fields
        return [name for name in self.autocomplete_fields if name != "keywords"]

    def get_readonly_fields(self, request, obj=None):
        stamps = ["created_at", "updated_at"]
        if is_organiser(request.user, obj):
            # A panel stays in its event: its section, keywords, slot and room are the event's.
            return [*self.AUDIT, *stamps, *(["event"] if obj is not None else [])]
        # Chairs: the panel's public text only (the rules allow it while unpublished).
        editable = {"title", "abstract", "keywords"}
        if obj is None:  # a section chair grouping papers into a new panel
            editable |= {"event", "section", "format"}
        return [f for f in self.fields if f not in editable]

    # The panel's event: its choices and its time zone --------------------------------

    def new_panel_event(self, request) -> Event | None:
        """The event a new panel goes to: the one chosen in the form, given as
        ?event= or filtered in the list, else the only one the person may add panels
        to; None if unknown."""
        events = selectors.events_worked_on(request.user, as_panel_chair=False)
        # The list's "Add" button keeps its filters, an event's among them.
        listed = QueryDict(request.GET.get("_changelist_filters", "")).get("event__id__exact")
        chosen = request.POST.get("event") or request.GET.get("event") or listed
        if chosen:
            try:
                event = events.filter(pk=chosen).first()
            except (ValueError, ValidationError):
                event = None
            if event is not None:
                return event
        only = list(events[:2])
        return only[0] if len(only) == 1 else None

    def time_zone_for(self, request, object_id):
        if object_id is None:
            event = self.new_panel_event(request)
            return event.time_zone if event else None
        return super().time_zone_for(request, object_id)

    def add_view(self, request, form_url="", extra_context=None):
        """With several events to choose from, the event comes first: a new panel's
        section, keywords, slot and room are chosen among that event's."""
        if request.method == "GET" and self.new_panel_event(request) is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            events = list(selectors.events_worked_on(request.user, as_panel_chair=False))
            if len(events) > 1:
                return self.choose_event_page(request, events)
        return super().add_view(request, form_url, extra_context)

    def choose_event_page(self, request, events):
        def link(event):
            params = request.GET.copy()
            params["event"] = event.pk
            return f"?{params.urlencode()}"

        return TemplateResponse(
            request,
            self.choose_event_template,
            {
                **self.admin_site.each_context(request),
                "title": _("Add a panel: choose its event"),
                "opts": self.opts,
                "events": [(event, link(event)) for event in events],
                "is_popup": "_popup" in request.GET,
            },
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        """Section, keywords, slot and room of the panel's event only (within the
        person's own, `ScopedForeignKeysMixin`), named with their event for people
        who work on several."""
        form = super().get_form(request, obj, change, **kwargs)
        fields = form.base_fields
        event = obj.event if obj is not None else self.new_panel_event(request)
        if event is not None and "event" in fields:
            fields["event"].queryset = Event.objects.filter(pk=event.pk)
            fields["event"].initial, fields["event"].empty_label = event.pk, None
        several = len(selectors.events_worked_on(request.user).values_list("pk")[:2]) > 1
        for name in self.EVENT_CHOICES:
            if name not in fields:
                continue
            field = fields[name]
            choices = field.queryset.select_related("event")
            field.queryset = choices.filter(event=event) if event is not None else choices
            if several:
                field.label_from_instance = label_with_event
        return form

    def has_decide_permission(self, request):
        return request.user.has_perm("panels.decide_panel")

    def save_formset(self, request, form, formset, change):
        """A panel's people change through the roles' services (limits, clashes,
        history); other inlines save as Django saves them."""
        if formset.model is not PanelRole:
            return super().save_formset(request, form, formset, change)
        roles = formset.save(commit=False)
        for role in formset.deleted_objects:
            services.role_delete(role=role, by=request.user)
        for role in roles:
            services.role_save(role=role, by=request.user)
        return None

    def has_export_permission(self, request):
        return is_organiser(request.user)

    def _decide(self, request, queryset, status, service, done):
        return decision_step(
            self,
            request,
            queryset,
            decide=lambda panel, message: service(panel=panel, by=request.user, message=message),
            done=done,
            title=_("Accept panels") if status == PanelStatus.ACCEPTED else _("Reject panels"),
            decision=PanelStatus(status).label,
            message=PANEL_DEFAULT_MESSAGES[status],
            label=_("Message to the proposers"),
        )

    @admin.action(description=_("Accept selected panels…"), permissions=["decide"])
    def accept_panels(self, request, queryset):
        return self._decide(
            request,
            queryset,
            PanelStatus.ACCEPTED,
            services.panel_accept,
            lambda n: ngettext("%d panel accepted.", "%d panels accepted.", n) % n,
        )

    @admin.action(description=_("Reject selected panels…"), permissions=["decide"])
    def reject_panels(self, request, queryset):
        return self._decide(
            request,
            queryset,
            PanelStatus.REJECTED,
            services.panel_reject,
            lambda n: ngettext("%d panel rejected.", "%d panels rejected.", n) % n,
        )


@admin.register(PanelRole)
class PanelRoleAdmin(
    FoldedSearchMixin,
    CheckedRelationsMixin,
    ServiceErrorsAdminMixin,
    FilterErrorsMixin,
    ScopedForeignKeysMixin,
    RulesAdminMixin,
    admin.ModelAdmin,
):
    """People and their roles across the panels of an event."""

    form = PanelRoleForm
    list_display = ["name", "affiliation", "email", "kind", "panel", "user"]
    list_filter = [
        ("panel__event", RelatedOnlyFilter),
        "kind",
        ("panel__section", RelatedOnlyFilter),
    ]
    list_select_related = ["panel", "user"]
    search_fields = ["name_folded", "email", "affiliation_folded", "panel__code"]
    autocomplete_fields = ["panel", "user"]
    actions = ["export_csv"]
    fields = ["panel", "position", "kind", "user", "name", "email", "affiliation"]

    def save_model(self, request, obj, form, change):
        services.role_save(role=obj, by=request.user)

    def delete_model(self, request, obj):
        services.role_delete(role=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for role in queryset:
            services.role_delete(role=role, by=request.user)

    def get_queryset(self, request):
        return selectors.panel_roles_for_admin(request.user)

    def has_export_permission(self, request):
        return is_organiser(request.user)

    @admin.action(
        description=_("Export selected people with their roles as CSV"), permissions=["export"]
    )
    def export_csv(self, request, queryset):
        roles = queryset.select_related("panel__event")
        return csv_response(
            "people",
            ["name", "email", "affiliation", "role", "event", "panel", "panel title"],
            [
                [
                    r.name,
                    r.email,
                    r.affiliation,
                    r.get_kind_display(),
                    r.panel.event.slug,
                    r.panel.code,
                    r.panel.title,
                ]
                for r in roles
            ],
        )


# The mail log of an event, for its organisers ----------------------------------------


class MailKindFilter(admin.SimpleListFilter):
    """The kinds of message in the person's own log, in words (`accounts.models.mail_kind`)
    rather than template names, most readable first."""

    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        templates = (
            model_admin.get_queryset(request)
            .order_by()
            .values_list("template", flat=True)
            .distinct()
        )
        return sorted(((t, mail_kind(t)) for t in templates), key=lambda kind: kind[1].lower())

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(template=self.value())


# The log's own fields, but the kind and the reply-to addresses in words.
SHOWN_INSTEAD = {"template": "kind", "reply_to": "reply_to_addresses"}


@admin.register(EmailLog)
class EmailLogAdmin(FilterErrorsMixin, EventTimeZoneMixin, admin.ModelAdmin):
    """Every email sent, read-only: to answer "I never got it"."""

    time_zone_path = "event__time_zone"

    list_display = ["created_at", "to", "subject", "kind", "delivery", "sent_at"]
    list_filter = ["status", MailKindFilter, ("event", RelatedOnlyFilter)]
    search_fields = ["to", "subject"]
    list_select_related = ["event"]
    date_hierarchy = "created_at"
    readonly_fields = fields = [SHOWN_INSTEAD.get(f.name, f.name) for f in EmailLog._meta.fields]

    @admin.display(description=_("kind"), ordering="template")
    def kind(self, log):
        return mail_kind(log.template)

    @admin.display(description=_("reply to"))
    def reply_to_addresses(self, log):
        """The addresses as "a@x, b@y", not the stored JSON list."""
        return ", ".join(str(address) for address in log.reply_to or [])

    @admin.display(description=_("status"), ordering="status")
    def delivery(self, log):
        """The worker's progress: "retrying (attempt 2 of 5)" while a server puts it off."""
        if log.status == EmailLog.Status.RETRYING:
            return _("retrying (attempt %(attempts)s of %(max)s)") % {
                "attempts": log.attempts,
                "max": MAX_ATTEMPTS,
            }
        return log.get_status_display()

    def get_queryset(self, request):
        return selectors.email_logs_for_admin(request.user)

    def has_module_permission(self, request):
        return request.user.has_perm("accounts.view_emaillog")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("accounts.view_emaillog", obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
