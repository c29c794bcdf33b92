"""Every error message, word for word: the argument, the expected shape, what was found.

``tests/test_validation.py`` checks that bad input is rejected and that the messages name
the right things; this file pins the full text of one message per error path of each
public function. It kills the mutants (``make mutation``) that change a name or a shape
symbol in a message, which a partial match cannot see.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import sympy as sp

import mathproofs as mp
from mathproofs import network as nw


def _sum(A: Any) -> float:
    return float(np.sum(A))


NAN = np.nan
CASES: dict[str, tuple[Callable[[], object], type[Exception], str]] = {
    "vec 3-D": (
        lambda: mp.vec(np.ones((2, 2, 2))),
        ValueError,
        "A must be 2-D with shape (m, n); got 3-D shape (2, 2, 2)",
    ),
    "vec empty vector": (
        lambda: mp.vec(np.ones(0)),
        ValueError,
        "A must have no empty dimensions; got shape (0,)",
    ),
    "vec nan vector": (
        lambda: mp.vec(np.array([1.0, NAN])),
        ValueError,
        "A contains non-finite values (nan or inf)",
    ),
    "unvec 2-D": (
        lambda: mp.unvec(np.ones((2, 2)), (2, 2)),
        ValueError,
        "v must be 1-D with shape (m*n,); got 2-D shape (2, 2)",
    ),
    "unvec wrong size": (
        lambda: mp.unvec(np.ones(6), (4, 2)),
        ValueError,
        "shape = (4, 2) holds m*n = 8 elements but v has size 6",
    ),
    "devec wrong size": (
        lambda: mp.devec(np.ones(6), (4, 2)),
        ValueError,
        "shape = (4, 2) holds m*n = 8 elements but row has size 6",
    ),
    "devec 3-D": (
        lambda: mp.devec(np.ones((1, 2, 3)), (2, 3)),
        ValueError,
        "row must be a row of shape (1, m*n) or a 1-D vector of shape (m*n,); got shape (1, 2, 3)",
    ),
    "devec column": (
        lambda: mp.devec(np.ones((6, 1)), (2, 3)),
        ValueError,
        "row must be a row of shape (1, m*n) or a 1-D vector of shape (m*n,); "
        "got shape (6, 1) (a column: pass its transpose)",
    ),
    "devec row with nan": (
        lambda: mp.devec(np.array([[1.0, NAN]]), (1, 2)),
        ValueError,
        "row contains non-finite values (nan or inf)",
    ),
    "devec empty row": (
        lambda: mp.devec(np.ones((1, 0)), (1, 1)),
        ValueError,
        "row must have no empty dimensions; got shape (1, 0)",
    ),
    "devec empty vector": (
        lambda: mp.devec(np.ones(0), (1, 1)),
        ValueError,
        "row must have no empty dimensions; got shape (0,)",
    ),
    "kron_identity 1-D": (
        lambda: mp.kron_identity(np.ones(3), 2),
        ValueError,
        "A must be 2-D with shape (p, n); got 1-D shape (3,)",
    ),
    "proof1 C 1-D": (
        lambda: mp.proof1_lhs(np.ones(3), np.ones((2, 3))),
        ValueError,
        "C must be 2-D with shape (m, n); got 1-D shape (3,)",
    ),
    "proof1 A 1-D": (
        lambda: mp.proof1_lhs(np.ones((2, 3)), np.ones(3)),
        ValueError,
        "A must be 2-D with shape (p, n); got 1-D shape (3,)",
    ),
    "proof1 mismatch": (
        lambda: mp.proof1_rhs(np.ones((2, 3)), np.ones((2, 4))),
        ValueError,
        "A: expected shape (p, n) = (p, 3) to match C of shape (2, 3); got shape (2, 4)",
    ),
    "proof2 v 2-D": (
        lambda: mp.proof2_lhs(np.ones((2, 2)), np.ones(3)),
        ValueError,
        "v must be 1-D with shape (m,); got 2-D shape (2, 2)",
    ),
    "proof2 x 2-D": (
        lambda: mp.proof2_rhs(np.ones(2), np.ones((3, 1))),
        ValueError,
        "x must be 1-D with shape (n,); got 2-D shape (3, 1)",
    ),
    "rng negative": (
        lambda: mp.rng(-1),
        ValueError,
        "seed must be a non-negative int; got -1",
    ),
    "rng float": (
        lambda: mp.rng(1.5),  # type: ignore[arg-type]
        TypeError,
        "seed must be an int or None; got float 1.5",
    ),
    "directional_derivative V shape": (
        lambda: mp.directional_derivative(_sum, np.ones((2, 2)), np.ones((2, 3))),
        ValueError,
        "V: expected shape (m, n) = (2, 2) to match M of shape (2, 2); got shape (2, 3)",
    ),
    "directional_derivative V nan": (
        lambda: mp.directional_derivative(_sum, np.ones((2, 2)), np.full((2, 2), NAN)),
        ValueError,
        "V contains non-finite values (nan or inf)",
    ),
    "directional_derivative h": (
        lambda: mp.directional_derivative(_sum, np.ones((2, 2)), np.ones((2, 2)), h=0),
        ValueError,
        "h must be a finite positive real number; got 0.0",
    ),
    "directional_derivative f": (
        lambda: mp.directional_derivative(3, np.ones((2, 2)), np.ones((2, 2))),  # type: ignore[arg-type]
        TypeError,
        "f must be callable; got int",
    ),
    "numerical_gradient 3-D": (
        lambda: mp.numerical_gradient(_sum, np.ones((2, 2, 2))),
        ValueError,
        "M must be 1-D with shape (n,) or 2-D with shape (m, n); got 3-D shape (2, 2, 2)",
    ),
    "numerical_gradient f returns a vector": (
        lambda: mp.numerical_gradient(lambda A: A, np.ones(2)),
        TypeError,
        "f must return a real scalar; got ndarray with dtype 'float64' and shape (2,)",
    ),
    "numerical_gradient f returns nan": (
        lambda: mp.numerical_gradient(lambda A: float("nan"), np.ones(2)),
        ValueError,
        "f returned a non-finite value nan",
    ),
    "dy_dvecM x 2-D": (
        lambda: mp.dy_dvecM(np.ones((2, 2)), 2),
        ValueError,
        "x must be 1-D with shape (n,); got 2-D shape (2, 2)",
    ),
    "dy_dvecM m = 0": (
        lambda: mp.dy_dvecM(np.ones(2), 0),
        ValueError,
        "m must be a positive int; got 0",
    ),
    "loss x length": (
        lambda: mp.loss(np.ones((2, 3)), np.ones(4), np.ones(2)),
        ValueError,
        "x: expected shape (n,) = (3,) to match M of shape (2, 3); got shape (4,)",
    ),
    "loss g length": (
        lambda: mp.loss(np.ones((2, 3)), np.ones(3), np.ones(3)),
        ValueError,
        "g: expected shape (m,) = (2,) to match M of shape (2, 3); got shape (3,)",
    ),
    "dy_dvecM m float": (
        lambda: mp.dy_dvecM(np.ones(2), 2.0),  # type: ignore[arg-type]
        TypeError,
        "m must be a positive int; got float 2.0",
    ),
    "numerical_gradient h str": (
        lambda: mp.numerical_gradient(_sum, np.ones(2), h="a"),  # type: ignore[arg-type]
        TypeError,
        "h must be a finite positive real number; got str 'a'",
    ),
    "numerical_gradient f returns complex": (
        lambda: mp.numerical_gradient(lambda A: 1j, np.ones(2)),
        TypeError,
        "f must return a real scalar; got complex with dtype 'complex128' and shape ()",
    ),
    "loss M 1-D": (
        lambda: mp.loss(np.ones(3), np.ones(3), np.ones(2)),
        ValueError,
        "M must be 2-D with shape (m, n); got 1-D shape (3,)",
    ),
    "loss x 2-D": (
        lambda: mp.loss(np.ones((2, 3)), np.ones((3, 1)), np.ones(2)),
        ValueError,
        "x must be 1-D with shape (n,); got 2-D shape (3, 1)",
    ),
    "loss g 2-D": (
        lambda: mp.loss(np.ones((2, 3)), np.ones(3), np.ones((2, 1))),
        ValueError,
        "g must be 1-D with shape (m,); got 2-D shape (2, 1)",
    ),
    "directional_derivative V 1-D for a matrix M": (
        lambda: mp.directional_derivative(_sum, np.ones((2, 2)), np.ones(4)),
        ValueError,
        "V must be 2-D with shape (m, n); got 1-D shape (4,)",
    ),
    "directional_derivative V 2-D for a vector M": (
        lambda: mp.directional_derivative(_sum, np.ones(4), np.ones((2, 2))),
        ValueError,
        "V must be 1-D with shape (n,); got 2-D shape (2, 2)",
    ),
}


o = np.ones
NETWORK_CASES: dict[str, tuple[Callable[[], object], type[Exception], str]] = {
    "affine M 1-D": (
        lambda: nw.affine_predict(o(3), o(3), o(3)),
        ValueError,
        "M must be 2-D with shape (m, n); got 1-D shape (3,)",
    ),
    "affine b 2-D": (
        lambda: nw.affine_predict(o((2, 3)), o((2, 1)), o(3)),
        ValueError,
        "b must be 1-D with shape (m,); got 2-D shape (2, 1)",
    ),
    "affine b length": (
        lambda: nw.affine_predict(o((2, 3)), o(3), o(3)),
        ValueError,
        "b: expected shape (m,) = (2,) to match M of shape (2, 3); got shape (3,)",
    ),
    "affine x 2-D": (
        lambda: nw.affine_predict(o((2, 3)), o(2), o((3, 1))),
        ValueError,
        "x must be 1-D with shape (n,); got 2-D shape (3, 1)",
    ),
    "affine x length": (
        lambda: nw.affine_predict(o((2, 3)), o(2), o(4)),
        ValueError,
        "x: expected shape (n,) = (3,) to match M of shape (2, 3); got shape (4,)",
    ),
    "affine g 2-D": (
        lambda: nw.affine_loss(o((2, 3)), o(2), o(3), o((2, 1))),
        ValueError,
        "g must be 1-D with shape (m,); got 2-D shape (2, 1)",
    ),
    "affine g length": (
        lambda: nw.affine_loss(o((2, 3)), o(2), o(3), o(3)),
        ValueError,
        "g: expected shape (m,) = (2,) to match M of shape (2, 3); got shape (3,)",
    ),
    "batch M 1-D": (
        lambda: nw.batch_predict(o(3), o(3), o((3, 2))),
        ValueError,
        "M must be 2-D with shape (m, n); got 1-D shape (3,)",
    ),
    "batch b 2-D": (
        lambda: nw.batch_predict(o((2, 3)), o((2, 1)), o((3, 4))),
        ValueError,
        "b must be 1-D with shape (m,); got 2-D shape (2, 1)",
    ),
    "batch b length": (
        lambda: nw.batch_predict(o((2, 3)), o(3), o((3, 4))),
        ValueError,
        "b: expected shape (m,) = (2,) to match M of shape (2, 3); got shape (3,)",
    ),
    "batch reduction type": (
        lambda: nw.batch_loss(o((2, 3)), o(2), o((3, 4)), o((2, 4)), reduction=1),  # type: ignore[arg-type]
        TypeError,
        "reduction must be 'sum' or 'mean'; got int 1",
    ),
    "two-layer M1 1-D": (
        lambda: nw.two_layer_forward(o(3), o(3), o((2, 3)), o(2), o(3)),
        ValueError,
        "M1 must be 2-D with shape (k, n); got 1-D shape (3,)",
    ),
    "two-layer b1 2-D": (
        lambda: nw.two_layer_forward(o((4, 3)), o((4, 1)), o((2, 4)), o(2), o(3)),
        ValueError,
        "b1 must be 1-D with shape (k,); got 2-D shape (4, 1)",
    ),
    "two-layer b1 length": (
        lambda: nw.two_layer_forward(o((4, 3)), o(3), o((2, 4)), o(2), o(3)),
        ValueError,
        "b1: expected shape (k,) = (4,) to match M1 of shape (4, 3); got shape (3,)",
    ),
    "two-layer b2 2-D": (
        lambda: nw.two_layer_forward(o((4, 3)), o(4), o((2, 4)), o((2, 1)), o(3)),
        ValueError,
        "b2 must be 1-D with shape (m,); got 2-D shape (2, 1)",
    ),
    "two-layer b2 length": (
        lambda: nw.two_layer_forward(o((4, 3)), o(4), o((2, 4)), o(3), o(3)),
        ValueError,
        "b2: expected shape (m,) = (2,) to match M2 of shape (2, 4); got shape (3,)",
    ),
    "two-layer x 2-D": (
        lambda: nw.two_layer_forward(o((4, 3)), o(4), o((2, 4)), o(2), o((3, 1))),
        ValueError,
        "x must be 1-D with shape (n,); got 2-D shape (3, 1)",
    ),
    "two-layer x length": (
        lambda: nw.two_layer_forward(o((4, 3)), o(4), o((2, 4)), o(2), o(5)),
        ValueError,
        "x: expected shape (n,) = (3,) to match M1 of shape (4, 3); got shape (5,)",
    ),
}
CASES.update(NETWORK_CASES)

t = sp.Symbol("t")
OBJECT_CASES: dict[str, tuple[Callable[[], object], type[Exception], str]] = {
    "object array holding None": (
        lambda: mp.vec(np.array([1, None], dtype=object)),
        TypeError,
        "A must be a real numeric array; got dtype 'object' with an entry "
        "of type NoneType (not a real number): None",
    ),
    "object array holding a string": (
        lambda: mp.loss(np.ones((1, 2)), np.array([1, "2"], dtype=object), [1]),
        TypeError,
        "x must be a real numeric array; got dtype 'object' with an entry "
        "of type str (not a real number): '2'",
    ),
    "object array holding a bool": (
        lambda: mp.gradient(np.array([[True]], dtype=object), [1], [1]),
        TypeError,
        "M must be a real numeric array; got dtype 'object' with an entry "
        "of type bool (not a real number): True",
    ),
    "object array holding sympy.I": (
        lambda: mp.unvec(np.array([1, 2 * sp.I]), (1, 2)),
        TypeError,
        "v must be a real numeric array; got dtype 'object' with an entry "
        "of type Mul (not real): 2*I",
    ),
    "object array holding a sympy matrix": (
        lambda: mp.proof2_rhs(np.array([sp.ImmutableMatrix([[1]]), 1], dtype=object)[::-1], [1]),
        TypeError,
        "v must be a real numeric array; got dtype 'object' with an entry "
        "of type ImmutableDenseMatrix (a matrix, not a number): Matrix([[1]])",
    ),
    "object array holding a long expression": (
        lambda: mp.vec(np.array([sp.Symbol("a" * 50) > 0], dtype=object)),
        TypeError,
        "A must be a real numeric array; got dtype 'object' with an entry "
        "of type StrictGreaterThan (not a real number): " + "a" * 37 + "...",
    ),
    "finite differences at a symbol": (
        lambda: mp.numerical_gradient(_sum, np.array([t, 1])),
        TypeError,
        "M must be a real numeric array; got dtype 'object' with an entry "
        "of type Symbol (symbolic; finite differences need numbers): t",
    ),
    "directional derivative along a symbol": (
        lambda: mp.directional_derivative(_sum, np.ones(2), np.array([t, 1])),
        TypeError,
        "V must be a real numeric array; got dtype 'object' with an entry "
        "of type Symbol (symbolic; finite differences need numbers): t",
    ),
    "object array holding sympy.oo": (
        lambda: mp.devec(np.array([[1, t + sp.oo]]), (1, 2)),
        ValueError,
        "row contains non-finite values (nan or inf)",
    ),
    "object array holding float nan": (
        lambda: mp.dL_dvecM(np.ones((1, 2)), np.array([1, NAN], dtype=object), [1]),
        ValueError,
        "x contains non-finite values (nan or inf)",
    ),
    "relu of a symbol": (
        lambda: mp.relu(np.array([t, 1])),
        TypeError,
        "z has an entry whose sign is unknown, so relu cannot be applied: t",
    ),
    "two-layer pre-activation of unknown sign": (
        lambda: mp.two_layer_loss([[t]], [0], [[1]], [0], [1], [1]),
        TypeError,
        "z = M1 x + b1 has an entry whose sign is unknown, so relu cannot be applied: t",
    ),
}
CASES.update(OBJECT_CASES)


@pytest.mark.parametrize("case", CASES)
def test_the_message_is_exactly(case: str) -> None:
    call, error, message = CASES[case]
    with pytest.raises(error) as info:
        call()
    assert str(info.value) == message


def test_an_unknown_size_prints_as_a_question_mark() -> None:
    from mathproofs._validate import format_shape

    assert format_shape([None, 3]) == "(?, 3)"
    assert format_shape([4]) == "(4,)"


def test_seed_zero_is_a_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    """0 is the default and a valid seed, by argument and by MATHPROOFS_SEED."""
    expected = np.random.default_rng(0).standard_normal(3)
    assert np.array_equal(mp.rng(0).standard_normal(3), expected)
    monkeypatch.setenv("MATHPROOFS_SEED", "0")
    assert np.array_equal(mp.rng().standard_normal(3), expected)
