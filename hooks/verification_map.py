"""MkDocs hook: the Verification map, and a "checked" link next to every equation number.

Every Python block on a page may claim the numbered equations it verifies with one or
more marker comments, each on a line of its own:

    # checks: eq-dl-dy, eq-dl-operator (numeric, finite-difference)

anchors first (comma-separated, as in ``\\label{eq-...}``), then the kinds of check in
parentheses, from ``KINDS``. This hook

* reads the markers from the page sources (Markdown fences, including those inside
  ``!!!``/``???`` boxes; code cells of jupytext ``.py`` and ``.ipynb`` notebook pages),
* generates ``verification-map.md`` (a virtual page: ``File.generated``) that lists every
  numbered equation by page and anchor, the blocks that check it and their kinds, with a
  coverage summary,
* gives every Python block of a page the anchor ``#check-<k>`` (k counts the page's
  Python blocks), so the map can link to the block, and
* puts a small ✓ link next to each equation number, to that equation's row in the map.

The equation numbers come from the site's equation registry (``hooks/site_math.py``),
which ``hooks/tex_math.py`` and ``hooks/notebook_math.py`` fill, so this hook is listed
after them in ``mkdocs.yml``. A malformed marker fails the build; an
equation that no block claims is shown as unchecked in the map, and
``tests/test_verification_map.py`` fails on it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import site_math as sm  # MkDocs puts hooks/ on sys.path while it loads a hook
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

MAP_URI = "verification-map.md"

# The kinds of check, in the order the map lists them, with what each one means.
KINDS: dict[str, str] = {
    "numeric": "on random floating-point data, with the named tolerances",
    "exact": "on integer or rational data: equality, no tolerance at all",
    "symbolic": "both sides expanded by sympy to the same polynomial, for every small size",
    "finite-difference": "a derivative compared with central differences",
    "must-fail": "a wrong variant of the formula is computed and shown to be wrong",
}

LABEL_RE = re.compile(r"\\label\{(eq-[^}]*)\}")
# Any comment that starts like a marker must be a well-formed marker.
MARKER_START_RE = re.compile(r"^\s*#\s*checks?\s*:", re.IGNORECASE)
ANCHOR = sm.ANCHOR_RE.pattern  # one spelling of an equation label, site-wide
KIND = r"[a-z]+(?:-[a-z]+)*"
MARKER_RE = re.compile(
    rf"^\s*# checks: (?P<anchors>{ANCHOR}(?:, {ANCHOR})*) \((?P<kinds>{KIND}(?:, {KIND})*)\)\s*$"
)
FENCE_OPEN_RE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^`]*)$")
PYTHON_INFO_RE = re.compile(r"^(?:\{\s*\.?)?(?:python3?|py)(?:[\s}]|$)")
# A Python block as pymdownx.highlight writes it (pygments_lang_class: true).
HTML_BLOCK_RE = re.compile(r'<div class="language-(?:python3?|py) highlight"')


@dataclass(frozen=True)
class Block:
    """A Python block of a page: where it is and what it claims."""

    src_uri: str
    index: int  # 1-based, in page order: its anchor is #check-<index>
    line: int  # 1-based line of the page source where the block starts
    code: str
    claims: tuple[tuple[str, str], ...] = ()  # (equation anchor, kind), marker by marker

    @property
    def anchor(self) -> str:
        return f"check-{self.index}"

    @property
    def anchors(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for a, _ in self.claims))

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(k for _, k in self.claims))

    def kinds_for(self, anchor: str) -> tuple[str, ...]:
        return tuple(k for a, k in self.claims if a == anchor)


@dataclass
class Coverage:
    """Every numbered equation of the site and the blocks that check it."""

    equations: dict[str, str] = field(default_factory=dict)  # anchor -> src_uri
    blocks: list[Block] = field(default_factory=list)

    def checks(self, anchor: str) -> list[Block]:
        return [b for b in self.blocks if anchor in b.anchors]

    def unchecked(self) -> list[str]:
        return [a for a in self.equations if not self.checks(a)]

    def unknown(self) -> list[tuple[Block, str]]:
        """(block, anchor) for every marker that names no equation of the site."""
        return [(b, a) for b in self.blocks for a in b.anchors if a not in self.equations]


# ---------------------------------------------------------------- reading sources


def parse_marker(line: str, where: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Return (anchors, kinds) of a marker line, None for other lines; raise if malformed."""
    if not MARKER_START_RE.match(line):
        return None
    match = MARKER_RE.match(line)
    if match is None:
        raise ValueError(
            f"{where}: malformed marker {line.strip()!r}; write '# checks: eq-a, eq-b (kind, kind)'"
        )
    kinds = tuple(match["kinds"].split(", "))
    bad = [k for k in kinds if k not in KINDS]
    if bad:
        raise ValueError(f"{where}: unknown kind {bad[0]!r} in {line.strip()!r}; use {list(KINDS)}")
    return tuple(match["anchors"].split(", ")), kinds


