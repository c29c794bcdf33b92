"""MkDocs hook: turn every formula into MathML at build time with Temml, and number the equations.

Why at build time, and why MathML: a reader's browser runs no math engine at all. It lays
the MathML out itself (MathML Core, in every current browser) with the math font STIX Two
Math, which this site serves itself (no CDN, no third party). The same MathML is what
screen readers read, so each formula is in the page once. ``bench/typeset_bench.py``
measures what this buys; "How this site is built" has the figures.

What it does, page by page:

* ``pymdownx.arithmatex`` (``generic: true``) leaves ``\\(...\\)`` and ``\\[...\\]`` in
  the HTML. Each formula becomes MathML in one long-lived Node process
  (``hooks/site_math.py``, shared with ``hooks/notebook_math.py``). A formula Temml
  cannot parse fails the build.
* Every display equation must carry ``\\label{eq-...}``. The label becomes the anchor
  ``#eq-...`` (named for its meaning, so links survive renumbering) and the equation gets
  a number ``(<prefix><k>)``, where the prefix comes from the page's front matter
  (``equation_prefix: "D"``) and ``k`` counts the page's equations in order.
* An empty Markdown link to an equation, ``[](#eq-dl-dy)`` or ``[](proofs/proof-1.md#eq-x)``,
  is filled with that equation's number, on every page (notebook pages too) and for every
  equation (notebook equations too: the registry is ``site_math.EQUATIONS``).
* Temml's stylesheet for STIX Two Math (``node_modules/temml/dist``) is copied into
  ``assets/temml/``, and beside it, under the file name that stylesheet expects, the font
  (npm ``@fontsource/stix-two-math``, 400 kB) cut down to the glyphs the built pages draw
  (about 30 kB): every character in their MathML, the math-italic letters a browser
  substitutes for one-letter ``<mi>``, and what the font's MATH table and features reach
  from those (sized and stretched delimiters, script-size forms). A build that skips
  pages (``--dirty``) ships the whole font. ``make install`` installs Temml and the font
  from npm.
* An inline formula and punctuation written against it ("$y$,") are kept on one line
  (``keep_punctuation_with_math``). A long inline formula may itself break before its
  second and later "=" (Temml's ``wrap: "="``, set in ``tools/tex-render.cjs``).
* Each page with math gets ``<link rel="preload" as="font">`` for the math font, so it
  arrives while the HTML is still being parsed, before the first layout, instead of after
  it (which would cost a second style and layout pass over the whole page).
"""

from __future__ import annotations

import html
import importlib.util
import re
import shutil
from pathlib import Path, PurePosixPath

import site_math as sm  # MkDocs puts hooks/ on sys.path while it loads a hook
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

ROOT = Path(__file__).resolve().parent.parent
ASSET_DIR = PurePosixPath("assets/temml")
# Temml's stylesheet for STIX Two Math, and what it loads: url('./STIXTwoMath.woff2') for
# the math, url('Temml.woff2') for \mathscr capitals. Each asset: (source, name in ASSET_DIR).
STYLESHEET = "Temml-STIX2.css"
MATH_FONT = "STIXTwoMath.woff2"
TEMML_DIST = ROOT / "node_modules" / "temml" / "dist"
FONTSOURCE = ROOT / "node_modules" / "@fontsource" / "stix-two-math" / "files"
FONT_SOURCE = FONTSOURCE / "stix-two-math-latin-400-normal.woff2"
ASSETS = (
    (TEMML_DIST / STYLESHEET, STYLESHEET),
    (TEMML_DIST / "Temml.woff2", "Temml.woff2"),
)
MATH_RE = re.compile(r"<math\b.*?</math>", re.DOTALL)
TAG_RE = re.compile(r"<[^>]+>")
# MathML Core draws a one-letter <mi> in math italic (text-transform: math-auto), so the
# browser asks the font for characters that are not in the HTML: italic Latin (italic h is
# U+210E; its slot U+1D455 is unassigned), dotless i and j, and italic Greek.
MATH_ITALIC = frozenset(
    {*range(0x1D434, 0x1D468), 0x210E, 0x1D6A4, 0x1D6A5, *range(0x1D6E2, 0x1D71C)} - {0x1D455}
)
# Also drawn from markup, not from text: the radical sign of <msqrt> and <mroot>.
ALWAYS_KEPT = MATH_ITALIC | {0x221A}
# What the font subset is made from: the characters of every formula of this build, and
# which pages they came from (on_post_page), against the pages there are (on_files).
MATH_TEXT: set[str] = set()
PAGES_SEEN: set[str] = set()
PAGES: set[str] = set()

DISPLAY_RE = re.compile(r'<div class="arithmatex">\\\[(.*?)\\\]</div>', re.DOTALL)
INLINE_RE = re.compile(r'<span class="arithmatex">\\\((.*?)\\\)</span>', re.DOTALL)

# ---------------------------------------------------------------- equation registry


