"""The math in the built HTML: one checked MathML element per formula, found once by search,
and kept on one line with the punctuation written against it.

Each formula is one MathML element (``mathproofs_site.tex``; a display equation's TeX
annotation is kept out of search), so Material's search index holds its text once: "y=Mx".
The KaTeX version of this site wrote each formula three times (HTML, MathML, TeX), and a
student searching saw "y=Mxy = Mxy=Mx" until two of them were excluded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont
from sitebuild import ROOT
from sitepages import parsed

from mathproofs_site import PageError, equations, inline_tex, math_font, tex
from mathproofs_site import html as h
from mathproofs_site.registry import Registry, Source, build
from mathproofs_site.tex import MathRenderer

INLINE = "<math><mrow><mi>x</mi><mo>=</mo><mn>1</mn></mrow></math>"
FONT_SOURCE = ROOT / math_font.FONT_SOURCE


@pytest.fixture(scope="module")
def renderer() -> Iterator[MathRenderer]:
    """The build's Temml process, started for these tests."""
    running = MathRenderer(ROOT)
    yield running
    running.close()


def test_one_math_element_passes() -> None:
    assert tex.one_math_element(INLINE, "x=1", "page.md") == INLINE


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
    with pytest.raises(PageError, match=r"page\.md"):
        tex.one_math_element(answer, "x=1", "page.md")


def test_long_inline_formulas_may_break_before_an_equals_sign(renderer: MathRenderer) -> None:
    """Temml's ``wrap: "="``: one top-level <mrow> per piece, the second starting at "="."""
    inline, short, display = renderer.render(
        [("a = b = c", False), ("y = Mx + b", False), ("a = b = c", True)], "page.md"
    )
    assert inline == (
        "<math><mrow><mi>a</mi><mo>=</mo><mi>b</mi></mrow><mrow><mo>=</mo><mi>c</mi></mrow></math>"
    )
    assert "</mrow><mrow>" not in short  # one "=": nothing to break
    assert "</mrow><mrow>" not in display  # a display formula is never broken


# A top-level row holding nothing but one operator: Chromium lays it out without the
# operator's spacing ("d(x)=y" instead of "d(x) = y"). Temml's wrap: "tex" made such rows.
LONE_OPERATOR_ROW_RE = re.compile(r"(?:<math>|</mrow>)<mrow><mo\b[^>]*>[^<]*</mo></mrow>")


def test_the_renderer_rejects_bad_tex(renderer: MathRenderer) -> None:
    with pytest.raises(PageError, match=r"Temml cannot render '\\\\frac\{1\}'"):
        renderer.render([("\\frac{1}", False)], "page.md")


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


def glued(html: str) -> str:
    tree = h.parse_content(html)
    equations.keep_punctuation_with_math(h.body(tree))
    return h.serialize_content(tree)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (f"so {INLINE}, then", f'so <span class="math-glued">{INLINE},</span> then'),
        (f"(in {INLINE}).", f'(in <span class="math-glued">{INLINE}).</span>'),
        (f"see ({INLINE} and", f'see <span class="math-glued">({INLINE}</span> and'),
        (f"so {INLINE}'s rows", f'so <span class="math-glued">{INLINE}\'s</span> rows'),
        (f"so {INLINE}\u2019s.", f'so <span class="math-glued">{INLINE}\u2019s.</span>'),
        (f"a {INLINE} b", f"a {INLINE} b"),  # spaces around: nothing to keep together
        ('<math display="block"><mi>x</mi></math>.', '<math display="block"><mi>x</mi></math>.'),
        # Two formulas share the text between them.
        (
            f"({INLINE})({INLINE}),",
            f'<span class="math-glued">({INLINE})</span>'
            f'<span class="math-glued">({INLINE}),</span>',
        ),
    ],
)
def test_punctuation_is_glued_to_its_inline_formula(html: str, expected: str) -> None:
    assert glued(html) == expected


# -- the math font holds what the pages draw, and little more -------------------------------


def test_math_characters_are_the_text_of_the_formulas_only() -> None:
    page = h.parse_content(f"<p>Text {INLINE} and <math><mo>&lt;</mo><mi>&#x3B4;</mi></math></p>")
    assert math_font.math_characters(h.body(page)) == {"x", "=", "1", "<", "δ"}


def font_cmap(path: Path) -> dict[int, str]:
    with TTFont(str(path)) as font:
        assert "MATH" in font  # without it the browser cannot lay out MathML with this font
        return dict(font.getBestCmap())


def test_subset_keeps_the_requested_characters_and_drops_the_rest(tmp_path: Path) -> None:
    target = tmp_path / "math.woff2"
    math_font.subset_math_font({"x", "(", "∑"}, FONT_SOURCE, target)
    cmap = font_cmap(target)
    assert {ord("x"), ord("("), ord("∑")} | math_font.MATH_ITALIC <= cmap.keys()
    assert ord("Z") not in cmap and ord("⊗") not in cmap
    assert target.stat().st_size < FONT_SOURCE.stat().st_size / 5


# The served font is a few tens of kB; the whole STIX Two Math is 400 kB.
SUBSET_MAX_BYTES = 100_000


