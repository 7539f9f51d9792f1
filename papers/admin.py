from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from panels.admin_actions import apply_service

from . import services
from .models import Authorship, Paper


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 0
    fields = ["position", "name", "email", "affiliation", "is_presenter", "user"]
    autocomplete_fields = ["user"]


@admin.register(Paper)
class PaperAdmin(admin.ModelAdmin):
    list_display = ["title", "panel", "section", "status", "authors", "created_at"]
    list_filter = ["event", "status", "section"]
    list_select_related = ["panel", "section"]
    search_fields = ["title", "panel__code", "authorships__name", "authorships__affiliation"]
    autocomplete_fields = ["section", "panel", "keywords", "submitted_by"]
    inlines = [AuthorshipInline]
    actions = ["accept_papers", "reserve_papers", "reject_papers"]
    readonly_fields = ["status", "decided_by", "decided_at", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["event", "section", "panel", "position", "title", "abstract"]}),
        (None, {"fields": ["keywords", "submitted_by"]}),
        (
            _("Decision"),
            {"fields": ["status", "decision_message", "decided_by", "decided_at"]},
        ),
        (_("Dates"), {"fields": ["created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("authorships")

    @admin.display(description=_("authors"))
    def authors(self, obj):
        return ", ".join(a.name for a in obj.authorships.all())

    @admin.action(description=_("Accept selected papers"))
    def accept_papers(self, request, queryset):
        apply_service(
            self,
            request,
            queryset,
            lambda obj: services.paper_accept(paper=obj, by=request.user),
            lambda n: ngettext("%d paper accepted.", "%d papers accepted.", n) % n,
        )

    @admin.action(description=_("Put selected papers on the reserve list"))
    def reserve_papers(self, request, queryset):
        apply_service(
            self,
            request,
            queryset,
            lambda obj: services.paper_reserve(paper=obj, by=request.user),
            lambda n: ngettext("%d paper put on reserve.", "%d papers put on reserve.", n) % n,
        )

    @admin.action(description=_("Reject selected papers"))
    def reject_papers(self, request, queryset):
        apply_service(
            self,
            request,
            queryset,
            lambda obj: services.paper_reject(paper=obj, by=request.user),
            lambda n: ngettext("%d paper rejected.", "%d papers rejected.", n) % n,
        )
