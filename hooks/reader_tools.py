"""MkDocs hook: what readers and lecturers need around the verified pages.

* **Provenance.** Every page's footer says what the site was verified with: the
  ``mathproofs`` version, the git commit (``+dirty`` when the work tree has changes), the
  NumPy version and the build date (``SOURCE_DATE_EPOCH`` when set, else today, UTC).
* **Cite this page.** Every page gets a BibTeX entry and a plain-text citation with its
  canonical URL, the site version and the date (``overrides/main.html`` shows them).
* **Copy an equation's link.** Next to each equation number, a button copies the
  equation's absolute URL (``javascripts/equation-links.js``).
* **Printable handout.** ``handout/`` is generated here: the derivation and both proofs,
  as built (math as MathML, code included), on one print-ready page. It is not a
  Markdown source under ``docs/``; its Python blocks are the union of its source pages'
  blocks, which ``tests/test_readers.py`` checks against the pages themselves.

Listed after ``hooks/tex_math.py`` in ``mkdocs.yml``: it works on typeset HTML.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import posixpath
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent

HANDOUT_URI = "handout.md"
# The pages the handout collects, in reading order.
HANDOUT_SOURCES = ["derivation.md", "proofs/proof-1.md", "proofs/proof-2.md"]
HANDOUT_STUB = """---
title: Printable handout
description: The derivation and both proofs on one page, ready to print.
search:
  exclude: true
hide:
  - navigation
  - toc
---

# Printable handout
"""

EQUATION_NUMBER_RE = re.compile(
    r'(<a class="equation-number" href="#(eq-[^"]+)"[^>]*>\(([^)<]+)\)</a>)'
)
LINK_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true" '
    'focusable="false" width="16" height="16"><path fill="currentColor" d="M10.59 13.41c.41.39'
    ".41 1.03 0 1.42-.39.39-1.03.39-1.42 0a5.003 5.003 0 0 1 0-7.07l3.54-3.54a5.003 5.003 0 0 1 "
    "7.07 0 5.003 5.003 0 0 1 0 7.07l-1.49 1.49c.01-.82-.12-1.64-.4-2.42l.47-.48a2.982 2.982 0 0 "
    "0 0-4.24 2.982 2.982 0 0 0-4.24 0l-3.53 3.53a2.982 2.982 0 0 0 0 4.24m2.82-4.24c.39-.39 1.03"
    "-.39 1.42 0a5.003 5.003 0 0 1 0 7.07l-3.54 3.54a5.003 5.003 0 0 1-7.07 0 5.003 5.003 0 0 1 "
    "0-7.07l1.49-1.49c-.01.82.12 1.64.4 2.43l-.47.47a2.982 2.982 0 0 0 0 4.24 2.982 2.982 0 0 0 "
    '4.24 0l3.53-3.53a2.982 2.982 0 0 0 0-4.24.973.973 0 0 1 0-1.42Z"/></svg>'
)
ID_RE = re.compile(r'\b(id|name)="([^"]+)"')
URL_ATTR_RE = re.compile(r'\b(href|src)="([^"]*)"')


@dataclass(frozen=True)
class Provenance:
    """What the site was built and verified with."""

    version: str
    commit: str
    numpy: str
    date: str


PROVENANCE: list[Provenance] = []


# ---------------------------------------------------------------- provenance


def _git(*args: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip()


def git_commit() -> str:
    """The short commit of HEAD, ``+dirty`` if tracked files changed, or ``unknown``."""
    sha = _git("rev-parse", "--short=10", "HEAD")
    if not sha:
        return "unknown"
    dirty = _git("status", "--porcelain", "--untracked-files=no")
    return f"{sha}+dirty" if dirty else sha


def build_date() -> str:
    """Today in UTC, or the date of ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return now.date().isoformat()


def provenance() -> Provenance:
    import numpy

    import mathproofs

    return Provenance(mathproofs.__version__, git_commit(), numpy.__version__, build_date())


# ---------------------------------------------------------------- citation


def citation(page: Page, config: MkDocsConfig, stamp: Provenance) -> dict[str, str]:
    """BibTeX and plain text for one page (no TeX commands: the text is shown as is)."""
    url = page.canonical_url or ""
    title = page.title or config.site_name
    key_slug = re.sub(r"[^a-z0-9]+", "-", (page.url or "home").lower()).strip("-") or "home"
    year = stamp.date[:4]
    author = config.site_author or f"{config.site_name} contributors"
    bibtex = (
        f"@misc{{{config.site_name}-{key_slug},\n"
        f"  author  = {{{{{author}}}}},\n"
        f"  title   = {{{{{title}}}}},\n"
        f"  year    = {{{year}}},\n"
        f"  version = {{{stamp.version}}},\n"
        f"  url     = {{{url}}},\n"
        f"  urldate = {{{stamp.date}}},\n"
        f"  note    = {{{config.site_name} {stamp.version}, commit {stamp.commit}}}\n"
        "}"
    )
    text = (
        f"{author}. {title}. {config.site_name}, version {stamp.version} "
        f"(commit {stamp.commit}), {year}. {url} (accessed {stamp.date})."
    )
    return {"bibtex": bibtex, "text": text, "url": url}