def _claims(code: str, where: str) -> tuple[tuple[str, str], ...]:
    claims: dict[tuple[str, str], None] = {}
    for line in code.splitlines():
        marker = parse_marker(line, where)
        if marker is not None:
            claims.update(dict.fromkeys((a, k) for a in marker[0] for k in marker[1]))
    return tuple(claims)


def markdown_python_blocks(markdown: str) -> list[tuple[int, str]]:
    """(line, code) of every fenced Python block, nested ones (in boxes) included."""
    lines = markdown.splitlines()
    found: list[tuple[int, str]] = []
    k = 0
    while k < len(lines):
        opening = FENCE_OPEN_RE.match(lines[k])
        if opening is None:
            k += 1
            continue
        indent, fence = len(opening["indent"]), opening["fence"]
        closing = re.compile(rf"^ {{0,{indent + 3}}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        end = k + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        if PYTHON_INFO_RE.match(opening["info"].strip()):
            pad = " " * indent
            body = [
                line[indent:] if line.startswith(pad) else line.lstrip()
                for line in lines[k + 1 : end]
            ]
            found.append((k + 1, "\n".join(body) + "\n"))
        k = end + 1
    return found


def notebook_python_blocks(src_uri: str, text: str) -> list[tuple[int, str]]:
    """(line or cell number, code) of the code cells of a jupytext .py or an .ipynb page."""
    if src_uri.endswith(".ipynb"):
        cells = json.loads(text).get("cells", [])
        return [
            (k, "".join(c["source"]) if isinstance(c["source"], list) else c["source"])
            for k, c in enumerate(cells, start=1)
            if c.get("cell_type") == "code"
        ]
    found: list[tuple[int, str]] = []
    start, kind = 0, ""  # before the first "# %%": the header
    body: list[str] = []
    for number, line in enumerate([*text.splitlines(), "# %%"], start=1):
        if line.startswith("# %%"):
            if kind == "code" and "".join(body).strip():
                found.append((start, "\n".join(body) + "\n"))
            start, body = number, []
            kind = "markdown" if re.match(r"# %%.*\[(markdown|md)\]", line) else "code"
        else:
            body.append(line)
    return found


def page_blocks(src_uri: str, text: str) -> list[Block]:
    """Every Python block of a page source, with its claims."""
    if src_uri.endswith(".md"):
        raw = markdown_python_blocks(text)
    elif src_uri.endswith((".py", ".ipynb")):
        raw = notebook_python_blocks(src_uri, text)
    else:
        return []
    blocks = []
    for index, (line, code) in enumerate(raw, start=1):
        blocks.append(Block(src_uri, index, line, code, _claims(code, f"{src_uri}:{line}")))
    return blocks


def page_labels(src_uri: str, text: str) -> list[str]:
    """The equation labels of a page source, in order (Markdown, notebook cells alike)."""
    if src_uri.endswith(".md"):
        return LABEL_RE.findall(get_data(text)[0])
    if src_uri.endswith((".py", ".ipynb")):
        return LABEL_RE.findall(text)
    return []


def coverage_of(sources: Iterable[tuple[str, str]]) -> Coverage:
    """The coverage of a set of pages given as (src_uri, text), in site order."""
    result = Coverage()
    for src_uri, text in sources:
        for anchor in page_labels(src_uri, text):
            result.equations.setdefault(anchor, src_uri)
        result.blocks += page_blocks(src_uri, text)
    return result


def docs_sources(docs_dir: Path) -> list[tuple[str, str]]:
    """Every page source under ``docs_dir`` that may hold equations or blocks."""
    paths = sorted(
        p for p in docs_dir.rglob("*") if p.suffix in (".md", ".py", ".ipynb") and p.is_file()
    )
    return [(p.relative_to(docs_dir).as_posix(), p.read_text("utf-8")) for p in paths]


# ---------------------------------------------------------------- the map page


def _kind_list(kinds: Iterable[str]) -> str:
    present = set(kinds)
    return ", ".join(k for k in KINDS if k in present)


def _block_link(block: Block, here: str) -> str:
    """A link to a block; notebook cells link to their page (no block anchors there)."""
    where = "" if block.src_uri == here else f" on {block.src_uri}"
    if block.src_uri.endswith(".md"):
        return f"[block {block.index}]({block.src_uri}#{block.anchor}){where}"
    return f"[cell {block.index}]({block.src_uri}){where}"


def map_markdown(coverage: Coverage, numbers: dict[str, str], titles: dict[str, str]) -> str:
    """The Markdown of the Verification map (no code fences: nothing here runs)."""
    total = len(coverage.equations)
    checked = total - len(coverage.unchecked())
    percent = 100 if total == 0 else round(100 * checked / total)
    claimed = [b for b in coverage.blocks if b.anchors]
    out = [
        "---",
        "description: Every numbered equation of the site, the executed checks behind it and "
        "their kind, generated at build time from the pages.",
        "---",
        "",
        "# Verification map",
        "",
        "This page is generated at build time (`hooks/verification_map.py`) from the page "
        "sources: every numbered equation of the site, and the Python blocks that check it. "
        "Each block claims its equations with a marker comment, "
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
        blocks = [b for b in coverage.blocks if kind in b.kinds]
        equations = {a for b in blocks for a, k in b.claims if k == kind}
        out.append(f"| {kind} | {meaning} | {len(equations)} | {len(blocks)} |")
    unchecked = coverage.unchecked()
    if unchecked:
        out += ["", "**Not checked:** " + ", ".join(f"`{a}`" for a in unchecked) + "."]
    pages = list(dict.fromkeys(coverage.equations.values()))
    for src_uri in pages:
        anchors = [a for a, s in coverage.equations.items() if s == src_uri]
        out += [
            "",
            f"## {titles.get(src_uri, src_uri)}",
            "",
            f"Page: [{src_uri}]({src_uri}).",
            "",
            "| equation | anchor | checked by | kinds |",
            "|---|---|---|---|",
        ]
        for anchor in anchors:
            number = numbers.get(anchor, "?")
            checks = coverage.checks(anchor)
            links = ", ".join(_block_link(b, src_uri) for b in checks)
            kinds = _kind_list(k for b in checks for k in b.kinds_for(anchor))
            out.append(
                f'| <span id="map-{anchor}"></span>[({number})]({src_uri}#{anchor}) '
                f"| `{anchor}` | {links or '**not checked**'} | {kinds or '—'} |"
            )
    others = [b for b in coverage.blocks if not b.anchors and b.src_uri in pages]
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


# ---------------------------------------------------------------- MkDocs events

COVERAGE: list[Coverage] = [Coverage()]


def _equation_numbers() -> dict[str, str]:
    if not sm.EQUATIONS:
        raise PluginError("hooks/verification_map.py needs the math hooks listed before it")
    return {anchor: eq.number for anchor, eq in sm.EQUATIONS.items()}


def _title(file: File) -> str:
    """A page's H1: ``# Title`` in Markdown, ``# # Title`` in a jupytext notebook."""
    if file.src_uri.endswith(".md"):
        markdown, meta = get_data(file.content_string)
        match = re.search(r"^# (.+)$", markdown, re.MULTILINE)
        return str(meta.get("title") or (match[1].strip() if match else file.src_uri))
    match = re.search(r"^# # (.+)$", file.content_string, re.MULTILINE)
    return match[1].strip() if match else file.src_uri


def _nav_order(nav: object) -> list[str]:
    """The page paths of the ``nav`` setting, in reading order."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_order(value)]
    if isinstance(nav, list):
        return [p for item in nav for p in _nav_order(item)]
    return []


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if files.get_file_from_path(MAP_URI) is not None:
        raise PluginError(f"docs/{MAP_URI} exists; the verification map is generated")
    pages = [f for f in files.documentation_pages() if f.src_uri.endswith((".md", ".py", ".ipynb"))]
    # The map lists the pages in the order a reader meets them in the navigation.
    order = {uri: k for k, uri in enumerate(_nav_order(config["nav"]))}
    pages.sort(key=lambda f: (order.get(f.src_uri, len(order)), f.src_uri))
    try:
        coverage = coverage_of((f.src_uri, f.content_string) for f in pages)
    except ValueError as error:
        raise PluginError(str(error)) from error
    COVERAGE[0] = coverage
    titles = {f.src_uri: _title(f) for f in pages}
    content = map_markdown(coverage, _equation_numbers(), titles)
    files.append(File.generated(config, MAP_URI, content=content))
    return files


def _block_ids(content: str, page: Page, blocks: list[Block]) -> str:
    found = len(HTML_BLOCK_RE.findall(content))
    if found != len(blocks):
        raise PluginError(
            f"{page.file.src_uri}: {len(blocks)} Python blocks in the source, {found} in the "
            "HTML; the verification map cannot link to them"
        )
    ids = iter(b.anchor for b in blocks)
    content = HTML_BLOCK_RE.sub(lambda m: f'{m[0]} id="{next(ids)}"', content)
    if page.present_anchor_ids is not None:
        page.present_anchor_ids.update(b.anchor for b in blocks)
    return content


SUMMARY_BEFORE_BLOCK_RE = re.compile(
    r"(<summary>)(?P<text>(?:(?!</summary>).)*)(</summary>\s*"
    r'<div class="language-(?:python3?|py) highlight" id="(?P<id>check-\d+)")',
    re.DOTALL,
)


def _summary_numbers(content: str, blocks: list[Block], numbers: dict[str, str]) -> str:
    """A check box's summary also names, by number, the equations its block claims.

    The block's first line names them by anchor (``# checks: eq-...``); the reader sees
    numbers, so the one-line summary of a ``???`` box ends with them: "... (D13, D15)".
    """
    by_id = {b.anchor: b for b in blocks}

    def add(match: re.Match[str]) -> str:
        block = by_id[match["id"]]
        claimed = ", ".join(numbers[a] for a in block.anchors if a in numbers)
        if not claimed:
            return match[0]
        label = f' <span class="check-claims">({html.escape(claimed)})</span>'
        return f"{match[1]}{match['text']}{label}{match[3]}"

    return SUMMARY_BEFORE_BLOCK_RE.sub(add, content)


def _check_links(content: str, page: Page, coverage: Coverage, files: Files) -> str:
    map_file = files.get_file_from_path(MAP_URI)
    assert map_file is not None
    href = get_relative_url(map_file.url, page.file.url)

    def link(match: re.Match[str]) -> str:
        anchor = match["anchor"]
        if coverage.equations.get(anchor) != page.file.src_uri:
            return match[0]
        kinds = _kind_list(k for b in coverage.checks(anchor) for k in b.kinds_for(anchor))
        if not kinds:
            return match[0]
        title = html.escape(f"Checked ({kinds}): see the verification map", quote=True)
        return (
            f'{match[0]}<a class="equation-check" href="{href}#map-{anchor}" '
            f'title="{title}" aria-label="{title}" data-search-exclude>✓</a>'
        )

    return re.sub(
        r'<a class="equation-number" href="#(?P<anchor>eq-[^"]+)"[^>]*>.*?</a>', link, content
    )


def on_page_content(html_: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    coverage = COVERAGE[0]
    blocks = [b for b in coverage.blocks if b.src_uri == page.file.src_uri]
    if blocks and page.file.src_uri.endswith(".md"):
        html_ = _block_ids(html_, page, blocks)
        html_ = _summary_numbers(html_, blocks, _equation_numbers())
    return _check_links(html_, page, coverage, files)
