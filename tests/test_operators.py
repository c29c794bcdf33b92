"""Binary operators stay at text size (``mathproofs_site/operators.py``), on the parsed tree.

Firefox draws an infix ⊗ large in display math because its operator dictionary also lists ⊗
as a prefix large operator; ``largeop="false"`` overrides that. These tests run Temml's
real output through the build's step, read the installed Firefox's own dictionary to check
that the set of marked characters is the one Firefox enlarges, and check the built pages.
The browser side (the drawn height of ⊗ against the letters around it, in Firefox and
Chromium) is in ``tests/browser/firefox/`` (``test_firefox.py``,
``test_operator_size_chromium.py``).
"""

from __future__ import annotations

import os
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from sitebuild import ROOT, in_ci
from sitepages import built_pages, page_file

from mathproofs_site import html as h
from mathproofs_site.operators import (
    BINARY_NOT_LARGE,
    keep_binary_operators_text_size,
    operator_character,
)
from mathproofs_site.tex import MathRenderer

# Firefox keeps its operator dictionary in omni.ja, beside its binary: $FIREFOX (CI's), else
# Debian's firefox-esr (/usr/bin/firefox-esr links to /usr/lib/firefox-esr/).
FIREFOX = os.environ.get("FIREFOX") or "/usr/bin/firefox-esr"
FIREFOX_OMNI = Path(os.path.realpath(FIREFOX)).parent / "omni.ja"
DICTIONARY = "res/fonts/mathfont.properties"
# One entry: operator.\u2297.prefix = lspace:0 rspace:3 largeop movablelimits ... # comment
ENTRY_RE = re.compile(r"operator\.((?:\\u[0-9A-Fa-f]{4})+)\.(infix|prefix|postfix) = ([^#]*)")


@pytest.fixture(scope="module")
def renderer() -> Iterator[MathRenderer]:
    running = MathRenderer(ROOT)
    yield running
    running.close()


def typeset(renderer: MathRenderer, tex: str, display: bool = True) -> h.Node:
    """Temml's MathML for ``tex`` in a page tree, after the build's operator step."""
    [mathml] = renderer.render([(tex, display)], "test.md")
    root = h.body(h.parse_content(mathml))
    keep_binary_operators_text_size(root)
    return root


def operators(root: h.Node) -> dict[str, list[str | None]]:
    """Each operator character -> the ``largeop`` attribute of each of its ``<mo>``."""
    found: dict[str, list[str | None]] = defaultdict(list)
    for mo in root.css("mo"):
        found[operator_character(mo)].append(mo.attributes.get("largeop"))
    return found


@pytest.mark.parametrize(
    ("tex", "op"),
    [
        (r"A \otimes B", "⊗"),
        (r"(x^\top \otimes I_m)", "⊗"),
        (r"A \oplus B", "⊕"),  # Temml writes ⊕ followed by U+FE0E
        (r"A \ominus B", "⊖"),
        (r"A \odot B", "⊙"),
        (r"A \uplus B", "⊎"),
        (r"\otimes", "⊗"),  # alone, as in "Notation: ⊗": Temml writes form="prefix"
    ],
)
def test_binary_operators_get_largeop_false(renderer: MathRenderer, tex: str, op: str) -> None:
    for display in (True, False):
        assert operators(typeset(renderer, tex, display))[op] == ["false"], (tex, display)


@pytest.mark.parametrize(
    ("tex", "op"),
    [(r"\sum_i x_i", "∑"), (r"\int f", "∫"), (r"\prod_i x_i", "∏"), (r"\bigotimes_i A_i", "⨂")],
)
def test_n_ary_operators_stay_large(renderer: MathRenderer, tex: str, op: str) -> None:
    """∑, ∫, ∏ and the n-ary ⨂ are large in display math in TeX too: left to the browser."""
    assert operators(typeset(renderer, tex))[op] == [None]


def test_other_operators_are_left_alone(renderer: MathRenderer) -> None:
    found = operators(typeset(renderer, r"a \times b = c - d \cdot e \star f \in \mathbb{R}"))
    # U+00D7 times, U+2212 minus (ruff would read the characters as x and -)
    assert set(found) == {"\u00d7", "=", "\u2212", "⋅", "⋆", "∈"}
    assert all(values == [None] for values in found.values())


def test_an_explicit_largeop_is_kept() -> None:
    root = h.body(h.parse_content('<math><mo largeop="true">⊗</mo><mo>⊗</mo></math>'))
    assert keep_binary_operators_text_size(root) == 1
    assert operators(root)["⊗"] == ["true", "false"]


def firefox_dictionary() -> dict[str, dict[str, str]]:
    """The installed Firefox's operator dictionary: character -> form -> properties."""
    if not FIREFOX_OMNI.is_file():
        reason = f"no {FIREFOX_OMNI}: apt-get install firefox-esr"
        if in_ci():
            pytest.fail(f"CI=true and {reason}", pytrace=False)
        pytest.skip(reason)
    with zipfile.ZipFile(FIREFOX_OMNI) as omni:
        text = omni.read(DICTIONARY).decode("utf-8")
    entries: dict[str, dict[str, str]] = defaultdict(dict)
    for line in text.splitlines():
        match = ENTRY_RE.match(line)
        if match:
            chars = match[1].encode("ascii").decode("unicode_escape")
            entries[chars][match[2]] = match[3]
    assert len(entries) > 500, f"{DICTIONARY} in {FIREFOX_OMNI}: only {len(entries)} entries"
    return entries


def test_the_marked_set_is_what_firefox_enlarges() -> None:
    """Gecko makes an ``<mo>`` large when any form of its dictionary entry is ``largeop``;
    the operators that are also infix (binary) are exactly ``BINARY_NOT_LARGE``."""
    entries = firefox_dictionary()
    large = {c for c, forms in entries.items() if any("largeop" in p for p in forms.values())}
    assert {"∑", "∫", "⨂"} <= large
    binary_and_large = {c for c in large if "infix" in entries[c]}
    # Less the two of Unicode's n-ary operators (U+2A00-U+2A1F) that Gecko lists as infix
    # too, ⨝ and ⨞: large operators by their nature, and no TeX command of Temml's writes them.
    n_ary = {c for c in binary_and_large if len(c) == 1 and 0x2A00 <= ord(c) <= 0x2A1F}
    assert n_ary == {"\u2a1d", "\u2a1e"}
    assert binary_and_large - n_ary == BINARY_NOT_LARGE
    for c in BINARY_NOT_LARGE:
        assert "largeop" not in entries[c]["infix"] and "largeop" in entries[c]["prefix"], c


def test_every_binary_operator_on_the_built_pages_is_marked(built_site: Path) -> None:
    """Every ⊗ (and its kin) that the site draws says ``largeop="false"``; ∑ does not."""
    counts: dict[str, int] = defaultdict(int)
    for page in built_pages(built_site):
        tree = h.parse_document(page_file(built_site, page).read_text("utf-8"))
        for mo in h.body(tree).css("math mo"):
            op = operator_character(mo)
            if op in BINARY_NOT_LARGE:
                assert mo.attributes.get("largeop") == "false", (page, mo.html)
                counts[op] += 1
            elif op == "∑":
                assert "largeop" not in mo.attributes, (page, mo.html)
                counts[op] += 1
    assert counts["⊗"] > 100 and counts["∑"] > 10, dict(counts)
