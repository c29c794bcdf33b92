"""The end-of-life canary: the site built strictly with ProperDocs, and checked.

MkDocs 1.6.1 is the last 1.x and mkdocs-material is in maintenance; ProperDocs is MkDocs'
maintained fork (it reads mkdocs.yml, aliases ``mkdocs.*`` imports and loads the plugins
registered under ``mkdocs.plugins``). A strict build alone does not prove much: a plugin or
hook that a successor silently skips leaves a site that builds without a warning. So the
build is checked for what only the site's own build steps put there:

* every page of ``nav`` is built;
* no page keeps math for a browser engine (arithmatex's ``class="arithmatex"`` or a MathJax
  script): the build typesets every formula into MathML itself;
* every ``\\label{eq-...}`` of a page's source is an anchor (``id``) on that page;
* every notebook page has MathML and the output of its executed cells;
* the verification map links to every equation of the site;
* the handout holds MathML and, for each page it collects, all of that page's equations.

``make canary`` (part of ``make all`` and CI) runs it; ``tests/test_properdocs.py`` runs the
checks on the session's MkDocs build, where they must pass, and on pages with a build
step's work removed, where each must fail.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from mkdocs.utils.yaml import yaml_load  # mkdocs.yml's !ENV tags
from selectolax.lexbor import LexborHTMLParser as HTMLParser

ROOT = Path(__file__).resolve().parent.parent
# Generated pages: their nav entries in mkdocs.yml.
VERIFICATION_MAP = "verification-map.md"
HANDOUT = "handout.md"
NOTEBOOK_SUFFIXES = (".py", ".ipynb")
# A display equation's label in a page's source (Markdown or a jupytext notebook).
LABEL = re.compile(r"\\label\{(eq-[^}\s]+)\}")

# The built site: a page's parsed HTML by its path from the site's root; None if missing.
Reader = Callable[[str], HTMLParser | None]


def nav_sources(nav: Any) -> Iterator[str]:
    """The source path of every page in a ``nav`` tree (external links left out)."""
    if isinstance(nav, str):
        if "://" not in nav:
            yield nav
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_sources(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_sources(value)


def page_path(source: str) -> str:
    """Where a source page lands with directory URLs: ``a/b.md`` -> ``a/b/index.html``."""
    stem = source.rsplit(".", 1)[0]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
    else:
        stem += "/"
    return f"{stem}index.html"


def labels(text: str) -> list[str]:
    return LABEL.findall(text)


def ids(tree: HTMLParser) -> set[str]:
    return {str(node.attributes["id"]) for node in tree.css("[id]")}


def link_fragments(tree: HTMLParser) -> set[str]:
    hrefs = (str(node.attributes.get("href") or "") for node in tree.css("a[href]"))
    return {href.partition("#")[2] for href in hrefs if "#" in href}


def problems(read: Reader, nav: Any, docs: Path) -> list[str]:
    """Every way the built site falls short; empty when it is whole."""
    found: list[str] = []
    sources = list(nav_sources(nav))
    trees: dict[str, HTMLParser] = {}
    for source in sources:
        tree = read(page_path(source))
        if tree is None:
            found.append(f"{source}: no {page_path(source)} in the build")
        else:
            trees[source] = tree
    if found:
        return found

    page_labels: dict[str, list[str]] = {}
    for source, tree in trees.items():
        origin = docs / source
        page_labels[source] = labels(origin.read_text("utf-8")) if origin.is_file() else []
        if tree.css_first(".arithmatex") is not None:
            found.append(f"{source}: math left for a browser engine (class arithmatex)")
        if any("mathjax" in str(s.attributes.get("src") or "").lower() for s in tree.css("script")):
            found.append(f"{source}: a MathJax script")
        anchors = ids(tree)
        missing = [label for label in page_labels[source] if label not in anchors]
        if missing:
            found.append(f"{source}: equations without their anchor: {missing}")
        if source.endswith(NOTEBOOK_SUFFIXES):
            if tree.css_first("math") is None:
                found.append(f"{source}: a notebook page without MathML")
            if not tree.css(".jp-OutputArea-output"):
                found.append(f"{source}: a notebook page without executed output")

    every_label = [label for source in sources for label in page_labels[source]]
    if VERIFICATION_MAP not in trees:
        found.append(f"no {VERIFICATION_MAP} in nav")
    else:
        listed = link_fragments(trees[VERIFICATION_MAP])
        unlisted = [label for label in every_label if label not in listed]
        if not every_label or unlisted:
            found.append(f"{VERIFICATION_MAP}: equations it does not list: {unlisted}")

    if HANDOUT not in trees:
        found.append(f"no {HANDOUT} in nav")
    else:
        handout = trees[HANDOUT]
        anchors = ids(handout)
        collected = [s for s in sources if set(page_labels[s]) & anchors]
        if handout.css_first("math") is None or not collected:
            found.append(f"{HANDOUT}: no typeset page in it")
        for source in collected:
            missing = [label for label in page_labels[source] if label not in anchors]
            if missing:
                found.append(f"{HANDOUT}: {source} without its equations {missing}")
    return found


def site_reader(site: Path) -> Reader:
    def read(relative: str) -> HTMLParser | None:
        path = site / relative
        return HTMLParser(path.read_text("utf-8")) if path.is_file() else None

    return read


def load_config(config_file: Path) -> dict[str, Any]:
    # mkdocs.yml uses no Python tags, so the safe loader reads it.
    config: dict[str, Any] = yaml_load(config_file.read_text("utf-8"))
    return config


def check(site: Path, config_file: Path) -> list[str]:
    config = load_config(config_file)
    docs = config_file.parent / config.get("docs_dir", "docs")
    return problems(site_reader(site), config["nav"], docs)


def build(site: Path, config_file: Path) -> None:
    """``properdocs build --strict`` into ``site``; a failed build raises."""
    env = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "--clean"]
    command += ["--config-file", str(config_file), "--site-dir", str(site)]
    subprocess.run(command, check=True, cwd=config_file.parent, env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--site-dir", type=Path, required=True, help="where ProperDocs builds")
    parser.add_argument("--config-file", type=Path, default=ROOT / "mkdocs.yml")
    parser.add_argument(
        "--no-build", action="store_true", help="only check an existing build in --site-dir"
    )
    args = parser.parse_args(argv)
    config_file = args.config_file.resolve()
    site = args.site_dir.resolve()
    if not args.no_build:
        try:
            build(site, config_file)
        except subprocess.CalledProcessError as error:
            print(f"canary: the ProperDocs build failed ({error.returncode})", file=sys.stderr)
            return 1
    found = check(site, config_file)
    for problem in found:
        print(f"canary: {problem}", file=sys.stderr)
    if found:
        return 1
    pages = len(list(nav_sources(load_config(config_file)["nav"])))
    print(f"canary: {site}: all {pages} pages of the nav, with their generated content")
    return 0


if __name__ == "__main__":
    sys.exit(main())
