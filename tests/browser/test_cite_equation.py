"""Cite an equation, in the browser: every equation's "Cite" button copies its citation.

The page carries one template per page its equations belong to (``template#equation-citation``,
``mathproofs_site/citation.py``); ``docs/javascripts/equation-links.js`` puts in the
equation's number and anchor. What the clipboard gets must equal what the Python side gives
for that equation (``citation.fill`` of the same template, which ``tests/test_citation.py``
shows equals ``citation.equation_citation``), and its BibTeX must parse.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from pybtex.database import parse_string
from sitepages import built_pages, page_file

from browser.test_pages import Visit, nav_link, new_context, watch
from mathproofs_site import citation

# The equations clicked on each page: the first and the last.
PICKS = (0, -1)


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


# What each equation's Cite button copies, made by the page's own function.
EVERY_CITATION_JS = """
() => {
  const data = JSON.parse(document.getElementById("equation-citation").content.textContent);
  return Array.from(document.querySelectorAll("article .equation[id]"),
                    (e) => equationCitation(data, e.querySelector(".equation-copy")));
}
"""


EQUATIONS_JS = """
() => ({
  data: JSON.parse(document.getElementById("equation-citation").content.textContent),
  equations: Array.from(document.querySelectorAll("article .equation[id]"), (e) => [
    e.querySelector(".equation-copy").getAttribute("data-url"),
    e.querySelector(".equation-number").textContent,
  ]),
})
"""


def expected_all(page: Any) -> list[tuple[str, str]]:
    """Each equation's citation and anchor URL, as the Python side writes them."""
    found = page.evaluate(EQUATIONS_JS)
    out = []
    for url, number in found["equations"]:
        source, _, anchor = url.partition("#")
        template = found["data"]["pages"][source]
        filled = citation.fill(
            citation.Citation(template["text"], template["bibtex"]), number.strip("()"), anchor
        )
        out.append((f"{filled.text}\n\n{filled.bibtex}\n", url))
    return out


def expected(page: Any, index: int) -> tuple[str, str]:
    return expected_all(page)[index]


def copied(page: Any, button: Any) -> str:
    page.evaluate("navigator.clipboard.writeText('')")
    # An equation in a box that starts closed (a solution): open it, as a reader does.
    button.evaluate(
        "b => { for (let d = b.closest('details'); d; d = d.parentElement.closest('details'))"
        " d.open = true; }"
    )
    assert button.is_visible()
    # Keyboard: the button is reachable and Enter activates it. Focused again until it
    # holds: just after instant navigation, the page may still move the focus once.
    page.wait_for_function(
        "b => { if (b !== document.activeElement) b.focus();"
        " return b === document.activeElement; }",
        arg=button.element_handle(),
        timeout=5_000,
    )
    page.keyboard.press("Enter")
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)")
    return str(page.evaluate("navigator.clipboard.readText()"))


def test_every_equation_of_every_page_can_be_cited(
    tab: tuple[Any, Visit], site_url: str, built_site: Path
) -> None:
    page, _ = tab
    numbered = [
        p
        for p in built_pages(built_site)
        if 'class="equation"' in page_file(built_site, p).read_text("utf-8")
    ]
    assert {"derivation/", "notebooks/kronecker-cost/", "handout/"} <= set(numbered)
    for path in numbered:
        page.goto(site_url + path, wait_until="load")
        equations = page.locator("article .equation[id]")
        count = equations.count()
        assert count > 0, path
        assert page.locator("article .equation .equation-cite").count() == count, path
        # Every equation's citation, as the page's script makes it, against the Python side.
        made = page.evaluate(EVERY_CITATION_JS)
        assert made == [text for text, _ in expected_all(page)], path
        for index in PICKS:
            text, url = expected(page, index)
            button = equations.nth(index).locator(".equation-cite")
            assert button.get_attribute("aria-label", timeout=1000), path
            clipboard = copied(page, button)
            assert clipboard == text, (path, index)
            _, bibtex = clipboard.split("\n\n", 1)
            (entry,) = parse_string(bibtex, "bibtex").entries.values()
            assert entry.fields["url"] == url, (path, index)
            assert url in clipboard.split("\n\n")[0]


def test_a_collected_page_cites_the_page_an_equation_belongs_to(
    tab: tuple[Any, Visit], site_url: str
) -> None:
    """The handout shows the derivation's equations: a citation names the derivation."""
    page, _ = tab
    page.goto(site_url + "handout/", wait_until="load")
    first = page.locator("article .equation[id]").first
    clipboard = copied(page, first.locator(".equation-cite"))
    assert clipboard.startswith('Equation (D1) of "The derivation"')
    assert "/derivation/#eq-" in clipboard and "/handout/" not in clipboard


def test_the_cite_buttons_come_back_after_instant_navigation(
    tab: tuple[Any, Visit], site_url: str
) -> None:
    page, _ = tab
    page.goto(site_url, wait_until="load")
    page.evaluate("window.__sameDocument = true")  # survives instant navigation only
    page.locator(nav_link(page, site_url + "proofs/proof-1/")).click()
    page.wait_for_function("() => location.pathname.endsWith('/proofs/proof-1/')")
    assert page.evaluate("window.__sameDocument === true")
    page.wait_for_selector("article .equation .equation-cite")
    text, _ = expected(page, 0)
    assert copied(page, page.locator("article .equation .equation-cite").first) == text
