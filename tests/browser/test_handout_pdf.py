"""The printable handout prints: Chromium's own print-to-PDF, then the PDF's text is read."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

# TeX that escaped typesetting: delimiters, environments, or a command with an argument.
RAW_TEX = re.compile(r"\\\(|\\\[|\\begin\b|\\(?:frac|mathbb|top|otimes|label|operatorname)\b|\$\$")
PAGE_RANGE = range(8, 80)


def raw_tex(text: str) -> list[str]:
    return [text[max(0, m.start() - 30) : m.end() + 30] for m in RAW_TEX.finditer(text)]


def test_handout_prints_to_pdf_without_raw_tex(
    browser: Any, site_url: str, artifacts: Path
) -> None:
    from pypdf import PdfReader

    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + "handout/", wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.emulate_media(media="print")
    pdf = artifacts / "handout.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=False)
    context.close()

    reader = PdfReader(pdf)
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    assert len(reader.pages) in PAGE_RANGE, len(reader.pages)
    assert raw_tex(text) == []
    # The whole derivation and both proofs, with their code, are in it.
    for words in ["The derivation", "Proof 1", "Proof 2", "import mathproofs", "assert"]:
        assert words in text, words


def test_the_raw_tex_check_can_fail() -> None:
    assert raw_tex(r"where \(x\) is") and raw_tex(r"\begin{bmatrix}") and raw_tex(r"A \otimes B")
    assert raw_tex("dL = -2(g-y)dy (D4)") == []
