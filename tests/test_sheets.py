"""The two printable exercise sheets (``mathproofs_site/sheets.py``).

* On a small synthetic exercises page: the sheet without solutions has every statement
  and hint and no solution, the one with solutions has them opened; neither has a check's
  code or the in-browser checker (``.mp-check``); ids are unique; a link to an equation
  the sheet left out goes to the exercises page, one to an equation it holds stays on it.
* The plugin's options: a missing source page fails the build, naming it.
* The built sheets: every exercise of ``docs/exercises.md``, in order; the one without
  solutions holds none of their text, the one with them all of it (math included).

``tests/browser/test_handout_pdf.py`` prints both to PDF.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError
from sitebuild import ROOT, html_for
from sitepages import page_file
from test_plugin import tiny_site

from mathproofs_site import PageError, handout, sheets
from mathproofs_site.config import read_site

SITE = read_site(ROOT / "mkdocs.yml")
OPTIONS = SITE.plugin.exercise_sheets


def url_path(src_uri: str) -> str:
    return html_for(Path("/"), Path(src_uri)).parent.as_posix().strip("/") + "/"


# ------------------------------------------------------------ a synthetic exercises page

CHECK = (
    '<details class="success"><summary>✓ Checked: the gradient</summary>'
    '<div class="language-python highlight" id="check-a"><pre><span></span>'
    "<code>assert GRADIENT_CODE</code></pre></div></details>"
)
CHECKER = (
    '<div class="mp-check"><label for="answer-a">Your answer</label>'
    '<input id="answer-a"><output>CHECKER VERDICT</output></div>'
)
PAGE = (
    '<h1 id="exercises">Exercises</h1><p>INTRO TEXT, see <a href="#ex-b">2</a>.</p>'
    + CHECK
    + '<h2 id="ex-a">Exercise 1: A<a class="headerlink" href="#ex-a">¶</a></h2>'
    '<p>STATEMENT A</p><div class="equation" id="eq-a"><math></math>'
    '<a class="equation-number" href="#eq-a">(X1)</a></div>'
    + CHECKER
    + '<details class="tip"><summary>Hint</summary><p>HINT A, cf. <a href="#eq-b">(X2)</a>'
    ' and <a href="#ex-b">Exercise 2</a>.</p></details>'
    '<details class="success"><summary>Solution</summary><p>SOLUTION A</p>'
    '<div class="equation" id="eq-b"><math></math>'
    '<a class="equation-number" href="#eq-b">(X2)</a></div><p id="step">STEP</p>'
    + CHECK.replace("check-a", "check-b")
    + "</details>"
    '<h2 id="ex-b">Exercise 2: B</h2><p>STATEMENT B, from <a href="#step">the step</a>.</p>'
    '<details class="tip"><summary>Hint</summary><p>HINT B</p></details>'
    '<details class="success"><summary>Solution</summary><p>SOLUTION B</p>'
    '<div class="language-python highlight"><pre><code>BARE_CODE = 1</code></pre></div>'
    "<p>SOLUTION B, AFTER THE CODE</p></details>"
    '<h2 id="notes">Notes</h2><p>NOT AN EXERCISE</p>'
)
SOURCE = handout.Part("exercises.md", "exercises/", "Exercises", PAGE)


def sheet(solutions: bool, content: str = PAGE) -> Tag:
    which = sheets.WITH_SOLUTIONS if solutions else sheets.WITHOUT_SOLUTIONS
    here, other = ("sheet-b/", "sheet-a/") if solutions else ("sheet-a/", "sheet-b/")
    source = handout.Part(SOURCE.src_uri, SOURCE.url, SOURCE.title, content)
    html = sheets.sheet_content(which, source, here, other, site_wide={"eq-a", "eq-b"})
    return BeautifulSoup(html, "html.parser")


def words(node: Tag) -> str:
    return " ".join(node.get_text(" ").split())


def hrefs(node: Tag) -> dict[str, str]:
    return {words(a): str(a["href"]) for a in node.select("a[href]") if words(a)}


def test_the_sheet_without_solutions_has_statements_and_hints_only() -> None:
    page = sheet(solutions=False)
    exercises = page.select("section.sheet-part > section.sheet-exercise")
    assert [words(e.h2) for e in exercises if e.h2] == ["Exercise 1: A ¶", "Exercise 2: B"]
    text = words(page)
    for kept in ["STATEMENT A", "HINT A", "STATEMENT B", "HINT B", "(X1)"]:
        assert kept in text, kept
    for dropped in ["SOLUTION", "STEP", "GRADIENT_CODE", "BARE_CODE", "Checked"]:
        assert dropped not in text, dropped
    for dropped in ["INTRO TEXT", "NOT AN EXERCISE", "CHECKER VERDICT"]:
        assert dropped not in text, dropped
    assert [str(e["id"]) for e in page.select(".equation")] == ["eq-a"]  # (X2) is a solution's
    assert [words(s) for s in page.select("summary")] == ["Hint", "Hint"]
    # Open: a closed box prints its summary only.
    assert all(d.has_attr("open") for d in page.select("details"))
    # Each exercise gets a printed page of its own (the print CSS reads the class).
    assert all(sheets.OWN_PAGE_CLASS in e["class"] for e in exercises)


def test_the_sheet_with_solutions_opens_them_without_their_checks() -> None:
    page = sheet(solutions=True)
    text = words(page)
    for kept in ["STATEMENT A", "HINT A", "SOLUTION A", "(X1)", "(X2)", "STEP", "HINT B"]:
        assert kept in text, kept
    # A block alone in its box goes with the box; a block inside the solution goes alone.
    assert "SOLUTION B SOLUTION B, AFTER THE CODE" in text
    for dropped in ["GRADIENT_CODE", "BARE_CODE", "Checked", "CHECKER VERDICT", "NOT AN"]:
        assert dropped not in text, dropped
    assert page.select(".language-python, .highlight, pre, code, .mp-check, input") == []
    assert [words(s) for s in page.select("summary")] == ["Hint", "Solution"] * 2
    assert all(d.has_attr("open") for d in page.select("details"))
    solutions = page.select("details.sheet-solution")
    assert [words(s.summary) for s in solutions if s.summary] == ["Solution", "Solution"]
    # The whole solution is on paper: its break is left to the print CSS.
    assert not any(sheets.OWN_PAGE_CLASS in e["class"] for e in page.select(".sheet-exercise"))


def test_the_sheets_rename_ids_and_keep_equation_anchors() -> None:
    for solutions in (False, True):
        page = sheet(solutions)
        found = [str(n["id"]) for n in page.select("[id]")]
        assert len(found) == len(set(found)), Counter(found).most_common(3)
        assert "eq-a" in found and "exercises--ex-a" in found and "exercises--ex-b" in found
        assert "exercises--answer-a" not in found  # the checker's input went with it
        links = hrefs(page)
        assert links["Exercise 2"] == "#exercises--ex-b"  # on the sheet: stays on it
        assert links["(X1)"] == "#eq-a"
    # An equation the sheet left out: its link goes to the exercises page.
    assert hrefs(sheet(False))["(X2)"] == "../exercises/#eq-b"
    assert hrefs(sheet(False))["the step"] == "../exercises/#step"
    assert hrefs(sheet(True))["(X2)"] == "#eq-b"
    assert hrefs(sheet(True))["the step"] == "#exercises--step"


def test_each_sheet_says_what_it_leaves_out_and_links_the_other() -> None:
    without, with_ = sheet(False), sheet(True)
    for page, title, other in [
        (without, "Exercise sheet", "../sheet-b/"),
        (with_, "Exercise sheet with solutions", "../sheet-a/"),
    ]:
        assert page.h1 is not None and words(page.h1) == title
        intro = page.select_one(".sheet-intro")
        assert intro is not None
        assert "The 2 exercises" in words(intro), words(intro)
        assert other in hrefs(intro).values() and "../exercises/" in hrefs(intro).values()
    intro = with_.select_one(".sheet-intro")
    assert intro is not None and "each solution is checked on the site" in words(intro)


def test_a_page_without_exercises_makes_no_sheet() -> None:
    with pytest.raises(PageError, match=r"exercises\.md: no exercises"):
        sheet(False, content='<h1 id="x">X</h1><h2 id="setup">Setup</h2><p>text</p>')


# ------------------------------------------------------------ the plugin's options


def build_errors(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, options: str, name: str = "exercise_sheets"
) -> str:
    """The errors of a tiny site's build with these options under ``name`` (the exercise
    sheets'; the lecture notes' too, tests/test_notes.py); it fails."""
    project = tiny_site(tmp_path / "project")
    text = project.read_text("utf-8").replace(
        "      handout_pages: [a.md]\n",
        f"      handout_pages: [a.md]\n      {name}: {options}\n",
    )
    project.write_text(text, "utf-8")
    config = load_config(str(project), site_dir=str(tmp_path / "site"))
    with caplog.at_level(logging.ERROR), pytest.raises((PluginError, Abort)):
        build(config)
    return caplog.text


def test_a_missing_source_page_fails_the_build_naming_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    errors = build_errors(tmp_path, caplog, "{source: gone.md}")
    assert "exercise_sheets: the source page docs/gone.md does not exist" in errors


def test_a_source_page_without_exercises_fails_the_build_naming_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert "a.md: no exercises" in build_errors(tmp_path, caplog, "{source: a.md}")


def test_the_sheets_are_configured_and_in_nav() -> None:
    assert OPTIONS.source == "exercises.md"
    nav = (ROOT / "mkdocs.yml").read_text("utf-8")
    for uri in (OPTIONS.without_solutions, OPTIONS.with_solutions):
        assert f": {uri}\n" in nav, uri
        assert not (SITE.docs_dir / uri).exists(), f"docs/{uri} would hide the generated page"


# ------------------------------------------------------------ the built sheets

EXERCISE_HEADING = re.compile(r"^## (.+?) \{ #(ex-[\w-]+) \}$", re.MULTILINE)


def exercises_in_source() -> list[tuple[str, str]]:
    """(title, id) of each exercise of the source page's Markdown, in order."""
    text = (SITE.docs_dir / (OPTIONS.source or "")).read_text("utf-8")
    return EXERCISE_HEADING.findall(text)


