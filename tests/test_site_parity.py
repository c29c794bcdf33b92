"""The Python blocks a reader sees are exactly the blocks pytest executes, page by page.

"Shown" comes from the HTML that ``mkdocs build`` writes; "executed" comes from
pytest-markdown-docs' own extractor, driven by the same parser hook as the test run
(see the root ``conftest.py``). A block nested where the test parser cannot see it (a
content tab, say), or marked ``notest``, is shown but not executed, and fails here.
"""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from markdown_it import MarkdownIt
from pytest_markdown_docs.plugin import FenceSyntax, extract_fence_tests
from sitebuild import DOCS, html_for, markdown_pages

PYTHON_CLASSES = {"language-python", "language-py", "language-python3"}


def shown_python_blocks(page_html: str) -> list[str]:
    """The text of every Python code block in the page's article, in order."""
    soup = BeautifulSoup(page_html, "html.parser")
    article = soup.find("article") or soup
    blocks = []
    for div in article.select("div.highlight"):
        if PYTHON_CLASSES & set(div.get_attribute_list("class")):
            code = div.find("code")
            assert code is not None, f"a highlighted block without <code>: {div}"
            blocks.append(code.get_text())
    return blocks


def executed_python_blocks(source: str, parser: MarkdownIt) -> list[str]:
    """The code of each block pytest-markdown-docs runs, continuation prefixes included."""
    tests = extract_fence_tests(
        parser, source, 0, Path("page.md"), fence_syntax=FenceSyntax.superfences
    )
    return [t.source for t in tests]


def parity_problems(shown: list[str], executed: list[str]) -> list[str]:
    """Describe every way the shown and executed blocks differ (empty: they agree)."""
    if len(shown) != len(executed):
        return [f"{len(shown)} Python blocks shown, {len(executed)} executed"]
    problems = []
    for k, (seen, ran) in enumerate(zip(shown, executed, strict=True), start=1):
        # A continuation block runs after the blocks before it: the run ends with it.
        if not ran.rstrip().endswith(seen.rstrip()):
            problems.append(f"block {k}: shown text is not what runs:\n{seen}")
    return problems


@pytest.fixture(scope="module")
def parser(pytestconfig: pytest.Config) -> MarkdownIt:
    parser: MarkdownIt = pytestconfig.hook.pytest_markdown_docs_markdown_it()
    return parser


@pytest.mark.parametrize("page", markdown_pages(), ids=str)
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
    # A continuation runs its predecessors first; its own text must still come last.
    assert parity_problems(["b = 2\n"], ["a = 1\n\nb = 2\n"]) == []
