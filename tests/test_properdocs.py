"""The end-of-life canary's checks (tools/properdocs_canary.py), on this session's build.

``make canary`` (CI) builds the site with ProperDocs and runs these checks on that build.
Here they run on the session's MkDocs build, which must pass them too, and on pages of it
with one build step's work taken out, each of which they must catch: a notebook not
executed, math left to a browser engine, a missing equation anchor, an equation left off
the verification map or the handout, a generated page missing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser, LexborNode

from tools.properdocs_canary import (
    HANDOUT,
    VERIFICATION_MAP,
    Reader,
    labels,
    load_config,
    nav_sources,
    page_path,
    problems,
    site_reader,
)

ROOT = Path(__file__).resolve().parent.parent
CONFIG = load_config(ROOT / "mkdocs.yml")
DOCS = ROOT / "docs"
NOTEBOOK = next(s for s in nav_sources(CONFIG["nav"]) if s.endswith(".py"))
DERIVATION = "derivation.md"
FIRST_LABEL = labels((DOCS / DERIVATION).read_text("utf-8"))[0]


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, LexborHTMLParser]:
    """The built pages of the nav, each parsed once for every test here."""
    read = site_reader(built_site)
    parsed = {path: read(path) for path in page_paths()}
    return {path: tree for path, tree in parsed.items() if tree is not None}


def edited(read: Reader, source: str, edit: Callable[[LexborHTMLParser], None]) -> Reader:
    """The site with one page's HTML changed by ``edit`` (on a copy)."""
    target = page_path(source)
    original = read(target)
    assert original is not None, target
    tree = LexborHTMLParser(original.html or "")
    edit(tree)
    return lambda relative: tree if relative == target else read(relative)


def without(read: Reader, source: str) -> Reader:
    target = page_path(source)
    return lambda relative: None if relative == target else read(relative)


def drop(selector: str) -> Callable[[LexborHTMLParser], None]:
    def edit(tree: LexborHTMLParser) -> None:
        nodes = tree.css(selector)
        assert nodes, selector
        for node in nodes:
            node.decompose()

    return edit


def node(html: str, selector: str) -> LexborNode:
    found = LexborHTMLParser(html).css_first(selector)
    assert found is not None
    return found


def add_mathjax(tree: LexborHTMLParser) -> None:
    body = tree.body
    assert body is not None
    body.insert_child(node('<script src="mathjax/tex-mml-chtml.js"></script>', "script"))


def untypeset(tree: LexborHTMLParser) -> None:
    math = tree.css_first("math")
    assert math is not None
    math.replace_with(node(r'<div class="arithmatex">\[x\]</div>', "div"))


def page_paths() -> list[str]:
    return [page_path(s) for s in nav_sources(CONFIG["nav"])]


def test_page_paths_follow_directory_urls() -> None:
    assert page_path("index.md") == "index.html"
    assert page_path("about/index.md") == "about/index.html"
    assert page_path("derivation.md") == "derivation/index.html"
    assert page_path("notebooks/kronecker-cost.py") == "notebooks/kronecker-cost/index.html"
    assert len(set(page_paths())) == len(page_paths())


def test_the_mkdocs_build_passes_the_canary(pages: dict[str, LexborHTMLParser]) -> None:
    assert len(pages) == len(page_paths())
    assert problems(pages.get, CONFIG["nav"], DOCS) == []


BREAKS: dict[str, tuple[Callable[[Reader], Reader], str]] = {
    "notebook not executed": (
        lambda r: edited(r, NOTEBOOK, drop(".jp-OutputArea-output")),
        f"{NOTEBOOK}: a notebook page without executed output",
    ),
    "notebook math not typeset": (
        lambda r: edited(r, NOTEBOOK, drop("math")),
        f"{NOTEBOOK}: a notebook page without MathML",
    ),
    "math left to the browser": (
        lambda r: edited(r, DERIVATION, untypeset),
        f"{DERIVATION}: math left for a browser engine",
    ),
    "a MathJax script": (
        lambda r: edited(r, DERIVATION, add_mathjax),
        f"{DERIVATION}: a MathJax script",
    ),
    "an equation without its anchor": (
        lambda r: edited(r, DERIVATION, drop(f'[id="{FIRST_LABEL}"]')),
        f"{DERIVATION}: equations without their anchor: ['{FIRST_LABEL}']",
    ),
    "an equation left off the map": (
        lambda r: edited(r, VERIFICATION_MAP, drop(f'a[href$="#{FIRST_LABEL}"]')),
        f"{VERIFICATION_MAP}: equations it does not list: ['{FIRST_LABEL}']",
    ),
    "no verification map": (
        lambda r: without(r, VERIFICATION_MAP),
        f"{VERIFICATION_MAP}: no verification-map/index.html in the build",
    ),
    "an equation left off the handout": (
        lambda r: edited(r, HANDOUT, drop(f'[id="{FIRST_LABEL}"]')),
        f"{HANDOUT}: {DERIVATION} without its equations ['{FIRST_LABEL}']",
    ),
    "an empty handout": (
        lambda r: edited(r, HANDOUT, drop("article")),
        f"{HANDOUT}: no typeset page in it",
    ),
    "a page missing": (
        lambda r: without(r, NOTEBOOK),
        f"{NOTEBOOK}: no {page_path(NOTEBOOK)} in the build",
    ),
}


@pytest.mark.parametrize("name", list(BREAKS))
def test_the_canary_catches_a_missing_build_step(
    pages: dict[str, LexborHTMLParser], name: str
) -> None:
    breaking, expected = BREAKS[name]
    found = problems(breaking(pages.get), CONFIG["nav"], DOCS)
    assert any(problem.startswith(expected) for problem in found), found
