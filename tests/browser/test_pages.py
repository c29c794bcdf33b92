"""Every page of the built site, in a real headless Chromium, in light and in dark mode.

Each page is loaded once per colour scheme; one visit records everything asserted about
it (console errors, requests, typesetting, anchors, the colour scheme, the axe audit) and
saves a full-page screenshot, ``test-artifacts/screenshots/<scheme>-<page>.png``. The
visits are shared out in shards, tests of their own that xdist workers can run side by
side. Then a reader's interactions, each on one page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sitepages import built_pages, slug

from browser.serving import page_path

SCHEMES = ("light", "dark")
CODE_AUDITED = "derivation/"
# axe's colour rules and a full-page screenshot take 1-3 s a page. Light mode audits and
# screenshots every page; dark mode changes colours only, and every page shares one of
# these layouts, so the dark-mode audit and screenshot cover one page of each kind. The
# dark-mode load checks (console, requests, typesetting, scheme) still run on every page.
DARK_AUDITED = (
    "",
    "derivation/",
    "beyond/two-layer-network/",
    "notebooks/kronecker-cost/",
    "verification-map/",
    "about/how-this-site-is-built/",
)
VIEWPORT = {"width": 1280, "height": 900}
SERIOUS = {"serious", "critical"}

# Raw TeX in the article's text outside code (the MathML's own text counts: no TeX there).
TYPESET_JS = r"""
() => {
  const article = document.querySelector("article.md-content__inner") || document.body;
  const clone = article.cloneNode(true);
  clone.querySelectorAll("pre, code, script, style, annotation").forEach((e) => e.remove());
  const text = clone.textContent;
  const patterns = [["$...$", /\$[^$\n]+\$/], ["\\(", /\\\(/], ["\\[", /\\\[/],
                    ["\\begin", /\\begin\b/]];
  const raw = [];
  for (const [name, re] of patterns) {
    const m = text.match(re);
    if (m) raw.push(name + " in: " + text.slice(Math.max(0, m.index - 40), m.index + 60));
  }
  return {
    raw,
    errors: article.querySelectorAll("merror, .temml-error, mjx-merror, .MathJax_Error").length,
    formulas: article.querySelectorAll("math").length,
    equations: Array.from(article.querySelectorAll(".equation[id]"), (e) => e.id),
  };
}
"""

# Go to each equation anchor; report those that do not end up in view below the header.
ANCHORS_JS = r"""
async (ids) => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const out = [];
  for (const id of ids) {
    location.hash = "#" + id;
    await frame();
    const box = document.getElementById(id).getBoundingClientRect();
    const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
    if (!(box.top >= header - 1 && box.top < innerHeight && box.height > 0)) {
      out.push(`${id}: top ${Math.round(box.top)}, header ${Math.round(header)}`);
    }
  }
  return out;
}
"""


def axe_scope(url: str, scheme: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """What axe audits on a page, kept to what can differ, so the suite stays fast.

    * The handout's parts are the derivation and proof pages, audited on their own; on the
      handout axe audits everything else (header, intro, contents, citation, footer).
    * Dark mode changes colours only: there axe runs its colour rules.
    * Code blocks look the same on every page (one Pygments theme, one stylesheet), and
      auditing their thousands of token spans doubles axe's time: they are audited, in
      both schemes, on the page with the most code, ``CODE_AUDITED``.
    """
    exclude = [] if page_path(url) == CODE_AUDITED else [[".highlight"]]
    if urlsplit(url).path.endswith("/handout/"):
        exclude.append([".handout-part"])
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if scheme != "light":
        options["runOnly"] = ["color-contrast", "link-in-text-block"]
    return {"exclude": exclude}, options


@dataclass
class Visit:
    """What one page showed in one colour scheme."""

    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    raw_tex: list[str] = field(default_factory=list)
    math_errors: int = 0
    formulas: int = 0
    equations: list[str] = field(default_factory=list)
    anchors_out_of_view: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)
    scheme: str = ""


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname == "127.0.0.1"


def new_context(browser: Any, scheme: str) -> Any:
    return browser.new_context(
        viewport=VIEWPORT, color_scheme=scheme, reduced_motion="reduce", service_workers="block"
    )


def watch(page: Any, visit: Visit) -> None:
    page.on(
        "console",
        lambda msg: visit.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: visit.console_errors.append(f"uncaught: {exc}"))

    def route(route: Any) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:  # recorded, and never sent
            visit.foreign_requests.append(route.request.url)
            route.abort()

    page.route("**/*", route)


def visit_page(page: Any, url: str, scheme: str, shots: Path, visit: Visit) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    visit.scheme = page.get_attribute("body", "data-md-color-scheme") or ""
    typeset = page.evaluate(TYPESET_JS)
    visit.raw_tex = typeset["raw"]
    visit.math_errors = typeset["errors"]
    visit.formulas = typeset["formulas"]
    visit.equations = typeset["equations"]
    # Every page is screenshotted in light mode, and each dark-audited layout in dark mode.
    in_light, path = scheme == "light", page_path(url)
    if not in_light and path not in DARK_AUDITED:
        return
    page.screenshot(path=shots / f"{scheme}-{slug(page_path(url))}.png", full_page=True)
    if in_light and visit.equations:
        visit.anchors_out_of_view = page.evaluate(ANCHORS_JS, visit.equations)
    context, options = axe_scope(url, scheme)
    violations = Axe().run(page, context=context, options=options).response["violations"]
    visit.axe = [
        f"{v['impact']}: {v['id']} ({v['help']}) at "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
        for v in violations
        if v["impact"] in SERIOUS
    ]


@pytest.fixture(scope="session")  # not per module: the shards may run in any xdist worker
def pages(built_site: Path) -> list[str]:
    return built_pages(built_site)


# The visits are split into shards, each a test of its own, so that xdist workers share
# them out; together the shards visit every page in both schemes.
SHARDS = 3
EXPECTED_SCHEME = {"light": "default", "dark": "slate"}
# Pages that must hold plenty of typeset math (an empty page would prove nothing).
MATH_PAGES = ("derivation/", "proofs/proof-1/", "proofs/proof-2/", "handout/")


def visit_problems(scheme: str, path: str, visit: Visit) -> dict[str, Any]:
    """Everything one visit shows wrong (empty: nothing)."""
    found: dict[str, Any] = {
        "console errors": visit.console_errors,
        "requests leaving 127.0.0.1": visit.foreign_requests,
        "raw TeX": visit.raw_tex,
        "math errors": visit.math_errors,
        "equation anchors out of view": visit.anchors_out_of_view,
        "serious or critical axe violations": visit.axe,
    }
    if visit.scheme != EXPECTED_SCHEME[scheme]:
        found["colour scheme"] = visit.scheme
    if scheme == "light" and path in MATH_PAGES and visit.formulas <= 20:
        found["too few formulas"] = f"{visit.formulas}, not more than 20"
    if scheme == "light" and path == "derivation/" and not visit.equations:
        found["no numbered equation"] = "none found on the derivation"
    return {name: value for name, value in found.items() if value}


def test_every_page_is_visited(pages: list[str]) -> None:
    for expected in ["", "derivation/", "proofs/proof-1/", "proofs/proof-2/", "handout/"]:
        assert expected in pages
    shards = [pages[k::SHARDS] for k in range(SHARDS)]
    assert sorted(p for shard in shards for p in shard) == pages


@pytest.mark.parametrize("shard", range(SHARDS))
@pytest.mark.parametrize("scheme", SCHEMES)
def test_pages_load_clean_in_a_real_browser(
    browser: Any, site_url: str, pages: list[str], screenshots: Path, scheme: str, shard: int
) -> None:
    """Each page of the shard, in the scheme: no console error, no request leaving
    127.0.0.1, every formula typeset, equation anchors in view, the reader's colour scheme,
    no serious or critical axe violation; a screenshot in ``test-artifacts/screenshots/``."""
    problems = {}
    context = new_context(browser, scheme)
    for path in pages[shard::SHARDS]:
        page = context.new_page()
        visit = Visit()
        watch(page, visit)
        visit_page(page, site_url + path, scheme, screenshots, visit)
        page.close()
        if found := visit_problems(scheme, path, visit):
            problems[f"{scheme} {path or '/'}"] = found
    context.close()
    assert problems == {}


def test_visit_problems_catch_each_failure() -> None:
    good = Visit(scheme="default", formulas=30, equations=["eq-a"])
    assert visit_problems("light", "derivation/", good) == {}
    assert visit_problems("dark", "", Visit(scheme="slate")) == {}
    broken = [
        Visit(scheme="default", formulas=30, equations=["eq-a"], console_errors=["boom"]),
        Visit(scheme="default", formulas=30, equations=["eq-a"], foreign_requests=["https://x"]),
        Visit(scheme="default", formulas=30, equations=["eq-a"], raw_tex=["$x$ in: ..."]),
        Visit(scheme="default", formulas=30, equations=["eq-a"], math_errors=1),
        Visit(scheme="default", formulas=30, equations=["eq-a"], anchors_out_of_view=["eq-a"]),
        Visit(scheme="default", formulas=30, equations=["eq-a"], axe=["serious: ..."]),
        Visit(scheme="slate", formulas=30, equations=["eq-a"]),  # the wrong scheme
        Visit(scheme="default", formulas=20, equations=["eq-a"]),  # too little math
        Visit(scheme="default", formulas=30),  # no numbered equation
    ]
    for visit in broken:
        assert visit_problems("light", "derivation/", visit) != {}, visit


# -- interactions: one page, driven like a reader ----------------------------------------


@pytest.fixture
def reader(browser: Any, site_url: str) -> Iterator[tuple[Any, Visit]]:
    """A fresh light-mode tab on the home page, watched for errors and foreign requests."""
    context = new_context(browser, "light")
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_url))
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    page = context.new_page()
    visit = Visit()
    watch(page, visit)
    page.goto(site_url, wait_until="load")
    yield page, visit
    context.close()
    assert visit.console_errors == [] and visit.foreign_requests == []


def test_math_stays_typeset_after_instant_navigation(
    reader: tuple[Any, Visit], pages: list[str]
) -> None:
    page, _ = reader
    page.evaluate("window.__sameDocument = true")  # survives instant navigation only
    # mathproofs_site/speed.py: one <style> imports every style sheet, by URLs relative to the
    # page (the site works under any path). Instant navigation keeps that element between pages
    # of one depth (the same text); to another depth it swaps it for the new page's, which then
    # loads from the new address: either way one such element, and the page styled.
    page.evaluate("document.head.querySelector('style[data-site-styles]').__kept = true")
    nav_links = page.eval_on_selector_all(
        ".md-sidebar--primary a.md-nav__link[href]", "links => links.map(a => a.href)"
    )
    targets = [h for h in dict.fromkeys(nav_links) if "#" not in h and h != page.url]
    assert len(targets) >= 4, targets
    page.evaluate("document.querySelector('article.md-content__inner').dataset.old = ''")
    for href in targets:
        before = page.evaluate(STYLES_TEXT_JS)
        page.evaluate("document.head.querySelector('style[data-site-styles]').__kept = true")
        link = page.locator(nav_link(page, href))
        if link.is_visible():
            link.click()
        else:  # in a collapsed section: the same click event, sent to the link
            link.dispatch_event("click")
        # Done when the new article has replaced the old one (instant navigation swaps it).
        page.wait_for_function(
            """(abs) => location.href === abs
                && !document.querySelector("article.md-content__inner[data-old]")
                && document.querySelector("article.md-content__inner")""",
            arg=href,
        )
        page.evaluate("document.querySelector('article.md-content__inner').dataset.old = ''")
        assert page.evaluate("window.__sameDocument === true"), f"{href}: full reload"
        same = page.evaluate(STYLES_TEXT_JS) == before
        assert page.evaluate(STYLES_KEPT_JS, same), f"{href}: styles lost (same text: {same})"
        typeset = page.evaluate(TYPESET_JS)
        assert typeset["raw"] == [] and typeset["errors"] == 0, href
        if any(href.endswith(p) for p in ["derivation/", "proof-1/", "proof-2/"]):
            assert typeset["formulas"] > 20, href


STYLES_TEXT_JS = "document.head.querySelector('style[data-site-styles]').textContent"
# Kept if its text is the same as the old page's, else swapped; one such element, no link.
STYLES_KEPT_JS = """(same) => {
  const styles = document.head.querySelectorAll("style[data-site-styles]");
  const header = getComputedStyle(document.querySelector(".md-header"));
  return styles.length === 1 && (styles[0].__kept === true) === same
    && document.head.querySelectorAll("link[rel=stylesheet]").length === 0
    && header.backgroundColor !== "rgba(0, 0, 0, 0)";
}"""


def nav_link(page: Any, href: str) -> str:
    """A selector for the navigation link to ``href`` (an absolute URL)."""
    page.evaluate(
        """(abs) => {
          for (const a of document.querySelectorAll("[data-test-target]")) {
            a.removeAttribute("data-test-target");
          }
          const links = document.querySelectorAll(".md-sidebar--primary a.md-nav__link");
          Array.from(links).find((a) => a.href === abs).setAttribute("data-test-target", "");
        }""",
        href,
    )
    return "[data-test-target]"


def test_search_finds_kronecker(reader: tuple[Any, Visit]) -> None:
    page, _ = reader
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("Kronecker", delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=15_000)
    assert results.count() >= 1
    assert "kronecker" in page.locator(".md-search-result").inner_text().lower()


TOGGLE = "form[data-palette-toggle] label:visible"
SCHEME_JS = "document.body.getAttribute('data-md-color-scheme')"
META_JS = "document.querySelector('meta[name=color-scheme]').content"


def test_light_dark_toggle_flips_the_palette(reader: tuple[Any, Visit]) -> None:
    page, _ = reader
    assert page.evaluate(SCHEME_JS) == "default"
    assert page.evaluate(META_JS) == "light"
    page.locator(TOGGLE).first.click()
    page.wait_for_function(f"() => {SCHEME_JS} === 'slate'")
    assert page.evaluate(META_JS) == "dark"
    page.reload(wait_until="load")  # the choice is remembered
    assert page.evaluate(SCHEME_JS) == "slate"
    page.locator(TOGGLE).first.click()
    page.wait_for_function(f"() => {SCHEME_JS} === 'default'")
    # From the keyboard: Enter on the focused option switches too, as in Material.
    page.focus("form[data-palette-toggle] input:checked")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => {SCHEME_JS} === 'slate'")
    # Material's own palette component is not mounted: it would restyle every page load.
    assert page.locator("[data-md-component=palette]").count() == 0


def test_a_reader_who_prefers_dark_gets_the_dark_palette(browser: Any, site_url: str) -> None:
    context = new_context(browser, "dark")
    page = context.new_page()
    page.goto(site_url, wait_until="load")
    assert page.evaluate(SCHEME_JS) == "slate"
    assert page.locator(TOGGLE).get_attribute("title") == "Switch to light mode"
    context.close()


def test_screen_readers_get_every_formula_as_math(browser: Any, site_url: str) -> None:
    """Each formula's MathML is in the accessibility tree as one ``math`` node.

    Performance tricks can drop it silently: with ``content-visibility: auto`` Chromium
    leaves skipped content out of the tree (all of the derivation's 243 ``math`` nodes,
    measured with the KaTeX version of this site), and axe reports nothing. So the tree
    itself is read, through the DevTools protocol.
    """
    context = new_context(browser, "light")
    page = context.new_page()
    page.goto(site_url + "derivation/", wait_until="load")
    formulas = page.locator("article math").count()
    nodes = context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    context.close()
    math = [n for n in nodes if n.get("role", {}).get("value") in {"math", "MathMLMath"}]
    assert formulas > 200
    assert len(math) == formulas


# Inline formulas whose punctuation, written against them, is not on the same line.
SPLIT_PUNCTUATION_JS = r"""
() => {
  const overlaps = (a, b) => a.top < b.bottom && b.top < a.bottom;
  const charBox = (node, i) => {
    const range = document.createRange();
    range.setStart(node, i);
    range.setEnd(node, i + 1);
    return range.getBoundingClientRect();
  };
  const split = [];
  let checked = 0;
  for (const math of document.querySelectorAll("article math:not([display=block])")) {
    const box = math.getBoundingClientRect();
    const next = math.nextSibling, prev = math.previousSibling;
    if (next && next.nodeType === 3 && /^[,.;:!?)\]]/.test(next.data)) {
      checked++;
      if (!overlaps(charBox(next, 0), box)) split.push(next.data.slice(0, 20));
    }
    if (prev && prev.nodeType === 3 && /[(\[]$/.test(prev.data)) {
      checked++;
      if (!overlaps(charBox(prev, prev.data.length - 1), box)) split.push(prev.data.slice(-20));
    }
  }
  return { checked, split };
}
"""


@pytest.mark.parametrize("width", [390, 600, 760])
def test_punctuation_stays_on_the_line_of_its_formula(
    browser: Any, site_url: str, width: int
) -> None:
    """No line starts with the comma of "$y$," or ends with the bracket of "($x$"."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site_url + "derivation/", wait_until="load")
    page.evaluate("document.fonts.ready")
    result = page.evaluate(SPLIT_PUNCTUATION_JS)
    context.close()
    assert result["checked"] > 50
    assert result["split"] == []


# Inline formulas that stick out of the right edge of their paragraph.
OVERFLOWING_FORMULAS_JS = r"""
() => Array.from(document.querySelectorAll("article math:not([display=block])"))
  .filter((m) => m.getBoundingClientRect().right >
                 m.closest("p, li, td, div").getBoundingClientRect().right + 1)
  .map((m) => m.textContent)
"""


def test_long_inline_formulas_wrap_on_a_narrow_phone(browser: Any, site_url: str) -> None:
    """At 320 px, without wrapping, two of the derivation's inline formulas stick out."""
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(site_url + "derivation/", wait_until="load")
    page.evaluate("document.fonts.ready")
    overflowing = page.evaluate(OVERFLOWING_FORMULAS_JS)
    context.close()
    assert overflowing == []


def test_equation_copy_button_copies_its_absolute_url(
    reader: tuple[Any, Visit], site_url: str
) -> None:
    page, _ = reader
    page.goto(site_url + "derivation/", wait_until="load")
    button = page.locator("#eq-dl-dy .equation-copy")
    expected = button.get_attribute("data-url")
    assert expected and expected.startswith("https://")
    assert expected.endswith("/derivation/#eq-dl-dy")
    button.focus()  # keyboard: the button is reachable and Enter activates it
    page.keyboard.press("Enter")
    page.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)")
    assert page.evaluate("navigator.clipboard.readText()") == expected


