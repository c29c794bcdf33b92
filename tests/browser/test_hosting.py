"""Host anywhere: the built site works unchanged under any path, and a zipped copy from disk.

Every URL a page loads is relative to the page (``mathproofs_site/speed.py`` imports the
style sheets by the links' own URLs), so the same build is served here at two more paths
than its published ``/mathproofs/`` (which ``test_pages.py`` visits page by page): the
server's root ``/`` and a nested course path. At each, one page of every kind is loaded
(``KINDS``): no console error, no failed or foreign request, Material's styles applied
(the body's font is not the browser's default, the header coloured), the math font loaded
on pages with math; then instant navigation across pages of three depths keeps the styles.

Only ``404.html`` names the published path (MkDocs writes it so, as the host serves it for
any missing URL); ``site_url`` stays absolute in the canonical links and the sitemap.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from browser.serving import serve, site_path
from browser.test_pages import Visit, new_context, watch
from tools.offline_zip import FIXED_TIME, TOP, zip_site

MOUNTS = ("/", "/course/ml/backprop/")
# One page of each kind, at depths 0, 1 and 2: home; a math page and the handout (both
# with the math font); a proof; a notebook; the API page (mkdocstrings' style sheet); the
# generated verification map; the exercises page (the answer checker's style sheet).
KINDS = (
    "",
    "derivation/",
    "proofs/proof-1/",
    "notebooks/kronecker-cost/",
    "api/",
    "verification-map/",
    "exercises/",
    "handout/",
)
MATH_KINDS = ("derivation/", "proofs/proof-1/", "handout/", "exercises/")
# Instant navigation: depth 0 -> 1 -> 1 -> 2 -> 0.
ROUTE = ("derivation/", "api/", "proofs/proof-2/", "")

# Math typeset: formulas, none of them an error, no raw TeX in the article's text (code,
# and the TeX that MathML carries in its annotations, left out).
MATH_JS = r"""() => {
  const article = document.querySelector("article.md-content__inner");
  const clone = article.cloneNode(true);
  clone.querySelectorAll("pre, code, script, style, annotation").forEach((e) => e.remove());
  return {
    formulas: article.querySelectorAll("math").length,
    errors: article.querySelectorAll("merror, .temml-error").length,
    raw: /\$[^$\n]+\$|\\begin\{|\\\(/.test(clone.textContent),
  };
}"""

STYLED_JS = """async () => {
  await document.fonts.ready;
  const probe = document.createElement("iframe");  // the browser's own default font
  document.body.appendChild(probe);
  const fallback = getComputedStyle(probe.contentDocument.body).fontFamily;
  probe.remove();
  const header = document.querySelector(".md-header");
  return {
    font: getComputedStyle(document.body).fontFamily,
    fallback,
    header: header ? getComputedStyle(header).backgroundColor : "no header",
    mathFont: Array.from(document.fonts).some((f) => f.family === "STIX2" && f.status === "loaded"),
    math: document.querySelectorAll("article math").length,
    styles: document.head.querySelectorAll("style[data-site-styles]").length,
    links: document.head.querySelectorAll("link[rel=stylesheet]").length,
  };
}"""


def style_problems(styled: dict[str, Any], math: bool) -> list[str]:
    """What the page's computed styles show wrong (empty: nothing)."""
    found = []
    if styled["font"] == styled["fallback"]:
        found.append(f"body font is the browser's default: {styled['font']}")
    if styled["header"] in {"rgba(0, 0, 0, 0)", "transparent", "no header"}:
        found.append(f"header not coloured: {styled['header']}")
    if math and not styled["mathFont"]:
        found.append("the math font STIX2 did not load")
    if styled["styles"] != 1 or styled["links"] != 0:
        found.append(f"{styled['styles']} site <style>, {styled['links']} style sheet links")
    return found


def watch_failures(page: Any, failed: list[str]) -> None:
    page.on("requestfailed", lambda request: failed.append(f"failed: {request.url}"))
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status}: {response.url}") if response.status >= 400 else None
        ),
    )


