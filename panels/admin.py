from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from papers.enums import PaperStatus

from . import services
from .admin_actions import apply_service
from .models import Event, Keyword, Panel, PanelRole, Section


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["code", "title", "chair", "co_chair"]
    autocomplete_fields = ["chair", "co_chair"]
    show_change_link = True


class KeywordInline(admin.TabularInline):
    model = Keyword
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "start_date", "end_date", "venue", "is_published"]
    list_filter = ["is_published"]
    search_fields = ["name", "slug", "venue"]
    prepopulated_fields = {"slug": ["name"]}
    date_hierarchy = "start_date"
    inlines = [SectionInline, KeywordInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "start_date", "end_date", "venue", "time_zone"]}),
        (_("Publication"), {"fields": ["is_published"]}),
        (
            _("Calls and deadlines"),
            {
                "fields": [
                    ("panel_call_opens", "panel_call_closes"),
                    ("paper_call_opens", "paper_call_closes"),
                    "decision_deadline",
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
                ]
            },
        ),
    ]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "event", "chair", "co_chair"]
    list_filter = ["event"]
    list_select_related = ["event", "chair", "co_chair"]
    search_fields = ["code", "title"]
    autocomplete_fields = ["chair", "co_chair"]


@admin.register(Keyword)
class KeywordAdmin(admin.ModelAdmin):
    list_display = ["name", "event"]
    list_filter = ["event"]
    list_select_related = ["event"]
    search_fields = ["name"]


class PanelRoleInline(admin.TabularInline):
    model = PanelRole
    extra = 0
    fields = ["position", "kind", "user", "name", "email", "affiliation"]
    autocomplete_fields = ["user"]


def _paper_count(status):
    return Count("papers", filter=Q(papers__status=status), distinct=True)


@admin.register(Panel)
class PanelAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "title",
        "section",
        "status",
        "format",
        "submitted_count",
        "accepted_count",
        "reserve_count",
        "rejected_count",
    ]
    list_display_links = ["code", "title"]
    list_filter = ["event", "section", "status", "format"]
    list_select_related = ["event", "section"]
    search_fields = ["code", "title", "roles__name"]
    autocomplete_fields = ["section", "keywords"]
    inlines = [PanelRoleInline]
    actions = ["accept_panels", "reject_panels"]
    readonly_fields = ["status", "created_at", "updated_at"]
    fields = [
        "event",
        "section",
        "code",
        "title",
        "abstract",
        "keywords",
        "format",
        "max_papers",
        "status",
        "created_at",
        "updated_at",
    ]

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

    @admin.action(description=_("Accept selected panels"))
    def accept_panels(self, request, queryset):
        apply_service(
            self,
            request,
            queryset,
            lambda obj: services.panel_accept(panel=obj, by=request.user),
            lambda n: ngettext("%d panel accepted.", "%d panels accepted.", n) % n,
        )

    @admin.action(description=_("Reject selected panels"))
    def reject_panels(self, request, queryset):
        apply_service(
            self,
            request,
            queryset,
            lambda obj: services.panel_reject(panel=obj, by=request.user),
            lambda n: ngettext("%d panel rejected.", "%d panels rejected.", n) % n,
        )
