"""MkDocs hook: keep Material's start-up work on a page from restyling the whole page.

Measured with ``bench/profile_page.py`` on the derivation page, which holds some 11,000
elements of typeset math and code, so that every whole-document restyle costs 40-60 ms
(each figure below: the page with and without the fix, see "How this site is built"):

* **Style sheets.** With ``navigation.instant``, Material's bundle rewrites the ``href``
  of every element in the document to an absolute URL when it starts, unless the URL is
  already absolute (``//`` or ``scheme://``). For a ``<link rel="stylesheet">`` a new
  ``href`` means a new style sheet: Chromium reloads it and restyles everything, once per
  sheet, 85 to 100 ms in all. Here the page's style sheets are imported, in their order,
  from one ``<style>`` element instead, with URLs relative to the site root (the path of
  ``site_url``), so the element is the same on every page and Material's instant
  navigation keeps it when it swaps pages.
* **Tables.** Material wraps each plain ``<table>`` of the content in its scroll wrapper
  (``table.replaceWith(wrapper)``). Chromium's own style sheet has ``:nth-child`` rules
  (for MathML's ``mmultiscripts``), so inserting a node among the article's children
  restyles the whole article, up to 50 ms. Each such table gets a parent of its own at
  build time, so the insertion happens inside it.
* **Code.** Pygments wraps every token of a code block in a ``<span>``, about 4,100
  elements on the derivation page. Material draws names (``n``, ``kc``) in the code's own
  colour and gives no style to whitespace (``w``), so those elements change nothing on
  screen and are unwrapped; punctuation and operators (``p``, ``o``, ``ow``) share one
  colour, so a run of them needs one element. The page looks the same, with 1,700 fewer
  elements to style and lay out (about 15 ms). ``tests/test_page_speed.py`` reads
  Material's style sheets to check that the colours really are shared.
* **Copy buttons.** With ``content.code.copy``, Material inserts each code block's copy
  button when the page starts, and measures the block after each insertion: one forced
  layout per code block, 25 to 55 ms on the derivation page. The feature is off in
  ``mkdocs.yml`` and the buttons are written here instead, in Material's markup
  (``md-code__nav`` / ``md-code__button``) with ``data-clipboard-target``; Material's
  clipboard handler, which it installs on every page, copies on click and shows its
  "Copied to clipboard" notice. The button targets the id Material gives each block's
  ``<pre>`` when it starts, ``__code_`` + the id of the block, so every block gets an id.

The other start-up fixes live where the work happens: ``overrides/main.html`` (the
``js`` classes, set in the head) and ``overrides/partials/javascripts/palette.html`` (the
light/dark toggle).

**Turning fixes off, to measure them.** ``MATHPROOFS_SPEED_OFF`` names the fixes to leave
out of a build, comma-separated, from ``FIXES``; it is read once, in ``on_config``, and an
unknown name fails the build. With ``copy-buttons`` off, Material's ``content.code.copy``
is turned on, so the page keeps its buttons (Material then inserts them at start-up).
``bench/typeset_bench.py --ablate`` builds the site once per fix with it and measures
each build against the one with every fix.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# Material wraps exactly these: ``.md-typeset table:not([class])``.
PLAIN_TABLE_RE = re.compile(r"<table>.*?</table>", re.S)
TABLE_HOST = '<div class="table-host">{}</div>'
HEAD_RE = re.compile(r"<head>.*?</head>", re.S)
# A code block from pymdownx.highlight: the tokens are flat spans inside <code>.
CODE_BLOCK_RE = re.compile(
    r'(<div class="language-[\w-]+ highlight"[^>]*><pre><span></span><code>)(.*?)(</code>)', re.S
)
# Token classes Material draws in the code's own colour, or not at all.
UNSTYLED_TOKEN_CLASSES = ("n", "kc", "w")
# Token classes that share one colour (punctuation and operators).
SHARED_COLOUR_CLASSES = ("p", "o", "ow")
UNSTYLED_TOKEN_RE = re.compile(
    rf'<span class="(?:{"|".join(UNSTYLED_TOKEN_CLASSES)})">([^<]*)</span>'
)
_SHARED = rf'<span class="(?:{"|".join(SHARED_COLOUR_CLASSES)})">[^<]*</span>'
SHARED_COLOUR_RUN_RE = re.compile(rf"{_SHARED}(?:[ ]*{_SHARED})+")
TAG_RE = re.compile(r"<[^>]+>")
# The start of a code block in the final page: its parent <div>, with or without an id,
# the <pre> and the <code> (the layout pymdownx.highlight writes, and the citation's BibTeX).
CODE_START_RE = re.compile(
    r'<div class="([^"]+)"(?: id="([^"]+)")?>(<pre(?: class="[^"]*")?>)(<span></span>)?<code>'
)
# Every code block, whatever surrounds it: Material gives each a copy button.
PRE_CODE_RE = re.compile(r"<pre\b[^>]*>(?:<span></span>)?<code\b")
# Material's "clipboard.copy" text in English (theme language: en).
COPY_TITLE = "Copy to clipboard"
STYLESHEET_RE = re.compile(r'[ \t]*<link rel="stylesheet" href="([^"]+)">\n?')

# The fixes MATHPROOFS_SPEED_OFF can turn off, and the config key the choice is kept under.
FIXES = ("styles", "tables", "code-tokens", "copy-buttons")
OFF_ENV = "MATHPROOFS_SPEED_OFF"
OFF_KEY = "page_speed_off"


def fixes_off(value: str) -> frozenset[str]:
    """The fixes named in ``value`` (``MATHPROOFS_SPEED_OFF``): comma-separated, from FIXES."""
    names = frozenset(name.strip() for name in value.split(",") if name.strip())
    unknown = sorted(names - set(FIXES))
    if unknown:
        raise PluginError(f"{OFF_ENV}: unknown fix {unknown}; the fixes are {', '.join(FIXES)}")
    return names


def host_tables(content: str) -> str:
    """Give every plain table a parent element of its own."""
    return PLAIN_TABLE_RE.sub(lambda m: TABLE_HOST.format(m.group(0)), content)


def lean_code(content: str) -> str:
    """Drop the token elements of code blocks that change nothing on screen."""

    def one_colour(run: re.Match[str]) -> str:
        return f'<span class="{SHARED_COLOUR_CLASSES[0]}">{TAG_RE.sub("", run.group(0))}</span>'

    def block(match: re.Match[str]) -> str:
        code = UNSTYLED_TOKEN_RE.sub(r"\1", match.group(2))
        return match.group(1) + SHARED_COLOUR_RUN_RE.sub(one_colour, code) + match.group(3)

    return CODE_BLOCK_RE.sub(block, content)


def copy_buttons(output: str, where: str) -> str:
    """Write each code block's copy button, as Material would add it when the page starts.

    Every ``<pre><code>`` must sit directly in a ``<div>``: the button names the id Material
    gives the ``<pre>``, which it derives from the nearest ancestor with an id.
    """
    unnamed = iter(range(1, output.count("<code>") + 1))
    written = 0

    def block(match: re.Match[str]) -> str:
        nonlocal written
        classes, ident, pre, span = match.group(1), match.group(2), match.group(3), match.group(4)
        if ident is None:
            ident = f"code-{next(unnamed)}"
            if f'id="{ident}"' in output:
                raise PluginError(f"{where}: id {ident!r} exists; cannot name a code block by it")
        written += 1
        return (
            f'<div class="{classes}" id="{ident}">{pre}{span or ""}'
            '<nav class="md-code__nav"><button class="md-code__button" '
            f'title="{COPY_TITLE}" data-clipboard-target="#__code_{ident} &gt; code" '
            'data-md-type="copy"></button></nav><code>'
        )

    blocks = len(PRE_CODE_RE.findall(output))
    output = CODE_START_RE.sub(block, output)
    if blocks != written:
        raise PluginError(
            f"{where}: {blocks} code blocks, {written} copy buttons: a <pre><code> that is "
            "not the only child of a <div> gets no button"
        )
    return output


def site_root(config: MkDocsConfig) -> str:
    """The path the site is served under, from ``site_url``: ``/mathproofs/``.

    The style sheets are imported by paths from this root, so the built site works only
    when served there (not from ``file://``, not under another path): ``site_url`` must
    say where the site is published.
    """
    if not config.site_url:
        raise PluginError("hooks/page_speed.py needs site_url: style sheets load from its path")
    path = urlsplit(config.site_url).path or "/"
    return path if path.endswith("/") else path + "/"


def root_relative(href: str, page_url: str, root: str) -> str:
    """``href`` as written on the page at ``page_url``, as a path from the server root."""
    href = html.unescape(href)
    if urlsplit(href).scheme or href.startswith(("/", "#")):
        return href
    return posixpath.normpath(posixpath.join(root, posixpath.dirname(page_url), href))


def import_stylesheets(output: str, page_url: str, root: str) -> str:
    """Replace the head's stylesheet links by one ``<style>`` that imports them in order."""
    head = HEAD_RE.search(output)
    if head is None:
        raise PluginError(f"{page_url or 'index'}: no <head> to take style sheets from")
    hrefs = STYLESHEET_RE.findall(head.group(0))
    if not hrefs:
        return output
    urls = [root_relative(h, page_url, root) for h in hrefs]
    if any(c in url for url in urls for c in '"\\\n'):
        raise PluginError(f"{page_url or 'index'}: a style sheet URL cannot go in CSS: {urls}")
    imports = "".join(f'@import url("{url}");' for url in urls)
    first = True

    def replace(match: re.Match[str]) -> str:
        nonlocal first
        if not first:
            return ""
        first = False
        return f"<style data-site-styles>{imports}</style>\n"

    new_head = STYLESHEET_RE.sub(replace, head.group(0))
    return output[: head.start()] + new_head + output[head.end() :]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    off = fixes_off(os.environ.get(OFF_ENV, ""))
    config[OFF_KEY] = off
    features = list(config.theme["features"]) if "features" in config.theme else []
    if "copy-buttons" in off and "content.code.copy" not in features:
        config.theme["features"] = [*features, "content.code.copy"]  # Material's own buttons
    return config


def on_page_content(html_: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    off = config[OFF_KEY]
    if "tables" not in off:
        html_ = host_tables(html_)
    if "code-tokens" not in off:
        html_ = lean_code(html_)
    return html_


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    off = config[OFF_KEY]
    if "copy-buttons" not in off:
        output = copy_buttons(output, page.file.src_uri)
    if "styles" not in off:
        output = import_stylesheets(output, page.url, site_root(config))
    return output
