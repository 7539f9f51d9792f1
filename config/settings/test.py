"""Test settings: base settings, made faster and hermetic. Nothing here changes behaviour
but the shared cache's place (below)."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-used-anywhere-else-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# The test client's own address, so links in emails open with the client.
os.environ.setdefault("SITE_URL", "http://testserver")

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# The manifest is built by collectstatic; tests render templates without one.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MEDIA_ROOT = BASE_DIR / ".pytest_cache" / "media"  # noqa: F405
# Serve static files from the apps' folders, as runserver does: no collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tasks run at once, in the test's own transaction and process.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# The suite runs in one process: the shared cache in local memory (Redis with
# REDIS_URL, as on .ci/run's PostgreSQL run), so that a page's query count is the
# page's own. The database cache, production's default, has its own tests
# (tests/programme/test_shared_cache.py, tests/test_workers.py).
if "REDIS_URL" not in env:  # noqa: F405
    CACHES["default"] = {  # noqa: F405
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "colloquy",
    }
