"""The public address of a person in an event, for a name in any script.

A person in an event is a name (a panel role or an author row), not a row of her
own. Her page's address is `<slug>-<key>`, e.g. `wangxiaoming-k3j5h2l9qa`:

- the slug is for reading: the name transliterated to ASCII by anyascii (王小明 →
  "WangXiaoMing", Ελένη → "Eleni", Иван → "Ivan", 😀 → ":grinning:") and then
  Django's `slugify`, as the addresses were before any script was read, so that a
  Latin name keeps the slug it had ("José García" → "jose-garcia"). It may be empty
  (a name of punctuation only); the address is then the key alone.
- the key is for finding: ten base32 characters of the SHA-256 of the normalised
  name (`normalised_name`). The same name, however typed (NFC or NFD accents,
  capitals, spaces), gives the same key; two names that only transliterate alike
  ("José" and "Jose", "Wang Xiao Ming" and 王小明) give two keys and two pages.

Both are stored on `PanelRole` and `Authorship` (`name_slug`, `person_key`), filled
by `save()` and by every `bulk_create` of people, and are functions of the name
alone: editing anything else never moves a page. Changing either function changes
every address: it needs a migration that recomputes both columns.
"""

import base64
import hashlib
import re
import unicodedata

from anyascii import anyascii
from django.utils.text import slugify

SLUG_MAX = 200  # the columns' max_length
# 50 bits: among 10,000 names of one event, two share a key with a chance of about
# one in 20 million (n² / 2⁵¹); they would then share a page.
KEY_LENGTH = 10
KEY_RE = re.compile(rf"[a-z2-7]{{{KEY_LENGTH}}}")


def name_slug(name: str) -> str:
    """The readable part of a person's address: lower-case ASCII letters, digits
    and dashes, at most `SLUG_MAX` characters, possibly empty."""
    # anyascii writes an emoji as ":earth_africa:": colons and underscores break words.
    ascii_name = anyascii(name or "").replace(":", " ").replace("_", " ")
    return slugify(ascii_name)[:SLUG_MAX].strip("-")


def normalised_name(name: str) -> str:
    """The name as compared: Unicode NFKC (composed accents, compatibility forms
    folded), case-folded, runs of white space as one space, no space at either end."""
    return " ".join(unicodedata.normalize("NFKC", name or "").casefold().split())


def person_key(name: str) -> str:
    """The finding part of a person's address: `KEY_LENGTH` characters of
    [a-z2-7], the same for every spelling of one normalised name."""
    digest = hashlib.sha256(normalised_name(name).encode()).digest()
    return base64.b32encode(digest).decode().lower()[:KEY_LENGTH]


def person_ref(slug: str, key: str) -> str:
    """The person's part of her page's address: `<slug>-<key>`, or `<key>`."""
    return f"{slug}-{key}" if slug else key


def split_ref(ref: str) -> tuple[str, str] | None:
    """`(slug, key)` of an address part made by `person_ref`, or None when it ends
    in no key (an address of the old kind, the slug alone)."""
    slug, _, key = ref.rpartition("-")
    return (slug, key) if KEY_RE.fullmatch(key) else None


class PublicPerson:
    """For a model with `name_slug` and `person_key` (a role, an author)."""

    @property
    def person_ref(self) -> str:
        """The `person` argument of `programme:person`."""
        return person_ref(self.name_slug, self.person_key)

    def set_person_address(self) -> None:
        """Fill `name_slug` and `person_key` from `name`."""
        self.name_slug = name_slug(self.name)
        self.person_key = person_key(self.name)

    set_person_address.alters_data = True
