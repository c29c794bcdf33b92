"""A page's math: every formula typeset, every display equation numbered and linked.

On a page's content tree:

* ``typeset_markdown``: ``pymdownx.arithmatex`` (``generic: true``) leaves ``\\(...\\)`` and
  ``\\[...\\]`` in ``.arithmatex`` elements; each becomes Temml's MathML.
* ``typeset_notebook``: nbconvert leaves the math of a notebook's Markdown cells as text,
  ``$...$`` and paragraphs of ``$$...$$``; each becomes MathML too, and a ``$`` left over
  fails the build. Code (``<pre>``, ``<code>``) is left alone; any markup in a cell, a
  ``<div>`` included, is walked like the rest.
* Every display equation carries one ``\\label``: it becomes a numbered equation
  (``equation_markup``): the formula, its number linking to its anchor, the ✓ link to its
  row in the verification map when a block checks it, a button copying its link, and the
  post's number when the post has the same equation. All of it comes from the registry.
* ``fill_equation_links``: an empty link ``[](#eq-...)`` gets the equation's number.

On the whole page (``keep_punctuation_with_math``): an inline formula and the punctuation
written against it ("$y$,") are kept on one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from mathproofs_site import PageError, inline_tex
from mathproofs_site import html as h
from mathproofs_site.operators import keep_binary_operators_text_size
from mathproofs_site.registry import Equation, Registry
from mathproofs_site.tex import MathRenderer, split_label
from mathproofs_site.verification_map import row_anchor

LINK_ICON = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true" '
    'focusable="false" width="16" height="16"><path fill="currentColor" d="M10.59 13.41c.41.39'
    ".41 1.03 0 1.42-.39.39-1.03.39-1.42 0a5.003 5.003 0 0 1 0-7.07l3.54-3.54a5.003 5.003 0 0 1 "
    "7.07 0 5.003 5.003 0 0 1 0 7.07l-1.49 1.49c.01-.82-.12-1.64-.4-2.42l.47-.48a2.982 2.982 0 0 "
    "0 0-4.24 2.982 2.982 0 0 0-4.24 0l-3.53 3.53a2.982 2.982 0 0 0 0 4.24m2.82-4.24c.39-.39 1.03"
    "-.39 1.42 0a5.003 5.003 0 0 1 0 7.07l-3.54 3.54a5.003 5.003 0 0 1-7.07 0 5.003 5.003 0 0 1 "
    "0-7.07l1.49-1.49c-.01.82.12 1.64.4 2.43l-.47.47a2.982 2.982 0 0 0 0 4.24 2.982 2.982 0 0 0 "
    '4.24 0l3.53-3.53a2.982 2.982 0 0 0 0-4.24.973.973 0 0 1 0-1.42Z"/></svg>'
)
# A notebook's Markdown cell as nbconvert writes it, and its math.
MARKDOWN_CELL = "div.jp-RenderedMarkdown"
DISPLAY_RE = re.compile(r"\s*\$\$(.+)\$\$\s*", re.DOTALL)
INLINE_RE = re.compile(r"\$(.+?)\$", re.DOTALL)
NOT_PROSE = ("pre", "code", "math", "script", "style")
# Punctuation, a bracket or a possessive written against an inline formula: "$y$,", "($x$",
# "$M$'s". Browsers break lines on either side of an inline <math> (an atomic inline box),
# even before a comma or after an opening bracket, and a word joiner does not stop them.
OPENING = "(["
AFTER_RE = re.compile(r"(?:['\u2019]s\b)?[,.;:!?)\]]*")
# Temml follows an operator name with a thin space for its argument, also when there is
# none: "$\operatorname{vec}$," would show as "vec ,". TeX adds no space there.
FUNCTION_APPLICATION = "\u2061"
THIN_SPACE = "0.1667em"


@dataclass(frozen=True)
class PageMath:
    """What typesetting a page needs: its place in the site and the site's registry."""

    src_uri: str
    canonical_url: str  # where the page is published: copy-link buttons copy this + #anchor
    map_href: str  # the verification map, relative to the page
    registry: Registry
    renderer: MathRenderer


# ---------------------------------------------------------------- one equation


