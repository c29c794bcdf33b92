"""MkDocs hook: notebook pages get the site's math, numbered equations and an .ipynb download.

mkdocs-jupyter renders the jupytext notebooks under ``docs/notebooks/`` with nbconvert, not
with Python-Markdown: arithmatex never sees their math, which reaches the HTML as raw
``$...$`` and ``$$...$$``, and nbconvert's template adds a MathJax configuration, an empty
``<script src="">`` for MathJax and a Mermaid loader that imports from a CDN. This hook,
on notebook pages only:

* renders every formula of the Markdown cells with the same Temml renderer as the Markdown
  pages (``hooks/site_math.py``: the same Node process, same options; bad TeX fails the
  build), and fails the build if a ``$`` is left in a Markdown cell's text;
* numbers display equations like the Markdown pages, in the same registry: each
  ``$$ ... $$`` paragraph carries one ``\\label{eq-...}`` (unique site-wide), the prefix
  comes from the notebook metadata ``mathproofs: equation_prefix``; any page can cite them
  with an empty link ``[](...#eq-...)``;
* removes every ``<script>`` with a ``src`` attribute, a URL or MathJax in it;
* writes ``<name>.ipynb`` (converted from the jupytext source by jupytext, without outputs)
  next to the page, beside the ``<name>.py`` that ``include_source`` copies, and links both;
* replaces the random cell ids (jupytext makes new ones at every conversion) by numbers, in
  the page and in the ``.ipynb``, so that two builds are the same.

Listed after ``hooks/tex_math.py`` in ``mkdocs.yml``: that hook starts the registry with
the Markdown pages' equations, and fills the empty equation links of every page, notebook
pages included, once this one has registered the notebooks' equations.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import PurePosixPath

import jupytext
import nbformat
import site_math as sm  # MkDocs puts hooks/ on sys.path while it loads a hook
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

# Must match the ``include`` of the mkdocs-jupyter plugin in mkdocs.yml.
NOTEBOOK_GLOB = "notebooks/*.py"

MARKDOWN_CELL_RE = re.compile(
    r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput"[^>]*>)'
    r"(.*?)(</div>)",
    re.DOTALL,
)
CODE_RE = re.compile(r"(<pre\b.*?</pre>|<code\b.*?</code>)", re.DOTALL)
DISPLAY_RE = re.compile(r"<p>\s*\$\$(.+?)\$\$\s*</p>", re.DOTALL)
INLINE_RE = re.compile(r"\$(.+?)\$", re.DOTALL)
SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
REMOTE_OR_MATHJAX_RE = re.compile(r"\bsrc\s*=|https?://|mathjax", re.IGNORECASE)
# jupytext gives each cell a random id; the page shows it as id="cell-id=<8 hex>".
CELL_ID_RE = re.compile(r'id="cell-id=[0-9a-f]{8}"')
MATHJAX_COMMENT_RE = re.compile(r"<!--(?:(?!-->).)*mathjax.*?-->", re.DOTALL | re.IGNORECASE)

# src_uri of each notebook page -> the uri of its generated .ipynb.
IPYNB: dict[str, str] = {}


def is_notebook(src_uri: str) -> bool:
    return PurePosixPath(src_uri).match(NOTEBOOK_GLOB)


# ---------------------------------------------------------------- equations and downloads


def notebook_labels(notebook: nbformat.NotebookNode, src_uri: str) -> tuple[str, list[str]]:
    """The notebook's equation prefix and the labels of its Markdown cells, in order."""
    labels = [
        label
        for cell in notebook.cells
        if cell.cell_type == "markdown"
        for label in sm.LABEL_RE.findall(cell.source)
    ]
    prefix = notebook.metadata.get("mathproofs", {}).get("equation_prefix")
    if labels and not isinstance(prefix, str):
        raise PluginError(f"{src_uri}: numbered equations need 'mathproofs: equation_prefix'")
    return str(prefix), labels


