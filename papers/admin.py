from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import (
    FilterErrorsMixin,
    HistoryInlineMixin,
    MessageForm,
    RulesAdminMixin,
    apply_service,
    decision_step,
    error_text,
    public_url,
    step_page,
)
from core.exports import csv_response
from panels.admin import ScopedForeignKeysMixin
from panels.enums import PanelStatus
from panels.models import Panel
from panels.rules import is_organiser, is_section_chair
from panels.selectors import panels_for_admin

from . import services
from .enums import PaperStatus
from .models import Authorship, Paper, PaperStatusChange
from .selectors import papers_for_admin

DEFAULT_MESSAGES = {
    PaperStatus.ACCEPTED: _(
        "We are pleased to accept your paper to the panel. We look forward to your "
        "presentation; please upload the full paper before the event."
    ),
    PaperStatus.RESERVE: _(
        "Your paper is a good fit, but the panel is full. We have put it on the reserve list "
        "and will accept it if a place frees up."
    ),
    PaperStatus.REJECTED: _(
        "Thank you for your proposal. We received many strong papers and could not include "
        "yours in this panel. The organisers may still place it in another panel."
    ),
}
DECISION_VERBS = {
    "accept": PaperStatus.ACCEPTED,
    "reserve": PaperStatus.RESERVE,
    "reject": PaperStatus.REJECTED,
}
DECISION_TITLES = {
    PaperStatus.ACCEPTED: _("Accept"),
    PaperStatus.RESERVE: _("Put on the reserve list"),
    PaperStatus.REJECTED: _("Reject"),
}


class AuthorshipInline(RulesAdminMixin, admin.TabularInline):
    model = Authorship
    extra = 0
    fields = ["position", "name", "email", "affiliation", "is_presenter", "user"]
    autocomplete_fields = ["user"]

    def has_view_permission(self, request, obj=None):
        return obj is None or request.user.has_perm("papers.view_paper", obj)


class HistoryInline(HistoryInlineMixin, admin.TabularInline):
    model = PaperStatusChange
    fk_name = "paper"
    fields = ["at", "from_status", "to_status", "from_panel", "to_panel", "by", "message"]
    verbose_name_plural = _("history: every status change, who, when, why")
    view_perm = "papers.view_paper"


# The largest id a database stores (a signed 64-bit integer).
MAX_ID = 2**63 - 1


class PanelFilter(admin.SimpleListFilter):
    """Only the panels the person may see, not every panel of every event."""

    title = _("panel")
    parameter_name = "panel__id__exact"

    def lookups(self, request, model_admin):
        panels = panels_for_admin(request.user).order_by("event_id", "code")
        return [(p.pk, f"{p.code} {p.title[:50]}") for p in panels[:300]]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        # An id, or the list goes back to showing everything (see FilterErrorsMixin).
        if not (value.isascii() and value.isdigit() and int(value) <= MAX_ID):
            raise IncorrectLookupParameters(f"not a panel id: {value!r}")
        return queryset.filter(panel_id=int(value))


