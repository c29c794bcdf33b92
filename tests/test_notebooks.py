"""The notebooks run, and their built pages are typeset like the rest of the site.

* Each jupytext notebook under ``docs/notebooks/`` runs once per test session, in the
  session's site build: mkdocs-jupyter executes it in a fresh kernel (``execute: true``,
  ``allow_errors: false``), so an error or a failed assertion in any cell fails the build,
  and with it ``make test``, with a message naming the notebook and the cell
  (``sitebuild.failed_cell``). The tests here check that the build did run every cell of
  the source, in order, without an error, and that a failing cell does fail a build.
* Each built notebook page has its math typeset as MathML (no ``$``, ``\\(`` or TeX
  commands left in the text), loads nothing from another host and no MathJax, shows its
  plots as opaque PNGs (a transparent plot is unreadable on the dark page), and offers
  the ``.ipynb`` and ``.py`` downloads it links.

The checks on pages are also run on synthetic pages that break each rule, and a build on a
notebook whose cell fails: both must fail.
"""

from __future__ import annotations

import base64
import html
import io
import posixpath
import re
from pathlib import Path
from typing import Any

import jupytext
import nbformat
import numpy as np
import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import yaml_load  # mkdocs.yml's !ENV tags
from PIL import Image
from sitebuild import DOCS, ROOT, build_site, html_for
from sitepages import parsed, parsed_html

NOTEBOOKS = sorted((DOCS / "notebooks").glob("*.py"))
TEX_LEFTOVER_RE = re.compile(r"\$|\\\(|\\\[|\\[A-Za-z]+\{?")
REMOTE_RE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)  # an absolute URL
URL_IN_CODE_RE = re.compile(r"https?:\\?/\\?/", re.IGNORECASE)  # also JSON's https:\/\/
# <link rel> values that name a page, not a resource the browser fetches.
NOT_FETCHED = {"canonical", "alternate", "prev", "next"}
# url(...) or @import "..." naming another host.
CSS_REMOTE_RE = re.compile(r"(?:url\(\s*|@import\s+)['\"]?(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


def executed_cells(page_html: str) -> list[tuple[str, str]]:
    """The code cells of a built notebook page, in order: (input prompt, code)."""
    article = parsed_html(page_html).find("article")
    assert article is not None
    cells = article.select('[id^="cell-id="].jp-CodeCell')  # the template nests a copy
    out = []
    for cell in cells:
        prompt, code = (
            cell.select_one(".jp-InputPrompt"),
            cell.select_one(".jp-InputArea-editor pre"),
        )
        out.append(
            (
                prompt.get_text().replace("\xa0", " ").strip() if prompt else "",
                code.get_text() if code else "",
            )
        )
    return out


def run_problems(page_html: str, notebook: nbformat.NotebookNode) -> list[str]:
    """How the build's run of a notebook falls short of running every source cell once, in
    order, without an error (empty: it did)."""
    source = [c.source.rstrip("\n") for c in notebook.cells if c.cell_type == "code"]
    shown = executed_cells(page_html)
    problems = []
    if len(shown) != len(source):
        problems.append(f"{len(shown)} code cells on the page, {len(source)} in the source")
    for k, ((prompt, code), expected) in enumerate(zip(shown, source, strict=False), 1):
        if prompt != f"In [{k}]:":
            problems.append(f"code cell {k}: prompt {prompt!r}, not executed as In [{k}]")
        if code.rstrip("\n") != expected:
            problems.append(f"code cell {k}: the page shows other code than the source")
    soup = parsed_html(page_html)
    for error in soup.select('article [data-mime-type="application/vnd.jupyter.stderr"]'):
        problems.append(f"an error or stderr output: {error.get_text()[:200]!r}")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path: Path, built_site: Path) -> None:
    """The session's build executed every cell of the notebook's source without an error."""
    page_html = html_for(built_site, path.relative_to(DOCS)).read_text("utf-8")
    assert run_problems(page_html, jupytext.read(path)) == []


def test_there_are_three_notebooks() -> None:
    assert [p.name for p in NOTEBOOKS] == [
        "finite-differences.py",
        "gradient-descent.py",
        "kronecker-cost.py",
    ]


def jupyter_config() -> dict[str, Any]:
    """The mkdocs-jupyter settings in mkdocs.yml."""
    config = yaml_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "mkdocs-jupyter" in plugin:
            return dict(plugin["mkdocs-jupyter"])
    raise AssertionError("mkdocs.yml has no mkdocs-jupyter plugin")


def test_the_build_runs_the_notebooks_and_stops_on_an_error() -> None:
    config = jupyter_config()
    assert config["execute"] is True and config["allow_errors"] is False
    assert config["cache"] is False  # a cached run would not run the notebook again
    assert sorted(DOCS.glob(*config["include"])) == NOTEBOOKS


