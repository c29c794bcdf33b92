"""Validate inputs once, for every public function in mathproofs.

Each helper either returns a clean NumPy array (or number) or raises an error
whose message names the argument, states what was expected and shows what was
found. Nothing is silently cast, broadcast or reshaped.
"""

from __future__ import annotations

import math
import numbers
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
    "vector",
]

# Integer or floating arrays. Integer inputs stay integer, so identities on
# integer data can be checked with exact equality.
RealArray = npt.NDArray[Any]

# dtype kinds accepted: signed int, unsigned int, float. Not bool ("b"),
# complex ("c"), strings ("U", "S"), object ("O"), datetimes ("M", "m").
_REAL_KINDS = frozenset("iuf")


def format_shape(shape: Sequence[int | str | None]) -> str:
    """Format a shape as Python prints a tuple: ``(3,)``, ``(2, 3)``."""
    items = ["?" if s is None else str(s) for s in shape]
    if len(items) == 1:
        return f"({items[0]},)"
    return "(" + ", ".join(items) + ")"


def as_real(value: object, name: str) -> RealArray:
    """Return `value` as an integer or floating array of any shape.

    Raises
    ------
    TypeError
        If the dtype is not integer or floating (bool, complex, str, object...).
    ValueError
        If `value` cannot be converted to an array (e.g. a ragged list).
    """
    try:
        arr = np.asarray(value)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"{name} could not be converted to an array: {exc}") from exc
    if arr.dtype.kind not in _REAL_KINDS:
        raise TypeError(f"{name} must be a real numeric array; got dtype {str(arr.dtype)!r}")
    return arr


def array(
    value: object,
    name: str,
    symbols: Sequence[str],
    expected: Sequence[int | None] | None = None,
    context: str = "",
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

    Raises
    ------
    TypeError
        If the dtype is not integer or floating (bool, complex, str, object...).
    ValueError
        If the number of dimensions or the shape is wrong, a dimension is empty,
        or a value is nan or inf.
    """
    arr = as_real(value, name)
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
    if arr.dtype.kind == "f" and not np.all(np.isfinite(arr)):
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
        If the dtype is not integer or floating.
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
