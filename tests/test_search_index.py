"""The search index holds each formula once, as readable text, not three times.

KaTeX writes a formula as HTML, as MathML and, inside that, as TeX; ``hooks/katex_math.py``
marks the HTML and the TeX ``data-search-exclude`` so that Material's search index keeps
only the MathML's text. Without it a student searching the site sees "y=Mxy = Mxy=Mx".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sitebuild import load_hook

sm = load_hook("site_math")

INLINE = (
    '<span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>x</mi></mrow>'
    '<annotation encoding="application/x-tex">x</annotation></semantics></math></span>'
    '<span class="katex-html" aria-hidden="true"><span class="katex-base">'
    '<span class="katex-strut"></span><span class="mord mathnormal">x</span></span></span></span>'
)


def test_the_html_rendering_and_the_tex_are_marked_and_stay_balanced() -> None:
    out = sm.searchable(INLINE)
    assert out.count("<katex-html ") == out.count("</katex-html>") == 1
    assert out.count("<span") == out.count("</span>") == INLINE.count("<span") - 1
    assert out.endswith("</span></span></katex-html></span>")
    assert 'aria-hidden="true" data-search-exclude>' in out
    assert '<annotation encoding="application/x-tex" data-search-exclude>' in out


def test_unbalanced_katex_output_fails_the_build() -> None:
    with pytest.raises(sm.PluginError, match="katex-html"):
        sm.searchable(INLINE.removesuffix("</span></span></span>"))


def section(built_site: Path, location: str) -> str:
    docs = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    return next(str(d["text"]) for d in docs if d["location"] == location)


def test_the_search_index_has_each_formula_once(built_site: Path) -> None:
    text = section(built_site, "derivation/#setup")
    assert "y=Mx(D1)" in text  # the MathML text, then the equation number
    assert "y=Mxy" not in text  # not followed by the HTML rendering's text
    assert "y = Mx" not in text and "\\mathbb" not in text  # nor by the TeX source
    assert "input x to a prediction y " in text
    assert "✓" not in text  # the link to the verification map is not content
