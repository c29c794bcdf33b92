"""Fixtures for the real-browser tests: the built site on 127.0.0.1 and one headless Chromium.

Browser discovery: the ``CHROMIUM`` environment variable, else ``/usr/bin/chromium``
(Debian's package, which ``.ci/run`` installs), else Playwright's own download. Without
one the browser tests skip locally, and fail when ``CI=true``: CI must run them.
"""

from __future__ import annotations

import fcntl
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitebuild import session_id

from browser.chromium import CHROMIUM_ARGS, find_chromium, no_browser
from browser.serving import serve

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site, served on 127.0.0.1 under its published path: ``.../mathproofs/``."""
    server, thread, url = serve(built_site)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        no_browser("Playwright for Python is not installed (make install)")
    with sync_playwright() as playwright:
        executable = find_chromium(playwright.chromium)
        if executable is None:
            no_browser("no Chromium found: set CHROMIUM or apt-get install chromium")
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """``test-artifacts/`` (gitignored): screenshots, the handout PDF."""
    (ARTIFACTS / "screenshots").mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def screenshots(request: pytest.FixtureRequest, artifacts: Path) -> Path:
    """``test-artifacts/screenshots/``, holding only this session's screenshots.

    Dark mode shoots a subset of pages, and a stale file from an older build would pass
    for the current one: the first of the session's processes (xdist workers) to get here
    empties the folder, the others leave it alone.
    """
    shots = artifacts / "screenshots"
    session = session_id(request.config)
    with (artifacts / ".screenshots.lock").open("a+", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        marker = shots / ".session"
        if not marker.is_file() or marker.read_text("utf-8") != session:
            shutil.rmtree(shots)
            shots.mkdir()
            marker.write_text(session, "utf-8")
    return shots
