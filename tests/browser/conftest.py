"""Browser tests: Playwright driving Debian's Chromium (it cannot download its own here).

Without Chromium they are skipped, loudly, with the command that installs it;
CI sets COLLOQUY_REQUIRE_BROWSER=1, and there a missing browser is a failure.
"""

import os
import shutil

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


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if not path:
        message = f"Chromium not found; install it with: {INSTALL}"
        if os.environ.get("COLLOQUY_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(f"BROWSER TESTS SKIPPED. {message}")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread, and Django refuses
    # database calls from a thread with a running loop unless told it is safe:
    # here it is, since the test's own calls never overlap Playwright's.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
