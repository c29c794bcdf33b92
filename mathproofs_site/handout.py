"""The printable handout: the derivation and both proofs, as built, on one print-ready page.

A generated page (``STUB``: its title and front matter; no source under ``docs/``). Its
content is its source pages' typeset content (math as MathML, code included), each in a
``<section>``. One page holds what were several, so every id is made unique: an id becomes
``<part>--<id>``, except the site's equation anchors, which are unique site-wide (the
registry) and keep their names, so a link to ``handout/#eq-dl-dy`` works. Every reference
to an id follows it: links (``href="#..."``), ``for``, ``headers``, ``list``, ``form`` and the
``aria-*`` attributes that name ids. Links to one of the parts point into the handout;
other relative URLs are re-based on the handout's address. Its Python blocks are the union
of its source pages' blocks, which ``tests/test_readers.py`` checks against the pages.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from mkdocs.utils import get_relative_url

from mathproofs_site import html as h

STUB = """---
title: Printable handout
description: The derivation and both proofs on one page, ready to print.
search:
  exclude: true
hide:
  - navigation
  - toc
---

# Printable handout
"""
# Attributes that hold one id, or a list of ids separated by spaces, and the elements
# they do so on (None: any element; MathML's <mo form="prefix"> is no form's id).
ID_REFERENCES: tuple[tuple[str, frozenset[str] | None], ...] = (
    ("for", frozenset({"label", "output"})),
    ("form", frozenset({"button", "fieldset", "input", "object", "output", "select", "textarea"})),
    ("list", frozenset({"input"})),
    ("headers", frozenset({"td", "th"})),
    ("popovertarget", frozenset({"button", "input"})),
    ("aria-activedescendant", None),
    ("aria-controls", None),
    ("aria-describedby", None),
    ("aria-details", None),
    ("aria-errormessage", None),
    ("aria-flowto", None),
    ("aria-labelledby", None),
    ("aria-owns", None),
)
# ``name`` is an id too on these: a fragment target, a group of radio buttons.
NAMED = frozenset({"a", "input"})
URL_ATTRIBUTES = ("href", "src")
PART_CLASS = "handout-part"  # each part's <section> (print CSS: a new sheet each)


@dataclass(frozen=True)
class Part:
    """One source page of the handout, as built."""

    src_uri: str
    url: str  # the page's URL in the site, e.g. "derivation/"
    title: str
    content: str  # its typeset HTML


def slug(src_uri: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", src_uri.removesuffix(".md").lower()).strip("-")


def site_path(page_url: str, href: str) -> tuple[str, str] | None:
    """Resolve a relative href of a page at ``page_url`` to (site path, fragment)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("/", "mailto:", "data:")):
        return None
    if not parts.path:
        return page_url, parts.fragment
    target = posixpath.normpath(posixpath.join(posixpath.dirname("/" + page_url), parts.path))
    target = target.lstrip("/")
    if parts.path.endswith("/") and target and not target.endswith("/"):
        target += "/"
    if target == ".":
        target = ""
    return target, parts.fragment


def relative_url(path: str, page_url: str) -> str:
    """The URL of the site path ``path`` from the page at ``page_url``."""
    new = get_relative_url(path or ".", page_url or ".")
    if path.endswith("/") and not new.endswith("/"):
        new += "/"
    return new


@dataclass(frozen=True)
class _Rebase:
    """How one part's ids and URLs become the collected page's."""

    part_url: str
    page_url: str  # the collected page's URL
    slugs: dict[str, str]  # page URL -> its part's slug, for every part
    present: dict[str, frozenset[str]]  # page URL -> the ids its part brings to the page
    site_wide: Collection[str]  # ids that keep their names (the equation anchors)

    def id(self, page_slug: str, ident: str) -> str:
        return ident if ident in self.site_wide else f"{page_slug}--{ident}"

    def url(self, attribute: str, value: str) -> str:
        resolved = site_path(self.part_url, value)
        if resolved is None:
            return value
        path, fragment = resolved
        if attribute == "href" and path in self.slugs:
            if not fragment:
                return "#" + self.slugs[path]
            if fragment in self.present[path]:
                return "#" + self.id(self.slugs[path], fragment)
            # Left out of the collected page (a sheet's solutions): the page's own.
        return relative_url(path, self.page_url) + ("#" + fragment if fragment else "")


