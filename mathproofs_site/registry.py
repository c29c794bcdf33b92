"""The site's registry: every numbered equation and every Python block, read in one pass.

``build`` reads every page source (Markdown pages and notebooks, in the order a reader
meets them) once, before any page renders, so a page can cite an equation of a later
page. Everything that numbers, links or counts reads the registry it returns: the
equation numbers, the empty-link citations, the copy-link buttons, the ✓ links, the check
boxes' summaries, the verification map and the handout.

**Equations.** Every ``\\label{eq-...}`` of a page is a numbered equation: ``(<prefix><k>)``,
the prefix from the page's front matter (``equation_prefix: "D"``) or the notebook's
metadata (``mathproofs: equation_prefix``), ``k`` counting the page's labels in order. A
label is unique site-wide. ``\\postnumber{N}`` after a label gives the post's number.

**Blocks.** Every Python block of a page (Markdown fences, those in ``!!!``/``???`` boxes
included, found by the same markdown-it parser the tests run the blocks with; a notebook's
code cells) may claim equations with marker lines::

    # checks: eq-dl-dy, eq-dl-operator (numeric, finite-difference)

anchors first (comma-separated), then the kinds of check in parentheses, from ``KINDS``.
A line that starts like a marker must be a well-formed one.

**Block anchors** derive from what a block claims, not from where it is:
``check-dl-dy--dl-operator`` for the block above (its claimed labels in order, without
``eq-``, joined by ``--``). Blocks that claim the same labels are told apart by their order
among themselves only (``check-dl-dy``, ``check-dl-dy_2``), and blocks that claim nothing
are ``check_1``, ``check_2``, ...: inserting or moving a block moves no other block's
anchor unless the two claim the same. (Labels hold no ``_`` and no ``--``, so the three
forms never meet.)
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

import jupytext
from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin
from mkdocs.utils.meta import get_data

from mathproofs_site import PageError, tex

# The kinds of check, in the order the map lists them, with what each one means.
KINDS = MappingProxyType(
    {
        "numeric": "on random floating-point data, with the named tolerances",
        "exact": "on integer or rational data: equality, no tolerance at all",
        "symbolic": "both sides expanded by sympy to the same polynomial, for every small size",
        "finite-difference": "a derivative compared with central differences",
        "must-fail": "a wrong variant of the formula is computed and shown to be wrong",
    }
)

# Any comment that starts like a marker must be a well-formed marker.
MARKER_START_RE = re.compile(r"^\s*#\s*checks?\s*:", re.IGNORECASE)
_ANCHOR = tex.ANCHOR_RE.pattern  # one spelling of an equation label, site-wide
_KIND = r"[a-z]+(?:-[a-z]+)*"
MARKER_RE = re.compile(
    rf"^\s*# checks: (?P<anchors>{_ANCHOR}(?:, {_ANCHOR})*)"
    rf" \((?P<kinds>{_KIND}(?:, {_KIND})*)\)\s*$"
)
# The languages pymdownx.highlight and pytest-markdown-docs both treat as Python.
PYTHON = ("python", "py", "python3")
TITLE_RE = re.compile(r"^# (.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Equation:
    """A numbered display equation: where it lives and what it is called."""

    anchor: str
    number: str
    src_uri: str
    # The number of the same equation in dokuDoku's post, if the post has it.
    post_number: str | None = None


@dataclass(frozen=True)
class Block:
    """A Python block of a page: where it is, what it claims, and its anchor."""

    src_uri: str
    index: int  # 1-based, among the page's Python blocks (a notebook's code cells)
    line: int  # Markdown: the line of the opening fence; notebook: the cell's number
    code: str
    claims: tuple[tuple[str, str], ...] = ()  # (equation anchor, kind), marker by marker
    anchor: str = ""

    @property
    def anchors(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for a, _ in self.claims))

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(k for _, k in self.claims))

    def kinds_for(self, anchor: str) -> tuple[str, ...]:
        return tuple(k for a, k in self.claims if a == anchor)

    @property
    def where(self) -> str:
        """Where the block is in its source: ``line 12`` (Markdown) or ``cell 4``."""
        unit = "line" if self.src_uri.endswith(".md") else "cell"
        return f"{unit} {self.line}"


@dataclass(frozen=True)
class Source:
    """A page's source text; ``notebook`` for a jupytext ``.py`` or an ``.ipynb``."""

    src_uri: str
    text: str
    notebook: bool = False


@dataclass(frozen=True)
class Page:
    """What the registry read from one page."""

    src_uri: str
    title: str
    equations: tuple[Equation, ...]
    blocks: tuple[Block, ...]
    notebook: bool


