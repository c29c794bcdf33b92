"""``hooks/page_speed.py``: what it does to a page, and that the built site has it.

Why it exists (Material's start-up work restyling the whole page) is measured by
``bench/profile_page.py``; that instant navigation keeps the imported style sheets is
checked in a browser by ``tests/browser/test_pages.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from mkdocs.exceptions import PluginError
from sitebuild import load_hook

ps = load_hook("page_speed")


def part(soup: BeautifulSoup, name: str) -> Tag:
    tag = soup.find(name)
    assert isinstance(tag, Tag), name
    return tag


HEAD = (
    '<html><head>\n<link rel="preload" href="../assets/f.woff2" as="font">\n'
    '    <link rel="stylesheet" href="../assets/main.css">\n'
    '    <link rel="stylesheet" href="../stylesheets/ours.css">\n'
    '<link rel="canonical" href="https://example.org/x/">\n</head>'
    '<body><link rel="stylesheet" href="body.css"></body></html>'
)


def test_head_style_sheets_become_one_import_block_in_order() -> None:
    out = ps.import_stylesheets(HEAD, "proofs/proof-1/", "/site/")
    soup = BeautifulSoup(out, "html.parser")
    styles = part(soup, "head").find_all("style")
    assert [s.get_text() for s in styles] == [
        '@import url("/site/proofs/assets/main.css");'
        '@import url("/site/proofs/stylesheets/ours.css");'
    ]
    assert part(soup, "head").find_all("link", rel="stylesheet") == []
    # Other head links stay; a link outside the head is not the hook's business.
    assert part(soup, "head").find("link", rel="preload") is not None
    assert len(part(soup, "body").find_all("link", rel="stylesheet")) == 1


def test_the_import_block_is_the_same_on_every_page() -> None:
    def block(page_url: str, depth: int) -> str:
        up = "../" * depth
        page = HEAD.replace("../assets/", up + "assets/").replace(
            "../stylesheets/", up + "stylesheets/"
        )
        soup = BeautifulSoup(ps.import_stylesheets(page, page_url, "/site/"), "html.parser")
        return str(part(soup, "head").find("style"))

    assert block("", 0) == block("derivation/", 1) == block("proofs/proof-1/", 2)


def test_urls_that_are_already_absolute_are_kept() -> None:
    for href in ["https://example.org/a.css", "/other/a.css", "#x"]:
        assert ps.root_relative(href, "a/", "/site/") == href


def test_a_page_without_head_fails_the_build() -> None:
    with pytest.raises(PluginError, match="no <head>"):
        ps.import_stylesheets("<body></body>", "a/", "/site/")


def test_plain_tables_get_a_parent_and_classed_tables_do_not() -> None:
    content = '<p>x</p><table>\n<tr><td>1</td></tr></table><table class="highlighttable"></table>'
    out = ps.host_tables(content)
    assert out.count('<div class="table-host"><table>') == 1
    assert '<table class="highlighttable">' in out and out.count("table-host") == 1


def test_site_root_comes_from_site_url() -> None:
    class Config:
        site_url = "https://mathproofs.github.io/mathproofs"

    assert ps.site_root(Config()) == "/mathproofs/"
    Config.site_url = ""
    assert ps.site_root(Config()) == "/"


def test_built_pages_import_their_style_sheets_from_one_block(built_site: Path) -> None:
    pages = [p for p in built_site.rglob("*.html") if p.name != "404.html"]
    assert len(pages) >= 10
    blocks = set()
    for page in pages:
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        assert part(soup, "head").find_all("link", rel="stylesheet") == [], page
        styles = part(soup, "head").find_all("style", attrs={"data-site-styles": True})
        assert len(styles) == 1, page
        blocks.add(styles[0].get_text())
    assert len(blocks) == 1
    assert "katex.min.css" in blocks.pop()
