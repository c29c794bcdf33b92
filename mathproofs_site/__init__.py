"""The site's build: one MkDocs plugin, ``mathproofs`` (``plugin.MathproofsPlugin``).

The plugin is a thin adapter from MkDocs' events to the modules below, which know nothing
of MkDocs' events and objects: plain functions from a page's source or HTML to HTML.

* ``config``: the plugin's options, read from ``mkdocs.yml`` (tests read them too).
* ``registry``: every numbered equation and every Python block of the site, read in one
  pass over the pages and notebooks before any page renders; its markers and anchors.
* ``tex``: equation labels in TeX, and the Temml process that turns TeX into MathML.
* ``html``: one parsed tree per page (selectolax, Lexbor's HTML5 parser), serialized once.
* ``equations``: a page's math typeset, its equations numbered, linked and checked.
* ``notebooks``: what notebook pages need besides their math.
* ``verification_map``, ``handout``, ``provenance``: the generated pages and the footer.
* ``math_font``: the math font cut down to what the pages draw.
* ``checker``: the exercises' answer checkers (widgets, loader, the files they load).
* ``speed``: the page-speed fixes, each one an option.
"""

from __future__ import annotations


class PageError(Exception):
    """A page the build cannot publish: its file and what is wrong. The plugin fails the
    build with it (MkDocs' ``PluginError``)."""
