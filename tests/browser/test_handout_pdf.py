"""The print products print: the handout, the lecture notes and the two exercise sheets,
by Chromium's own print-to-PDF, then the PDF's text is read. On each, every numbered
equation prints its number and the short address of its anchor, the ✓ and the buttons do
not print, and no display equation runs past its box or the page (measured in the page
laid out for print at the PDF's content width)."""

from __future__ import annotations

import itertools
import re
import unicodedata
from pathlib import Path
from typing import Any

from sitebuild import ROOT

from mathproofs_site.config import read_site
from mathproofs_site.equations import short_address

# TeX that escaped typesetting: delimiters, environments, or a command with an argument.
RAW_TEX = re.compile(r"\\\(|\\\[|\\begin\b|\\(?:frac|mathbb|top|otimes|label|operatorname)\b|\$\$")
PAGE_RANGE = range(8, 80)
# A4 less the print CSS's 20 mm margins (docs/stylesheets/reader-tools.css), in CSS px.
A4_WIDTH_MM, MARGIN_MM, PX_PER_MM = 210, 20, 96 / 25.4
CONTENT_WIDTH = round((A4_WIDTH_MM - 2 * MARGIN_MM) * PX_PER_MM)
SLACK = 1  # px: layout rounds box edges to fractions of a pixel
PRODUCTS = {
    "handout": "handout/",
    "lecture notes": "lecture-notes/",
    "exercise sheet": "exercise-sheet/",
    "exercise sheet with solutions": "exercise-sheet-with-solutions/",
}
# Each display equation laid out for print: how wide its formula is and the room it has
# (its box, the page's content), and what of it is drawn at all.
MEASURE = """() => {
  const article = document.querySelector("article");
  const style = getComputedStyle(article);
  const box = article.getBoundingClientRect();
  const [left, right] = [box.left + parseFloat(style.paddingLeft),
                         box.right - parseFloat(style.paddingRight)];
  const drawn = s => [...article.querySelectorAll(s)]
    .map(n => getComputedStyle(n).display === "none" ? "hidden" : "shown");
  return {
    width: innerWidth, left, right,
    tools: Object.fromEntries([".equation-check", ".equation-copy", ".equation-cite"]
      .map(s => [s, [...new Set(drawn(s))]])),
    equations: [...article.querySelectorAll(".equation[id]")].map(e => {
      const math = e.querySelector(".equation-body math");
      const body = e.querySelector(".equation-body");
      const edges = [...e.querySelectorAll(":scope > *, .equation-body math")]
        .map(n => n.getBoundingClientRect()).filter(r => r.width > 0);  // drawn ones
      return {
        id: e.id, link: e.dataset.printLink || "",
        after: getComputedStyle(e, "::after").content,
        scroll: math.scrollWidth, room: body.clientWidth,
        left: Math.min(...edges.map(r => r.left)), right: Math.max(...edges.map(r => r.right)),
      };
    }),
  };
}"""


def raw_tex(text: str) -> list[str]:
    return [text[max(0, m.start() - 30) : m.end() + 30] for m in RAW_TEX.finditer(text)]


def print_to_pdf(
    browser: Any, url: str, pdf: Path, *, scripts: bool = True, count: str = ""
) -> tuple[list[str], int]:
    """Print the page at ``url`` to ``pdf`` (A4, fonts loaded): the text of each printed
    page, and how many elements on the page match the selector ``count``."""
    pages, found, _ = printed(browser, url, pdf, scripts=scripts, count=count)
    return pages, found


def printed(
    browser: Any, url: str, pdf: Path, *, scripts: bool = True, count: str = ""
) -> tuple[list[str], int, dict[str, Any]]:
    """``print_to_pdf``, and the page's equations measured (``MEASURE``) as laid out for
    print at the PDF's content width."""
    from pypdf import PdfReader

    context = browser.new_context(
        java_script_enabled=scripts, viewport={"width": CONTENT_WIDTH, "height": 1000}
    )
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    found = page.locator(count).count() if count else 0
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4", print_background=False)
    measured: dict[str, Any] = page.evaluate(MEASURE)
    context.close()
    return [p.extract_text() or "" for p in PdfReader(pdf).pages], found, measured


def too_wide(measured: dict[str, Any]) -> list[str]:
    """The displays that run past their box (their formula is wider than the room it
    has: it would run into the number or be clipped) or past the page's content."""
    return [
        f"{e['id']}: {e['scroll']} px in {e['room']}, {e['left']:.0f}..{e['right']:.0f} "
        f"of {measured['left']:.0f}..{measured['right']:.0f}"
        for e in measured["equations"]
        if e["scroll"] > e["room"] + SLACK
        or e["right"] > measured["right"] + SLACK
        or e["left"] < measured["left"] - SLACK
    ]


def unspaced(text: str) -> str:
    """PDF text without white space: a printed address may break over lines."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def test_handout_prints_to_pdf_without_raw_tex(
    browser: Any, site_url: str, artifacts: Path
) -> None:
    # Each test prints to files of its own: under xdist, another test may print the same
    # page at the same time.
    pages, _ = print_to_pdf(browser, site_url + "handout/", artifacts / "handout-raw-tex.pdf")
    text = "\n".join(pages)
    assert len(pages) in PAGE_RANGE, len(pages)
    assert raw_tex(text) == []
    # The whole derivation and both proofs, with their code, are in it.
    for expected in ["The derivation", "Proof 1", "Proof 2", "import mathproofs", "assert"]:
        assert expected in text, expected


def test_the_raw_tex_check_can_fail() -> None:
    assert raw_tex(r"where \(x\) is") and raw_tex(r"\begin{bmatrix}") and raw_tex(r"A \otimes B")
    assert raw_tex("dL = -2(g-y)dy (D4)") == []


# The exercise sheets. Printed with scripts off: Material's script opens every box for
# printing, so only without it does the PDF show what the build itself wrote (open boxes).
SHEETS = {"without": "exercise-sheet/", "with": "exercise-sheet-with-solutions/"}
PHRASE = 25  # characters: a stretch of prose long enough to be one box's own


def words(text: str) -> str:
    """Text to compare: white space collapsed, ligatures and math italic letters plain."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def in_print(phrase: str, pages: list[str]) -> bool:
    """Whether ``phrase`` is printed: in the text, or split by a page break (a page's PDF
    text may end with what it draws last, the summaries of its boxes)."""
    text = [words(p) for p in pages]
    if phrase in " ".join(text):
        return True
    return any(
        phrase[:k].strip() in end and phrase[k:].strip() in start
        for end, start in itertools.pairwise(text)
        for k in range(1, len(phrase))
    )


