"""Bad input gives a clear error naming the argument; the cases are generated from the specs.

Every public function carries its shape spec (``__shapes__``, from ``@shapes``). The tests
below read it, build valid arguments from it, then break each array argument in every way
(number of dimensions, a shared dimension, an empty one, nan/inf, a non-numeric dtype or
entry) and check the error type and what the message names: the argument, the expected
shape with its dimension names and the sizes bound from other arguments, the actual shape.
``tests/test_error_messages.py`` pins the full text of one message of each kind.
"""

from __future__ import annotations

import inspect
import re
import subprocess
import sys
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
import sympy as sp

import mathproofs as mp
from mathproofs import _shapes
from mathproofs._shapes import format_shape

# One size per dimension name (distinct within every function), and a valid value for each
# scalar argument.
SIZES = {"m": 2, "n": 3, "k": 4, "p": 5, "B": 6, "m*n": 6}


def _sum_of_squares(W: Any) -> float:
    return float(np.sum(np.asarray(W, dtype=float) ** 2))


def _twice(W: Any) -> Any:
    """The gradient of _sum_of_squares: check_gradient's candidate, as a function of X."""
    return 2 * np.asarray(W, dtype=float)


SCALARS: dict[str, Any] = {
    "m": 2,
    "lr": 0.1,
    "f": _sum_of_squares,
    "shape": (2, 3),
    "candidate": _twice,
}

FUNCTIONS = {
    name: getattr(mp, name) for name in mp.__all__ if hasattr(getattr(mp, name), "__shapes__")
}


def _layouts(rule: str | tuple[str, ...]) -> list[tuple[str, ...]]:
    return [tuple(s.split()) for s in ((rule,) if isinstance(rule, str) else rule)]


def _array_specs(func: Any) -> dict[str, list[tuple[str, ...]]]:
    """The array arguments of `func`, in signature order, with their layouts."""
    return {
        name: _layouts(rule)
        for name, rule in func.__shapes__.items()
        if isinstance(rule, str | tuple)
    }


def _data(dims: tuple[str, ...]) -> Any:
    """Small integers, as floats, in the shape that `dims` names: exact in every computation."""
    shape = tuple(int(d) if d.isdigit() else SIZES[d] for d in dims)
    return (np.arange(int(np.prod(shape))) % 7 - 3).astype(float).reshape(shape)


def valid(func: Any) -> dict[str, Any]:
    """Valid keyword arguments for `func`: the first layout of each array, SCALARS otherwise."""
    kwargs = {name: _data(layouts[0]) for name, layouts in _array_specs(func).items()}
    for name, param in inspect.signature(func).parameters.items():
        if name not in kwargs and param.default is inspect.Parameter.empty:
            kwargs[name] = SCALARS[name]
    return kwargs


def call(name: str, **override: Any) -> Any:
    func = FUNCTIONS[name]
    return func(**{**valid(func), **override})


ARRAY_ARGS = [(name, arg) for name, func in FUNCTIONS.items() for arg in _array_specs(func)]


def _sources(name: str, arg: str) -> dict[str, str]:
    """For each dimension of `arg`, the argument before it that binds it first (first layouts)."""
    sources: dict[str, str] = {}
    for other, layouts in _array_specs(FUNCTIONS[name]).items():
        if other == arg:
            return {d: sources[d] for d in layouts[0] if d in sources}
        for d in layouts[0]:
            sources.setdefault(d, other)
    raise AssertionError(arg)


SHARED_DIMS = [
    (name, arg, axis)
    for name, arg in ARRAY_ARGS
    for axis, dim in enumerate(_array_specs(FUNCTIONS[name])[arg][0])
    if dim in _sources(name, arg)
]


def _raises(error: type[Exception], name: str, arg: str, value: Any) -> str:
    with pytest.raises(error) as info:
        call(name, **{arg: value})
    message = str(info.value)
    assert re.match(rf"{re.escape(arg)}\b", message), message  # names the argument first
    return message


# ## The specs cover the public API ###########################################


def test_every_public_function_has_a_spec_for_every_parameter() -> None:
    functions = {name for name in mp.__all__ if inspect.isfunction(getattr(mp, name))}
    assert set(FUNCTIONS) == functions - {"rng"}
    for name, func in FUNCTIONS.items():
        assert set(func.__shapes__) == set(inspect.signature(func).parameters), name


