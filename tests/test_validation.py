"""Bad input gives a clear error naming the argument, never a silent wrong answer.

Every public function is listed in CASES with valid arguments. Each array
argument is then broken in every way (dtype, number of dimensions, shape,
empty dimension, nan/inf), and the error type and message are checked.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import sympy as sp

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


# ## Object arrays: fractions and SymPy expressions ############################
#
# The package accepts object arrays whose entries are real numbers or SymPy
# expressions, so that it can compute exactly (fractions) and symbolically
# (tests/test_symbolic.py). Everything else in an object array is a TypeError.

FD_CASES = {"numerical_gradient", "directional_derivative"}
# relu needs the sign of each pre-activation: plain symbols have none.
SIGN_CASES = {"relu", "relu_prime", "two_layer_forward", "two_layer_loss", "two_layer_gradients"}


def _fractions(value: Any) -> Any:
    """The same array as an object array of fractions.Fraction."""
    arr = np.asarray(value)
    out = np.empty(arr.shape, dtype=object)
    for index, entry in np.ndenumerate(arr):
        out[index] = Fraction(float(entry))
    return out


def _symbols(arg: str, value: Any) -> tuple[Any, dict[Any, float]]:
    """An object array of fresh symbols shaped like `value`, and their values."""
    arr = np.asarray(value, dtype=float)
    out = np.empty(arr.shape, dtype=object)
    values = {}
    for index, entry in np.ndenumerate(arr):
        symbol = sp.Symbol(f"{arg}_{'_'.join(map(str, index))}")
        out[index] = symbol
        values[symbol] = entry
    return out, values


def _fields(result: Any) -> list[Any]:
    """A result's arrays: the fields of a named tuple, or the result itself."""
    return list(result) if isinstance(result, tuple) else [result]


def _as_floats(result: Any, values: dict[Any, float]) -> list[Any]:
    """Each array of `result` with its symbols replaced by their values, as floats."""
    return [
        np.vectorize(lambda e: float(sp.sympify(e).subs(values)), otypes=[float])(part)
        for part in _fields(result)
    ]


@pytest.mark.parametrize("name", CASES)
def test_object_arrays_of_fractions_give_the_same_values(name: str) -> None:
    case = CASES[name]
    exact = _fields(case.call(**{arg: _fractions(case.kwargs[arg]) for arg in case.arrays}))
    floats = _fields(case.call())
    assert len(exact) == len(floats)
    for got, want in zip(exact, floats, strict=True):
        # The float data are small integers: both computations are exact.
        assert np.array_equal(np.asarray(got, dtype=float), want)
        if name not in FD_CASES:  # finite differences evaluate at floats
            assert np.asarray(got).dtype == object, name  # fractions in, fractions out


SYMBOLIC_ARGS = [(name, arg) for name, arg in ARRAY_ARGS if name not in FD_CASES | SIGN_CASES]


@pytest.mark.parametrize(("name", "arg"), SYMBOLIC_ARGS)
def test_object_array_of_symbols_gives_expressions_of_the_same_values(name: str, arg: str) -> None:
    case = CASES[name]
    symbolic, values = _symbols(arg, case.kwargs[arg])
    result = case.call(**{arg: symbolic})
    floats = _fields(case.call())
    for got, want in zip(_as_floats(result, values), floats, strict=True):
        np.testing.assert_allclose(got, want, rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL)
    free = set().union(
        *(sp.sympify(e).free_symbols for part in _fields(result) for e in np.ravel(part))
    )
    assert free, f"{name}: the result does not depend on {arg}"


def test_the_symbolic_check_can_fail() -> None:
    """Substituting the wrong values makes the comparison above fail."""
    symbolic, values = _symbols("M", M)
    result = mp.gradient(symbolic, X, G)
    wrong = {s: 2 * v for s, v in values.items()}
    assert not np.allclose(
        _as_floats(result, wrong)[0], mp.gradient(M, X, G), rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL
    )


def test_relu_accepts_symbols_of_known_sign() -> None:
    p = sp.Symbol("p", positive=True)
    z = np.array([p, -p, 0 * p], dtype=object)
    assert list(mp.relu(z)) == [p, 0, 0]
    assert list(mp.relu_prime(z)) == [1, 0, 0]
    assert all(type(d) is int for d in mp.relu_prime(z))  # not bools
    grads = mp.two_layer_gradients([[p]], [0], [[1]], [0], [1], [0])
    assert grads.b1[0] == 2 * p


