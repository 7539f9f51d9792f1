"""`make bench`, part two: how long the admin's import takes for a large conference.

Builds `generate_conference --panels 500 --papers-per-panel 5` in a fresh SQLite
database (production settings), exports its rooms, slots, panels and papers as CSV,
copies the event without them, and imports the four files into the copy with
`manage.py import_conference` (the admin's resources; every row through the
services), first as a dry run, then for real. Writes the times into
docs/benchmarks.md ("## Import") and prints them.
"""

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
PANELS = int(os.environ.get("BENCH_IMPORT_PANELS", "500"))
KINDS = ["rooms", "slots", "panels", "papers"]

PREPARE = """
from accounts.models import User
from panels.models import Event, Keyword, Panel, Room, Section, TimeSlot
from papers.models import Paper
from programme import exchange
source = Event.objects.get(slug="import-src")
organiser = User.objects.create_user("bench-organiser@example.org", "x" * 20, name="Bench")
source.organisers.add(organiser)
copy = Event.objects.get(pk=source.pk)
copy.pk, copy.slug, copy.name = None, "import-copy", "Import copy"
# The generator writes abstracts of up to about 310 words; its own event does not check.
copy.abstract_word_limit = 400
copy.save()
copy.organisers.add(organiser)
for model in (Section, Keyword):
    for row in model.objects.filter(event=source):
        row.pk, row.event = None, copy
        row.save()
for kind, resource, model in [
    ("rooms", exchange.RoomResource, Room),
    ("slots", exchange.TimeSlotResource, TimeSlot),
    ("panels", exchange.PanelResource, Panel),
    ("papers", exchange.PaperResource, Paper),
]:
    dataset = exchange.export_dataset(resource, model.objects.filter(event=source))
    open(f"{DIR}/{kind}.csv", "w").write(dataset.export("csv"))
    print(kind, len(dataset))
"""


def manage(env, *args, capture=False):
    result = subprocess.run(
        [PY, "manage.py", *args], cwd=ROOT, env=env, text=True, capture_output=capture
    )
    if result.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result


def _load(averages) -> str:
    return ", ".join(f"{a:.1f}" for a in averages)


def _children_cpu() -> float:
    """CPU seconds used by the finished child processes: what a command cost, whatever
    else runs on the machine (its wall time is not)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main():
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
        env.update(
            SECRET_KEY="bench-" + "x" * 60,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SITE_URL="http://127.0.0.1:8000",
            DJANGO_SETTINGS_MODULE="config.settings.production",
            SQLITE_PATH=f"{tmp}/import.sqlite3",
            REDIS_URL="",
        )
        manage(env, "migrate", "-v0")
        manage(env, "generate_conference", "--panels", str(PANELS), "--papers-per-panel", "5",
               "--seed", "1", "--slug", "import-src")  # fmt: skip
        out = manage(env, "shell", "-c", f"DIR = {tmp!r}\n{PREPARE}", capture=True).stdout
        rows = dict(line.split() for line in out.split("\n") if re.fullmatch(r"\w+ \d+", line))
        times, cpus = {}, {}
        load = os.getloadavg()
        for kind in KINDS:  # as the admin: each file checked (dry run), then imported
            for dry in (True, False):
                args = ["import_conference", kind, f"{tmp}/{kind}.csv", "--event", "import-copy",
                        "--as", "bench-organiser@example.org"]  # fmt: skip
                if dry:
                    args.append("--dry-run")
                started, cpu = time.perf_counter(), _children_cpu()
                result = manage(env, *args, capture=True)
                times[(dry, kind)] = time.perf_counter() - started
                cpus[(dry, kind)] = _children_cpu() - cpu
                print(kind, "dry run" if dry else "import", f"{times[(dry, kind)]:.1f} s",
                      f"(cpu {cpus[(dry, kind)]:.1f} s)",
                      result.stdout.strip().split("\r")[-1])  # fmt: skip
    dry_total = sum(t for (dry, _k), t in times.items() if dry)
    total = sum(t for (dry, _k), t in times.items() if not dry)
    dry_cpu = sum(t for (dry, _k), t in cpus.items() if dry)
    cpu = sum(t for (dry, _k), t in cpus.items() if not dry)
    load_after = os.getloadavg()
    lines = [
        "## Import",
        "",
        f"`bench/import_bench.py`: `generate_conference --panels {PANELS} --papers-per-panel 5"
        " --seed 1` exported as CSV and imported into an empty copy of the event with"
        " `manage.py import_conference` (the admin's resources, every row through the"
        " services, one transaction per file), SQLite, production settings. Each time"
        " includes starting the command (about 1 s).",
        "",
        "| file | rows | dry run s | import s | dry run cpu s | import cpu s |",
        "|---|---:|---:|---:|---:|---:|",
        *(
            f"| {kind} | {rows.get(kind, '?')} | {times[(True, kind)]:.1f} |"
            f" {times[(False, kind)]:.1f} | {cpus[(True, kind)]:.1f} | {cpus[(False, kind)]:.1f} |"
            for kind in KINDS
        ),
        f"| all | | {dry_total:.1f} | {total:.1f} | {dry_cpu:.1f} | {cpu:.1f} |",
        "",
        f"Load average (1, 5, 15 min) when the imports started: {_load(load)}; when they"
        f" ended: {_load(load_after)}. The cpu columns are the commands' own CPU time,"
        " which other work on the machine does not lengthen as much as the wall time.",
        "",
        "The admin runs the dry run, then the import: an upload costs both.",
        "",
        f"Target: the import under 60 s. {'Met' if total < 60 else 'Not met'}: {total:.0f} s."
        " Per paper row about 24 queries, savepoints included (about 30 before the"
        " tuning of docs/architecture.md, 6a): create, authors, decision, each with"
        " its lock and history row; the clash check for an accepted paper in a"
        " scheduled panel. The services' own cost, not the file's reading.",
        "",
    ]
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text()
    text = re.sub(r"\n## Import\n.*?(?=\n## |\Z)", "\n", text, flags=re.S).rstrip() + "\n\n"
    path.write_text(text + "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
