"""The pages of a built site, found by walking it (so every page anyone adds is covered)."""

from __future__ import annotations

import functools
from pathlib import Path

from bs4 import BeautifulSoup

# Folders of the built site that hold assets, not pages.
NOT_PAGES = {"assets", "search", "javascripts", "stylesheets"}


def built_pages(site_dir: Path) -> list[str]:
    """The URL path of every page, relative to the site root: ``""``, ``"derivation/"``, ..."""
    pages = []
    for index in site_dir.rglob("index.html"):
        rel = index.parent.relative_to(site_dir)
        if rel.parts and rel.parts[0] in NOT_PAGES:
            continue
        pages.append("" if rel == Path(".") else rel.as_posix() + "/")
    return sorted(pages)


def page_file(site_dir: Path, url_path: str) -> Path:
    """The HTML file behind a page's URL path."""
    return site_dir / url_path / "index.html"


def slug(url_path: str) -> str:
    """A file-name-safe name for a page: ``home``, ``proofs-proof-1``, ..."""
    return url_path.strip("/").replace("/", "-") or "home"


@functools.lru_cache(maxsize=128)
def parsed_html(html: str) -> BeautifulSoup:
    """``html`` parsed (BeautifulSoup's html.parser), once per process for the same text.

    html.parser takes about 4 s for the whole built site, and a dozen tests read every page:
    they share one tree per page instead of each parsing it again. Keyed on the text itself,
    so a page that changed is parsed anew. The tree is shared: read it, never change it (a
    test that edits a page parses its own copy with ``BeautifulSoup``).
    """
    return BeautifulSoup(html, "html.parser")


def parsed(path: Path) -> BeautifulSoup:
    """The file at ``path`` (a built page), parsed once per process: see ``parsed_html``."""
    return parsed_html(path.read_text("utf-8"))
