"""The TeX of inline formulas, on request (issue 12): kept out of the page, beside it.

The build takes each inline formula's TeX off the finished page and writes the list to a
file beside it (``mathproofs_site/inline_tex.py``), which the page names in a ``<meta>``;
the browser side (the "TeX of the inline formulas" button, copying as TeX) is tested in
``tests/browser/test_copy_tex.py``. Here: the functions on small trees, and every built
page against its own formulas and, for the derivation, against its Markdown source.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sitebuild import DOCS
from sitepages import built_pages, page_file

from mathproofs_site import PageError, inline_tex
from mathproofs_site import html as h

PAGE = (
    "<!DOCTYPE html><html><head><title>t</title></head><body><p>"
    '<math data-tex="x"><mi>x</mi></math> and <math display="block" data-tex="no">'
    '<mi>y</mi></math> then <math data-tex="a^2"><msup><mi>a</mi><mn>2</mn></msup></math>'
    "</p></body></html>"
)


def test_take_returns_the_inline_tex_in_order_and_removes_it() -> None:
    tree = h.parse_document(PAGE)
    assert inline_tex.take(h.body(tree)) == ["x", "a^2"]
    out = h.serialize_document(tree)
    assert 'data-tex="x"' not in out and 'data-tex="a^2"' not in out
    assert 'data-tex="no"' in out  # a display formula is not inline: left alone


def test_mark_gives_each_inline_formula_its_tex_and_fails_on_a_count_mismatch() -> None:
    tree = h.parse_content("<p><math><mi>x</mi></math><math><mi>y</mi></math></p>")
    inline_tex.mark(h.body(tree), ["x", "y"], "page.md")
    assert [m.attributes["data-tex"] for m in inline_tex.inline_maths(h.body(tree))] == ["x", "y"]
    with pytest.raises(PageError, match=r"page\.md: 2 inline formulas in the page, 1 typeset"):
        inline_tex.mark(h.body(tree), ["x"], "page.md")


def test_the_sidecar_sits_beside_the_page_and_the_meta_names_it() -> None:
    assert inline_tex.sidecar("derivation/index.html") == "derivation/index.tex.json"
    assert inline_tex.sidecar("derivation.html") == "derivation.tex.json"
    tree = h.parse_document(PAGE)
    inline_tex.name_sidecar(tree, "derivation/index.html")
    meta = tree.css_first(f'head meta[name="{inline_tex.META_NAME}"]')
    assert meta is not None and meta.attributes["content"] == "index.tex.json"
    assert json.loads(inline_tex.sidecar_json(["a\\b", "é"])) == {"tex": ["a\\b", "é"]}


def inline_count(html: str) -> int:
    return len(inline_tex.inline_maths(h.body(h.parse_document(html))))


def test_every_built_page_lists_the_tex_of_each_of_its_inline_formulas(built_site: Path) -> None:
    with_math = []
    for path in built_pages(built_site):
        file = page_file(built_site, path)
        html = file.read_text("utf-8")
        assert f"{inline_tex.ATTRIBUTE}=" not in html, path  # taken off every page
        count = inline_count(html)
        sidecar = file.with_name(file.stem + inline_tex.SUFFIX)
        named = f'name="{inline_tex.META_NAME}" content="{sidecar.name}"' in html
        if count == 0:
            assert not sidecar.exists() and not named, path
            continue
        with_math.append(path)
        assert named, path
        texts = json.loads(sidecar.read_text("utf-8"))["tex"]
        assert len(texts) == count and all(texts), path
    # Pages of prose and code, pages made of other pages, notebooks, the API page.
    assert {"derivation/", "handout/", "exercise-sheet/", "api/"} <= set(with_math)
    assert any(p.startswith("notebooks/") for p in with_math)


def test_the_derivations_inline_tex_is_its_sources_in_order(built_site: Path) -> None:
    file = page_file(built_site, "derivation/")
    texts = json.loads(file.with_name(file.stem + inline_tex.SUFFIX).read_text("utf-8"))["tex"]
    # Compared with runs of white space as one space: a formula may run over two lines,
    # indented in a box.
    source = " ".join((DOCS / "derivation.md").read_text("utf-8").split())
    # In the source's order: each one after the one before (the page's formulas are the
    # source's, in its order, and the browser pairs them by position).
    at, out_of_order = 0, []
    for t in texts:
        found = source.find(f"${' '.join(t.split())}$", at)
        if found < 0:
            out_of_order.append(t)
        else:
            at = found + 1
    assert out_of_order == []
    assert "x \\in \\mathbb{R}^n" in texts and len(set(texts)) > 100
