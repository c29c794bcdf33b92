"""Validate inputs once, for every public function in mathproofs.

Each helper either returns a clean NumPy array (or number) or raises an error
whose message names the argument, states what was expected and shows what was
found. Nothing is silently cast, broadcast or reshaped.

Arrays may be integer, floating, or object arrays whose entries are real numbers
(``int``, ``float``, ``fractions.Fraction``, NumPy scalars) or SymPy expressions
(symbols, rationals, polynomials...), so that the same functions compute
exactly and symbolically. Object arrays stay object arrays. SymPy is never
imported here: an entry counts as a SymPy expression when SymPy is already
loaded (``sys.modules``) and the entry is an instance of ``sympy.Expr``.
"""

from __future__ import annotations

import math
import numbers
import sys
from collections.abc import Sequence
from typing import Any, TypeGuard

import numpy as np
import numpy.typing as npt

__all__ = [
    "RealArray",
    "array",
    "as_real",
    "format_shape",
    "matrix",
    "positive_int",
    "positive_real",
    "row",
    "shape_pair",
    "short_repr",
    "vector",
]

# Integer, floating or object arrays. Integer inputs stay integer, so identities
# on integer data can be checked with exact equality; object arrays of fractions
# or SymPy expressions stay object arrays, so identities can be checked exactly
# or symbolically.
RealArray = npt.NDArray[Any]

# dtype kinds accepted: signed int, unsigned int, float, and object ("O") when
# every entry is a real number or a SymPy expression (see `_entry_problem`).
# Not bool ("b"), complex ("c"), strings ("U", "S"), datetimes ("M", "m").
_REAL_KINDS = frozenset("iuf")

# Longest repr of an offending entry shown in an error message.
_REPR_LIMIT = 40


def _sympy() -> Any:
    """Return the SymPy module if it is already loaded, else None (never imports it)."""
    return sys.modules.get("sympy")


def _is_sympy_expr(value: object) -> bool:
    sympy = _sympy()
    return sympy is not None and isinstance(value, sympy.Expr)


def _sympy_non_finite(value: Any) -> bool:
    """True if a SymPy expression contains nan, oo, -oo or zoo (complex infinity)."""
    sympy = _sympy()
    return bool(value.has(sympy.nan, sympy.oo, -sympy.oo, sympy.zoo))


def short_repr(value: object) -> str:
    """Return ``repr(value)``, cut to a length that fits in an error message."""
    text = repr(value)
    return text if len(text) <= _REPR_LIMIT else text[: _REPR_LIMIT - 3] + "..."


def _entry_problem(value: object, symbolic: bool) -> str | None:
    """Say what is wrong with `value` as an entry of an object array; None if nothing.

    Accepted: real numbers (not bools); SymPy expressions that are not known to
    be non-real (a symbol is accepted, ``sympy.I`` is not; nan and infinities
    pass here and are rejected as non-finite later). With ``symbolic=False``
    (finite differences, which evaluate at floats) a SymPy expression must be a
    number, with no free symbols. SymPy matrices, booleans and relations are not
    numbers.
    """
    if _is_sympy_expr(value):
        expr: Any = value
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


def _entry_is_finite(value: object) -> bool:
    if _is_sympy_expr(value):
        return not _sympy_non_finite(value)
    if isinstance(value, numbers.Rational):  # ints and fractions are always finite
        return True
    return math.isfinite(value)  # type: ignore[arg-type]


def format_shape(shape: Sequence[int | str | None]) -> str:
    """Format a shape as Python prints a tuple: ``(3,)``, ``(2, 3)``."""
    items = ["?" if s is None else str(s) for s in shape]
    if len(items) == 1:
        return f"({items[0]},)"
    return "(" + ", ".join(items) + ")"


def as_real(value: object, name: str, symbolic: bool = True) -> RealArray:
    """Return `value` as an integer, floating or object array of any shape.

    An object array must hold only real numbers or SymPy expressions; with
    ``symbolic=False``, SymPy expressions must be numbers (no free symbols).

    Raises
    ------
    TypeError
        If the dtype is not integer, floating or object (bool, complex, str...),
        or an object array holds something else (None, a string, a bool...).
    ValueError
        If `value` cannot be converted to an array (e.g. a ragged list).
    """
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{name} could not be converted to an array: {exc}") from exc
    if arr.dtype.kind == "O":
        for entry in arr.flat:
            problem = _entry_problem(entry, symbolic)
            if problem is not None:
                raise TypeError(
                    f"{name} must be a real numeric array; got dtype 'object' with an entry "
                    f"of type {type(entry).__name__} ({problem}): {short_repr(entry)}"
                )
    elif arr.dtype.kind not in _REAL_KINDS:
        raise TypeError(f"{name} must be a real numeric array; got dtype {str(arr.dtype)!r}")
    return arr


