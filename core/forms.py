"""Form fields every app's forms share."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


def storable(field: models.Field, value) -> bool:
    """Whether `value`, as typed into a form, is a value of the model field `field`
    that its column can hold: "abc" is no id, and neither is 99999999999999999999,
    beyond a 64-bit column (SQLite's driver raises OverflowError on such a number,
    and Django's `__in` lookups pass it to the driver unchecked)."""
    try:
        field.run_validators(field.to_python(value))
    except ValidationError:
        return False
    return True


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing an id its column cannot hold as it refuses one that is not
    a number (`invalid_pk_value`): Django checks each value by building a query,
    which accepts any integer, then looks all of them up at once, which on SQLite
    fails with OverflowError for an integer beyond 64 bits."""

    def _check_values(self, value):
        model = self.queryset.model
        key = model._meta.get_field(self.to_field_name) if self.to_field_name else model._meta.pk
        for item in value:
            if not storable(key, item):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super()._check_values(value)
