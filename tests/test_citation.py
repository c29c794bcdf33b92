"""Citations: "Cite this page" and an equation's citation (``mathproofs_site/citation.py``).

The BibTeX is read by pybtex, a BibTeX-compatible processor: its parser (strict: a
malformed entry raises) and its ``plain`` style, the port of plain BibTeX's ``plain.bst``,
which writes the ``.bbl`` text LaTeX would typeset. Neither BibTeX nor LaTeX checks that
special characters are escaped (an unescaped ``&`` fails only when LaTeX runs), so
``tex_problems`` reads every field, and the ``.bbl`` text, as TeX: outside math and
``\\url{...}``, no bare ``& % # _ ^ ~``; ``$`` paired; braces balanced; ASCII only.
Synthetic entries show each check failing.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.utils.yaml import yaml_load
from pybtex import errors as pybtex_errors
from pybtex.database import BibliographyData, parse_string
from pybtex.plugin import find_plugin
from sitebuild import DOCS, ROOT
from sitepages import built_pages, page_file, parsed
from test_reproducible import normalise

import mathproofs
from mathproofs_site import citation, provenance, registry
from mathproofs_site.citation import CitedPage, Stamp
from mathproofs_site.config import read_site
from mathproofs_site.provenance import Cited, Provenance
from mathproofs_site.provenance import citation as cite_page

SITE = read_site(ROOT / "mkdocs.yml")
with (ROOT / "mkdocs.yml").open("rb") as _stream:
    MKDOCS: dict[str, Any] = yaml_load(_stream)
STAMP = Stamp("0.1.0", "700745b62c", "2026-12-02")
PAGE = CitedPage(
    url="https://mathproofs.github.io/mathproofs/derivation/",
    slug="derivation",
    title="The derivation: ∂L/∂M with matrix calculus",
    site_name="mathproofs",
    author="mathproofs contributors",
)
# The fields plain BibTeX's misc style prints; biblatex's misc reads them too.
PLAIN_MISC = {"author", "title", "howpublished", "year", "note"}


@pytest.fixture(autouse=True)
def strict_pybtex() -> None:
    """pybtex reports a malformed entry as a warning unless strict: make it raise."""
    pybtex_errors.set_strict_mode(True)


# ---------------------------------------------------------------- reading TeX


def tex_problems(tex: str) -> list[str]:
    """What would break or misprint when ``tex`` is typeset as text (empty: nothing)."""
    problems: list[str] = []
    depth, math, k = 0, False, 0
    while k < len(tex):
        char = tex[k]
        if not char.isascii():
            problems.append(f"non-ASCII {char!r}")
        if char == "\\":
            word = re.match(r"\\([A-Za-z]+|.)", tex[k:])
            assert word, tex
            if word[1] == "url":
                end = tex.find("}", k)
                argument = tex[k + 5 : end]
                if not tex.startswith("{", k + 4) or re.search(r"[#%\\{ ]", argument):
                    problems.append(f"\\url argument {argument!r}")
                k = end + 1
                continue
            k += len(word[0])
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                problems.append("unbalanced }")
        elif char == "$":
            math = not math
        elif char in "&%#" or (char in "_^~" and not math):
            problems.append(f"bare {char!r} at {k}: {tex[max(0, k - 20) : k + 20]!r}")
        k += 1
    if depth > 0:
        problems.append("unbalanced {")
    if math:
        problems.append("unclosed $")
    return problems


# pybtex finds each plugin by scanning every installed distribution's entry points (some
# 12 ms a lookup, and a style looks up three more when made): the plugins are looked up
# once here. A style keeps no state between bibliographies.
BIBTEX = find_plugin("pybtex.database.input", "bibtex")
PLAIN = find_plugin("pybtex.style.formatting", "plain")()
LATEX = find_plugin("pybtex.backends", "latex")


def entries(bibtex: str) -> BibliographyData:
    return parse_string(bibtex, BIBTEX)


def plain_bbl(bibtex: str) -> str:
    """The ``.bbl`` text pybtex's port of ``plain.bst`` writes for these entries.

    The style fails on an entry it cannot format. pybtex reads each field as LaTeX and
    writes it again (a bare ``&`` comes out as ``\\&``, and it prints ``url`` too), where
    BibTeX copies fields as they are: the fields themselves are what ``tex_problems`` reads.
    """
    formatted = PLAIN.format_bibliography(entries(bibtex))
    out = io.StringIO()
    LATEX().write_to_stream(formatted, out)
    return out.getvalue()


def plain_text(bibtex: str) -> str:
    """The one entry as the plain style prints it, rendered as text (TeX escapes decoded)."""
    (formatted,) = PLAIN.format_bibliography(entries(bibtex))
    return str(formatted.text.render_as("text"))


def field_problems(bibtex: str) -> list[str]:
    """Every field of every entry (and each author's name), read as TeX."""
    problems = []
    for key, entry in entries(bibtex).entries.items():
        values = dict(entry.fields)
        for role, people in entry.persons.items():
            values[role] = " and ".join(str(p) for p in people)
        for name, value in values.items():
            if name == "url":  # biblatex reads url verbatim: only its braces matter
                value = value.replace("#", "").replace("%", "")
            problems += [f"{key}.{name}: {p}" for p in tex_problems(value)]
    return problems


def test_tex_problems_catches_each_flaw() -> None:
    assert (
        tex_problems(r"Deriving $\partial L/\partial M$ \& 50\% \#1 a\_b \url{https://a.b/c}") == []
    )
    for bad in [
        "A & B",
        "50%",
        "#1",
        "a_b",
        "x^2",
        "a~b",
        "∂L",
        "$x",
        "{a",
        "a}",
        r"\url{https://a.b/#x}",
    ]:
        assert tex_problems(bad), bad


# ---------------------------------------------------------------- TeX text


def test_tex_text_escapes_every_special_character() -> None:
    text = "A & B, 50% #1 a_b {c} ~d ^e \\f $5 <g> |h|"
    tex = citation.tex_text(text)
    assert tex == (
        r"A \& B, 50\% \#1 a\_b \textbraceleft{}c\textbraceright{} \textasciitilde{}d "
        r"\textasciicircum{}e \textbackslash{}f \$5 \textless{}g\textgreater{} "
        r"\textbar{}h\textbar{}"
    )
    assert tex_problems(tex) == []
    assert tex_problems(text) != []  # the same text unescaped is caught
    # Read back by pybtex (its LaTeX decoder), the escapes are the characters again.
    quoted = "\N{LEFT DOUBLE QUOTATION MARK}q\N{RIGHT DOUBLE QUOTATION MARK}"
    plain = f"A & B, 50% #1 a_b ~d \\f \N{EN DASH} \N{EM DASH} {quoted}"
    cited = CitedPage(PAGE.url, "x", plain, "mathproofs", "mathproofs contributors")
    assert plain_text(citation.page_citation(cited, STAMP).bibtex).split(". ")[1] == plain


def test_tex_text_writes_the_math_of_titles_as_tex() -> None:
    assert citation.tex_text(citation.POST_TITLE) == (
        r"The Core of Backprop 2: Deriving $\partial L/\partial M$ using Matrix Calculus"
    )
    assert citation.tex_text("Proof 1: vec(CAᵀ) = (A ⊗ Iₘ) vec(C)") == (
        r"Proof 1: vec(CA$^\top$) = (A $\otimes$ I$_m$) vec(C)"
    )
    with pytest.raises(ValueError, match=r"U\+2603"):
        citation.tex_text("a snowman ☃")


def site_titles() -> list[str]:
    """Every page title a citation can name: the nav's, and each page's own heading."""

    def walk(item: object) -> list[str]:
        if isinstance(item, dict):
            return [t for key, value in item.items() for t in [str(key), *walk(value)]]
        if isinstance(item, list):
            return [t for value in item for t in walk(value)]
        return []

    nav = MKDOCS["nav"]
    coverage = registry.build(registry.docs_sources(DOCS, SITE.plugin.notebooks))
    return [*walk(nav), *(page.title for page in coverage.pages.values())]


def test_every_title_of_the_site_has_a_tex_spelling() -> None:
    titles = site_titles()
    assert "The derivation" in titles and any("⊗" in t for t in titles)
    for title in titles:
        assert tex_problems(citation.tex_text(title)) == [], title


# ---------------------------------------------------------------- a page's citation


def test_a_page_citation_is_plain_bibtex_and_biblatex_alike() -> None:
    cited = citation.page_citation(PAGE, STAMP)
    (key, entry), *others = entries(cited.bibtex).entries.items()
    assert others == [] and key == "mathproofs-derivation" and entry.type == "misc"
    # Only fields both plain BibTeX's misc and biblatex's read (no url, urldate, version).
    assert set(entry.fields) | set(entry.persons) == PLAIN_MISC
    assert (
        entry.fields["title"] == r"{The derivation: $\partial L/\partial M$ with matrix calculus}"
    )
    assert entry.fields["howpublished"] == rf"\url{{{PAGE.url}}}"
    assert entry.fields["year"] == "2026"
    note = entry.fields["note"]
    assert "version 0.1.0 (commit 700745b62c), built 2026-12-02" in note
    assert (
        r"A retelling of dokuDoku, ``The Core of Backprop 2: Deriving $\partial L/\partial M$"
        in note
    )
    # A braced author is one name (a group), not first name "mathproofs".
    assert str(entry.persons["author"][0]) == "{mathproofs contributors}"
    assert field_problems(cited.bibtex) == []
    bbl = plain_bbl(cited.bibtex)
    assert r"\bibitem[1]{mathproofs-derivation}" in bbl and rf"\url {{{PAGE.url}}}, 2026." in bbl
    assert "version 0.1.0 (commit 700745b62c), built 2026-12-02. A retelling of dokuDoku" in bbl
    text = cited.text
    assert text.startswith('mathproofs contributors. "The derivation: ∂L/∂M with matrix calculus".')
    assert "version 0.1.0 (commit 700745b62c), built 2026-12-02." in text and PAGE.url in text
    assert 'dokuDoku, "The Core of Backprop 2: Deriving ∂L/∂M using Matrix Calculus"' in text


def test_an_unescaped_ampersand_fails_the_bibtex_checks() -> None:
    """Plain BibTeX (pybtex's plain style) passes a bare & to LaTeX: the checks catch it."""
    good = citation.page_citation(PAGE, STAMP).bibtex
    bad = good.replace(r"with matrix calculus", "with matrix & calculus")
    assert bad != good
    assert field_problems(bad) and "bare '&'" in field_problems(bad)[0]
    plain_bbl(bad)  # the parser and pybtex's plain style take it; BibTeX would pass it on


def test_a_malformed_entry_fails_the_parser() -> None:
    good = citation.page_citation(PAGE, STAMP).bibtex
    with pytest.raises(Exception, match=r"(?i)brace|syntax|expected"):
        entries(good.replace("{{mathproofs contributors}}", "{{mathproofs contributors}"))


def test_the_plugin_cites_each_page_with_this_module() -> None:
    stamp = Provenance("0.1.0", "700745b62c", "2.4.6", "2026-12-02")
    cited = Cited(PAGE.url, "derivation/", PAGE.title, "mathproofs", "mathproofs contributors")
    other_url = "https://mathproofs.github.io/mathproofs/proofs/proof-1/"
    other = Cited(other_url, "proofs/proof-1/", "Proof 1", "mathproofs", "mathproofs contributors")
    shown = cite_page(cited, stamp, equations=[cited, other])
    direct = citation.page_citation(PAGE, STAMP)
    assert (shown["bibtex"], shown["text"]) == (direct.bibtex, direct.text)
    template = citation.equation_template(PAGE, STAMP)
    assert shown["equation"]["number"] == citation.NUMBER_TOKEN
    assert shown["equation"]["anchor"] == citation.ANCHOR_TOKEN
    assert list(shown["equation"]["pages"]) == [PAGE.url, other_url]
    assert shown["equation"]["pages"][PAGE.url] == {
        "text": template.text,
        "bibtex": template.bibtex,
    }
    assert '"Proof 1"' in shown["equation"]["pages"][other_url]["text"]
    assert "equation" not in cite_page(cited, stamp)


def test_a_collected_page_cites_each_equation_by_the_page_it_belongs_to() -> None:
    """The handout and the exercise sheets show other pages' equations."""

    def equation(url: str) -> str:
        return (
            f'<div class="equation"><button class="equation-copy" data-url="{url}"></button></div>'
        )

    base = "https://mathproofs.github.io/mathproofs/"
    content = "".join(
        equation(base + path)
        for path in ["derivation/#eq-a", "derivation/#eq-b", "proofs/proof-1/#eq-c"]
    )
    assert provenance.shown_from(content) == [base + "derivation/", base + "proofs/proof-1/"]
    assert provenance.shown_from("<p>no equations</p>") == []


# ---------------------------------------------------------------- an equation's citation


def test_an_equation_citation_names_page_number_anchor_and_version() -> None:
    cited = citation.equation_citation(PAGE, STAMP, "D9", "eq-dl-dy")
    anchor_url = PAGE.url + "#eq-dl-dy"
    assert cited.text == (
        'Equation (D9) of "The derivation: ∂L/∂M with matrix calculus", mathproofs '
        "contributors. mathproofs, version 0.1.0 (commit 700745b62c), built 2026-12-02. "
        f"{anchor_url}. A retelling of dokuDoku, "
        '"The Core of Backprop 2: Deriving ∂L/∂M using Matrix Calculus".'
    )
    assert cited.bibtex.startswith("% url is biblatex's field (plain BibTeX ignores it)")
    (key, entry), *others = entries(cited.bibtex).entries.items()
    assert others == [] and key == "mathproofs-eq-dl-dy"
    assert set(entry.fields) | set(entry.persons) == PLAIN_MISC | {"url"}
    assert entry.fields["url"] == anchor_url
    assert entry.fields["howpublished"] == rf"\url{{{PAGE.url}}}"  # no '#' inside \url
    assert entry.fields["title"].endswith(", equation (D9)}")
    assert entry.fields["note"].startswith(
        "Equation (D9), anchor eq-dl-dy. mathproofs, version 0.1.0"
    )
    assert field_problems(cited.bibtex) == []
    bbl = plain_bbl(cited.bibtex)
    assert r"\bibitem[1]{mathproofs-eq-dl-dy}" in bbl and ", equation (D9)}." in bbl
    for number, anchor in [("D_9", "eq-dl-dy"), ("D9", "eq_dl"), ("D9", "dl-dy")]:
        with pytest.raises(ValueError):
            citation.equation_citation(PAGE, STAMP, number, anchor)


def test_every_equation_of_the_site_is_cited_by_its_page_template() -> None:
    coverage = registry.build(registry.docs_sources(DOCS, SITE.plugin.notebooks))
    assert len(coverage.equations) > 50
    templates: dict[str, citation.Citation] = {}
    for equation in coverage.equations.values():
        page = coverage.pages[equation.src_uri]
        cited = CitedPage(PAGE.url, "page", page.title, "mathproofs", "mathproofs contributors")
        template = templates.setdefault(equation.src_uri, citation.equation_template(cited, STAMP))
        direct = citation.equation_citation(cited, STAMP, equation.number, equation.anchor)
        assert citation.fill(template, equation.number, equation.anchor) == direct
        assert field_problems(direct.bibtex) == [], equation.anchor
    # A template with a token left over would give a citation that names no equation.
    broken = citation.Citation(template.text.replace(citation.NUMBER_TOKEN, "@num@"), "")
    assert citation.fill(broken, "D1", "eq-a").text != direct.text


def test_a_second_build_date_changes_only_what_the_reproducibility_test_masks() -> None:
    """tests/test_reproducible.py compares two builds made on different dates."""
    other = Stamp(STAMP.version, STAMP.commit, "1970-01-02")
    writers: list[Callable[[Stamp], Any]] = [
        lambda stamp: citation.page_citation(PAGE, stamp),
        lambda stamp: citation.equation_citation(PAGE, stamp, "D9", "eq-dl-dy"),
        lambda stamp: citation.equation_template(PAGE, stamp),
    ]
    for write in writers:
        first, second = write(STAMP), write(other)
        for one, two in [(first.text, second.text), (first.bibtex, second.bibtex)]:
            assert one != two
            assert normalise(one) == normalise(two)
            # As the page writes a template: JSON (the date fields are spelled the same).
            assert normalise(json.dumps(one)) == normalise(json.dumps(two))


# ---------------------------------------------------------------- CITATION.cff


def test_citation_cff_gives_both_licences_and_their_files() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text("utf-8"))
    assert cff["license"] == ["CC-BY-4.0", "MIT"]
    assert cff["version"] == mathproofs.__version__
    legal = (ROOT / "LICENSE-CC-BY-4.0").read_text("utf-8")
    assert legal.startswith("Attribution 4.0 International\n")
    assert "Creative Commons Attribution 4.0 International Public License" in legal
    assert "Section 8 -- Interpretation." in legal
    assert (ROOT / "LICENSE").read_text("utf-8").startswith("MIT License\n")
    readme = (ROOT / "README.md").read_text("utf-8")
    licence = readme.split("\n## Licence\n", 1)[1]
    assert "CC BY 4.0" in licence and "MIT" in licence and "dokuDoku" in licence
    footer = MKDOCS["copyright"]
    assert "CC BY 4.0" in footer and "MIT" in footer and "dokuDoku" in footer


