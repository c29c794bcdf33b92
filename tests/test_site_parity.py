"""The Python blocks a reader sees are exactly the blocks pytest executes, page by page.

"Shown" comes from the HTML that ``mkdocs build`` writes; "executed" comes from
pytest-markdown-docs' own extractor, driven by the same parser hook as the test run
(see the root ``conftest.py``). The two must be equal, character for character (only
the blank lines the runner adds in front, to keep the page's line numbers, are
removed). A block nested where the test parser cannot see it (a content tab, say), or
marked ``notest``, is shown but not executed, and fails here; so does a block whose run
differs from its text in any way (a ``continuation`` block, a tab shown as spaces, a
line cut off by the test parser).
"""

from __future__ import annotations

import difflib
from pathlib import Path

import markdown
import pytest
from markdown_it import MarkdownIt
from pytest_markdown_docs.plugin import FenceSyntax, extract_fence_tests
from sitebuild import DOCS, html_for, markdown_pages
from sitepages import parsed_html

PYTHON_CLASSES = {"language-python", "language-py", "language-python3"}


def shown_python_blocks(page_html: str) -> list[str]:
    """The text of every Python code block in the page's article, in order."""
    soup = parsed_html(page_html)
    article = soup.find("article") or soup
    blocks = []
    for div in article.select("div.highlight"):
        if PYTHON_CLASSES & set(div.get_attribute_list("class")):
            code = div.find("code")
            assert code is not None, f"a highlighted block without <code>: {div}"
            blocks.append(code.get_text())
    return blocks


def executed_python_blocks(source: str, parser: MarkdownIt) -> list[str]:
    """The code of each block pytest-markdown-docs runs, exactly.

    The runner puts ``start_line`` blank lines in front of a block's code so that the line
    numbers of a traceback are the page's; only those are removed. A ``continuation``
    block's run starts with the blocks before it instead, and is returned whole.
    """
    tests = extract_fence_tests(
        parser, source, 0, Path("page.md"), fence_syntax=FenceSyntax.superfences
    )
    runs = []
    for test in tests:
        padding = "\n" * test.start_line
        runs.append(test.source.removeprefix(padding))
    return runs


def parity_problems(shown: list[str], executed: list[str]) -> list[str]:
    """Describe every way the shown and executed blocks differ (empty: they agree).

    Block k as shown must equal block k as run, character for character. A block that runs
    more than it shows (a ``continuation`` block runs the blocks before it first) or less
    (a line hidden from the reader) fails: the site's blocks are self-contained.
    """
    if len(shown) != len(executed):
        return [f"{len(shown)} Python blocks shown, {len(executed)} executed"]
    problems = []
    for k, (seen, ran) in enumerate(zip(shown, executed, strict=True), start=1):
        if seen != ran:
            diff = "\n".join(
                difflib.unified_diff(
                    ran.splitlines(), seen.splitlines(), "executed", "shown", lineterm=""
                )
            )
            problems.append(f"block {k}: the shown text is not the text that runs:\n{diff}")
    return problems


@pytest.fixture(scope="module")
def parser(pytestconfig: pytest.Config) -> MarkdownIt:
    parser: MarkdownIt = pytestconfig.hook.pytest_markdown_docs_markdown_it()
    return parser


# Pages whose blocks do not come from their Markdown: the API page shows the docstrings'
# examples, and tests/test_api_page.py holds those to the blocks pytest runs from them.
GENERATED = {Path("api.md")}


@pytest.mark.parametrize("page", [p for p in markdown_pages() if p not in GENERATED], ids=str)
def test_shown_blocks_are_executed_blocks(page: Path, built_site: Path, parser: MarkdownIt) -> None:
    shown = shown_python_blocks(html_for(built_site, page).read_text("utf-8"))
    executed = executed_python_blocks((DOCS / page).read_text("utf-8"), parser)
    assert parity_problems(shown, executed) == []


