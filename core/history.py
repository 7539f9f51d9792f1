"""What changed in an object, in words, for its history: field → [from, to]."""

from django.db import models


def snapshot(obj, fields) -> dict[str, str]:
    """The values of `fields` of a model instance, as a person reads them: choices by
    their label, related objects by their name, many-to-many fields (of a saved
    object) as a sorted, comma-separated list, empty values as ""."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values[name] = (
                ", ".join(sorted(str(o) for o in getattr(obj, name).all())) if obj.pk else ""
            )
        elif field.choices:
            values[name] = str(getattr(obj, f"get_{name}_display")())
        elif isinstance(field, models.ForeignKey):
            related = getattr(obj, name)
            values[name] = "" if related is None else str(related)
        else:
            value = getattr(obj, name)
            values[name] = "" if value is None else str(value)
    return values


def differences(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    """The fields whose value differs: field → [before, after]."""
    return {
        name: [before.get(name, ""), value]
        for name, value in after.items()
        if before.get(name, "") != value
    }
