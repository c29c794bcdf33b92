"""The ``mathproofs`` MkDocs plugin: a thin adapter from MkDocs' events to the site's build.

Each event method hands MkDocs' objects to the framework-free modules of this package, in
the order written here. Everything one build learns lives in a ``BuildState`` made by
``on_config``, so every build (each rebuild of ``mkdocs serve`` too) starts from nothing.

* ``on_config``: check the installed assets and the notebook glob; start the state.
* ``on_files``: read every page and notebook once into the registry (equations and
  blocks), then add the generated files: Temml's assets, the answer checker's (mathjs,
  Temml's browser script, the tolerances: ``checker``), the verification map, the
  handout's, the lecture notes' and the exercise sheets' stubs, each notebook's ``.ipynb``.
* ``on_page_content``: one tree per page: typeset its math and number its equations
  (notebook pages: their scripts and cell ids first), fill the equation links, give the
  Python blocks their anchors and their boxes' summaries the numbers they claim, write the
  exercises' answer checkers (``checker``); then the
  page-speed fixes on content (``tables``, ``code_tokens``).
* ``on_page_context`` / ``on_template_context``: the handout's, the lecture notes' and the
  exercise sheets' content, the provenance footer, "Cite this page".
* ``on_post_page``: one tree per page again: note its math characters, keep punctuation
  with inline formulas, preload the math font (before the style sheets), then the
  page-speed fix on the whole page (``styles``).
* ``on_post_build``: the math font cut down to the characters seen; the renderer stops.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec, TypeVar, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from mathproofs_site import (
    PageError,
    blocks,
    checker,
    equations,
    handout,
    inline_tex,
    math_font,
    notebooks,
    notes,
    sheets,
    speed,
)
from mathproofs_site import html as h
from mathproofs_site.config import PLUGIN, MathproofsConfig
from mathproofs_site.provenance import Cited, Provenance, citation, provenance, shown_from
from mathproofs_site.registry import Registry, Source, build, is_notebook
from mathproofs_site.tex import MathRenderer
from mathproofs_site.verification_map import map_markdown

P = ParamSpec("P")
R = TypeVar("R")


def _fails_the_build(event: Callable[P, R]) -> Callable[P, R]:
    """A page the core refuses (``PageError``) fails the build with its message."""

    @functools.wraps(event)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return event(*args, **kwargs)
        except PageError as error:
            raise PluginError(str(error)) from error

    return run


@dataclass
class BuildState:
    """What one build knows: made by ``on_config``, read by the later events."""

    root: Path  # the project: the folder of mkdocs.yml
    renderer: MathRenderer
    provenance: Provenance
    registry: Registry = field(default_factory=Registry)
    map_url: str = ""  # the verification map's URL in the site
    handout_url: str = ""  # the handout's
    ipynb: dict[str, str] = field(default_factory=dict)  # notebook src_uri -> .ipynb uri
    # The exercise sheets: generated src_uri -> (the sheet, its URL in the site).
    sheets_made: dict[str, tuple[sheets.Sheet, str]] = field(default_factory=dict)
    # What the font subset is made from: the characters of every formula of this build and
    # the pages they came from (on_post_page), against the pages there are (on_files).
    math_text: set[str] = field(default_factory=set)
    pages: set[str] = field(default_factory=set)
    pages_seen: set[str] = field(default_factory=set)


def _extra(context: TemplateContext) -> dict[str, Any]:
    """The template context, to add the site's own variables to (overrides/ reads them)."""
    return cast(dict[str, Any], context)


def _cited(page: Page, config: MkDocsConfig) -> Cited:
    """What a citation of the page names (mathproofs_site/provenance.py)."""
    return Cited(
        url=page.canonical_url or "",
        page_url=page.url,
        title=page.title or config.site_name,
        site_name=config.site_name,
        author=config.site_author or f"{config.site_name} contributors",
    )


