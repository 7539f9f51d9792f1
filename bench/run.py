"""`make bench`: Colloquy as in production (gunicorn, DEBUG off, WhiteNoise, the
default shared cache: the database's table; `--cache redis` for Redis) on loopback, against a large generated event, on SQLite and PostgreSQL,
driven by wrk from a second process; then the deadline rush of 200 signed-in
authors against PostgreSQL. Prints the table and writes docs/benchmarks.md.

Every request goes to 127.0.0.1; every loop is bounded in count and time.
"""

import argparse
import concurrent.futures
import datetime
import http.cookiejar
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
# Both can be moved when two benches share a machine.
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
SLUG = "large-1"
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
CONNECTIONS = 8
PG_NAME = os.environ.get("BENCH_PG_NAME", "colloquy_bench")
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/14"


def environment(database: str, cache: str = "database") -> dict:
    """Production's variables for `database` ("sqlite", "postgresql") and the shared
    cache: "database" (production's default, the database's table) or "redis"."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL"}}
    env.update(
        SECRET_KEY="bench-" + "x" * 60,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Loopback has no TLS; everything else is as in production.
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        CACHE_KEY_PREFIX=f"bench-{database}",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SITE_URL=BASE,
    )
    if cache == "redis":
        env["REDIS_URL"] = REDIS_URL
    if database == "postgresql":
        env["DATABASE_URL"] = PG_URL
    else:
        env["SQLITE_PATH"] = str(ROOT / "bench" / "bench.sqlite3")
    return env


def manage(env, *args, quiet=True):
    subprocess.run(
        [PY, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
        timeout=900,
    )


def prepare(database: str, env: dict, panels: int) -> float:
    if database == "postgresql":
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-q",
                "-c",
                f"DROP DATABASE IF EXISTS {PG_NAME}",
                "-c",
                f"CREATE DATABASE {PG_NAME}",
            ],
            check=True,
            timeout=120,
            stdout=subprocess.DEVNULL,
        )
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(env["SQLITE_PATH"] + suffix).unlink(missing_ok=True)
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    started = time.monotonic()
    manage(
        env,
        "generate_conference",
        "--panels",
        str(panels),
        "--papers-per-panel",
        "5",
        "--seed",
        "1",
        quiet=False,
    )
    return time.monotonic() - started


class Server:
    def __init__(self, env):
        self.env = env
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                str(Path(PY).parent / "gunicorn"),
                "config.wsgi",
                "--workers",
                str(WORKERS),
                "--threads",
                str(THREADS),
                "--bind",
                f"127.0.0.1:{PORT}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:  # not ours answering: a port in use
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                urllib.request.urlopen(f"{BASE}/{SLUG}/", timeout=60).read()
                return self
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
            # The first event page of 5,000 panels, on a loaded machine, may take a while.
            except TimeoutError:
                continue
        self.__exit__()
        raise RuntimeError("gunicorn did not answer within 60 s")

    def worker_peak_rss_mb(self) -> float:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        peaks = []
        for pid in children.read_text().split():
            status = Path(f"/proc/{pid}/status").read_text()
            peaks.append(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024)
        return max(peaks, default=0.0)

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


def wrk(url: str, seconds: int, paths_file: str | None = None) -> dict:
    env = {**os.environ, **({"PATHS_FILE": paths_file} if paths_file else {})}
    result = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(ROOT / "bench" / "report.lua"),
            url,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=seconds + 60,
        check=True,
    )
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    summary["rps"] = summary["requests"] / (summary["duration_us"] / 1e6)
    return summary


def targets(env) -> dict:
    """A panel, a paper and a static file of the generated event (hashed name)."""
    code = subprocess.run(
        [
            PY,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "import json; from papers.models import Paper; "
            "from django.templatetags.static import static; "
            f"p = Paper.objects.public().filter(event__slug='{SLUG}').order_by('pk').first(); "
            "print(json.dumps({'panel': p.panel.code, 'paper': p.pk, "
            "'static': static('css/colloquy.css')}))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(code.stdout.strip().splitlines()[-1])


def pages(found) -> dict:
    return {
        "event page": f"/{SLUG}/",
        "panel page": f"/{SLUG}/panels/{found['panel']}/",
        "paper page": f"/{SLUG}/papers/{found['paper']}/",
        "programme": f"/{SLUG}/programme/",
        "search": f"/{SLUG}/search/?q=institutional+change",
    }


# The deadline rush -------------------------------------------------------------------


def make_authors(env, count: int, prefix: str = "rush") -> list[dict]:
    """Signed-in authors: accounts with confirmed addresses and a session each."""
    code = f"""