def ipynb_uri(file: File) -> str:
    """Where the .ipynb goes: beside the page, as include_source puts the .py."""
    stem = PurePosixPath(file.src_uri).stem
    return posixpath.join(posixpath.dirname(file.dest_uri), f"{stem}.ipynb")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    IPYNB.clear()
    for file in list(files.documentation_pages()):
        if not is_notebook(file.src_uri):
            continue
        notebook = jupytext.read(file.abs_src_path)
        prefix, labels = notebook_labels(notebook, file.src_uri)
        for k, anchor in enumerate(labels, start=1):
            sm.register(anchor, f"{prefix}{k}", file.src_uri)
        # A plain notebook for download: no pairing metadata, no outputs (the page has them),
        # and cell ids numbered, not random, so that two builds give the same file.
        notebook.metadata.pop("jupytext", None)
        for k, cell in enumerate(notebook.cells, start=1):
            cell.id = f"cell-{k}"
        uri = ipynb_uri(file)
        text = nbformat.writes(notebook)  # type: ignore[no-untyped-call]
        files.append(File.generated(config, uri, content=text))
        IPYNB[file.src_uri] = uri
    return files


# ---------------------------------------------------------------- the page HTML


def render_cell(cell: str, where: str) -> str:
    """Typeset the math of one rendered Markdown cell; code spans are left alone."""
    parts = CODE_RE.split(cell)
    texts = parts[0::2]
    displays = [html.unescape(m.group(1)) for t in texts for m in DISPLAY_RE.finditer(t)]
    labelled = [sm.split_label(tex, where) for tex in displays]
    texts = [DISPLAY_RE.sub("\0", t) for t in texts]  # placeholders, filled below
    inlines = [html.unescape(m.group(1)) for t in texts for m in INLINE_RE.finditer(t)]
    rendered = sm.RENDERER.render(
        [(tex, True) for _, tex in labelled] + [(tex, False) for tex in inlines], where
    )
    display_html = iter(
        sm.equation_html(anchor, body)
        for (anchor, _), body in zip(labelled, rendered[: len(labelled)], strict=True)
    )
    inline_html = iter(rendered[len(labelled) :])
    out = []
    for k, part in enumerate(parts):
        if k % 2 == 0:
            part = INLINE_RE.sub(lambda _: next(inline_html), texts[k // 2])
            if "$" in part.replace("\0", ""):
                raise PluginError(f"{where}: unmatched '$' in a Markdown cell: {part!r}")
            part = re.sub("\0", lambda _: next(display_html), part)
        out.append(part)
    return "".join(out)


def strip_scripts(content: str) -> str:
    """Drop nbconvert's MathJax (config, empty src, comments) and its CDN Mermaid loader."""

    def keep(match: re.Match[str]) -> str:
        return "" if REMOTE_OR_MATHJAX_RE.search(match.group(0)) else match.group(0)

    return MATHJAX_COMMENT_RE.sub("", SCRIPT_RE.sub(keep, content))


def download_links(page: Page) -> str:
    ipynb = PurePosixPath(IPYNB[page.file.src_uri]).name
    source = PurePosixPath(page.file.src_uri).name
    return (
        '<p class="notebook-download">Download this notebook: '
        f'<a href="{ipynb}" download>{ipynb}</a> (Jupyter, without outputs) or '
        f'<a href="{source}" download>{source}</a> (its jupytext source, which the tests '
        "run).</p>"
    )


def on_page_content(html_: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    where = page.file.src_uri
    if not is_notebook(where):
        return html_
    content = strip_scripts(html_)

    def cell(match: re.Match[str]) -> str:
        if "<div" in match.group(2):
            raise PluginError(f"{where}: a Markdown cell holds a <div>; math search would stop")
        return match.group(1) + render_cell(match.group(2), where) + match.group(3)

    content = MARKDOWN_CELL_RE.sub(cell, content)
    if page.present_anchor_ids is not None:  # links to these equations are validated
        page.present_anchor_ids.update(
            anchor for anchor, eq in sm.EQUATIONS.items() if eq.src_uri == where
        )
    # Random cell ids, numbered instead: two builds of the same source give the same page.
    numbers = iter(range(1, content.count('id="cell-id=') + 1))
    content = CELL_ID_RE.sub(lambda _: f'id="cell-id={next(numbers)}"', content)
    head, h1, tail = content.partition("</h1>")
    return head + h1 + download_links(page) + tail if h1 else download_links(page) + content


def on_post_build(config: MkDocsConfig) -> None:
    sm.RENDERER.close()


def on_shutdown() -> None:
    sm.RENDERER.close()
