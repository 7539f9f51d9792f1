"""Settings come from the environment; production refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

from django.contrib.staticfiles import finders

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-secret-key-with-enough-entropy-0123456789",
    "ALLOWED_HOSTS": "colloquy.example.org",
    "EMAIL_HOST": "smtp.example.org",
    "DJANGO_SETTINGS_MODULE": "config.settings.base",
}


def manage(*args, **env):
    ours = {
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "EMAIL_HOST",
        "DATABASE_URL",
        "SECURE_SSL_REDIRECT",
    }
    clean = {k: v for k, v in os.environ.items() if k not in ours}
    return subprocess.run(  # noqa: S603 -- our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_reports_nothing_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "DEBUG", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}

    result = manage("check", **env)

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    env = {k: v for k, v in PRODUCTION.items() if k != "ALLOWED_HOSTS"}

    result = manage("check", **env)

    assert result.returncode != 0
    assert "Set ALLOWED_HOSTS" in result.stderr


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


def test_checking_the_migrations_needs_no_production_variables():
    result = manage(
        "makemigrations", "--check", "--dry-run", DJANGO_SETTINGS_MODULE="config.settings.base"
    )

    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_every_other_command_still_refuses_to_start_without_them():
    result = manage("migrate", "--plan", DJANGO_SETTINGS_MODULE="config.settings.base")

    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
