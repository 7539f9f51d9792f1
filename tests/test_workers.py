"""The README's production recipe, run as written with three gunicorn workers and no
REDIS_URL: the shared cache is the database's table, so a decision is seen by every
worker at once and the sign-in limit holds at the same count whatever worker answers.

A database of its own (a SQLite file in tmp_path, or a PostgreSQL database beside the
test database when DATABASE_URL is set), prepared and changed by `manage.py` in other
processes, as an organiser's shell or the admin would: the test's own database is
inside a transaction the workers could not see. gunicorn's access log names the
worker (its pid) that answered each request.
"""

import concurrent.futures
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 3
TOO_MANY = "Too many failed login attempts"
PASSWORD = "secret-password"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def database(tmp_path):
    """The environment's database settings for a fresh, empty database."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield {"SQLITE_PATH": str(tmp_path / "db.sqlite3")}
        return

    base, name = url.rsplit("/", 1)
    name = f"{name}_workers"

    def admin(sql):
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(sql)

    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin(f'CREATE DATABASE "{name}"')
    yield {"DATABASE_URL": f"{base}/{name}"}
    admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def site(tmp_path, database):
    """The README's recipe: migrate, collectstatic, gunicorn (3 workers)."""
    port = free_port()
    dropped = {"DJANGO_SETTINGS_MODULE", "DEBUG", "DATABASE_URL", "REDIS_URL", "SQLITE_PATH"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "workers-test-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "STATIC_ROOT": str(tmp_path / "static"),
        # Plain HTTP on loopback, as `make bench` does.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        **database,
    }

    def manage(*args, code=None):
        command = [sys.executable, "manage.py", *args]
        if code is not None:
            command += ["shell", "--no-imports", "-c", code]
        result = subprocess.run(  # noqa: S603 -- our own interpreter and commands
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    manage("migrate", "--no-input")
    manage("collectstatic", "--no-input")
    access_log = tmp_path / "access.log"
    server = subprocess.Popen(  # noqa: S603 -- the README's command, our interpreter's gunicorn
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            "%(p)s %(m)s %(U)s %(s)s",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        yield Site(f"http://127.0.0.1:{port}", manage, access_log, server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


class Site:
    def __init__(self, base, manage, access_log, server):
        self.base = base
        self.manage = manage
        self.access_log = access_log
        self.server = server

    def wait_until_up(self, path):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.server.poll() is None, "gunicorn stopped"
            try:
                return self.get(path)
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise AssertionError("gunicorn did not answer within 60 s")

    def get(self, path, opener=None):
        open_ = opener.open if opener else urllib.request.urlopen
        with open_(self.base + path, timeout=30) as response:
            return response.read().decode()

    def many(self, path, count=60, at_once=6) -> list[str]:
        """`count` GETs of `path`, `at_once` at a time, each on its own connection."""
        with concurrent.futures.ThreadPoolExecutor(max_workers=at_once) as pool:
            return list(pool.map(lambda _: self.get(path), range(count)))

    def log_size(self) -> int:
        return self.access_log.stat().st_size if self.access_log.exists() else 0

    def workers_since(self, offset, path) -> set[str]:
        """The pids of the workers that answered `path` since `offset` in the log."""
        time.sleep(0.2)  # the workers write their lines after answering
        with self.access_log.open() as log:
            log.seek(offset)
            lines = [line.split() for line in log]
        return {pid for pid, _method, url, _status in lines if url == path}


SEED = """
from allauth.account.models import EmailAddress
from papers.enums import PaperStatus
from tests.factories import PanelFactory, PaperFactory, UserFactory
organiser = UserFactory(email="organiser@example.org", is_staff=True, is_superuser=True)
chair = UserFactory(email="chair@example.org")
EmailAddress.objects.create(user=chair, email=chair.email, verified=True, primary=True)
panel = PanelFactory(title="Workers Panel")
paper = PaperFactory(panel=panel, status=PaperStatus.SUBMITTED, title="Decided In The Shell")
print(panel.get_absolute_url(), paper.pk)
"""

ACCEPT = """
from accounts.models import User
from papers import services
from papers.models import Paper
services.paper_accept(paper=Paper.objects.get(pk={pk}), by=User.objects.get(is_superuser=True))
"""


def sign_in(site, email, password) -> str:
    """The site's sign-in page, loaded and submitted by a new visitor."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = site.get("/accounts/login/", opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "login": email, "password": password}
    ).encode()
    try:
        with opener.open(site.base + "/accounts/login/", data=data, timeout=30) as answer:
            return answer.read().decode()
    except urllib.error.HTTPError as error:  # a 429 once the posts per IP run out
        return error.read().decode()


def test_three_workers_share_the_page_versions_and_the_sign_in_limit(site):
    panel_url, paper = site.manage(code=SEED).split()
    site.wait_until_up(panel_url)

    before = site.log_size()
    old = site.many(panel_url)
    assert all("Workers Panel" in page for page in old)
    assert not any("Decided In The Shell" in page for page in old)
    assert len(site.workers_since(before, panel_url)) == WORKERS, "each worker has the page"

    site.manage(code=ACCEPT.format(pk=paper))
    after = site.log_size()
    new = site.many(panel_url)

    stale = [page for page in new if "Decided In The Shell" not in page]
    assert stale == [], f"{len(stale)} of {len(new)} answers were the page before the decision"
    assert len(site.workers_since(after, panel_url)) == WORKERS

    signing_in = site.log_size()
    failures = [sign_in(site, "chair@example.org", "wrong") for _ in range(5)]
    sixth = sign_in(site, "chair@example.org", PASSWORD)

    assert not any(TOO_MANY in answer for answer in failures)
    assert TOO_MANY in sixth, "the right password is refused after five failures"
    assert len(site.workers_since(signing_in, "/accounts/login/")) > 1
