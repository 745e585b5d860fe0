"""What the browser tests share (Debian's Chromium through Playwright, on a live
server over the committed test database): where Chromium is, how it is started, and
the database connections of the thread while Playwright runs.

Playwright's synchronous API keeps an asyncio event loop running in the test's
thread. Django keeps its database connections in an ``asgiref.local.Local`` that is
"thread critical": while a loop runs in the thread, the ORM is handed a second set of
connections, kept with the thread for the rest of the process. That set outlives
every test; when a module's tests end, the test database is copied back from the
run's snapshot (:func:`sakip.testing.restore`), which on PostgreSQL ends every other
session of that database — including this second set's, which the next browser test
would then use and fail on ("terminating connection due to administrator command").
:func:`start_chromium` therefore closes the connections of that set when the browser starts
and when it closes: each browser test opens its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: The marks of a module of browser tests.
MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"Chromium not found at {CHROMIUM}"),
]


def _close_connections() -> None:
    from django.db import connections

    connections.close_all()


@contextmanager
def start_chromium(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Debian's Chromium, started headless; closed (and the thread's in-loop database
    connections with it) when the block ends."""
    from playwright.sync_api import sync_playwright

    # The ORM calls a test makes between browser steps are plain synchronous code in
    # this thread, beside Playwright's loop: Django would refuse them otherwise.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as driver:
        _close_connections()
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
            _close_connections()


@contextmanager
def live_server(settings: Any) -> Iterator[Any]:
    """A live server of our own rather than pytest-django's ``live_server``: Django's
    live server wraps the site in a media-file handler built from MEDIA_URL, and
    sakip's MEDIA_URL is None (evidence is never served as media), which makes that
    handler fail every request. An absolute MEDIA_URL makes the handler step aside."""
    from pytest_django.live_server_helper import LiveServer

    settings.MEDIA_URL = "http://bukti-tidak-dilayani.invalid/"
    live = LiveServer("localhost")
    try:
        yield live
    finally:
        live.stop()


def screenshot(page: Any, tmp_path: Path, name: str) -> Path:
    """A full-page screenshot, kept in SAKIP_SCREENSHOT_DIR when it is set."""
    folder = Path(os.environ.get("SAKIP_SCREENSHOT_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    page.screenshot(path=str(path), full_page=True)
    return path
