"""Page-speed fixes: keep Material's start-up work on a page from restyling the whole page.

Each fix is an option of the plugin (``speed:`` in ``mkdocs.yml``, all on by default), so a
benchmark can build the site with any of them off; "How this site is built" gives what
each one buys, measured on the derivation page (some 11,000 elements of typeset math and
code, where every whole-document restyle costs 40-60 ms), with Material 9.8.1.

* **styles.** With ``navigation.instant``, Material's bundle rewrites the ``href`` of every
  element in the document to an absolute URL when it starts, unless the URL is already
  absolute (``//`` or ``scheme://``). For a ``<link rel="stylesheet">`` a new ``href`` means
  a new style sheet: Chromium reloads it and restyles everything, once per sheet. Here the
  page's style sheets are imported, in their order, from one ``<style>`` element instead,
  with URLs from the site root (the path of ``site_url``), so the element is the same on
  every page and Material's instant navigation keeps it when it swaps pages.
* **tables.** Material wraps each plain ``<table>`` of the content in its scroll wrapper
  (``table.replaceWith(wrapper)``). Chromium's own style sheet has ``:nth-child`` rules
  (for MathML's ``mmultiscripts``), so inserting a node among the article's children
  restyles the whole article. Each such table gets a parent of its own at build time, so
  the insertion happens inside it.
* **code_tokens.** Pygments wraps every token of a code block in a ``<span>``. Material
  draws names (``n``, ``kc``) in the code's own colour and gives no style to whitespace
  (``w``), so those elements change nothing on screen and are unwrapped; punctuation and
  operators (``p``, ``o``, ``ow``) share one colour, so a run of them needs one element.
  ``tests/test_page_speed.py`` reads Material's style sheets to check that the colours
  really are shared.
* **copy_buttons.** With ``content.code.copy``, Material inserts each code block's copy
  button when the page starts, and measures the block after each insertion: one forced
  layout per code block. The buttons are written at build time instead, in Material's
  markup (``md-code__nav`` / ``md-code__button``) with ``data-clipboard-target``; Material's
  clipboard handler copies on click and shows its "Copied to clipboard" notice. The button
  targets the id Material gives each block's ``<pre>`` when it starts, ``__code_`` + the id
  of the block, so every block gets an id. With the fix off, the plugin turns Material's
  ``content.code.copy`` on, so the page keeps its buttons.

The other start-up fixes live where the work happens: ``overrides/``.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c

from mathproofs_site import PageError
from mathproofs_site import html as h


class SpeedConfig(base.Config):
    """Which page-speed fixes a build applies (the ``speed:`` options)."""

    styles = c.Type(bool, default=True)
    tables = c.Type(bool, default=True)
    code_tokens = c.Type(bool, default=True)
    copy_buttons = c.Type(bool, default=True)


# Token classes Material draws in the code's own colour, or not at all.
UNSTYLED_TOKEN_CLASSES = ("n", "kc", "w")
# Token classes that share one colour (punctuation and operators).
SHARED_COLOUR_CLASSES = ("p", "o", "ow")
# Material's "clipboard.copy" text in English (theme language: en).
COPY_TITLE = "Copy to clipboard"


# ---------------------------------------------------------------- the content


def host_tables(root: h.Node) -> None:
    """Give every plain table (Material wraps ``table:not([class])``) a parent of its own."""
    for table in root.css("table"):
        if "class" not in table.attributes:
            h.replace_with_html(table, h.markup("div", table.html or "", class_="table-host"))


def _token(node: h.Node, classes: tuple[str, ...]) -> bool:
    """A flat token of Pygments: ``<span class="X">text</span>``, X one of ``classes``."""
    return (
        node.tag == "span"
        and node.attributes == {"class": node.attributes.get("class")}
        and node.attributes.get("class") in classes
        and all(child.is_text_node for child in node.iter(include_text=True))
    )


def _highlighted_code(root: h.Node) -> list[h.Node]:
    """The ``<code>`` of each block pymdownx.highlight writes:
    ``<div class="language-X highlight"><pre><span></span><code>``."""
    found = []
    for block in root.css("div.highlight"):
        names = h.classes(block)
        if len(names) != 2 or not names[0].startswith("language-") or names[1] != "highlight":
            continue
        pre = block.first_child
        if pre is None or pre.tag != "pre" or pre.attributes:
            continue
        children = list(pre.iter(include_text=True))
        if len(children) == 2 and children[0].tag == "span" and children[0].first_child is None:
            if children[1].tag == "code" and not children[1].attributes:
                found.append(children[1])
    return found


def lean_code(root: h.Node) -> None:
    """Drop the token elements of code blocks that change nothing on screen."""
    for code in _highlighted_code(root):
        for token in list(code.iter(include_text=True)):
            if _token(token, UNSTYLED_TOKEN_CLASSES):
                text = token.text() or ""
                if text:
                    token.replace_with(text)
                else:
                    token.decompose()
        run: list[h.Node] = []  # shared-colour tokens and the spaces between them
        for node in [*code.iter(include_text=True), None]:
            if node is not None and _token(node, SHARED_COLOUR_CLASSES):
                run.append(node)
                continue
            if (
                node is not None
                and run
                and node.is_text_node
                and not (node.text_content or "").strip(" ")
            ):
                run.append(node)
                continue
            _merge(run)
            run = []


def _merge(run: list[h.Node]) -> None:
    """One element for a run of shared-colour tokens (spaces between them included)."""
    while run and run[-1].is_text_node:
        run.pop()
    if sum(not node.is_text_node for node in run) < 2:
        return
    text = "".join((node.text_content if node.is_text_node else node.text()) or "" for node in run)
    h.replace_with_html(run[0], h.markup("span", h.escape(text), class_=SHARED_COLOUR_CLASSES[0]))
    for node in run[1:]:
        node.decompose()


# ---------------------------------------------------------------- the whole page


def copy_buttons(tree: h.Tree, where: str) -> None:
    """Write each code block's copy button, as Material would add it when the page starts.

    Every ``<pre><code>`` must be the first child of a ``<div>``: the button names the id
    Material gives the ``<pre>``, which it derives from the nearest ancestor with an id.
    """
    root = h.body(tree)
    blocks = []
    for pre in root.css("pre"):
        children = h.element_children(pre)
        if children and children[0].tag == "span" and children[0].first_child is None:
            children = children[1:]
        if children and children[0].tag == "code":
            blocks.append((pre, children[0]))
    written = 0
    unnamed = 0
    for pre, code in blocks:
        block = pre.parent
        if block is None or block.tag != "div" or not h.classes(block) or block.first_child is None:
            continue
        if block.first_child.mem_id != pre.mem_id:
            continue
        ident = block.attributes.get("id")
        if not ident:
            unnamed += 1
            ident = f"code-{unnamed}"
            if tree.css_first(f'[id="{ident}"]') is not None:
                raise PageError(f"{where}: id {ident!r} exists; cannot name a code block by it")
            block.attrs["id"] = ident
        button = h.markup(
            "button",
            class_="md-code__button",
            title=COPY_TITLE,
            data_clipboard_target=f"#__code_{ident} > code",
            data_md_type="copy",
        )
        h.insert_html_before(code, h.markup("nav", button, class_="md-code__nav"))
        written += 1
    if written != len(blocks):
        raise PageError(
            f"{where}: {len(blocks)} code blocks, {written} copy buttons: a <pre><code> that "
            "is not the first child of a <div> gets no button"
        )


def site_root(site_url: str) -> str:
    """The path the site is served under, from ``site_url``: ``/mathproofs/``.

    The style sheets are imported by paths from this root, so the built site works only
    when served there (not from ``file://``, not under another path): ``site_url`` must
    say where the site is published.
    """
    if not site_url:
        raise PageError("the styles fix needs site_url: style sheets load from its path")
    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


def root_relative(href: str, page_url: str, root: str) -> str:
    """``href`` as written on the page at ``page_url``, as a path from the server root."""
    if urlsplit(href).scheme or href.startswith(("/", "#")):
        return href
    return posixpath.normpath(posixpath.join(root, posixpath.dirname(page_url), href))


def import_stylesheets(tree: h.Tree, page_url: str, root: str) -> None:
    """Replace the head's style sheet links by one ``<style>`` that imports them in order."""
    where = page_url or "index"
    head = h.head(tree)
    if head is None:
        raise PageError(f"{where}: no <head> to take style sheets from")
    links = [
        link
        for link in head.css("link")
        if set(link.attributes) == {"rel", "href"} and link.attributes["rel"] == "stylesheet"
    ]
    if not links:
        return
    urls = [root_relative(link.attributes["href"] or "", page_url, root) for link in links]
    if any(c in url for url in urls for c in '"\\\n<'):
        raise PageError(f"{where}: a style sheet URL cannot go in CSS: {urls}")
    imports = "".join(f'@import url("{url}");' for url in urls)
    h.insert_html_before(links[0], h.markup("style", imports, data_site_styles=None))
    for link in links:
        link.decompose()
