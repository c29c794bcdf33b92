"""Citations of a page and of one equation: plain text and BibTeX (pure functions).

* **Plain text** is shown and copied as is: Unicode titles, the address, the version.
* **BibTeX** works with plain BibTeX and with biblatex. Every entry is an ``@misc`` with
  only the fields plain BibTeX's ``misc`` knows (``author``, ``title``, ``howpublished``,
  ``year``, ``note``), which biblatex reads too; the version, commit and build date go in
  ``note``, where both styles print them. An equation's entry adds one biblatex field,
  ``url`` (the equation's own address, with its ``#``), which plain BibTeX ignores; a
  comment line before the entry says so (BibTeX and biber skip text between entries).
  Field text is TeX: the characters TeX treats specially are escaped and a title's math
  (∂, ⊗, ᵀ, ...) becomes ``$...$``; a character with no TeX spelling here fails the build.
  A ``\\url{...}`` holds only addresses without ``#``, ``%``, braces or backslashes (in a
  field they are an argument of another command, where those break): the page's address.
* **dokuDoku is credited** in every citation: the derivation is theirs, the retelling ours.

The browser builds an equation's citation from one template per page (``equation_template``)
and the equation's number and anchor, so the page carries the text once, not once per
equation; ``fill`` is what the browser does, and ``equation_citation`` what it must give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

POST_AUTHOR = "dokuDoku"
POST_TITLE = "The Core of Backprop 2: Deriving ∂L/∂M using Matrix Calculus"

# What the browser replaces in an equation template (neither is changed by escaping).
NUMBER_TOKEN = "@number@"
ANCHOR_TOKEN = "@anchor@"
# An equation's number and anchor as the registry makes them ("D5", "P1.3"; "eq-dl-dy"):
# characters that need no escaping anywhere, so a filled template equals the direct entry.
NUMBER_RE = re.compile(r"[A-Za-z0-9.]+")
ANCHOR_RE = re.compile(r"eq-[a-z0-9]+(?:-[a-z0-9]+)*")

# TeX's special characters in text, and how to write each.
_TEXT_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",  # not \{ : BibTeX counts every brace, escaped or not
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
    "|": r"\textbar{}",
}
# Non-ASCII text characters with a TeX spelling.
_TEXT_UNICODE = {
    "\u00a0": "~",
    "\N{EN DASH}": "--",
    "\N{EM DASH}": "---",
    "\N{LEFT SINGLE QUOTATION MARK}": "`",
    "\N{RIGHT SINGLE QUOTATION MARK}": "'",
    "\N{LEFT DOUBLE QUOTATION MARK}": "``",
    "\N{RIGHT DOUBLE QUOTATION MARK}": "''",
    "…": r"\ldots{}",
}
# Math characters (as they appear in the site's titles), written inside $...$.
_MATH_UNICODE = {
    "∂": r"\partial",
    "∇": r"\nabla",
    "⊗": r"\otimes",
    "⊕": r"\oplus",
    "⊙": r"\odot",
    "\N{MULTIPLICATION SIGN}": r"\times",
    "·": r"\cdot",
    "\N{MINUS SIGN}": "-",
    "≈": r"\approx",
    "≠": r"\neq",
    "≤": r"\leq",
    "≥": r"\geq",
    "→": r"\to",
    "∈": r"\in",
    "ᵀ": r"^\top",
    "ₘ": "_m",
    "ₙ": "_n",
    "ᵢ": "_i",
    "ⱼ": "_j",
    "\N{GREEK SMALL LETTER ALPHA}": r"\alpha",
    "β": r"\beta",
    "η": r"\eta",
    "λ": r"\lambda",
    "\N{GREEK SMALL LETTER SIGMA}": r"\sigma",
}
# A URL that can stand in \url{...} inside a field, and one for biblatex's url field.
_URL_IN_FIELD_RE = re.compile(r"https?://[A-Za-z0-9._~:/?@!*+,;=()'\-]+")
_URL_FIELD_RE = re.compile(r"https?://[A-Za-z0-9._~:/?#@!$&*+,;=()'%\-]+")
_CONTROL_WORD_END = re.compile(r"\\[A-Za-z]+$")
# A long note runs on over lines (a line break in a field is a space to BibTeX and biber).
_NOTE_BREAK = "\n    "


@dataclass(frozen=True)
class Stamp:
    """Which build is cited: the site's version, its commit and its build date."""

    version: str
    commit: str
    date: str  # YYYY-MM-DD (SOURCE_DATE_EPOCH when set: the build is reproducible)

    @property
    def year(self) -> str:
        return self.date[:4]


@dataclass(frozen=True)
class CitedPage:
    """One page of the site, as its citation names it."""

    url: str  # the page's canonical URL
    slug: str  # a key part: "derivation", "proofs-proof-1", "home"
    title: str  # as the reader sees it (Unicode)
    site_name: str
    author: str


@dataclass(frozen=True)
class Citation:
    text: str
    bibtex: str


