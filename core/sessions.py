"""Django's database sessions, refusing session keys that Django never makes.

Django makes keys of 32 lower-case ASCII letters and digits (`get_random_string` with
`VALID_KEY_CHARS`). A cookie can hold anything: `sessionid="…\\000…"` is unquoted by
Django into a key with a NUL, which PostgreSQL refuses in a query (a DataError, so a
server error on every page). A key of another shape is treated as no session at all,
as Django treats one shorter than 8 characters, and the database is never asked.
"""

import re

from django.contrib.sessions.backends import db

# Django's keys are 32 characters; room for a longer kind, never for another alphabet.
SESSION_KEY = re.compile(r"[a-z0-9]{8,64}")


class SessionStore(db.SessionStore):
    def _validate_session_key(self, key):
        return bool(key) and isinstance(key, str) and SESSION_KEY.fullmatch(key) is not None
