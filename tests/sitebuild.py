"""Helpers shared by the tests that look at the built site, and the test-seeds plugin.

The second part (at the end) is a pytest plugin that ``make test-seeds`` loads to run only
the page and docstring blocks that draw random data.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

import jupytext
import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def load_hook(name: str) -> ModuleType:
    """``hooks/<name>.py``, the module MkDocs runs, imported for a test."""
    spec = importlib.util.spec_from_file_location(f"{name}_hook", ROOT / "hooks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    sys.path.insert(0, str(ROOT / "hooks"))  # as MkDocs does: hooks import site_math
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "hooks"))
    return module


def build_site(site_dir: Path, root: Path = ROOT, **env_vars: str) -> Path:
    """Run ``mkdocs build --strict`` in ``root`` into ``site_dir`` and return it; fail loudly.

    ``env_vars`` are added to the build's environment (e.g. ``SOURCE_DATE_EPOCH``). The build
    executes every notebook (mkdocs-jupyter, ``allow_errors: false``): when a cell fails, the
    error names the notebook and the cell first, then gives the build's log.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env_vars}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        log = ANSI_RE.sub("", result.stderr)
        failed = failed_cell(log, root / "docs")
        head = f"{failed}\n\n" if failed else ""
        raise AssertionError(f"{head}mkdocs build --strict failed:\n{log}")
    return site_dir


# Colour codes in the tracebacks the kernel sends.
ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")
# How MkDocs reports a page that raised, and nbclient a cell that failed, in the build's log.
CELL_ERROR_RE = re.compile(
    r"Error reading page '(?P<page>[^']+)': An error occurred while executing the following"
    r" cell:\n-+\n(?P<source>.*?)\n-+\n(?P<rest>.*?)(?:\nTraceback \(most recent call last\):\n|$)",
    re.DOTALL,
)


def failed_cell(log: str, docs: Path) -> str | None:
    """From a failed build's log: the notebook, the cell and the error (None: no cell failed)."""
    match = CELL_ERROR_RE.search(log)
    if match is None:
        return None
    page, source = match["page"], match["source"].strip()
    lines = [line.strip() for line in match["rest"].splitlines() if line.strip()]
    error = lines[-1].removesuffix(":") if lines else "(no error message)"
    where = "a cell"
    path = docs / page
    if path.is_file():
        cells = jupytext.read(path).cells
        found = [k for k, cell in enumerate(cells, 1) if cell.source.strip() == source]
        if found:
            k = found[0]
            code = sum(c.cell_type == "code" for c in cells[:k])
            where = f"cell {k} of {len(cells)} (code cell {code}, In [{code}])"
    body = "\n".join(f"    {line}" for line in source.splitlines())
    return f"notebook docs/{page}: {where} failed: {error}\n{body}"


def markdown_pages() -> list[Path]:
    """Every Markdown page of the site, relative to docs/."""
    return sorted(p.relative_to(DOCS) for p in DOCS.rglob("*.md"))


def html_for(site_dir: Path, page: Path) -> Path:
    """The built HTML file of a page's source under docs/, Markdown or notebook (directory URLs)."""
    stem = page.with_suffix("")
    if stem.name == "index":
        return site_dir / stem.parent / "index.html"
    return site_dir / stem / "index.html"


# -- make test-seeds: only the blocks that draw random data -----------------------------
#
# Loaded as a pytest plugin (``PYTHONPATH=tests pytest -p sitebuild ...``); imported as a
# module by the tests, the hooks below do nothing. Only a block that draws random data can
# depend on MATHPROOFS_SEED, and every draw goes through a generator (mathproofs.rng(), or
# numpy's with an explicit seed: tests/test_reproducible.py forbids the rest), whose name
# contains one of these words. ``--blocks=random`` keeps the page and docstring blocks whose
# code matches; ``--blocks=not-random`` the others, and ``--forbid-rng`` makes every way to
# draw raise, which proves (tests/test_reproducible.py) that the rule misses no block.
DRAWS_RANDOM = re.compile(r"rng|random|seed", re.IGNORECASE)


def draws_random(code: str) -> bool:
    """Whether a block's code may draw random data (and so depend on MATHPROOFS_SEED)."""
    return DRAWS_RANDOM.search(code) is not None


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("sitebuild", "page and docstring blocks by randomness")
    group.addoption(
        "--blocks",
        choices=["random", "not-random"],
        help="run only the Markdown blocks whose code does (random) or does not (not-random) "
        "draw random data, by sitebuild.draws_random",
    )
    group.addoption(
        "--forbid-rng",
        action="store_true",
        help="make mathproofs.rng, numpy's default_rng and reading MATHPROOFS_SEED fail",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    which = config.getoption("--blocks", None)
    if which is None:
        return
    keep, drop = [], []
    for item in items:
        code = getattr(item, "code", None)
        if isinstance(code, str) and draws_random(code) != (which == "random"):
            drop.append(item)
        else:
            keep.append(item)
    config.hook.pytest_deselected(items=drop)
    items[:] = keep


FORBIDDEN = "draws random data, yet sitebuild.draws_random does not select it for test-seeds"


def _forbid(function: Callable[..., Any]) -> Callable[..., NoReturn]:
    @functools.wraps(function)  # keeps the docstring, whose blocks are collected too
    def forbidden(*args: object, **kwargs: object) -> NoReturn:
        raise AssertionError(f"this block {FORBIDDEN}")

    return forbidden


def pytest_configure(config: pytest.Config) -> None:
    if not config.getoption("--forbid-rng", False):
        return
    import numpy as np

    import mathproofs
    import mathproofs.checking

    patches = [(mathproofs, "rng"), (mathproofs.checking, "rng"), (np.random, "default_rng")]
    for module, name in patches:
        setattr(module, name, _forbid(getattr(module, name)))
    # A block that reads the seed itself fails on this value (mathproofs.rng rejects it too).
    os.environ["MATHPROOFS_SEED"] = "forbidden: no block outside test-seeds reads it"
