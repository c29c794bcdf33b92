"""Fixtures for the real-browser tests: the built site on 127.0.0.1 and one headless Chromium.

Browser discovery: the ``CHROMIUM`` environment variable, else ``/usr/bin/chromium``
(Debian's package, which ``.ci/run`` installs), else Playwright's own download. Without
one the browser tests skip locally, and fail when ``CI=true``: CI must run them.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser.chromium import CHROMIUM_ARGS, find_chromium, no_browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"


def published_url() -> str:
    """``site_url`` from mkdocs.yml: where the sitemap says the pages live."""
    for line in (ROOT / "mkdocs.yml").read_text("utf-8").splitlines():
        if line.startswith("site_url:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError("mkdocs.yml has no site_url")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the built site as if it were published here.

    Material's instant navigation only takes over links to pages listed in
    ``sitemap.xml``, whose URLs start with ``site_url``. So the sitemap is served with
    ``site_url`` replaced by this server's address, as the published site's sitemap names
    the published site. Everything else is served byte for byte.
    """

    def do_GET(self) -> None:
        if self.path.split("?")[0] != "/sitemap.xml":
            super().do_GET()
            return
        host, port = self.server.server_address[:2]  # type: ignore[index,str-unpack]
        body = (
            (Path(self.directory) / "sitemap.xml")
            .read_text("utf-8")
            .replace(published_url(), f"http://{host!s}:{port}/")
            .encode()
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site, served by a local HTTP server: ``http://127.0.0.1:<port>/``."""
    handler = functools.partial(SiteHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
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
