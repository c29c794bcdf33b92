"""Every numbered equation is claimed by an executed check, and the map shows it.

The claims are the ``# checks: eq-... (kind)`` markers of the page blocks, read by the
site plugin's registry (``mathproofs_site.registry``, the same code the build uses to
generate the Verification map). The tests below show that coverage is 100%, that the
registry sees exactly the blocks pytest runs, that the built map links both ways, that a
block's anchor survives inserting another block, and, on synthetic pages, that each check
fails when it should.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from markdown_it import MarkdownIt
from pytest_markdown_docs.plugin import FenceSyntax, extract_fence_tests
from sitebuild import DOCS, ROOT, html_for, markdown_pages
from sitepages import parsed

from mathproofs_site import PageError, blocks, registry
from mathproofs_site import html as h
from mathproofs_site.config import read_site
from mathproofs_site.registry import Registry, Source
from mathproofs_site.verification_map import map_markdown

SITE = read_site(ROOT / "mkdocs.yml")
PREFIX = "---\nequation_prefix: X\n---\n"
EQUATION = "$$\ny = Mx\n\\label{eq-model}\n$$\n"


def fence(code: str) -> str:
    return f"```python\n{code}```\n"


def page(*parts: str) -> Source:
    """A synthetic Markdown page x.md, with an equation prefix."""
    return Source("x.md", PREFIX + "".join(parts))


# ---------------------------------------------------------------- the site's coverage


@pytest.fixture(scope="module")
def coverage() -> Registry:
    return registry.build(registry.docs_sources(DOCS, SITE.plugin.notebooks))


def test_the_tests_read_the_notebooks_mkdocs_jupyter_renders() -> None:
    assert SITE.jupyter_include == [SITE.plugin.notebooks]


def test_every_numbered_equation_is_checked(coverage: Registry) -> None:
    assert coverage.equations, "no numbered equations found: the scan is broken"
    assert coverage.unchecked() == []


def test_every_marker_names_an_existing_equation(coverage: Registry) -> None:
    unknown = [f"{b.src_uri} block {b.index}: {a}" for b, a in coverage.unknown()]
    assert unknown == []


def test_the_post_pages_carry_markers_in_every_equation_block(coverage: Registry) -> None:
    """On the lead's pages every block claims an equation, except the one validation demo."""
    pages = ["derivation.md", "proofs/proof-1.md", "proofs/proof-2.md"]
    unclaimed = [
        f"{b.src_uri} block {b.index}"
        for b in coverage.blocks
        if b.src_uri in pages and not b.claims
    ]
    assert unclaimed == []


@pytest.fixture(scope="module")
def parser(pytestconfig: pytest.Config) -> MarkdownIt:
    parser: MarkdownIt = pytestconfig.hook.pytest_markdown_docs_markdown_it()
    return parser


@pytest.mark.parametrize("page", markdown_pages(), ids=str)
def test_the_registry_sees_the_blocks_pytest_runs(page: Path, parser: MarkdownIt) -> None:
    """The map's block k is the k-th block pytest-markdown-docs executes on the page."""
    source = (DOCS / page).read_text("utf-8")
    executed = extract_fence_tests(
        parser, source, 0, Path("page.md"), fence_syntax=FenceSyntax.superfences
    )
    seen = registry.blocks_of(Source(page.as_posix(), source))
    assert [b.code.strip() for b in seen] == [t.source.strip() for t in executed]


# ---------------------------------------------------------------- the checks can fail


def test_an_equation_without_a_check_is_reported() -> None:
    coverage = registry.build([page(EQUATION, "\n", fence("assert True\n"))])
    assert coverage.unchecked() == ["eq-model"]


def test_a_marker_for_a_missing_equation_is_reported() -> None:
    marked = fence("# checks: eq-model, eq-nowhere (exact)\nassert True\n")
    coverage = registry.build([page(EQUATION, marked)])
    assert coverage.unchecked() == []
    assert [a for _, a in coverage.unknown()] == ["eq-nowhere"]


def test_a_claim_on_another_page_counts() -> None:
    marked = Source("b.md", fence("# checks: eq-model (numeric)\nassert True\n"))
    coverage = registry.build([Source("a.md", PREFIX + EQUATION), marked])
    assert coverage.unchecked() == [] and coverage.unknown() == []
    assert [b.src_uri for b in coverage.checks("eq-model")] == ["b.md"]


