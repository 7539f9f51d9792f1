"""What every admin of ours shares: permissions from django-rules per object,
actions that call a service per object, read-only histories."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class RulesAdminMixin:
    """Every has_*_permission asks the rules for this object (or, without one,
    whether the person may do it to any object of the kind)."""

    def has_rule(self, request, action, obj=None) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.{action}_{self.opts.model_name}", obj)

    def has_module_permission(self, request):
        return self.has_rule(request, "view")

    def has_view_permission(self, request, obj=None):
        return self.has_rule(request, "view", obj) or self.has_rule(request, "change", obj)

    def has_change_permission(self, request, obj=None):
        return self.has_rule(request, "change", obj)

    def has_add_permission(self, request, *args):
        return self.has_rule(request, "add")

    def has_delete_permission(self, request, obj=None):
        return self.has_rule(request, "delete", obj)


def error_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def apply_service(modeladmin, request, queryset, call, done_message) -> int:
    """`call(obj)` runs the service on one object; `done_message(n)` reports successes.
    Each refusal is reported with the object's name; the others still go through."""
    done = 0
    for obj in queryset:
        try:
            call(obj)
        except (ValidationError, PermissionDenied) as error:
            modeladmin.message_user(request, f"{obj}: {error_text(error)}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_message(done), messages.SUCCESS)
    return done


class HistoryInlineMixin:
    """A read-only list of status changes on an object's admin page."""

    extra = 0
    can_delete = False
    view_perm = ""

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return obj is None or request.user.has_perm(self.view_perm, obj)

    @admin.display(description=_("what changed"))
    def what_changed(self, obj):
        return changes_html(obj.changes)


def changes_html(changes: dict) -> str:
    """A history row's changes, one per line: "title: Old → New" (escaped)."""
    return format_html_join(
        mark_safe("<br>"),
        "{}: {} → {}",
        ((field, before or "—", after or "—") for field, (before, after) in changes.items()),
    )


class HistoryViewMixin:
    """The History button shows the object's own history (every change of status,
    place, text and people, who and when, from → to), not Django's empty log."""

    object_history_template = "admin/colloquy_history.html"
    history_select_related = ["by"]

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        rows = obj.history.select_related(*self.history_select_related).order_by("at", "pk")
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %s") % obj,
            "subtitle": None,
            "rows": [(row, changes_html(row.changes)) for row in rows],
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "object": obj,
            "opts": self.opts,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)


# One page for every step between choosing an action and applying it ----------------


class MessageForm(forms.Form):
    """The message that goes with a decision, to the people it concerns."""

    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, label=None, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["message"].label = label
        self.fields["message"].help_text = help_text


def step_page(
    modeladmin, request, objects, *, title, form, template="admin/decide.html", **context
) -> TemplateResponse:
    """The intermediate page of an admin action (many objects, chosen in the list) or
    of one object's button (`single=` that object): the objects, a form, the verb."""
    return TemplateResponse(
        request,
        template,
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "opts": modeladmin.opts,
            "objects": objects,
            "form": form,
            "action": request.POST.get("action", ""),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            **context,
        },
    )


def decision_step(
    modeladmin,
    request,
    queryset,
    *,
    decide,
    done,
    title,
    decision,
    message,
    label,
    help_text="",
    warnings=(),
):
    """An action in two steps. First the decision page, with `message` (the default
    text) to edit and `warnings` (e.g. a panel already full) shown before anything
    is typed; on "apply", `decide(obj, message)` for each object. Returns None when
    every object was decided (back to the list, with `done(n)`), else the same page
    again for the objects refused, with the message as typed and each reason."""
    if "apply" in request.POST:
        form = MessageForm(request.POST, label=label, help_text=help_text)
        if form.is_valid():
            text = form.cleaned_data["message"]
            refused = []
            for obj in queryset:
                try:
                    decide(obj, text)
                except (ValidationError, PermissionDenied) as error:
                    refused.append(obj)
                    form.add_error(None, f"{obj}: {error_text(error)}")
            decided = len(queryset) - len(refused)
            if decided:
                modeladmin.message_user(request, done(decided), messages.SUCCESS)
            if not refused:
                return None
            queryset = refused
    else:
        form = MessageForm(initial={"message": message}, label=label, help_text=help_text)
    return step_page(
        modeladmin,
        request,
        queryset,
        title=title,
        form=form,
        decision=decision,
        warnings=warnings,
    )


class ServiceErrorsAdminMixin:
    """Saves in the admin go through the services, which may refuse after the forms
    have validated: a clash found only once a panel's roles are saved, a limit
    reached by someone else a moment before. The refusal (a ValidationError) rolls
    back the whole save, as Django's admin saves in one transaction, and the same
    page comes back with what was typed and the reason above the form."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            if request.method != "POST":
                raise
            request.refused_by_service = error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        error = getattr(request, "refused_by_service", None)
        if error is None:
            return form

        class Refused(form):
            def clean(self):
                cleaned = super().clean()
                self.add_error(None, ValidationError(error.messages))
                return cleaned

        return Refused


def add_errors(form, errors: dict) -> None:
    """A service's errors keyed by field (see `panels.rules.text_errors`) on the
    admin form: on the field when the form shows it, else above the form."""
    for field, field_errors in errors.items():
        form.add_error(field if field in form.fields else None, field_errors)
