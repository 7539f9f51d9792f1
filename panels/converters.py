"""Path converters for the parts of addresses that name our objects."""

from django.urls import register_converter

from .models import Panel, Section

CODE_LENGTH = max(
    Panel._meta.get_field("code").max_length, Section._meta.get_field("code").max_length
)


class CodeConverter:
    """A panel's or a section's code: what `<str:>` takes (no "/"), but no NUL
    character, which PostgreSQL cannot compare (a 500 there, where SQLite found
    nothing), and no longer than the codes stored. Anything else is a 404."""

    regex = rf"[^/\x00]{{1,{CODE_LENGTH}}}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


# Imported once, by every urls.py that uses it: `<code:...>`.
register_converter(CodeConverter, "code")
