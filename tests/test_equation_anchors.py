"""Every numbered equation's anchor, page by page, written out: renaming one is deliberate.

Lecture slides and notes link to ``<page>#eq-...``. An anchor is named for what the
equation says, not for its number, so renumbering never breaks a link; renaming or
removing one does, so it must be done here too, on purpose. The built site must hold
exactly these anchors, in this order, each with its number link and its copy-link button.
The handout and the lecture notes hold the derivation's and both proofs' anchors, in
reading order.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import Tag
from sitebuild import ROOT, html_for
from sitepages import built_pages, page_file, parsed

from mathproofs_site.config import read_site

SITE = read_site(ROOT / "mkdocs.yml")
SITE_URL = SITE.site_url

ANCHORS: dict[str, list[str]] = {
    "": [
        "eq-vec-definition",
        "eq-kronecker-example",
        "eq-layouts-trace",
    ],
    "beyond/bias-and-batches/": [
        "eq-bias-model",
        "eq-bias-dy",
        "eq-bias-dl",
        "eq-bias-gradients",
        "eq-batch-model",
        "eq-batch-loss",
        "eq-batch-dl",
        "eq-batch-dy",
        "eq-batch-dl-substituted",
        "eq-batch-gradients",
        "eq-batch-sum-of-examples",
        "eq-mean-loss",
        "eq-mean-gradients",
        "eq-mean-learning-rate",
        "eq-mean-gradient-noise",
    ],
    "beyond/index-notation/": [
        "eq-index-model",
        "eq-index-loss",
        "eq-index-dm-dm",
        "eq-index-sifting",
        "eq-index-dy-dm",
        "eq-index-dl-dy",
        "eq-index-dl-dm",
        "eq-index-gradient",
    ],
    "beyond/trace/": [
        "eq-trace-scalar",
        "eq-trace-cyclic",
        "eq-trace-frobenius",
        "eq-trace-outer",
        "eq-trace-line-1",
        "eq-trace-line-2",
        "eq-trace-line-3",
        "eq-trace-read-off",
        "eq-trace-gradient",
        "eq-trace-vec",
    ],
    "beyond/two-layer-network/": [
        "eq-net-hidden",
        "eq-net-relu",
        "eq-net-output",
        "eq-net-loss",
        "eq-relu-prime",
        "eq-relu-differential",
        "eq-net-dl",
        "eq-net-dy",
        "eq-net-dz",
        "eq-net-dl-substituted",
        "eq-net-delta-z",
        "eq-net-dl-four-terms",
        "eq-net-gradients-output",
        "eq-net-gradients-hidden",
        "eq-relu-one-sided",
        "eq-relu-kink-central-difference",
        "eq-net-kink-central-difference",
    ],
    "derivation/": [
        "eq-jacobian",
        "eq-chain-rule-jacobians",
        "eq-product-rule-differentials",
        "eq-model",
        "eq-loss",
        "eq-dl-product-rule",
        "eq-shape-first-term",
        "eq-shape-second-term",
        "eq-dl-dy",
        "eq-dl-operator",
        "eq-dy-product-rule",
        "eq-dy-dm",
        "eq-vec-both-sides",
        "eq-vec-dmx",
        "eq-dy-kron",
        "eq-differential-general",
        "eq-inner-product-definition",
        "eq-dy-kron-operator",
        "eq-dy-dvecm",
        "eq-chain-dl",
        "eq-chain-dy",
        "eq-chain-substituted",
        "eq-chain-differential-general",
        "eq-chain-inner-product",
        "eq-dl-dvecm",
        "eq-dl-dvecm-shape",
        "eq-devec-convention",
        "eq-devec-both-sides",
        "eq-devec-applied",
        "eq-dl-dm-numerator",
        "eq-gradient-denominator",
        "eq-gradient-step",
        "eq-one-example-residual",
    ],
    "notebooks/finite-differences/": [
        "eq-fd-central-exact-for-quadratics",
        "eq-fd-forward-quadratic",
        "eq-fd-tanh-gradient",
        "eq-fd-error-models",
    ],
    "notebooks/gradient-descent/": [
        "eq-gd-mean-loss",
        "eq-gd-gradient",
        "eq-gd-error-recursion",
        "eq-gd-stable-rates",
        "eq-gd-ratio-gap",
    ],
    "notebooks/kronecker-cost/": [
        "eq-cost-bytes",
        "eq-cost-flops",
    ],
    "proofs/proof-1/": [
        "eq-vec-cat",
        "eq-first-column",
        "eq-block-structure",
        "eq-proof1-result",
        "eq-mathlib-kronecker-mulvec-vec",
    ],
    "proofs/proof-2/": [
        "eq-devec-statement",
        "eq-devec-definition",
        "eq-kron-blocks",
        "eq-kron-blocks-expanded",
        "eq-row-times-blocks",
        "eq-row-entries",
        "eq-row-form",
        "eq-column-form",
        "eq-unvec-outer",
        "eq-devec-transpose",
        "eq-proof2-result",
        "eq-mathlib-vec-vecmul-kronecker",
        "eq-mathlib-vec-vecmul-instance",
    ],
    "exercises/": [
        "eq-x-weighted-loss",
        "eq-x-weighted-dl",
        "eq-x-weighted-trace",
        "eq-x-weighted-gradient",
        "eq-x-weighted-nonsymmetric",
        "eq-x-ridge-loss",
        "eq-x-ridge-penalty",
        "eq-x-ridge-gradient",
        "eq-x-ridge-step",
        "eq-x-input-dl",
        "eq-x-input-gradient",
        "eq-x-bias-dl",
        "eq-x-bias-gradient",
        "eq-x-bias-shared",
        "eq-x-rows-model",
        "eq-x-rows-dl",
        "eq-x-rows-gradient",
        "eq-x-quad-df",
        "eq-x-quad-gradient",
        "eq-x-norm-mx-gradient",
        "eq-x-kron-transpose",
        "eq-x-kron-mixed",
        "eq-x-kron-jacobian-gram",
        "eq-x-index-loss",
        "eq-x-index-residual",
        "eq-x-index-product",
        "eq-x-index-gradient",
        "eq-x-hessian-dgrad",
        "eq-x-hessian-vec",
        "eq-x-hessian",
        "eq-x-hessian-taylor",
        "eq-x-vec-abc",
        "eq-x-vec-left",
        "eq-x-vec-right",
        "eq-x-vec-abc-proof",
        "eq-x-trace-loss",
        "eq-x-trace-dl",
        "eq-x-trace-rotated",
        "eq-x-trace-gradient",
        "eq-x-softmax-loss",
        "eq-x-softmax-dlogp",
        "eq-x-softmax-dl",
        "eq-x-softmax-gradient",
        "eq-x-softmax-jacobian",
        "eq-x-tanh-network",
        "eq-x-tanh-dh",
        "eq-x-tanh-dl",
        "eq-x-tanh-gradients",
        "eq-x-logdet-factor",
        "eq-x-logdet-first-order",
        "eq-x-logdet-dl",
        "eq-x-logdet-gradient",
    ],
}
# The handout's pages, as URL paths: "derivation/", "proofs/proof-1/", ...
HANDOUT = [
    html_for(Path("/"), Path(src)).parent.as_posix().strip("/") + "/"
    for src in SITE.plugin.handout_pages
]
ANCHORS[html_for(Path("/"), Path(SITE.plugin.handout)).parent.as_posix().strip("/") + "/"] = [
    anchor for page in HANDOUT for anchor in ANCHORS[page]
]
# The lecture notes: the same pages as the handout (tests/test_notes.py), the same anchors.
NOTES = html_for(Path("/"), Path(SITE.plugin.lecture_notes.page)).parent.as_posix().strip("/")
COLLECTED = {"handout/", NOTES + "/"}
ANCHORS[NOTES + "/"] = ANCHORS["handout/"]
# The exercise sheets: with solutions, every anchor of the exercises page; without, only
# the statements' equations (a solution's equation is left out with it).
SHEETS = {
    html_for(Path("/"), Path(uri)).parent.as_posix().strip("/") + "/": anchors
    for uri, anchors in [
        (SITE.plugin.exercise_sheets.with_solutions, ANCHORS["exercises/"]),
        (
            SITE.plugin.exercise_sheets.without_solutions,
            [
                "eq-x-weighted-loss",
                "eq-x-ridge-loss",
                "eq-x-rows-model",
                "eq-x-index-loss",
                "eq-x-vec-abc",
                "eq-x-trace-loss",
                "eq-x-softmax-loss",
                "eq-x-tanh-network",
            ],
        ),
    ]
}
ANCHORS.update(SHEETS)


def equations(site: Path, page: str) -> list[Tag]:
    soup = parsed(page_file(site, page))
    return list(soup.select(".equation[id]"))


def test_pages_with_equations_are_exactly_the_listed_pages(built_site: Path) -> None:
    with_equations = {p for p in built_pages(built_site) if equations(built_site, p)}
    assert with_equations == set(ANCHORS)


@pytest.mark.parametrize("page", sorted(ANCHORS), ids=lambda p: p or "home")
def test_page_has_exactly_its_listed_anchors(page: str, built_site: Path) -> None:
    found = equations(built_site, page)
    assert [e["id"] for e in found] == ANCHORS[page]
    for equation in found:
        anchor = equation["id"]
        number = equation.select_one("a.equation-number")
        assert number is not None and number["href"] == f"#{anchor}", anchor
        button = equation.select_one("button.equation-copy")
        assert button is not None, f"{anchor}: no copy-link button"
        # On the handout and the notes, the button copies the link to the equation's own
        # page. On a sheet, to the exercises page.
        home = page if page not in COLLECTED else next(p for p in HANDOUT if anchor in ANCHORS[p])
        home = "exercises/" if page in SHEETS else home
        assert button["data-url"] == f"{SITE_URL}{home}#{anchor}", anchor
        assert str(button.get("aria-label", "")).startswith("Copy link to equation ("), anchor


def test_anchors_are_unique_across_the_site() -> None:
    pages = [p for p in ANCHORS if p not in COLLECTED and p not in SHEETS]
    every = [a for p in pages for a in ANCHORS[p]]
    assert len(every) == len(set(every))
