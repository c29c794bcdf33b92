"""The plugin's options, from the ``mathproofs`` entry of ``plugins:`` in ``mkdocs.yml``.

``read_site`` reads them (and the few site settings tests need) without running a build,
so that the tests use the values the build uses instead of copies.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.utils.yaml import yaml_load

from mathproofs_site.speed import SpeedConfig

PLUGIN = "mathproofs"


class SheetsConfig(base.Config):
    """The two printable exercise sheets (``mathproofs_site/sheets.py``)."""

    # The page whose exercises they hold; none: no sheets.
    source = c.Optional(c.Type(str))
    # The generated pages, by the path they would have under docs/.
    without_solutions = c.Type(str, default="exercise-sheet.md")
    with_solutions = c.Type(str, default="exercise-sheet-with-solutions.md")


class NotesConfig(base.Config):
    """The printable lecture notes (``mathproofs_site/notes.py``)."""

    # The pages they collect, in reading order; none: no lecture notes.
    pages = c.ListOfItems(c.Type(str), default=[])
    # The generated page, by the path it would have under docs/.
    page = c.Type(str, default="lecture-notes.md")


class MathproofsConfig(base.Config):
    """The ``mathproofs`` plugin's options."""

    # The notebook pages: the same glob as mkdocs-jupyter's ``include`` (the build checks).
    notebooks = c.Type(str, default="notebooks/*.py")
    # The generated pages, by the path they would have under docs/.
    verification_map = c.Type(str, default="verification-map.md")
    handout = c.Type(str, default="handout.md")
    # The pages the handout collects, in reading order.
    handout_pages = c.ListOfItems(c.Type(str), default=[])
    # The printable exercise sheets, made from the exercises page.
    exercise_sheets = c.SubConfig(SheetsConfig)
    # The printable lecture notes: pages like the handout's, without their code.
    lecture_notes = c.SubConfig(NotesConfig)
    # The page-speed fixes, each on unless turned off (``mathproofs_site/speed.py``).
    speed = c.SubConfig(SpeedConfig)


@dataclass(frozen=True)
class Site:
    """What tests need to know of ``mkdocs.yml``."""

    site_url: str
    docs_dir: Path
    plugin: MathproofsConfig
    jupyter_include: list[str]  # mkdocs-jupyter's ``include``


def _entry(plugins: list[Any], name: str) -> dict[str, Any] | None:
    """The options of one entry of ``plugins:`` (None if it is not listed)."""
    for item in plugins:
        if item == name:
            return {}
        if isinstance(item, dict) and name in item:
            return dict(item[name] or {})
    return None


def read_site(mkdocs_yml: Path) -> Site:
    """The plugin's options and the site settings, as the build reads them."""
    with mkdocs_yml.open("rb") as stream:
        raw: dict[str, Any] = yaml_load(stream)
    plugins = raw.get("plugins") or []
    options = _entry(plugins, PLUGIN)
    if options is None:
        raise ValueError(f"{mkdocs_yml}: the {PLUGIN} plugin is not in plugins:")
    plugin = MathproofsConfig(config_file_path=str(mkdocs_yml))
    plugin.load_dict(options)
    errors, _ = plugin.validate()
    if errors:
        raise ValueError(f"{mkdocs_yml}: {PLUGIN}: {errors}")
    jupyter = _entry(plugins, "mkdocs-jupyter") or {}
    return Site(
        site_url=str(raw.get("site_url") or ""),
        docs_dir=mkdocs_yml.parent / str(raw.get("docs_dir", "docs")),
        plugin=plugin,
        jupyter_include=list(jupyter.get("include") or []),
    )
