"""Browser tests: pytest-playwright's `browser`, `context` and `page`, driving
Debian's Chromium (Playwright cannot download its own browser here).

The browser is $CHROMIUM_PATH, else `chromium` on the PATH (/usr/bin/chromium).
Without it the tests are skipped, loudly, with the command that installs it;
CI sets COLLOQUY_REQUIRE_BROWSER=1, and there a missing browser is a failure.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL = "apt-get update && apt-get install -y chromium"
VIEWPORT = {"width": 360, "height": 800}  # a small phone
TIMEOUT_MS = 15_000


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """The browser tests run last (after pytest-django's own ordering): Playwright's
    event loop, and with it DJANGO_ALLOW_ASYNC_UNSAFE (see `django_beside_playwright`),
    then lasts only until the session ends, instead of running beside every later test
    and leaking the variable into their subprocesses (`manage.py check --deploy`
    refuses it)."""
    here = Path(__file__).parent
    items.sort(key=lambda item: item.path.is_relative_to(here))


def chromium_path() -> str | None:
    """$CHROMIUM_PATH or `chromium` on the PATH, if it is an executable."""
    candidate = os.environ.get("CHROMIUM_PATH") or "chromium"
    return shutil.which(candidate)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = chromium_path()
    if not path:
        wanted = os.environ.get("CHROMIUM_PATH")
        where = f"CHROMIUM_PATH={wanted} is not an executable" if wanted else "not on the PATH"
        message = f"Chromium not found ({where}); install it with: {INSTALL}"
        if os.environ.get("COLLOQUY_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(f"BROWSER TESTS SKIPPED. {message}")
    return path


@pytest.fixture(scope="session")
def django_beside_playwright():
    """Playwright's sync API keeps an event loop running in this thread until
    pytest-playwright's session-wide `playwright` fixture ends, and Django refuses
    database calls from a thread with a running loop unless told it is safe. Here it
    is: the tests' own calls never overlap Playwright's. Set before Playwright
    starts, restored after it stops (session fixtures end in reverse order)."""
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def playwright(chromium_executable, django_beside_playwright, playwright):
    """pytest-playwright's, started only once Chromium is known to be there and
    Django's database calls are allowed beside its loop."""
    return playwright


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, browser_name, chromium_executable):
    """pytest-playwright's (so --headed and --slowmo still work), launching
    Debian's Chromium instead of a browser Playwright would have to download."""
    if browser_name != "chromium":
        pytest.fail(f"Only Chromium is installed here, not {browser_name}: drop --browser.")
    return {
        **browser_type_launch_args,
        "executable_path": chromium_executable,
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture(scope="session")
def base_url(pytestconfig) -> str | None:
    """What pytest-playwright's stand-in for pytest-base-url gives (--base-url, the
    base_url ini value), without it: that one is a session fixture defined as an
    instance method, which pytest 9 deprecates, and our warnings are errors."""
    return pytestconfig.getoption("--base-url") or pytestconfig.getini("base_url") or None


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """pytest-playwright's, on a small phone's screen unless --device gives another."""
    return {"viewport": VIEWPORT, **browser_context_args}


@pytest.fixture
def context(context):
    context.set_default_timeout(TIMEOUT_MS)
    return context
