"""Every numbered equation is claimed by an executed check, and the map shows it.

The claims are the ``# checks: eq-... (kind)`` markers of the page blocks, read by
``hooks/verification_map.py`` (the same code the build uses to generate the Verification
map). The tests below show that coverage is 100%, that the hook sees exactly the blocks
pytest runs, that the built map links both ways, and, on synthetic pages, that each check
fails when it should.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from pytest_markdown_docs.plugin import FenceSyntax, extract_fence_tests
from sitebuild import DOCS, html_for, load_hook, markdown_pages

vm = load_hook("verification_map")

EQUATION = "$$\ny = Mx\n\\label{eq-model}\n$$\n"


def fence(code: str) -> str:
    return f"```python\n{code}```\n"


# ---------------------------------------------------------------- the site's coverage


@pytest.fixture(scope="module")
def coverage() -> object:
    return vm.coverage_of(vm.docs_sources(DOCS))


def test_every_numbered_equation_is_checked(coverage: object) -> None:
    assert coverage.equations, "no numbered equations found: the scan is broken"  # type: ignore[attr-defined]
    assert coverage.unchecked() == []  # type: ignore[attr-defined]


def test_every_marker_names_an_existing_equation(coverage: object) -> None:
    unknown = [f"{b.src_uri} block {b.index}: {a}" for b, a in coverage.unknown()]  # type: ignore[attr-defined]
    assert unknown == []


def test_the_post_pages_carry_markers_in_every_equation_block(coverage: object) -> None:
    """On the lead's pages every block claims an equation, except the one validation demo."""
    pages = ["derivation.md", "proofs/proof-1.md", "proofs/proof-2.md"]
    unclaimed = [
        f"{b.src_uri} block {b.index}"
        for b in coverage.blocks  # type: ignore[attr-defined]
        if b.src_uri in pages and not b.claims
    ]
    assert unclaimed == []


@pytest.fixture(scope="module")
def parser(pytestconfig: pytest.Config) -> MarkdownIt:
    parser: MarkdownIt = pytestconfig.hook.pytest_markdown_docs_markdown_it()
    return parser


@pytest.mark.parametrize("page", markdown_pages(), ids=str)
def test_the_hook_sees_the_blocks_pytest_runs(page: Path, parser: MarkdownIt) -> None:
    """The map's block k is the k-th block pytest-markdown-docs executes on the page."""
    source = (DOCS / page).read_text("utf-8")
    executed = extract_fence_tests(
        parser, source, 0, Path("page.md"), fence_syntax=FenceSyntax.superfences
    )
    seen = vm.page_blocks(page.as_posix(), source)
    assert [b.code.strip() for b in seen] == [t.source.strip() for t in executed]


# ---------------------------------------------------------------- the checks can fail


def test_an_equation_without_a_check_is_reported() -> None:
    page = f"---\nequation_prefix: X\n---\n{EQUATION}\n" + fence("assert True\n")
    coverage = vm.coverage_of([("x.md", page)])
    assert coverage.unchecked() == ["eq-model"]


def test_a_marker_for_a_missing_equation_is_reported() -> None:
    page = EQUATION + fence("# checks: eq-model, eq-nowhere (exact)\nassert True\n")
    coverage = vm.coverage_of([("x.md", page)])
    assert coverage.unchecked() == []
    assert [a for _, a in coverage.unknown()] == ["eq-nowhere"]


def test_a_claim_on_another_page_counts() -> None:
    marked = fence("# checks: eq-model (numeric)\nassert True\n")
    coverage = vm.coverage_of([("a.md", EQUATION), ("b.md", marked)])
    assert coverage.unchecked() == [] and coverage.unknown() == []
    assert [b.src_uri for b in coverage.checks("eq-model")] == ["b.md"]


def test_markers_inside_boxes_and_notebooks_are_read() -> None:
    boxed = '!!! note "Box"\n\n    ```python\n    # checks: eq-model (exact)\n    pass\n    ```\n'
    notebook = "# %% [markdown]\n# $$ y = Mx \\label{eq-nb} $$\n\n# %%\n# checks: eq-nb (numeric)\n"
    coverage = vm.coverage_of([("a.md", EQUATION + boxed), ("notebooks/n.py", notebook)])
    assert coverage.unchecked() == []
    assert coverage.checks("eq-nb")[0].kinds_for("eq-nb") == ("numeric",)


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
    with pytest.raises(ValueError, match=r"marker|kind"):
        vm.coverage_of([("x.md", EQUATION + fence(f"{line}\npass\n"))])


def test_a_code_block_in_another_language_claims_nothing() -> None:
    page = EQUATION + "```text\n# checks: eq-model (exact)\n```\n"
    assert vm.coverage_of([("x.md", page)]).unchecked() == ["eq-model"]


def test_the_map_reports_less_than_full_coverage() -> None:
    coverage = vm.coverage_of([("x.md", EQUATION + EQUATION.replace("model", "loss"))])
    coverage.blocks.extend(vm.page_blocks("x.md", fence("# checks: eq-model (exact)\n")))
    text = vm.map_markdown(coverage, {"eq-model": "X1", "eq-loss": "X2"}, {})
    assert "**1 of 2 numbered equations (50%) are checked**" in text
    assert "**Not checked:** `eq-loss`" in text
    assert "```" not in text


# ---------------------------------------------------------------- the built map


@functools.cache
def _soup(site: Path, page: str) -> BeautifulSoup:
    """Parse a built page once per session: the map test visits each page many times."""
    return BeautifulSoup(html_for(site, Path(page)).read_text("utf-8"), "html.parser")


def test_the_map_lists_every_equation_with_links_both_ways(
    built_site: Path, coverage: object
) -> None:
    soup = _soup(built_site, "verification-map.md")
    article = soup.find("article")
    assert article is not None
    assert "(100%) are checked" in article.get_text()
    assert not article.select("div.highlight"), "the map must not show code blocks"
    rows = {str(span["id"])[len("map-") :]: span for span in article.select('span[id^="map-"]')}
    equations = coverage.equations  # type: ignore[attr-defined]
    assert sorted(rows) == sorted(equations)
    for anchor, src_uri in equations.items():
        row = rows[anchor].find_parent("tr")
        assert row is not None
        hrefs = [str(a["href"]) for a in row.select("a[href]")]
        page_url = html_for(Path("/"), Path(src_uri)).parent.as_posix().strip("/")
        # map -> equation, and map -> each block that checks it
        assert f"../{page_url}/#{anchor}".replace("//", "/") in hrefs
        blocks = [h for h in hrefs if "#check-" in h]
        checks = coverage.checks(anchor)  # type: ignore[attr-defined]
        # Notebook cells have no block anchor: the map links to their page.
        assert len(blocks) == len([b for b in checks if b.src_uri.endswith(".md")])
        # equation -> map: the check mark next to its number points at this row
        page = _soup(built_site, src_uri)
        equation = page.find(id=anchor)
        assert equation is not None
        mark = equation.select_one("a.equation-check")
        assert mark is not None and str(mark["href"]).endswith(f"verification-map/#map-{anchor}")
        for href in blocks:
            block_id = href.rsplit("#", 1)[1]
            target = _soup(built_site, _page_of(href))
            found = target.find(id=block_id)
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
    built_site: Path, coverage: object
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
        for box in page.select("details.success"):
            block = box.select_one("div.language-python[id^=check-]")
            summary = box.find("summary")
            if block is None or summary is None:
                continue
            claimed = [
                a
                for b in coverage.blocks  # type: ignore[attr-defined]
                if b.src_uri == src.as_posix() and b.anchor == block["id"]
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
