"""`make bench`, part three: a chair's decision on a five-author paper, timed from the
chair's side, with a mail server that answers at once and with one that takes 2 s
per message.

Production settings on SQLite, gunicorn and `manage.py db_worker` on loopback, a
real SMTP server (aiosmtpd, as in the tests) whose DATA answer is delayed. For each
server: the decision's POST through the admin (its redirect not followed), then how
long until the worker has handed all five messages over. The same with the tasks run
inside the request (the immediate backend), to show what the worker saves. Writes
docs/benchmarks.md ("## Mail") and prints the table.
"""

import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.mail_server import MailHandler, MailServer, free_port  # noqa: E402

PY = sys.executable
REPEATS = int(os.environ.get("BENCH_MAIL_REPEATS", "3"))
ONLY = os.environ.get("BENCH_MAIL_ONLY", "")  # a word of one scenario's name
AUTHORS = 5

PREPARE = f"""
from django.test import Client
from panels.enums import RoleKind
from papers.enums import PaperStatus
from tests.factories import (AuthorshipFactory, PanelFactory, PanelRoleFactory,
    PaperFactory, UserFactory)
chair = UserFactory(email="bench-chair@example.org", is_staff=True)
for _ in range({3 * REPEATS}):
    # A panel each: a panel takes only so many papers.
    panel = PanelFactory()
    PanelRoleFactory(panel=panel, kind=RoleKind.CHAIR, user=chair, email=chair.email)
    paper = PaperFactory(panel=panel, status=PaperStatus.SUBMITTED)
    for n in range({AUTHORS}):
        AuthorshipFactory(paper=paper, email=f"author{{n}}-{{paper.pk}}@example.org")
    print("paper", paper.pk)
client = Client()
client.force_login(chair)
print("session", client.cookies["sessionid"].value)
"""

# The decision as it was before the worker: tasks run in the request.
INLINE_SETTINGS = """
from config.settings.production import *  # noqa: F403
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
"""


def manage(env, *args):
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, text=True, capture_output=True
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def decide(base: str, session: str, paper: int) -> float:
    """GET the decision page (as the chair's browser does), then time the POST."""
    browser = urllib.request.build_opener(NoRedirect)
    url = f"{base}/admin/papers/paper/{paper}/decide/accept/"
    page = browser.open(urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"}))
    csrf = re.search(
        r"csrftoken=([^;]+)", " ".join(page.headers.get_all("Set-Cookie") or [])
    ).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "message": "Welcome!"})
    headers = {"Cookie": f"sessionid={session}; csrftoken={csrf}", "Referer": url}
    started = time.perf_counter()
    try:
        answer = browser.open(urllib.request.Request(url, data.encode(), headers=headers))
    except urllib.error.HTTPError as redirect:  # after a decision, not followed
        if redirect.code != 302:
            raise
    else:  # the form again, with the service's refusal
        sys.exit(f"The decision on paper {paper} was refused:\n{answer.read().decode()[-3000:]}")
    return time.perf_counter() - started


class Processes:
    def __init__(self, env, *, worker: bool):
        # A fresh port each time: nothing of the previous scenario can answer.
        self.base = f"http://127.0.0.1:{free_port()}"
        self.commands = [[str(Path(PY).parent / "gunicorn"), "config.wsgi", "--workers", "2",
                          "--bind", self.base.removeprefix("http://"), "--log-level", "warning"]]  # fmt: skip
        if worker:
            self.commands.append([PY, "manage.py", "db_worker", "--interval", "0.1"])
        self.env = env
        self.processes = []

    def __enter__(self):
        self.log = tempfile.TemporaryFile()
        for command in self.commands:
            self.processes.append(subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL,
                stderr=self.log, start_new_session=True,
            ))  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.base}/accounts/login/", timeout=30).read()
                return self
            except OSError:  # not listening yet
                time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=30)
        self.log.seek(0)
        errors = self.log.read().decode(errors="replace")
        if "Traceback" in errors or "ERROR" in errors:
            print(errors[-3000:], file=sys.stderr)


def run(env, session, papers, *, delay: float, worker: bool) -> tuple[list, list]:
    handler = MailHandler(delay=delay)
    with MailServer(handler) as server:
        env = {**env, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(server.port)}
        with Processes(env, worker=worker) as processes:
            returns, delivered = [], []
            for paper in papers:
                before = len(handler.received)
                started = time.perf_counter()
                returns.append(decide(processes.base, session, paper))
                deadline = time.monotonic() + 120
                while len(handler.received) < before + AUTHORS and time.monotonic() < deadline:
                    time.sleep(0.05)
                delivered.append(time.perf_counter() - started)
    return returns, delivered


def main():
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "bench_inline_settings.py").write_text(INLINE_SETTINGS)
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL", "EMAIL_HOST"}
        }
        env.update(
            SECRET_KEY="bench-" + "x" * 60,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_SSL_REDIRECT="0",
            SESSION_COOKIE_SECURE="0",
            CSRF_COOKIE_SECURE="0",
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SQLITE_PATH=f"{tmp}/mail.sqlite3",
            SITE_URL="http://127.0.0.1",
            EMAIL_USE_TLS="0",
            PYTHONPATH=tmp,
        )
        manage(env, "migrate", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")
        out = manage(env, "shell", "-c", PREPARE)
        papers = [int(p) for p in re.findall(r"^paper (\d+)$", out, re.M)]
        session = re.search(r"^session (\S+)$", out, re.M).group(1)
        results = {}
        scenarios = [
            ("worker, instant server", 0.0, True, "config.settings.production"),
            ("worker, server 2 s per message", 2.0, True, "config.settings.production"),
            ("in the request (before), server 2 s per message", 2.0, False,
             "bench_inline_settings"),
        ]  # fmt: skip
        for n, (name, delay, worker, settings) in enumerate(scenarios):
            if ONLY not in name:
                continue
            chosen = papers[n * REPEATS : (n + 1) * REPEATS]
            results[name] = run(
                {**env, "DJANGO_SETTINGS_MODULE": settings}, session, chosen,
                delay=delay, worker=worker,
            )  # fmt: skip
            print(name, [f"{t:.2f}" for t in results[name][0]])
    lines = [
        "## Mail",
        "",
        f"`bench/mail_bench.py`: a chair accepts a paper with {AUTHORS} authors through the"
        " admin (the POST, its redirect not followed), production settings on SQLite,"
        " gunicorn (2 workers) and `manage.py db_worker` on loopback, a real SMTP server"
        ' (aiosmtpd) that answers each message at once or after 2 s. "Delivered" is from'
        " the POST until the server has all five messages. Median of"
        f" {REPEATS} decisions.",
        "",
        "| mail | decision returns s | delivered s |",
        "|---|---:|---:|",
        *(
            f"| {name} | {statistics.median(returns):.2f} | {statistics.median(delivered):.2f} |"
            for name, (returns, delivered) in results.items()
        ),
        "",
        "With the worker the chair's page does not wait for the mail server: the decision"
        " returns as fast with a slow server as with an instant one, and the five messages"
        " leave through one connection (some 10 s later with the slow one). Sent in the"
        " request, as before (the same code with the immediate backend, so already one"
        " connection), the chair waited for every message.",
        "",
    ]
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text()
    text = re.sub(r"\n## Mail\n.*?(?=\n## |\Z)", "\n", text, flags=re.S).rstrip() + "\n\n"
    path.write_text(text + "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