@pytest.fixture(scope="module", params=MOUNTS, ids=["root", "nested"])
def mounted(request: pytest.FixtureRequest, built_site: Path) -> Iterator[str]:
    """The built site served under another path than its published one."""
    assert request.param != site_path()
    server, thread, url = serve(built_site, mount=request.param)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_no_page_names_the_published_path(built_site: Path) -> None:
    """Every URL a page loads or links to is relative, but the canonical link's, and
    ``404.html``'s (which MkDocs writes from the published root)."""
    root_paths = {}
    for html in built_site.rglob("*.html"):
        if html.name == "404.html":
            continue
        soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
        found = [
            f"{tag.name} {attr}={tag[attr]}"
            for tag in soup.find_all(True)
            for attr in ("href", "src")
            if str(tag.get(attr) or "").startswith("/") and not str(tag[attr]).startswith("//")
        ]
        found += [
            f"<style> {style.text[:80]}"
            for style in soup.find_all("style")
            if 'url("/' in style.text or "url(/" in style.text or "url('/" in style.text
        ]
        if found:
            root_paths[str(html.relative_to(built_site))] = found[:3]
    assert root_paths == {}
    sitemap = (built_site / "sitemap.xml").read_text("utf-8")
    assert "<loc>https://mathproofs.github.io/mathproofs/derivation/</loc>" in sitemap


def test_every_kind_of_page_loads_styled_under_another_path(browser: Any, mounted: str) -> None:
    problems = {}
    context = new_context(browser, "light")
    for path in KINDS:
        page = context.new_page()
        visit, failed = Visit(), list[str]()
        watch(page, visit)
        watch_failures(page, failed)
        page.goto(mounted + path, wait_until="load")
        found = style_problems(page.evaluate(STYLED_JS), math=path in MATH_KINDS)
        math = page.evaluate(MATH_JS)
        if math["raw"] or math["errors"] or (path in MATH_KINDS and math["formulas"] < 5):
            found.append(f"math not typeset: {math}")
        found += visit.console_errors + visit.foreign_requests + failed
        if found:
            problems[path or "/"] = found
        page.close()
    context.close()
    assert problems == {}, mounted


def test_instant_navigation_keeps_the_styles_across_depths(browser: Any, mounted: str) -> None:
    """Between pages of one depth Material keeps the ``<style>`` element (its text is the
    same); to another depth it swaps it for the new page's (its relative URLs differ),
    which then loads from the new address: one site ``<style>`` and the styles applied."""
    context = new_context(browser, "light")
    page = context.new_page()
    visit, failed = Visit(), list[str]()
    watch(page, visit)
    watch_failures(page, failed)
    page.goto(mounted, wait_until="load")
    page.evaluate("window.__sameDocument = true")
    before = page.evaluate("document.querySelector('style[data-site-styles]').textContent")
    for path in ROUTE:
        page.evaluate("document.querySelector('style[data-site-styles]').__kept = true")
        page.evaluate("document.querySelector('article.md-content__inner').dataset.old = ''")
        page.evaluate(
            "(href) => { const a = document.createElement('a'); a.href = href;"
            " document.querySelector('article').appendChild(a); a.click(); }",
            mounted + path,
        )
        page.wait_for_function(
            """(abs) => location.href === abs
                && !document.querySelector("article.md-content__inner[data-old]")
                && document.querySelector("article.md-content__inner")""",
            arg=mounted + path,
        )
        assert page.evaluate("window.__sameDocument === true"), f"{path}: full reload"
        text = page.evaluate("document.querySelector('style[data-site-styles]').textContent")
        kept = page.evaluate("document.querySelector('style[data-site-styles]').__kept === true")
        assert kept == (text == before), f"{path}: kept {kept}, same text {text == before}"
        before = text
        found = style_problems(page.evaluate(STYLED_JS), math=path == "proofs/proof-2/")
        assert found == [], f"{path}: {found}"
    context.close()
    assert visit.console_errors == [] and visit.foreign_requests == [] and failed == []


# -- the offline copy: site-offline.zip, opened from disk ----------------------------------

ROOT = Path(__file__).resolve().parents[2]
# A zip `make offline` made (`make test-ci` passes its own). Without one the tests build it,
# once per session, only in CI (CI=true, as .ci/run sets): a second site build takes 40 s of
# CPU, over 3 minutes on this busy 2-core machine. Locally they skip, saying how to run them.
OFFLINE_ZIP_ENV = "MATHPROOFS_OFFLINE_ZIP"