# ---------------------------------------------------------------- the built site


def test_every_built_page_cites_itself_and_its_equations(built_site: Path) -> None:
    for page in built_pages(built_site):
        html = parsed(page_file(built_site, page))
        block = html.select_one("article .cite-this-page .cite-bibtex")
        assert block is not None, page
        bibtex = block.get_text()
        assert field_problems(bibtex) == [], page
        (entry,) = entries(bibtex).entries.values()
        assert entry.fields["howpublished"] == rf"\url{{{SITE.site_url}{page}}}", page
        assert f"version {mathproofs.__version__}" in entry.fields["note"], page
        assert "dokuDoku" in entry.fields["note"], page
        data = html.select_one("template#equation-citation")
        numbered = html.select("article .equation[id]")
        assert (data is not None) == bool(numbered), page
        if data is None:
            continue
        templates = json.loads(data.get_text())["pages"]
        for equation in numbered:
            number = equation.select_one(".equation-number").get_text().strip("()")  # type: ignore[union-attr]
            url = str(equation.select_one(".equation-copy")["data-url"])  # type: ignore[index]
            # The equation's page and anchor (a collected page shows other pages' equations).
            source, _, anchor = url.partition("#")
            template = templates[source]
            filled = citation.fill(
                citation.Citation(template["text"], template["bibtex"]), number, anchor
            )
            (cited,) = entries(filled.bibtex).entries.values()
            assert cited.fields["url"] == url and url in filled.text, (page, anchor)
            assert f"Equation ({number})" in filled.text, (page, anchor)