def box_phrases(page: Any, summary: str) -> list[str]:
    """From each paragraph directly in the page's boxes so named, its longest stretch of
    prose between formulas and links (when it is at least PHRASE characters long)."""
    found: list[str] = page.evaluate(
        """summary => [...document.querySelectorAll("article details")]
            .filter(d => d.querySelector(":scope > summary")?.textContent.trim() === summary)
            .flatMap(d => [...d.querySelectorAll(":scope > p")])
            .map(p => [...p.childNodes].filter(n => n.nodeType === Node.TEXT_NODE)
                .map(n => n.textContent.replace(/\\s+/g, " ").trim())
                .reduce((a, b) => (b.length > a.length ? b : a), ""))""",
        summary,
    )
    return [words(t) for t in found if len(t) >= PHRASE]


def test_the_exercise_sheets_print_hints_and_only_one_the_solutions(
    browser: Any, site_url: str, artifacts: Path
) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "exercises/", wait_until="load")
    hints, solutions = box_phrases(page, "Hint"), box_phrases(page, "Solution")
    context.close()
    assert len(hints) >= 5 and len(solutions) >= 10, (hints, solutions)

    printed = {
        name: print_to_pdf(
            browser,
            site_url + path,
            artifacts / f"{path.strip('/')}-scripts-off.pdf",
            scripts=False,
            count="section.sheet-exercise",
        )
        for name, path in SHEETS.items()
    }
    (pages, count), (pages_with, count_with) = printed["without"], printed["with"]
    without, with_ = words(" ".join(pages)), words(" ".join(pages_with))
    assert count == count_with >= 12
    for text in (without, with_):
        assert raw_tex(text) == []
        assert "Exercise 1" in text and f"Exercise {count}" in text
        assert [h for h in hints if h not in text] == []  # open: the hints' text is printed
        assert "✓ Checked" not in text and "import mathproofs" not in text
    assert [s for s in solutions if in_print(s, pages)] == []
    assert [s for s in solutions if not in_print(s, pages_with)] == []
    # Without solutions, each exercise starts a page; a long one may run on to a second.
    # With them, a page or so each: neither squeezed nor a sheet per box (measured: 14, 12).
    assert count <= len(pages) <= 2 * count, len(pages)
    assert count // 2 <= len(pages_with) <= 3 * count, len(pages_with)


# ------------------------------------------------------------ every print product


def test_every_product_prints_each_equation_whole_with_its_address(
    browser: Any, site_url: str, artifacts: Path
) -> None:
    """On paper: every display within its box and the page, every equation's number and
    its anchor's short address printed, the ✓ and the buttons not; the lecture notes
    have no code and keep the errata. Prints the page counts (the README states them)."""
    address = short_address(read_site(ROOT / "mkdocs.yml").site_url)
    counts, texts = {}, {}
    for name, path in PRODUCTS.items():
        pages, _, measured = printed(browser, site_url + path, artifacts / f"{path.strip('/')}.pdf")
        counts[name], texts[name] = len(pages), words(" ".join(pages))
        equations = measured["equations"]
        assert measured["width"] == CONTENT_WIDTH and len(equations) >= 8, (name, measured)
        assert too_wide(measured) == [], (name, too_wide(measured))
        # Not on paper: the ✓ and the copy-link button (on every page), Cite (scripts).
        tools = measured["tools"]
        assert tools[".equation-check"] == tools[".equation-copy"] == ["hidden"], (name, tools)
        assert tools[".equation-cite"] in ([], ["hidden"]), (name, tools)
        text = unspaced(" ".join(pages))
        for equation in equations:
            link = equation["link"]
            assert link == f"{address}{link.removeprefix(address)}", equation
            assert link.endswith("/#" + equation["id"]), equation
            assert equation["after"] == f'"{link}"', equation  # drawn under it, on paper
        missing = [e["link"] for e in equations if unspaced(e["link"]) not in text]
        assert missing == [], (name, missing[:3])
        assert raw_tex(" ".join(pages)) == [], name
    print("printed pages:", counts)
    notes = texts["lecture notes"]
    assert "Erratum" in notes and "Every numbered equation is checked on the site" in notes
    for code in ["import numpy", "assert ", "np.testing", "= mp."]:  # code, not prose on it
        assert code not in notes, code
    assert "import mathproofs" in texts["handout"]
    assert 8 <= counts["lecture notes"] < counts["handout"] // 2, counts


def test_the_overflow_check_can_fail() -> None:
    fits = {"id": "eq-a", "scroll": 300, "room": 400, "left": 20, "right": 420}
    page = {"left": 10.0, "right": 560.0}
    assert too_wide({**page, "equations": [fits]}) == []
    assert too_wide({**page, "equations": [{**fits, "scroll": 410}]})  # into the number
    assert too_wide({**page, "equations": [{**fits, "right": 600}]})  # past the page
