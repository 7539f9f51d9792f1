from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import EmailLog
from core.admin import (
    FilterErrorsMixin,
    HistoryInlineMixin,
    RulesAdminMixin,
    decision_step,
    public_url,
)
from core.exports import csv_response

from . import selectors, services
from .enums import PanelStatus
from .models import Event, Keyword, Panel, PanelRole, PanelStatusChange, Room, Section, TimeSlot
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


class SectionInline(RulesAdminMixin, admin.TabularInline):
    model = Section
    extra = 0
    fields = ["code", "title", "chair", "co_chair"]
    autocomplete_fields = ["chair", "co_chair"]
    show_change_link = True


class KeywordInline(RulesAdminMixin, admin.TabularInline):
    model = Keyword
    extra = 0


class RoomInline(RulesAdminMixin, admin.TabularInline):
    model = Room
    extra = 0


class TimeSlotInline(RulesAdminMixin, admin.TabularInline):
    model = TimeSlot
    extra = 0


@admin.register(Event)
class EventAdmin(FilterErrorsMixin, RulesAdminMixin, admin.ModelAdmin):
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
                    "coauthored_count_as_proposals",
                    ("chair_role_once", "co_chair_role_once", "discussant_role_once"),
                    ("max_upload_mb", "full_paper_access"),
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return selectors.events_for_admin(request.user)

    def view_on_site(self, obj):
        return public_url(obj, Event.objects.published())


@admin.register(Section)
class SectionAdmin(FilterErrorsMixin, ScopedForeignKeysMixin, RulesAdminMixin, admin.ModelAdmin):
    list_display = ["code", "title", "event", "chair", "co_chair"]
    list_filter = [("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["event", "chair", "co_chair"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["chair", "co_chair"]

    def get_queryset(self, request):
        return selectors.sections_for_admin(request.user)


@admin.register(Keyword)
class KeywordAdmin(FilterErrorsMixin, ScopedForeignKeysMixin, RulesAdminMixin, admin.ModelAdmin):
    list_display = ["name", "event"]
    list_filter = [("event", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["event"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return selectors.keywords_for_admin(request.user)


class PanelRoleForm(forms.ModelForm):
    class Meta:
        model = PanelRole
        fields = ["panel", "position", "kind", "user", "name", "email", "affiliation"]

    def clean(self):
        cleaned = super().clean()
        # The panel comes from the form (the roles list) or the inline formset (a panel page).
        panel = cleaned.get("panel") or getattr(self.instance, "panel", None)
        if panel is not None and panel.event_id and cleaned.get("kind"):
            try:
                services.check_role_limit(
                    event=panel.event,
                    kind=cleaned["kind"],
                    user=cleaned.get("user"),
                    email=cleaned.get("email", ""),
                    exclude=self.instance,
                )
            except ValidationError as error:
                raise forms.ValidationError(error.messages, code="role_limit") from error
        return cleaned


class PanelRoleInline(admin.TabularInline):
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
    fields = ["at", "from_status", "to_status", "by", "message"]
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


@admin.register(Panel)
class PanelAdmin(FilterErrorsMixin, ScopedForeignKeysMixin, RulesAdminMixin, admin.ModelAdmin):
    list_display = ["code", "title", "section", "status", "format"]
    list_display_links = ["code", "title"]
    list_filter = [
        ("event", admin.RelatedOnlyFieldListFilter),
        ("section", admin.RelatedOnlyFieldListFilter),
        "status",
        "format",
        ("slot", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["event", "section", "slot", "room"]
    search_fields = ["code", "title", "roles__name"]
    autocomplete_fields = ["section", "keywords"]
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
            return [*self.AUDIT, *stamps]
        # Chairs: the panel's public text only (the rules allow it while unpublished).
        editable = {"title", "abstract", "keywords"}
        if obj is None:  # a section chair grouping papers into a new panel
            editable |= {"event", "section", "format"}
        return [f for f in self.fields if f not in editable]

    def has_decide_permission(self, request):
        return request.user.has_perm("panels.decide_panel")

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
class PanelRoleAdmin(FilterErrorsMixin, ScopedForeignKeysMixin, RulesAdminMixin, admin.ModelAdmin):
    """People and their roles across the panels of an event."""

    form = PanelRoleForm
    list_display = ["name", "affiliation", "email", "kind", "panel", "user"]
    list_filter = [
        ("panel__event", admin.RelatedOnlyFieldListFilter),
        "kind",
        ("panel__section", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["panel", "user"]
    search_fields = ["name", "email", "affiliation", "panel__code"]
    autocomplete_fields = ["panel", "user"]
    actions = ["export_csv"]
    fields = ["panel", "position", "kind", "user", "name", "email", "affiliation"]

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


@admin.register(EmailLog)
class EmailLogAdmin(FilterErrorsMixin, admin.ModelAdmin):
    """Every email sent, read-only: to answer "I never got it"."""

    list_display = ["created_at", "to", "subject", "template", "status", "sent_at"]
    list_filter = ["status", "template", ("event", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["to", "subject"]
    list_select_related = ["event"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in EmailLog._meta.fields]

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