def array(
    value: object,
    name: str,
    symbols: Sequence[str],
    expected: Sequence[int | None] | None = None,
    context: str = "",
    symbolic: bool = True,
) -> RealArray:
    """Return `value` as a finite real array with ``len(symbols)`` dimensions.

    Parameters
    ----------
    value
        Anything `numpy.asarray` accepts.
    name
        The argument name used in error messages.
    symbols
        Symbolic shape, e.g. ``("m", "n")``.
    expected
        Concrete sizes, one per symbol; ``None`` means "any size".
    context
        Why that shape is expected, e.g. ``"to match M of shape (2, 3)"``.
    symbolic
        Whether an object array may hold SymPy expressions with free symbols.

    Raises
    ------
    TypeError
        If the dtype is not integer, floating or object, or an object array
        holds an entry that is not a real number or SymPy expression.
    ValueError
        If the number of dimensions or the shape is wrong, a dimension is empty,
        or a value is nan or inf (for SymPy: contains nan, oo, -oo or zoo).
    """
    arr = as_real(value, name, symbolic)
    sym = format_shape(list(symbols))
    if arr.ndim != len(symbols):
        raise ValueError(
            f"{name} must be {len(symbols)}-D with shape {sym}; "
            f"got {arr.ndim}-D shape {format_shape(arr.shape)}"
        )
    if 0 in arr.shape:
        raise ValueError(
            f"{name} must have no empty dimensions; got shape {format_shape(arr.shape)}"
        )
    if expected is not None:
        if any(e is not None and e != s for e, s in zip(expected, arr.shape, strict=True)):
            want = format_shape(
                [sy if e is None else e for sy, e in zip(symbols, expected, strict=True)]
            )
            why = f" {context}" if context else ""
            raise ValueError(
                f"{name}: expected shape {sym} = {want}{why}; got shape {format_shape(arr.shape)}"
            )
    if arr.dtype.kind == "f":
        finite = bool(np.all(np.isfinite(arr)))
    elif arr.dtype.kind == "O":
        finite = all(_entry_is_finite(entry) for entry in arr.flat)
    else:
        finite = True
    if not finite:
        raise ValueError(f"{name} contains non-finite values (nan or inf)")
    return arr


def vector(
    value: object,
    name: str,
    symbol: str,
    length: int | None = None,
    context: str = "",
) -> RealArray:
    """Return `value` as a finite real 1-D array, optionally of a given length."""
    return array(value, name, (symbol,), None if length is None else (length,), context)


def matrix(
    value: object,
    name: str,
    symbols: tuple[str, str],
    expected: tuple[int | None, int | None] | None = None,
    context: str = "",
) -> RealArray:
    """Return `value` as a finite real 2-D array, optionally of a given shape."""
    return array(value, name, symbols, expected, context)


def row(value: object, name: str) -> RealArray:
    """Return a row given as shape ``(1, k)`` or ``(k,)`` as a finite 1-D array.

    Raises
    ------
    TypeError
        If the dtype is not integer, floating or object of numbers/expressions.
    ValueError
        If the shape is anything else (a column ``(k, 1)`` in particular), a
        dimension is empty, or a value is nan or inf.
    """
    arr = as_real(value, name)
    if arr.ndim == 2 and arr.shape[0] == 1:
        return array(arr, name, ("1", "m*n")).reshape(-1)
    if arr.ndim == 1:
        return array(arr, name, ("m*n",))
    hint = " (a column: pass its transpose)" if arr.ndim == 2 and arr.shape[1] == 1 else ""
    raise ValueError(
        f"{name} must be a row of shape (1, m*n) or a 1-D vector of shape (m*n,); "
        f"got shape {format_shape(arr.shape)}{hint}"
    )


def _is_int(value: object) -> TypeGuard[numbers.Integral]:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_)


def positive_int(value: object, name: str) -> int:
    """Return `value` as a Python int, requiring an integer ``>= 1``.

    Raises
    ------
    TypeError
        If `value` is not an integer (floats and bools are rejected).
    ValueError
        If `value` is zero or negative.
    """
    if not _is_int(value):
        raise TypeError(f"{name} must be a positive int; got {type(value).__name__} {value!r}")
    result = int(value)
    if result <= 0:
        raise ValueError(f"{name} must be a positive int; got {result}")
    return result


def positive_real(value: object, name: str) -> float:
    """Return `value` as a Python float, requiring a finite real number ``> 0``.

    Raises
    ------
    TypeError
        If `value` is not a real number (bools, complex and strings are rejected).
    ValueError
        If `value` is nan, infinite, zero or negative.
    """
    if not isinstance(value, numbers.Real) or isinstance(value, bool | np.bool_):
        raise TypeError(
            f"{name} must be a finite positive real number; got {type(value).__name__} {value!r}"
        )
    result = float(value)
    if not math.isfinite(result) or result <= 0:
        raise ValueError(f"{name} must be a finite positive real number; got {result!r}")
    return result


def shape_pair(value: object, name: str, size: int, of: str) -> tuple[int, int]:
    """Return `value` as ``(m, n)``: two positive ints with ``m * n == size``.

    Parameters
    ----------
    value
        The requested shape.
    name
        The argument name used in error messages.
    size
        The number of elements that must fit into the shape.
    of
        The name of the array that holds `size` elements.

    Raises
    ------
    TypeError
        If `value` is not a sequence of ints.
    ValueError
        If it does not have two entries, an entry is not positive, or the product
        does not equal `size`.
    """
    if not isinstance(value, Sequence) or isinstance(value, str | bytes):
        raise TypeError(f"{name} must be a pair (m, n) of positive ints; got {value!r}")
    if len(value) != 2:
        raise ValueError(f"{name} must be a pair (m, n) of positive ints; got {value!r}")
    m, n = value
    if not (_is_int(m) and _is_int(n)):
        raise TypeError(f"{name} must be a pair (m, n) of positive ints; got {value!r}")
    pair = (int(m), int(n))
    if pair[0] <= 0 or pair[1] <= 0:
        raise ValueError(f"{name} must be a pair (m, n) of positive ints; got {value!r}")
    if pair[0] * pair[1] != size:
        raise ValueError(
            f"{name} = {format_shape(pair)} holds m*n = {pair[0] * pair[1]} elements "
            f"but {of} has size {size}"
        )
    return pair
