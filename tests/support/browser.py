"""Headless Chromium (Debian package) driven by Playwright, for end-to-end tests of pages.

Use the ``browser_page`` fixture (re-exported in tests/conftest.py). Requests to anything but file://,
data:, blob: and loopback are aborted and recorded in ``page.blocked_requests`` so tests can assert that a
page works offline.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def _is_local(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in {"file", "data", "blob", "about"} or parsed.hostname in LOCAL_HOSTS


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[object]:
    """A session-wide headless Chromium; skips when Chromium or Playwright is missing."""
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.skip("Chromium not installed: apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium_browser) -> Iterator[object]:
    """A fresh page whose non-local requests are blocked and listed in ``page.blocked_requests``."""
    context = chromium_browser.new_context(viewport={"width": 1400, "height": 900}, locale="de-DE")
    page = context.new_page()
    blocked: list[str] = []

    def guard(route) -> None:
        if _is_local(route.request.url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    page.blocked_requests = blocked
    yield page
    context.close()
