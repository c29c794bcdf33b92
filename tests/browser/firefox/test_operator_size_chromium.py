"""The same operator-size check in Chromium (Playwright), so that both engines are held to it.

Chromium follows MathML Core and never drew ⊗ large; the check keeps it that way, with the
same boxes (``operator_boxes.js``) and the same pixel measure (``ink.py``) as Firefox's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from browser.firefox import ink

BOXES_JS = (Path(__file__).with_name("operator_boxes.js")).read_text("utf-8")
# The pages with the most Kronecker products and a displayed ∑.
PAGES = ("derivation/", "proofs/proof-2/", "exercises/")


@pytest.mark.parametrize("path", PAGES)
def test_no_operator_is_drawn_oversized_in_chromium(
    browser: Any, site_url: str, tmp_path: Path, path: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.route(
        "**/*",
        lambda route: route.continue_() if "127.0.0.1" in route.request.url else route.abort(),
    )
    page.goto(site_url + path, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    equations = page.evaluate(BOXES_JS)
    page.evaluate("window.scrollTo(0, 0)")
    for equation in equations:
        box = equation["box"]
        equation["shot"] = tmp_path / f"{equation['index']}.png"
        clip = {"x": box["x"], "y": box["y"], "width": box["width"], "height": box["height"]}
        page.screenshot(path=equation["shot"], clip=clip, full_page=True)
    context.close()
    measured = ink.measure(equations)
    assert ink.oversized(measured) + ink.shrunk(measured) == []
    # Each page draws at least one ⊗ in view (the exercises' others are in closed solutions).
    assert any(m.kind == "binary" for m in measured), [str(m) for m in measured]
