"""Text folded for search: accents, case and a few look-alike marks forgiven.

`fold("Wiśniewski")`, `fold("WISNIEWSKI")` and `fold("wisniewski")` are all
"wisniewski"; "Łódź" is "lodz", "Straße" "strasse", "Grünwald" "grunwald", "Ørsted"
"orsted", "Ðurić" "duric", "Æsir" "aesir", "Œuvre" "oeuvre", and the
Turkish dotless i (U+0131) is "i".

The search stores a folded copy of every text it searches (`title_folded`,
`name_folded`, … — the models name them in `folded_fields`) and folds the words
typed; it then compares folded with folded on SQLite and PostgreSQL alike, so both
databases find the same rows (docs/architecture.md, "Search", says why this and not
PostgreSQL's `unaccent`). The copies are kept by `FoldedFieldsMixin.save` and by
`FoldingQuerySet` (`bulk_create`, `bulk_update`, `update`): every write path.
Changing `fold` changes what is stored: a data migration must then fold every row
again (`refold`, as in panels 0012 and papers 0010).

How a character folds, one at a time (so that a folded text maps back to the
original, see `fold_with_origins`):

1. compatibility decomposition (NFKD: "é" → "e" + U+0301, "ﬁ" → "fi", a
   full-width A → "A", the double-struck R (U+211D) → "R");
2. `str.casefold()` (Unicode's case folding: "ß" → "ss", final and capital sigma →
   small sigma), then NFKD again for what the folding composed ("İ" → "i" + U+0307);
3. every nonspacing mark (category Mn) dropped: the accents of every script;
4. a Latin letter still not ASCII ("ł", "ø", "đ", "æ", "œ", the dotless i, "þ", "ŋ": letters
   of their own that NFKD does not decompose) spelt as `anyascii` spells it (the
   library that also spells people's addresses, core/people.py) — only Latin
   letters, so that Greek, Cyrillic, Arabic or Chinese text is kept in its own
   script and found by words typed in it;
5. the typographic apostrophes (U+2019, U+2018, U+02BC) as "'", so that "O'Brien"
   finds the name typeset with a curly apostrophe.
"""

import functools
import unicodedata

from anyascii import anyascii
from django.db import models

APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'"}


@functools.cache
def _fold_char(char: str) -> str:
    parts = []
    # Case folded after the decomposition too: NFKD makes capitals of its own
    # (U+211D, the double-struck R, is "R"), and SQLite's LIKE would forgive
    # their case where PostgreSQL's does not.
    decomposed = unicodedata.normalize("NFKD", char).casefold()
    for part in unicodedata.normalize("NFKD", decomposed):
        if unicodedata.category(part) == "Mn":
            continue
        if part in APOSTROPHES:
            part = APOSTROPHES[part]
        elif not part.isascii() and unicodedata.name(part, "").startswith("LATIN "):
            part = anyascii(part).lower() or part
        parts.append(part)
    return "".join(parts)


def fold(text: str | None) -> str:
    """`text` folded for search (the module's docstring says how); "" for None."""
    return "".join(_fold_char(char) for char in text or "")


def fold_with_origins(text: str) -> tuple[str, list[int]]:
    """`fold(text)`, and for each of its characters the index in `text` of the
    character it came from (several folded characters may come from one: "ß" → "ss";
    an original character may give none: a combining accent)."""
    folded, origins = [], []
    for index, char in enumerate(text):
        part = _fold_char(char)
        folded.append(part)
        origins.extend([index] * len(part))
    return "".join(folded), origins


def original_span(text: str, origins: list[int], start: int, end: int) -> tuple[int, int]:
    """The span of `text` that gave the folded characters `start:end` (end > start):
    from the first one's origin to the end of the last one's, including the accents
    that follow it and gave nothing."""
    last = origins[end - 1]
    following = next((o for o in origins[end:] if o > last), len(text))
    return origins[start], following


class FoldedFieldsMixin:
    """For a model with folded copies of some of its texts, named in `folded_fields`
    (folded copy → text): `save()` folds them again (and saves them with their text
    when `update_fields` names it)."""

    folded_fields: dict[str, str] = {}

    def fold_fields(self) -> None:
        for target, source in self.folded_fields.items():
            setattr(self, target, fold(getattr(self, source)))

    fold_fields.alters_data = True

    def save(self, *args, **kwargs):
        self.fold_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = _with_folded(self.folded_fields, update_fields)
        return super().save(*args, **kwargs)


def _with_folded(folded_fields: dict[str, str], fields) -> list[str]:
    fields = list(fields)
    return fields + [t for t, s in folded_fields.items() if s in fields and t not in fields]


class FoldingQuerySet(models.QuerySet):
    """The bulk writes of a `FoldedFieldsMixin` model, keeping its folded copies:
    `bulk_create` and `bulk_update` fold each object first; `update()` folds a text
    given as a value, and refuses one given as an expression (F(), Concat…), which
    it cannot fold: save such rows one by one."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.fold_fields()
        return super().bulk_create(objs, *args, **kwargs)

    bulk_create.alters_data = True

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        folded = _with_folded(self.model.folded_fields, fields)
        if len(folded) > len(list(fields)):
            for obj in objs:
                obj.fold_fields()
        return super().bulk_update(objs, folded, *args, **kwargs)

    bulk_update.alters_data = True

    def update(self, **kwargs):
        for target, source in self.model.folded_fields.items():
            if source not in kwargs or target in kwargs:  # (bulk_update gives both)
                continue
            if not isinstance(kwargs[source], str):
                raise TypeError(
                    f"update({source}=…) takes a text here, not an expression: "
                    f"{self.model.__name__}.{target} could not be folded."
                )
            kwargs[target] = fold(kwargs[source])
        return super().update(**kwargs)

    update.alters_data = True


def refold(model, pairs: dict[str, str], batch_size: int = 500) -> int:
    """Fold again every row of `model` (a historical model in a data migration
    will do), for `pairs` (folded copy → text, as the model's `folded_fields`).
    Returns how many rows."""
    rows = list(model._base_manager.only("pk", *pairs.values()))
    for row in rows:
        for target, source in pairs.items():
            setattr(row, target, fold(getattr(row, source)))
    model._base_manager.bulk_update(rows, list(pairs), batch_size=batch_size)
    return len(rows)
