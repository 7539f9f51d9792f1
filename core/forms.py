"""Forms and form fields the apps share: what a page's address carries (`?q=`), and
relation fields that refuse ids their column cannot hold."""

from django import forms
from django.core.exceptions import BadRequest, ValidationError
from django.db import models

# The longest query looked for; the rest of a longer one is dropped.
MAX_QUERY = 200


class QueryForm(forms.Form):
    """A search box's `?q=`: stripped, cut to `MAX_QUERY` characters. A NUL
    character (which PostgreSQL cannot compare) makes it invalid."""

    q = forms.CharField(required=False)

    def clean_q(self) -> str:
        return self.cleaned_data["q"][:MAX_QUERY]


def query_of(request) -> str:
    """The request's search query, "" when there is none. Raises `BadRequest` (a 400)
    for one the form refuses."""
    form = QueryForm(request.GET)
    if not form.is_valid():
        raise BadRequest(form.errors.as_text())
    return form.cleaned_data["q"]


def decimal_digits(text: str) -> bool:
    """True for a non-empty run of the ASCII digits 0-9 only. Not `str.isdigit()`,
    which also takes "²" and "٣" (Unicode digits) that `int()` refuses or reads."""
    return text.isascii() and text.isdigit()


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
