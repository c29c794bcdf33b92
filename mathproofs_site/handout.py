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


@dataclass(frozen=True)
class _Rebase:
    """How one part's ids and URLs become the handout's."""

    part_url: str
    handout_url: str
    slugs: dict[str, str]  # page URL -> its part's slug, for every part
    site_wide: Collection[str]  # ids that keep their names (the equation anchors)

    def id(self, page_slug: str, ident: str) -> str:
        return ident if ident in self.site_wide else f"{page_slug}--{ident}"

    def url(self, attribute: str, value: str) -> str:
        resolved = site_path(self.part_url, value)
        if resolved is None:
            return value
        path, fragment = resolved
        if attribute == "href" and path in self.slugs:
            return "#" + (self.id(self.slugs[path], fragment) if fragment else self.slugs[path])
        new = get_relative_url(path or ".", self.handout_url or ".")
        if path.endswith("/") and not new.endswith("/"):
            new += "/"
        return new + ("#" + fragment if fragment else "")


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


def handout_content(
    parts: Sequence[Part],
    handout_url: str,
    site_url: str,
    site_name: str,
    site_wide: Collection[str],
) -> str:
    """The handout's HTML: an introduction, contents, then each part, rebased."""
    slugs = {p.url: slug(p.src_uri) for p in parts}
    contents = "".join(
        h.markup("li", h.markup("a", h.escape(p.title), href=f"#{slugs[p.url]}")) for p in parts
    )
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
        + h.markup(
            "nav",
            h.markup("ol", contents),
            class_="handout-contents",
            aria_label="Handout contents",
        )
    )
    sections = "".join(
        h.markup(
            "section",
            "",
            class_="handout-part",
            id=slugs[p.url],
            aria_label=p.title or slugs[p.url],
        )
        for p in parts
    )
    tree = h.parse_content(intro + sections)
    for part, section in zip(parts, tree.css("section.handout-part"), strict=True):
        source = h.parse_content(part.content)
        root = h.body(source)
        rebase_part(root, _Rebase(part.url, handout_url, slugs, site_wide))
        for child in list(root.iter(include_text=True)):
            section.insert_child(child)
    return h.serialize_content(tree)