@dataclass
class Registry:
    """Every numbered equation of the site and every Python block, with their claims."""

    pages: dict[str, Page] = field(default_factory=dict)
    equations: dict[str, Equation] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    def add(self, page: Page) -> None:
        for equation in page.equations:
            if equation.anchor in self.equations:
                other = self.equations[equation.anchor].src_uri
                raise PageError(
                    f"{page.src_uri}: label {equation.anchor!r} is also used in {other}"
                )
            self.equations[equation.anchor] = equation
        self.pages[page.src_uri] = page
        self.blocks += page.blocks

    def checks(self, anchor: str) -> list[Block]:
        """The blocks that claim an equation, wherever they are."""
        return [b for b in self.blocks if anchor in b.anchors]

    def kinds_for(self, anchor: str) -> tuple[str, ...]:
        """The kinds of check an equation has, in ``KINDS`` order."""
        present = {k for b in self.checks(anchor) for k in b.kinds_for(anchor)}
        return tuple(k for k in KINDS if k in present)

    def unchecked(self) -> list[str]:
        return [a for a in self.equations if not self.checks(a)]

    def unknown(self) -> list[tuple[Block, str]]:
        """(block, anchor) for every marker that names no equation of the site."""
        return [(b, a) for b in self.blocks for a in b.anchors if a not in self.equations]

    def equations_on(self, src_uri: str) -> tuple[Equation, ...]:
        page = self.pages.get(src_uri)
        return page.equations if page else ()

    def blocks_on(self, src_uri: str) -> tuple[Block, ...]:
        page = self.pages.get(src_uri)
        return page.blocks if page else ()

    def numbers(self) -> dict[str, str]:
        return {anchor: eq.number for anchor, eq in self.equations.items()}


# ---------------------------------------------------------------- reading sources


def build(sources: Iterable[Source]) -> Registry:
    """The registry of a set of pages, given in the order a reader meets them."""
    registry = Registry()
    parser = markdown_parser()
    for source in sources:
        registry.add(read_page(source, parser))
    return registry


def read_page(source: Source, parser: MarkdownIt | None = None) -> Page:
    """One page's equations and blocks (raises PageError on a malformed page)."""
    if source.notebook:
        return _read_notebook(source)
    markdown, meta = get_data(source.text)
    found = tex.labels(markdown)
    if found and "equation_prefix" not in meta:
        raise PageError(f"{source.src_uri}: numbered equations need 'equation_prefix'")
    post = tex.post_numbers(markdown, source.src_uri)
    equations = _numbered(found, str(meta.get("equation_prefix")), source.src_uri, post)
    title_match = TITLE_RE.search(markdown)
    title = str(meta.get("title") or (title_match[1].strip() if title_match else source.src_uri))
    return Page(source.src_uri, title, equations, blocks_of(source, parser), False)


def _read_notebook(source: Source) -> Page:
    notebook = read_notebook(source.text, source.src_uri)
    markdown = [c.source for c in notebook.cells if c.cell_type == "markdown"]
    found = [label for cell in markdown for label in tex.labels(cell)]
    prefix = notebook.metadata.get("mathproofs", {}).get("equation_prefix")
    if found and not isinstance(prefix, str):
        raise PageError(f"{source.src_uri}: numbered equations need 'mathproofs: equation_prefix'")
    post = {a: n for cell in markdown for a, n in tex.post_numbers(cell, source.src_uri).items()}
    equations = _numbered(found, str(prefix), source.src_uri, post)
    titles = [m[1].strip() for cell in markdown for m in [TITLE_RE.search(cell)] if m]
    title = titles[0] if titles else source.src_uri
    blocks = _blocks(source.src_uri, _code_cells(notebook))
    return Page(source.src_uri, title, equations, blocks, True)


def _code_cells(notebook: Any) -> list[tuple[int, str]]:
    """(cell number, code) of a notebook's code cells that hold code."""
    return [
        (k, str(cell.source))
        for k, cell in enumerate(notebook.cells, start=1)
        if cell.cell_type == "code" and str(cell.source).strip()
    ]


def blocks_of(source: Source, parser: MarkdownIt | None = None) -> tuple[Block, ...]:
    """A page's Python blocks, with their claims and anchors (its equations unread)."""
    if source.notebook:
        raw = _code_cells(read_notebook(source.text, source.src_uri))
    else:
        raw = markdown_blocks(source.text, parser)
    return _blocks(source.src_uri, raw)