def _nav_order(nav: object) -> list[str]:
    """The page paths of the ``nav`` setting, in reading order."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_order(value)]
    if isinstance(nav, list):
        return [p for item in nav for p in _nav_order(item)]
    return []


# ---------------------------------------------------------------- page-speed fixes

SPEED_OFF_ENV = "MATHPROOFS_SPEED_OFF"  # the old hook's switch; the options replace it


def _speed_config(options: speed.SpeedConfig, config: MkDocsConfig) -> MkDocsConfig:
    if os.environ.get(SPEED_OFF_ENV):
        raise PluginError(
            f"{SPEED_OFF_ENV} is gone: turn a fix off with the plugin's speed option, "
            "e.g. plugins: - mathproofs: {speed: {tables: false}}"
        )
    return config


def _speed_content(options: speed.SpeedConfig, root: h.Node) -> None:
    if options.tables:
        speed.host_tables(root)
    if options.code_tokens:
        speed.lean_code(root)


def _speed_document(
    options: speed.SpeedConfig, tree: h.Tree, page: Page, config: MkDocsConfig
) -> None:
    if options.styles:
        speed.import_stylesheets(tree, page.url, speed.site_root(config.site_url or ""))


def _read_from_disk(config: MkDocsConfig) -> bool:
    """Whether this is the offline copy (``make offline``): Material's offline plugin is on."""
    offline = config.plugins.get("material/offline")
    return offline is not None and bool(getattr(offline.config, "enabled", False))