@pytest.mark.parametrize("name", ["relu", "relu_prime"])
def test_relu_rejects_symbols_of_unknown_sign(name: str) -> None:
    with pytest.raises(TypeError, match=r"^z has an entry whose sign is unknown"):
        CASES[name].call(z=np.array([sp.Symbol("t"), 1], dtype=object))


@pytest.mark.parametrize("name", sorted(SIGN_CASES - {"relu", "relu_prime"}))
def test_two_layer_rejects_pre_activations_of_unknown_sign(name: str) -> None:
    case = CASES[name]
    symbolic, _ = _symbols("b1", case.kwargs["b1"])
    with pytest.raises(TypeError, match=r"^z = M1 x \+ b1 has an entry whose sign is unknown"):
        case.call(b1=symbolic)


def _one_bad_entry(value: Any, bad: object) -> Any:
    """An object array of numbers like `value` with its last entry replaced by `bad`."""
    out = np.asarray(value).astype(object)
    out.flat[-1] = bad
    return out


def _bad_entries() -> list[tuple[object, str]]:
    matrix = sp.ImmutableMatrix([[1]])
    return [
        (None, "NoneType"),
        ("a", "str"),
        (True, "bool"),
        (np.True_, "bool"),
        (1j, "complex"),
        (np.complex128(1), "complex128"),
        (sp.I, "ImaginaryUnit"),
        (2 + 3 * sp.I, "Add"),
        (sp.true, "BooleanTrue"),
        (sp.Symbol("t") > 0, "StrictGreaterThan"),
        (matrix, "ImmutableDenseMatrix"),
        ([1], "list"),
        (object(), "object"),
    ]


@pytest.mark.parametrize(("name", "arg"), ARRAY_ARGS)
def test_object_array_with_a_non_number_is_a_type_error(name: str, arg: str) -> None:
    case = CASES[name]
    for bad, type_name in _bad_entries():
        with pytest.raises(TypeError) as info:
            case.call(**{arg: _one_bad_entry(case.kwargs[arg], bad)})
        message = str(info.value)
        assert _starts_with_name(arg, message), message
        assert "dtype 'object'" in message, message
        assert f"an entry of type {type_name} " in message, message


@pytest.mark.parametrize("name", sorted(FD_CASES))
def test_finite_differences_reject_symbols(name: str) -> None:
    with pytest.raises(TypeError, match=r"^M must be a real numeric array; .* type Symbol"):
        CASES[name].call(M=_one_bad_entry(M, sp.Symbol("t")))


@pytest.mark.parametrize(
    "value",
    [np.nan, np.inf, -np.inf, np.float64(np.nan), sp.nan, sp.oo, -sp.oo, sp.zoo],
    ids=["nan", "inf", "-inf", "np.nan", "sp.nan", "sp.oo", "-sp.oo", "sp.zoo"],
)
@pytest.mark.parametrize(("name", "arg"), ARRAY_ARGS)
def test_object_array_with_a_non_finite_entry_is_a_value_error(
    name: str, arg: str, value: object
) -> None:
    case = CASES[name]
    with pytest.raises(ValueError) as info:
        case.call(**{arg: _one_bad_entry(case.kwargs[arg], value)})
    message = str(info.value)
    assert _starts_with_name(arg, message), message
    assert "non-finite" in message, message


@pytest.mark.parametrize(("name", "arg"), SYMBOLIC_ARGS)
def test_expression_containing_infinity_is_a_value_error(name: str, arg: str) -> None:
    case = CASES[name]
    bad = _one_bad_entry(case.kwargs[arg], sp.Symbol("t") + sp.oo)
    with pytest.raises(ValueError, match=rf"^{arg} contains non-finite values"):
        case.call(**{arg: bad})


def test_big_integers_and_fractions_stay_exact() -> None:
    big = 10**30  # beyond int64: NumPy makes an object array of Python ints
    assert mp.loss([[big]], [1], [big + 1]) == 1
    third = Fraction(1, 3)
    assert mp.gradient(np.array([[third]]), [3], [0])[0, 0] == Fraction(6)


def test_float_arrays_stay_float64() -> None:
    assert mp.gradient(M, X, G).dtype == np.float64
    assert mp.vec(np.arange(6).reshape(2, 3)).dtype.kind == "i"


def test_sympy_is_not_imported_by_the_package() -> None:
    code = (
        "import sys\nfrom fractions import Fraction\nimport numpy as np\nimport mathproofs as mp\n"
        "assert mp.loss(np.array([[Fraction(1, 2)]]), [2], [0]) == 1\n"
        "assert 'sympy' not in sys.modules, 'mathproofs imported sympy'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
