"""The built site, read as HTML: offline assets only, every equation numbered and anchored."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sitebuild import html_for
from sitepages import parsed_html

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Every attribute through which a page makes the browser fetch something by itself.
FETCHING = [
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("frame", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("input", "src"),
]
CSS_URL_RE = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")


def is_third_party(url: str) -> bool:
    """True when fetching ``url`` would contact a host other than the site's own."""
    parts = urlsplit(url.strip())
    if parts.scheme in ("", "data", "blob") and not url.strip().startswith("//"):
        return False
    return parts.hostname not in LOCAL_HOSTS


def third_party_references(page_html: str) -> list[str]:
    """Every third-party URL a page would load: scripts, styles, fonts, images, frames."""
    soup = parsed_html(page_html)
    found = []
    for tag, attribute in FETCHING:
        for element in soup.find_all(tag):
            for value in element.get_attribute_list(attribute):
                if value is None:
                    continue
                urls = [u.split()[0] for u in value.split(",") if u.strip()]
                found += [f"<{tag} {attribute}={u}>" for u in urls if is_third_party(u)]
    for link in soup.find_all("link"):
        rel = set(link.get_attribute_list("rel"))
        # Plain navigation links (canonical, alternate) are not fetched by the browser.
        fetched = rel & {"stylesheet", "preload", "prefetch", "modulepreload", "icon"}
        fetched |= rel & {"manifest", "preconnect", "dns-prefetch", "apple-touch-icon"}
        href = link.get("href")
        if fetched and isinstance(href, str) and is_third_party(href):
            found.append(f"<link rel={' '.join(sorted(rel))} href={href}>")
    css = " ".join(s.get_text() for s in soup.find_all("style"))
    css += " ".join(str(e.get("style")) for e in soup.find_all(style=True))
    found += [f"css url({u})" for u in CSS_URL_RE.findall(css) if is_third_party(u)]
    return found


def test_no_page_loads_anything_from_another_host(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) >= 4
    problems = {
        str(p.relative_to(built_site)): third_party_references(p.read_text("utf-8")) for p in pages
    }
    assert {page: refs for page, refs in problems.items() if refs} == {}


def test_no_stylesheet_loads_anything_from_another_host(built_site: Path) -> None:
    sheets = sorted(built_site.rglob("*.css"))
    assert any(s.name == "Temml-STIX2.css" for s in sheets)
    problems = {
        str(s.relative_to(built_site)): [
            u for u in CSS_URL_RE.findall(s.read_text("utf-8")) if is_third_party(u)
        ]
        for s in sheets
    }
    assert {sheet: urls for sheet, urls in problems.items() if urls} == {}


def test_math_fonts_are_served_by_the_site(built_site: Path) -> None:
    css = (built_site / "assets/temml/Temml-STIX2.css").read_text("utf-8")
    fonts = {u for u in CSS_URL_RE.findall(css) if u.endswith(".woff2")}
    assert "./STIXTwoMath.woff2" in fonts
    missing = [u for u in fonts if not (built_site / "assets/temml" / u).is_file()]
    assert missing == []


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>',
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
        '<img src="//example.org/logo.png">',
        '<img srcset="a.png 1x, https://example.org/b.png 2x">',
        "<style>@font-face { src: url(https://example.org/f.woff2) }</style>",
        '<iframe src="http://example.org/"></iframe>',
    ],
)
def test_a_third_party_reference_is_caught(snippet: str) -> None:
    assert third_party_references(f"<html><body>{snippet}</body></html>") != []


def test_local_references_pass() -> None:
    page = (
        '<script src="../assets/x.js"></script><img src="data:image/png;base64,AA">'
        '<link rel="canonical" href="https://example.org/page/">'
        '<a href="https://example.org/">an ordinary link is not a fetch</a>'
    )
    assert third_party_references(page) == []


# -- equations ---------------------------------------------------------------------

POST_PAGES = ["derivation.md", "proofs/proof-1.md", "proofs/proof-2.md"]
# The post has 39 display equations; these three pages hold all of them.
POST_DISPLAY_EQUATIONS = 39


def numbered_equations(page_html: str) -> list[tuple[str, str]]:
    """(anchor, number) of every display equation in a page, in order."""
    soup = parsed_html(page_html)
    result = []
    for eq in soup.select("div.equation"):
        link = eq.select_one("a.equation-number")
        assert link is not None and eq.select_one('math[display="block"]') is not None
        assert link.get("href") == f"#{eq.get('id')}"
        result.append((str(eq.get("id")), link.get_text()))
    return result


def test_post_pages_hold_every_display_equation_numbered(built_site: Path) -> None:
    total = 0
    for page in POST_PAGES:
        page_html = html_for(built_site, Path(page)).read_text("utf-8")
        equations = numbered_equations(page_html)
        # No display math escapes numbering: every display formula sits in an equation.
        assert len(equations) == page_html.count('<math display="block"')
        for k, (anchor, number) in enumerate(equations, start=1):
            assert re.fullmatch(r"eq-[a-z0-9]+(-[a-z0-9]+)*", anchor)
            assert number.endswith(f"{k})")
        total += len(equations)
    assert total >= POST_DISPLAY_EQUATIONS
