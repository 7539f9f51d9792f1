"""An admin form as a browser sends it back: read from the page's HTML, so that a
test loads the form (GET), changes what a person would type and submits it (POST),
and every value shown on the page goes back as shown."""

from html.parser import HTMLParser

from django.urls import reverse

from tests.factories import UserFactory

SKIPPED_INPUTS = {"submit", "button", "image", "reset", "file"}


class _FormReader(HTMLParser):
    """The fields of the page's change form (the admin's `<form id="…_form">`)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_form = False
        self.fields: list[tuple[str, str]] = []
        self.select: dict | None = None
        self.option: dict | None = None
        self.textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("id") or "").endswith("_form"):
            self.in_form = True
        if not self.in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type", "text") not in SKIPPED_INPUTS:
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value") or ("on" if "checked" in attrs else "")))
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self.select is not None:
            self.option = {"value": attrs.get("value"), "selected": "selected" in attrs, "text": ""}
            self.select["options"].append(self.option)
        elif tag == "textarea" and name:
            self.textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self.option is not None:
            self.option["text"] += data
        if self.textarea is not None:
            self.textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "option":
            self.option = None
        elif tag == "select" and self.select is not None:
            options = self.select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and options and not self.select["multiple"]:
                chosen = options[:1]  # what a browser sends for a select left alone
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"]
                self.fields.append((self.select["name"], value.strip()))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            text = self.textarea["text"]
            self.fields.append(
                (self.textarea["name"], text.removeprefix("\r\n").removeprefix("\n"))
            )
            self.textarea = None


def form_data(html: str, **changes) -> dict:
    """The change form's data as a browser would send it, with `changes` applied
    (a value of None removes the field)."""
    reader = _FormReader()
    reader.feed(html)
    data: dict = {}
    for name, value in reader.fields:
        if name in data:
            data[name] = (
                [*data[name], value] if isinstance(data[name], list) else [data[name], value]
            )
        else:
            data[name] = value
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def choices(html: str, name: str) -> list[str]:
    """The labels a select (or multiple select) of the change form offers, the
    blank choice left out."""
    reader = _FormReader()
    found: list[str] = []
    original = reader.handle_endtag

    def keep(tag):
        if tag == "select" and reader.select is not None and reader.select["name"] == name:
            options = reader.select["options"]
            found.extend(" ".join(o["text"].split()) for o in options if o["value"])
        original(tag)

    reader.handle_endtag = keep
    reader.feed(html)
    return found


def add_inline_row(data: dict, prefix: str, **values) -> dict:
    """`data` with one more row in the inline formset `prefix`."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value
    return data


def admin_form_data(response, **changes) -> dict:
    """The POST data of the admin page in `response`, as the browser would send it
    back (`form_data` on its HTML), with `changes` applied."""
    return form_data(response.content.decode(), **changes)


# Signing in and finding pages -----------------------------------------------------


def change_url(obj) -> str:
    """The admin change page of a model instance."""
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def sign_in_organiser(client, *events):
    """A new account, organiser of `events` (not a superuser), signed in on `client`."""
    user = UserFactory()
    for event in events:
        event.organisers.add(user)
    client.force_login(user)
    return user
