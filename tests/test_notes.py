"""The printable lecture notes (``mathproofs_site/notes.py``).

* On a small synthetic page: the math, the prose and the errata stay; every Python block
  goes, and a "✓ Checked" box holding only its block goes with it; a box holding prose as
  well keeps the prose; the in-browser checker goes; a link to a removed block goes to its
  page; the introduction says every equation is checked on the site, and links it.
* The plugin's options: a missing source page fails the build, naming it; so does a notes
  page on the handout's path.
* The built notes: the handout's parts, their math and errata, no code, in nav.

``tests/browser/test_handout_pdf.py`` prints them to PDF.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from sitebuild import ROOT
from test_sheets import build_errors as sheets_build_errors
from test_sheets import built, words

from mathproofs_site import handout, notes
from mathproofs_site.config import read_site

SITE = read_site(ROOT / "mkdocs.yml")
OPTIONS = SITE.plugin.lecture_notes

CODE = '<div class="language-python highlight" id="{id}"><pre><code>{code}</code></pre></div>'
PAGE = (
    '<h1 id="the-page">The page</h1><p>PROSE A, checked by <a href="#check-a">the block</a>.</p>'
    '<div class="equation" id="eq-a"><math><mi>y</mi></math>'
    '<a class="equation-number" href="#eq-a">(X1)</a></div>'
    '<details class="success"><summary>✓ Checked: the gradient (X1)</summary>'
    + CODE.format(id="check-a", code="assert ONLY_CODE")
    + "</details>"
    '<details class="success"><summary>✓ Checked: with a word</summary><p>BOX PROSE</p>'
    + CODE.format(id="check-b", code="assert CODE_WITH_PROSE")
    + "</details>"
    '<div class="admonition warning"><p class="admonition-title">Erratum: a sign</p>'
    "<p>ERRATUM TEXT</p></div>"
    + CODE.format(id="check-c", code="BARE_CODE = 1")
    + '<div class="mp-check"><input id="answer"><output>CHECKER</output></div>'
    '<div class="language-lean highlight"><pre><code>theorem LEAN_STATEMENT</code></pre></div>'
    "<p>PROSE B</p>"
)
WHERE = notes.Where(
    notes_url="lecture-notes/",
    handout_url="handout/",
    map_url="verification-map/",
    site_url="https://example.org/site/",
    site_name="site",
)


def made(content: str = PAGE) -> Tag:
    parts = [
        handout.Part("page.md", "page/", "The page", content),
        handout.Part("other.md", "other/", "Other", "<p>OTHER PROSE</p>"),
    ]
    return BeautifulSoup(notes.notes_content(parts, WHERE, {"eq-a"}), "html.parser")


def test_the_notes_keep_math_prose_and_errata_and_drop_the_code() -> None:
    page = made()
    text = words(page)
    for kept in ["PROSE A", "(X1)", "BOX PROSE", "Erratum: a sign", "ERRATUM TEXT"]:
        assert kept in text, kept
    for kept in ["PROSE B", "OTHER PROSE", "LEAN_STATEMENT"]:  # a quoted theorem is math
        assert kept in text, kept
    for dropped in ["ONLY_CODE", "CODE_WITH_PROSE", "BARE_CODE", "CHECKER", "the gradient"]:
        assert dropped not in text, dropped
    assert page.select(".language-python, .mp-check, input") == []
    # The box that held only its block is gone; the one with prose stays, open.
    assert [words(s) for s in page.select("summary")] == ["✓ Checked: with a word"]
    assert all(d.has_attr("open") for d in page.select("details"))
    assert page.select_one(".equation#eq-a math") is not None
    parts = page.select(f"section.{handout.PART_CLASS}")
    assert [p["id"] for p in parts] == ["page", "other"]


def test_a_link_to_a_removed_block_goes_to_its_page_and_ids_stay_unique() -> None:
    page = made()
    links = {words(a): str(a["href"]) for a in page.select("a[href]")}
    assert links["the block"] == "../page/#check-a"
    assert links["(X1)"] == "#eq-a"
    found = [str(n["id"]) for n in page.select("[id]")]
    assert len(found) == len(set(found)), Counter(found).most_common(3)


def test_the_introduction_says_every_equation_is_checked_on_the_site() -> None:
    intro = made().select_one(".notes-checked")
    assert intro is not None
    assert "Every numbered equation is checked on the site" in words(intro)
    links = {words(a): str(a["href"]) for a in intro.select("a[href]")}
    # The site's address as a reader types it, linking the site.
    assert links["example.org/site/"] == "https://example.org/site/"
    assert links["verification map"] == "../verification-map/"


# ------------------------------------------------------------ the plugin's options


def build_errors(tmp_path: Path, caplog: pytest.LogCaptureFixture, options: str) -> str:
    """The errors of a tiny site's build with these ``lecture_notes`` options; it fails."""
    return sheets_build_errors(tmp_path, caplog, options, name="lecture_notes")


def test_a_missing_source_page_fails_the_build_naming_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    errors = build_errors(tmp_path, caplog, "{pages: [a.md, gone.md]}")
    assert "lecture_notes: the source pages docs/gone.md do not exist" in errors


def test_notes_on_the_handouts_path_fail_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    errors = build_errors(tmp_path, caplog, "{pages: [a.md], page: handout.md}")
    assert "two generated pages have one path" in errors


def test_the_notes_are_configured_and_in_nav() -> None:
    assert OPTIONS.pages == SITE.plugin.handout_pages
    nav = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert f": {OPTIONS.page}\n" in nav
    assert not (SITE.docs_dir / OPTIONS.page).exists(), "it would hide the generated page"


# ------------------------------------------------------------ the built notes


def test_the_built_notes_are_the_pages_math_and_errata_without_code(built_site: Path) -> None:
    notes_page = built(built_site, OPTIONS.page)
    sources = [built(built_site, uri) for uri in OPTIONS.pages]
    parts = notes_page.select(f"section.{handout.PART_CLASS}")
    assert [p["id"] for p in parts] == [handout.slug(uri) for uri in OPTIONS.pages]
    for part, source in zip(parts, sources, strict=True):
        assert len(part.select("math")) == len(source.select("math"))
        assert [e["id"] for e in part.select(".equation[id]")] == [
            e["id"] for e in source.select(".equation[id]")
        ]
        errata = [words(t) for t in source.select(".admonition-title") if "Erratum" in t.text]
        assert (
            errata
            and [words(t) for t in part.select(".admonition-title") if "Erratum" in t.text]
            == errata
        )
        assert len(source.select(".language-python")) > 3
        assert part.select(".language-python, .mp-check") == []
        assert "import " not in part.get_text() and "assert " not in part.get_text()
    assert notes_page.select("details:not([open])") == []
