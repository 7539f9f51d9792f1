from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q, Value
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import admin as accounts_admin
from accounts.models import User
from core.admin import (
    CheckedRelationsMixin,
    EventTimeZoneMixin,
    FilterErrorsMixin,
    FoldedSearchMixin,
    HistoryInlineMixin,
    HistoryViewMixin,
    MessageForm,
    RelatedOnlyFilter,
    RulesAdminMixin,
    ServiceErrorsAdminMixin,
    add_errors,
    apply_service,
    decision_step,
    error_text,
    public_url,
    step_page,
)
from core.forms import decimal_digits
from panels.admin import ScopedForeignKeysMixin
from panels.enums import PanelStatus
from panels.models import Panel
from panels.rules import is_organiser, is_section_chair
from panels.selectors import events_for_admin, panels_for_admin

from . import services
from .enums import AuthorshipStatus, PaperStatus
from .models import Authorship, Paper, PaperStatusChange
from .selectors import (
    NO_DECIDER,
    awaiting_decision,
    awaiting_decision_of,
    in_section_pool,
    papers_for_admin,
    people_for_admin,
)

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
    fields = ["position", "name", "email", "affiliation", "is_presenter", "user", "confirmation"]
    # An author's account is linked when its address is confirmed, never by hand; an
    # authorship is confirmed or declined by its person, by the links mailed to her.
    readonly_fields = ["user", "confirmation"]

    @admin.display(description=_("confirmation"))
    def confirmation(self, obj):
        return obj.get_status_display() if obj.pk else "—"

    def has_view_permission(self, request, obj=None):
        return obj is None or request.user.has_perm("papers.view_paper", obj)

    def has_add_permission(self, request, obj=None):
        # Authors are added to a paper that exists: a new paper gets them once saved.
        return obj is not None and super().has_add_permission(request, obj)


def _author_label(author) -> str:
    """An author's name, and her answer when it is not a confirmation."""
    if author.status == AuthorshipStatus.CONFIRMED:
        return author.name
    return f"{author.name} ({author.get_status_display()})"


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


# The largest id a database stores (a signed 64-bit integer).
MAX_ID = 2**63 - 1


class PanelFilter(admin.SimpleListFilter):
    """Only the panels the person may see, not every panel of every event."""

    title = _("panel")
    parameter_name = "panel__id__exact"

    def lookups(self, request, model_admin):
        panels = panels_for_admin(request.user).order_by("event_id", "code")
        # Values as typed in the address: the counts of `?_facets` pass each through
        # `queryset` as `self.value()`.
        return [(str(p.pk), f"{p.code} {p.title[:50]}") for p in panels[:300]]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        # An id, or the list goes back to showing everything (see FilterErrorsMixin).
        if not (decimal_digits(value) and int(value) <= MAX_ID):
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
            return in_section_pool(queryset)
        if self.value() == "rejected":
            return queryset.filter(status=PaperStatus.REJECTED)
        if self.value():
            raise IncorrectLookupParameters(f"no such pool: {self.value()!r}")
        return queryset


class DeciderFilter(admin.SimpleListFilter):
    """Papers awaiting a decision: all of them, or those of one chair (the
    organisers' dashboard links here, `papers.selectors.awaiting_decision_of`)."""

    title = _("decision awaited")
    parameter_name = "decider"

    def lookups(self, request, model_admin):
        choices = [("any", _("awaiting a decision")), (NO_DECIDER, _("with nobody to decide"))]
        if self.value() and self.value() not in ("any", NO_DECIDER):
            choices.append((self.value(), _("of the chair chosen")))
        return choices

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if value == "any":
            return awaiting_decision(queryset)
        try:
            return awaiting_decision_of(queryset, value)
        except ValueError as error:
            raise IncorrectLookupParameters(str(error)) from error


def full_paper_admin_url(paper) -> str:
    return reverse("admin:papers_paper_full_paper", args=[paper.pk])


