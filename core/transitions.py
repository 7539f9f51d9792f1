"""The one check of a status change, for panels and papers alike."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def check_transition(obj, *, to, allowed_from, subject: str) -> None:
    """Refuse a change of `obj.status` to `to` unless the status is in `allowed_from`.

    `obj` is a model instance with a `status` field whose choices are a TextChoices
    (`get_status_display()`); `to` is a member of that TextChoices. Raises
    ValidationError (code "invalid_transition") naming the object, its status and
    the status refused; `subject` names the object in that message ("Panel P070").
    """
    if obj.status in allowed_from:
        return
    raise ValidationError(
        _("%(object)s is %(status)s and cannot become %(to)s."),
        code="invalid_transition",
        params={"object": subject, "status": obj.get_status_display(), "to": to.label},
    )
