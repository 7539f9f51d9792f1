"""Forms of the public site that are not pages of their own."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from panels.models import Panel

# The most stars one agenda keeps from a browser's list.
MAX_AGENDA = 200


class PanelCodeField(forms.CharField):
    """A panel's code, optional: a string of the shape the model allows (its
    validators: length, letters, digits, "-", "_", "."), which holds no NUL either."""

    def __init__(self, **kwargs):
        code = Panel._meta.get_field("code")
        kwargs.setdefault("required", False)
        super().__init__(max_length=code.max_length, validators=code.validators, **kwargs)

    def to_python(self, value):
        if value not in self.empty_values and not isinstance(value, str):
            raise ValidationError(_("Send a panel code."), code="invalid")
        return super().to_python(value)


class PanelCodesField(forms.Field):
    """A JSON list of panel codes; the first `MAX_AGENDA` are kept. Anything else (a
    string, an object, a list holding a number or a malformed code) is invalid."""

    def to_python(self, value) -> list[str]:
        if value in self.empty_values:
            return []
        if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
            raise ValidationError(_("Send a list of panel codes."), code="invalid")
        code = PanelCodeField()
        return [code.clean(item) for item in value[:MAX_AGENDA]]


class AgendaSyncForm(forms.Form):
    """The JSON object `static/js/colloquy.js` posts to `/<event>/agenda/sync/`:
    `{"merge": [codes]}` after loading a page, `{"star": code}` or `{"unstar": code}`
    after a click. Each key is optional; codes of no public panel are ignored later."""

    merge = PanelCodesField(required=False)
    star = PanelCodeField()
    unstar = PanelCodeField()


class AgendaQueryForm(forms.Form):
    """The agenda page's and feed's `?panels=P001,P002`: the stars a browser holds."""

    panels = forms.CharField(required=False)

    def clean_panels(self) -> list[str]:
        codes = [code for code in self.cleaned_data["panels"].split(",") if code]
        return PanelCodesField(required=False).clean(codes)


class ProgrammeDayForm(forms.Form):
    """The programme's `?day=` (an ISO date, "2027-06-02"). Another value, or a day
    without slots, shows the programme's default day, as no `?day=` does."""

    day = forms.DateField(required=False, input_formats=["%Y-%m-%d"])

    def chosen(self, dates) -> datetime.date | None:
        """The day asked for if the form is valid and it is one of `dates`, else None."""
        if not self.is_valid():
            return None
        day = self.cleaned_data["day"]
        return day if day in dates else None