class FullPaperLink:
    """The current file as the upload widget shows it: linked to the admin's download,
    not to the storage's address under MEDIA_URL, which is never served."""

    def __init__(self, paper):
        self.url = full_paper_admin_url(paper)

    def __str__(self):
        return str(_("full paper (PDF)"))


class FullPaperInput(AdminFileWidget):
    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["value"] = FullPaperLink(value.instance)
        return context


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
        DeciderFilter,
        ("event", RelatedOnlyFilter),
        ("section", RelatedOnlyFilter),
    ]
    list_select_related = ["panel", "section"]
    search_fields = [
        "title_folded",
        "panel__code",
        "authorships__name_folded",
        "authorships__affiliation_folded",
    ]
    autocomplete_fields = ["section", "panel", "keywords", "submitted_by"]
    inlines = [AuthorshipInline, HistoryInline]
    actions = [
        "accept_papers",
        "reserve_papers",
        "reject_papers",
        "move_papers",
        "group_into_panel",
    ]  # and the exports, added in programme/admin.py
    change_form_template = "admin/papers/paper/change_form.html"
    formfield_overrides = {models.FileField: {"widget": FullPaperInput}}
    fieldsets = [
        (None, {"fields": ["event", "section", "panel", "position", "title", "abstract"]}),
        (None, {"fields": ["keywords", "submitted_by", "full_paper"]}),
        (_("Decision"), {"fields": ["status", "decision_message", "decided_by", "decided_at"]}),
        (_("Dates"), {"fields": ["created_at", "updated_at"]}),
    ]
    AUDIT = ["status", "decision_message", "decided_by", "decided_at", "created_at", "updated_at"]
    time_zone_path = "event__time_zone"

    def get_queryset(self, request):
        return papers_for_admin(request.user).prefetch_related("authorships")

    def time_zone_for(self, request, object_id):
        if object_id is None:  # a new paper: the event chosen in the form, or ?event=
            chosen = request.POST.get("event") or request.GET.get("event")
            if not chosen:
                return None
            events = events_for_admin(request.user)
            try:
                return events.filter(pk=chosen).values_list("time_zone", flat=True).first()
            except (ValueError, ValidationError):
                return None
        return super().time_zone_for(request, object_id)

    # A paper's place and status change through decisions and moves (actions that
    # call the services); once saved, only its text and authors are corrected here.
    PLACE = ["event", "section", "panel", "position", "submitted_by", "full_paper_file"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return [*self.AUDIT, "position", "full_paper_file"]
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

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        # The full paper is the author's to upload, so it is read-only here; read-only,
        # Django would link the file to its storage address (never served).
        return [
            (
                name,
                {
                    **options,
                    "fields": [
                        "full_paper_file" if f == "full_paper" else f for f in options["fields"]
                    ],
                },
            )
            for name, options in fieldsets
        ]

    @admin.display(description=_("full paper (PDF)"))
    def full_paper_file(self, paper):
        if not paper.full_paper:
            return self.get_empty_value_display()
        return format_html('<a href="{}">{}</a>', full_paper_admin_url(paper), _("Download"))

    def view_on_site(self, obj):
        return public_url(obj, Paper.objects.public())

    @admin.display(description=_("panel"), ordering="panel__code")
    def panel_code(self, obj):
        return obj.panel.code if obj.panel else None

    @admin.display(description=_("section"), ordering="section__code")
    def section_code(self, obj):
        return obj.section.code

    @admin.display(description=_("authors"))
    def authors(self, obj):
        return ", ".join(_author_label(a) for a in obj.authorships.all())

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
            path(
                "<path:object_id>/full-paper/",
                self.admin_site.admin_view(self.full_paper_view),
                name="papers_paper_full_paper",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        paper = self.get_object(request, object_id)
        may_decide = paper is not None and request.user.has_perm("papers.decide_paper", paper)
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "may_decide": may_decide}
        )

    def full_paper_view(self, request, object_id):
        """The full paper, to whoever may see the paper in the admin, whatever its
        status (the public download serves public papers only)."""
        paper = self.get_object(request, unquote(object_id))
        if paper is None or not paper.full_paper:
            raise Http404(_("No full paper has been uploaded."))
        if not self.has_view_or_change_permission(request, paper):
            raise PermissionDenied
        return FileResponse(
            paper.full_paper.open("rb"),
            content_type="application/pdf",
            filename=f"{slugify(paper.title)[:80] or 'paper'}.pdf",
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


# The people's admin, scoped -------------------------------------------------------------
# Completed here, above accounts and panels, as programme/admin.py completes the
# panels' admin: who is tied to an event includes its papers' authors and submitters.


def mask_email(address: str) -> str:
    """The first letter and the domain, "t•••@bham.ac.uk" for "tony@bham.ac.uk":
    enough to tell two namesakes apart, not to write to either."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}•••@{domain}"


def exact_address(term: str) -> str | None:
    """The search term as an email address, if it is one."""
    address = User.objects.normalize_email(term.strip())
    try:
        validate_email(address)
    except ValidationError:
        return None
    return address


admin.site.unregister(User)


@admin.register(User)
class PeopleAdmin(accounts_admin.UserAdmin):
    """Who sees which accounts (`people_for_admin`), and how much of each:

    - Superusers: every account, every field; only they add or change accounts.
    - Organisers: the people tied to their events, with their email addresses. They
      manage people and roles, write to them, and answer "I cannot sign in": the
      address is the login, and what tells two namesakes apart.
    - Section chairs: the people tied to their sections, by name, affiliation and
      ORCID, the address masked (t•••@bham.ac.uk). They choose the account that
      holds a role in one of their panels; the masked address tells namesakes apart.
      The address to write to about a role or a paper is the one given there
      (`PanelRole.email`, `Authorship.email`), which those pages show.
    - Panel chairs give no roles and see no one here.

    Whoever may look people up also finds, in the autocomplete only, the account of an
    address typed in full: an organiser names a new co-organiser or section chair
    who has no tie to the event yet without a list of everyone's addresses."""

    SHOWN = ["name", "affiliation", "orcid", "address"]

    def get_queryset(self, request):
        return self._with_address(request, people_for_admin(request.user))

    def _with_address(self, request, people):
        """`address_shown` on each person: whether the viewer reads the whole address
        (superusers; organisers, for the people of their events)."""
        if request.user.is_superuser:
            shown = Value(True)
        else:
            organised = people_for_admin(request.user, as_section_chair=False)
            shown = Q(pk__in=organised.values("pk"))
        return people.annotate(address_shown=ExpressionWrapper(shown, output_field=BooleanField()))

    @admin.display(description=_("email address"))
    def address(self, person):
        return person.email if getattr(person, "address_shown", False) else mask_email(person.email)

    def autocomplete_text(self, person):
        """How the autocomplete names a person (see ColloquyAdminSite.autocomplete_view)."""
        affiliation = f" ({person.affiliation})" if person.affiliation else ""
        return f"{person.name}{affiliation} · {self.address(person)}"

    def get_list_display(self, request):
        if request.user.is_superuser:
            return super().get_list_display(request)
        return ["name", "affiliation", "address"]

    def lookup_allowed(self, lookup, value, request=None):
        # A lookup in the address (?email__startswith=t, ?is_superuser__exact=1) would
        # read, letter by letter, what the list masks: superusers only (else a 400).
        if request is None or not request.user.is_superuser:
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_list_filter(self, request):
        # Who is staff or superuser is no one else's business.
        return super().get_list_filter(request) if request.user.is_superuser else []

    def get_search_fields(self, request):
        if request.user.is_superuser or is_organiser(request.user):
            return super().get_search_fields(request)
        return ["name", "affiliation", "orcid"]

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        address = exact_address(search_term)
        if address and getattr(request.resolver_match, "url_name", None) == "autocomplete":
            found |= self._with_address(request, User.objects.filter(email__iexact=address))
        return found, may_have_duplicates

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return [(None, {"fields": self.SHOWN})]

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return self.SHOWN
