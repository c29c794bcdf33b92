"""Helpers shared by the tests that look at the built site."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

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


def build_site(site_dir: Path, **env_vars: str) -> Path:
    """Run ``mkdocs build --strict`` into ``site_dir`` and return it; fail loudly.

    ``env_vars`` are added to the build's environment (e.g. ``SOURCE_DATE_EPOCH``).
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env_vars}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"mkdocs build --strict failed:\n{result.stderr}")
    return site_dir


def markdown_pages() -> list[Path]:
    """Every Markdown page of the site, relative to docs/."""
    return sorted(p.relative_to(DOCS) for p in DOCS.rglob("*.md"))


def html_for(site_dir: Path, page: Path) -> Path:
    """The built HTML file of a page's source under docs/, Markdown or notebook (directory URLs)."""
    stem = page.with_suffix("")
    if stem.name == "index":
        return site_dir / stem.parent / "index.html"
    return site_dir / stem / "index.html"