def register_equations(files: Files) -> None:
    """Number every ``\\label{eq-...}`` of every Markdown page, in page order.

    Runs before any page is rendered, so a page can cite an equation of a later page.
    """
    for file in files.documentation_pages():
        if not file.src_uri.endswith(".md"):
            continue
        markdown, meta = get_data(file.content_string)
        labels = sm.LABEL_RE.findall(markdown)
        if labels and "equation_prefix" not in meta:
            raise PluginError(f"{file.src_uri}: numbered equations need 'equation_prefix'")
        post = sm.post_numbers(markdown, file.src_uri)
        for k, anchor in enumerate(labels, start=1):
            sm.register(anchor, f"{meta['equation_prefix']}{k}", file.src_uri, post.get(anchor))


# ---------------------------------------------------------------- MkDocs events


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    missing = [str(s) for s in (*(source for source, _ in ASSETS), FONT_SOURCE) if not s.is_file()]
    missing += [m for m in ("fontTools", "brotli") if importlib.util.find_spec(m) is None]
    if missing:
        raise PluginError(f"not installed: {missing}; run `make install`")
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    MATH_TEXT.clear()
    PAGES_SEEN.clear()
    PAGES.clear()
    PAGES.update(file.src_uri for file in files.documentation_pages())
    for source, name in ASSETS:
        files.append(File.generated(config, str(ASSET_DIR / name), abs_src_path=str(source)))
    # First of the math hooks in mkdocs.yml: a new build starts a new registry.
    sm.EQUATIONS.clear()
    register_equations(files)
    return files


def render_math(content: str, page: Page) -> str:
    """Replace arithmatex placeholders with MathML and number display equations."""
    where = page.file.src_uri
    displays = [html.unescape(m.group(1)) for m in DISPLAY_RE.finditer(content)]
    inlines = [html.unescape(m.group(1)) for m in INLINE_RE.finditer(content)]

    labelled = [sm.split_label(tex, where) for tex in displays]
    anchors = [anchor for anchor, _ in labelled]
    bodies = [body for _, body in labelled]

    rendered = sm.RENDERER.render(
        [(tex, True) for tex in bodies] + [(tex, False) for tex in inlines], where
    )
    display_html = iter(rendered[: len(bodies)])
    inline_html = iter(rendered[len(bodies) :])
    numbered = iter(anchors)

    def display(_: re.Match[str]) -> str:
        anchor = next(numbered)
        return sm.equation_html(anchor, next(display_html))

    content = DISPLAY_RE.sub(display, content)
    content = INLINE_RE.sub(lambda _: next(inline_html), content)
    if page.present_anchor_ids is not None:
        page.present_anchor_ids.update(anchors)
    return content


def on_page_content(html_: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return sm.fill_equation_links(render_math(html_, page), page.file.src_uri)


def preload_font(output: str, page: Page) -> str:
    """Preload the math font on a page with math, before the first stylesheet."""
    if "<math" not in output:
        return output
    href = get_relative_url(f"{ASSET_DIR}/{MATH_FONT}", page.url)
    link = f'<link rel="preload" href="{href}" as="font" type="font/woff2" crossorigin>'
    return output.replace('<link rel="stylesheet"', link + '<link rel="stylesheet"', 1)


# An inline formula with punctuation, a bracket or a possessive written against it, as in
# "$y$,", "($x$" or "$M$'s". Browsers break lines on either side of an inline <math> (an
# atomic inline box), even before a comma or after an opening bracket, and a word joiner
# does not stop them.
GLUED_RE = re.compile(r"([(\[]?)(<math>.*?</math>)((?:['\u2019]s\b)?[,.;:!?)\]]*)", re.DOTALL)


def keep_punctuation_with_math(output: str) -> str:
    """Wrap each inline formula and the punctuation against it in one unbreakable span.

    ``white-space: nowrap`` on the span (``equations.css``) keeps "$y$," on one line; the
    formula itself can still wrap inside, where Temml's stylesheet lets it.
    """

    def glue(match: re.Match[str]) -> str:
        before, formula, after = match.groups()
        if not (before or after):
            return formula
        return f'<span class="math-glued">{before}{formula}{after}</span>'

    return GLUED_RE.sub(glue, output)


def math_characters(output: str) -> set[str]:
    """Every character of every formula in a page (MathML text, entities decoded)."""
    return {c for m in MATH_RE.finditer(output) for c in html.unescape(TAG_RE.sub("", m.group(0)))}


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


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    MATH_TEXT.update(math_characters(output))
    PAGES_SEEN.add(page.file.src_uri)
    return keep_punctuation_with_math(preload_font(output, page))


def on_post_build(config: MkDocsConfig) -> None:
    target = Path(config.site_dir) / ASSET_DIR / MATH_FONT
    if PAGES <= PAGES_SEEN:
        subset_math_font(MATH_TEXT, FONT_SOURCE, target)
    else:
        # A build that skipped pages (``mkdocs build --dirty``, ``mkdocs serve --dirty``)
        # does not know their characters: the whole font, then.
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(FONT_SOURCE, target)
    sm.RENDERER.close()


def on_shutdown() -> None:
    sm.RENDERER.close()
