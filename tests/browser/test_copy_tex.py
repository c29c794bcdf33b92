"""Copy TeX, in the browser: every display equation's "TeX" button copies its TeX source.

The build puts each display equation's TeX in its MathML (``<annotation
encoding="application/x-tex">``, ``mathproofs_site/tex.py``);
``docs/javascripts/equation-links.js`` adds a "TeX" button to each equation's tools and
copies the annotation's text. What the clipboard gets must equal the TeX in the page's
source (``tests/test_annotations.py: source_tex``: the page the registry names, its
``$$...$$`` holding the equation's ``\\label``, without ``\\label`` and ``\\postnumber``).
Every page with equations is visited (notebook pages, the handout and the sheets too); on
each, every equation has the button and the first and last are copied, by keyboard.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sitebuild import DOCS
from sitepages import built_pages, page_file
from test_annotations import source_registry, source_tex

from browser.test_cite_equation import PICKS, copied
from browser.test_pages import Visit, nav_link, new_context, watch
from mathproofs_site.registry import Registry


@pytest.fixture(scope="module")
def found() -> Registry:
    return source_registry()


@pytest.fixture
def tab(browser: Any, site_url: str) -> Iterator[tuple[Any, Visit]]:
    """A light-mode tab allowed to use the clipboard, watched for errors."""
    context = new_context(browser, "light")
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_url))
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = context.new_page()
    visit = Visit()
    watch(page, visit)
    yield page, visit
    context.close()
    assert visit.console_errors == [] and visit.foreign_requests == []


# Each equation: its anchor, whether it has one TeX button, and its annotation drawn or not.
EQUATIONS_JS = """
() => Array.from(document.querySelectorAll("article .equation[id]"), (e) => {
  const notes = e.querySelectorAll('math annotation[encoding="application/x-tex"]');
  return {
    id: e.id,
    buttons: e.querySelectorAll(".equation-tex").length,
    label: (e.querySelector(".equation-tex") || {}).ariaLabel || "",
    drawn: Array.from(notes, (a) => getComputedStyle(a).display !== "none"
                                    && a.getBoundingClientRect().width > 0),
    shown: e.querySelector(".equation-body").innerText,
  };
})
"""


def test_every_equation_of_every_page_copies_its_tex(
    tab: tuple[Any, Visit], site_url: str, built_site: Path, found: Registry
) -> None:
    page, _ = tab
    numbered = [
        p
        for p in built_pages(built_site)
        if 'class="equation"' in page_file(built_site, p).read_text("utf-8")
    ]
    assert {
        "derivation/",
        "notebooks/kronecker-cost/",
        "handout/",
        "exercise-sheet/",
    } <= set(numbered)
    for path in numbered:
        page.goto(site_url + path, wait_until="load")
        equations = page.locator("article .equation[id]")
        page.wait_for_selector("article .equation .equation-tex", state="attached")
        listed = page.evaluate(EQUATIONS_JS)
        assert len(listed) == equations.count() > 0, path
        for equation in listed:
            assert equation["buttons"] == 1, (path, equation["id"])
            assert equation["label"].startswith("Copy the TeX of equation ("), equation
            # The annotation is not drawn: the reader sees the formula, not its TeX.
            assert equation["drawn"] == [False], (path, equation["id"])
            assert "\\" not in equation["shown"], (path, equation["id"])
        for index in PICKS:
            anchor = listed[index]["id"]
            button = equations.nth(index).locator(".equation-tex")
            assert copied(page, button) == source_tex(anchor, found), (path, anchor)


def test_the_tex_buttons_come_back_after_instant_navigation(
    tab: tuple[Any, Visit], site_url: str, found: Registry
) -> None:
    page, _ = tab
    page.goto(site_url, wait_until="load")
    page.evaluate("window.__sameDocument = true")  # survives instant navigation only
    page.locator(nav_link(page, site_url + "notebooks/kronecker-cost/")).click()
    page.wait_for_function("() => location.pathname.endsWith('/notebooks/kronecker-cost/')")
    assert page.evaluate("window.__sameDocument === true")
    # The notebook's first equation, with its button: the new page is in (the URL changes
    # first; the home page's own equations and buttons stay until the content is swapped).
    anchor = next(
        e.anchor for e in found.equations.values() if e.src_uri.startswith("notebooks/kronecker")
    )
    page.wait_for_selector(f"article .equation[id='{anchor}'] .equation-tex")
    equation = page.locator(f"article .equation[id='{anchor}']")
    assert copied(page, equation.locator(".equation-tex")) == source_tex(anchor, found)
    # One button per equation, however often the page's scripts ran.
    assert page.locator("article .equation-tex").count() == (
        page.locator("article .equation[id]").count()
    )


def test_the_tex_button_reads_like_cite_and_stays_off_paper(
    tab: tuple[Any, Visit], site_url: str
) -> None:
    page, _ = tab
    page.goto(site_url + "derivation/", wait_until="load")
    first = page.locator("article .equation[id]").first
    tex, cite = first.locator(".equation-tex"), first.locator(".equation-cite")
    style = "b => [getComputedStyle(b).color, getComputedStyle(b).fontSize]"
    assert tex.evaluate(style) == cite.evaluate(style)  # the link colour: 4.5:1 and more
    assert tex.inner_text() == "TeX"
    page.emulate_media(media="print")
    assert tex.evaluate("b => getComputedStyle(b).display") == "none"


def test_screen_readers_do_not_get_the_tex(browser: Any, site_url: str) -> None:
    """The accessibility tree holds each formula as math, and no TeX source in it."""
    context = new_context(browser, "light")
    page = context.new_page()
    page.goto(site_url + "derivation/", wait_until="load")
    page_formulas = page.locator("article math").count()
    sources = page.evaluate(
        "() => Array.from(document.querySelectorAll('article annotation'), a => a.textContent)"
    )
    nodes = context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    context.close()
    assert len(sources) > 20
    names = {str(n.get(key, {}).get("value", "")) for n in nodes for key in ("name", "description")}
    assert [s for s in sources if s in names] == []
    # Nothing under a math node reads as TeX (a backslash: every formula's TeX has one).
    by_id = {n["nodeId"]: n for n in nodes}
    maths = [n for n in nodes if n.get("role", {}).get("value") in {"math", "MathMLMath"}]
    assert len(maths) == page_formulas
    under, todo = [], [c for m in maths for c in m.get("childIds", [])]
    while todo:
        node = by_id.get(todo.pop())
        if node is not None:
            under.append(str(node.get("name", {}).get("value", "")))
            todo.extend(node.get("childIds", []))
    assert len(under) > len(maths)
    assert [n for n in under if "\\" in n] == []


# The inline formulas' TeX, on request (mathproofs_site/inline_tex.py): each inline <math>
# with its annotation's text, in page order.
INLINE_JS = """
() => Array.from(document.querySelectorAll("article math:not([display='block'])"), (m) => {
  const note = m.querySelector('annotation[encoding="application/x-tex"]');
  return note ? note.textContent : null;
})
"""
SIZES_PARAGRAPH = "Sizes."  # the derivation's first paragraph with formulas starts so


def ask_for_inline_tex(page: Any) -> None:
    page.locator(".inline-tex__ask").click()
    page.wait_for_function(
        "() => document.querySelector('.inline-tex__status').textContent.startsWith('Done')"
    )


@pytest.mark.parametrize("path", ["derivation/", "notebooks/kronecker-cost/", "handout/"])
def test_inline_formulas_get_their_tex_when_the_reader_asks(
    tab: tuple[Any, Visit], site_url: str, built_site: Path, path: str
) -> None:
    page, _ = tab
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + path, wait_until="load")
    before = page.evaluate(INLINE_JS)
    assert before and all(note is None for note in before)  # none until asked
    assert not any(url.endswith(".tex.json") for url in requested)  # nothing fetched
    ask_for_inline_tex(page)
    file = page_file(built_site, path)
    listed = json.loads(file.with_name(file.stem + ".tex.json").read_text("utf-8"))["tex"]
    assert page.evaluate(INLINE_JS) == listed
    assert page.locator(".inline-tex__ask").is_disabled()


def test_copying_a_passage_gives_its_formulas_as_tex(tab: tuple[Any, Visit], site_url: str) -> None:
    page, _ = tab
    page.goto(site_url + "derivation/", wait_until="load")
    select = """(start) => {
      const p = [...document.querySelectorAll("article p")].find(
        (e) => e.textContent.startsWith(start));
      const range = document.createRange();
      range.selectNodeContents(p);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    }"""
    # Before the reader asks, a copy is the browser's own: the drawn formulas, no TeX.
    page.evaluate("navigator.clipboard.writeText('')")
    page.evaluate(select, SIZES_PARAGRAPH)
    page.keyboard.press("Control+C")
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)")
    assert "$" not in page.evaluate("navigator.clipboard.readText()")
    ask_for_inline_tex(page)
    page.evaluate("navigator.clipboard.writeText('')")
    page.evaluate(select, SIZES_PARAGRAPH)
    page.keyboard.press("Control+C")
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)")
    text = " ".join(str(page.evaluate("navigator.clipboard.readText()")).split())
    # The paragraph as the source writes it (its bold marks aside).
    source = (DOCS / "derivation.md").read_text("utf-8")
    start = source.index("**Sizes.**")
    paragraph = " ".join(source[start : source.index("\n\n", start)].replace("**", "").split())
    assert text == paragraph