def test_check_boxes_start_closed_and_a_link_to_a_check_opens_its_box(
    reader: tuple[Any, Visit], site_url: str
) -> None:
    """A reader who trusts a check skips it; a link to it (the verification map's) opens it."""
    page, _ = reader
    page.goto(site_url + "derivation/", wait_until="load")
    boxes = page.locator("details.success:has(div.highlight[id^=check-])")
    assert boxes.count() > 10
    assert page.evaluate("[...document.querySelectorAll('details.success')].every(d => !d.open)"), (
        "every check box starts closed"
    )
    assert not page.locator("#check-model--loss").is_visible()
    page.goto(site_url + "verification-map/", wait_until="load")
    page.locator('a[href$="derivation/#check-model--loss"]').first.click()
    page.wait_for_function("() => location.hash === '#check-model--loss'")
    page.wait_for_selector("#check-model--loss", state="visible")
    assert page.evaluate("document.querySelector('details:has(#check-model--loss)').open")


def test_code_copy_button_copies_the_block_also_after_instant_navigation(
    reader: tuple[Any, Visit], site_url: str
) -> None:
    """The buttons are written at build time (mathproofs_site/speed.py); Material copies."""
    page, _ = reader
    page.goto(site_url + "proofs/proof-1/", wait_until="load")
    page.evaluate("window.__sameDocument = true")
    page.locator(nav_link(page, site_url + "derivation/")).click()
    page.wait_for_function("() => location.pathname.endsWith('/derivation/')")
    # The check's code sits in a box that starts closed: open it as a reader does.
    page.locator("details:has(#check-model--loss) > summary").click()
    page.wait_for_selector("#check-model--loss")
    assert page.evaluate("window.__sameDocument === true")  # instant navigation
    block = page.locator("#check-model--loss")
    expected = page.evaluate(
        "document.querySelector('#check-model--loss code').innerText.trimEnd()"
    )
    assert expected.startswith("# checks:")
    block.hover()
    block.locator("button.md-code__button[data-md-type=copy]").click()
    page.wait_for_function(
        "(text) => navigator.clipboard.readText().then(t => t === text)", arg=expected
    )
    assert page.locator(".md-dialog__inner").inner_text() == "Copied to clipboard"
