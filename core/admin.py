"""What every admin of ours shares: permissions from django-rules per object,
actions that call a service per object, read-only histories, and dates and times
in the time zone of the event they belong to."""

import datetime
import zoneinfo
from functools import partial

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .folding import fold
from .forms import ModelMultipleChoiceField, decimal_digits, storable


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


class CheckedAutocompleteMixin:
    """Django's autocomplete widget, looking up only the chosen values that can be
    ids: on a form sent back with errors it names the chosen objects with a query
    that raises ValueError for "abc" (and OverflowError on SQLite for a number
    beyond 64 bits) instead of leaving them out."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(
            getattr(remote, "field_name", None) or remote.model._meta.pk.name
        )
        return super().optgroups(name, [v for v in value if storable(target, v)], attr)


class CheckedAutocompleteSelect(CheckedAutocompleteMixin, AutocompleteSelect):
    pass


class CheckedAutocompleteSelectMultiple(CheckedAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class CheckedRelationsMixin:
    """Foreign keys and many-to-many fields that answer any value typed into them
    with a form error, never a server error: the autocomplete widgets above, and
    many-to-many choices checked by `core.forms.ModelMultipleChoiceField`."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class TolerantChangeList(ChangeList):
    """Django's list, refusing a date past the calendar's end as it refuses other
    impossible dates: `?start_date__year=9999&start_date__month=12` overflows when
    Django computes the month's end (it catches only ValueError)."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


class RelatedOnlyFilter(admin.RelatedOnlyFieldListFilter):
    """Django's related-only filter, always applied: Django drops the filter (and its
    parameter, silently) when it has fewer than two choices, so a link such as
    `?event__id__exact=2` to an event with no rows yet listed another event's rows.
    Here the parameter always filters, and the filter always shows."""

    def has_output(self):
        return True


class FoldedSearchMixin:
    """The admin's search box forgiving accents and case as the site's search does: the
    term is folded (`core.folding.fold`) and `search_fields` name the folded copies
    (`title_folded`, `roles__name_folded`…) or fields already stored folded (codes,
    lower-case addresses). "Wisniewski" finds Wiśniewski, in lists and autocompletes."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


class FilterErrorsMixin:
    """A list asked for with filters it cannot apply (a panel "abc", a year past
    9999) goes back to the whole list with a message saying so: Django's redirect to
    `?e=1`, which by itself says nothing. Never a server error."""

    def get_changelist(self, request, **kwargs):
        return TolerantChangeList

    def lookup_allowed(self, lookup, value, request=None):
        """Lookups typed into the address (not the list's own filters): no regular
        expressions (a bad one is a database error; some take SQLite exponential
        time), no number too large for the database, no year outside 1..9999."""
        values = value if isinstance(value, list | tuple) else str(value).split(",")
        if "regex" in lookup:
            return False
        for item in (str(v).strip() for v in values):
            if decimal_digits(item.lstrip("-")) and abs(int(item)) >= 2**62:
                return False
            if lookup.endswith(("__year", "__iso_year")) and not (
                decimal_digits(item) and 1 <= int(item) <= 9999
            ):
                return False
        return super().lookup_allowed(lookup, value, request)

    def response_action(self, request, queryset, *args, **kwargs):
        """An action on objects named by something other than their ids (a tampered
        form) says so and changes nothing, instead of a server error."""
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        if any(not decimal_digits(s) or int(s) >= 2**62 for s in selected):
            messages.error(request, _("The selection was not understood; nothing was done."))
            return HttpResponseRedirect(request.get_full_path())
        return super().response_action(request, queryset, *args, **kwargs)

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
    stored = public.filter(pk=obj.pk).first()  # as saved, not as just typed
    return stored.get_absolute_url() if stored is not None else None


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


# Dates and times in the event's time zone ------------------------------------------


class LocalDateTimeField(forms.SplitDateTimeField):
    """The admin's date and time pair, read in the current time zone (the event's,
    see `EventTimeZoneMixin`), with a plain answer when that local time does not
    exist or comes twice at a daylight-saving change."""

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except ValidationError as error:
            if error.code != "ambiguous_timezone":
                raise
            moment = datetime.datetime.combine(*data_list)
            zone = timezone.get_current_timezone()
            params = {
                "moment": formats.date_format(moment, "j F Y, H:i"),
                "zone": timezone.get_current_timezone_name(),
            }
            round_trip = moment.replace(tzinfo=zone).astimezone(datetime.UTC).astimezone(zone)
            if round_trip.replace(tzinfo=None) != moment:
                raise ValidationError(
                    _(
                        "%(moment)s does not exist in %(zone)s: the clocks go forward at that "
                        "hour. Choose a time before or after the change."
                    ),
                    code="nonexistent_time",
                    params=params,
                ) from error
            raise ValidationError(
                _(
                    "%(moment)s happens twice in %(zone)s: the clocks go back at that hour. "
                    "Choose a time before or after the change."
                ),
                code="ambiguous_time",
                params=params,
            ) from error


