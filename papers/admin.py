from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import (
    HistoryInlineMixin,
    HistoryViewMixin,
    MessageForm,
    RulesAdminMixin,
    ServiceErrorsAdminMixin,
    add_errors,
    apply_service,
    decision_step,
    error_text,
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


class AuthorshipFormSet(forms.BaseInlineFormSet):
    """The authors of a paper as an organiser corrects them: the authors' rules and
    the presenters' limits are the service's (papers.services.authors_errors)."""

    def authors(self) -> list[services.AuthorData]:
        kept = [
            form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        kept.sort(key=lambda form: form.cleaned_data.get("position") or 0)
        return [
            services.AuthorData(
                name=form.cleaned_data.get("name", ""),
                email=form.cleaned_data.get("email", ""),
                affiliation=form.cleaned_data.get("affiliation", ""),
                is_presenter=form.cleaned_data.get("is_presenter", False),
            )
            for form in kept
        ]

    def clean(self):
        super().clean()
        if any(self.errors) or self.instance.pk is None or not self.has_changed():
            return
        errors = services.authors_errors(paper=self.instance, authors=self.authors())
        if errors:
            raise forms.ValidationError(errors)


class AuthorshipInline(RulesAdminMixin, admin.TabularInline):
    model = Authorship
    formset = AuthorshipFormSet
    extra = 0
    fields = ["position", "name", "email", "affiliation", "is_presenter", "user"]
    # An author's account is linked when its address is confirmed, never by hand.
    readonly_fields = ["user"]

    def has_view_permission(self, request, obj=None):
        return obj is None or request.user.has_perm("papers.view_paper", obj)

    def has_add_permission(self, request, obj=None):
        # Authors are added to a paper that exists: a new paper gets them once saved.
        return obj is not None and super().has_add_permission(request, obj)


class HistoryInline(HistoryInlineMixin, admin.TabularInline):
    model = PaperStatusChange
    fk_name = "paper"
    fields = [
        "at",
        "from_status",
        "to_status",
        "from_panel",
        "to_panel",
        "what_changed",
        "by",
        "message",
    ]
    verbose_name_plural = _("history: every change, who, when, why")
    view_perm = "papers.view_paper"


class PanelFilter(admin.SimpleListFilter):
    """Only the panels the person may see, not every panel of every event."""

    title = _("panel")
    parameter_name = "panel__id__exact"

    def lookups(self, request, model_admin):
        panels = panels_for_admin(request.user).order_by("event_id", "code")
        return [(p.pk, f"{p.code} {p.title[:50]}") for p in panels[:300]]

    def queryset(self, request, queryset):
        return queryset.filter(panel_id=self.value()) if self.value() else queryset


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


class PaperAdminForm(forms.ModelForm):
    """The event's limits on a paper's text come from the service, as on the site."""

    def _post_clean(self):
        super()._post_clean()  # the instance now holds what was typed
        paper = self.instance
        if not self.errors and paper.event_id:
            keywords = self.cleaned_data.get("keywords")
            if keywords is None:
                keywords = paper.keywords.all() if paper.pk else []
            errors = services.paper_errors(paper=paper, keywords=list(keywords))
            # What was there before is judged when it changes, not on every edit.
            changed = set(self.changed_data) if paper.pk else set(errors)
            add_errors(self, {f: e for f, e in errors.items() if f in changed})


@admin.register(Paper)
class PaperAdmin(
    ServiceErrorsAdminMixin,
    HistoryViewMixin,
    ScopedForeignKeysMixin,
    RulesAdminMixin,
    admin.ModelAdmin,
):
    form = PaperAdminForm
    history_select_related = ["by", "from_panel", "to_panel"]
    # What a chair reads a list of papers by, in the width of a laptop's screen
    # beside the admin's menu and filters; the rest is on each paper's page.
    list_display = ["panel_code", "title", "status", "authors", "section_code"]
    list_display_links = ["title"]
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

    # A paper's place and status change through decisions and moves (actions that
    # call the services); once saved, only its text and authors are corrected here.
    PLACE = ["event", "section", "panel", "position", "submitted_by", "full_paper"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return [*self.AUDIT, "position", "full_paper"]
        return [*self.PLACE, *self.AUDIT]

    def save_model(self, request, obj, form, change):
        keywords = list(form.cleaned_data["keywords"]) if "keywords" in form.changed_data else None
        if change:
            services.paper_edit(
                paper=obj, by=request.user, fields=form.changed_data, keywords=keywords
            )
        else:
            services.paper_create(paper=obj, by=request.user, keywords=keywords or [])

    def save_related(self, request, form, formsets, change):
        # Keywords were saved by the service with the paper (no form.save_m2m()).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Authorship:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # only to list what changed, for the admin's log
        if formset.has_changed():
            services.paper_authors_update(
                paper=form.instance, by=request.user, authors=formset.authors()
            )
        return None

    @admin.display(description=_("panel"), ordering="panel__code")
    def panel_code(self, obj):
        return obj.panel.code if obj.panel else None

    @admin.display(description=_("section"), ordering="section__code")
    def section_code(self, obj):
        return obj.section.code

    @admin.display(description=_("authors"))
    def authors(self, obj):
        return ", ".join(a.name for a in obj.authorships.all())

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
                    # The same page again: the message as typed, and why.
                    form.add_error(None, error_text(error))
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
            warnings=self._warnings(status, [paper]),
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
            warnings=self._warnings(status, queryset),
        )

    @staticmethod
    def _warnings(status, papers):
        if status != PaperStatus.ACCEPTED:
            return []
        return services.acceptance_warnings(papers)

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