NOTEBOOK_HEAD = "# ---\n# jupyter:\n#   mathproofs:\n#     equation_prefix: N\n# ---\n\n"


def test_markers_inside_boxes_and_notebooks_are_read() -> None:
    boxed = '!!! note "Box"\n\n    ```python\n    # checks: eq-model (exact)\n    pass\n    ```\n'
    notebook = (
        NOTEBOOK_HEAD + "# %% [markdown]\n# $$ y = Mx \\label{eq-nb} $$\n\n"
        "# %%\n# checks: eq-nb (numeric)\n"
    )
    coverage = registry.build(
        [page(EQUATION, boxed), Source("notebooks/n.py", notebook, notebook=True)]
    )
    assert coverage.unchecked() == []
    assert coverage.checks("eq-nb")[0].kinds_for("eq-nb") == ("numeric",)
    assert coverage.equations["eq-nb"].number == "N1"


@pytest.mark.parametrize(
    "line",
    [
        "# checks: eq-model",  # no kind
        "# checks: eq-model (approximate)",  # unknown kind
        "# check: eq-model (exact)",  # singular
        "# Checks: eq-model (exact)",  # capital
        "# checks: eq-model,eq-loss (exact)",  # no space after the comma
        "# checks: model (exact)",  # not an eq- anchor
    ],
)
def test_a_malformed_marker_is_an_error(line: str) -> None:
    with pytest.raises(PageError, match=r"^x\.md:\d+: .*(marker|kind)"):
        registry.build([page(EQUATION, fence(f"{line}\npass\n"))])


def test_a_code_block_in_another_language_claims_nothing() -> None:
    coverage = registry.build([page(EQUATION, "```text\n# checks: eq-model (exact)\n```\n")])
    assert coverage.unchecked() == ["eq-model"]


def test_the_map_reports_less_than_full_coverage() -> None:
    second = EQUATION.replace("model", "loss")
    coverage = registry.build([page(EQUATION, second, fence("# checks: eq-model (exact)\n"))])
    text = map_markdown(coverage)
    assert "**1 of 2 numbered equations (50%) are checked**" in text
    assert "**Not checked:** `eq-loss`" in text
    assert "```" not in text


# ---------------------------------------------------------------- block anchors stay put

EQUATIONS = "".join(EQUATION.replace("model", name) for name in ["a", "b", "c", "d"])
CLAIMS = ["eq-a", "eq-b, eq-c", None, "eq-d", "eq-a"]


def marked_blocks(claims: list[str | None]) -> str:
    return "".join(fence(f"# checks: {c} (numeric)\npass\n" if c else "pass\n") for c in claims)


def anchors_by_code(claims: list[str | None], inserted_at: int | None = None) -> list[str]:
    """The anchors of the blocks of ``CLAIMS``, as the built page gets them, with one new
    block (claiming eq-d, eq-a) inserted at ``inserted_at``."""
    claims = list(claims)
    if inserted_at is not None:
        claims.insert(inserted_at, "eq-d, eq-a")
    source = page(EQUATIONS, marked_blocks(claims))
    found = registry.build([source]).blocks_on("x.md")
    # Through the HTML step too: the anchors go where the page's Python blocks are.
    python = '<div class="language-python highlight"><pre><code>x</code></pre></div>'
    tree = h.parse_content("<p>text</p>" + python * len(found))
    blocks.mark_blocks(h.body(tree), found, {}, "x.md")
    ids = [node.attributes.get("id") or "" for node in blocks.python_blocks(h.body(tree))]
    assert ids == [b.anchor for b in found]
    return [anchor for k, anchor in enumerate(ids) if k != inserted_at]


def test_a_block_anchor_is_what_the_block_claims() -> None:
    assert anchors_by_code(CLAIMS) == ["check-a", "check-b--c", "check_1", "check-d", "check-a_2"]


@pytest.mark.parametrize("where", range(len(CLAIMS) + 1))
def test_inserting_a_block_moves_no_other_block_anchor(where: int) -> None:
    """A link to ``page#check-...`` (the map's, a lecturer's) keeps its block when a block
    is inserted anywhere before or after it."""
    assert anchors_by_code(CLAIMS, inserted_at=where) == anchors_by_code(CLAIMS)


