"""A real browser for the tests: Playwright driving Debian's chromium.

Playwright cannot download its own browsers here, so the tests launch the
`chromium` package (`.ci/run` installs it, with a CJK font so Chinese renders).
A machine without it installs it the way the Syncthing tests install syncthing:
through apt, when running as root.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from debian import debian_program
from playwright.sync_api import Browser, Page, sync_playwright

SHOTS = Path(__file__).parent.parent / "test-output"
"""Where screenshots taken by browser tests are written (kept out of git)."""


def chromium_path() -> str:
    """Debian's chromium, with a CJK font, installed through apt when missing."""
    try:
        return debian_program("chromium", "chromium", "fonts-noto-cjk")
    except RuntimeError as error:
        pytest.fail(str(error))


@pytest.fixture
def browser() -> Iterator[Browser]:
    """A headless chromium for one test.

    Playwright's sync API keeps an event loop running in the main thread while it
    is open; a browser kept for the session would break every async (Pilot) test
    that runs after it. Launching costs about a second."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


def phone_page(browser: Browser, width: int = 360, height: int = 740) -> Page:
    """A fresh page the size of a phone screen, in its own context (no shared cookies)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    return context.new_page()


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under test-output/ and return where it went."""
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