import json
from allauth.account.models import EmailAddress
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from accounts.models import User
out = []
for n in range({count}):
    email = f"{prefix}{{n}}@bench.example.org"
    user, made = User.objects.get_or_create(email=email, defaults={{"name": f"Rush Author {{n}}"}})
    if made:
        user.set_password("rush-password-1234")
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    out.append({{"email": email, "name": user.name, "session": session.session_key}})
print(json.dumps(out))
"""
    result = subprocess.run(
        [PY, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def keyword_ids(env) -> list[int]:
    result = subprocess.run(
        [
            PY,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            f"from panels.models import Keyword; print(list(Keyword.objects.filter("
            f"event__slug='{SLUG}').order_by('pk').values_list('pk', flat=True)[:2]))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def propose(author: dict, panel: str, keywords: list[int], unique: bool = False) -> dict:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("Cookie", f"sessionid={author['session']}")]
    url = f"{BASE}/{SLUG}/propose/panel/{panel}/"
    started = time.monotonic()
    token = str(uuid.uuid4())
    title = f"Rush paper by {author['email']}" + (f" {token[:8]}" if unique else "")
    outcome = {"status": None, "token": token, "title": title}
    try:
        form = opener.open(url, timeout=30).read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        cookie = next(c.value for c in jar if c.name == "csrftoken")
        data = {
            "csrfmiddlewaretoken": csrf,
            "title": outcome["title"],
            "abstract": "A paper proposed in the last minutes of the call.",
            "keywords": keywords,
            "coauthors_agreed": "on",
            "token": outcome["token"],
            "authors-TOTAL_FORMS": "1",
            "authors-INITIAL_FORMS": "0",
            "authors-MIN_NUM_FORMS": "1",
            "authors-MAX_NUM_FORMS": "12",
            "authors-0-name": author["name"],
            "authors-0-email": author["email"],
            "authors-0-is_presenter": "on",
        }
        request = urllib.request.Request(
            url,
            data=urllib.parse.urlencode(data, doseq=True).encode(),
            headers={
                "Cookie": f"sessionid={author['session']}; csrftoken={cookie}",
                "Referer": url,
            },
        )
        no_redirect = urllib.request.build_opener(NoRedirect)
        try:
            response = no_redirect.open(request, timeout=30)
            outcome["status"] = response.status
            if response.status == 200:  # the form again: say why
                body = response.read().decode()
                errors = re.findall(
                    r"<li>([^<]{5,200})</li>|invalid-feedback[^>]*>\s*<strong>([^<]+)", body
                )
                outcome["why"] = [a or b for a, b in errors][:3]
        except urllib.error.HTTPError as error:
            outcome["status"] = error.code
    except (urllib.error.URLError, AttributeError, StopIteration) as error:
        outcome["status"] = f"error: {error}"
    outcome["seconds"] = time.monotonic() - started
    return outcome


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def mix_with_proposals(env, database, found, seconds, paths_file):
    """wrk reads public pages while 4 signed-in authors propose papers, one after another."""
    writers = make_authors(env, 4, prefix=f"mix-{database}-")
    keywords = keyword_ids(env)
    stop = threading.Event()
    proposals = []

    def write(author):
        while not stop.is_set() and len(proposals) < 400:
            proposals.append(propose(author, found["panel"], keywords, unique=True))

    threads = [threading.Thread(target=write, args=(a,)) for a in writers]
    for thread in threads:
        thread.start()
    summary = wrk(BASE + "/", seconds, paths_file)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    latencies = sorted(o["seconds"] for o in proposals)
    return summary, {
        "sent": len(proposals),
        "succeeded": sum(1 for o in proposals if o["status"] == 302),
        "server_errors": sum(
            1 for o in proposals if isinstance(o["status"], int) and o["status"] >= 500
        ),
        "p50_ms": latencies[len(latencies) // 2] * 1000 if latencies else 0,
        "refusals": sorted({w for o in proposals for w in o.get("why", [])})[:5],
    }


def rush(env, count: int, panel: str) -> dict:
    authors = make_authors(env, count)
    keywords = keyword_ids(env)
    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
        outcomes = list(pool.map(lambda a: propose(a, panel, keywords), authors))
    elapsed = time.monotonic() - started
    ok = [o for o in outcomes if o["status"] == 302]
    tokens = json.dumps([o["token"] for o in ok])
    check = subprocess.run(
        [
            PY,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "import json; from django.db.models import Count; from papers.models import Paper; "
            f"tokens = json.loads('{tokens}'); "
            "rows = Paper.objects.filter(submission_token__in=tokens).values('submission_token')"
            ".annotate(n=Count('id')); "
            "print(json.dumps({'found': len(rows), 'duplicates': sum(1 for r in rows if r['n'] > 1)}))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    stored = json.loads(check.stdout.strip().splitlines()[-1])
    latencies = sorted(o["seconds"] for o in outcomes)
    return {
        "authors": count,
        "succeeded": len(ok),
        "server_errors": sum(
            1 for o in outcomes if isinstance(o["status"], int) and o["status"] >= 500
        ),
        "other": sorted({str(o["status"]) for o in outcomes if o["status"] != 302}),
        "seconds": elapsed,
        "rps": len(outcomes) / elapsed,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "stored_once": stored["found"] == len(ok) and stored["duplicates"] == 0,
        "stored": stored,
    }


# Report --------------------------------------------------------------------------------


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory / 1024 / 1024:.0f} GiB, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def table(results: dict) -> list[str]:
    rows = [
        "| database | page | req/s | p50 ms | p95 ms | p99 ms | errors | worker peak MB |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for database, pages_ in results["databases"].items():
        for page, r in pages_["pages"].items():
            rows.append(
                f"| {database} | {page} | {r['rps']:.0f} | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} "
                f"| {r['p99_ms']:.1f} | {r['errors'] + r['status_errors']} "
                f"| {pages_['worker_peak_mb']:.0f} |"
            )
    return rows


def changes(previous: dict | None, results: dict) -> list[str]:
    if not previous:
        return ["First run: nothing to compare with."]
    lines = []
    for database, now in results["databases"].items():
        before = previous.get("databases", {}).get(database, {}).get("pages", {})
        for page, r in now["pages"].items():
            if page in before:
                old = before[page]["rps"]
                lines.append(
                    f"- {database}, {page}: {old:.0f} → {r['rps']:.0f} req/s "
                    f"({(r['rps'] - old) / old * 100:+.0f} %)"
                )
    return lines or ["No page in common with the last run."]


def write_docs(results: dict, previous: dict | None, command: str) -> str:
    rush_ = results.get("rush")
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/run.py`); the numbers are the ones it printed.",
        "Rerun it after a change that could affect speed, and commit this file with it.",
        "",
        f"- Date: {results['date']}",
        f"- Machine: {results['machine']}",
        f"- Command: `{command}`",
        f"- Event: `generate_conference --panels {results['panels']} --papers-per-panel 5 "
        f"--seed 1` (built in {results['generate_seconds']['sqlite']:.0f} s on SQLite, "
        f"{results['generate_seconds'].get('postgresql', 0):.0f} s on PostgreSQL)",
        f"- Server: gunicorn, {WORKERS} workers x {THREADS} threads, DEBUG off, WhiteNoise, "
        f"{results.get('cache', 'redis').replace('database', 'database (the default)')} "
        "cache; load: wrk, {CONNECTIONS} connections, {results['seconds']} s per line, "
        "from a second process on loopback.",
        "",
        *table(results),
        "",
        "Targets: public pages p50 ≤ 25 ms and p99 ≤ 100 ms at 8 connections on 2 cores; the "
        "panel page at least half the static file's req/s once cached.",
        "",
    ]
    for database, data in results["databases"].items():
        pages_ = data["pages"]
        ratio = pages_["panel page"]["rps"] / pages_["static file (ceiling)"]["rps"]
        slow = [p for p, r in pages_.items() if r["p50_ms"] > 25 or r["p99_ms"] > 100]
        lines.append(
            f"- {database}: panel page at {ratio:.0%} of the static ceiling; "
            + (
                f"over the latency target: {', '.join(slow)}."
                if slow
                else "every page within the latency targets."
            )
        )
    for database, mix in results.get("mix_proposals", {}).items():
        lines.append(
            f"- {database}, mix: while wrk read pages, 4 signed-in authors proposed papers one "
            f"after another: {mix['succeeded']} of {mix['sent']} succeeded, "
            f"{mix['server_errors']} server errors, p50 {mix['p50_ms']:.0f} ms per proposal "
            "(form and submission)."
        )
    lines += [
        "",
        "Each line: `wrk -t1 -c8 -d<seconds>s --timeout 5s -s bench/report.lua <url>` "
        "(the mix picks a random public page per request).",
    ]
    if rush_:
        lines += [
            "",
            "## The deadline rush (PostgreSQL)",
            "",
            f"{rush_['authors']} signed-in authors each open the form and propose a paper, "
            f"50 at a time: {rush_['seconds']:.1f} s in all, {rush_['rps']:.1f} proposals/s, "
            f"p50 {rush_['p50_ms']:.0f} ms, p99 {rush_['p99_ms']:.0f} ms (form and submission), "
            f"{rush_['succeeded']} succeeded, {rush_['server_errors']} server errors; "
            f"every success stored exactly once: {'yes' if rush_['stored_once'] else 'NO'} "
            f"({rush_['stored']}).",
        ]
    lines += ["", "## What changed since the last run", "", *changes(previous, results), ""]
    text = "\n".join(lines)
    (ROOT / "docs" / "benchmarks.md").write_text(text)
    (ROOT / "docs" / "benchmarks.json").write_text(json.dumps(results, indent=1) + "\n")
    return text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--panels", type=int, default=5000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rush", type=int, default=200)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--cache", choices=["database", "redis"], default="database")
    parser.add_argument(
        "--pages",
        default="",
        help="only these pages, comma-separated (e.g. 'panel page'), the static ceiling "
        "and no mix; prints the figures without writing docs/benchmarks.md",
    )
    args = parser.parse_args()
    only = [name.strip() for name in args.pages.split(",") if name.strip()]
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    previous_file = ROOT / "docs" / "benchmarks.json"
    previous = json.loads(previous_file.read_text()) if previous_file.exists() else None
    results = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "panels": args.panels,
        "seconds": args.seconds,
        "databases": {},
        "generate_seconds": {},
        "cache": args.cache,
    }
    for database in args.databases.split(","):
        env = environment(database, args.cache)
        print(f"== {database}: building the event", flush=True)
        results["generate_seconds"][database] = prepare(database, env, args.panels)
        found = targets(env)
        with Server(env) as server:
            measured = {}
            with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as paths:
                paths.write("\n".join(pages(found).values()))
            for name, path in pages(found).items():
                if only and name not in only:
                    continue
                urllib.request.urlopen(BASE + path, timeout=30).read()  # warm
                measured[name] = wrk(BASE + path, args.seconds)
                print(
                    f"   {name}: {measured[name]['rps']:.0f} req/s, p50 {measured[name]['p50_ms']:.1f} ms, p99 {measured[name]['p99_ms']:.1f} ms",
                    flush=True,
                )
            # The ceiling before the mix, whose writers may still be finishing after it.
            measured["static file (ceiling)"] = wrk(BASE + found["static"], args.seconds)
            if only:
                for name in only:
                    ratio = measured[name]["rps"] / measured["static file (ceiling)"]["rps"]
                    print(
                        f"   {database}, {args.cache} cache: {name} {measured[name]['rps']:.0f}"
                        f" req/s, static {measured['static file (ceiling)']['rps']:.0f} req/s:"
                        f" {ratio:.0%} of the ceiling",
                        flush=True,
                    )
                results["databases"][database] = {"pages": measured}
                continue
            mix, proposals = mix_with_proposals(env, database, found, args.seconds, paths.name)
            measured["mix: public pages + proposals"] = mix
            results.setdefault("mix_proposals", {})[database] = proposals
            Path(paths.name).unlink()
            if database == "postgresql" and args.rush:
                print(f"== {database}: the deadline rush", flush=True)
                results["rush"] = rush(env, args.rush, found["panel"])
            results["databases"][database] = {
                "pages": measured,
                "worker_peak_mb": server.worker_peak_rss_mb(),
            }
    if only:
        print(json.dumps(results, indent=1))
        return
    command = "make bench"
    text = write_docs(results, previous, command)
    print(text)


if __name__ == "__main__":
    main()