def built(site: Path, src_uri: str) -> Tag:
    article = BeautifulSoup(
        page_file(site, url_path(src_uri)).read_text("utf-8"), "html.parser"
    ).select_one("article")
    assert article is not None, src_uri
    return article


def solution_texts(page: Tag) -> list[str]:
    """The text of each paragraph of each solution on a page, its checks left out."""
    found = []
    for box in page.select("details"):
        if box.summary is not None and words(box.summary) == sheets.SOLUTION:
            found += [words(p) for p in box.find_all("p", recursive=False)]
    return [t for t in found if t]


def test_the_built_sheets_hold_every_exercise_in_order(built_site: Path) -> None:
    expected = exercises_in_source()
    assert len(expected) >= 12
    for uri in (OPTIONS.without_solutions, OPTIONS.with_solutions):
        page = built(built_site, uri)
        sections = page.select("section.sheet-exercise")
        titles = [(words(s.h2).removesuffix(" ¶"), str(s.h2["id"])) for s in sections if s.h2]
        assert titles == [(t, f"exercises--{i}") for t, i in expected], uri
        # Every hint, opened; no check, no code, no in-browser checker.
        assert len(page.select("details.tip[open] > summary")) == len(expected), uri
        assert page.select("details:not([open])") == [], uri
        content = page.select_one(f"section.{sheets.PART_CLASS}")
        assert content is not None, uri
        assert content.select(".language-python, pre, .mp-check, input") == [], uri
        assert "✓ Checked" not in page.get_text(), uri


def test_only_the_sheet_with_solutions_holds_their_text(built_site: Path) -> None:
    exercises = built(built_site, OPTIONS.source or "")
    solutions = solution_texts(exercises)
    assert len(solutions) > 3 * len(exercises_in_source())
    without = words(built(built_site, OPTIONS.without_solutions))
    with_ = built(built_site, OPTIONS.with_solutions)
    assert [t for t in solutions if t in without] == []
    assert solution_texts(with_) == solutions
    # And their numbered equations, with their numbers and anchors.
    numbers = [words(a) for a in exercises.select(".equation > a.equation-number")]
    assert [words(a) for a in with_.select(".equation > a.equation-number")] == numbers
    anchors = [str(e["id"]) for e in exercises.select(".equation[id]")]
    assert [str(e["id"]) for e in with_.select(".equation[id]")] == anchors