def build_offline_zip(out: Path) -> Path:
    """What ``make offline`` does, into ``out``: the offline build, then the zip."""
    site = out / "offline-site"
    env = {**os.environ, "MATHPROOFS_OFFLINE": "true", "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
    subprocess.run(
        [*command, "-f", "mkdocs-offline.yml", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=1800,
    )
    subprocess.run(
        [sys.executable, "tools/offline_zip.py", str(site), str(out / "site-offline.zip")],
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    return out / "site-offline.zip"


@pytest.fixture(scope="session")
def offline_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """site-offline.zip unzipped into a temporary folder: its ``mathproofs/`` folder."""
    given = os.environ.get(OFFLINE_ZIP_ENV)
    if not given and os.environ.get("CI") != "true":
        pytest.skip(f"the offline copy: make offline, then {OFFLINE_ZIP_ENV}=site-offline.zip")
    work = tmp_path_factory.mktemp("offline")
    archive = Path(given) if given else build_offline_zip(work)
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(work / "unzipped")
    return work / "unzipped" / "mathproofs"


def test_the_offline_zip_is_reproducible(offline_copy: Path, tmp_path: Path) -> None:
    """Two zips of one build are the same bytes, every entry under mathproofs/, pages as files."""
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    assert zip_site(offline_copy, first) == zip_site(offline_copy, second) > 50
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as opened:
        infos = opened.infolist()
    assert all(i.filename.startswith(TOP + "/") and i.date_time == FIXED_TIME for i in infos)
    assert (offline_copy / "derivation.html").is_file()
    assert (offline_copy / "search" / "search_index.js").is_file()


def test_the_offline_copy_opens_from_disk(browser: Any, offline_copy: Path) -> None:
    """From file://: styled, math typeset with its font, a nav link to the derivation, an
    equation anchor followed, search answering; no console error, nothing but files loaded."""
    context = new_context(browser, "light")
    page = context.new_page()
    visit, failed, elsewhere = Visit(), list[str](), list[str]()
    watch_failures(page, failed)
    page.on(
        "console",
        lambda msg: visit.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: visit.console_errors.append(f"uncaught: {exc}"))
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith(("file:", "data:", "about:", "blob:"))
            else elsewhere.append(request.url)
        ),
    )
    home = (offline_copy / "index.html").as_uri()
    page.goto(home, wait_until="load")
    assert style_problems(page.evaluate(STYLED_JS), math=False) == []

    # A navigation link to the derivation: a page load (no instant navigation from disk).
    page.click('.md-sidebar--primary a.md-nav__link[href="derivation.html"]')
    page.wait_for_url("**/derivation.html", wait_until="load")
    assert style_problems(page.evaluate(STYLED_JS), math=True) == []
    math = page.evaluate(MATH_JS)
    assert math["formulas"] > 20 and math["errors"] == 0 and not math["raw"], math

    # Search from disk: the index from search/search_index.js, the worker in an iframe.
    # Before the anchor: Material closes the search a moment after a hash change, so a
    # search opened within that moment would close under the test (no reader is that quick).
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("Kronecker", delay=20)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=30_000)
    assert "kronecker" in page.locator(".md-search-result").inner_text().lower()
    page.keyboard.press("Escape")

    # An equation anchor, followed from a link on the page: the equation in view.
    target = page.eval_on_selector(
        'article a[href^="#eq-"]', "a => { a.scrollIntoView(); return a.hash.slice(1); }"
    )
    page.click(f'article a[href="#{target}"] >> nth=0')
    page.wait_for_function("(id) => location.hash === '#' + id", arg=target)
    box = page.evaluate(
        """(id) => {
          const box = document.getElementById(id).getBoundingClientRect();
          return {top: box.top, header: document.querySelector(".md-header")
            .getBoundingClientRect().bottom, height: innerHeight};
        }""",
        target,
    )
    assert box["header"] - 1 <= box["top"] < box["height"], (target, box)

    # An answer checker, from disk: its scripts load (no fetch, which file:// refuses), a
    # right answer and a swapped Kronecker product get their verdicts.
    page.goto((offline_copy / "exercises.html").as_uri(), wait_until="load")
    for key, text, verdict in [
        ("input", "-2M^T(g - Mx)", "✓ Right."),
        ("vec-abc", "A \\otimes C^T", "✗ Not yet. The Kronecker factors are swapped"),
    ]:
        widget = page.locator(f'.mp-check[data-form="{key}"]')
        widget.locator("input").fill(text)
        widget.locator("button").click()
        page.wait_for_function(
            "(el) => el.textContent.length > 0",
            arg=widget.locator(".mp-check__verdict").element_handle(),
            timeout=30_000,
        )
        shown = widget.locator(".mp-check__verdict").text_content() or ""
        assert shown.startswith(verdict), (key, shown)

    context.close()
    assert visit.console_errors == [] and failed == [] and elsewhere == []
