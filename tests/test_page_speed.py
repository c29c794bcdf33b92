"""The page-speed fixes (``mathproofs_site.speed``): what each does to a page, and that the
built site has them.

Why it exists (Material's start-up work restyling the whole page) is measured by
``bench/profile_page.py``; that instant navigation keeps the imported style sheets is
checked in a browser by ``tests/browser/test_pages.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import material
from bs4 import BeautifulSoup, Tag
from sitepages import parsed

from mathproofs_site import html as h
from mathproofs_site import speed


def part(soup: BeautifulSoup, name: str) -> Tag:
    tag = soup.find(name)
    assert isinstance(tag, Tag), name
    return tag


HEAD = (
    '<html><head>\n<link rel="preload" href="../assets/f.woff2" as="font">\n'
    '    <link rel="stylesheet" href="../assets/main.css">\n'
    '    <link rel="stylesheet" href="../stylesheets/ours.css">\n'
    '<link rel="canonical" href="https://example.org/x/">\n</head>'
    '<body><link rel="stylesheet" href="body.css"></body></html>'
)


def imported(page: str, page_url: str) -> str:
    tree = h.parse_document(page)
    speed.import_stylesheets(tree, page_url)
    return h.serialize_document(tree)


def test_head_style_sheets_become_one_import_block_in_order() -> None:
    out = imported(HEAD, "proofs/proof-1/")
    soup = BeautifulSoup(out, "html.parser")
    styles = part(soup, "head").find_all("style")
    # The links' own URLs, relative to the page: the site works under any path, and from disk.
    assert [s.get_text() for s in styles] == [
        '@import url("../assets/main.css");@import url("../stylesheets/ours.css");'
    ]
    assert part(soup, "head").find_all("link", rel="stylesheet") == []
    # Other head links stay; a link outside the head is not the fix's business.
    assert part(soup, "head").find("link", rel="preload") is not None
    assert len(part(soup, "body").find_all("link", rel="stylesheet")) == 1


def test_the_import_block_is_the_same_on_every_page_of_one_depth() -> None:
    """Instant navigation keeps the element between pages of one depth; between depths its
    text differs and Material swaps it (tests/browser/test_pages.py, test_hosting.py)."""

    def block(page_url: str, depth: int) -> str:
        up = "../" * depth
        page = HEAD.replace("../assets/", up + "assets/").replace(
            "../stylesheets/", up + "stylesheets/"
        )
        soup = BeautifulSoup(imported(page, page_url), "html.parser")
        return str(part(soup, "head").find("style"))

    assert block("derivation/", 1) == block("api/", 1)
    assert block("proofs/proof-1/", 2) == block("beyond/trace/", 2)
    assert len({block("", 0), block("derivation/", 1), block("proofs/proof-1/", 2)}) == 3


def test_urls_are_kept_as_the_page_writes_them() -> None:
    for href in ["https://example.org/a.css", "//example.org/a.css", "x.css?v=1&y=2"]:
        page = HEAD.replace("../stylesheets/ours.css", href.replace("&", "&amp;"))
        # An & in the page's markup is the attribute's &: the tree has decoded it.
        assert f'@import url("{href}");' in imported(page, "proofs/proof-1/")


def test_a_head_without_style_sheets_is_left_alone() -> None:
    page = '<html><head><link rel="stylesheet" href="a.css" media="print"></head></html>'
    assert "<style" not in imported(page, "a/")


def in_content(fix: str, content: str) -> str:
    tree = h.parse_content(content)
    getattr(speed, fix)(h.body(tree))
    return h.serialize_content(tree)


def test_plain_tables_get_a_parent_and_classed_tables_do_not() -> None:
    content = '<p>x</p><table>\n<tr><td>1</td></tr></table><table class="highlighttable"></table>'
    out = in_content("host_tables", content)
    assert out.count('<div class="table-host"><table>') == 1
    assert '<table class="highlighttable">' in out and out.count("table-host") == 1


def test_built_pages_import_their_style_sheets_from_one_block(built_site: Path) -> None:
    pages = [p for p in built_site.rglob("*.html") if p.name != "404.html"]
    assert len(pages) >= 10
    blocks = set()
    for page in pages:
        soup = parsed(page)
        assert part(soup, "head").find_all("link", rel="stylesheet") == [], page
        styles = part(soup, "head").find_all("style", attrs={"data-site-styles": True})
        assert len(styles) == 1, page
        blocks.add(styles[0].get_text())
    # One block per depth (home; derivation/; proofs/proof-1/), every URL relative.
    assert 2 <= len(blocks) <= 4, blocks
    for block in blocks:
        assert "Temml-STIX2.css" in block
        assert '@import url("/' not in block and "://" not in block, block


# -- code blocks: fewer elements, same colours ---------------------------------------------

CODE = (
    '<div class="language-python highlight"><pre><span></span><code>'
    '<span class="n">M</span><span class="w"> </span><span class="o">=</span>'
    ' <span class="n">mp</span><span class="o">.</span><span class="n">predict</span>'
    '<span class="p">(</span><span class="n">x</span><span class="p">)</span>'
    '<span class="w"> </span><span class="c1"># a comment</span>\n'
    '<span class="k">assert</span> <span class="n">a</span> <span class="ow">is</span>'
    ' <span class="kc">None</span></code></pre></div>'
)


def test_lean_code_keeps_the_text_and_every_coloured_token() -> None:
    out = in_content("lean_code", CODE)
    text = BeautifulSoup(CODE, "html.parser").get_text()
    assert BeautifulSoup(out, "html.parser").get_text() == text
    spans = BeautifulSoup(out, "html.parser").select("code span")
    assert [(s["class"], s.get_text()) for s in spans] == [
        (["o"], "="),
        (["o"], "."),
        (["p"], "("),
        (["p"], ")"),
        (["c1"], "# a comment"),
        (["k"], "assert"),
        (["ow"], "is"),
    ]
    # A run of same-colour tokens, spaces included, becomes one element.
    run = '<span class="p">)</span> <span class="o">*</span><span class="p">(</span>'
    leaned = in_content("lean_code", CODE.replace('<span class="p">(</span>', run, 1))
    assert '<span class="p">) *(</span>' in leaned


def test_lean_code_leaves_other_markup_alone() -> None:
    notebook = '<div class="highlight-ipynb"><pre><span class="n">x</span></pre></div>'
    assert in_content("lean_code", notebook) == notebook


def material_css() -> str:
    sheets = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    return "".join(p.read_text("utf-8") for p in sorted(sheets.glob("*.min.css")))


def rules_for(css: str, token_class: str) -> list[str]:
    """The declarations of every rule that selects ``.highlight .<token_class>``."""
    selector = re.compile(rf"\.highlight \.{token_class}$")
    return [
        body
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css)
        if any(selector.search(s.strip()) for s in selectors.split(","))
    ]


def variable_values(css: str, name: str) -> set[str]:
    return set(re.findall(rf"{name}:([^;}}]+)", css))


def test_material_draws_unwrapped_tokens_in_the_code_colour() -> None:
    """lean_code relies on Material's colours; an upgrade that changes them fails here."""
    css = material_css()
    code_rules = re.findall(r"\.md-typeset code,[^{]*\{([^}]*)\}", css)
    assert any("color:var(--md-code-fg-color)" in body for body in code_rules)
    assert {c: set(rules_for(css, c)) for c in speed.UNSTYLED_TOKEN_CLASSES} == {
        "n": {"color:var(--md-code-hl-name-color)"},
        "kc": {"color:var(--md-code-hl-name-color)"},
        "w": set(),  # no rule at all
    }
    assert variable_values(css, "--md-code-hl-name-color") == {"var(--md-code-fg-color)"}