def equation_markup(equation: Equation, mathml: str, page: PageMath) -> str:
    """A numbered display equation: the formula, then its tools (number, ✓, copy-link
    button, post's number) in one box, which moves under a formula too wide to share a line."""
    anchor, number = equation.anchor, equation.number
    parts = [
        h.markup(
            "a",
            f"({h.escape(number)})",
            class_="equation-number",
            href=f"#{anchor}",
            title=f"Link to equation ({number}): #{anchor}",
        ),
    ]
    kinds = page.registry.kinds_for(anchor)
    if kinds:
        title = f"Checked ({', '.join(kinds)}): see the verification map"
        parts.append(
            h.markup(
                "a",
                "✓",
                class_="equation-check",
                href=f"{page.map_href}#{row_anchor(anchor)}",
                title=title,
                aria_label=title,
                data_search_exclude=None,
            )
        )
    label = f"Copy link to equation ({number})"
    parts.append(
        h.markup(
            "button",
            LINK_ICON,
            type="button",
            class_="equation-copy",
            data_url=f"{page.canonical_url}#{anchor}",
            title=label,
            aria_label=label,
        )
    )
    if equation.post_number:
        parts.append(
            h.markup(
                "span",
                f"post ({h.escape(equation.post_number)})",
                class_="equation-post",
                title=f"Equation ({equation.post_number}) of the post, counting its display "
                "equations in order",
                data_search_exclude=None,
            )
        )
    tools = h.markup("span", "".join(parts), class_="equation-tools")
    body = h.markup("div", mathml, class_="equation-body")
    # On paper (print CSS): the anchor's address, short enough to type.
    link = short_address(f"{page.canonical_url}#{anchor}")
    return h.markup("div", body + tools, class_="equation", id=anchor, data_print_link=link)


def short_address(url: str) -> str:
    """A URL as a reader types it: host, path and fragment, no scheme (browsers add it)."""
    parts = urlsplit(url)
    if not parts.netloc:
        return url
    return parts.netloc + parts.path + (f"#{parts.fragment}" if parts.fragment else "")


def _equation(anchor: str, page: PageMath) -> Equation:
    equation = page.registry.equations.get(anchor)
    if equation is None or equation.src_uri != page.src_uri:
        raise PageError(f"{page.src_uri}: equation {anchor!r} is not in the page's source")
    return equation


# ---------------------------------------------------------------- typesetting


def _delimited(node: h.Node, opening: str, closing: str, where: str) -> str:
    text = (node.text(deep=True) or "").strip()
    if not (text.startswith(opening) and text.endswith(closing)):
        raise PageError(f"{where}: arithmatex wrote {text!r}, not {opening}...{closing}")
    return text[len(opening) : -len(closing)]


def _typeset(
    root: h.Node,
    displays: list[tuple[h.Node, str]],
    inlines: list[tuple[h.Node, list[str]]],
    page: PageMath,
) -> list[str]:
    """Render every formula of a page in one batch and put the MathML in place.

    ``displays``: (node to replace, TeX with its label); ``inlines``: (node to replace,
    pieces), where the pieces alternate prose and TeX (prose first, as ``re.split`` gives
    them). Returns the anchors of the display equations, in order.
    """
    where = page.src_uri
    labelled = [split_label(tex, where) for _, tex in displays]
    formulas = [(body, True) for _, body in labelled]
    formulas += [(tex, False) for _, pieces in inlines for tex in pieces[1::2]]
    rendered = iter(page.renderer.render(formulas, where))
    for (node, _), (anchor, _) in zip(displays, labelled, strict=True):
        h.replace_with_html(node, equation_markup(_equation(anchor, page), next(rendered), page))
    for node, pieces in inlines:
        html = "".join(
            next(rendered) if k % 2 else h.escape(piece) for k, piece in enumerate(pieces)
        )
        h.replace_with_html(node, html)
    inline_tex.mark(root, [tex for _, pieces in inlines for tex in pieces[1::2]], where)
    trim_operator_space(root)
    keep_binary_operators_text_size(root)  # ⊗, ⊕ never large, in Firefox too
    return [anchor for anchor, _ in labelled]