def test_every_page_with_code_has_checks(built_site: Path) -> None:
    """The derivation pages hold executed blocks; an empty parity would prove nothing."""
    for page in ["derivation.md", "proofs/proof-1.md", "proofs/proof-2.md"]:
        assert shown_python_blocks(html_for(built_site, Path(page)).read_text("utf-8"))


# -- the parity check itself can fail: synthetic pages rendered like the site's ----------

EXTENSIONS = [
    "admonition",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.superfences",
    "pymdownx.tabbed",
]
# As in mkdocs.yml: each block's div carries its language class.
EXTENSION_CONFIGS = {"pymdownx.highlight": {"pygments_lang_class": True}}


def render(source: str) -> str:
    html: str = markdown.markdown(
        source, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS
    )
    return html


NESTED = {
    "admonition": "!!! note\n\n    ```python\n    assert 1 + 1 == 2\n    ```\n",
    "details": '??? note "Open"\n\n    ```python\n    assert 2 * 2 == 4\n    ```\n',
    "top level": "```python\nassert 3 - 1 == 2\n```\n",
}


@pytest.mark.parametrize("where", NESTED)
def test_parity_holds_for_blocks_the_parser_sees(where: str, parser: MarkdownIt) -> None:
    source = NESTED[where]
    shown = shown_python_blocks(render(source))
    executed = executed_python_blocks(source, parser)
    assert len(executed) == 1
    assert parity_problems(shown, executed) == []


@pytest.mark.parametrize(
    "source",
    [
        # A content tab hides the fence from the test parser: shown, never run.
        '=== "Tab"\n\n    ```python\n    assert False\n    ```\n',
        # notest: shown, deliberately not run. The site must not do this.
        "```{.python notest}\nassert False\n```\n",
    ],
    ids=["content tab", "notest"],
)
def test_parity_fails_for_unexecuted_blocks(source: str, parser: MarkdownIt) -> None:
    shown = shown_python_blocks(render(source))
    executed = executed_python_blocks(source, parser)
    assert len(shown) == 1 and executed == []
    assert parity_problems(shown, executed) != []


def test_parity_fails_when_the_shown_text_is_not_what_runs() -> None:
    assert parity_problems(["assert True\n"], ["assert 0 == 0\n"]) != []
    # Exact: a run that ends with the shown text is not enough (no suffix match) ...
    assert parity_problems(["b = 2\n"], ["a = 1\n\nb = 2\n"]) != []
    # ... nor one that starts with it, nor one that differs in white space only.
    assert parity_problems(["a = 1\n"], ["a = 1\nassert a == 2\n"]) != []
    assert parity_problems(["a = 1\n"], ["a  = 1\n"]) != []
    assert parity_problems(["a = 1\n"], ["a = 1\n"]) == []


SHOWN_IS_NOT_RUN = {
    # A continuation block runs the block before it first: more runs than it shows.
    "continuation": (
        "```python\na = 1\n```\n\n```{.python continuation}\nassert a == 1\n```\n",
        2,
    ),
    # The page shows a tab as spaces; the run keeps the tab.
    "a tab": ('```python\nx = "a\tb"\nassert "\\t" in x\n```\n', 1),
    # Blank lines the reader does not see.
    "leading blank lines": ("```python\n\n\nassert True\n```\n", 1),
    # Two blank lines end the box for the test parser: the assertion is shown, never run.
    "a box cut short": ("!!! note\n\n    ```python\n    x = 1\n\n\n    assert x\n    ```\n", 1),
}


@pytest.mark.parametrize(("source", "block"), SHOWN_IS_NOT_RUN.values(), ids=SHOWN_IS_NOT_RUN)
def test_parity_fails_on_a_page_whose_shown_text_differs_from_what_runs(
    source: str, block: int, parser: MarkdownIt
) -> None:
    shown = shown_python_blocks(render(source))
    executed = executed_python_blocks(source, parser)
    assert len(shown) == len(executed) == block
    problems = parity_problems(shown, executed)
    assert len(problems) == 1
    assert problems[0].startswith(f"block {block}: the shown text is not the text that runs")
