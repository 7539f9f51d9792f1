"""What every admin of ours shares: permissions from django-rules per object,
actions that call a service per object, read-only histories."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError


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
