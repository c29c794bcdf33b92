"""Repository-wide pytest configuration: how code fences in pages and docstrings are found.

pytest-markdown-docs parses with plain CommonMark by default, which does not know
mkdocs-material's admonitions (``!!!``) and collapsible blocks (``???``): a fence inside
one would be published but never run. The parser below understands both, so those fences
are executed too. ``tests/test_site_parity.py`` proves, page by page, that the Python
blocks the built site shows are exactly the blocks pytest runs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.admon import admon_plugin

# Bytecode, and pytest's assertion-rewritten modules (the tests, and Hypothesis, which it
# rewrites as a pytest plugin: some 70 modules, 3 s a process), are kept between runs in
# .cache/pycache/ (gitignored), out of the source tree, even where PYTHONDONTWRITEBYTECODE
# is set: without them every run, and every xdist worker, compiles them all again.
sys.pycache_prefix = str(Path(__file__).resolve().parent / ".cache" / "pycache")
sys.dont_write_bytecode = False

# The notebooks are jupytext .py files: with --markdown-docs, pytest would import each one
# as a module (running it, plots and all, at collection). tests/test_notebooks.py runs them.
collect_ignore_glob = ["docs/notebooks/*.py"]


@pytest.hookimpl
def pytest_markdown_docs_markdown_it() -> MarkdownIt:
    return MarkdownIt("commonmark").use(admon_plugin)
