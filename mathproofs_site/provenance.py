"""What every page says about its build: the provenance footer and "Cite this page".

* **Provenance.** Every page's footer says what the site was verified with: the
  ``mathproofs`` version, the git commit (``+dirty`` when the work tree has changes), the
  NumPy version and the build date (``SOURCE_DATE_EPOCH`` when set, else today, UTC).
* **Cite this page.** Every page gets a BibTeX entry and a plain-text citation with its
  canonical URL, the site version and the date (``overrides/main.html`` shows them).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path


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


def citation(page: Cited, stamp: Provenance) -> dict[str, str]:
    """BibTeX and plain text for one page (no TeX commands: the text is shown as is)."""
    key_slug = re.sub(r"[^a-z0-9]+", "-", (page.page_url or "home").lower()).strip("-") or "home"
    year = stamp.date[:4]
    name, author, title, url = page.site_name, page.author, page.title, page.url
    bibtex = (
        f"@misc{{{name}-{key_slug},\n"
        f"  author  = {{{{{author}}}}},\n"
        f"  title   = {{{{{title}}}}},\n"
        f"  year    = {{{year}}},\n"
        f"  version = {{{stamp.version}}},\n"
        f"  url     = {{{url}}},\n"
        f"  urldate = {{{stamp.date}}},\n"
        f"  note    = {{{name} {stamp.version}, commit {stamp.commit}}}\n"
        "}"
    )
    text = (
        f"{author}. {title}. {name}, version {stamp.version} "
        f"(commit {stamp.commit}), {year}. {url} (accessed {stamp.date})."
    )
    return {"bibtex": bibtex, "text": text, "url": url}
