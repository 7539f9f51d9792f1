"""Admin actions call a service per object and report each refusal by name."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError


def error_text(error: ValidationError | PermissionDenied) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def apply_service(modeladmin, request, queryset, call, done_message) -> None:
    """`call(obj)` runs the service on one object; `done_message(n)` reports successes."""
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
