"""The TeX of inline formulas, for the reader who asks for it (issue 12: "Copy TeX").

Display equations carry their TeX in their MathML from the start (``tex.py``). Inline ones
do not: a page has hundreds, and their TeX would weigh a tenth of the page. Instead:

* while typesetting, each inline ``<math>`` gets its TeX source in ``data-tex``
  (``equations.py``), so that the pages made of other pages (the handout, the notes, the
  sheets) keep it too;
* on the finished page, ``take`` removes those attributes, in document order, and the build
  writes them to a file beside the page (``sidecar``: ``index.tex.json`` for
  ``derivation/index.html``), named in ``<meta name="mathproofs-inline-tex">``;
* ``docs/javascripts/equation-links.js`` offers "TeX of the inline formulas" under "Cite this
  page": on a click it fetches that file and puts each formula's TeX in its MathML, as an
  annotation; then copying a passage gives its formulas as ``$...$``.

Nothing is fetched before the click, so the page weighs what it did.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath

from mathproofs_site import PageError
from mathproofs_site import html as h

ATTRIBUTE = "data-tex"
META_NAME = "mathproofs-inline-tex"
SUFFIX = ".tex.json"


def inline_maths(root: h.Node) -> list[h.Node]:
    """The inline ``<math>`` elements under ``root``, in document order."""
    return [m for m in root.css("math") if m.attributes.get("display") != "block"]


def mark(root: h.Node, sources: list[str], where: str) -> None:
    """Give the inline formulas just typeset (all of ``root``'s) their TeX, in order."""
    found = inline_maths(root)
    if len(found) != len(sources):
        raise PageError(
            f"{where}: {len(found)} inline formulas in the page, {len(sources)} typeset"
        )
    for math, tex in zip(found, sources, strict=True):
        math.attrs[ATTRIBUTE] = tex


def take(root: h.Node) -> list[str]:
    """The TeX of every inline formula of a finished page, in order, attributes removed.

    A formula without one (none is expected) stands as an empty string, so that the
    positions still match the page's formulas."""
    texts = []
    for math in inline_maths(root):
        texts.append(math.attributes.get(ATTRIBUTE) or "")
        if ATTRIBUTE in math.attributes:
            del math.attrs[ATTRIBUTE]
    return texts


def sidecar(dest_uri: str) -> str:
    """Where a page's inline TeX goes, beside its HTML: ``a/index.html`` -> ``a/index.tex.json``."""
    path = PurePosixPath(dest_uri)
    return str(path.with_name(path.stem + SUFFIX))


def sidecar_json(texts: list[str]) -> str:
    return json.dumps({"tex": texts}, ensure_ascii=False, separators=(",", ":")) + "\n"


def name_sidecar(tree: h.Tree, dest_uri: str) -> None:
    """``<meta name="mathproofs-inline-tex" content="index.tex.json">``: relative to the page."""
    head = h.head(tree)
    if head is None:
        return
    h.append_html(
        head, h.markup("meta", name=META_NAME, content=PurePosixPath(sidecar(dest_uri)).name)
    )
