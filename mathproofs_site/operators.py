"""Binary operators at text size in every browser: ``largeop="false"`` where Firefox would
draw a large operator.

TeX's ``\\otimes``, ``\\oplus``, ``\\ominus``, ``\\odot`` and ``\\uplus`` are binary
operators (TeX's class ``mathbin``): never large. Temml writes them as a bare
``<mo>⊗</mo>`` and leaves the size to the browser's operator dictionary. Chromium follows
MathML Core: an operator takes ``largeop`` from the dictionary entry of the form it is used
in (infix here), and these have none. Firefox (Gecko, 153 ESR) keeps the older MathML
dictionary (``res/fonts/mathfont.properties``), which lists each of these characters twice:
as an infix operator, and as a *prefix* large operator (``largeop movablelimits symmetric``,
the n-ary reading). Gecko's ``<mo>`` collects ``largeop`` from every form the character is
listed under, whatever form it is used in (``nsMathMLmoFrame::ProcessTextData``), so in
display style, where large operators grow, an infix ``A ⊗ B`` gets the big ⊗ of ``⨂``.
``form="infix"`` or an ``<mrow>`` around the ``<mo>`` change nothing; an explicit
``largeop="false"`` wins over the dictionary in both engines.

``BINARY_NOT_LARGE`` is exactly the set of characters that Firefox's dictionary makes large
in some form and also lists as infix operators, less two n-ary operators of Unicode's
(⨝, ⨞; ``tests/test_operators.py`` reads the installed Firefox's dictionary and compares).
Every other large operator there is n-ary (∑, ∏, ∫, ⨂, ...): large in display math in
TeX too, and left alone.
"""

from __future__ import annotations

from mathproofs_site import html as h

# The binary operators that Firefox's operator dictionary also lists as prefix large
# operators: U+228E ⊎ (\uplus), U+2295 ⊕ (\oplus), U+2296 ⊖ (\ominus), U+2297 ⊗ (\otimes),
# U+2299 ⊙ (\odot).
BINARY_NOT_LARGE = frozenset("\u228e\u2295\u2296\u2297\u2299")
# Variation selectors a formula may carry after the operator (Temml writes ⊕ as U+2295
# U+FE0E, text presentation). Firefox then finds no dictionary entry, but the operator is the
# same and is marked too.
VARIATION_SELECTORS = "\ufe0e\ufe0f"


def operator_character(mo: h.Node) -> str:
    """The operator an ``<mo>`` draws: its text, trimmed, without a variation selector."""
    return (mo.text(deep=True) or "").strip().rstrip(VARIATION_SELECTORS)


def keep_binary_operators_text_size(root: h.Node) -> int:
    """Give every ``<mo>`` of ``BINARY_NOT_LARGE`` ``largeop="false"``, unless the formula
    already says otherwise. Returns how many operators were marked."""
    marked = 0
    for mo in root.css("math mo"):
        if "largeop" in mo.attributes or operator_character(mo) not in BINARY_NOT_LARGE:
            continue
        mo.attrs["largeop"] = "false"
        marked += 1
    return marked
