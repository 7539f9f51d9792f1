import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def highlight(text, words):
    """The text, escaped, with the searched words marked; a long text is cut to an
    excerpt around the first match."""
    text = str(text or "")
    if words:
        pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
        first = pattern.search(text)
        if len(text) > 300:
            start = max(0, (first.start() if first else 0) - 100)
            text = ("…" if start else "") + text[start : start + 300] + "…"
        parts = []
        last = 0
        for match in pattern.finditer(text):
            parts.append(escape(text[last : match.start()]))
            parts.append(f"<mark>{escape(match.group(0))}</mark>")
            last = match.end()
        parts.append(escape(text[last:]))
        return mark_safe("".join(parts))  # noqa: S308 -- every part escaped above
    return escape(text[:300])