def test_the_map_links_to_a_block_by_its_claims() -> None:
    source = page(EQUATIONS, marked_blocks(CLAIMS))
    text = map_markdown(registry.build([source]))
    assert "(x.md#check-b--c)" in text and "(x.md#check-a_2)" in text


# ---------------------------------------------------------------- the built map


@functools.cache
def _soup(site: Path, page: str) -> BeautifulSoup:
    """Parse a built page once per session: the map test visits each page many times."""
    return parsed(html_for(site, Path(page)))


def test_the_map_lists_every_equation_with_links_both_ways(
    built_site: Path, coverage: Registry
) -> None:
    soup = _soup(built_site, "verification-map.md")
    article = soup.find("article")
    assert article is not None
    assert "(100%) are checked" in article.get_text()
    assert not article.select("div.highlight"), "the map must not show code blocks"
    rows = {str(span["id"])[len("map-") :]: span for span in article.select('span[id^="map-"]')}
    assert sorted(rows) == sorted(coverage.equations)
    ids: dict[str, dict[str, Tag]] = {}  # page -> its elements by id (one scan a page)

    def by_id(page: str, element_id: str) -> Tag | None:
        if page not in ids:
            found = _soup(built_site, page).find_all(id=True)
            ids[page] = {str(tag["id"]): tag for tag in reversed(found)}  # the first wins
        return ids[page].get(element_id)

    for anchor, registered in coverage.equations.items():
        src_uri = registered.src_uri
        row = rows[anchor].find_parent("tr")
        assert row is not None
        hrefs = [str(a["href"]) for a in row.select("a[href]")]
        page_url = html_for(Path("/"), Path(src_uri)).parent.as_posix().strip("/")
        # map -> equation, and map -> each block that checks it
        assert f"../{page_url}/#{anchor}".replace("//", "/") in hrefs
        block_links = [href for href in hrefs if "#check" in href]
        checks = coverage.checks(anchor)
        # Notebook cells have no block anchor: the map links to their page.
        assert len(block_links) == len([b for b in checks if b.src_uri.endswith(".md")])
        # equation -> map: the check mark next to its number points at this row
        equation = by_id(src_uri, anchor)
        assert equation is not None
        mark = equation.select_one("a.equation-check")
        assert mark is not None and str(mark["href"]).endswith(f"verification-map/#map-{anchor}")
        for href in block_links:
            block_id = href.rsplit("#", 1)[1]
            found = by_id(_page_of(href), block_id)
            assert found is not None and "language-python" in found.get_attribute_list("class")
            assert anchor in found.get_text()


def _page_of(href: str) -> str:
    """The Markdown page behind a map link such as ``../proofs/proof-1/#check-2``."""
    path = href.split("#", 1)[0].removeprefix("../").strip("/")
    candidates = [
        p for p in markdown_pages() if html_for(Path("/"), p).parent.as_posix() == f"/{path}"
    ]
    assert len(candidates) == 1, href
    return candidates[0].as_posix()


def test_the_home_page_links_to_the_map(built_site: Path) -> None:
    soup = _soup(built_site, "index.md")
    assert soup.select('article a[href$="verification-map/"]')
    assert re.search(r"Verification map", soup.get_text())


def test_each_check_box_summary_names_its_equations_by_number(
    built_site: Path, coverage: Registry
) -> None:
    """The code names equations by anchor; the box's summary names them as the page does."""
    numbers = {
        str(eq["id"]): eq.select_one("a.equation-number").get_text().strip("()")  # type: ignore[union-attr]
        for src in markdown_pages()
        for eq in _soup(built_site, src.as_posix()).select("div.equation[id]")
    }
    seen = 0
    for src in markdown_pages():
        page = _soup(built_site, src.as_posix())
        # A check box: its summary, then its block (boxes may nest, as a solution's do).
        for block in page.select("details.success > div.language-python[id^=check]"):
            summary = block.find_previous_sibling()
            if summary is None or summary.name != "summary":
                continue
            claimed = [
                a
                for b in coverage.blocks_on(src.as_posix())
                if b.anchor == block["id"]
                for a in b.anchors
            ]
            expected = ", ".join(numbers[a] for a in claimed)
            label = summary.select_one(".check-claims")
            if not expected:  # a block that claims no equation: its summary gets no numbers
                assert label is None, (src, block["id"])
                continue
            assert label is not None and label.get_text() == f"({expected})", (src, block["id"])
            seen += 1
    assert seen > 20