def read_notebook(text: str, src_uri: str) -> Any:
    """A notebook page's cells and metadata (jupytext: percent ``.py`` or ``.ipynb``)."""
    return jupytext.reads(text, fmt=PurePosixPath(src_uri).suffix.removeprefix("."))


def _numbered(
    found: list[str], prefix: str, src_uri: str, post: dict[str, str]
) -> tuple[Equation, ...]:
    for anchor in found:
        tex.check_anchor(anchor, src_uri)
    return tuple(
        Equation(anchor, f"{prefix}{k}", src_uri, post.get(anchor))
        for k, anchor in enumerate(found, start=1)
    )


def markdown_parser() -> MarkdownIt:
    """The parser the tests run the pages' blocks with (the root ``conftest.py``)."""
    return MarkdownIt("commonmark").use(admon_plugin)


def _language(info: str) -> str:
    """A fence's language, in plain (```` ```python ````) or superfences syntax
    (```` ```{.python continuation} ````), as pytest-markdown-docs reads it."""
    info = info.strip()
    if not info.startswith("{"):
        words = info.split()
        return words[0] if words else ""
    words = info.strip("{}").split()
    return next((w[1:] for w in words if w.startswith(".")), words[0] if words else "")


def markdown_blocks(markdown: str, parser: MarkdownIt | None = None) -> list[tuple[int, str]]:
    """(line of the opening fence, code) of every Python fence, those in boxes included."""
    tokens = (parser or markdown_parser()).parse(markdown)
    return [
        (token.map[0] + 1, token.content)
        for token in tokens
        if token.type == "fence" and token.map and _language(token.info) in PYTHON
    ]


def parse_marker(line: str, where: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Return (anchors, kinds) of a marker line, None for other lines; raise if malformed."""
    if not MARKER_START_RE.match(line):
        return None
    match = MARKER_RE.match(line)
    if match is None:
        raise PageError(
            f"{where}: malformed marker {line.strip()!r}; write '# checks: eq-a, eq-b (kind, kind)'"
        )
    kinds = tuple(match["kinds"].split(", "))
    bad = [k for k in kinds if k not in KINDS]
    if bad:
        raise PageError(f"{where}: unknown kind {bad[0]!r} in {line.strip()!r}; use {list(KINDS)}")
    return tuple(match["anchors"].split(", ")), kinds


def claims(code: str, where: str) -> tuple[tuple[str, str], ...]:
    """Every (anchor, kind) a block's markers claim, in order, each once."""
    found: dict[tuple[str, str], None] = {}
    for line in code.splitlines():
        marker = parse_marker(line, where)
        if marker is not None:
            found.update(dict.fromkeys((a, k) for a in marker[0] for k in marker[1]))
    return tuple(found)


def block_anchors(claimed: Sequence[Sequence[str]]) -> list[str]:
    """The anchors of a page's blocks, from the labels each claims (see the module's doc)."""
    seen: Counter[str] = Counter()
    anchors = []
    for labels in claimed:
        base = "check-" + "--".join(a.removeprefix("eq-") for a in labels) if labels else "check"
        seen[base] += 1
        if not labels:
            anchors.append(f"check_{seen[base]}")
        else:
            anchors.append(base if seen[base] == 1 else f"{base}_{seen[base]}")
    return anchors


def _blocks(src_uri: str, raw: list[tuple[int, str]]) -> tuple[Block, ...]:
    read = [(line, code, claims(code, f"{src_uri}:{line}")) for line, code in raw]
    labels = [tuple(dict.fromkeys(a for a, _ in c)) for _, _, c in read]
    return tuple(
        Block(src_uri, index, line, code, claimed, anchor)
        for index, ((line, code, claimed), anchor) in enumerate(
            zip(read, block_anchors(labels), strict=True), start=1
        )
    )


def is_notebook(src_uri: str, notebook_glob: str) -> bool:
    """Whether a page is a notebook (the glob of mkdocs-jupyter's ``include``)."""
    return PurePosixPath(src_uri).match(notebook_glob)


def docs_sources(docs_dir: Path, notebook_glob: str) -> list[Source]:
    """Every Markdown page and notebook under ``docs_dir``, by path (what tests read)."""
    paths = sorted(p for p in docs_dir.rglob("*") if p.is_file())
    sources = []
    for path in paths:
        src_uri = path.relative_to(docs_dir).as_posix()
        notebook = is_notebook(src_uri, notebook_glob)
        if notebook or path.suffix == ".md":
            sources.append(Source(src_uri, path.read_text("utf-8"), notebook))
    return sources