# ---------------------------------------------------------------- equation links


def add_copy_buttons(content: str, page: Page) -> str:
    """Put a copy-link button after each equation number."""
    base = page.canonical_url or ""

    def button(match: re.Match[str]) -> str:
        number_link, anchor, number = match.groups()
        label = f"Copy link to equation ({number})"
        return (
            f'{number_link}<button type="button" class="equation-copy" '
            f'data-url="{html.escape(base + "#" + anchor)}" title="{label}" '
            f'aria-label="{label}">{LINK_ICON}</button>'
        )

    return EQUATION_NUMBER_RE.sub(button, content)


# ---------------------------------------------------------------- handout


def _slug(src_uri: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", src_uri.removesuffix(".md").lower()).strip("-")


def _site_path(page_url: str, href: str) -> tuple[str, str] | None:
    """Resolve a relative href of a page at ``page_url`` to (site path, fragment)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("/", "mailto:", "data:")):
        return None
    if not parts.path:
        return page_url, parts.fragment
    target = posixpath.normpath(posixpath.join(posixpath.dirname("/" + page_url), parts.path))
    target = target.lstrip("/")
    if parts.path.endswith("/") and target and not target.endswith("/"):
        target += "/"
    if target == ".":
        target = ""
    return target, parts.fragment


def handout_part(source: Page, handout: Page, parts: dict[str, str]) -> str:
    """One source page's typeset HTML, with ids and links rewritten for the handout."""
    slug = parts[source.url]

    def local_id(page_slug: str, ident: str) -> str:
        # Equation anchors are unique site-wide: they keep their names on the handout.
        return ident if ident.startswith("eq-") else f"{page_slug}--{ident}"

    def rename(match: re.Match[str]) -> str:
        return f'{match.group(1)}="{local_id(slug, match.group(2))}"'

    def relink(match: re.Match[str]) -> str:
        attr, href = match.groups()
        resolved = _site_path(source.url, html.unescape(href))
        if resolved is None:
            return match.group(0)
        path, fragment = resolved
        if attr == "href" and path in parts:
            return f'href="#{local_id(parts[path], fragment) if fragment else parts[path]}"'
        new = get_relative_url(path or ".", handout.url or ".")
        if path.endswith("/") and not new.endswith("/"):
            new += "/"
        return f'{attr}="{html.escape(new + ("#" + fragment if fragment else ""))}"'

    body = URL_ATTR_RE.sub(relink, ID_RE.sub(rename, source.content or ""))
    label = html.escape(source.title or slug)
    return f'<section class="handout-part" id="{slug}" aria-label="{label}">{body}</section>'


def handout_content(handout: Page, nav: Navigation, config: MkDocsConfig) -> str:
    by_uri = {p.file.src_uri: p for p in nav.pages}
    missing = [uri for uri in HANDOUT_SOURCES if uri not in by_uri]
    if missing:
        raise PluginError(f"handout: source pages not in nav: {missing}")
    sources = [by_uri[uri] for uri in HANDOUT_SOURCES]
    parts = {p.url: _slug(p.file.src_uri) for p in sources}
    contents = "".join(
        f'<li><a href="#{parts[p.url]}">{html.escape(p.title or "")}</a></li>' for p in sources
    )
    intro = (
        '<h1 id="printable-handout">Printable handout</h1>'
        '<p class="handout-intro">The derivation and both proofs on one page, as published on '
        f'<a href="{html.escape(config.site_url or "")}">{html.escape(config.site_name)}</a>: '
        "every formula typeset, every check included. Print it from the browser "
        "(File → Print, or Ctrl+P / ⌘P); each part starts on a new sheet.</p>"
        f'<nav class="handout-contents" aria-label="Handout contents"><ol>{contents}</ol></nav>'
    )
    return intro + "".join(handout_part(p, handout, parts) for p in sources)


# ---------------------------------------------------------------- MkDocs events


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    PROVENANCE[:] = [provenance()]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if files.get_file_from_path(HANDOUT_URI) is not None:
        raise PluginError(f"docs/{HANDOUT_URI} exists; the handout is generated")
    files.append(File.generated(config, HANDOUT_URI, content=HANDOUT_STUB))
    return files


def on_page_content(html_: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return add_copy_buttons(html_, page)


def on_template_context(
    context: dict[str, Any], template_name: str, config: MkDocsConfig
) -> dict[str, Any]:
    # Theme pages without a Markdown source (404.html) carry the provenance footer too.
    context["provenance"] = PROVENANCE[0]
    return context


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    stamp = PROVENANCE[0]
    if page.file.src_uri == HANDOUT_URI:
        page.content = handout_content(page, nav, config)
    context["provenance"] = stamp
    context["citation"] = citation(page, config, stamp)
    return context
