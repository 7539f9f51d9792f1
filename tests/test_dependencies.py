"""Every dependency declared in pyproject.toml is pinned in requirements.lock,
which is what `make run` and `make test` install."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def name_of(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def test_every_declared_dependency_is_pinned_in_the_lock_file():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {name_of(r) for r in project["dependencies"]}
    declared |= {name_of(r) for r in project["optional-dependencies"]["dev"]}
    pinned = {
        name_of(line)
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line
    }

    assert declared - pinned == set()
