"""Bad input gives a clear error naming the argument, never a silent wrong answer.

Every public function is listed in CASES with valid arguments. Each array
argument is then broken in every way (dtype, number of dimensions, shape,
empty dimension, nan/inf), and the error type and message are checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest

import mathproofs as mp
from mathproofs._validate import format_shape

M = np.arange(1.0, 7.0).reshape(2, 3)  # m = 2, n = 3
X = np.array([1.0, 0.0, -1.0])
G = np.array([1.0, 2.0])


def _loss_of(W: Any) -> Any:
    return mp.loss(W, X, G)


@dataclass(frozen=True)
class Case:
    """A public function, valid keyword arguments, and its array arguments.

    ``matched`` lists the array arguments whose size along the last axis must
    match another argument (so that changing it is a shape error).
    """

    func: Callable[..., Any]
    kwargs: dict[str, Any]
    arrays: tuple[str, ...]
    matched: tuple[str, ...] = field(default=())

    def call(self, **override: Any) -> Any:
        return self.func(**{**self.kwargs, **override})


CASES = {
    "vec": Case(mp.vec, {"A": M}, ("A",)),
    "unvec": Case(mp.unvec, {"v": np.arange(6.0), "shape": (2, 3)}, ("v",)),
    "devec": Case(mp.devec, {"row": np.arange(6.0), "shape": (2, 3)}, ("row",)),
    "kron_identity": Case(mp.kron_identity, {"A": M, "m": 2}, ("A",)),
    "proof1_lhs": Case(mp.proof1_lhs, {"C": M, "A": np.ones((4, 3))}, ("C", "A"), ("A",)),
    "proof1_rhs": Case(mp.proof1_rhs, {"C": M, "A": np.ones((4, 3))}, ("C", "A"), ("A",)),
    "proof2_lhs": Case(mp.proof2_lhs, {"v": G, "x": X}, ("v", "x")),
    "proof2_rhs": Case(mp.proof2_rhs, {"v": G, "x": X}, ("v", "x")),
    "predict": Case(mp.predict, {"M": M, "x": X}, ("M", "x"), ("x",)),
    "loss": Case(mp.loss, {"M": M, "x": X, "g": G}, ("M", "x", "g"), ("x", "g")),
    "dL_dy": Case(mp.dL_dy, {"M": M, "x": X, "g": G}, ("M", "x", "g"), ("x", "g")),
    "dy_dvecM": Case(mp.dy_dvecM, {"x": X, "m": 2}, ("x",)),
    "dL_dvecM": Case(mp.dL_dvecM, {"M": M, "x": X, "g": G}, ("M", "x", "g"), ("x", "g")),
    "dL_dM": Case(mp.dL_dM, {"M": M, "x": X, "g": G}, ("M", "x", "g"), ("x", "g")),
    "gradient": Case(mp.gradient, {"M": M, "x": X, "g": G}, ("M", "x", "g"), ("x", "g")),
    "gradient_step": Case(
        mp.gradient_step, {"M": M, "x": X, "g": G, "lr": 0.1}, ("M", "x", "g"), ("x", "g")
    ),
    "numerical_gradient": Case(mp.numerical_gradient, {"f": _loss_of, "M": M}, ("M",)),
    "directional_derivative": Case(
        mp.directional_derivative, {"f": _loss_of, "M": M, "V": np.ones((2, 3))}, ("M", "V"), ("V",)
    ),
    # mathproofs.network: bias b (m,), batch X (n, B) and G (m, B), hidden width k = 4.
    **{
        name: Case(func, {"M": M, "b": G, "x": X, "g": G}, ("M", "b", "x", "g"), ("b", "x", "g"))
        for name, func in [
            ("affine_loss", mp.affine_loss),
            ("affine_gradients", mp.affine_gradients),
        ]
    },
    "affine_predict": Case(
        mp.affine_predict, {"M": M, "b": G, "x": X}, ("M", "b", "x"), ("b", "x")
    ),
    "batch_predict": Case(
        mp.batch_predict, {"M": M, "b": G, "X": np.ones((3, 4))}, ("M", "b", "X"), ("b",)
    ),
    **{
        name: Case(
            func,
            {"M": M, "b": G, "X": np.ones((3, 4)), "G": np.ones((2, 4))},
            ("M", "b", "X", "G"),
            ("b", "G"),
        )
        for name, func in [("batch_loss", mp.batch_loss), ("batch_gradients", mp.batch_gradients)]
    },
    "relu": Case(mp.relu, {"z": X}, ("z",)),
    "relu_prime": Case(mp.relu_prime, {"z": X}, ("z",)),
    "two_layer_forward": Case(
        mp.two_layer_forward,
        {"M1": np.ones((4, 3)), "b1": np.ones(4), "M2": np.ones((2, 4)), "b2": G, "x": X},
        ("M1", "b1", "M2", "b2", "x"),
        ("b1", "b2", "x"),
    ),
    **{
        name: Case(
            func,
            {
                "M1": np.ones((4, 3)),
                "b1": np.ones(4),
                "M2": np.ones((2, 4)),
                "b2": G,
                "x": X,
                "g": G,
            },
            ("M1", "b1", "M2", "b2", "x", "g"),
            ("b1", "b2", "x", "g"),
        )
        for name, func in [
            ("two_layer_loss", mp.two_layer_loss),
            ("two_layer_gradients", mp.two_layer_gradients),
        ]
    },
}

ARRAY_ARGS = [(name, arg) for name, case in CASES.items() for arg in case.arrays]
MATCHED_ARGS = [(name, arg) for name, case in CASES.items() for arg in case.matched]


def _starts_with_name(arg: str, message: str) -> bool:
    return re.match(rf"{re.escape(arg)}\b", message) is not None


def test_every_public_function_is_covered() -> None:
    functions = {name for name in mp.__all__ if callable(getattr(mp, name))} - {"rng"}
    assert functions == set(CASES)


@pytest.mark.parametrize("name", CASES)
def test_valid_arguments_pass(name: str) -> None:
    CASES[name].call()


# ## Dtype ####################################################################


def _bad_dtypes(shape: tuple[int, ...]) -> list[Any]:
    return [
        np.full(shape, "a"),
        np.full(shape, None, dtype=object),
        np.ones(shape, dtype=bool),
        np.ones(shape, dtype=complex),
        None,
        "abc",
    ]


@pytest.mark.parametrize(("name", "arg"), ARRAY_ARGS)
def test_non_numeric_dtype_is_a_type_error(name: str, arg: str) -> None:
    case = CASES[name]
    for bad in _bad_dtypes(np.shape(case.kwargs[arg])):
        dtype = str(np.asarray(bad).dtype)
        with pytest.raises(TypeError) as info:
            case.call(**{arg: bad})
        message = str(info.value)
        assert _starts_with_name(arg, message), message
        assert f"dtype {dtype!r}" in message, message


# ## Number of dimensions, shape, empty dimensions ############################


@pytest.mark.parametrize(("name", "arg"), ARRAY_ARGS)
def test_extra_dimension_is_a_value_error(name: str, arg: str) -> None:
    case = CASES[name]
    bad = np.expand_dims(case.kwargs[arg], -1)
    with pytest.raises(ValueError) as info:
        case.call(**{arg: bad})
    message = str(info.value)
    assert _starts_with_name(arg, message), message
    assert f"shape {format_shape(bad.shape)}" in message, message


@pytest.mark.parametrize(("name", "arg"), ARRAY_ARGS)
def test_scalar_is_a_value_error(name: str, arg: str) -> None:
    with pytest.raises(ValueError) as info:
        CASES[name].call(**{arg: 1.0})
    message = str(info.value)
    assert _starts_with_name(arg, message), message
    assert "shape ()" in message, message


@pytest.mark.parametrize(("name", "arg"), MATCHED_ARGS)
def test_mismatched_shape_is_a_value_error(name: str, arg: str) -> None:
    case = CASES[name]
    good = np.asarray(case.kwargs[arg])
    bad = np.concatenate([good, good[..., :1]], axis=-1)  # one too many along the last axis
    with pytest.raises(ValueError) as info:
        case.call(**{arg: bad})
    message = str(info.value)
    assert _starts_with_name(arg, message), message
    assert "expected shape" in message, message
    assert f"= {format_shape(good.shape)}" in message or "= (p, 3)" in message, message
    assert f"got shape {format_shape(bad.shape)}" in message, message


@pytest.mark.parametrize(("name", "arg"), ARRAY_ARGS)
def test_empty_dimension_is_a_value_error(name: str, arg: str) -> None:
    case = CASES[name]
    bad = np.asarray(case.kwargs[arg])[..., :0]
    with pytest.raises(ValueError) as info:
        case.call(**{arg: bad})
    message = str(info.value)
    assert _starts_with_name(arg, message), message
    assert format_shape(bad.shape) in message, message


# ## Non-finite values ########################################################


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize(("name", "arg"), ARRAY_ARGS)
def test_non_finite_is_a_value_error(name: str, arg: str, value: float) -> None:
    case = CASES[name]
    bad = np.array(case.kwargs[arg], dtype=float)
    bad.flat[-1] = value
    with pytest.raises(ValueError) as info:
        case.call(**{arg: bad})
    message = str(info.value)
    assert _starts_with_name(arg, message), message
    assert "non-finite" in message, message


def test_nested_lists_are_accepted_and_ragged_lists_rejected() -> None:
    assert np.array_equal(mp.vec([[1, 2], [3, 4]]), [1, 3, 2, 4])
    with pytest.raises(ValueError, match=r"^A could not be converted"):
        mp.vec([[1, 2], [3]])


# ## devec's row ##############################################################


@pytest.mark.parametrize("shape", [(6, 1), (2, 3), (3, 2), (1, 1, 6)])
def test_devec_rejects_non_rows(shape: tuple[int, ...]) -> None:
    with pytest.raises(ValueError) as info:
        mp.devec(np.ones(shape), (2, 3))
    message = str(info.value)
    assert message.startswith("row must be a row of shape (1, m*n)"), message
    assert format_shape(shape) in message, message


def test_devec_names_a_column() -> None:
    with pytest.raises(ValueError, match=r"got shape \(6, 1\) \(a column"):
        mp.devec(np.ones((6, 1)), (2, 3))


# ## Shape arguments of unvec and devec #######################################


@pytest.mark.parametrize("func", [mp.unvec, mp.devec])
@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (6, 6), (1, 5)])
def test_shape_with_wrong_size_is_a_value_error(
    func: Callable[..., Any], shape: tuple[int, int]
) -> None:
    with pytest.raises(ValueError) as info:
        func(np.arange(6), shape)
    message = str(info.value)
    assert message.startswith(f"shape = {format_shape(shape)}"), message
    assert f"m*n = {shape[0] * shape[1]}" in message, message
    assert "has size 6" in message, message


@pytest.mark.parametrize("func", [mp.unvec, mp.devec])
@pytest.mark.parametrize("shape", [(6,), (1, 2, 3), (0, 6), (-2, -3), (6, 0)])
def test_shape_not_a_positive_pair_is_a_value_error(
    func: Callable[..., Any], shape: tuple[int, ...]
) -> None:
    with pytest.raises(ValueError, match=r"^shape must be a pair \(m, n\) of positive ints"):
        func(np.arange(6), shape)


@pytest.mark.parametrize("func", [mp.unvec, mp.devec])
@pytest.mark.parametrize("shape", [(2.0, 3), (2, "3"), (True, 6), "23", 6, None])
def test_shape_not_ints_is_a_type_error(func: Callable[..., Any], shape: object) -> None:
    with pytest.raises(TypeError, match=r"^shape must be a pair \(m, n\) of positive ints"):
        func(np.arange(6), shape)


# ## Scalar arguments #########################################################


@pytest.mark.parametrize("name", ["kron_identity", "dy_dvecM"])
@pytest.mark.parametrize("m", [2.0, "2", True, None, np.float64(2)])
def test_m_not_int_is_a_type_error(name: str, m: object) -> None:
    with pytest.raises(TypeError, match=r"^m must be a positive int; got"):
        CASES[name].call(m=m)


@pytest.mark.parametrize("name", ["kron_identity", "dy_dvecM"])
@pytest.mark.parametrize("m", [0, -1, np.int64(0)])
def test_m_not_positive_is_a_value_error(name: str, m: object) -> None:
    with pytest.raises(ValueError, match=rf"^m must be a positive int; got {int(m)}"):  # type: ignore[call-overload]
        CASES[name].call(m=m)


def test_m_accepts_numpy_int() -> None:
    assert mp.dy_dvecM([1, 2], np.int64(2)).shape == (2, 4)


@pytest.mark.parametrize(
    ("name", "arg"),
    [("gradient_step", "lr"), ("numerical_gradient", "h"), ("directional_derivative", "h")],
)
@pytest.mark.parametrize(
    ("value", "error"),
    [
        (0, ValueError),
        (-0.1, ValueError),
        (np.nan, ValueError),
        (np.inf, ValueError),
        ("0.1", TypeError),
        (True, TypeError),
        (1j, TypeError),
        (None, TypeError),
    ],
)
def test_step_sizes_must_be_finite_positive_reals(
    name: str, arg: str, value: object, error: type[Exception]
) -> None:
    with pytest.raises(error, match=rf"^{arg} must be a finite positive real number; got"):
        CASES[name].call(**{arg: value})


@pytest.mark.parametrize("name", ["numerical_gradient", "directional_derivative"])
def test_f_must_be_callable(name: str) -> None:
    with pytest.raises(TypeError, match=r"^f must be callable; got float"):
        CASES[name].call(f=1.0)


@pytest.mark.parametrize("name", ["numerical_gradient", "directional_derivative"])
@pytest.mark.parametrize(
    ("result", "error", "pattern"),
    [
        (np.ones(2), TypeError, r"^f must return a real scalar; got ndarray .* shape \(2,\)"),
        ("1", TypeError, r"^f must return a real scalar; got str with dtype '<U1'"),
        (1j, TypeError, r"^f must return a real scalar; got complex"),
        (True, TypeError, r"^f must return a real scalar; got bool"),
        (None, TypeError, r"^f must return a real scalar; got NoneType"),
        (np.nan, ValueError, r"^f returned a non-finite value nan"),
        (np.inf, ValueError, r"^f returned a non-finite value inf"),
    ],
)
def test_f_must_return_finite_real_scalar(
    name: str, result: object, error: type[Exception], pattern: str
) -> None:
    with pytest.raises(error, match=pattern):
        CASES[name].call(f=lambda W: result)


def test_numerical_gradient_rejects_three_dimensions() -> None:
    with pytest.raises(ValueError, match=r"^M must be 1-D .* or 2-D .*; got 3-D shape \(1, 2, 3\)"):
        mp.numerical_gradient(_loss_of, np.ones((1, 2, 3)))
