"""Notebook pages besides their math: no MathJax or CDN scripts, stable cell ids, downloads.

mkdocs-jupyter renders the jupytext notebooks with nbconvert, whose template adds a
MathJax configuration, an empty ``<script src="">`` for MathJax and a Mermaid loader that
imports from a CDN; the site typesets the math itself (``equations.typeset_notebook``)
and makes no third-party request. On a notebook page's tree:

* ``strip_scripts`` removes every ``<script>`` with a ``src`` attribute, a URL or MathJax
  in it, and the comments about MathJax;
* ``number_cells`` replaces the random cell ids (jupytext makes new ones at every
  conversion) by numbers, so that two builds are the same;
* ``add_download_links`` offers ``<name>.ipynb`` (``ipynb``: converted from the jupytext
  source, without outputs) and the ``<name>.py`` that ``include_source`` copies.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import PurePosixPath

import nbformat

from mathproofs_site import html as h
from mathproofs_site.registry import read_notebook

REMOTE_OR_MATHJAX_RE = re.compile(r"https?://|mathjax", re.IGNORECASE)
# jupytext gives each cell a random id; the page shows it as id="cell-id=<8 hex>".
CELL_ID_RE = re.compile(r"cell-id=[0-9a-f]{8}")


def ipynb_uri(src_uri: str, dest_uri: str) -> str:
    """Where the .ipynb goes: beside the page, as include_source puts the .py."""
    return posixpath.join(posixpath.dirname(dest_uri), f"{PurePosixPath(src_uri).stem}.ipynb")


def ipynb(text: str, src_uri: str) -> str:
    """A plain notebook for download: no pairing metadata, no outputs (the page has them),
    and cell ids numbered, not random, so that two builds give the same file."""
    notebook = read_notebook(text, src_uri)
    notebook.metadata.pop("jupytext", None)
    for k, cell in enumerate(notebook.cells, start=1):
        cell.id = f"cell-{k}"
    return str(nbformat.writes(notebook))  # type: ignore[no-untyped-call]


def strip_scripts(root: h.Node) -> None:
    """Drop nbconvert's MathJax (config, empty src, comments) and its CDN Mermaid loader."""
    for script in root.css("script"):
        attributes = script.attributes
        text = " ".join([*(v or "" for v in attributes.values()), script.text() or ""])
        if "src" in attributes or REMOTE_OR_MATHJAX_RE.search(text):
            script.decompose()
    for node in list(root.traverse(include_text=False)):
        if node.is_comment_node and "mathjax" in (node.comment_content or "").lower():
            node.decompose()


def number_cells(root: h.Node) -> None:
    """Random cell ids, numbered instead: two builds of the same source give the same page."""
    cells = [n for n in root.css("[id]") if CELL_ID_RE.fullmatch(n.attributes.get("id") or "")]
    for k, cell in enumerate(cells, start=1):
        cell.attrs["id"] = f"cell-id={k}"


def add_download_links(root: h.Node, src_uri: str, ipynb_name: str) -> None:
    """The downloads, after the notebook's title (its first ``<h1>``)."""
    source = PurePosixPath(src_uri).name
    links = h.markup(
        "p",
        "Download this notebook: "
        + h.markup("a", h.escape(ipynb_name), href=ipynb_name, download=None)
        + " (Jupyter, without outputs) or "
        + h.markup("a", h.escape(source), href=source, download=None)
        + " (its jupytext source, which the tests run).",
        class_="notebook-download",
    )
    title = root.css_first("h1")
    if title is not None:
        h.insert_html_after(title, links)
    else:
        first = root.first_child
        if first is None:
            h.append_html(root, links)
        else:
            h.insert_html_before(first, links)
