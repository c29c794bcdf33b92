"""What every page says about its build: the provenance footer and "Cite this page".

* **Provenance.** Every page's footer says what the site was verified with: the
  ``mathproofs`` version, the git commit (``+dirty`` when the work tree has changes), the
  NumPy version and the build date (``SOURCE_DATE_EPOCH`` when set, else today, UTC).
* **Cite this page.** Every page gets a BibTeX entry and a plain-text citation with its
  canonical URL, the site version, commit and build date, and dokuDoku's credit
  (``overrides/main.html`` shows them; ``mathproofs_site/citation.py`` writes them). A page
  with numbered equations also gets the template of its equations' citations.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mathproofs_site import html as h
from mathproofs_site.citation import (
    ANCHOR_TOKEN,
    NUMBER_TOKEN,
    CitedPage,
    Stamp,
    equation_template,
    page_citation,
)


@dataclass(frozen=True)
class Provenance:
    """What the site was built and verified with."""

    version: str
    commit: str
    numpy: str
    date: str


def _git(root: Path, *args: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()


def git_commit(root: Path) -> str:
    """The short commit of HEAD, ``+dirty`` if tracked files changed, or ``unknown``."""
    sha = _git(root, "rev-parse", "--short=10", "HEAD")
    if not sha:
        return "unknown"
    dirty = _git(root, "status", "--porcelain", "--untracked-files=no")
    return f"{sha}+dirty" if dirty else sha


def build_date() -> str:
    """Today in UTC, or the date of ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return now.date().isoformat()


def provenance(root: Path) -> Provenance:
    import numpy

    import mathproofs

    return Provenance(mathproofs.__version__, git_commit(root), numpy.__version__, build_date())


@dataclass(frozen=True)
class Cited:
    """What a citation of one page names."""

    url: str  # the page's canonical URL
    page_url: str  # its URL in the site ("" for the home page)
    title: str
    site_name: str
    author: str


def _cited_page(page: Cited) -> CitedPage:
    slug = re.sub(r"[^a-z0-9]+", "-", (page.page_url or "home").lower()).strip("-") or "home"
    return CitedPage(page.url, slug, page.title, page.site_name, page.author)


def _stamp(stamp: Provenance) -> Stamp:
    return Stamp(stamp.version, stamp.commit, stamp.date)


def citation(page: Cited, stamp: Provenance, *, equations: Sequence[Cited] = ()) -> dict[str, Any]:
    """ "Cite this page" (BibTeX and plain text), and the templates of the citations of the
    equations it shows, one per page they belong to (``equations``; see ``shown_from``).

    ``equation`` is what docs/javascripts/equation-links.js reads, as JSON: a template by
    page URL (an equation's copy-link address without its ``#anchor``) and the two tokens
    to replace with the equation's number and anchor.
    """
    this = page_citation(_cited_page(page), _stamp(stamp))
    out: dict[str, Any] = {"bibtex": this.bibtex, "text": this.text, "url": page.url}
    if equations:
        templates = {}
        for source in equations:
            template = equation_template(_cited_page(source), _stamp(stamp))
            templates[source.url] = {"text": template.text, "bibtex": template.bibtex}
        out["equation"] = {"number": NUMBER_TOKEN, "anchor": ANCHOR_TOKEN, "pages": templates}
    return out


def shown_from(content: str) -> list[str]:
    """The pages whose numbered equations a page's content shows, by URL, in order.

    For a page collected from others (the handout, the exercise sheets): each equation's
    copy-link address names the page it belongs to.
    """
    if "equation-copy" not in content:
        return []
    root = h.body(h.parse_content(content))
    urls = (node.attributes.get("data-url") or "" for node in root.css(".equation-copy"))
    return list(dict.fromkeys(url.partition("#")[0] for url in urls if url))
