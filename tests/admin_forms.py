"""Submitting an admin page as a person does: load it, keep what it shows, change a
few fields, send it back."""


def _add_form(data: dict, form) -> None:
    for name in form.fields:
        field = form[name]
        value = field.value()
        if value is None:
            continue
        widget = form.fields[name].widget
        if hasattr(widget, "widgets") and not isinstance(value, list | tuple):
            # A split widget (date and time): one input per part, name_0, name_1…
            parts = value if isinstance(value, list | tuple) else widget.decompress(value)
            for index, part in enumerate(parts):
                if part is not None:
                    data[f"{field.html_name}_{index}"] = str(part)
        elif isinstance(value, bool):
            if value:
                data[field.html_name] = "on"
        elif isinstance(value, list | tuple):
            data[field.html_name] = [str(v) for v in value]
        else:
            data[field.html_name] = str(value)


def admin_form_data(response, **changes) -> dict:
    """The POST data of the admin add/change page in `response` (its form and every
    inline formset, with their management forms), with `changes` applied."""
    data: dict = {}
    context = response.context
    _add_form(data, context["adminform"].form)
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.forms:
            _add_form(data, form)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data
