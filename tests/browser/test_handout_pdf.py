"""The printable handout and the two exercise sheets print: Chromium's own print-to-PDF,
then the PDF's text is read."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

# TeX that escaped typesetting: delimiters, environments, or a command with an argument.
RAW_TEX = re.compile(r"\\\(|\\\[|\\begin\b|\\(?:frac|mathbb|top|otimes|label|operatorname)\b|\$\$")
PAGE_RANGE = range(8, 80)


def raw_tex(text: str) -> list[str]:
    return [text[max(0, m.start() - 30) : m.end() + 30] for m in RAW_TEX.finditer(text)]


def print_to_pdf(
    browser: Any, url: str, pdf: Path, *, scripts: bool = True, count: str = ""
) -> tuple[list[str], int]:
    """Print the page at ``url`` to ``pdf`` (A4, fonts loaded): the text of each printed
    page, and how many elements on the page match the selector ``count``."""
    from pypdf import PdfReader

    context = browser.new_context(java_script_enabled=scripts)
    page = context.new_page()
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    found = page.locator(count).count() if count else 0
    page.emulate_media(media="print")
    page.pdf(path=str(pdf), format="A4", print_background=False)
    context.close()
    return [p.extract_text() or "" for p in PdfReader(pdf).pages], found


def test_handout_prints_to_pdf_without_raw_tex(
    browser: Any, site_url: str, artifacts: Path
) -> None:
    pages, _ = print_to_pdf(browser, site_url + "handout/", artifacts / "handout.pdf")
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
            artifacts / f"{path.strip('/')}.pdf",
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
    assert [s for s in solutions if s in without] == []
    assert [s for s in solutions if s not in with_] == []
    # Without solutions, each exercise starts a page; a long one may run on to a second.
    # With them, a page or so each: neither squeezed nor a sheet per box (measured: 14, 12).
    assert count <= len(pages) <= 2 * count, len(pages)
    assert count // 2 <= len(pages_with) <= 3 * count, len(pages_with)
