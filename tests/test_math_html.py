"""The math in the built HTML: one checked MathML element per formula, found once by search,
and kept on one line with the punctuation written against it.

Each formula is one MathML element (``hooks/site_math.py``, Temml without its TeX
annotation), so Material's search index holds its text once: "y=Mx". The KaTeX version of
this site wrote each formula three times (HTML, MathML, TeX), and a student searching
saw "y=Mxy = Mxy=Mx" until two of them were excluded.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from fontTools.ttLib import TTFont
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


def test_long_inline_formulas_may_break_before_an_equals_sign() -> None:
    """Temml's ``wrap: "="``: one top-level <mrow> per piece, the second starting at "="."""
    inline, short, display = sm.RENDERER.render(
        [("a = b = c", False), ("y = Mx + b", False), ("a = b = c", True)], "page.md"
    )
    sm.RENDERER.close()
    assert inline == (
        "<math><mrow><mi>a</mi><mo>=</mo><mi>b</mi></mrow><mrow><mo>=</mo><mi>c</mi></mrow></math>"
    )
    assert "</mrow><mrow>" not in short  # one "=": nothing to break
    assert "</mrow><mrow>" not in display  # a display formula is never broken


# A top-level row holding nothing but one operator: Chromium lays it out without the
# operator's spacing ("d(x)=y" instead of "d(x) = y"). Temml's wrap: "tex" made such rows.
LONE_OPERATOR_ROW_RE = re.compile(r"(?:<math>|</mrow>)<mrow><mo\b[^>]*>[^<]*</mo></mrow>")


def test_the_renderer_rejects_bad_tex() -> None:
    with pytest.raises(sm.PluginError, match=r"Temml cannot render '\\\\frac\{1\}'"):
        sm.RENDERER.render([("\\frac{1}", False)], "page.md")
    sm.RENDERER.close()


def section(built_site: Path, location: str) -> str:
    docs = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    return next(str(d["text"]) for d in docs if d["location"] == location)


def test_the_search_index_has_each_formula_once(built_site: Path) -> None:
    text = section(built_site, "derivation/#setup")
    assert re.search(r"y=Mx\(D\d+\)", text)  # the MathML text, then the equation number
    assert "post (" not in text  # the post's number is a margin note, not content
    assert "y=Mxy" not in text  # once, not followed by a second rendering
    assert "y = Mx" not in text and "\\mathbb" not in text  # nor by the TeX source
    assert "input x to a prediction y " in text
    # The ✓ link to the verification map beside a number is not content (a check box's
    # "✓ Checked: ..." summary is).
    assert not re.search(r"\(D\d+\)\s*✓", text)


# -- inline formulas keep the punctuation written against them -----------------------------

tex_math = load_hook("tex_math")


@pytest.mark.parametrize(
    ("html", "glued"),
    [
        (f"so {INLINE}, then", f'so <span class="math-glued">{INLINE},</span> then'),
        (f"(in {INLINE}).", f'(in <span class="math-glued">{INLINE}).</span>'),
        (f"see ({INLINE} and", f'see <span class="math-glued">({INLINE}</span> and'),
        (f"so {INLINE}'s rows", f'so <span class="math-glued">{INLINE}\'s</span> rows'),
        (f"so {INLINE}\u2019s.", f'so <span class="math-glued">{INLINE}\u2019s.</span>'),
        (f"a {INLINE} b", f"a {INLINE} b"),  # spaces around: nothing to keep together
        ('<math display="block"><mi>x</mi></math>.', '<math display="block"><mi>x</mi></math>.'),
    ],
)
def test_punctuation_is_glued_to_its_inline_formula(html: str, glued: str) -> None:
    assert tex_math.keep_punctuation_with_math(html) == glued


# -- the math font holds what the pages draw, and little more -------------------------------


def test_math_characters_are_the_text_of_the_formulas_only() -> None:
    page = f"<p>Text {INLINE} and <math><mo>&lt;</mo><mi>&#x3B4;</mi></math></p>"
    assert tex_math.math_characters(page) == {"x", "=", "1", "<", "δ"}


def font_cmap(path: Path) -> dict[int, str]:
    with TTFont(str(path)) as font:
        assert "MATH" in font  # without it the browser cannot lay out MathML with this font
        return dict(font.getBestCmap())


