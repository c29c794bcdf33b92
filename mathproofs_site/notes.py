"""The lecture notes: the handout's pages as mathematics and prose only, for paper.

A generated page (``stub``), collected like the handout (``handout.collect``: each source
page's typeset content in a ``<section>``, ids renamed, equation anchors kept, links
re-based, boxes opened), but without code: each part loses what the exercise sheets lose
(``sheets.without_code``: every Python block, with the "✓ Checked" box it sits in when the
box holds nothing else, and the in-browser checker). Errata and notes are boxes of prose,
and stay. Before collecting, so that a link to a removed block goes to its own page.

What else is code-like stays: a formal statement quoted from a proof library (the proofs'
Lean ``theorem`` lines) is mathematics, and inline code names in prose are prose.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from mathproofs_site import handout, sheets
from mathproofs_site import html as h
from mathproofs_site.equations import short_address

TITLE = "Lecture notes"
DESCRIPTION = "The derivation and both proofs as lecture notes: the mathematics, no code."


def stub(title: str = TITLE) -> str:
    """The generated page's Markdown: its title and front matter; the build fills it."""
    return (
        "---\n"
        f"title: {title}\n"
        f"description: {DESCRIPTION}\n"
        "search:\n  exclude: true\nhide:\n  - navigation\n  - toc\n---\n\n"
        f"# {title}\n"
    )


def without_code(part: handout.Part) -> handout.Part:
    """The part with its code taken out."""
    tree = h.parse_content(part.content)
    sheets.without_code(h.body(tree))
    return handout.Part(part.src_uri, part.url, part.title, h.serialize_content(tree))


@dataclass(frozen=True)
class Where:
    """Where the notes are, and what their introduction links."""

    notes_url: str  # the notes' URL in the site, e.g. "lecture-notes/"
    handout_url: str  # the full handout's
    map_url: str  # the verification map's
    site_url: str  # the site's published address
    site_name: str


def notes_content(parts: Sequence[handout.Part], where: Where, site_wide: Collection[str]) -> str:
    """The notes' HTML: an introduction, contents, then each part without its code."""
    site = h.markup("a", h.escape(short_address(where.site_url)), href=where.site_url)
    checks = h.markup(
        "a",
        "verification map",
        href=handout.relative_url(where.map_url, where.notes_url),
    )
    full = h.markup(
        "a", "printable handout", href=handout.relative_url(where.handout_url, where.notes_url)
    )
    titles = ", ".join(h.escape(p.title) for p in parts)
    intro = (
        h.markup("h1", TITLE, id=handout.slug(TITLE))
        + h.markup(
            "p",
            f"{titles}: the mathematics and the prose of {h.escape(where.site_name)}, "
            "errata included, without the code. Each part starts on a new sheet; under each "
            "numbered equation is the address of its anchor. Print from the browser "
            f"(File → Print, or Ctrl+P / ⌘P). With the code: the {full}.",
            class_="handout-intro",
        )
        + h.markup(
            "p",
            "Every numbered equation is checked on the site by code that runs with its "
            f"tests: {site} (see its {checks}).",
            class_="notes-checked",
        )
        + handout.contents(parts, "Lecture notes contents")
    )
    bare = [without_code(p) for p in parts]
    return handout.collect(bare, where.notes_url, site_wide, intro, handout.PART_CLASS)
