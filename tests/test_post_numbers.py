"""The post's own number beside an equation: ``\\label{eq-...} \\postnumber{N}`` shows "post (N)".

Lecturers hold a page against the original post, which prints no equation numbers; N counts
the post's display equations in reading order (1 to 39). A malformed or out-of-range
``\\postnumber`` fails the build with the page's name.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sitebuild import DOCS, html_for
from sitepages import parsed

from mathproofs_site import PageError, tex


def sources() -> dict[str, str]:
    return {p.relative_to(DOCS).as_posix(): p.read_text("utf-8") for p in DOCS.rglob("*.md")}


def test_post_numbers_are_read_and_checked() -> None:
    source = (
        "y = Mx \\label{eq-a} \\postnumber{1}\n z \\label{eq-b}\n w \\label{eq-c}\\postnumber{39}"
    )
    assert tex.post_numbers(source, "p.md") == {"eq-a": "1", "eq-c": "39"}
    assert tex.split_label("y = Mx \\label{eq-a} \\postnumber{1}", "p.md") == ("eq-a", "y = Mx")


@pytest.mark.parametrize(
    "source",
    [
        "y \\postnumber{3}",  # no label before it
        "y \\label{eq-a} \\postnumber{three}",  # not a number
        "y \\label{eq-a} \\postnumber{40}",  # the post has 39 display equations
        "y \\label{eq-a} \\postnumber{0}",
    ],
)
def test_a_malformed_post_number_fails_the_build(source: str) -> None:
    with pytest.raises(PageError, match=r"p\.md: .*postnumber|p\.md: the post numbers"):
        tex.post_numbers(source, "p.md")


def test_every_post_number_is_shown_beside_its_equation(built_site: Path) -> None:
    shown = 0
    for src, text in sources().items():
        expected = tex.post_numbers(text, src)  # the plugin's own reading, unit-tested above
        if not expected:
            continue
        page = parsed(html_for(built_site, Path(src)))
        for anchor, number in expected.items():
            equation = page.find(id=anchor)
            assert equation is not None, (src, anchor)
            post = equation.select_one(".equation-post")
            assert post is not None and post.get_text() == f"post ({number})", (src, anchor)
            shown += 1
        # No equation shows a post number it was not given, and no \\postnumber leaks as TeX.
        assert len(page.select(".equation-post")) == len(expected), src
        assert "postnumber" not in page.get_text(), src
    assert shown > 0