def rebase_part(root: h.Node, rebase: _Rebase) -> None:
    """Rename a part's ids and point every reference, link and URL at the new names."""
    own = rebase.slugs[rebase.part_url]
    for node in root.traverse():
        if not node.is_element_node or node.mem_id == root.mem_id:
            continue
        attributes = node.attributes
        if attributes.get("id"):
            node.attrs["id"] = rebase.id(own, attributes["id"] or "")
        if node.tag in NAMED and attributes.get("name"):
            node.attrs["name"] = rebase.id(own, attributes["name"] or "")
        for name, tags in ID_REFERENCES:
            value = attributes.get(name)
            if value and (tags is None or node.tag in tags):
                node.attrs[name] = " ".join(rebase.id(own, ident) for ident in value.split())
        for name in URL_ATTRIBUTES:
            value = attributes.get(name)
            if value is not None:
                node.attrs[name] = rebase.url(name, value)


def ids(root: h.Node) -> frozenset[str]:
    """The ids (and the ``name`` fragment targets) under ``root``."""
    found = set()
    for node in root.traverse():
        if node.is_element_node and node.mem_id != root.mem_id:
            found.add(node.attributes.get("id") or "")
            if node.tag in NAMED:
                found.add(node.attributes.get("name") or "")
    return frozenset(found - {""})


def open_boxes(root: h.Node) -> None:
    """Open every collapsible box: on paper a closed ``<details>`` shows only its summary
    (Material's script opens them for printing, but only where scripts run)."""
    for details in root.css("details"):
        details.attrs["open"] = ""


def collect(
    parts: Sequence[Part], page_url: str, site_wide: Collection[str], intro: str, part_class: str
) -> str:
    """One page made of several: ``intro`` (markup), then each part's content in a
    ``<section class=part_class id=<slug>>``, its ids renamed, its links re-based, its
    collapsible boxes open.

    A link to a part's fragment that the part does not bring (content left out of it)
    goes to the part's own page."""
    slugs = {p.url: slug(p.src_uri) for p in parts}
    sections = "".join(
        h.markup(
            "section", "", class_=part_class, id=slugs[p.url], aria_label=p.title or slugs[p.url]
        )
        for p in parts
    )
    tree = h.parse_content(intro + sections)
    roots = [h.body(h.parse_content(p.content)) for p in parts]
    present = {p.url: ids(root) for p, root in zip(parts, roots, strict=True)}
    for part, root, section in zip(parts, roots, tree.css(f"section.{part_class}"), strict=True):
        rebase_part(root, _Rebase(part.url, page_url, slugs, present, site_wide))
        open_boxes(root)
        for child in list(root.iter(include_text=True)):
            section.insert_child(child)
    return h.serialize_content(tree)


def handout_content(
    parts: Sequence[Part],
    handout_url: str,
    site_url: str,
    site_name: str,
    site_wide: Collection[str],
) -> str:
    """The handout's HTML: an introduction, contents, then each part, rebased."""
    intro = (
        h.markup("h1", "Printable handout", id="printable-handout")
        + h.markup(
            "p",
            "The derivation and both proofs on one page, as published on "
            + h.markup("a", h.escape(site_name), href=site_url)
            + ": every formula typeset, every check included. Print it from the browser "
            "(File → Print, or Ctrl+P / ⌘P); each part starts on a new sheet.",
            class_="handout-intro",
        )
        + contents(parts, "Handout contents")
    )
    return collect(parts, handout_url, site_wide, intro, PART_CLASS)


def contents(parts: Sequence[Part], label: str) -> str:
    """A collected page's list of its parts, linking each (on screen only: print CSS)."""
    items = "".join(
        h.markup("li", h.markup("a", h.escape(p.title), href=f"#{slug(p.src_uri)}")) for p in parts
    )
    return h.markup("nav", h.markup("ol", items), class_="handout-contents", aria_label=label)
