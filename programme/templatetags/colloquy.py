import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core.folding import fold, fold_with_origins, original_span

register = template.Library()


@register.filter
def highlight(text, words):
    """The text, escaped, with the searched words marked as the search finds them:
    whatever their accents and case ("Wisniewski" marks "Wiśniewski", see
    `core.folding`); a long text is cut to an excerpt around the first match."""
    text = str(text or "")
    folded_words = [w for w in map(fold, words or []) if w]
    if not folded_words:
        return escape(text[:300])
    folded, origins = fold_with_origins(text)
    pattern = re.compile(
        "|".join(re.escape(w) for w in sorted(folded_words, key=len, reverse=True))
    )
    spans = [original_span(text, origins, m.start(), m.end()) for m in pattern.finditer(folded)]
    cut, end = 0, len(text)
    if len(text) > 300:
        cut = max(0, (spans[0][0] if spans else 0) - 100)
        end = cut + 300
    parts = ["…" if cut else ""]
    last = cut
    for start, stop in spans:
        if start < last or stop > end:
            continue  # inside the previous mark ("ß" gives two letters), or cut off
        parts.append(escape(text[last:start]))
        parts.append(f"<mark>{escape(text[start:stop])}</mark>")
        last = stop
    parts.append(escape(text[last:end]))
    parts.append("…" if end < len(text) else "")
    return mark_safe("".join(parts))  # noqa: S308 -- every part escaped above
