"""Forms for what the address of a page carries (`?q=`), shared by the apps."""

from django import forms
from django.core.exceptions import BadRequest

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