class PoolFilter(admin.SimpleListFilter):
    title = _("pool")
    parameter_name = "pool"

    def lookups(self, request, model_admin):
        return [
            ("section", _("waiting for a panel (section pool)")),
            ("rejected", _("rejected (event pool)")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "section":
            return queryset.filter(panel__isnull=True).exclude(status=PaperStatus.WITHDRAWN)
        if self.value() == "rejected":
            return queryset.filter(status=PaperStatus.REJECTED)
        if self.value():
            raise IncorrectLookupParameters(f"no such pool: {self.value()!r}")
        return queryset


MESSAGE_LABEL = _("Message to the authors")
MESSAGE_HELP = _("Every author with an email address receives it with the decision.")


class MoveForm(forms.Form):
    panel = forms.ModelChoiceField(label=_("Move to panel"), queryset=Panel.objects.none())
    message = forms.CharField(
        label=_("Message to the authors"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, panels, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = panels


class NewPanelForm(forms.Form):
    title = forms.CharField(label=_("Title of the new panel"), max_length=300)
    abstract = forms.CharField(label=_("Abstract"), widget=forms.Textarea, required=False)


@admin.register(Paper)
class PaperAdmin(FilterErrorsMixin, ScopedForeignKeysMixin, RulesAdminMixin, admin.ModelAdmin):
    list_display = ["title", "panel", "section", "status", "authors", "affiliations", "created_at"]
    list_filter = [
        PanelFilter,
        "status",
        PoolFilter,
        ("event", admin.RelatedOnlyFieldListFilter),
        ("section", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["panel", "section"]
    search_fields = ["title", "panel__code", "authorships__name", "authorships__affiliation"]
    autocomplete_fields = ["section", "panel", "keywords", "submitted_by"]
    inlines = [AuthorshipInline, HistoryInline]
    actions = [
        "accept_papers",
        "reserve_papers",
        "reject_papers",
        "move_papers",
        "group_into_panel",
        "export_csv",
    ]
    change_form_template = "admin/papers/paper/change_form.html"
    fieldsets = [
        (None, {"fields": ["event", "section", "panel", "position", "title", "abstract"]}),
        (None, {"fields": ["keywords", "submitted_by", "full_paper"]}),
        (_("Decision"), {"fields": ["status", "decision_message", "decided_by", "decided_at"]}),
        (_("Dates"), {"fields": ["created_at", "updated_at"]}),
    ]
    AUDIT = ["status", "decision_message", "decided_by", "decided_at", "created_at", "updated_at"]

    def get_queryset(self, request):
        return papers_for_admin(request.user).prefetch_related("authorships")

    def get_readonly_fields(self, request, obj=None):
        return self.AUDIT

    def view_on_site(self, obj):
        return public_url(obj, Paper.objects.public())

    @admin.display(description=_("authors"))
    def authors(self, obj):
        return ", ".join(a.name for a in obj.authorships.all())

    @admin.display(description=_("affiliations"))
    def affiliations(self, obj):
        return "; ".join(
            dict.fromkeys(a.affiliation for a in obj.authorships.all() if a.affiliation)
        )

    # Permissions of the actions, from the rules.
    def has_decide_permission(self, request):
        return request.user.has_perm("papers.decide_paper")

    def has_move_permission(self, request):
        return request.user.has_perm("papers.move_paper")

    def has_group_permission(self, request):
        return is_organiser(request.user) or is_section_chair(request.user)

    def has_export_permission(self, request):
        return request.user.has_perm("papers.export_paper")

    # Deciding, one paper at a time (from its page) or many (an action) ------------------

    def get_urls(self):
        return [
            path(
                "<path:object_id>/decide/<str:verb>/",
                self.admin_site.admin_view(self.decide_view),
                name="papers_paper_decide",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        paper = self.get_object(request, object_id)
        may_decide = paper is not None and request.user.has_perm("papers.decide_paper", paper)
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "may_decide": may_decide}
        )

    def decide_view(self, request, object_id, verb):
        status = DECISION_VERBS.get(verb)
        paper = self.get_object(request, object_id)
        if status is None or paper is None:
            raise Http404(_("No such paper or decision."))
        if not request.user.has_perm("papers.decide_paper", paper):
            raise PermissionDenied
        change_url = reverse("admin:papers_paper_change", args=[paper.pk])
        if request.method == "POST":
            form = MessageForm(request.POST, label=MESSAGE_LABEL, help_text=MESSAGE_HELP)
            if form.is_valid():
                try:
                    services.DECISIONS[status](
                        paper=paper, by=request.user, message=form.cleaned_data["message"]
                    )
                except (ValidationError, PermissionDenied) as error:
                    self.message_user(request, error_text(error), level="error")
                else:
                    self.message_user(request, _("Decision saved; the authors are emailed."))
                return HttpResponseRedirect(change_url)
        else:
            form = MessageForm(
                initial={"message": DEFAULT_MESSAGES[status]},
                label=MESSAGE_LABEL,
                help_text=MESSAGE_HELP,
            )
        return step_page(
            self,
            request,
            [paper],
            title=DECISION_TITLES[status],
            form=form,
            decision=PaperStatus(status).label,
            single=paper,
        )

    def _decide_selected(self, request, queryset, status, done):
        return decision_step(
            self,
            request,
            queryset,
            decide=lambda paper, message: services.DECISIONS[status](
                paper=paper, by=request.user, message=message
            ),
            done=done,
            title=DECISION_TITLES[status],
            decision=PaperStatus(status).label,
            message=DEFAULT_MESSAGES[status],
            label=MESSAGE_LABEL,
            help_text=MESSAGE_HELP,
        )

    @admin.action(description=_("Accept selected papers…"), permissions=["decide"])
    def accept_papers(self, request, queryset):
        return self._decide_selected(
            request,
            queryset,
            PaperStatus.ACCEPTED,
            lambda n: ngettext("%d paper accepted.", "%d papers accepted.", n) % n,
        )

    @admin.action(description=_("Put selected papers on the reserve list…"), permissions=["decide"])
    def reserve_papers(self, request, queryset):
        return self._decide_selected(
            request,
            queryset,
            PaperStatus.RESERVE,
            lambda n: ngettext("%d paper put on reserve.", "%d papers put on reserve.", n) % n,
        )

    @admin.action(description=_("Reject selected papers…"), permissions=["decide"])
    def reject_papers(self, request, queryset):
        return self._decide_selected(
            request,
            queryset,
            PaperStatus.REJECTED,
            lambda n: ngettext("%d paper rejected.", "%d papers rejected.", n) % n,
        )

    # Placing and moving -------------------------------------------------------------------

    def _move_targets(self, request):
        panels = panels_for_admin(request.user, as_panel_chair=False)
        return (
            panels.filter(status=PanelStatus.ACCEPTED)
            .select_related("event")
            .order_by("event_id", "code")
        )

    @admin.action(description=_("Move to panel…"), permissions=["move"])
    def move_papers(self, request, queryset):
        targets = self._move_targets(request)
        if "apply" in request.POST:
            form = MoveForm(request.POST, panels=targets)
            if form.is_valid():
                panel, message = form.cleaned_data["panel"], form.cleaned_data["message"]
                apply_service(
                    self,
                    request,
                    queryset,
                    lambda paper: services.paper_move(
                        paper=paper, to_panel=panel, by=request.user, message=message
                    ),
                    lambda n: (
                        ngettext(
                            "%(n)d paper moved to %(code)s.", "%(n)d papers moved to %(code)s.", n
                        )
                        % {"n": n, "code": panel.code}
                    ),
                )
                return None
        else:
            form = MoveForm(panels=targets)
        return step_page(
            self,
            request,
            queryset,
            title=_("Move papers to a panel"),
            form=form,
            template="admin/papers/paper/move.html",
        )

    @admin.action(description=_("Group into a new panel…"), permissions=["group"])
    def group_into_panel(self, request, queryset):
        if "apply" in request.POST:
            form = NewPanelForm(request.POST)
            if form.is_valid():
                try:
                    panel = services.panel_create_from_papers(
                        papers=list(queryset),
                        by=request.user,
                        title=form.cleaned_data["title"],
                        abstract=form.cleaned_data["abstract"],
                    )
                except (ValidationError, PermissionDenied) as error:
                    self.message_user(request, error_text(error), level="error")
                else:
                    self.message_user(
                        request,
                        _("Panel %(code)s created with %(n)d papers; add its chairs now.")
                        % {"code": panel.code, "n": queryset.count()},
                    )
                    return HttpResponseRedirect(
                        reverse("admin:panels_panel_change", args=[panel.pk])
                    )
                return None
        else:
            form = NewPanelForm()
        return step_page(
            self,
            request,
            queryset,
            title=_("Group papers into a new panel"),
            form=form,
            template="admin/papers/paper/group.html",
        )

    @admin.action(description=_("Export selected papers as CSV"), permissions=["export"])
    def export_csv(self, request, queryset):
        papers = queryset.select_related("event", "section", "panel").prefetch_related(
            "authorships"
        )
        return csv_response(
            "papers",
            [
                "id",
                "event",
                "section",
                "panel",
                "title",
                "status",
                "authors",
                "affiliations",
                "presenters",
                "author emails",
                "decided at",
            ],
            [
                [
                    p.pk,
                    p.event.slug,
                    p.section.code,
                    p.panel.code if p.panel else "",
                    p.title,
                    p.get_status_display(),
                    "; ".join(a.name for a in p.authorships.all()),
                    "; ".join(a.affiliation for a in p.authorships.all()),
                    "; ".join(a.name for a in p.authorships.all() if a.is_presenter),
                    "; ".join(a.email for a in p.authorships.all() if a.email),
                    p.decided_at.isoformat() if p.decided_at else "",
                ]
                for p in papers
            ],
        )
