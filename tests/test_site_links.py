"""Every internal link and anchor of the built site resolves; external links are listed.

Internal: each ``href``/``src`` of every HTML page that stays on the site, and each
``@import`` of its ``<style>`` elements (``mathproofs_site/speed.py``), must name a file of the
built site, and a ``#fragment`` must be an ``id`` (or ``name``) on the target page.
External links are not fetched (no network in tests); they are written, one per line with
the pages that use them, to ``test-artifacts/external-links.txt``.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from browser.serving import site_path
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import yaml_load  # mkdocs.yml's !ENV tags
from sitepages import parsed

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = yaml_load((ROOT / "mkdocs.yml").read_text("utf-8"))["site_url"]
SITE_PATH = site_path()  # 404.html and the style sheet imports use paths from the root
ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}
NOT_CHECKED = ("mailto:", "javascript:", "data:", "tel:")

# Every external address the site may publish, with where it was seen. An address nobody has
# seen is not published: dokuDoku's post itself is cited by title and author only, because
# its own address is not known to this project (the reading copy links the three below).
KNOWN_EXTERNAL = {
    # Linked from the post (shared/seed): its prequel and two related posts.
    "https://www.noteblogdoku.com/blog/core-of-backprop-deriving-dl-dm",
    "https://www.noteblogdoku.com/blog/neural-network-implementation-from-scratch",
    "https://www.noteblogdoku.com/blog/fitting-a-simple-linear-model-using-gradient-descent",
    # The project's own repository (mkdocs.yml extra.social, CITATION.cff).
    "https://github.com/mathproofs/mathproofs",
    # From the installed packages' metadata (Project-URL / Home-page).
    "https://github.com/modal-labs/pytest-markdown-docs",
    "https://sympy.org",
    "https://github.com/jimporter/mike",
}
CSS_IMPORT_RE = re.compile(r"""@import\s+(?:url\(\s*)?['"]?([^'")\s;]+)""")


def urls_of(soup: BeautifulSoup) -> list[str]:
    """Every URL a page links to or loads: attributes, and style sheet imports."""
    urls = [
        str(element.get(attr) or "")
        for tag, attr in ATTRS.items()
        for element in soup.find_all(tag)
    ]
    urls += [u for style in soup.find_all("style") for u in CSS_IMPORT_RE.findall(style.text)]
    return urls


@cache
def ids_of(path: Path) -> set[str]:
    soup = parsed(path)
    return {str(t["id"]) for t in soup.find_all(id=True)} | {
        str(t["name"]) for t in soup.find_all(True) if t.has_attr("name")
    }


def resolve(site: Path, page: Path, url: str) -> tuple[Path, str] | None:
    """The file and fragment an internal URL names, or None for an external one."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    page_dir = "/" + page.parent.relative_to(site).as_posix()
    path = unquote(parts.path)
    if path.startswith("/"):
        assert path.startswith(SITE_PATH), f"{url}: absolute path outside {SITE_PATH}"
        target = "/" + path[len(SITE_PATH) :]
    elif path:
        target = posixpath.normpath(posixpath.join(page_dir, path))
    else:
        return page, parts.fragment
    file = site / target.lstrip("/")
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file, parts.fragment


def link_problems(site: Path) -> tuple[list[str], dict[str, set[str]]]:
    """Broken internal links, and the external links with the pages that hold them."""
    broken: list[str] = []
    external: dict[str, set[str]] = defaultdict(set)
    for page in sorted(site.rglob("*.html")):
        where = page.relative_to(site).as_posix()
        for url in urls_of(parsed(page)):
            if not url or url.startswith(NOT_CHECKED):
                continue
            resolved = resolve(site, page, url)
            if resolved is None:
                external[url].add(where)
                continue
            file, fragment = resolved
            if not file.is_file():
                broken.append(f"{where}: {url} -> no file {file.relative_to(site)}")
            elif fragment and file.suffix == ".html" and unquote(fragment) not in ids_of(file):
                broken.append(f"{where}: {url} -> no #{fragment} on {file.relative_to(site)}")
    return broken, external


def test_every_internal_link_and_anchor_resolves(built_site: Path) -> None:
    broken, external = link_problems(built_site)
    out = ROOT / "test-artifacts" / "external-links.txt"
    out.parent.mkdir(exist_ok=True)
    out.write_text(
        "".join(f"{url}\t{' '.join(sorted(pages))}\n" for url, pages in sorted(external.items())),
        "utf-8",
    )
    assert broken == []
    # The check looked at something: pages link to each other and to equations.
    assert any("noteblogdoku.com" in url for url in external)


def test_every_external_link_is_a_known_address(built_site: Path) -> None:
    """No published link to an address nobody has seen; the site's own URLs are fine."""
    _, external = link_problems(built_site)
    own = urlsplit(SITE_URL)
    unknown = {
        url: sorted(pages)
        for url, pages in external.items()
        if url not in KNOWN_EXTERNAL
        and not (urlsplit(url).netloc == own.netloc and urlsplit(url).path.startswith(own.path))
    }
    assert unknown == {}


def test_the_link_check_can_fail(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<h2 id="here">x</h2><a href="#here">ok</a><a href="../b/">missing page</a>'
        '<a href="#nowhere">missing anchor</a><a href="../index.html#top">missing id</a>'
        '<a href="https://example.org/">external</a>'
        f'<style>@import url("{SITE_PATH}a/missing.css");</style>',
        "utf-8",
    )
    (tmp_path / "index.html").write_text('<a href="a/#here">ok</a>', "utf-8")
    broken, external = link_problems(tmp_path)
    assert len(broken) == 4, broken
    assert set(external) == {"https://example.org/"}
