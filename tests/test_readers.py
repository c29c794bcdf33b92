"""What every built page gives readers and lecturers (the site plugin, ``mathproofs_site``).

* "Cite this page": BibTeX and plain text with the page's URL, the site version and date;
* the provenance footer: package version, git commit, NumPy version, build date;
* ``CITATION.cff`` at the repository root, agreeing with the package and the site;
* the printable handout: the derivation and both proofs, code included, built from them;
* notebook pages: each offers its ``.ipynb`` for download.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np
import yaml
from bs4 import BeautifulSoup
from sitebuild import ROOT, html_for
from sitepages import built_pages, page_file, parsed, parsed_html
from test_site_parity import shown_python_blocks

import mathproofs
from mathproofs_site import handout
from mathproofs_site.config import read_site

SITE = read_site(ROOT / "mkdocs.yml")
SITE_URL = SITE.site_url
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def url_path(src_uri: str) -> str:
    """A page's URL path in the built site: "derivation/" for derivation.md."""
    return html_for(Path("/"), Path(src_uri)).parent.as_posix().strip("/") + "/"


HANDOUT = url_path(SITE.plugin.handout)
HANDOUT_SOURCES = [url_path(src) for src in SITE.plugin.handout_pages]


def soup(site: Path, page: str) -> BeautifulSoup:
    return parsed(page_file(site, page))