def test_a_failing_cell_fails_the_build_naming_notebook_and_cell(tmp_path: Path) -> None:
    """A build with the site's notebook settings, on a notebook whose third cell fails."""
    config = {"site_name": "broken", "plugins": [{"mkdocs-jupyter": jupyter_config()}]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), "utf-8")
    (tmp_path / "docs" / "notebooks").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Broken\n", "utf-8")
    for bad, error in [
        ("raise RuntimeError('broken on purpose')", "RuntimeError: broken on purpose"),
        ("assert 1 + 1 == 3", "AssertionError"),
    ]:
        notebook = tmp_path / "docs" / "notebooks" / "bad.py"
        notebook.write_text(f"# %% [markdown]\n# # Bad\n\n# %%\nx = 1\n\n# %%\n{bad}\n", "utf-8")
        with pytest.raises(AssertionError) as failure:
            build_site(tmp_path / "site", root=tmp_path)
        first = str(failure.value).splitlines()[:2]
        assert first == [
            f"notebook docs/notebooks/bad.py: cell 3 of 3 (code cell 2, In [2]) failed: {error}",
            f"    {bad}",
        ]


def _notebook_page(cells: list[tuple[str, str]], extra: str = "") -> str:
    body = "".join(
        f'<div class="jp-Cell jp-CodeCell" id="cell-id={k}"><div class="jp-InputPrompt">{prompt}'
        f'</div><div class="jp-InputArea-editor"><pre>{html.escape(code)}</pre></div></div>'
        for k, (prompt, code) in enumerate(cells, 1)
    )
    return f"<html><body><article>{body}{extra}</article></body></html>"


def test_run_problems_catch_each_shortfall() -> None:
    notebook = jupytext.reads("# %%\nx = 1\n\n# %%\nassert x == 1\n", fmt="py:percent")
    good = [("In&nbsp;[1]:", "x = 1"), ("In&nbsp;[2]:", "assert x == 1\n")]
    stderr = '<div data-mime-type="application/vnd.jupyter.stderr"><pre>Traceback</pre></div>'
    assert run_problems(_notebook_page(good), notebook) == []
    for broken, extra in [
        (good[:1], ""),  # a cell missing
        ([("In&nbsp;[ ]:", "x = 1"), good[1]], ""),  # a cell not executed
        ([good[1], good[0]], ""),  # out of order
        ([good[0], ("In&nbsp;[2]:", "assert x == 2")], ""),  # other code than the source
        (good, stderr),  # an error output
    ]:
        assert run_problems(_notebook_page(broken, extra), notebook) != []


# -- the built pages -------------------------------------------------------------------


def page_problems(page_html: str, labels: int, plots: int) -> list[str]:
    """Every way a built notebook page breaks the site's rules (empty: none)."""
    soup = BeautifulSoup(page_html, "html.parser")
    problems = []
    if "mathjax" in page_html.lower():
        problems.append("the page mentions MathJax")
    for tag in soup.find_all(["script", "link", "img", "iframe", "source", "embed"]):
        if tag.name == "link" and set(tag.get_attribute_list("rel")) <= NOT_FETCHED:
            continue
        for attr in ("src", "href"):
            value = tag.get(attr)
            if isinstance(value, str) and REMOTE_RE.match(value):
                problems.append(f"<{tag.name} {attr}={value!r}> loads from another host")
        if tag.name == "script" and URL_IN_CODE_RE.search(tag.get_text()):
            problems.append(f"a script refers to another host: {tag.get_text()[:80]!r}")
        if tag.name == "script" and tag.get("src") == "":
            problems.append("an empty <script src>")
    for style in soup.find_all("style"):
        if CSS_REMOTE_RE.search(style.get_text()):
            problems.append("a stylesheet imports from another host")

    article = soup.find("article")
    if article is None:
        return [*problems, "no <article>"]
    if not article.select("math"):
        problems.append("no MathML")
    equations = article.select("div.equation")
    if len(equations) != labels:
        problems.append(f"{len(equations)} numbered equations, {labels} labels in the source")
    for node in article.select("math, style, script, pre, code"):
        node.decompose()
    for cell in article.select(".jp-MarkdownOutput"):
        leftover = TEX_LEFTOVER_RE.search(cell.get_text())
        if leftover:
            problems.append(f"raw TeX in a Markdown cell: {leftover.group(0)!r}")

    images = [img for img in article.find_all("img") if isinstance(img.get("src"), str)]
    pngs = [str(img["src"]) for img in images if str(img["src"]).startswith("data:image/png")]
    if len(pngs) != plots:
        problems.append(f"{len(pngs)} PNG plots, {plots} plt.show() calls in the source")
    for src in pngs:
        image = Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1])))
        if image.mode in ("RGBA", "LA", "P") and alpha_min(image) < 255:
            problems.append("a plot has transparent pixels (unreadable on the dark page)")
    return problems


