"""Production settings: the base settings, with the variables a deployment must set.

`config.wsgi` and `config.asgi` use this module unless DJANGO_SETTINGS_MODULE says
otherwise; the deployment recipe (README, docs/deployment.md) exports it for
`manage.py` too. It refuses to start without SECRET_KEY, ALLOWED_HOSTS and SITE_URL, whatever
the command: nothing here guesses from the command line. Checking the migrations
needs no secret: run it with config.settings.base or config.settings.test.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.http.request import validate_host

from .base import *  # noqa: F403
from .base import env, env_names

for_development = (
    "(For development, or to check the migrations, use "
    "DJANGO_SETTINGS_MODULE=config.settings.base: it needs no secret.)"
)

if "SECRET_KEY" not in env:
    raise ImproperlyConfigured(
        "Set SECRET_KEY to a long random string, e.g. the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`. " + for_development
    )
SECRET_KEY = env.str("SECRET_KEY")

ALLOWED_HOSTS = env_names("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "Set ALLOWED_HOSTS, e.g. ALLOWED_HOSTS=colloquy.example.org. " + for_development
    )

SITE_URL = env.str("SITE_URL", default="").rstrip("/")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        "Set SITE_URL to the site's address, e.g. SITE_URL=https://colloquy.example.org: "
        "links in emails and calendars are built from it. " + for_development
    )
_site_host = urlsplit(SITE_URL).hostname or ""
if not validate_host(_site_host, ALLOWED_HOSTS):
    raise ImproperlyConfigured(
        f"SITE_URL's host {_site_host!r} is not in ALLOWED_HOSTS: every link in the "
        "emails would lead to an address the site refuses. " + for_development
    )
# The sender of every message: named by DEFAULT_FROM_EMAIL, else the site's own host
# (never "localhost", which mail servers refuse or file as spam).
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default=f"Colloquy <noreply@{_site_host}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The strict security defaults, whatever DEBUG says. Each variable can still turn one
# off explicitly (`make bench` does, for plain HTTP on loopback).
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# SQLite's connections kept open between requests, as DATABASE_URL's are (base.py):
# a page served from the cache makes one query, of the database cache's table, and
# opening a SQLite connection for it (WAL, functions) costs some 10 ms, a hundred
# times the query. (Not in base.py: runserver starts a thread per request, where a
# kept connection only waits to be collected.)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
