"""Settings for development and the tests, read from the environment with django-environ.

They need no secret: without SECRET_KEY and ALLOWED_HOSTS they use a throwaway
development key and the local hosts. `manage.py` uses this module unless
DJANGO_SETTINGS_MODULE says otherwise, and `make run` sets DEBUG=1.
`config.settings.production` builds on it and refuses to start without SECRET_KEY and
ALLOWED_HOSTS; `config.wsgi` and `config.asgi` use that one. `.env.example` lists every
variable. No `.env` file is read: the tests and `make bench` must not pick up a
deployment's variables from the working copy.
"""

import os
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# The environment, read literally: an empty variable counts as unset, so its default
# applies (`DEBUG=` in .env.example, or an empty `SECURE_SSL_REDIRECT=`); and a value
# starting with "$" is itself, not the name of another variable to read in its place
# (django-environ's proxy, which a generated SECRET_KEY or a password would trigger):
# every "$" is escaped here and django-environ unescapes it.
env = environ.Env()
env.escape_proxy = True
env.ENVIRON = {
    name: value.replace("$", r"\$") for name, value in os.environ.items() if value.strip()
}


def env_names(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list ("a.example.org, b.example.org"), without blanks."""
    return [item for item in env.list(name, cast=str.strip, default=default or []) if item]


DEBUG = env.bool("DEBUG", default=False)

# Development defaults; config.settings.production requires both variables.
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-local-development-only")
ALLOWED_HOSTS = env_names("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_names("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "config.apps.ColloquyAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",  # django-bootstrap-static: Bootstrap's CSS and JS as static files
    "import_export",  # the admin's import (dry run, confirm) and export of panels, papers, slots
    "django_tasks_db",  # django.tasks' queue in the database, run by `manage.py db_worker`
    "accounts",
    "panels",
    "papers",
    "programme",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Links in emails and feeds: SITE_URL, else the request's own address (core/site.py).
    "core.site.SiteUrlMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Cached public pages for anonymous readers leave here (see programme/caching.py).
    "programme.caching.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: DATABASE_URL when set (PostgreSQL in production), else a SQLite file.
if "DATABASE_URL" in env:
    DATABASES = {
        "default": {
            **env.db_url("DATABASE_URL"),
            "CONN_MAX_AGE": env.int("CONN_MAX_AGE", default=60),
            "CONN_HEALTH_CHECKS": True,
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env.str("SQLITE_PATH", default=str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                # WAL lets readers and one writer work at once; writers queue on
                # the busy timeout (seconds) instead of failing with "locked".
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The shared cache's table when it lives in the database (CACHES below); `migrate`
# makes it whatever CACHES says, so that dropping REDIS_URL later needs no other step.
SHARED_CACHE_TABLE = "colloquy_cache"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-rules first: object permissions come from panels/rules.py and papers/rules.py.
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "papers:my-proposals"

# Accounts (django-allauth): email and password, email confirmed by a link.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Colloquy] "
ACCOUNT_PREVENT_ENUMERATION = True
# allauth's rate limits, named here because every password door obeys them: failed
# sign-ins are counted per IP and per address, together for the site's sign-in and the
# admin's (config/admin.py): after 5 failures for an address within 5 minutes the next
# attempt is refused at both, the right password too, until the time passes or the
# password is reset. allauth keeps
# the counts in the "default" cache (CACHES below), which must be shared by every
# worker, or each process counts its own: the database's cache table, or Redis.
# allauth's defaults apply to the other actions (signup, change_password...).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# The shared cache ("default"): page versions and pages (programme/caching.py),
# allauth's rate-limit counts. Every process that answers requests or runs tasks must
# see the same one, or a worker serves yesterday's page and each counts its own
# failed sign-ins. Without REDIS_URL it is a table in the database (Django's database
# cache): shared by every process on every machine using that database, made by
# `migrate` (programme/migrations/0002_shared_cache_table.py), with nothing else to
# run. REDIS_URL moves it to Redis, for a busy site or several app servers
# (docs/deployment.md). MAX_ENTRIES: past it, a write first deletes the expired
# entries, then a third of the rest (Django's culling).
if "REDIS_URL" in env:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env.str("REDIS_URL"),
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="colloquy"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": SHARED_CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": env.int("CACHE_MAX_ENTRIES", default=100_000)},
        }
    }
# In front of the shared cache, in each process: rendered pages, whose keys hold the
# event's version (read from the shared cache on every request), so a copy is never
# stale (see programme/caching.py). A least-recently-used store bounded in entries and
# in bytes (the pickled entries and their keys; the process holds a little more):
# PAGES_CACHE_MB per process, so at most workers x that on a machine.
CACHES["pages"] = {
    "BACKEND": "core.cache_backends.BoundedMemoryCache",
    "LOCATION": "colloquy-pages",
    "TIMEOUT": 60 * 60 * 24,
    "OPTIONS": {
        "MAX_ENTRIES": 2000,
        "MAX_BYTES": env.int("PAGES_CACHE_MB", default=32) * 1024 * 1024,
    },
}
# Identifies a deployment (e.g. the git commit); part of the service worker's version.
RELEASE = env.str("RELEASE", default="")

STATIC_URL = "static/"
# collectstatic's output, which WhiteNoise serves (default: staticfiles/ in the working copy).
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: the console by default; SMTP when EMAIL_HOST is set (Django 6.1's MAILERS).
if "EMAIL_HOST" in env:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env.str("EMAIL_HOST"),
                "port": env.int("EMAIL_PORT", default=587),
                "username": env.str("EMAIL_HOST_USER", default=""),
                "password": env.str("EMAIL_HOST_PASSWORD", default=""),
                "use_tls": env.bool("EMAIL_USE_TLS", default=True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# The site's address for every absolute link (emails, allauth's emails, iCal): required
# in production; in development, when unset, the address each request came to
# (core.site.site_url; http://127.0.0.1:8000 outside a request).
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Colloquy <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: strict unless DEBUG is on (config.settings.production keeps them strict
# whatever DEBUG says). A deployment behind a TLS-terminating proxy sets
# SECURE_PROXY_SSL_HEADER via TRUST_X_FORWARDED_PROTO.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Django's database sessions, refusing keys of a shape Django never makes (a NUL in
# the cookie was a server error on PostgreSQL): core/sessions.py.
SESSION_ENGINE = "core.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The client's address, for the sign-in limits counted per address (allauth): behind
# TRUSTED_PROXY_COUNT proxies, each appending to X-Forwarded-For, the one the nearest
# proxy saw; without a proxy, the connection's (REMOTE_ADDR). Behind a proxy it must be
# set, or every person shares the proxy's address and one person's failures lock out
# all; a proxy is assumed when TRUST_X_FORWARDED_PROTO is on. Without a proxy it must
# stay 0, or a client could name any address it likes.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int(
    "TRUSTED_PROXY_COUNT",
    default=1 if env.bool("TRUST_X_FORWARDED_PROTO", default=False) else 0,
)

# Content Security Policy: our own origin only; no inline script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "worker-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Background work (django.tasks): queued in the database, run by `manage.py db_worker`
# (`make run` starts one beside the web server; docs/deployment.md for production).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