def zone_texts(model, *, as_label: bool) -> dict:
    """For each date-and-time field of `model`, its help text (or, `as_label`, its
    label) naming the current time zone, in which the admin reads and shows it."""
    zone = timezone.get_current_timezone_name()
    texts = {}
    for field in model._meta.get_fields():
        if not isinstance(field, models.DateTimeField):
            continue
        if as_label:
            texts[field.name] = f"{field.verbose_name} ({zone})"
        else:
            named = gettext("%(zone)s time.") % {"zone": zone}
            texts[field.name] = " ".join(filter(None, [str(field.help_text), named]))
    return texts


class EventTimeZoneInlineMixin:
    """An inline's dates and times in the current time zone (its parent's event's,
    activated by `EventTimeZoneMixin`), the zone named in each column's heading."""

    formfield_overrides = {models.DateTimeField: {"form_class": LocalDateTimeField}}

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("labels", zone_texts(self.model, as_label=True))
        return super().get_formset(request, obj, **kwargs)


class EventTimeZoneMixin:
    """The dates and times of an event's objects, typed and shown in the event's time
    zone, as the public site shows them: the zone is active while the change form
    is built, validated and rendered, and named beside each date-and-time field.
    A local time that does not exist, or comes twice, is refused with a clear error
    (`LocalDateTimeField`). In the changelist, each row's moments are shown in its
    own event's zone, named.

    `time_zone_path` leads from the model to its event's time zone, e.g.
    "event__time_zone". Override `time_zone_for` for a new object's zone."""

    time_zone_path = ""
    formfield_overrides = {models.DateTimeField: {"form_class": LocalDateTimeField}}

    def time_zone_for(self, request, object_id) -> str | None:
        """The zone of the object's event; None (the site's zone) if not known."""
        if object_id is None:
            return None
        try:
            objects = self.model._default_manager.filter(pk=unquote(object_id))
            return objects.values_list(self.time_zone_path, flat=True).first()
        except (ValidationError, ValueError):
            return None  # Django's own view answers a malformed id

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with timezone.override(self.time_zone_for(request, object_id)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            if isinstance(response, TemplateResponse):
                response.render()  # now, while the event's zone is active
        return response

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs.setdefault("help_texts", zone_texts(self.model, as_label=False))
        return super().get_form(request, obj, change, **kwargs)

    # The changelist: each row in its own event's zone ----------------------------------

    def row_time_zone(self, obj) -> str:
        for name in self.time_zone_path.split("__"):
            obj = getattr(obj, name, None)
        return obj or settings.TIME_ZONE

    def _in_row_zone(self, field):
        def show(obj):
            value = getattr(obj, field.name)
            if value is None:
                return self.get_empty_value_display()
            zone = self.row_time_zone(obj)
            local = timezone.localtime(value, zoneinfo.ZoneInfo(zone))
            return format_html(
                '<time datetime="{}">{}</time> <small>{}</small>',
                local.isoformat(timespec="seconds"),
                formats.localize(local),
                zone,
            )

        show.__name__ = field.name
        show.short_description = field.verbose_name
        show.admin_order_field = field.name
        return show

    def get_list_display(self, request):
        moments = {
            f.name: f for f in self.model._meta.fields if isinstance(f, models.DateTimeField)
        }
        return [
            self._in_row_zone(moments[name]) if name in moments else name
            for name in super().get_list_display(request)
        ]

    def get_list_select_related(self, request):
        related = super().get_list_select_related(request)
        path = self.time_zone_path.rpartition("__")[0]
        if path and isinstance(related, (list, tuple)):
            return [*related, path]
        return related


class HistoryInlineMixin(EventTimeZoneInlineMixin):
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
        response = TemplateResponse(request, self.object_history_template, context)
        # In the event's zone, as on the change page (EventTimeZoneMixin), if it has one.
        zone = None
        if hasattr(self, "time_zone_for"):
            zone = self.time_zone_for(request, object_id)
        with timezone.override(zone):
            return response.render()


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
        except (ValidationError, PermissionDenied) as error:
            if request.method != "POST":
                raise
            if isinstance(error, PermissionDenied):
                error = ValidationError(str(error) or _("You may not make this change."))
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
