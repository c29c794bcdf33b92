"""The ``mathproofs`` plugin as MkDocs runs it, on tiny sites built in a temporary folder.

The site's own build is tested through the pages it writes (the other test files); here a
site of two pages shows what the adapter itself promises: MkDocs finds the plugin by its
entry point, a second build with the same plugin starts from nothing (``mkdocs serve``
rebuilds), a page the core refuses fails the build with the page's name, and the
notebook glob must agree with mkdocs-jupyter's.
"""

from __future__ import annotations

import logging
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError
from sitebuild import ROOT

from mathproofs_site.plugin import MathproofsPlugin

CONFIG = """\
site_name: tiny
site_url: https://example.org/tiny/
strict: true
theme:
  name: mkdocs
markdown_extensions:
  - admonition
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.details
  - pymdownx.highlight:
      pygments_lang_class: true
  - pymdownx.superfences
plugins:
  - mkdocs-jupyter:
      include: ["{include}"]
  - mathproofs:
      notebooks: notebooks/*.py
      handout_pages: [a.md]
      speed: {speed}
nav:
  - index.md
  - a.md
  - verification-map.md
  - handout.md
"""
PAGE = """\
---
equation_prefix: A
---

# A page

$$
y = Mx
\\label{eq-tiny}
$$

As [](#eq-tiny) says:

```python
# checks: eq-tiny (exact)
x = 2 * 3
assert x == 6
```

| a | b |
|---|---|
| 1 | 2 |
"""


def tiny_site(
    root: Path, page: str = PAGE, include: str = "notebooks/*.py", speed: str = "{}"
) -> Path:
    """A project with two pages; Temml, the font and the renderer come from this one."""
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n\nSee [the page](a.md).\n", "utf-8")
    (root / "docs" / "a.md").write_text(page, "utf-8")
    for shared in ("node_modules", "tools"):
        (root / shared).symlink_to(ROOT / shared, target_is_directory=True)
    config = root / "mkdocs.yml"
    config.write_text(CONFIG.replace("{include}", include).replace("{speed}", speed), "utf-8")
    return config


def built_files(site: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()
    }


def test_mkdocs_finds_the_plugin_by_its_entry_point() -> None:
    (found,) = entry_points(group="mkdocs.plugins", name="mathproofs")
    assert found.load() is MathproofsPlugin


def test_a_second_build_with_the_same_plugin_starts_from_nothing(tmp_path: Path) -> None:
    """As in ``mkdocs serve``: the registry of the first build must not leak into the second
    (a label would be "also used" by itself, the font would hold the first build's text)."""
    config = load_config(str(tiny_site(tmp_path / "project")), site_dir=str(tmp_path / "site"))
    plugin = config.plugins["mathproofs"]
    assert isinstance(plugin, MathproofsPlugin)
    build(config)
    first, state = built_files(tmp_path / "site"), plugin.state
    build(config)
    assert plugin.state is not state
    assert built_files(tmp_path / "site") == first
    page = first["a/index.html"].decode()
    assert 'id="eq-tiny"' in page and "(A1)</a>" in page and 'id="check-tiny"' in page
    assert '<a class="equation-ref" href="#eq-tiny">(A1)</a>' in page
    assert "verification-map/index.html" in first and "handout/index.html" in first
    # Every page-speed fix is on by default.
    for fix in ['class="table-host"', "data-site-styles"]:
        assert fix in page, fix
    assert '<span class="n">' not in page  # code_tokens: a name needs no element


FIXES_OFF = "{styles: false, tables: false, code_tokens: false}"


def test_each_page_speed_fix_is_an_option(tmp_path: Path) -> None:
    """The benchmark builds the site with a fix off by setting its option to false."""
    project = tiny_site(tmp_path / "project", speed=FIXES_OFF)
    config = load_config(str(project), site_dir=str(tmp_path / "site"))
    build(config)
    page = (tmp_path / "site" / "a" / "index.html").read_text("utf-8")
    assert 'class="table-host"' not in page  # tables
    assert "data-site-styles" not in page and 'rel="stylesheet"' in page  # styles
    assert '<span class="n">x</span>' in page  # code_tokens


def test_a_page_the_core_refuses_fails_the_build_with_its_name(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    page = PAGE.replace("[](#eq-tiny)", "[](#eq-nowhere)")
    config = load_config(str(tiny_site(tmp_path / "project", page)), site_dir=str(tmp_path / "s"))
    with caplog.at_level(logging.ERROR), pytest.raises((PluginError, Abort)):
        build(config)
    assert "a.md: link to unknown equation #eq-nowhere" in caplog.text


def test_the_notebook_glob_must_be_mkdocs_jupyters(tmp_path: Path) -> None:
    config = load_config(str(tiny_site(tmp_path / "project", include="nb/*.ipynb")))
    with pytest.raises(PluginError, match=r"notebooks/\*\.py.*nb/\*\.ipynb"):
        config.plugins.on_config(config)
