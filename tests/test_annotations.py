"""Copy TeX: every display equation carries its TeX source in its MathML (issue 12).

Temml's ``annotate`` writes ``<semantics>``, the drawn formula, then
``<annotation encoding="application/x-tex">`` with the TeX it was given
(``mathproofs_site/tex.py``); the "TeX" button of an equation copies that text
(``docs/javascripts/equation-links.js``, tested in ``tests/browser/test_copy_tex.py``). The
TeX is the author's, as the page's source has it, without the site's ``\\label`` and
``\\postnumber``. Inline formulas carry none (``tex.ANNOTATE_INLINE``), and the search index
never sees the TeX (``tests/test_math_html.py``).

``source_tex`` reads an equation's TeX from the page's source file by itself (the
registry says which page holds the equation), so the tests compare the build with the
source, not the build with itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sitebuild import DOCS, ROOT
from sitepages import built_pages, page_file, parsed

from mathproofs_site import equations, registry, tex
from mathproofs_site import html as h
from mathproofs_site.config import read_site
from mathproofs_site.registry import Registry, Source, build
from mathproofs_site.tex import MathRenderer

SITE = read_site(ROOT / "mkdocs.yml")
DISPLAY_MATH_RE = re.compile(r"\$\$(.*?)\$\$", re.DOTALL)


def source_registry() -> Registry:
    return registry.build(registry.docs_sources(DOCS, SITE.plugin.notebooks))


def page_markdown(src_uri: str, text: str | None = None) -> list[str]:
    """The Markdown of a page's source (under docs/ unless given): the page's text, or
    each Markdown cell's."""
    text = (DOCS / src_uri).read_text("utf-8") if text is None else text
    if not registry.is_notebook(src_uri, SITE.plugin.notebooks):
        return [text]
    cells = registry.read_notebook(text, src_uri).cells
    return [str(c.source) for c in cells if c.cell_type == "markdown"]


def _dedent(block: str, indent: str) -> str:
    return "\n".join(line.removeprefix(indent) for line in block.split("\n"))


def source_tex(anchor: str, found: Registry, text: str | None = None) -> str:
    """The TeX of equation ``anchor`` in its page's source, without \\label and
    \\postnumber: the ``$$...$$`` that holds ``\\label{anchor}``, out of the indentation of
    the box it is written in (Markdown drops that indentation), stripped."""
    label = f"\\label{{{anchor}}}"
    hits = []
    for markdown in page_markdown(found.equations[anchor].src_uri, text):
        for match in DISPLAY_MATH_RE.finditer(markdown):
            if label in match[1]:
                line_start = markdown.rfind("\n", 0, match.start()) + 1
                indent = markdown[line_start : match.start()]
                hits.append(_dedent(match[1], indent if not indent.strip() else ""))
    assert len(hits) == 1, (anchor, hits)
    return tex.POSTNUMBER_RE.sub("", tex.LABEL_RE.sub("", hits[0])).strip()


# -- on the tree: what one page's typesetting writes ---------------------------------------


@pytest.fixture(scope="module")
def renderer() -> Iterator[MathRenderer]:
    running = MathRenderer(ROOT)
    yield running
    running.close()


PAGE = (
    "---\nequation_prefix: X\n---\n\n"
    "Inline $a < b$ here.\n\n"
    "$$\nf(x) = \\frac{1}{2}\\,\\|x\\|^2 \\quad \\text{for } x \\in \\mathbb{R}^n\n"
    "\\label{eq-half-norm} \\postnumber{3}\n$$\n"
)
ARITHMATEX = (
    '<p>Inline <span class="arithmatex">\\(a &lt; b\\)</span> here.</p>\n'
    '<div class="arithmatex">\\[\nf(x) = \\frac{1}{2}\\,\\|x\\|^2 \\quad '
    "\\text{for } x \\in \\mathbb{R}^n\n\\label{eq-half-norm} \\postnumber{3}\n\\]</div>"
)