def test_material_gives_punctuation_and_operators_one_colour() -> None:
    css = material_css()
    colours = {
        token_class: set(rules_for(css, token_class)) for token_class in speed.SHARED_COLOUR_CLASSES
    }
    assert colours == {
        "p": {"color:var(--md-code-hl-punctuation-color)"},
        "o": {"color:var(--md-code-hl-operator-color)"},
        "ow": {"color:var(--md-code-hl-operator-color)"},
    }
    punctuation = variable_values(css, "--md-code-hl-punctuation-color")
    assert punctuation == variable_values(css, "--md-code-hl-operator-color")
    assert punctuation == {"var(--md-default-fg-color--light)"}


# -- the start-up fixes in overrides/ ----------------------------------------------------------


def built_soups(site: Path) -> list[tuple[Path, BeautifulSoup]]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 10
    return [(page, parsed(page)) for page in pages]


def test_the_palette_form_is_left_to_the_header_script(built_site: Path) -> None:
    """overrides/partials/javascripts/palette.html replaces Material's palette start-up.

    Right after Material's palette form, the script renames the form so that Material's
    bundle does not mount its palette component; Material's own palette script is gone.
    """
    for page, soup in built_soups(built_site):
        forms = soup.select("header form.md-header__option")
        assert len(forms) == 1, page
        assert forms[0].get("data-md-component") == "palette", page
        script = forms[0].find_next_sibling()
        assert isinstance(script, Tag) and script.name == "script", page
        assert 'form.removeAttribute("data-md-component")' in script.get_text(), page
        assert 'var palette=__md_get("__palette")' not in str(soup), page
