"""The search index holds each formula once, as readable text, and the renderer's output is checked.

Each formula is one MathML element (``hooks/site_math.py``, Temml without its TeX
annotation), so Material's search index holds its text once: "y=Mx". The KaTeX version of
this site wrote each formula three times (HTML, MathML, TeX), and a student searching
saw "y=Mxy = Mxy=Mx" until two of them were excluded.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sitebuild import load_hook

sm = load_hook("site_math")

INLINE = "<math><mrow><mi>x</mi><mo>=</mo><mn>1</mn></mrow></math>"


def test_one_math_element_passes() -> None:
    assert sm.one_math_element(INLINE, "x=1", "page.md") == INLINE


@pytest.mark.parametrize(
    "answer",
    [
        "",  # nothing
        '<span class="temml-error">x=1</span>',  # an error rendering, not MathML
        INLINE + INLINE,  # two formulas for one
        INLINE.removesuffix("</math>"),  # cut short
        "<math><merror><mtext>Undefined control sequence</mtext></merror></math>",
    ],
)
def test_anything_but_one_clean_math_element_fails_the_build(answer: str) -> None:
    with pytest.raises(sm.PluginError, match=r"page\.md"):
        sm.one_math_element(answer, "x=1", "page.md")


def test_the_renderer_rejects_bad_tex() -> None:
    with pytest.raises(sm.PluginError, match=r"Temml cannot render '\\\\frac\{1\}'"):
        sm.RENDERER.render([("\\frac{1}", False)], "page.md")
    sm.RENDERER.close()


def section(built_site: Path, location: str) -> str:
    docs = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    return next(str(d["text"]) for d in docs if d["location"] == location)


def test_the_search_index_has_each_formula_once(built_site: Path) -> None:
    text = section(built_site, "derivation/#setup")
    assert "y=Mx(D1)" in text  # the MathML text, then the equation number
    assert "y=Mxy" not in text  # once, not followed by a second rendering
    assert "y = Mx" not in text and "\\mathbb" not in text  # nor by the TeX source
    assert "input x to a prediction y " in text
    assert "✓" not in text  # the link to the verification map is not content
