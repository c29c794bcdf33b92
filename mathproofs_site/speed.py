"""Page-speed fixes: keep Material's start-up work on a page from restyling the whole page.

Each fix is an option of the plugin (``speed:`` in ``mkdocs.yml``, all on by default), so a
benchmark can build the site with any of them off; "How this site is built" gives what
each one buys, measured on the derivation page (some 11,000 elements of typeset math and
code, where every whole-document restyle costs 40-60 ms), with Material 9.8.1.

* **styles.** With ``navigation.instant``, Material's bundle rewrites the ``href`` of every
  element in the document to an absolute URL when it starts, unless the URL is already
  absolute (``//`` or ``scheme://``). For a ``<link rel="stylesheet">`` a new ``href`` means
  a new style sheet: Chromium reloads it and restyles everything, once per sheet. Here the
  page's style sheets are imported, in their order, from one ``<style>`` element instead.
  Its ``@import`` URLs are the links' own, relative to the page (an inline style sheet
  resolves them against the document's URL, as a link's ``href``), so the site works
  under any path and from disk. The element is the same on every page at the same depth
  (``derivation/``, ``api/``), and Material's instant navigation keeps it between them; to a
  page at another depth (``proofs/proof-1/``) its text differs, and instant navigation
  swaps it for the new page's, once (Material appends the new head elements first, then
  removes those the new page lacks; the new URLs resolve against the new address, pushed
  before the page is fetched; the sheets come from the browser's cache).
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
The other start-up fixes live where the work happens: ``overrides/``.
"""

from __future__ import annotations

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


# Token classes Material draws in the code's own colour, or not at all.
UNSTYLED_TOKEN_CLASSES = ("n", "kc", "w")
# Token classes that share one colour (punctuation and operators).
SHARED_COLOUR_CLASSES = ("p", "o", "ow")


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


def site_root(site_url: str) -> str:
    """The path of ``site_url`` (``/mathproofs/``): where the site is published.

    The pages do not depend on it (every URL they load is relative to the page);
    ``import_stylesheets`` still takes it from the plugin, and ignores it.
    """
    path = urlsplit(site_url).path or "/"
    return path if path.endswith("/") else path + "/"


def import_stylesheets(tree: h.Tree, page_url: str, root: str | None = None) -> None:
    """Replace the head's style sheet links by one ``<style>`` that imports them in order,
    by the links' own URLs (relative to the page, as MkDocs writes them). ``root`` is
    not used: no URL of the page names the path the site is served under."""
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
    urls = [link.attributes["href"] or "" for link in links]
    if any(c in url for url in urls for c in '"\\\n<'):
        raise PageError(f"{where}: a style sheet URL cannot go in CSS: {urls}")
    imports = "".join(f'@import url("{url}");' for url in urls)
    h.insert_html_before(links[0], h.markup("style", imports, data_site_styles=None))
    for link in links:
        link.decompose()
