"""Every page of the built site in Firefox (Debian's firefox-esr, WebDriver BiDi).

One run of ``driver.mjs`` (the session fixture ``firefox_run``) visits each page at
1280x900 and reports; each test here asserts one thing on every page and names the pages
that fail it: no console error and no failed request; no request leaving 127.0.0.1; the
math typeset; no binary operator drawn oversized (the pixels of each equation's screenshot,
``ink.py``; not again on the print products, made of the other pages' formulas), while ∑
stays large; every equation anchor in view, set in the page and opened
by a fresh load of ``page#anchor``. The screenshots to look at (the derivation, Proof 2 and
the exercises; light and dark; desktop and phone) are in ``test-artifacts/firefox/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from browser.firefox import ink
from browser.firefox.conftest import LOOKED_AT, NOT_MEASURED, SIZES

# Pages that must hold plenty of typeset math and numbered equations.
MATH_PAGES = ("derivation/", "proofs/proof-1/", "proofs/proof-2/", "exercises/", "handout/")
MIN_FORMULAS = 20
# Firefox reports "Invalid markup: Incorrect number of children for <msup/> tag." when it
# lays out a formula the HTML parser has not finished (a large page arrives in chunks): a
# transient state, not the page's markup. Such a message is let through only while the
# finished page has no such element (``misshapen``, checked below on every page).
TRANSIENT_MATHML = "Invalid markup: Incorrect number of children for"


def each_page(run: dict[str, Any], problems: Any) -> dict[str, Any]:
    """``problems(visit)`` for every page; only the pages with a problem."""
    found = {}
    for page, visit in run["pages"].items():
        if "error" in visit:
            found[page or "/"] = f"not visited to the end: {visit['error']}"
            continue
        problem = problems(visit)
        if problem:
            found[page or "/"] = problem
    return found


def console_errors(visit: dict[str, Any]) -> list[str]:
    return [
        e
        for e in visit["console"]
        if not (TRANSIENT_MATHML in e and not visit["typeset"]["misshapen"])
    ]


def test_every_page_is_visited(firefox_run: dict[str, Any]) -> None:
    """Every page of the build, and each to the end (a driver call that failed on a page is
    recorded as its ``error``)."""
    assert list(firefox_run["pages"]) == firefox_run["listed"]
    assert {p: v["error"] for p, v in firefox_run["pages"].items() if "error" in v} == {}
    for page in ["", *MATH_PAGES]:
        assert page in firefox_run["pages"], page
    assert firefox_run["version"].startswith("firefox/"), firefox_run["version"]


def test_pages_load_without_errors(firefox_run: dict[str, Any]) -> None:
    found = each_page(
        firefox_run,
        lambda v: (
            {"console": console_errors(v), "failed": v["failed"]}
            if console_errors(v) or v["failed"]
            else None
        ),
    )
    assert found == {}


def test_no_request_leaves_127_0_0_1(firefox_run: dict[str, Any]) -> None:
    assert each_page(firefox_run, lambda v: v["foreign"]) == {}
    assert all(not shot["foreign"] for shot in firefox_run["shots"]), firefox_run["shots"]


def typeset_problems(page: str, visit: dict[str, Any]) -> dict[str, Any]:
    typeset = visit["typeset"]
    found: dict[str, Any] = {
        "raw TeX": typeset["raw"],
        "error nodes": typeset["errors"],
        "formulas without a box": typeset["empty"],
        "elements with the wrong number of children": typeset["misshapen"],
    }
    if page in MATH_PAGES:
        if typeset["formulas"] < MIN_FORMULAS:
            found["too few formulas"] = typeset["formulas"]
        if not typeset["equations"]:
            found["no numbered equation"] = True
    if typeset["scheme"] != "default":
        found["colour scheme"] = typeset["scheme"]
    return {k: v for k, v in found.items() if v}


def test_math_is_typeset(firefox_run: dict[str, Any]) -> None:
    found = each_page(firefox_run, lambda v: typeset_problems(v["path"], v))
    assert found == {}


def measured(firefox_run: dict[str, Any]) -> dict[str, list[ink.Measured]]:
    return {
        page: ink.measure(visit["operators"])
        for page, visit in firefox_run["pages"].items()
        if "error" not in visit
    }


def test_no_operator_is_drawn_oversized(firefox_run: dict[str, Any]) -> None:
    """⊗ (and ⊕ ⊖ ⊙ ⊎) at most ``ink.MAX_BINARY_TO_LETTER`` times as tall as the capitals
    beside it, on every page; ∑ in display math at least ``ink.MIN_N_ARY_TO_LETTER`` times
    (it must stay large). Enough of them are measured for the check to mean something."""
    by_page = measured(firefox_run)
    assert len(by_page) == len(firefox_run["pages"]), "a page was not visited to the end"
    for page in NOT_MEASURED:
        assert not by_page.get(page), page
    found = {page: ink.oversized(m) + ink.shrunk(m) for page, m in by_page.items()}
    assert {page: problems for page, problems in found.items() if problems} == {}
    binary = [m for ms in by_page.values() for m in ms if m.kind == "binary"]
    n_ary = [m for ms in by_page.values() for m in ms if m.kind == "n-ary"]
    assert len(binary) >= 30 and len(n_ary) >= 3, (len(binary), len(n_ary))
    assert {"derivation/", "proofs/proof-2/"} <= {p for p, ms in by_page.items() if ms}


def test_equation_anchors_bring_the_equation_into_view(firefox_run: dict[str, Any]) -> None:
    found = each_page(
        firefox_run,
        lambda v: (
            {"set in the page": v["anchors"], "opened": v["opened"]}
            if v["anchors"] or v["opened"]
            else None
        ),
    )
    assert found == {}
    assert sum(len(v["typeset"]["equations"]) for v in firefox_run["pages"].values()) > 100


def test_screenshots_to_look_at(firefox_run: dict[str, Any]) -> None:
    """Light and dark, desktop and phone, of the pages looked at by eye."""
    shots = firefox_run["shots"]
    assert len(shots) == len(LOOKED_AT) * 2 * len(SIZES)
    for shot in shots:
        assert Path(shot["file"]).stat().st_size > 10_000, shot
        assert console_errors({"console": shot["console"], "typeset": {"misshapen": []}}) == []
        assert shot["failed"] == [], shot


def test_the_checks_catch_each_failure() -> None:
    """Each problem a visit can report fails the page (the checks above cannot pass empty)."""
    good: dict[str, Any] = {
        "typeset": {
            "raw": [],
            "errors": 0,
            "empty": [],
            "misshapen": [],
            "formulas": 30,
            "equations": ["eq-a"],
            "scheme": "default",
        },
        "console": [f"{TRANSIENT_MATHML} <msup/> tag."],
    }
    assert typeset_problems("derivation/", good) == {}
    assert console_errors(good) == []
    for key, bad in [
        ("raw", ["$x$ in: ..."]),
        ("errors", 1),
        ("empty", ["<math>"]),
        ("misshapen", ["<msup>"]),
        ("formulas", 3),
        ("equations", []),
        ("scheme", "slate"),
    ]:
        visit = {**good, "typeset": {**good["typeset"], key: bad}}
        assert typeset_problems("derivation/", visit) != {}, key
    misshapen = {**good, "typeset": {**good["typeset"], "misshapen": ["<msup>"]}}
    assert console_errors(misshapen) != []
    assert console_errors({**good, "console": ["TypeError: x is undefined"]}) != []
    large = ink.Measured("eq-a", "⊗", "binary", ink=20, reference=12, letter="I")
    small_sum = ink.Measured("eq-b", "∑", "n-ary", ink=13, reference=12, letter="L")
    assert ink.oversized([large]) and ink.shrunk([small_sum])
    assert not ink.oversized([ink.Measured("eq-a", "⊗", "binary", 13, 12, "I")])
