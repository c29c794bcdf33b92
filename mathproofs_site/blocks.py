"""A Markdown page's Python blocks in its HTML: each gets its anchor from the registry, and
the summary of the check box around it names, by number, the equations it claims.

The registry read the blocks from the page's source; here they are found again in the
page's tree, in the same order (``pymdownx.highlight`` writes ``language-python`` on each),
and a different count fails the build: the map could not link to them.
"""

from __future__ import annotations

from collections.abc import Sequence

from mathproofs_site import PageError
from mathproofs_site import html as h
from mathproofs_site.registry import Block

PYTHON_CLASSES = frozenset({"language-python", "language-py", "language-python3"})


def python_blocks(root: h.Node) -> list[h.Node]:
    """The Python code blocks of a page's content, in order."""
    return [n for n in root.css("div.highlight") if PYTHON_CLASSES & set(h.classes(n))]


def mark_blocks(
    root: h.Node, blocks: Sequence[Block], numbers: dict[str, str], where: str
) -> list[str]:
    """Give each Python block its anchor and its box's summary the numbers it claims;
    return the anchors."""
    found = python_blocks(root)
    if len(found) != len(blocks):
        raise PageError(
            f"{where}: {len(blocks)} Python blocks in the source, {len(found)} in the "
            "HTML; the verification map cannot link to them"
        )
    for node, block in zip(found, blocks, strict=True):
        node.attrs["id"] = block.anchor
        summary = _summary_before(node)
        claimed = ", ".join(numbers[a] for a in block.anchors if a in numbers)
        if summary is not None and claimed:
            h.append_html(
                summary, " " + h.markup("span", f"({h.escape(claimed)})", class_="check-claims")
            )
    return [block.anchor for block in blocks]


def _summary_before(node: h.Node) -> h.Node | None:
    """The ``<summary>`` right before a block (only white space between), if any.

    The block's first line names the equations by anchor (``# checks: eq-...``); the
    reader sees numbers, so the one-line summary of a ``???`` box ends with them:
    "... (D13, D15)".
    """
    previous = node.prev
    while previous is not None and previous.is_text_node:
        if (previous.text_content or "").strip():
            return None
        previous = previous.prev
    return previous if previous is not None and previous.tag == "summary" else None
