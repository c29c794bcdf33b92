r"""Griffe extension for the API page: a docstring's display math is shown without a number.

The site numbers every display equation of a page and requires a ``\label`` on each one:
numbers belong to the derivation's equations, which the checks claim. A docstring's
``$$...$$`` is not one of those, so before mkdocstrings renders a docstring this extension
rewrites each one outside code fences as ``$\displaystyle ...$``, a paragraph of its own
holding one display-style formula. The site's math step then typesets it like any other
formula, without a number. Loaded by the mkdocstrings entry of ``mkdocs.yml``;
``tests/test_api_page.py`` checks that no formula reaches the page as raw TeX.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

# A fenced code block in a docstring (its text is code: left alone), or a display formula.
FENCE_OR_DISPLAY_RE = re.compile(
    r"(?P<fence>^[ \t]*(?P<ticks>`{3,}|~{3,})[^\n]*\n.*?^[ \t]*(?P=ticks)[ \t]*$)"
    r"|\$\$(?P<tex>.+?)\$\$",
    re.DOTALL | re.MULTILINE,
)


def display_as_inline(text: str) -> str:
    r"""``$$ tex $$`` becomes ``$\displaystyle tex$`` (on one line), except inside fences."""

    def rewrite(match: re.Match[str]) -> str:
        if match["fence"] is not None:
            return match[0]
        return "$\\displaystyle " + " ".join(match["tex"].split()) + "$"

    return FENCE_OR_DISPLAY_RE.sub(rewrite, text)


class DisplayMath(griffe.Extension):
    """Rewrite the display math of every docstring in a package griffe loads."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        rewrite_docstrings(pkg)


def rewrite_docstrings(obj: griffe.Object) -> None:
    """``obj``'s docstring and those of its members, submodules included (aliases are not
    followed: their targets are rewritten where they are defined)."""
    if obj.docstring is not None:
        obj.docstring.value = display_as_inline(obj.docstring.value)
    for member in obj.members.values():
        if isinstance(member, griffe.Object):
            rewrite_docstrings(member)