def tex_text(text: str) -> str:
    """Text as TeX for a BibTeX field: specials escaped, math characters in ``$...$``.

    A run of math characters, with the ASCII letters, digits and slashes right after one,
    is one formula: "∂L/∂M" gives ``$\\partial L/\\partial M$``, "CAᵀ" gives ``CA$^\\top$``.
    """
    out: list[str] = []
    math: list[str] = []

    def close() -> None:
        if math:
            out.append("$" + "".join(math) + "$")
            math.clear()

    for char in text:
        if char in _MATH_UNICODE:
            math.append(_MATH_UNICODE[char])
        elif math and (char.isascii() and (char.isalnum() or char == "/")):
            if char.isalpha() and _CONTROL_WORD_END.search(math[-1]):
                math.append(" ")
            math.append(char)
        else:
            close()
            if char in _TEXT_ESCAPES:
                out.append(_TEXT_ESCAPES[char])
            elif char in _TEXT_UNICODE:
                out.append(_TEXT_UNICODE[char])
            elif char.isascii() and (char.isprintable() or char == " "):
                out.append(char)
            else:
                raise ValueError(
                    f"no TeX spelling for {char!r} (U+{ord(char):04X}) in {text!r}: "
                    "add it to mathproofs_site/citation.py"
                )
    close()
    return "".join(out)


def _url_in_field(url: str) -> str:
    if not _URL_IN_FIELD_RE.fullmatch(url):
        raise ValueError(f"not an address \\url{{...}} can hold inside a BibTeX field: {url!r}")
    return url


def _url_field(url: str) -> str:
    if not _URL_FIELD_RE.fullmatch(url):
        raise ValueError(f"not an address for a BibTeX url field: {url!r}")
    return url


def _credit_text() -> str:
    return f'A retelling of {POST_AUTHOR}, "{POST_TITLE}".'


def _credit_tex() -> str:
    return f"A retelling of {tex_text(POST_AUTHOR)}, ``{tex_text(POST_TITLE)}''."


def _build_text(page: CitedPage, stamp: Stamp) -> str:
    return f"{page.site_name}, version {stamp.version} (commit {stamp.commit}), built {stamp.date}."


def _build_tex(page: CitedPage, stamp: Stamp) -> str:
    return tex_text(_build_text(page, stamp))


def _entry(key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"


def page_citation(page: CitedPage, stamp: Stamp) -> Citation:
    """A page's plain-text citation and BibTeX entry."""
    text = f'{page.author}. "{page.title}". {_build_text(page, stamp)} {page.url}. {_credit_text()}'
    bibtex = _entry(
        f"{page.site_name}-{page.slug}",
        [
            ("author", f"{{{tex_text(page.author)}}}"),  # braced: a name, not first + last
            ("title", f"{{{tex_text(page.title)}}}"),  # braced: its capitals kept
            ("howpublished", rf"\url{{{_url_in_field(page.url)}}}"),
            ("year", stamp.year),
            ("note", f"{_build_tex(page, stamp)}{_NOTE_BREAK}{_credit_tex()}"),
        ],
    )
    return Citation(text, bibtex)


def _equation_citation(page: CitedPage, stamp: Stamp, number: str, anchor: str) -> Citation:
    url = f"{page.url}#{anchor}"
    text = (
        f'Equation ({number}) of "{page.title}", {page.author}. '
        f"{_build_text(page, stamp)} {url}. {_credit_text()}"
    )
    bibtex = (
        "% url is biblatex's field (plain BibTeX ignores it): the equation's own address.\n"
        + _entry(
            f"{page.site_name}-{anchor}",
            [
                ("author", f"{{{tex_text(page.author)}}}"),
                ("title", f"{{{tex_text(page.title)}, equation ({number})}}"),
                ("howpublished", rf"\url{{{_url_in_field(page.url)}}}"),
                ("url", _url_field(url)),
                ("year", stamp.year),
                (
                    "note",
                    f"Equation ({number}), anchor {anchor}.{_NOTE_BREAK}"
                    f"{_build_tex(page, stamp)}{_NOTE_BREAK}{_credit_tex()}",
                ),
            ],
        )
    )
    return Citation(text, bibtex)


def equation_citation(page: CitedPage, stamp: Stamp, number: str, anchor: str) -> Citation:
    """One equation's citation: its page, its site number, its anchor URL, the version."""
    if not NUMBER_RE.fullmatch(number):
        raise ValueError(f"not an equation number: {number!r}")
    if not ANCHOR_RE.fullmatch(anchor):
        raise ValueError(f"not an equation anchor: {anchor!r}")
    return _equation_citation(page, stamp, number, anchor)


def equation_template(page: CitedPage, stamp: Stamp) -> Citation:
    """The citation of any equation of the page, with ``NUMBER_TOKEN`` and ``ANCHOR_TOKEN``."""
    return _equation_citation(page, stamp, NUMBER_TOKEN, ANCHOR_TOKEN)


def fill(template: Citation, number: str, anchor: str) -> Citation:
    """What the browser does with a template: the tokens replaced, every one."""

    def put(text: str) -> str:
        return text.replace(NUMBER_TOKEN, number).replace(ANCHOR_TOKEN, anchor)

    return Citation(put(template.text), put(template.bibtex))