def head_commit() -> str:
    out = subprocess.run(
        ["git", "rev-parse", "--short=10", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    return out.stdout.strip() or "unknown"


def test_every_page_can_be_cited(built_site: Path) -> None:
    """Each page ends in its citation, plain text and BibTeX (what the BibTeX holds, and that
    BibTeX and biblatex read it: tests/test_citation.py)."""
    for page in built_pages(built_site):
        cite = soup(built_site, page).select_one("article .cite-this-page")
        assert cite is not None, page
        url = SITE_URL + page
        bibtex = cite.select_one(".cite-bibtex").get_text()  # type: ignore[union-attr]
        text = cite.select_one(".cite-text").get_text()  # type: ignore[union-attr]
        assert bibtex.startswith("@misc{mathproofs-") and bibtex.rstrip().endswith("}"), page
        assert f"\\url{{{url}}}" in bibtex and "dokuDoku" in bibtex, page
        assert url in text and f"version {mathproofs.__version__}" in text, page
        assert DATE.search(text), page


def test_every_page_footer_states_its_provenance(built_site: Path) -> None:
    commit = head_commit()
    for page in [*built_pages(built_site), "404.html"]:
        html = (built_site / page) if page.endswith(".html") else page_file(built_site, page)
        stamp = parsed(html).select_one("footer .provenance")
        assert stamp is not None, page
        words = " ".join(stamp.get_text().split())
        assert f"mathproofs {mathproofs.__version__}" in words, page
        assert f"NumPy {np.__version__}" in words, page
        assert re.search(rf"commit {re.escape(commit)}(\+dirty)?,", words), (page, words)
        assert re.search(r"built \d{4}-\d{2}-\d{2}\.", words), page


def test_citation_cff_agrees_with_the_package_and_the_site() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text("utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert cff["version"] == mathproofs.__version__
    assert cff["url"] == SITE_URL
    assert cff["license"] == ["CC-BY-4.0", "MIT"]  # the text and figures; the code
    assert cff["title"] and cff["authors"] and cff["message"]
    assert DATE.fullmatch(str(cff["date-released"]))
    post = cff["references"][0]
    assert post["authors"] == [{"alias": "dokuDoku"}] and post["title"].startswith("The Core")
    # Its own address is not known to this project, so it is cited without one.
    assert "url" not in post


def test_handout_is_the_derivation_and_both_proofs(built_site: Path) -> None:
    """Same typeset math, same code: the handout's Python blocks are its sources' blocks.

    The handout is generated, not a page under docs/, so the parity test does not see it;
    its blocks are the union of three pages whose blocks that test proves are executed.
    """
    page = page_file(built_site, HANDOUT).read_text("utf-8")
    sources = [page_file(built_site, p).read_text("utf-8") for p in HANDOUT_SOURCES]
    assert shown_python_blocks(page) == [b for s in sources for b in shown_python_blocks(s)]
    formulas = [parsed_html(s).select("article math") for s in sources]
    assert len(soup(built_site, HANDOUT).select("article math")) == sum(map(len, formulas))
    parts = soup(built_site, HANDOUT).select("article section.handout-part")
    assert [p["id"] for p in parts] == ["derivation", "proofs-proof-1", "proofs-proof-2"]
    # Not in search results: a hit there would duplicate the page it comes from.
    index = (built_site / "search" / "search_index.json").read_text("utf-8")
    assert f'"location":"{HANDOUT}' not in index.replace(" ", "")


def test_the_handout_renames_every_id_and_every_reference_to_it() -> None:
    """One page holds several: ids get the part's name, and whatever names an id follows
    it (links, ``for``, ``aria-*``); attributes that only look alike (``data-id``) do not."""
    content = (
        '<h2 id="setup">Setup</h2><label for="x">x</label><input id="x" list="xs">'
        '<datalist id="xs"></datalist>'
        '<div role="tablist" aria-labelledby="setup x" aria-describedby="d" data-id="setup">'
        '<button aria-controls="d" data-for="x">open</button><p id="d">d</p></div>'
        '<a href="#setup">up</a><a href="#eq-a">(D1)</a><div class="equation" id="eq-a"></div>'
        '<math><mo form="prefix">(</mo></math>'
    )
    parts = [handout.Part("derivation.md", "derivation/", "The derivation", content)]
    page = BeautifulSoup(
        handout.handout_content(parts, "handout/", SITE_URL, "site", {"eq-a"}), "html.parser"
    )
    part = page.select_one("section#derivation")
    assert part is not None
    ids = [str(node["id"]) for node in part.select("[id]")]
    assert ids == ["derivation--setup", "derivation--x", "derivation--xs", "derivation--d", "eq-a"]
    label, field, tablist, button, mo = (
        part.select_one(s) for s in ["label", "input", "[role=tablist]", "button", "mo"]
    )
    assert label is not None and label["for"] == "derivation--x"
    assert field is not None and field["list"] == "derivation--xs"
    assert tablist is not None
    assert tablist["aria-labelledby"] == "derivation--setup derivation--x"
    assert tablist["aria-describedby"] == "derivation--d"
    assert tablist["data-id"] == "setup"  # not an id: left alone
    assert button is not None and button["aria-controls"] == "derivation--d"
    assert button["data-for"] == "x"
    assert [a["href"] for a in part.select("a")] == ["#derivation--setup", "#eq-a"]
    # MathML's form is an operator's position, not a form's id.
    assert mo is not None and mo["form"] == "prefix"


def notebook_pages(site: Path) -> list[str]:
    """Built pages rendered from notebooks (mkdocs-jupyter marks them)."""
    return [
        p for p in built_pages(site) if "jupyter-wrapper" in page_file(site, p).read_text("utf-8")
    ]


def test_every_notebook_page_offers_its_ipynb(built_site: Path) -> None:
    # The notebooks are jupytext sources; each becomes one page offering its .ipynb.
    sources = sorted((ROOT / "docs" / "notebooks").glob("*.py"))
    pages = notebook_pages(built_site)
    assert sources and len(pages) == len(sources)
    for page in pages:
        links = [
            a["href"]
            for a in soup(built_site, page).select("article a[href$='.ipynb']")
            if not str(a["href"]).startswith(("http:", "https:"))
        ]
        assert links, f"{page}: no .ipynb download link"
        for href in links:
            target = (page_file(built_site, page).parent / str(href)).resolve()
            assert target.is_file(), f"{page}: {href} is not in the built site"
            assert target.read_bytes().lstrip().startswith(b"{"), f"{href} is not a notebook"
