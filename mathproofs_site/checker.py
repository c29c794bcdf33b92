"""The exercises page's answer checkers: each widget's markup, and the files it loads on first use.

A page marks a checker with ``<div class="mp-check" data-form="KEY"></div>``; KEY names a form
of ``docs/javascripts/gradcheck-exercises.json`` (the exercise's f in mathjs syntax, its
variable, its integer data), the one place the forms live: the page's script and
``tests/test_gradcheck_js.py`` read that file. ``fill_widgets`` writes the widget (a labelled
input, a Check button, a preview, a verdict in an aria-live region), hidden until the loader
shows it, and the loader's ``<script defer>`` in the last widget, inside the page's content
(Material's instant navigation runs the scripts of the content it swaps in). The loader
(``javascripts/gradcheck-loader.js``, a few hundred bytes) fetches nothing but the widget's
style sheet before the reader focuses or clicks a checker; then mathjs, Temml and the checker
load, all from the site itself.

The build copies mathjs's browser bundle and Temml's browser script from ``node_modules`` into
``assets/gradcheck/``, with mathjs's licence notice, and writes ``data.js`` there: the forms and
the package's tolerances (``FD_STEP``, ``FD_RTOL``, ``FD_ATOL``), so the JavaScript has no copy of
its own. A script, not JSON to fetch: opened from disk (the offline copy), the browser refuses a
fetch of a file but runs a script.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from mathproofs_site import PageError
from mathproofs_site import html as h

ASSET_DIR = PurePosixPath("assets/gradcheck")
MATHJS = Path("node_modules") / "mathjs" / "lib" / "browser"
TEMML = Path("node_modules") / "temml" / "dist"
# Each asset copied as it is: (source from the project's root, name in ASSET_DIR).
ASSETS = (
    (MATHJS / "math.js", "math.js"),
    (MATHJS / "math.js.LICENSE.txt", "math.js.LICENSE.txt"),
    (TEMML / "temml.min.js", "temml.min.js"),
)
DATA = "data.js"
# Under docs/: served as they are.
FORMS = PurePosixPath("javascripts/gradcheck-exercises.json")
LOADER = PurePosixPath("javascripts/gradcheck-loader.js")
# Names shown as a reader types them.
SHOWN = {"lam": "λ", "delta": "δ", "beta": "β", "one": "\N{MATHEMATICAL BOLD DIGIT ONE}"}


def missing(root: Path) -> list[str]:
    """What ``make install`` should have put in place, and has not."""
    return [str(root / source) for source, _ in ASSETS if not (root / source).is_file()]


def constants() -> dict[str, float]:
    """The package's finite-difference step and tolerances, for the JavaScript checker."""
    from mathproofs import checking

    return {"FD_STEP": checking.FD_STEP, "FD_RTOL": checking.FD_RTOL, "FD_ATOL": checking.FD_ATOL}


def data_script(docs_dir: Path) -> str:
    """``window.mpGradcheckData``: the forms and the tolerances, for the page's checkers."""
    data = {"forms": load_forms(docs_dir), "constants": constants()}
    return "window.mpGradcheckData = " + json.dumps(data) + ";\n"  # symbols keep their order


def load_forms(docs_dir: Path) -> dict[str, Any]:
    forms: dict[str, Any] = json.loads((docs_dir / FORMS).read_text("utf-8"))["forms"]
    return forms


TIMES = "\N{MULTIPLICATION SIGN}"


def _shape(value: Any) -> str:
    if isinstance(value, (int, float)):
        return "a number"
    if value and isinstance(value[0], list):
        return f"{len(value)} {TIMES} {len(value[0])}"
    return f"{len(value)} {TIMES} 1"


def _name(name: str) -> str:
    return SHOWN.get(name, name)


def help_text(form: dict[str, Any]) -> str:
    """What the reader may type in this exercise: its names with their sizes, and how."""
    variable = form.get("variable")
    role = "the point where it is measured" if form.get("mode") == "jacobian" else "the variable"
    names = [] if variable is None else [f"{_name(variable)} ({_shape(form['X'])}, {role})"]
    names += [
        f"I or I_m ({_shape(v)}, the identity)" if k == "I" else f"{_name(k)} ({_shape(v)})"
        for k, v in form["data"].items()
    ]
    names += [f"{_name(k)} = {v}" for k, v in form.get("symbols", {}).items()]
    how = "TeX or Python: x^T or x.T, Mx or M @ x"
    if "mode" in form:
        how += r", A ⊗ B as A \otimes B or kron(A, B)"
    return "Known here: " + ", ".join(names) + f". {how}."


def widget(key: str, form: dict[str, Any], loader: str | None) -> str:
    """The markup of one checker; ``loader`` is the loader's URL, for the page's first one."""
    base = f"mp-check-{key}"
    label = h.markup("label", "Check your answer for " + form["label"] + ":", for_=base)
    field = h.markup(
        "input",
        id=base,
        class_="mp-check__input",
        type="text",
        autocomplete="off",
        autocapitalize="off",
        spellcheck="false",
        placeholder="e.g. 3A^T x - b   or   3*A.T@x - b",
        aria_describedby=f"{base}-help",
    )
    button = h.markup("button", "Check", type="button", class_="mp-check__button md-button")
    row = h.markup("div", field + button, class_="mp-check__row")
    help_ = h.markup("p", h.escape(help_text(form)), class_="mp-check__help", id=f"{base}-help")
    preview = h.markup("div", "", class_="mp-check__preview")
    verdict = h.markup("p", "", class_="mp-check__verdict", role="status", aria_live="polite")
    script = "" if loader is None else h.markup("script", "", src=loader, defer=None)
    inner = h.markup("p", label, class_="mp-check__head") + row + help_ + preview + verdict
    return h.markup("div", inner + script, class_="mp-check", data_form=key, hidden=None)


def fill_widgets(root: h.Node, forms: dict[str, Any], src_uri: str, loader: str) -> bool:
    """Write each ``div.mp-check[data-form]`` of a page; whether the page has one."""
    marks = root.css("div.mp-check[data-form]")
    for k, mark in enumerate(marks):
        key = mark.attributes.get("data-form") or ""
        if key not in forms:
            raise PageError(
                f'{src_uri}: <div class="mp-check" data-form="{key}">: no form {key!r} in '
                f"docs/{FORMS} (it has {', '.join(sorted(forms))})"
            )
        last = k == len(marks) - 1  # the loader after every widget, run when the page is parsed
        h.replace_with_html(mark, widget(key, forms[key], loader if last else None))
    return bool(marks)
