"""One message of each kind, word for word: the argument, the expected shape, what was found.

``tests/test_validation.py`` generates the bad-input cases from the shape specs and checks
what each message names; this file pins whole messages, so that a mutant (``make mutation``)
that changes a name, a shape symbol or a word in one is seen.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import sympy as sp

import mathproofs as mp


def _sum(A: Any) -> float:
    return float(np.sum(A))


o, NAN, t = np.ones, np.nan, sp.Symbol("t")
CASES: dict[str, tuple[Callable[[], object], type[Exception], str]] = {
    # The binder: dimensions, empty, sizes bound by other arguments, finite values.
    "one layout": (
        lambda: mp.loss(o(3), o(3), o(2)),
        ValueError,
        "M must be 2-D with shape (m, n); got 1-D shape (3,)",
    ),
    "two layouts": (
        lambda: mp.numerical_gradient(_sum, o((2, 2, 2))),
        ValueError,
        "M must be 1-D with shape (n,) or 2-D with shape (m, n); got 3-D shape (2, 2, 2)",
    ),
    "the layout an earlier argument took": (
        lambda: mp.directional_derivative(_sum, o((2, 2)), o(4)),
        ValueError,
        "V must be 2-D with shape (m, n); got 1-D shape (4,)",
    ),
    "empty": (
        lambda: mp.vec(o(0)),
        ValueError,
        "A must have no empty dimensions; got shape (0,)",
    ),
    "a size from one argument": (
        lambda: mp.loss(o((2, 3)), o(4), o(2)),
        ValueError,
        "x: expected shape (n,) = (3,) to match M of shape (2, 3); got shape (4,)",
    ),
    "sizes from two arguments": (
        lambda: mp.batch_loss(o((2, 2)), o(2), o((2, 3)), o((2, 5))),
        ValueError,
        "G: expected shape (m, B) = (2, 3) to match M of shape (2, 2) and X of shape (2, 3); "
        "got shape (2, 5)",
    ),
    "an unbound dimension keeps its name": (
        lambda: mp.proof1_rhs(o((2, 3)), o((2, 4))),
        ValueError,
        "A: expected shape (p, n) = (p, 3) to match C of shape (2, 3); got shape (2, 4)",
    ),
    "a fixed size, and a transpose that fits": (
        lambda: mp.devec(o((6, 1)), (2, 3)),
        ValueError,
        "row: expected shape (1, m*n); got shape (6, 1) (its transpose fits)",
    ),
    "non-finite": (
        lambda: mp.vec(np.array([1.0, NAN])),
        ValueError,
        "A contains non-finite values (nan or inf)",
    ),
    "non-finite in an object array": (
        lambda: mp.devec(np.array([[1, t + sp.oo]]), (1, 2)),
        ValueError,
        "row contains non-finite values (nan or inf)",
    ),
    # Dtypes and entries.
    "dtype": (
        lambda: mp.vec(np.array([["a", "b"]])),
        TypeError,
        "A must be a real numeric array; got dtype '<U1'",
    ),
    "None in an object array": (
        lambda: mp.vec(np.array([1, None], dtype=object)),
        TypeError,
        "A must be a real numeric array; got dtype 'object' with an entry "
        "of type NoneType (not a real number): None",
    ),
    "sympy.I": (
        lambda: mp.unvec(np.array([1, 2 * sp.I]), (1, 2)),
        TypeError,
        "v must be a real numeric array; got dtype 'object' with an entry "
        "of type Mul (not real): 2*I",
    ),
    "a sympy matrix": (
        lambda: mp.proof2_rhs(np.array([sp.ImmutableMatrix([[1]]), 1], dtype=object)[::-1], [1]),
        TypeError,
        "v must be a real numeric array; got dtype 'object' with an entry "
        "of type ImmutableDenseMatrix (a matrix, not a number): Matrix([[1]])",
    ),
    "a long entry is cut": (
        lambda: mp.vec(np.array([sp.Symbol("a" * 50) > 0], dtype=object)),
        TypeError,
        "A must be a real numeric array; got dtype 'object' with an entry "
        "of type StrictGreaterThan (not a real number): " + "a" * 37 + "...",
    ),
    "finite differences at a symbol": (
        lambda: mp.directional_derivative(_sum, o(2), np.array([t, 1])),
        TypeError,
        "V must be a real numeric array; got dtype 'object' with an entry "
        "of type Symbol (symbolic; finite differences need numbers): t",
    ),
    # Scalar checkers.
    "shape size": (
        lambda: mp.unvec(o(6), (4, 2)),
        ValueError,
        "shape = (4, 2) holds m*n = 8 elements but v has size 6",
    ),
    "shape not a pair": (
        lambda: mp.devec(o(6), (6,)),
        ValueError,
        "shape must be a pair (m, n) of positive ints; got (6,)",
    ),
    "m zero": (lambda: mp.dy_dvecM(o(2), 0), ValueError, "m must be a positive int; got 0"),
    "m float": (
        lambda: mp.dy_dvecM(o(2), 2.0),  # type: ignore[arg-type]
        TypeError,
        "m must be a positive int; got float 2.0",
    ),
    "h zero": (
        lambda: mp.numerical_gradient(_sum, o(2), h=0),
        ValueError,
        "h must be a finite positive real number; got 0.0",
    ),
    "lr str": (
        lambda: mp.gradient_step(o((1, 1)), o(1), o(1), lr="a"),  # type: ignore[arg-type]
        TypeError,
        "lr must be a finite positive real number; got str 'a'",
    ),
    "f not callable": (
        lambda: mp.numerical_gradient(3, o(2)),  # type: ignore[arg-type]
        TypeError,
        "f must be callable; got int",
    ),
    "reduction type": (
        lambda: mp.batch_loss(o((2, 3)), o(2), o((3, 4)), o((2, 4)), reduction=1),  # type: ignore[arg-type]
        TypeError,
        "reduction must be 'sum' or 'mean'; got int 1",
    ),
    "reduction value": (
        lambda: mp.batch_gradients(o((2, 3)), o(2), o((3, 4)), o((2, 4)), reduction="avg"),  # type: ignore[arg-type]
        ValueError,
        "reduction must be 'sum' or 'mean'; got 'avg'",
    ),
    # What the kernels find.
    "f returns a vector": (
        lambda: mp.numerical_gradient(lambda A: A, o(2)),
        TypeError,
        "f must return a real scalar; got ndarray with dtype 'float64' and shape (2,)",
    ),
    "f returns nan": (
        lambda: mp.numerical_gradient(lambda A: NAN, o(2)),
        ValueError,
        "f returned a non-finite value nan",
    ),
    "relu of a symbol": (
        lambda: mp.relu(np.array([t, 1])),
        TypeError,
        "z has an entry whose sign is unknown, so relu cannot be applied: t",
    ),
    "two layers, a pre-activation of unknown sign": (
        lambda: mp.two_layer_loss([[t]], [0], [[1]], [0], [1], [1]),
        TypeError,
        "z has an entry whose sign is unknown, so relu cannot be applied: t",
    ),
    "rng negative": (lambda: mp.rng(-1), ValueError, "seed must be a non-negative int; got -1"),
    "rng float": (
        lambda: mp.rng(1.5),  # type: ignore[arg-type]
        TypeError,
        "seed must be an int or None; got float 1.5",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_the_message_is_exactly(case: str) -> None:
    call, error, message = CASES[case]
    with pytest.raises(error) as info:
        call()
    assert str(info.value) == message


def test_an_unknown_size_prints_as_a_question_mark() -> None:
    from mathproofs._shapes import format_shape

    assert format_shape([None, 3]) == "(?, 3)"
    assert format_shape([4]) == "(4,)"


def test_seed_zero_is_a_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    """0 is the default and a valid seed, by argument and by MATHPROOFS_SEED."""
    expected = np.random.default_rng(0).standard_normal(3)
    assert np.array_equal(mp.rng(0).standard_normal(3), expected)
    monkeypatch.setenv("MATHPROOFS_SEED", "0")
    assert np.array_equal(mp.rng().standard_normal(3), expected)
