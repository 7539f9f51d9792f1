"""Settings come from the environment; production refuses to start half-configured.

config.settings.base (manage.py's default) needs no secret; config.settings.production
(config.wsgi's and config.asgi's default) refuses to start without SECRET_KEY,
ALLOWED_HOSTS and SITE_URL, whatever the command.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-secret-key-with-enough-entropy-0123456789",
    "ALLOWED_HOSTS": "colloquy.example.org",
    "EMAIL_HOST": "smtp.example.org",
    "SITE_URL": "https://colloquy.example.org",
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
}


def run(command, *args, **env):
    ours = {
        "DJANGO_SETTINGS_MODULE",
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "EMAIL_HOST",
        "DATABASE_URL",
        "SECURE_SSL_REDIRECT",
        "SITE_URL",
        "DEFAULT_FROM_EMAIL",
        "TRUST_X_FORWARDED_PROTO",
        "TRUSTED_PROXY_COUNT",
    }
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    return subprocess.run(  # noqa: S603 -- our own commands with fixed arguments
        [*command, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def manage(*args, **env):
    return run([sys.executable, "manage.py"], *args, **env)


def test_check_deploy_reports_nothing_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "DEBUG", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("value", [None, "", "  "])
def test_production_refuses_to_start_without_a_secret_key(value):
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    if value is not None:
        env["SECRET_KEY"] = value

    result = manage("check", **env)

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.parametrize("value", [None, "", "  ", "colloquy.example.org"])
def test_production_refuses_to_start_without_the_site_address(value):
    env = {k: v for k, v in PRODUCTION.items() if k != "SITE_URL"}
    if value is not None:
        env["SITE_URL"] = value

    result = manage("check", **env)

    assert result.returncode != 0
    assert "Set SITE_URL" in result.stderr


@pytest.mark.parametrize("value", [None, "", " , "])
def test_production_refuses_to_start_without_allowed_hosts(value):
    env = {k: v for k, v in PRODUCTION.items() if k != "ALLOWED_HOSTS"}
    if value is not None:
        env["ALLOWED_HOSTS"] = value

    result = manage("check", **env)

    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS" in result.stderr


def test_production_refuses_a_site_address_its_allowed_hosts_refuse():
    result = manage("check", **{**PRODUCTION, "SITE_URL": "https://other.example.org"})

    assert result.returncode != 0
    assert "SITE_URL's host 'other.example.org' is not in ALLOWED_HOSTS" in result.stderr


def setting(name, **env):
    code = f"from django.conf import settings; print(repr(settings.{name}))"
    result = manage("shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_mail_comes_from_the_sites_own_host_unless_named():
    assert (
        setting("DEFAULT_FROM_EMAIL", **PRODUCTION) == "'Colloquy <noreply@colloquy.example.org>'"
    )
    named = {**PRODUCTION, "DEFAULT_FROM_EMAIL": "Conference <office@example.org>"}
    assert setting("DEFAULT_FROM_EMAIL", **named) == "'Conference <office@example.org>'"
    assert setting("SERVER_EMAIL", **named) == "'Conference <office@example.org>'"


@pytest.mark.parametrize(
    ("env", "count"),
    [({}, "0"), ({"TRUST_X_FORWARDED_PROTO": "1"}, "1"), ({"TRUSTED_PROXY_COUNT": "2"}, "2")],
)
def test_the_client_address_is_read_behind_as_many_proxies_as_declared(env, count):
    assert setting("ALLAUTH_TRUSTED_PROXY_COUNT", **PRODUCTION, **env) == count


def test_debug_is_off_unless_asked_for():
    code = "from django.conf import settings; print('DEBUG', settings.DEBUG)"

    result = manage("shell", "--no-imports", "-c", code, **PRODUCTION)

    assert result.stdout.strip() == "DEBUG False"


def test_without_database_url_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    code = (
        "from django.db import connection; c = connection.cursor();"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0],"
        " c.execute('PRAGMA busy_timeout').fetchone()[0])"
    )

    result = manage(
        "shell", "--no-imports", "-c", code, SQLITE_PATH=str(tmp_path / "db.sqlite3"), **PRODUCTION
    )

    assert result.stdout.split() == ["wal", "20000"], result.stderr


def test_bootstrap_comes_from_an_installed_package_not_from_the_repository():
    found = finders.find("bootstrap/css/bootstrap.min.css")

    assert found
    assert "site-packages" in found
    assert not (ROOT / "static" / "bootstrap").exists()


@pytest.mark.parametrize(
    "command",
    [[sys.executable, "manage.py"], [str(Path(sys.executable).parent / "django-admin")]],
    ids=["manage.py", "django-admin"],
)
def test_checking_the_migrations_needs_no_production_variables(command):
    result = run(
        command,
        "makemigrations",
        "--check",
        "--dry-run",
        DJANGO_SETTINGS_MODULE="config.settings.base",
        PYTHONPATH=str(ROOT),  # django-admin, unlike manage.py, does not add the project
    )

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


@pytest.mark.parametrize(
    "command", [["migrate", "--plan"], ["makemigrations", "--check", "--dry-run"]]
)
def test_production_refuses_every_command_without_them(command):
    result = manage(*command, DJANGO_SETTINGS_MODULE="config.settings.production")

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_manage_py_without_variables_uses_the_development_settings_with_debug_off():
    code = "from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)"

    result = manage("shell", "--no-imports", "-c", code)

    assert result.stdout.split() == ["config.settings.base", "False"], result.stderr


def test_the_wsgi_and_asgi_applications_use_the_production_settings():
    code = (
        "import config.wsgi, config.asgi; from django.conf import settings;"
        "print(settings.SETTINGS_MODULE)"
    )
    production = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SETTINGS_MODULE"}

    started = run([sys.executable, "-c", code], **production)
    refused = run([sys.executable, "-c", code])

    assert started.stdout.strip() == "config.settings.production", started.stderr
    assert refused.returncode != 0
    assert "Set SECRET_KEY" in refused.stderr


def test_an_empty_variable_takes_the_default_and_a_dollar_is_kept_as_it_is():
    secret = "$not-the-name-of-another-variable-" + "x" * 40
    code = (
        "from django.conf import settings;"
        "print(settings.SECURE_SSL_REDIRECT, settings.DEBUG, settings.SECRET_KEY)"
    )

    result = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        **{**PRODUCTION, "SECRET_KEY": secret, "SECURE_SSL_REDIRECT": "", "DEBUG": ""},
    )

    assert result.stdout.split() == ["True", "False", secret], result.stderr


@pytest.mark.parametrize("module", ["config.settings.production", "config.settings.base"])
@pytest.mark.parametrize(
    ("redis_url", "backend", "location"),
    [
        ("", "DatabaseCache", "colloquy_cache"),
        ("redis://127.0.0.1:6379/9", "RedisCache", "redis://127.0.0.1:6379/9"),
    ],
)
def test_every_process_shares_one_cache_the_databases_table_unless_redis_url(
    module, redis_url, backend, location
):
    """Production and `make run` alike: gunicorn's workers, the task worker and the
    shell see the same versions and the same sign-in counts."""
    code = (
        "from django.conf import settings; c = settings.CACHES;"
        "print(c['default']['BACKEND'].rsplit('.', 1)[1], c['default']['LOCATION'],"
        " c['pages']['BACKEND'])"
    )

    result = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        **{**PRODUCTION, "DJANGO_SETTINGS_MODULE": module, "REDIS_URL": redis_url},
    )

    assert result.stdout.split() == [backend, location, "core.cache_backends.BoundedMemoryCache"]
