"""One parsed tree per page: parse with an HTML5 parser, change the tree, serialize once.

selectolax's Lexbor parser builds the tree a browser would (MathML and SVG as foreign
content, attributes intact). Markup the build adds is written as text with every value
escaped (``markup``) and parsed into the tree in place (``replace_with_html`` and the
like), so nothing is ever found again in serialized HTML.
"""

from __future__ import annotations

import html as html_lib
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

Tree = LexborHTMLParser
Node = LexborNode

# The HTML parser drops a newline right after the start tag of these; serializing must
# write one back, or a first line that is empty would be lost.
NEWLINE_ELEMENTS = ("pre", "textarea", "listing")
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"})
BODY_START = "<!DOCTYPE html><html><head></head><body>"


def parse_document(page: str) -> Tree:
    """A whole page, ``<!doctype html>`` to ``</html>``."""
    return LexborHTMLParser(page)


def parse_content(content: str) -> Tree:
    """A page's content (what MkDocs puts in ``<article>``), parsed as a body.

    The body is explicit, so a ``<style>`` or ``<script>`` at the start stays in it, and
    a stray end tag cannot end it: every node of ``content`` is in ``body(tree)``.
    """
    return LexborHTMLParser(BODY_START + content)


def body(tree: Tree) -> Node:
    node = tree.body
    assert node is not None, "a parsed page always has a body"
    return node


def head(tree: Tree) -> Node | None:
    return tree.head


def _keep_leading_newlines(root: Node) -> None:
    for name in NEWLINE_ELEMENTS:
        for node in root.css(name):
            first = node.first_child
            if first is not None and first.is_text_node and (first.text_content or "")[:1] == "\n":
                first.replace_with("\n" + (first.text_content or ""))


def serialize_content(tree: Tree) -> str:
    """The content again, as MkDocs expects it: the body's children."""
    root = body(tree)
    _keep_leading_newlines(root)
    return root.inner_html or ""


def serialize_document(tree: Tree) -> str:
    root = tree.root
    assert root is not None, "a parsed page always has a root element"
    _keep_leading_newlines(root)
    return "<!doctype html>\n" + (root.html or "")


def markup(tag: str, inner: str = "", /, **attributes: str | None) -> str:
    """``<tag attributes>inner</tag>``: ``inner`` is markup (``escape`` any text in it),
    every attribute value is escaped. An attribute whose value is None is written bare
    (``data-search-exclude``); a trailing ``_`` in a name is dropped (``class_``), and ``_``
    inside it becomes ``-`` (``aria_label``)."""
    parts = [tag]
    for name, value in attributes.items():
        name = name.rstrip("_").replace("_", "-")
        parts.append(name if value is None else f'{name}="{html_lib.escape(value, quote=True)}"')
    if tag in VOID:
        assert not inner, f"<{tag}> is a void element"
        return f"<{' '.join(parts)}>"
    return f"<{' '.join(parts)}>{inner}</{tag}>"


def escape(text: str) -> str:
    return html_lib.escape(text, quote=False)


def _parsed(context: Node, html: str) -> list[Node]:
    """``html`` parsed as the children of an element like ``context``'s parent."""
    holder = context.parser.create_node("div")
    holder.inner_html = html
    return list(holder.iter(include_text=True))


def replace_with_html(node: Node, html: str) -> None:
    """Put the nodes ``html`` describes where ``node`` is."""
    for new in _parsed(node, html):
        node.insert_before(new, move=True)
    node.decompose()


def insert_html_after(node: Node, html: str) -> None:
    for new in reversed(_parsed(node, html)):
        node.insert_after(new, move=True)


def insert_html_before(node: Node, html: str) -> None:
    for new in _parsed(node, html):
        node.insert_before(new, move=True)


def append_html(node: Node, html: str) -> None:
    for new in _parsed(node, html):
        node.insert_child(new, move=True)


def classes(node: Node) -> list[str]:
    return (node.attributes.get("class") or "").split()


def text_nodes(root: Node, skip: tuple[str, ...] = ()) -> Iterator[Node]:
    """Every text node under ``root``, in document order, except those inside a ``skip``
    element. The list is taken first: the caller may replace the nodes it gets."""
    found: list[Node] = []
    for node in root.traverse(include_text=True):
        if not node.is_text_node:
            continue
        parent = node.parent
        inside = False
        while parent is not None and parent.mem_id != root.mem_id:
            if parent.tag in skip:
                inside = True
                break
            parent = parent.parent
        if not inside:
            found.append(node)
    yield from found


def element_children(node: Node) -> list[Node]:
    return [child for child in node.iter() if child.is_element_node]