@pytest.mark.parametrize("name", FUNCTIONS)
def test_the_docstring_states_the_shapes_and_ends_its_example_in_assertions(name: str) -> None:
    doc = inspect.getdoc(FUNCTIONS[name]) or ""
    shapes_line = " ".join(p for p in doc.split("\n\n") if p.startswith("Shapes:"))
    for arg, layouts in _array_specs(FUNCTIONS[name]).items():
        stated = f"`{arg}` " + " or ".join(format_shape(layout) for layout in layouts)
        assert stated in shapes_line, (stated, shapes_line)
    assert "\nExamples\n--------\n```python\n" in doc and doc.count("```python") == 1
    code = doc.split("```python\n")[1].split("```")[0].rstrip().splitlines()
    assert code[-1].lstrip().startswith(("assert ", "np.testing.assert_")), code[-1]


def test_a_spec_must_name_parameters() -> None:
    with pytest.raises(TypeError, match=r"^f has no parameter \['y'\]"):

        @_shapes.shapes(x="n", y="n")
        def f(x: Any) -> Any:
            return x


@pytest.mark.parametrize("name", FUNCTIONS)
def test_valid_arguments_pass(name: str) -> None:
    call(name)


@pytest.mark.parametrize("name", FUNCTIONS)
def test_each_call_checks_its_arguments_once(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Public functions check at the boundary and call unchecked kernels inside."""
    calls: list[dict[str, Any]] = []
    bind = _shapes.bind

    def counting(arguments: dict[str, Any], *rest: Any) -> None:
        calls.append(dict(arguments))
        bind(arguments, *rest)

    monkeypatch.setattr(_shapes, "bind", counting)
    call(name)
    assert len(calls) == 1, f"{name} checked its arguments {len(calls)} times"


# ## Shapes ###################################################################


@pytest.mark.parametrize(("name", "arg"), ARRAY_ARGS)
def test_a_wrong_number_of_dimensions_is_a_value_error(name: str, arg: str) -> None:
    layouts = _array_specs(FUNCTIONS[name])[arg]
    good = valid(FUNCTIONS[name])[arg]
    bad = good.reshape(good.shape + (1,) * (max(map(len, layouts)) + 1 - good.ndim))
    rules = list(FUNCTIONS[name].__shapes__.values())
    if rules.index(FUNCTIONS[name].__shapes__[arg]) < list(FUNCTIONS[name].__shapes__).index(arg):
        layouts = layouts[:1]  # the same alternatives as an earlier argument: the one it took
    for value in (bad, 1.0):
        message = _raises(ValueError, name, arg, value)
        for layout in layouts:  # every layout it may take, with its dimension names
            assert f"{len(layout)}-D with shape {format_shape(layout)}" in message, message
        assert f"got {np.ndim(value)}-D shape {format_shape(np.shape(value))}" in message


@pytest.mark.parametrize(("name", "arg", "axis"), SHARED_DIMS)
def test_a_dimension_that_disagrees_is_a_value_error(name: str, arg: str, axis: int) -> None:
    dims = _array_specs(FUNCTIONS[name])[arg][0]
    good = valid(FUNCTIONS[name])[arg]
    bad = np.concatenate([good, np.take(good, [0], axis=axis)], axis=axis)  # one too many
    message = _raises(ValueError, name, arg, bad)
    sources, kwargs = _sources(name, arg), valid(FUNCTIONS[name])
    want = format_shape([SIZES[d] if d in sources else d for d in dims])
    match = " and ".join(
        f"{s} of shape {format_shape(kwargs[s].shape)}" for s in dict.fromkeys(sources.values())
    )
    assert message.startswith(
        f"{arg}: expected shape {format_shape(dims)} = {want} to match {match}; "
        f"got shape {format_shape(bad.shape)}"
    ), message


@pytest.mark.parametrize(("name", "arg"), ARRAY_ARGS)
def test_an_empty_dimension_is_a_value_error(name: str, arg: str) -> None:
    bad = valid(FUNCTIONS[name])[arg][..., :0]
    message = _raises(ValueError, name, arg, bad)
    assert f"no empty dimensions; got shape {format_shape(bad.shape)}" in message


# ## Values ###################################################################


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize(("name", "arg"), ARRAY_ARGS)
def test_a_non_finite_value_is_a_value_error(name: str, arg: str, value: float) -> None:
    bad = valid(FUNCTIONS[name])[arg].copy()
    bad.flat[-1] = value
    assert _raises(ValueError, name, arg, bad).endswith("contains non-finite values (nan or inf)")


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
def test_a_non_numeric_dtype_is_a_type_error(name: str, arg: str) -> None:
    for bad in _bad_dtypes(valid(FUNCTIONS[name])[arg].shape):
        message = _raises(TypeError, name, arg, bad)
        assert f"must be a real numeric array; got dtype {str(np.asarray(bad).dtype)!r}" in message


def _one_bad_entry(value: Any, bad: object) -> Any:
    """An object array of numbers like `value` with its last entry replaced by `bad`."""
    out = np.asarray(value).astype(object)
    out.flat[-1] = bad
    return out


BAD_ENTRIES = [
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
    (sp.ImmutableMatrix([[1]]), "ImmutableDenseMatrix"),
    ([1], "list"),
    (object(), "object"),
]


@pytest.mark.parametrize(("name", "arg"), ARRAY_ARGS)
def test_an_object_array_with_a_non_number_is_a_type_error(name: str, arg: str) -> None:
    for bad, type_name in BAD_ENTRIES:
        message = _raises(TypeError, name, arg, _one_bad_entry(valid(FUNCTIONS[name])[arg], bad))
        assert f"dtype 'object' with an entry of type {type_name} " in message, message


@pytest.mark.parametrize(
    "value",
    [np.nan, np.inf, -np.inf, np.float64(np.nan), sp.nan, sp.oo, -sp.oo, sp.zoo],
    ids=["nan", "inf", "-inf", "np.nan", "sp.nan", "sp.oo", "-sp.oo", "sp.zoo"],
)
@pytest.mark.parametrize(("name", "arg"), ARRAY_ARGS)
def test_an_object_array_with_a_non_finite_entry_is_a_value_error(
    name: str, arg: str, value: object
) -> None:
    bad = _one_bad_entry(valid(FUNCTIONS[name])[arg], value)
    assert "non-finite" in _raises(ValueError, name, arg, bad)


# ## Object arrays: fractions and SymPy expressions ############################
#
# The package computes exactly on fractions and symbolically on SymPy expressions
# (tests/test_symbolic.py); finite differences evaluate at floats, and relu needs signs.

FD = {"numerical_gradient", "directional_derivative", "numerical_jacobian"}
SIGNS = {"relu", "relu_prime", "two_layer_forward", "two_layer_loss", "two_layer_gradients"}
# A verdict (a GradientCheck), not arrays: tests/test_gradcheck.py checks what it says.
VERDICTS = {"check_gradient", "check_matrix"}


def _fractions(value: Any) -> Any:
    out = np.empty(value.shape, dtype=object)
    for index, entry in np.ndenumerate(value):
        out[index] = Fraction(float(entry))
    return out


def _symbols(arg: str, value: Any) -> tuple[Any, dict[Any, float]]:
    """An object array of fresh symbols shaped like `value`, and their values."""
    out = np.empty(value.shape, dtype=object)
    values = {}
    for index, entry in np.ndenumerate(value):
        out[index] = symbol = sp.Symbol(f"{arg}_{'_'.join(map(str, index))}")
        values[symbol] = entry
    return out, values


def _fields(result: Any) -> list[Any]:
    return list(result) if isinstance(result, tuple) else [result]


def _as_floats(result: Any, values: dict[Any, float]) -> list[Any]:
    def value(e: Any) -> float:
        return float(sp.sympify(e).subs(values))

    return [np.vectorize(value, otypes=[float])(part) for part in _fields(result)]


@pytest.mark.parametrize("name", sorted(FUNCTIONS.keys() - VERDICTS))
def test_object_arrays_of_fractions_give_the_same_values(name: str) -> None:
    kwargs = valid(FUNCTIONS[name])
    exact = _fields(call(name, **{a: _fractions(kwargs[a]) for a in _array_specs(FUNCTIONS[name])}))
    floats = _fields(call(name))
    for got, want in zip(exact, floats, strict=True):
        assert np.array_equal(np.asarray(got, dtype=float), want)  # small integers: both exact
        if name not in FD:
            assert np.asarray(got).dtype == object, name  # fractions in, fractions out


SYMBOLIC_ARGS = [(name, arg) for name, arg in ARRAY_ARGS if name not in FD | SIGNS | VERDICTS]


@pytest.mark.parametrize(("name", "arg"), SYMBOLIC_ARGS)
def test_an_object_array_of_symbols_gives_expressions_of_the_same_values(
    name: str, arg: str
) -> None:
    symbolic, values = _symbols(arg, valid(FUNCTIONS[name])[arg])
    result = call(name, **{arg: symbolic})
    for got, want in zip(_as_floats(result, values), _fields(call(name)), strict=True):
        np.testing.assert_allclose(got, want, rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL)
    free = set().union(*(sp.sympify(e).free_symbols for p in _fields(result) for e in np.ravel(p)))
    assert free, f"{name}: the result does not depend on {arg}"


@pytest.mark.parametrize(("name", "arg"), SYMBOLIC_ARGS)
def test_an_expression_containing_infinity_is_a_value_error(name: str, arg: str) -> None:
    bad = _one_bad_entry(valid(FUNCTIONS[name])[arg], sp.Symbol("t") + sp.oo)
    assert _raises(ValueError, name, arg, bad) == f"{arg} contains non-finite values (nan or inf)"


def test_the_symbolic_comparison_can_fail() -> None:
    """Substituting the wrong values makes the comparison above fail."""
    M, x, g = (valid(mp.gradient)[a] for a in ("M", "x", "g"))
    symbolic, values = _symbols("M", M)
    wrong = {s: 2 * v + 1 for s, v in values.items()}
    got = _as_floats(mp.gradient(symbolic, x, g), wrong)[0]
    assert not np.allclose(got, mp.gradient(M, x, g), rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL)


@pytest.mark.parametrize("name", sorted(FD))
def test_finite_differences_reject_symbols(name: str) -> None:
    bad = _one_bad_entry(valid(FUNCTIONS[name])["M"], sp.Symbol("t"))
    assert "type Symbol (symbolic; finite differences need numbers)" in _raises(
        TypeError, name, "M", bad
    )


def test_relu_accepts_symbols_of_known_sign() -> None:
    p = sp.Symbol("p", positive=True)
    z = np.array([p, -p, 0 * p], dtype=object)
    assert list(mp.relu(z)) == [p, 0, 0]
    assert list(mp.relu_prime(z)) == [1, 0, 0]
    assert all(type(d) is int for d in mp.relu_prime(z))  # not bools
    assert mp.two_layer_gradients([[p]], [0], [[1]], [0], [1], [0]).b1[0] == 2 * p


@pytest.mark.parametrize("name", sorted(SIGNS))
def test_relu_rejects_symbols_of_unknown_sign(name: str) -> None:
    arg = "z" if name.startswith("relu") else "b1"
    symbolic, _ = _symbols(arg, valid(FUNCTIONS[name])[arg])
    with pytest.raises(TypeError, match=r"^z has an entry whose sign is unknown"):
        call(name, **{arg: symbolic})


# ## Scalar arguments and other cases the specs do not generate ###############


def test_nested_lists_are_accepted_and_ragged_lists_rejected() -> None:
    assert np.array_equal(mp.vec([[1, 2], [3, 4]]), [1, 3, 2, 4])
    with pytest.raises(ValueError, match=r"^A could not be converted"):
        mp.vec([[1, 2], [3]])


@pytest.mark.parametrize("func", [mp.unvec, mp.devec])
@pytest.mark.parametrize("shape", [(2, 2), (3, 3), (6, 6), (1, 5)])
def test_a_shape_with_the_wrong_size_is_a_value_error(
    func: Callable[..., Any], shape: tuple[int, int]
) -> None:
    with pytest.raises(ValueError) as info:
        func(np.arange(6), shape)
    assert str(info.value).startswith(f"shape = {format_shape(shape)} holds m*n = ")
    assert str(info.value).endswith("has size 6")


@pytest.mark.parametrize("func", [mp.unvec, mp.devec])
@pytest.mark.parametrize(
    ("shape", "error"),
    [
        *[
            ((6,), ValueError),
            ((1, 2, 3), ValueError),
            ((0, 6), ValueError),
            ((-2, -3), ValueError),
        ],
        *[((2.0, 3), TypeError), ((2, "3"), TypeError), ((True, 6), TypeError), ("23", TypeError)],
        *[(6, TypeError), (None, TypeError)],
    ],
)
def test_a_shape_must_be_a_pair_of_positive_ints(
    func: Callable[..., Any], shape: object, error: type[Exception]
) -> None:
    with pytest.raises(error, match=r"^shape must be a pair \(m, n\) of positive ints"):
        func(np.arange(6), shape)


@pytest.mark.parametrize("name", ["kron_identity", "dy_dvecM"])
@pytest.mark.parametrize(
    ("m", "error"),
    [
        *[(2.0, TypeError), ("2", TypeError), (True, TypeError), (None, TypeError)],
        *[(np.float64(2), TypeError), (0, ValueError), (-1, ValueError), (np.int64(0), ValueError)],
    ],
)
def test_m_must_be_a_positive_int(name: str, m: object, error: type[Exception]) -> None:
    with pytest.raises(error, match=r"^m must be a positive int; got"):
        call(name, m=m)
    assert call(name, m=np.int64(2)).shape[1] == 2 * SIZES["n"]  # a NumPy int is an int


@pytest.mark.parametrize(
    ("name", "arg"),
    [("gradient_step", "lr"), ("numerical_gradient", "h"), ("directional_derivative", "h")],
)
@pytest.mark.parametrize(
    ("value", "error"),
    [
        *[(0, ValueError), (-0.1, ValueError), (np.nan, ValueError), (np.inf, ValueError)],
        *[("0.1", TypeError), (True, TypeError), (1j, TypeError), (None, TypeError)],
    ],
)
def test_step_sizes_must_be_finite_positive_reals(
    name: str, arg: str, value: object, error: type[Exception]
) -> None:
    with pytest.raises(error, match=rf"^{arg} must be a finite positive real number; got"):
        call(name, **{arg: value})


@pytest.mark.parametrize("name", sorted(FD - {"numerical_jacobian"}))
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
def test_f_must_be_a_callable_returning_a_finite_real_scalar(
    name: str, result: object, error: type[Exception], pattern: str
) -> None:
    with pytest.raises(error, match=pattern):
        call(name, f=lambda W: result)
    with pytest.raises(TypeError, match=r"^f must be callable; got float"):
        call(name, f=1.0)


def test_big_integers_and_fractions_stay_exact() -> None:
    big = 10**30  # beyond int64: NumPy makes an object array of Python ints
    assert mp.loss([[big]], [1], [big + 1]) == 1
    assert mp.gradient(np.array([[Fraction(1, 3)]]), [3], [0])[0, 0] == Fraction(6)


def test_dtypes_are_kept() -> None:
    M, x, g = (valid(mp.gradient)[a] for a in ("M", "x", "g"))
    assert mp.gradient(M, x, g).dtype == np.float64
    assert mp.vec(np.arange(6).reshape(2, 3)).dtype.kind == "i"
    assert mp.numerical_gradient(_sum_of_squares, [1, 2]).dtype == np.float64


def test_sympy_is_not_imported_by_the_package() -> None:
    code = (
        "import sys\nfrom fractions import Fraction\nimport numpy as np\nimport mathproofs as mp\n"
        "assert mp.loss(np.array([[Fraction(1, 2)]]), [2], [0]) == 1\n"
        "assert 'sympy' not in sys.modules, 'mathproofs imported sympy'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("result", "error", "pattern"),
    [
        ("1", TypeError, r"^f must return real numbers; got str with dtype '<U1'"),
        (np.array([1j, 2]), TypeError, r"^f must return real numbers; got ndarray with dtype"),
        (None, TypeError, r"^f must return real numbers; got NoneType"),
        (np.array([1.0, np.nan]), ValueError, r"^f returned non-finite values \(nan or inf\)"),
    ],
)
def test_numerical_jacobians_f_must_return_finite_reals(
    result: object, error: type[Exception], pattern: str
) -> None:
    with pytest.raises(error, match=pattern):
        call("numerical_jacobian", f=lambda W: result)
    with pytest.raises(TypeError, match=r"^f must be callable; got float"):
        call("numerical_jacobian", f=1.0)


@pytest.mark.parametrize(
    ("kron", "error", "pattern"),
    [
        (
            3,
            TypeError,
            r"^kron must be the factors' shapes \(\(a, b\), \(c, d\)\), or None; got 3$",
        ),
        (((1.5, 2), (1, 2)), TypeError, r"^kron must be the factors' shapes"),
        (
            ((2, 2), (2, 2)),
            ValueError,
            r"^kron: expected factor shapes \(a, b\), \(c, d\) with \(a\*c, b\*d\) = \(5, 4\), "
            r"the shape of expected; got \(2, 2\) and \(2, 2\)$",
        ),
    ],
)
def test_check_matrix_names_a_bad_kron(kron: object, error: type[Exception], pattern: str) -> None:
    with pytest.raises(error, match=pattern):
        call("check_matrix", kron=kron)