class MathproofsPlugin(BasePlugin[MathproofsConfig]):
    """Math at build time, numbered equations, the registry's pages and links."""

    def __init__(self) -> None:
        self._state: BuildState | None = None

    @property
    def state(self) -> BuildState:
        if self._state is None:
            raise PluginError(f"{PLUGIN}: an event ran before on_config")
        return self._state

    def _is_notebook(self, src_uri: str) -> bool:
        return is_notebook(src_uri, self.config.notebooks)

    # ------------------------------------------------------------ the build starts

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        missing = math_font.missing(root) + checker.missing(root)
        if missing:
            raise PluginError(f"not installed: {missing}; run `make install`")
        jupyter = config.plugins.get("mkdocs-jupyter")
        include = jupyter.config.get("include") if jupyter is not None else None
        if include != [self.config.notebooks]:
            raise PluginError(
                f"{PLUGIN}: notebooks is {self.config.notebooks!r}, but mkdocs-jupyter "
                f"includes {include!r}: the two must name the same notebooks"
            )
        self._state = BuildState(root, MathRenderer(root), provenance(root))
        return _speed_config(self.config.speed, config)

    @_fails_the_build
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        state = self.state
        options = self.config
        sheet_pages = self._sheet_pages()
        notes_page = self._notes_page(files)
        generated = (options.verification_map, options.handout, *sheet_pages, *notes_page)
        for uri in generated:
            if files.get_file_from_path(uri) is not None:
                raise PluginError(f"docs/{uri} exists; it is generated")
        if len(set(generated)) < len(generated):
            raise PluginError(f"{PLUGIN}: two generated pages have one path: {generated}")
        sheet_source = options.exercise_sheets.source
        if sheet_pages and files.get_file_from_path(sheet_source or "") is None:
            raise PluginError(
                f"{PLUGIN}: exercise_sheets: the source page docs/{sheet_source} does not exist"
            )
        pages = [
            f
            for f in files.documentation_pages()
            if f.src_uri.endswith(".md") or self._is_notebook(f.src_uri)
        ]
        # The registry (and the map) list the pages in the order a reader meets them.
        order = {uri: k for k, uri in enumerate(_nav_order(config["nav"]))}
        pages.sort(key=lambda f: (order.get(f.src_uri, len(order)), f.src_uri))
        state.pages = {f.src_uri for f in files.documentation_pages()}
        state.registry = build(
            Source(f.src_uri, f.content_string, self._is_notebook(f.src_uri)) for f in pages
        )
        for source, name in math_font.ASSETS:
            uri = str(math_font.ASSET_DIR / name)
            files.append(File.generated(config, uri, abs_src_path=str(state.root / source)))
        # The exercises page's answer checker, loaded on first use (checker.py).
        for source, name in checker.ASSETS:
            uri = str(checker.ASSET_DIR / name)
            files.append(File.generated(config, uri, abs_src_path=str(state.root / source)))
        if (Path(config["docs_dir"]) / checker.FORMS).is_file():  # a project with checkers
            uri = str(checker.ASSET_DIR / checker.DATA)
            content = checker.data_script(Path(config["docs_dir"]))
            files.append(File.generated(config, uri, content=content))
        content = map_markdown(state.registry)
        map_file = File.generated(config, options.verification_map, content=content)
        files.append(map_file)
        state.map_url = map_file.url
        handout_file = File.generated(config, options.handout, content=handout.STUB)
        files.append(handout_file)
        state.handout_url = handout_file.url
        for uri in notes_page:
            files.append(File.generated(config, uri, content=notes.stub()))
        for uri, sheet in sheet_pages.items():
            sheet_file = File.generated(config, uri, content=sheets.stub(sheet))
            files.append(sheet_file)
            state.sheets_made[uri] = (sheet, sheet_file.url)
        for file in pages:
            if file.src_uri in state.registry.pages and self._is_notebook(file.src_uri):
                uri = notebooks.ipynb_uri(file.src_uri, file.dest_uri)
                text = notebooks.ipynb(file.content_string, file.src_uri)
                files.append(File.generated(config, uri, content=text))
                state.ipynb[file.src_uri] = uri
        return files

    # ------------------------------------------------------------ each page

    @_fails_the_build
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        state = self.state
        src_uri = page.file.src_uri
        math = equations.PageMath(
            src_uri=src_uri,
            canonical_url=page.canonical_url or "",
            map_href=get_relative_url(state.map_url, page.file.url),
            registry=state.registry,
            renderer=state.renderer,
        )
        tree = h.parse_content(html)
        root = h.body(tree)
        notebook = self._is_notebook(src_uri)
        if notebook:
            notebooks.strip_scripts(root)
            anchors = equations.typeset_notebook(root, math)
        else:
            anchors = equations.typeset_markdown(root, math)
        equations.fill_equation_links(root, state.registry, src_uri)
        page_blocks = state.registry.blocks_on(src_uri)
        if notebook:
            notebooks.number_cells(root)
            ipynb = Path(state.ipynb[src_uri]).name
            notebooks.add_download_links(root, src_uri, ipynb)
        elif page_blocks:
            numbers = state.registry.numbers()
            anchors += blocks.mark_blocks(root, page_blocks, numbers, src_uri)
        if root.css_first("div.mp-check[data-form]") is not None:
            loader = get_relative_url(str(checker.LOADER), page.file.url)
            forms = checker.load_forms(Path(config.docs_dir))
            checker.fill_widgets(root, forms, src_uri, loader)
        if page.present_anchor_ids is not None:  # links to these anchors are validated
            page.present_anchor_ids.update(anchors)
        _speed_content(self.config.speed, root)
        return h.serialize_content(tree)

    def on_template_context(
        self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext:
        # Theme pages without a Markdown source (404.html) carry the provenance footer too.
        _extra(context)["provenance"] = self.state.provenance
        return context

    @_fails_the_build
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        state = self.state
        if page.file.src_uri == self.config.handout:
            page.content = self._handout(page, nav, config)
        if page.file.src_uri in state.sheets_made:
            page.content = self._sheet(page, nav)
        if page.file.src_uri in self._notes_page():
            page.content = self._notes(page, nav, config)
        cited = _cited(page, config)
        # Whose equations the page shows: its own, or (a collected page) those it names.
        if state.registry.equations_on(page.file.src_uri):
            shown = [cited]
        else:
            by_url = {p.canonical_url: _cited(p, config) for p in nav.pages}
            shown = [by_url[url] for url in shown_from(page.content or "") if url in by_url]
        _extra(context)["provenance"] = state.provenance
        _extra(context)["citation"] = citation(cited, state.provenance, equations=shown)
        return context

    def _parts(self, nav: Navigation, wanted: list[str], what: str) -> list[handout.Part]:
        """The built pages a collected page is made of, in the order given."""
        by_uri = {p.file.src_uri: p for p in nav.pages}
        missing = [uri for uri in wanted if uri not in by_uri]
        if missing or not wanted:
            raise PluginError(f"{what}: source pages not in nav: {missing or 'none given'}")
        return [
            handout.Part(uri, by_uri[uri].url, by_uri[uri].title or "", by_uri[uri].content or "")
            for uri in wanted
        ]

    def _handout(self, page: Page, nav: Navigation, config: MkDocsConfig) -> str:
        parts = self._parts(nav, self.config.handout_pages, "handout")
        return handout.handout_content(
            parts,
            handout_url=page.url,
            site_url=config.site_url or "",
            site_name=config.site_name,
            site_wide=self.state.registry.equations.keys(),
        )

    def _notes_page(self, files: Files | None = None) -> tuple[str, ...]:
        """The lecture notes' page, if there are notes (with ``files``: their sources are
        checked to exist)."""
        options = self.config.lecture_notes
        if not options.pages:
            return ()
        if files is not None:
            gone = [uri for uri in options.pages if files.get_file_from_path(uri) is None]
            if gone:
                raise PluginError(
                    f"{PLUGIN}: lecture_notes: the source pages "
                    f"{', '.join('docs/' + g for g in gone)} do not exist"
                )
        return (options.page,)

    def _notes(self, page: Page, nav: Navigation, config: MkDocsConfig) -> str:
        state = self.state
        parts = self._parts(nav, self.config.lecture_notes.pages, "lecture_notes")
        where = notes.Where(
            notes_url=page.url,
            handout_url=state.handout_url,
            map_url=state.map_url,
            site_url=config.site_url or "",
            site_name=config.site_name,
        )
        return notes.notes_content(parts, where, site_wide=state.registry.equations.keys())

    def _sheet_pages(self) -> dict[str, sheets.Sheet]:
        """The exercise sheets to generate, by src_uri (none without a source page)."""
        options = self.config.exercise_sheets
        if options.source is None:
            return {}
        pages = {
            options.without_solutions: sheets.WITHOUT_SOLUTIONS,
            options.with_solutions: sheets.WITH_SOLUTIONS,
        }
        if len(pages) < 2:
            raise PluginError(f"{PLUGIN}: exercise_sheets: the two sheets have one path")
        return pages

    def _sheet(self, page: Page, nav: Navigation) -> str:
        state = self.state
        source = self.config.exercise_sheets.source or ""
        found = next((p for p in nav.pages if p.file.src_uri == source), None)
        if found is None:
            raise PluginError(f"{PLUGIN}: exercise_sheets: the source page {source} is not in nav")
        sheet, url = state.sheets_made[page.file.src_uri]
        (other_url,) = (u for uri, (_, u) in state.sheets_made.items() if uri != page.file.src_uri)
        part = handout.Part(source, found.url, found.title or "", found.content or "")
        return sheets.sheet_content(
            sheet, part, url, other_url, site_wide=state.registry.equations.keys()
        )

    @_fails_the_build
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        state = self.state
        tree = h.parse_document(output)
        root = h.body(tree)
        texts = inline_tex.take(root)  # every page: also those made of other pages
        if texts:
            target = Path(config.site_dir) / inline_tex.sidecar(page.file.dest_uri)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(inline_tex.sidecar_json(texts), "utf-8")
            inline_tex.name_sidecar(tree, page.file.dest_uri)
        state.math_text |= math_font.math_characters(root)
        state.pages_seen.add(page.file.src_uri)
        equations.keep_punctuation_with_math(root)
        font = get_relative_url(f"{math_font.ASSET_DIR}/{math_font.MATH_FONT}", page.url)
        if not _read_from_disk(config):  # from file:// a font preload fails (it is CORS)
            math_font.preload_font(tree, font)
        _speed_document(self.config.speed, tree, page, config)
        return h.serialize_document(tree)

    # ------------------------------------------------------------ the build ends

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        state = self.state
        target = Path(config.site_dir) / math_font.ASSET_DIR / math_font.MATH_FONT
        source = state.root / math_font.FONT_SOURCE
        math_font.serve_font(state.math_text, state.pages, state.pages_seen, source, target)
        state.renderer.close()

    def on_build_error(self, *, error: Exception) -> None:
        if self._state is not None:
            self._state.renderer.close()

    def on_shutdown(self) -> None:
        if self._state is not None:
            self._state.renderer.close()


class SpeedPlugin(BasePlugin[speed.SpeedConfig]):
    """The page-speed fixes alone (``mathproofs-speed``), for a build without the site's
    math: the benchmark's MathJax page with this site's start-up fixes. The site itself
    gets them from ``mathproofs`` (its ``speed`` options); list one of the two, not both."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        return _speed_config(self.config, config)

    @_fails_the_build
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        tree = h.parse_content(html)
        _speed_content(self.config, h.body(tree))
        return h.serialize_content(tree)

    @_fails_the_build
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        tree = h.parse_document(output)
        _speed_document(self.config, tree, page, config)
        return h.serialize_document(tree)