def alpha_min(image: Image.Image) -> float:
    """The smallest alpha of the image: 255 means fully opaque."""
    return float(np.asarray(image.convert("RGBA"))[..., 3].min())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_page_is_typeset_and_self_contained(path: Path, built_site: Path) -> None:
    source = path.read_text("utf-8")
    labels = len(re.findall(r"\\label\{eq-", source))
    plots = source.count("plt.show()")
    assert labels > 0 and plots > 0
    page_html = html_for(built_site, path.relative_to(DOCS)).read_text("utf-8")
    assert page_problems(page_html, labels, plots) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_page_offers_its_downloads(path: Path, built_site: Path) -> None:
    page = html_for(built_site, path.relative_to(DOCS))
    soup = parsed(page)
    hrefs = [str(a["href"]) for a in soup.select("p.notebook-download a[href]")]
    assert hrefs == [f"{path.stem}.ipynb", path.name]
    # The .py is the source itself; the .ipynb has the same cells.
    assert (page.parent / path.name).read_bytes() == path.read_bytes()
    ipynb = nbformat.read(  # type: ignore[no-untyped-call]
        page.parent / f"{path.stem}.ipynb", as_version=4
    )
    nbformat.validate(ipynb)
    expected = jupytext.read(path)
    assert [(c.cell_type, c.source) for c in ipynb.cells] == [
        (c.cell_type, c.source) for c in expected.cells
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_page_links_resolve(path: Path, built_site: Path) -> None:
    page = html_for(built_site, path.relative_to(DOCS))
    soup = parsed(page)
    article = soup.find("article")
    assert article is not None
    ids = {str(tag["id"]) for tag in soup.find_all(id=True)}
    for a in article.find_all("a", href=True):
        href = str(a["href"])
        if REMOTE_RE.match(href) or href.startswith("mailto:"):
            continue
        target, _, fragment = href.partition("#")
        if not target:
            assert fragment in ids, f"#{fragment} is not on the page"
            continue
        resolved = Path(posixpath.normpath(posixpath.join(str(page.parent), target)))
        assert resolved.exists() or (resolved / "index.html").exists(), href


# -- the page checks can fail ------------------------------------------------------------

GOOD = (
    '<html><head><link rel="canonical" href="https://example.org/page/"></head>'
    "<body><article>"
    '<div class="jp-MarkdownOutput"><p>Text <math><mi>x</mi></math></p>'
    '<div class="equation" id="eq-a"></div></div>'
    "</article></body></html>"
)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Text", "Text $x$"),  # math left raw
        ("Text", "Text \\(x\\)"),
        ("Text", "Text \\nabla"),
        ("<body>", '<body><script src="https://cdn.example/mathjax.js"></script>'),
        ("<body>", '<body><script type="text/x-mathjax-config"></script>'),
        ("<body>", '<body><script src=""></script>'),
        ("<body>", '<body><script>import("https://cdnjs.example/m.mjs")</script>'),
        ("<body>", '<body><link rel="stylesheet" href="//fonts.example/css">'),
        ("<body>", "<body><style>@import url(https://x.example/a.css);</style>"),
        ("<body>", '<body><style>@import "//x.example/a.css";</style>'),
        ("<math><mi>x</mi></math>", ""),  # no typeset math at all
        ('<div class="equation" id="eq-a"></div>', ""),  # a label without an equation
    ],
)
def test_page_problems_catch_each_breach(old: str, new: str) -> None:
    # The site's own style sheets, imported by mathproofs_site/speed.py, are not a breach.
    local = GOOD.replace("<head>", '<head><style>@import url("/site/a.css");</style>')
    assert page_problems(local, labels=1, plots=0) == []
    assert page_problems(GOOD, labels=1, plots=0) == []
    assert page_problems(GOOD.replace(old, new, 1), labels=1, plots=0) != []


def _png(mode: str, color: tuple[int, ...]) -> str:
    buffer = io.BytesIO()
    Image.new(mode, (4, 4), color).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def test_page_problems_catch_transparent_and_missing_plots() -> None:
    opaque = GOOD.replace(
        "</article>", f'<img src="{_png("RGBA", (255, 255, 255, 255))}"></article>'
    )
    see_through = GOOD.replace(
        "</article>", f'<img src="{_png("RGBA", (255, 255, 255, 0))}"></article>'
    )
    assert page_problems(opaque, labels=1, plots=1) == []
    assert page_problems(see_through, labels=1, plots=1) != []
    assert page_problems(GOOD, labels=1, plots=1) != []
