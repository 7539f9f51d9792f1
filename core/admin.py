"""What every admin of ours shares: permissions from django-rules per object,
actions that call a service per object, read-only histories."""

from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _


class WithinReach:
    """One of the change form's helpers (`helpers.AdminForm`, `InlineAdminFormSet`
    and the fieldsets, forms and lines they yield), iterated as Django iterates it,
    except that a read-only field links to the related object's page only if
    `may_open(obj)`; otherwise it names the object as plain text, with
    `name_outside(obj)`. Django links every read-only foreign key, whether the
    person may open it or not (`AdminReadonlyField.get_admin_url`), and gives that
    method no request to ask."""

    def __init__(self, inner, may_open, name_outside):
        self._inner, self._may_open, self._name_outside = inner, may_open, name_outside

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def __iter__(self):
        for part in self._inner:
            if isinstance(part, helpers.AdminReadonlyField):
                part.get_admin_url = partial(self._link, part.get_admin_url)
                yield part
            elif isinstance(part, helpers.AdminField):
                yield part
            else:
                yield WithinReach(part, self._may_open, self._name_outside)

    def _link(self, admin_url, remote_field, obj):
        return admin_url(remote_field, obj) if self._may_open(obj) else self._name_outside(obj)


class RulesAdminMixin:
    """Every has_*_permission asks the rules for this object (or, without one,
    whether the person may do it to any object of the kind); a read-only field on a
    change form links to another object only where the rules let the person open it,
    so no link leads to a 403."""

    def render_change_form(self, request, context, *args, **kwargs):
        def may_open(obj):
            model_admin = self.admin_site._registry.get(type(obj))
            return model_admin is not None and model_admin.has_view_or_change_permission(
                request, obj
            )

        def name_outside(obj):
            # The related admin may name its objects more sparingly (panels: the code).
            model_admin = self.admin_site._registry.get(type(obj))
            return getattr(model_admin, "name_outside_reach", str)(obj)

        context["adminform"] = WithinReach(context["adminform"], may_open, name_outside)
        context["inline_admin_formsets"] = [
            WithinReach(formset, may_open, name_outside)
            for formset in context["inline_admin_formsets"]
        ]
        return super().render_change_form(request, context, *args, **kwargs)

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


class TolerantChangeList(ChangeList):
    """Django's list, refusing a date past the calendar's end as it refuses other
    impossible dates: `?start_date__year=9999&start_date__month=12` overflows when
    Django computes the month's end (it catches only ValueError)."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


class FilterErrorsMixin:
    """A list asked for with filters it cannot apply (a panel "abc", a year past
    9999) goes back to the whole list with a message saying so: Django's redirect to
    `?e=1`, which by itself says nothing. Never a server error."""

    def get_changelist(self, request, **kwargs):
        return TolerantChangeList

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except IncorrectLookupParameters:
            messages.warning(
                request,
                _("The filter in the address was not understood; the whole list is shown."),
            )
            raise


def public_url(obj, public) -> str | None:
    """An object's public address while it is in `public` (the queryset of what the
    public may see), else None: an admin's `view_on_site`, so that "View on site"
    appears only where the page exists."""
    return obj.get_absolute_url() if public.filter(pk=obj.pk).exists() else None


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
    modeladmin, request, queryset, *, decide, done, title, decision, message, label, help_text=""
):
    """An action in two steps. First the decision page, with `message` (the default
    text) to edit; on "apply", `decide(obj, message)` for each object, each refusal
    reported by name (see `apply_service`). Returns None once applied (back to the
    list), else the page."""
    if "apply" in request.POST:
        form = MessageForm(request.POST, label=label, help_text=help_text)
        if form.is_valid():
            text = form.cleaned_data["message"]
            apply_service(modeladmin, request, queryset, lambda obj: decide(obj, text), done)
            return None
    else:
        form = MessageForm(initial={"message": message}, label=label, help_text=help_text)
    return step_page(modeladmin, request, queryset, title=title, form=form, decision=decision)