def test_a_display_equation_carries_exactly_its_source_and_inline_math_none(
    renderer: MathRenderer,
) -> None:
    found = build([Source("x.md", PAGE)])
    tree = h.parse_content(ARITHMATEX)
    page = equations.PageMath("x.md", "https://example.org/x/", "../map/", found, renderer)
    equations.typeset_markdown(h.body(tree), page)
    display, inline = h.body(tree).css("math[display=block]"), h.body(tree).css("p > math")
    assert len(display) == 1 and len(inline) == 1
    semantics = h.element_children(display[0])
    assert [n.tag for n in semantics] == ["semantics"]
    drawn, annotation = h.element_children(semantics[0])
    assert drawn.tag == "mrow" and annotation.tag == "annotation"
    assert annotation.attributes.get("encoding") == tex.TEX_ENCODING
    assert "data-search-exclude" in annotation.attributes
    expected = "f(x) = \\frac{1}{2}\\,\\|x\\|^2 \\quad \\text{for } x \\in \\mathbb{R}^n"
    assert annotation.text(deep=True) == expected
    assert source_tex("eq-half-norm", found, PAGE) == expected
    # Inline: the MathML only (Temml's annotate would also stop it wrapping at "=").
    assert inline[0].css("semantics, annotation") == []
    assert "<mo>&lt;</mo>" in (inline[0].html or "")


def test_a_notebook_equation_carries_its_source(renderer: MathRenderer) -> None:
    notebook = (
        "# ---\n# jupyter:\n#   mathproofs:\n#     equation_prefix: N\n# ---\n\n"
        "# %% [markdown]\n# $$ y = M x \\label{eq-nb} $$\n"
    )
    found = build([Source("notebooks/n.py", notebook, notebook=True)])
    cell = '<div class="jp-RenderedMarkdown"><p>$$ y = M x \\label{eq-nb} $$</p></div>'
    tree = h.parse_content(cell)
    page = equations.PageMath("notebooks/n.py", "https://e.org/n/", "../map/", found, renderer)
    equations.typeset_notebook(h.body(tree), page)
    annotations = h.body(tree).css("div.equation#eq-nb math annotation")
    assert [a.text(deep=True) for a in annotations] == ["y = M x"]


def test_a_display_that_ends_in_an_operator_name_has_no_space_after_it(
    renderer: MathRenderer,
) -> None:
    """The annotation does not hide the drawn formula from the build's later steps."""
    found = build(
        [
            Source(
                "x.md",
                "---\nequation_prefix: X\n---\n\n$$\n\\operatorname{vec}\n\\label{eq-v}\n$$\n",
            )
        ]
    )
    tree = h.parse_content(
        '<div class="arithmatex">\\[\n\\operatorname{vec}\n\\label{eq-v}\n\\]</div>'
    )
    page = equations.PageMath("x.md", "https://example.org/x/", "../map/", found, renderer)
    equations.typeset_markdown(h.body(tree), page)
    (math,) = h.body(tree).css("math")
    assert math.css("semantics > mrow > mspace") == []
    assert [a.text() for a in math.css("annotation")] == ["\\operatorname{vec}"]


# -- in the built site: every equation of every page ---------------------------------------


def test_every_built_equation_carries_its_source_tex(built_site: Path) -> None:
    found = source_registry()
    seen: set[str] = set()
    for path in built_pages(built_site):
        soup = parsed(page_file(built_site, path))
        for equation in soup.select("div.equation[id]"):
            anchor = str(equation["id"])
            annotations = equation.find_all("annotation", attrs={"encoding": tex.TEX_ENCODING})
            assert len(annotations) == 1, (path, anchor)
            assert annotations[0].get_text() == source_tex(anchor, found), (path, anchor)
            seen.add(anchor)
        # Inline formulas carry no TeX.
        for math in soup.find_all("math"):
            if math.find("annotation") is not None:
                assert math.get("display") == "block", (path, math)
    assert seen == set(found.equations)
