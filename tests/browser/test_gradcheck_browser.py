"""The exercises page's answer checkers, typed into like a reader, in headless Chromium.

On several exercises the right answer and each classic mistake (the transpose, the sign, a
factor 2 and 1/2, the wrong shape, a plain wrong answer) are typed into the widget and
checked: the verdict must be check_gradient's diagnosis of the same array (computed here in
Python from the form's numpy f). Before the first focus or click nothing of the checker but
its loader and style sheet is fetched; no request leaves 127.0.0.1; the derivation page
fetches nothing of it. Screenshots of a widget, light and dark, desktop and phone width:
``test-artifacts/screenshots/gradcheck-<scheme>-<width>.png``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import mathproofs as mp
from browser.test_pages import Visit, is_local, nav_link

ROOT = Path(__file__).resolve().parents[2]
FORMS: dict[str, Any] = json.loads(
    (ROOT / "docs/javascripts/gradcheck-exercises.json").read_text("utf-8")
)["forms"]
# What loads on first use only.
HEAVY = (
    "assets/gradcheck/math.js",
    "assets/gradcheck/temml.min.js",
    "javascripts/gradcheck.js",
    "assets/gradcheck/data.js",
)
# Forms typed into, with every try of each: together every classic mistake, the swapped
# Kronecker factors included (the matrix answers of Exercises 7, 9 and 10).
TYPED = [
    "weighted",
    "input",
    "batch-rows",
    "ridge",
    "norm-squared",
    "log-det",
    "softmax",
    "kron-transpose",
    "hessian",
    "vec-abc",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


class Tab:
    """One browser tab on the exercises page, with what it requested and when."""

    def __init__(self, page: Any, visit: Visit) -> None:
        self.page, self.visit = page, visit
        self.requests: list[str] = []
        self.bytes = 0
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfinished", self._count)

    def _count(self, request: Any) -> None:
        sizes = request.sizes()
        self.bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]

    def widget(self, key: str) -> Any:
        return self.page.locator(f'.mp-check[data-form="{key}"]')

    def check(self, key: str, text: str) -> str:
        box = self.widget(key)
        box.locator("input").fill(text)
        box.locator("button").click()
        verdict = box.locator(".mp-check__verdict")
        verdict.wait_for(state="visible")
        self.page.wait_for_function(
            "(el) => el.textContent.length > 0", arg=verdict.element_handle()
        )
        result: str = verdict.text_content() or ""
        # the next check of this widget must wait for its own verdict
        self.page.evaluate("(el) => { el.textContent = ''; }", verdict.element_handle())
        return result

    def value(self, key: str, text: str) -> Any:
        """The array the page reads from the answer (its own reader, gradcheck-input.js)."""
        return self.page.evaluate(
            """([key, text]) => mpGradcheckInput.readAnswer(
                 math, text, mpGradcheckData.forms[key]).value""",
            [key, text],
        )


def watch(page: Any, visit: Visit) -> None:
    page.on(
        "console",
        lambda msg: visit.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: visit.console_errors.append(f"uncaught: {exc}"))

    def route(route: Any) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            visit.foreign_requests.append(route.request.url)
            route.abort()

    page.route("**/*", route)


def open_tab(browser: Any, url: str, scheme: str = "light", viewport: Any = DESKTOP) -> Any:
    context = browser.new_context(
        viewport=viewport, color_scheme=scheme, reduced_motion="reduce", service_workers="block"
    )
    page = context.new_page()
    visit = Visit()
    watch(page, visit)
    tab = Tab(page, visit)
    page.goto(url, wait_until="load")
    page.wait_for_selector(".mp-check[data-form]:not([hidden])")
    return context, tab


@pytest.fixture
def tab(browser: Any, site_url: str) -> Iterator[Tab]:
    context, tab = open_tab(browser, site_url + "exercises/")
    yield tab
    context.close()
    assert tab.visit.console_errors == [], tab.visit.console_errors
    assert tab.visit.foreign_requests == [], tab.visit.foreign_requests


def expected(key: str, value: Any) -> str:
    """check_gradient's sentence for this array, on this exercise's f (check_matrix's, on the
    expected matrix, for a matrix answer)."""
    form = FORMS[key]
    names = {"np": np, **{k: np.array(v) for k, v in form["data"].items()}}
    if form.get("mode") == "matrix":
        E = eval(form["numpy"], names)
    elif form.get("mode") == "jacobian":
        F = eval(f"lambda {form['variable']}: {form['numpy']}", names)
        E = mp.numerical_jacobian(F, np.array(form["X"], dtype=float))
    if "mode" in form:
        kron = None if "kron" not in form else ((*form["kron"][0],), (*form["kron"][1],))
        matrix = mp.check_matrix(np.array(value, dtype=float), E, kron=kron)
        return ("✓ Right. " if matrix.ok else "✗ Not yet. ") + matrix.diagnosis
    f = eval(f"lambda {form['variable']}: {form['numpy']}", names)
    X = np.array(form["X"], dtype=float)
    try:
        result = mp.check_gradient(f, np.array(value, dtype=float), X)
    except ValueError as error:  # a shape no diagnosis explains: the page says so in words
        return "✗ Not yet. " + str(error).replace("candidate: ", "Your answer: ") + "."
    return ("✓ Right. " if result.ok else "✗ Not yet. ") + result.diagnosis


def same(shown: str, want: str) -> bool:
    """Equal, but for the round-off error quoted for a right answer."""
    matches = r"(The candidate matches the (?:gradient|expected matrix) \(error )[^,]+(, within )"
    return re.sub(matches, r"\1~\2", shown) == re.sub(matches, r"\1~\2", want)


def test_nothing_of_the_checker_loads_before_the_first_focus(tab: Tab) -> None:
    page = tab.page
    page.wait_for_timeout(300)
    before = list(tab.requests)
    assert not [u for u in before if any(u.endswith(h) for h in HEAVY)], before
    assert any(u.endswith("javascripts/gradcheck-loader.js") for u in before)
    assert page.evaluate("typeof window.math") == "undefined"
    tab.widget("weighted").locator("input").focus()
    page.wait_for_selector('.mp-check[data-form="weighted"][data-ready]')
    after = tab.requests[len(before) :]
    for heavy in HEAVY:
        assert any(u.endswith(heavy) for u in after), (heavy, after)
    assert all(is_local(u) for u in tab.requests)


def test_the_derivation_fetches_nothing_of_the_checker(browser: Any, site_url: str) -> None:
    context = browser.new_context(viewport=DESKTOP, service_workers="block")
    page = context.new_page()
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(site_url + "derivation/", wait_until="load")
    page.wait_for_timeout(300)
    context.close()
    assert not [u for u in urls if "gradcheck" in u], urls


@pytest.mark.parametrize("key", TYPED)
def test_typed_answers_get_check_gradients_verdict(tab: Tab, key: str) -> None:
    form = FORMS[key]
    tries = [{"text": form["answer"], "mistake": None}, *form["tries"]]
    for attempt in tries:
        shown = tab.check(key, attempt["text"])
        if attempt.get("error") == "shapes":
            assert shown.startswith("The shapes do not fit"), (attempt, shown)
            continue
        want = expected(key, tab.value(key, attempt["text"]))
        assert same(shown, want), (attempt["text"], shown, want)
        if attempt.get("mistake") is None and "error" not in attempt:
            assert shown.startswith("✓ Right."), (attempt["text"], shown)
        else:
            assert shown.startswith("✗ Not yet."), (attempt["text"], shown)


def test_the_classic_mistakes_are_named(tab: Tab) -> None:
    """Typed into the weighted loss: each mistake named, in words a student can act on."""
    named = {
        "-2W(g - Mx)x^T": "✓ Right. The candidate matches the gradient",
        "-2x(g - Mx)^T W": "✗ Not yet. The candidate is the transpose of the gradient",
        "2W(g - y)x^T": "✗ Not yet. The sign is wrong",
        "-4 W r x^\\top": "✗ Not yet. Off by a constant factor 2",
        "-W(g - y)x^T": "✗ Not yet. Off by a constant factor 1/2",
        "-2W(g - Mx)": "✗ Not yet. The candidate has shape (2, 1)",
        "-2(g - Mx)x^T": "✗ Not yet. The candidate is wrong",
        "-2*(g - M@x)@x.T": "✗ Not yet. The candidate is wrong",
        "-2*W@(g - M@x)@x.T": "✓ Right.",
    }
    for text, start in named.items():
        shown = tab.check("weighted", text)
        assert shown.startswith(start), (text, shown)
    swapped = "✗ Not yet. The Kronecker factors are swapped: the candidate is Q ⊗ P where P ⊗ Q"
    assert tab.check("vec-abc", "A \\otimes C^T").startswith(swapped)
    assert tab.check("kron-transpose", "B^T ⊗ A^T").startswith(swapped)


def test_the_checker_works_after_instant_navigation(browser: Any, site_url: str) -> None:
    """Material swaps the article in: the loader, inside it, runs again, and the checker too;
    back on the page a second time, it works without loading mathjs again."""
    context, tab = open_tab(browser, site_url + "exercises/")
    page = tab.page
    try:
        assert tab.check("input", "-2M^T(g - Mx)").startswith("✓ Right.")
        loads = len([u for u in tab.requests if u.endswith(HEAVY[0])])
        page.evaluate("window.__sameDocument = true")
        for target in [site_url + "derivation/", site_url + "exercises/"]:
            page.evaluate("document.querySelector('article.md-content__inner').dataset.old = ''")
            page.locator(nav_link(page, target)).dispatch_event("click")
            page.wait_for_function(
                """(abs) => location.href === abs
                    && !document.querySelector("article.md-content__inner[data-old]")
                    && document.querySelector("article.md-content__inner")""",
                arg=target,
            )
        page.wait_for_selector('.mp-check[data-form="input"]:not([hidden])')
        assert page.evaluate("window.__sameDocument === true"), "a full reload"
        assert tab.check("input", "-2(g - Mx)^T M").startswith("✗ Not yet. The candidate is the")
        assert len([u for u in tab.requests if u.endswith(HEAVY[0])]) == loads
    finally:
        context.close()
    assert tab.visit.console_errors == [] and tab.visit.foreign_requests == []


def test_what_cannot_be_read_gets_a_sentence(tab: Tab) -> None:
    assert tab.check("input", "-2Q^T(g - Mx)").startswith("Unknown symbol “Q”")
    assert tab.check("input", "-2M(g - Mx)").startswith("The shapes do not fit")
    assert tab.check("input", "-2M^T(g - Mx").startswith("Expected a closing parenthesis")
    assert tab.check("bias-shared", "-2(g - y)").startswith("✗ Not yet. Your answer: expected")


def test_the_preview_shows_how_the_answer_was_read(tab: Tab) -> None:
    box = tab.widget("ridge")
    box.locator("input").fill("-2(g - Mx)x^T + 2\\lambda M")
    tab.page.wait_for_function(
        """() => document.querySelector('.mp-check[data-form="ridge"] .mp-check__preview math')"""
    )
    text = box.locator(".mp-check__preview").text_content() or ""
    assert "λ" in text and "\N{DOWN TACK}" in text, text  # \lambda, and x^T as x^\top


def test_the_widget_is_labelled_and_its_verdict_is_announced(tab: Tab) -> None:
    for key in FORMS:
        box = tab.widget(key)
        assert box.count() == 1, key
        assert box.locator("input").evaluate("(el) => el.labels.length") == 1, key
        verdict = box.locator(".mp-check__verdict")
        assert verdict.get_attribute("aria-live") == "polite", key
        assert verdict.get_attribute("role") == "status", key


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_widget_screenshots(
    browser: Any, site_url: str, screenshots: Path, scheme: str, viewport: Any
) -> None:
    context, tab = open_tab(browser, site_url + "exercises/", scheme, viewport)
    try:
        key = "second-layer-inner"
        tab.widget(key).scroll_into_view_if_needed()
        tab.widget(key).locator("input").fill("((1 - h ⊙ h) ⊙ (M_2^T \\delta)) x^T")
        tab.widget(key).locator("button").click()
        tab.page.wait_for_selector(f'.mp-check[data-form="{key}"].mp-check--ok')
        tab.widget("weighted").locator("input").fill("-2x(g - Mx)^T W")
        tab.widget("weighted").locator("button").click()
        tab.page.wait_for_selector('.mp-check[data-form="weighted"].mp-check--wrong')
        tab.widget("vec-abc").locator("input").fill("A \\otimes C^T")
        tab.widget("vec-abc").locator("button").click()
        tab.page.wait_for_selector('.mp-check[data-form="vec-abc"].mp-check--wrong')
        name = f"gradcheck-{scheme}-{viewport['width']}"
        tab.widget("vec-abc").screenshot(path=screenshots / f"{name}-kronecker.png")
        tab.widget("weighted").screenshot(path=screenshots / f"{name}-wrong.png")
        tab.widget(key).screenshot(path=screenshots / f"{name}-right.png")
        width = tab.page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], f"the page scrolls sideways: {width}px"
    finally:
        context.close()
    assert tab.visit.console_errors == [] and tab.visit.foreign_requests == []