@pytest.fixture(scope="module")
def soups(built_site: Path) -> list[tuple[str, Any]]:
    """Every built page, parsed once: (path in the site, its soup)."""
    return [
        (str(page.relative_to(built_site)), parsed(page))
        for page in sorted(built_site.rglob("*.html"))
    ]


def test_the_served_font_draws_every_character_of_every_formula(
    built_site: Path, soups: list[tuple[str, Any]]
) -> None:
    served = built_site / math_font.ASSET_DIR / math_font.MATH_FONT
    assert served.stat().st_size < SUBSET_MAX_BYTES
    cmap, source = font_cmap(served), font_cmap(FONT_SOURCE)
    drawn = {  # the text of the formulas, not of their TeX annotations (never drawn)
        c
        for _, soup in soups
        for formula in soup.find_all("math")
        for text in formula.find_all(string=True)
        if text.parent.name != "annotation"
        for c in text
    }
    assert len(drawn) > 50
    assert sorted(c for c in drawn if ord(c) not in cmap) == []
    # Drawn but not in the text: the italic letters the browser substitutes, the radical.
    assert math_font.ALWAYS_KEPT <= cmap.keys() <= source.keys()


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
            if str(link.get("href", "")).endswith(f"/{math_font.MATH_FONT}")
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


def test_a_build_that_skipped_pages_ships_the_whole_font(tmp_path: Path) -> None:
    """``--dirty`` builds render only changed pages: their characters are not all known."""
    served = tmp_path / math_font.ASSET_DIR / math_font.MATH_FONT
    pages = {"a.md", "b.md"}
    math_font.serve_font({"x"}, pages, {"a.md"}, FONT_SOURCE, served)
    assert served.read_bytes() == FONT_SOURCE.read_bytes()
    math_font.serve_font({"x"}, pages, {"a.md", "b.md"}, FONT_SOURCE, served)
    assert served.stat().st_size < SUBSET_MAX_BYTES


# -- the math of a page, typeset on its tree -------------------------------------------------


def page_math(renderer: MathRenderer, registry: Registry, src_uri: str) -> equations.PageMath:
    return equations.PageMath(src_uri, "https://example.org/x/", "../map/", registry, renderer)


def test_an_operator_name_that_ends_a_formula_has_no_space_after_it(
    renderer: MathRenderer,
) -> None:
    content = (
        '<p><span class="arithmatex">\\(\\operatorname{vec}\\)</span>, and '
        '<span class="arithmatex">\\(\\operatorname{vec}(M)\\)</span></p>'
    )
    tree = h.parse_content(content)
    equations.typeset_markdown(h.body(tree), page_math(renderer, Registry(), "x.md"))
    # Each inline formula carries its TeX until the finished page gives it up (inline_tex).
    assert inline_tex.take(h.body(tree)) == ["\\operatorname{vec}", "\\operatorname{vec}(M)"]
    alone, applied = h.body(tree).css("math")
    assert alone.html == "<math><mrow><mi>vec</mi><mo>\u2061</mo></mrow></math>"
    assert "<mspace" not in (applied.html or "") and "<mi>M</mi>" in (applied.html or "")
    assert h.serialize_content(tree).startswith("<p><math>")


NOTEBOOK = "# ---\n# jupyter:\n#   mathproofs:\n#     equation_prefix: N\n# ---\n\n"
CELL = '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput">{}</div>'


def typeset_cell(renderer: MathRenderer, cell_html: str) -> h.Node:
    source = NOTEBOOK + "# %% [markdown]\n# $$ y = Mx \\label{eq-nb} $$\n"
    registry = build([Source("notebooks/n.py", source, notebook=True)])
    tree = h.parse_content(CELL.format(cell_html))
    equations.typeset_notebook(h.body(tree), page_math(renderer, registry, "notebooks/n.py"))
    return h.body(tree)


def test_a_div_in_a_notebook_markdown_cell_is_typeset_around(renderer: MathRenderer) -> None:
    """The cell is a tree: math before, inside and after a ``<div>`` in it is typeset (the
    cell used to be cut at its first ``</div>``, and a ``<div>`` in it failed the build)."""
    root = typeset_cell(
        renderer,
        "<p>Before $a$.</p><div class='note'><p>Inside $b$.</p></div>"
        "<p>$$ y = Mx \\label{eq-nb} $$</p><p>After $c$, <code>$not math$</code>.</p>",
    )
    assert [m.text() for m in root.css("p > math")] == ["a", "b", "c"]
    assert root.css_first("div.note math") is not None
    assert [n.text() for n in root.css("div.equation#eq-nb a.equation-number")] == ["(N1)"]
    assert [n.text() for n in root.css("code")] == ["$not math$"]
    assert root.text().count("$") == 2  # only the code's


def test_a_lone_dollar_in_a_notebook_markdown_cell_fails_the_build(
    renderer: MathRenderer,
) -> None:
    with pytest.raises(PageError, match=r"notebooks/n\.py: unmatched '\$'"):
        typeset_cell(renderer, "<div><p>It costs $5.</p></div>")
