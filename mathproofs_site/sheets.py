"""The two printable exercise sheets: the exercises page, as built, made for paper.

Each sheet is a generated page (``stub``) holding the exercises of one source page (the
``## ... { #ex-... }`` sections of ``docs/exercises.md``), collected like the handout's
parts (``handout.collect``: ids renamed, equation anchors kept, links re-based). What
paper cannot use is taken out of both sheets: the code that checks a solution (a Python
block, with the collapsible box it sits in) and the in-browser answer checker
(``.mp-check``). The sheet without solutions also loses every "Solution" box, and prints
each exercise on its own sheet of paper, the rest of it left to write on. Every box left
(hints; solutions on the other sheet) is opened, as the handout's are. A link to
something the sheet left out (an equation of a solution) goes to the exercises page.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from mathproofs_site import PageError, blocks, handout
from mathproofs_site import html as h

EXERCISE_ID = "ex-"  # an exercise is an <h2> whose id starts so, and what follows it
SOLUTION = "Solution"  # the summary of a solution's box
CHECKER = "mp-check"  # the class of the in-browser answer checker's element
PART_CLASS = "sheet-part"
EXERCISE_CLASS = "sheet-exercise"
SOLUTION_CLASS = "sheet-solution"  # on each solution's box (print CSS lets it break)
OWN_PAGE_CLASS = "sheet-own-page"  # an exercise without its solution: one printed page


@dataclass(frozen=True)
class Sheet:
    """One of the two sheets."""

    solutions: bool
    title: str
    description: str


WITHOUT_SOLUTIONS = Sheet(
    False, "Exercise sheet", "The exercises with their hints, ready to print."
)
WITH_SOLUTIONS = Sheet(
    True,
    "Exercise sheet with solutions",
    "The exercises with their hints and worked solutions, ready to print.",
)


def stub(sheet: Sheet) -> str:
    """The generated page's Markdown: its title and front matter; the build fills it."""
    return (
        "---\n"
        f"title: {sheet.title}\n"
        f"description: {sheet.description}\n"
        "search:\n  exclude: true\nhide:\n  - navigation\n  - toc\n---\n\n"
        f"# {sheet.title}\n"
    )


def _summary(details: h.Node) -> str:
    summary = details.css_first("summary")
    return " ".join((summary.text() if summary is not None else "").split())


def _box_of(block: h.Node) -> h.Node:
    """A check's collapsible box, if the block has one to itself; else the block."""
    box = block.parent
    if box is None or box.tag != "details":
        return block
    rest = [n for n in h.element_children(box) if n.tag != "summary"]
    return box if [n.mem_id for n in rest] == [block.mem_id] else block


def _remove(doomed: list[h.Node]) -> None:
    seen: set[int] = set()
    for node in doomed:
        if node.mem_id not in seen:
            seen.add(node.mem_id)
            node.decompose()


def code_and_checkers(root: h.Node) -> list[h.Node]:
    """What paper cannot use: the in-browser answer checkers, and each Python block with
    its collapsible box when the box holds the block alone (else the block alone)."""
    doomed: list[h.Node] = list(root.css(f".{CHECKER}"))
    return doomed + [_box_of(block) for block in blocks.python_blocks(root)]


def without_code(root: h.Node) -> None:
    """Take out what paper cannot use (``code_and_checkers``); the lecture notes too."""
    _remove(code_and_checkers(root))


def for_paper(root: h.Node, *, solutions: bool) -> None:
    """Take out what paper cannot use, and the solutions unless ``solutions``; mark the
    solutions' boxes that are kept."""
    found = [d for d in root.css("details") if _summary(d) == SOLUTION]
    _remove(code_and_checkers(root) + ([] if solutions else found))
    if solutions:
        for details in found:
            details.attrs["class"] = " ".join([*h.classes(details), SOLUTION_CLASS])


def exercises(root: h.Node) -> list[list[h.Node]]:
    """Each exercise of a page's content: its ``<h2 id="ex-...">`` and what follows it, up
    to the next ``<h2>``."""
    found: list[list[h.Node]] = []
    for node in list(root.iter(include_text=True)):
        if node.tag == "h2":
            ident = node.attributes.get("id") or ""
            found.append([node] if ident.startswith(EXERCISE_ID) else [])
        elif found and found[-1]:
            found[-1].append(node)
    return [nodes for nodes in found if nodes]


def exercises_only(content: str, *, solutions: bool, where: str) -> tuple[str, int]:
    """A page's content reduced to its exercises, each in a ``<section>``, for paper; and
    how many exercises there are."""
    source = h.parse_content(content)
    found = exercises(h.body(source))
    if not found:
        raise PageError(f"{where}: no exercises (an <h2> with an id starting {EXERCISE_ID!r})")
    classes = EXERCISE_CLASS if solutions else f"{EXERCISE_CLASS} {OWN_PAGE_CLASS}"
    tree = h.parse_content(h.markup("section", "", class_=classes) * len(found))
    for nodes, section in zip(found, tree.css(f"section.{EXERCISE_CLASS}"), strict=True):
        for node in nodes:
            section.insert_child(node)
    for_paper(h.body(tree), solutions=solutions)
    return h.serialize_content(tree), len(found)


def sheet_content(
    sheet: Sheet,
    source: handout.Part,
    sheet_url: str,
    other_url: str,
    site_wide: Collection[str],
) -> str:
    """A sheet's HTML: an introduction, then the exercises of ``source`` for paper.

    ``other_url`` is the other sheet's URL; ``site_wide`` the ids that keep their names."""
    content, count = exercises_only(source.content, solutions=sheet.solutions, where=source.src_uri)
    page = h.markup(
        "a",
        h.escape(source.title or source.src_uri),
        href=handout.relative_url(source.url, sheet_url),
    )
    other_sheet = WITHOUT_SOLUTIONS if sheet.solutions else WITH_SOLUTIONS
    other = h.markup(
        "a", h.escape(other_sheet.title), href=handout.relative_url(other_url, sheet_url)
    )
    printing = "ready to print (File → Print, or Ctrl+P / ⌘P)"
    if sheet.solutions:
        said = (
            f"The {count} exercises of the page {page} with their hints and worked solutions, "
            f"{printing}. The code that checks each solution is left out, so that the sheet "
            f"holds the mathematics only: each solution is checked on the site, on {page}. "
            f"Equations keep their numbers from that page. Without the solutions: {other}."
        )
    else:
        said = (
            f"The {count} exercises of the page {page} with their hints, {printing}. "
            f"The worked solutions are on the {other}, and on {page}, where code checks each one; "
            "equations keep their numbers from that page, so some numbers are skipped here."
        )
    intro = h.markup("h1", h.escape(sheet.title), id=handout.slug(sheet.title)) + h.markup(
        "p", said, class_="sheet-intro"
    )
    part = handout.Part(source.src_uri, source.url, source.title, content)
    return handout.collect([part], sheet_url, site_wide, intro, PART_CLASS)