def test_subset_keeps_the_requested_characters_and_drops_the_rest(tmp_path: Path) -> None:
    target = tmp_path / "math.woff2"
    tex_math.subset_math_font({"x", "(", "∑"}, tex_math.FONT_SOURCE, target)
    cmap = font_cmap(target)
    assert {ord("x"), ord("("), ord("∑")} | tex_math.MATH_ITALIC <= cmap.keys()
    assert ord("Z") not in cmap and ord("⊗") not in cmap
    assert target.stat().st_size < tex_math.FONT_SOURCE.stat().st_size / 5


# The served font is a few tens of kB; the whole STIX Two Math is 400 kB.
SUBSET_MAX_BYTES = 100_000


@pytest.fixture(scope="module")
def soups(built_site: Path) -> list[tuple[str, Any]]:
    """Every built page, parsed once: (path in the site, its soup)."""
    return [
        (str(page.relative_to(built_site)), BeautifulSoup(page.read_text("utf-8"), "html.parser"))
        for page in sorted(built_site.rglob("*.html"))
    ]


def test_the_served_font_draws_every_character_of_every_formula(
    built_site: Path, soups: list[tuple[str, Any]]
) -> None:
    served = built_site / tex_math.ASSET_DIR / tex_math.MATH_FONT
    assert served.stat().st_size < SUBSET_MAX_BYTES
    cmap, source = font_cmap(served), font_cmap(tex_math.FONT_SOURCE)
    drawn = {
        c for _, soup in soups for formula in soup.find_all("math") for c in formula.get_text()
    }
    assert len(drawn) > 50
    assert sorted(c for c in drawn if ord(c) not in cmap) == []
    # Drawn but not in the text: the italic letters the browser substitutes, the radical.
    assert tex_math.ALWAYS_KEPT <= cmap.keys() <= source.keys()


def test_built_pages_glue_every_formula_to_its_punctuation(soups: list[tuple[str, Any]]) -> None:
    loose, glued = [], 0
    for name, soup in soups:
        for formula in soup.find_all("math", attrs={"display": False}):
            after, before = formula.next_sibling, formula.previous_sibling
            touching = (isinstance(after, str) and after[:1] in ",.;:!?)]") or (
                isinstance(before, str) and before[-1:] in "(["
            )
            if not touching:
                continue
            if "math-glued" in (formula.parent.get("class") or []):
                glued += 1
            else:
                loose.append(
                    f"{name}: {formula.get_text()}{after if isinstance(after, str) else ''}"
                )
    assert glued > 100
    assert loose == []


def test_pages_with_math_and_only_those_preload_the_math_font(
    soups: list[tuple[str, Any]],
) -> None:
    with_math = 0
    for name, soup in soups:
        has_math = soup.find("math") is not None
        preloads = [
            link["href"]
            for link in soup.find_all("link", rel="preload")
            if str(link.get("href", "")).endswith(f"/{tex_math.MATH_FONT}")
        ]
        assert len(preloads) == has_math, name
        with_math += has_math
    assert with_math >= 10


def test_no_inline_formula_has_a_row_that_is_only_an_operator(built_site: Path) -> None:
    rows = [
        f"{page.relative_to(built_site)}: {m.group(0)}"
        for page in sorted(built_site.rglob("*.html"))
        for m in LONE_OPERATOR_ROW_RE.finditer(page.read_text("utf-8"))
    ]
    assert rows == []


def test_a_build_that_skipped_pages_ships_the_whole_font(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--dirty`` builds render only changed pages: their characters are not all known."""
    from types import SimpleNamespace

    served = tmp_path / tex_math.ASSET_DIR / tex_math.MATH_FONT
    monkeypatch.setattr(tex_math, "MATH_TEXT", {"x"})
    monkeypatch.setattr(tex_math, "PAGES", {"a.md", "b.md"})
    config = SimpleNamespace(site_dir=str(tmp_path))
    monkeypatch.setattr(tex_math, "PAGES_SEEN", {"a.md"})
    tex_math.on_post_build(config)
    assert served.read_bytes() == tex_math.FONT_SOURCE.read_bytes()
    monkeypatch.setattr(tex_math, "PAGES_SEEN", {"a.md", "b.md"})
    tex_math.on_post_build(config)
    assert served.stat().st_size < SUBSET_MAX_BYTES


def test_an_operator_name_that_ends_a_formula_has_no_space_after_it() -> None:
    alone, applied = sm.RENDERER.render(
        [("\\operatorname{vec}", False), ("\\operatorname{vec}(M)", False)], "page.md"
    )
    sm.RENDERER.close()
    assert alone == "<math><mrow><mi>vec</mi><mo>\u2061</mo></mrow></math>"
    assert "<mspace" not in applied and "<mi>M</mi>" in applied
