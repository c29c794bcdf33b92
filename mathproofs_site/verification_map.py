"""The Verification map: every numbered equation, the blocks that check it, and their kinds.

A generated page (no source under ``docs/``), written from the registry as Markdown before
any page renders. Each equation's row links to the equation and to every block that claims
it (a Markdown page's block by its anchor; a notebook cell by its page); each equation on
the pages links back to its row (``#map-<anchor>``) with a ✓ (``equations``).
"""

from __future__ import annotations

from mathproofs_site.registry import KINDS, Block, Registry


def _block_link(block: Block, here: str) -> str:
    """A link to a block; notebook cells link to their page (no block anchors there)."""
    where = "" if block.src_uri == here else f" on {block.src_uri}"
    if block.src_uri.endswith(".md"):
        return f"[block {block.index}]({block.src_uri}#{block.anchor}){where}"
    return f"[cell {block.index}]({block.src_uri}){where}"


def row_anchor(anchor: str) -> str:
    """The id of an equation's row in the map."""
    return f"map-{anchor}"


def map_markdown(registry: Registry) -> str:
    """The Markdown of the Verification map (no code fences: nothing here runs)."""
    total = len(registry.equations)
    unchecked = registry.unchecked()
    checked = total - len(unchecked)
    percent = 100 if total == 0 else round(100 * checked / total)
    claimed = [b for b in registry.blocks if b.anchors]
    out = [
        "---",
        "description: Every numbered equation of the site, the executed checks behind it and "
        "their kind, generated at build time from the pages.",
        "---",
        "",
        "# Verification map",
        "",
        "This page is generated at build time (`mathproofs_site/verification_map.py`) from the "
        "page sources: every numbered equation of the site, and the Python blocks that check "
        "it. Each block claims its equations with a marker comment, "
        "`# checks: eq-anchor (kind)`; the test suite runs every block, and "
        "`tests/test_verification_map.py` fails if an equation is claimed by no block or a "
        "marker names an equation that does not exist. Next to every equation number on the "
        "pages, a ✓ links to its row here.",
        "",
        "## Summary",
        "",
        f"**{checked} of {total} numbered equations ({percent}%) are checked** by "
        f"{len(claimed)} executed blocks.",
        "",
        "| kind of check | what it means | equations | blocks |",
        "|---|---|---:|---:|",
    ]
    for kind, meaning in KINDS.items():
        blocks = [b for b in registry.blocks if kind in b.kinds]
        equations = {a for b in blocks for a, k in b.claims if k == kind}
        out.append(f"| {kind} | {meaning} | {len(equations)} | {len(blocks)} |")
    if unchecked:
        out += ["", "**Not checked:** " + ", ".join(f"`{a}`" for a in unchecked) + "."]
    pages = [p for p in registry.pages.values() if p.equations]
    for page in pages:
        out += [
            "",
            f"## {page.title}",
            "",
            f"Page: [{page.src_uri}]({page.src_uri}).",
            "",
            "| equation | anchor | checked by | kinds |",
            "|---|---|---|---|",
        ]
        for equation in page.equations:
            anchor = equation.anchor
            links = ", ".join(_block_link(b, page.src_uri) for b in registry.checks(anchor))
            kinds = ", ".join(registry.kinds_for(anchor))
            out.append(
                f'| <span id="{row_anchor(anchor)}"></span>'
                f"[({equation.number})]({page.src_uri}#{anchor}) "
                f"| `{anchor}` | {links or '**not checked**'} | {kinds or '—'} |"
            )
    with_equations = {p.src_uri for p in pages}
    others = [b for b in registry.blocks if not b.anchors and b.src_uri in with_equations]
    if others:
        out += [
            "",
            "## Blocks that check something else",
            "",
            "These blocks on the pages above check a convention or the package's behaviour "
            "(input validation, say) rather than a numbered equation:",
            "",
        ]
        out += [f"- {_block_link(b, '')}" for b in others]
    return "\n".join(out) + "\n"
