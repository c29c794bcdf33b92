"""One signature binder for every public function: `shapes`.

``@shapes(M="m n", x="n", g="m")`` reads the function's signature and checks each named
argument once per call, in signature order: a real dtype, the number of dimensions, no empty
dimension, one size per dimension name across the arguments, finite values. The body then
runs on the checked arrays. Its ``kernel`` attribute is the body alone, for internal calls
that must not check again. A spec is a string of dimension names (a digit is a fixed size),
a tuple of such strings (alternative layouts; arguments with the same tuple take the same
one), or a checker ``(value, name, arguments) -> value`` for a scalar argument.

Arrays may be integer, float, or object arrays of real numbers (``int``, ``Fraction``, ...)
and SymPy expressions; object arrays stay object arrays. SymPy is never imported: an entry
is a SymPy expression when SymPy is loaded and the entry is a ``sympy.Expr``.
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ParamSpec, Protocol, TypeVar, cast

import numpy as np
import numpy.typing as npt

RealArray = npt.NDArray[Any]
Checker = Callable[[Any, str, Mapping[str, Any]], Any]
Spec = str | tuple[str, ...] | Checker

P = ParamSpec("P")
R = TypeVar("R")


class Checked(Protocol[P, R]):
    """A public function: checks its arguments, then runs `kernel` on them."""

    __shapes__: dict[str, Spec]
    kernel: Callable[P, R]

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R: ...


def shapes(*, floats: bool = False, **spec: Spec) -> Callable[[Callable[P, R]], Checked[P, R]]:
    """Check the arguments named in `spec` at every call; with `floats`, as float64 numbers."""

    def decorate(kernel: Callable[P, R]) -> Checked[P, R]:
        signature = inspect.signature(kernel)
        if unknown := set(spec) - set(signature.parameters):
            raise TypeError(f"{kernel.__name__} has no parameter {sorted(unknown)}")

        @functools.wraps(kernel)
        def public(*args: P.args, **kwargs: P.kwargs) -> R:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            bind(bound.arguments, spec, floats)
            return checked.kernel(*bound.args, **bound.kwargs)

        checked = cast(Checked[P, R], public)
        checked.__shapes__ = dict(spec)
        checked.kernel = kernel
        return checked

    return decorate


def arrays(*values: object) -> tuple[RealArray, ...]:
    """Type the arguments that `shapes` has checked: they are arrays already (no work)."""
    return cast(tuple[RealArray, ...], values)


def bind(arguments: dict[str, Any], spec: Mapping[str, Spec], floats: bool) -> None:
    """Replace each argument named in `spec` by its checked value, in signature order."""
    sizes: dict[str, tuple[int, str, tuple[int, ...]]] = {}  # dimension -> size, from, shape
    chosen: dict[tuple[str, ...], int] = {}  # alternative layouts -> the one taken
    for name, value in arguments.items():
        if name in spec:
            rule = spec[name]
            if isinstance(rule, str | tuple):
                arguments[name] = check_array(value, name, rule, sizes, chosen, floats)
            else:
                arguments[name] = rule(value, name, arguments)


# ## Arrays ##################################################################


def format_shape(shape: Sequence[int | str | None]) -> str:
    """Format a shape as Python prints a tuple: ``(3,)``, ``(2, 3)``; None prints as ``?``."""
    items = ["?" if s is None else str(s) for s in shape]
    return f"({items[0]},)" if len(items) == 1 else "(" + ", ".join(items) + ")"


def check_array(
    value: object,
    name: str,
    rule: str | tuple[str, ...],
    sizes: dict[str, tuple[int, str, tuple[int, ...]]],
    chosen: dict[tuple[str, ...], int],
    floats: bool,
) -> RealArray:
    """Check one array argument against its layout(s) and the sizes bound so far."""
    arr = as_real(value, name, symbolic=not floats)
    layouts = [tuple(s.split()) for s in ((rule,) if isinstance(rule, str) else rule)]
    options = [chosen[rule]] if isinstance(rule, tuple) and rule in chosen else range(len(layouts))
    fits = [i for i in options if len(layouts[i]) == arr.ndim]
    if not fits:
        want = " or ".join(
            f"{len(layouts[i])}-D with shape {format_shape(layouts[i])}" for i in options
        )
        raise ValueError(f"{name} must be {want}; got {arr.ndim}-D shape {format_shape(arr.shape)}")
    if isinstance(rule, tuple):
        chosen[rule] = fits[0]
    dims = layouts[fits[0]]
    if 0 in arr.shape:
        raise ValueError(
            f"{name} must have no empty dimensions; got shape {format_shape(arr.shape)}"
        )
    expected = [int(d) if d.isdigit() else sizes[d][0] if d in sizes else None for d in dims]
    if not _fits(expected, arr.shape):
        raise ValueError(_mismatch(name, dims, expected, arr.shape, sizes))
    for dim, size in zip(dims, arr.shape, strict=True):
        if not dim.isdigit():
            sizes.setdefault(dim, (size, name, arr.shape))
    if not _finite(arr):
        raise ValueError(f"{name} contains non-finite values (nan or inf)")
    return arr.astype(np.float64) if floats else arr


def _fits(expected: Sequence[int | None], shape: Sequence[int]) -> bool:
    return all(e is None or e == s for e, s in zip(expected, shape, strict=True))


def _mismatch(
    name: str,
    dims: tuple[str, ...],
    expected: list[int | None],
    shape: tuple[int, ...],
    sizes: Mapping[str, tuple[int, str, tuple[int, ...]]],
) -> str:
    want = format_shape([d if e is None else e for d, e in zip(dims, expected, strict=True)])
    sources = {sizes[d][1]: sizes[d][2] for d in dims if d in sizes}
    why = " and ".join(f"{arg} of shape {format_shape(s)}" for arg, s in sources.items())
    text = f"{name}: expected shape {format_shape(dims)}"
    text += "" if want == format_shape(dims) else f" = {want}"
    text += f" to match {why}" if why else ""
    hint = " (its transpose fits)" if len(shape) == 2 and _fits(expected, shape[::-1]) else ""
    return f"{text}; got shape {format_shape(shape)}{hint}"


# ## Entries: real numbers and SymPy expressions ##############################

_REPR_LIMIT = 40  # longest repr of an offending entry in a message


def short_repr(value: object) -> str:
    """Return ``repr(value)``, cut to a length that fits in an error message."""
    text = repr(value)
    return text if len(text) <= _REPR_LIMIT else text[: _REPR_LIMIT - 3] + "..."


def _sympy_expr(value: object) -> Any:
    """`value` if it is a SymPy expression (SymPy already loaded), else None."""
    sympy = sys.modules.get("sympy")
    return value if sympy is not None and isinstance(value, sympy.Expr) else None


def _sympy_non_finite(expr: Any) -> bool:
    sympy = sys.modules["sympy"]
    return bool(expr.has(sympy.nan, sympy.oo, -sympy.oo, sympy.zoo))


def _entry_problem(value: object, symbolic: bool) -> str | None:
    """What is wrong with `value` as an entry of an object array; None if nothing."""
    expr = _sympy_expr(value)
    if expr is not None:
        if expr.is_Matrix:
            return "a matrix, not a number"
        if expr.is_real is False and not _sympy_non_finite(expr):
            return "not real"
        if not symbolic and not expr.is_number:
            return "symbolic; finite differences need numbers"
        return None
    if isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_):
        return None
    return "not a real number"


def as_real(value: object, name: str, symbolic: bool = True) -> RealArray:
    """Return `value` as an integer, float or object array of real numbers (any shape)."""
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{name} could not be converted to an array: {exc}") from exc
    if arr.dtype.kind == "O":
        for entry in arr.flat:
            if (problem := _entry_problem(entry, symbolic)) is not None:
                raise TypeError(
                    f"{name} must be a real numeric array; got dtype 'object' with an entry "
                    f"of type {type(entry).__name__} ({problem}): {short_repr(entry)}"
                )
    elif arr.dtype.kind not in "iuf":  # not bool, complex, strings, dates
        raise TypeError(f"{name} must be a real numeric array; got dtype {str(arr.dtype)!r}")
    return arr


def _entry_finite(value: Any) -> bool:
    if _sympy_expr(value) is not None:
        return not _sympy_non_finite(value)
    return isinstance(value, numbers.Rational) or math.isfinite(value)


def _finite(arr: RealArray) -> bool:
    if arr.dtype.kind == "f":
        return bool(np.isfinite(arr).all())
    return arr.dtype.kind != "O" or all(_entry_finite(entry) for entry in arr.flat)


# ## Scalar checkers ##########################################################


def _is_int(value: object) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_)


def positive_int(value: Any, name: str, _: Mapping[str, Any]) -> int:
    """An integer >= 1 (not a float, not a bool), as a Python int."""
    if not _is_int(value):
        raise TypeError(f"{name} must be a positive int; got {type(value).__name__} {value!r}")
    if int(value) <= 0:
        raise ValueError(f"{name} must be a positive int; got {int(value)}")
    return int(value)


def positive_real(value: Any, name: str, _: Mapping[str, Any]) -> float:
    """A finite real number > 0 (not a bool), as a Python float."""
    if not isinstance(value, numbers.Real) or isinstance(value, bool | np.bool_):
        raise TypeError(
            f"{name} must be a finite positive real number; got {type(value).__name__} {value!r}"
        )
    if not math.isfinite(result := float(value)) or result <= 0:
        raise ValueError(f"{name} must be a finite positive real number; got {result!r}")
    return result


def is_callable(value: Any, name: str, _: Mapping[str, Any]) -> Any:
    """A callable, unchanged."""
    if not callable(value):
        raise TypeError(f"{name} must be callable; got {type(value).__name__}")
    return value


def one_of(*choices: str) -> Checker:
    """One of the strings `choices`."""
    allowed = " or ".join(map(repr, choices))

    def check(value: Any, name: str, _: Mapping[str, Any]) -> str:
        if not isinstance(value, str):
            raise TypeError(f"{name} must be {allowed}; got {type(value).__name__} {value!r}")
        if value not in choices:
            raise ValueError(f"{name} must be {allowed}; got {value!r}")
        return value

    return check


def holds(array: str) -> Checker:
    """A pair (m, n) of positive ints with m * n equal to the size of argument `array`."""

    def check(value: Any, name: str, arguments: Mapping[str, Any]) -> tuple[int, int]:
        size = int(np.size(arguments[array]))
        text = f"{name} must be a pair (m, n) of positive ints; got {value!r}"
        if not isinstance(value, Sequence) or isinstance(value, str | bytes):
            raise TypeError(text)
        if len(value) != 2:
            raise ValueError(text)
        if not all(_is_int(v) for v in value):
            raise TypeError(text)
        m, n = int(value[0]), int(value[1])
        if m <= 0 or n <= 0:
            raise ValueError(text)
        if m * n != size:
            raise ValueError(
                f"{name} = {format_shape((m, n))} holds m*n = {m * n} elements "
                f"but {array} has size {size}"
            )
        return m, n

    return check
