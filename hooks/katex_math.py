"""MkDocs hook: typeset every formula at build time with KaTeX, and number the equations.

Why at build time: a reader's browser then runs no math engine at all; it only loads
KaTeX's stylesheet and fonts, which this site serves itself (no CDN, no third party).

What it does, page by page:

* ``pymdownx.arithmatex`` (``generic: true``) leaves ``\\(...\\)`` and ``\\[...\\]`` in
  the HTML. Each formula is rendered to HTML + MathML by KaTeX in one long-lived Node
  process (``hooks/site_math.py``, shared with ``hooks/notebook_math.py``). A formula
  KaTeX cannot parse fails the build.
* Every display equation must carry ``\\label{eq-...}``. The label becomes the anchor
  ``#eq-...`` (named for its meaning, so links survive renumbering) and the equation gets
  a number ``(<prefix><k>)``, where the prefix comes from the page's front matter
  (``equation_prefix: "D"``) and ``k`` counts the page's equations in order.
* An empty Markdown link to an equation, ``[](#eq-dl-dy)`` or ``[](proofs/proof-1.md#eq-x)``,
  is filled with that equation's number, on every page (notebook pages too) and for every
  equation (notebook equations too: the registry is ``site_math.EQUATIONS``).
* KaTeX's stylesheet and fonts are copied from ``node_modules/katex/dist`` (installed from
  npm by ``make install``) into ``assets/katex/``.
* Each page with math gets ``<link rel="preload" as="font">`` for the KaTeX fonts its
  formulas use (read from KaTeX's class names), so they arrive while the HTML is still
  being parsed, before the first layout, instead of after it (which costs a second style
  and layout pass over the whole page when they arrive). ``bench/typeset_bench.py`` measures it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path, PurePosixPath

import site_math as sm  # MkDocs puts hooks/ on sys.path while it loads a hook
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

ROOT = Path(__file__).resolve().parent.parent
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"
ASSET_DIR = PurePosixPath("assets/katex")

DISPLAY_RE = re.compile(r'<div class="arithmatex">\\\[(.*?)\\\]</div>', re.DOTALL)
INLINE_RE = re.compile(r'<span class="arithmatex">\\\((.*?)\\\)</span>', re.DOTALL)
CLASS_RE = re.compile(r'class="([^"]*)"')

# KaTeX's class names -> the woff2 font each one selects (katex.min.css, KaTeX 0.19). Only
# fonts that such a class certainly draws glyphs with: a preloaded font that is not used
# costs bytes and a console warning. A font missing here still loads, just later.
FONT_CLASSES: dict[str, tuple[str, ...]] = {
    "Main-Regular": ("katex",),
    "Math-Italic": ("mathnormal",),
    "Main-Bold": ("mathbf",),
    "Main-Italic": ("mathit",),
    "Math-BoldItalic": ("boldsymbol",),
    "AMS-Regular": ("amsrm", "mathbb", "textbb"),
    "Caligraphic-Regular": ("mathcal",),
    "Size1-Regular": ("small-op", "delim-size1"),
    "Size2-Regular": ("large-op",),
    "Size4-Regular": ("delim-size4",),
}
# ``delimsizing size<n>``: a sized delimiter in KaTeX_Size<n>.
SIZED_DELIM_RE = re.compile(r"\bdelimsizing size([1-4])\b")


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
        for k, anchor in enumerate(labels, start=1):
            sm.register(anchor, f"{meta['equation_prefix']}{k}", file.src_uri)


# ---------------------------------------------------------------- MkDocs events


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not (KATEX_DIST / "katex.min.css").is_file():
        raise PluginError(f"KaTeX is not installed at {KATEX_DIST}: run `make install`")
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path in [KATEX_DIST / "katex.min.css", *sorted((KATEX_DIST / "fonts").iterdir())]:
        rel = path.relative_to(KATEX_DIST).as_posix()
        files.append(File.generated(config, str(ASSET_DIR / rel), abs_src_path=str(path)))
    # First of the math hooks in mkdocs.yml: a new build starts a new registry.
    sm.EQUATIONS.clear()
    register_equations(files)
    return files


def render_math(content: str, page: Page) -> str:
    """Replace arithmatex placeholders with KaTeX HTML and number display equations."""
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


def fonts_used(output: str) -> list[str]:
    """The KaTeX woff2 fonts a page's formulas draw with, from their class names."""
    if 'class="katex"' not in output:
        return []
    classes = {c for m in CLASS_RE.finditer(output) for c in m.group(1).split()}
    fonts = {font for font, names in FONT_CLASSES.items() if classes.intersection(names)}
    fonts |= {f"Size{n}-Regular" for n in SIZED_DELIM_RE.findall(output)}
    return sorted(fonts)


def preload_fonts(output: str, page: Page) -> str:
    """Preload the page's KaTeX fonts, before the first stylesheet (see the module doc)."""
    hrefs = [
        get_relative_url(f"{ASSET_DIR}/fonts/KaTeX_{font}.woff2", page.url)
        for font in fonts_used(output)
    ]
    links = "".join(
        f'<link rel="preload" href="{href}" as="font" type="font/woff2" crossorigin>'
        for href in hrefs
    )
    return output.replace('<link rel="stylesheet"', links + '<link rel="stylesheet"', 1)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return preload_fonts(output, page)


def on_post_build(config: MkDocsConfig) -> None:
    sm.RENDERER.close()


def on_shutdown() -> None:
    sm.RENDERER.close()