def typeset_markdown(root: h.Node, page: PageMath) -> list[str]:
    """A Markdown page's formulas (arithmatex's placeholders) as MathML; its equations'
    anchors, in order."""
    where = page.src_uri
    displays = [(n, _delimited(n, "\\[", "\\]", where)) for n in root.css("div.arithmatex")]
    inlines = [
        (n, ["", _delimited(n, "\\(", "\\)", where), ""]) for n in root.css("span.arithmatex")
    ]
    return _typeset(root, displays, inlines, page)


def typeset_notebook(root: h.Node, page: PageMath) -> list[str]:
    """A notebook page's formulas (the ``$`` math of its Markdown cells) as MathML."""
    displays: list[tuple[h.Node, str]] = []
    inlines: list[tuple[h.Node, list[str]]] = []
    for cell in root.css(MARKDOWN_CELL):
        taken: set[int] = set()
        for paragraph in cell.css("p"):
            children = list(paragraph.iter(include_text=True))
            if len(children) == 1 and children[0].is_text_node:
                match = DISPLAY_RE.fullmatch(children[0].text_content or "")
                if match:
                    displays.append((paragraph, match[1]))
                    taken.add(children[0].mem_id)
        for text in h.text_nodes(cell, skip=NOT_PROSE):
            if text.mem_id in taken:
                continue
            pieces = INLINE_RE.split(text.text_content or "")
            prose = "".join(pieces[0::2])
            if "$" in prose:
                raise PageError(
                    f"{page.src_uri}: unmatched '$' in a Markdown cell: {text.text_content!r}"
                )
            if len(pieces) > 1:
                inlines.append((text, pieces))
    return _typeset(root, displays, inlines, page)


def trim_operator_space(root: h.Node) -> None:
    """Drop the thin space after an operator name that ends a formula."""
    for math in root.css("math"):
        rows = h.element_children(math)
        if rows and rows[0].tag == "semantics":  # annotated (a display): the drawn part
            rows = h.element_children(rows[0])[:1]
        if not rows or rows[-1].tag != "mrow":
            continue
        last = h.element_children(rows[-1])[-2:]
        if (
            len(last) == 2
            and last[0].tag == "mo"
            and (last[0].text(deep=True) or "") == FUNCTION_APPLICATION
            and last[1].tag == "mspace"
            and last[1].attributes == {"width": THIN_SPACE}
            and last[1].next is None
        ):
            last[1].decompose()


# ---------------------------------------------------------------- links and lines


def fill_equation_links(root: h.Node, registry: Registry, where: str) -> None:
    """Give every empty link to an equation that equation's number as its text."""
    for link in root.css("a[href]"):
        href = link.attributes.get("href") or ""
        anchor = href.partition("#")[2]
        if link.first_child is not None or not anchor.startswith("eq-"):
            continue
        equation = registry.equations.get(anchor)
        if equation is None:
            raise PageError(f"{where}: link to unknown equation #{anchor}")
        # Anchors are unique site-wide, and MkDocs' strict anchor validation checks that
        # the linked page really holds this anchor.
        number = f"({h.escape(equation.number)})"
        h.replace_with_html(link, h.markup("a", number, class_="equation-ref", href=href))


def keep_punctuation_with_math(root: h.Node) -> None:
    """Wrap each inline formula and the punctuation against it in one unbreakable span.

    ``white-space: nowrap`` on the span (``equations.css``) keeps "$y$," on one line; the
    formula itself can still wrap inside, where Temml's stylesheet lets it.
    """
    for math in root.css("math"):
        if math.attributes.get("display") == "block":
            continue
        before, after = math.prev, math.next
        opening = ""
        if before is not None and before.is_text_node:
            opening = (before.text_content or "")[-1:]
            opening = opening if opening and opening in OPENING else ""
        closing = ""
        if after is not None and after.is_text_node:
            found = AFTER_RE.match(after.text_content or "")
            closing = found[0] if found else ""
        if not (opening or closing):
            continue
        span = math.parser.create_node("span")
        span.attrs["class"] = "math-glued"
        math.insert_before(span, move=True)
        if opening and before is not None:
            _set_text(before, (before.text_content or "")[:-1])
            span.insert_child(opening)
        span.insert_child(math, move=True)
        if closing and after is not None:
            span.insert_child(closing)
            _set_text(after, (after.text_content or "")[len(closing) :])


def _set_text(node: h.Node, text: str) -> None:
    if text:
        node.replace_with(text)
    else:
        node.decompose()
