"""The math font the site serves: STIX Two Math, cut down to what the built pages draw.

Temml's stylesheet for STIX Two Math (``node_modules/temml/dist``) is served from
``assets/temml/``, and beside it, under the file name that stylesheet expects, the font
(npm ``@fontsource/stix-two-math``, 400 kB) cut down to the glyphs the built pages draw
(about 30 kB): every character of their MathML, the math-italic letters a browser
substitutes for one-letter ``<mi>``, and what the font's MATH table and features reach from
those (sized and stretched delimiters, script-size forms). A build that skips pages
(``--dirty``) ships the whole font. ``make install`` installs Temml and the font from npm.

Each page with math preloads the font (``preload_font``), so it arrives while the HTML is
still being parsed, before the first layout, instead of after it (which would cost a second
style and layout pass over the whole page).
"""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath

from mathproofs_site import html as h

ASSET_DIR = PurePosixPath("assets/temml")
# Temml's stylesheet for STIX Two Math, and what it loads: url('./STIXTwoMath.woff2') for
# the math, url('Temml.woff2') for \mathscr capitals.
STYLESHEET = "Temml-STIX2.css"
MATH_FONT = "STIXTwoMath.woff2"
# From the project's root (the folder of mkdocs.yml).
TEMML_DIST = Path("node_modules") / "temml" / "dist"
FONT_SOURCE = (
    Path("node_modules")
    / "@fontsource"
    / "stix-two-math"
    / "files"
    / "stix-two-math-latin-400-normal.woff2"
)
# Each asset copied as it is: (source, name in ASSET_DIR).
ASSETS = ((TEMML_DIST / STYLESHEET, STYLESHEET), (TEMML_DIST / "Temml.woff2", "Temml.woff2"))
# MathML Core draws a one-letter <mi> in math italic (text-transform: math-auto), so the
# browser asks the font for characters that are not in the HTML: italic Latin (italic h is
# U+210E; its slot U+1D455 is unassigned), dotless i and j, and italic Greek.
MATH_ITALIC = frozenset(
    {*range(0x1D434, 0x1D468), 0x210E, 0x1D6A4, 0x1D6A5, *range(0x1D6E2, 0x1D71C)} - {0x1D455}
)
# Also drawn from markup, not from text: the radical sign of <msqrt> and <mroot>.
ALWAYS_KEPT = MATH_ITALIC | {0x221A}


def missing(root: Path) -> list[str]:
    """What ``make install`` should have put in place, and has not."""
    import importlib.util

    paths = [root / source for source, _ in ASSETS] + [root / FONT_SOURCE]
    found = [str(p) for p in paths if not p.is_file()]
    return found + [m for m in ("fontTools", "brotli") if importlib.util.find_spec(m) is None]


def math_characters(root: h.Node) -> set[str]:
    """Every character of every formula in a page (the text of its MathML)."""
    return {c for math in root.css("math") for c in (math.text(deep=True) or "")}


def subset_math_font(characters: set[str], source: Path, target: Path) -> None:
    """Write ``source`` cut down to what drawing ``characters`` in MathML needs, as WOFF2.

    All layout features and the MATH table are kept: fontTools then also keeps every glyph
    they reach from the kept characters (size variants, stretchy parts, ``ssty`` forms).
    """
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    with subset.load_font(str(source), options) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes={ord(c) for c in characters} | ALWAYS_KEPT)
        subsetter.subset(font)
        target.parent.mkdir(parents=True, exist_ok=True)
        subset.save_font(font, str(target), options)


def serve_font(
    characters: set[str], pages: set[str], seen: set[str], source: Path, target: Path
) -> None:
    """Write the font the site serves: cut down to ``characters`` if every page was seen.

    A build that skipped pages (``mkdocs build --dirty``, ``mkdocs serve --dirty``) does not
    know their characters: the whole font, then.
    """
    if pages <= seen:
        subset_math_font(characters, source, target)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def preload_font(tree: h.Tree, href: str) -> None:
    """Preload the math font on a page with math, before the first stylesheet."""
    head = h.head(tree)
    if head is None or h.body(tree).css_first("math") is None:
        return
    first = head.css_first('link[rel="stylesheet"]')
    if first is None:
        return
    link = h.markup(
        "link", rel="preload", href=href, as_="font", type="font/woff2", crossorigin=None
    )
    h.insert_html_before(first, link)
