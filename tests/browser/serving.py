"""Serving a built site on 127.0.0.1: under ``site_url``'s path, or under any other.

GitHub Pages serves the site at ``https://mathproofs.github.io/mathproofs/``; by default a
local server puts it under the same path. Every URL the pages load is relative to the
page (``mathproofs_site/speed.py``), so the site works under any path: ``serve(dir,
mount="/course/ml/backprop/")`` puts it elsewhere (``tests/browser/test_hosting.py``).
Used by the browser tests and by ``bench/``.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]


def published_url() -> str:
    """``site_url`` from mkdocs.yml: where the sitemap says the pages live."""
    for line in (ROOT / "mkdocs.yml").read_text("utf-8").splitlines():
        if line.startswith("site_url:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError("mkdocs.yml has no site_url")


def site_path() -> str:
    """The path the site lives under, ``/mathproofs/``."""
    path = urlsplit(published_url()).path or "/"
    return path if path.endswith("/") else path + "/"


def page_path(url: str) -> str:
    """A served page's path within the site: ``derivation/``, or ``""`` for home."""
    return urlsplit(url).path.removeprefix(site_path())


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the built site under ``mount`` (default ``site_path()``), as if published there.

    Material's instant navigation only takes over links to pages listed in
    ``sitemap.xml``, whose URLs start with ``site_url``. So the sitemap is served with
    ``site_url`` replaced by this server's address, as the published site's sitemap names
    the published site. Everything else is served byte for byte; paths outside the site
    are 404, as on the published host.
    """

    def __init__(self, *args: Any, mount: str = "", **kwargs: Any) -> None:
        self.mount = mount or site_path()
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        prefix = self.mount
        if not (path + "/").startswith(prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(prefix) :])

    def do_GET(self) -> None:
        if self.path.split("?")[0] != self.mount + "sitemap.xml":
            super().do_GET()
            return
        host, port = self.server.server_address[:2]  # type: ignore[index,str-unpack]
        body = (
            (Path(self.directory) / "sitemap.xml")
            .read_text("utf-8")
            .replace(published_url(), f"http://{host!s}:{port}{self.mount}")
            .encode()
        )
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class SiteServer(http.server.ThreadingHTTPServer):
    """A browser that closes a page mid-transfer is not an error; anything else is reported."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def serve(
    directory: Path, mount: str = ""
) -> tuple[http.server.ThreadingHTTPServer, threading.Thread, str]:
    """Serve ``directory`` in a background thread, under ``mount`` (a path ending in ``/``;
    default: the published one); returns the server, thread and site URL."""
    mount = mount or site_path()
    assert mount.startswith("/") and mount.endswith("/"), mount
    handler = functools.partial(SiteHandler, directory=str(directory), mount=mount)
    server = SiteServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread, f"http://127.0.0.1:{server.server_address[1]}{mount}"


def serve_in_subprocess(directory: Path) -> tuple[subprocess.Popen[str], str]:
    """Serve ``directory`` from a separate Python process; returns it and the site URL.

    For measurements: a server thread in the measuring process competes for its GIL with
    the browser driver, and delays responses by an amount that depends on the driver's load.
    """
    proc = subprocess.Popen(
        [sys.executable, __file__, str(directory)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    url = proc.stdout.readline().strip()
    if not url:
        proc.kill()
        raise RuntimeError(f"the server for {directory} exited before it printed its URL")
    return proc, url


def main() -> None:
    _, thread, url = serve(Path(sys.argv[1]))
    print(url, flush=True)
    thread.join()


if __name__ == "__main__":
    main()
