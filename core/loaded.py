"""Values as they were read from the database, kept on the instance.

A save's signal cannot read the row it replaces: it has been written already. A model
that names fields in `loaded_fields` (attnames: "status", "slug", "panel_id") keeps
their values as loaded in `_loaded_values` (the `Model.from_db` pattern of Django's
docs), so that the page cache (`programme.signals`) knows, without a query, whether a
paper was public before it was withdrawn, which address an event had before it moved,
or which panel a role was in before it changed panels. `remember_saved` brings them up
to date after a save, so a second save of the same instance compares with the first.
A field deferred when the row was read is not kept: the reader must treat "not known"
with care (`loaded_value` gives its default then)."""


class LoadedValuesMixin:
    """For a model: keep the values of `loaded_fields` as loaded (`_loaded_values`)."""

    loaded_fields: tuple[str, ...] = ()

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._loaded_values = {
            name: getattr(instance, name) for name in cls.loaded_fields if name in field_names
        }
        return instance


def loaded_value(instance, name: str, default=None):
    """The value of `name` as `instance` was loaded or last saved with; `default` when
    not known (a new instance, one built by hand, or the field deferred)."""
    return getattr(instance, "_loaded_values", {}).get(name, default)


def remember_saved(instance, update_fields=None) -> None:
    """After `instance` was saved (with `update_fields`, None for all of them), the
    values it wrote are the ones stored."""
    names = getattr(type(instance), "loaded_fields", ())
    if not names:
        return
    loaded = dict(getattr(instance, "_loaded_values", {}))
    for name in names:
        field = instance._meta.get_field(name)  # "panel_id" finds the field "panel"
        if update_fields is None or {field.name, field.attname} & set(update_fields):
            loaded[name] = getattr(instance, name)
    instance._loaded_values = loaded
