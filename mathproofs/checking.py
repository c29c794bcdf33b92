r"""Tolerances, finite differences and seeded random numbers for checking the math.

Two tolerance tiers, each with the reason for its value:

* ``EXACT_*`` for algebraic identities evaluated in float64 (on integer data,
  use exact equality instead);
* ``FD_*`` for comparing a derivative with central finite differences.

All random draws in tests and docs come from `rng`, which is seeded.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from mathproofs import _validate
from mathproofs._validate import format_shape

__all__ = [
    "EXACT_ATOL",
    "EXACT_RTOL",
    "FD_ATOL",
    "FD_RTOL",
    "FD_STEP",
    "directional_derivative",
    "numerical_gradient",
    "rng",
]

# ## Tolerances #############################################################

# Exact identities in float64 on O(1) data of size <= 64: rounding error is a few
# ulps (eps ~ 2.2e-16) times the size, ~1e-14, far below 1e-12; a wrong formula is off by O(1).
EXACT_RTOL = 1e-12
# Same reason, for entries that are (near) zero, where a relative bound means nothing.
EXACT_ATOL = 1e-12

# Central-difference step: the total error h^2/6 |f'''| + eps |f| / h is smallest near
# h ~ eps^(1/3) ~ 6e-6, so 1e-5.
FD_STEP = 1e-5
# Central-difference error: truncation h^2/6 |f'''| (zero for the quadratic L) plus
# round-off eps |f| / h ~ 2e-11 |f|; 1e-6 leaves room for |f| up to ~1e4, yet a missing
# factor 2 or transpose is off by O(1).
FD_RTOL = 1e-6
# Same error model, for derivative entries that are (near) zero.
FD_ATOL = 1e-6


# ## Finite differences #####################################################


def _scalar_value(f: Callable[[Any], Any], point: npt.NDArray[np.float64]) -> float:
    value = f(point)
    arr = np.asarray(value)
    if arr.ndim != 0 or arr.dtype.kind not in "iuf":
        raise TypeError(
            f"f must return a real scalar; got {type(value).__name__} with "
            f"dtype {str(arr.dtype)!r} and shape {format_shape(arr.shape)}"
        )
    result = float(arr)
    if not np.isfinite(result):
        raise ValueError(f"f returned a non-finite value {result!r}")
    return result


def _fd_args(f: object, M: npt.ArrayLike, h: float) -> tuple[npt.NDArray[np.float64], float]:
    if not callable(f):
        raise TypeError(f"f must be callable; got {type(f).__name__}")
    step = _validate.positive_real(h, "h")
    arr = _validate.as_real(M, "M", symbolic=False)
    if arr.ndim not in (1, 2):
        raise ValueError(
            f"M must be 1-D with shape (n,) or 2-D with shape (m, n); "
            f"got {arr.ndim}-D shape {format_shape(arr.shape)}"
        )
    symbols = ("n",) if arr.ndim == 1 else ("m", "n")
    return _validate.array(arr, "M", symbols).astype(np.float64), step


def numerical_gradient(
    f: Callable[[Any], Any], M: npt.ArrayLike, h: float = FD_STEP
) -> npt.NDArray[np.float64]:
    r"""Estimate the gradient of a scalar function by central differences.

    Entry by entry, with $E_{ij}$ the matrix with a single 1 at $(i, j)$:

    $$\frac{\partial f}{\partial M_{ij}} \approx
    \frac{f(M + h E_{ij}) - f(M - h E_{ij})}{2h}.$$

    Error: truncation $h^2 |f'''| / 6$ plus round-off about
    $\varepsilon |f| / h$. The result has the shape of `M` (denominator layout
    for a matrix argument). Costs $2 \cdot$ `M.size` calls of `f`.

    Parameters
    ----------
    f : callable
        Maps an array with the shape of `M` (float64) to a finite real scalar.
    M : array_like, shape (n,) or (m, n)
        Point at which to differentiate.
    h : float, optional
        Step, a finite real number ``> 0``; default `FD_STEP`.

    Returns
    -------
    numpy.ndarray of float64, shape of `M`

    Raises
    ------
    TypeError
        If `f` is not callable or returns a non-scalar/non-real value, `M` is
        not a real numeric array (an object array of numbers is converted to
        floats; SymPy symbols are rejected), or `h` is not a real number.
    ValueError
        If `M` is not 1-D or 2-D, is empty, contains nan/inf, `h` is not finite
        and positive, or `f` returns nan/inf.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M = np.array([[1.0, 2.0], [3.0, 4.0]])
    x, g = np.array([1.0, -1.0]), np.array([0.5, 0.0])
    G = mp.numerical_gradient(lambda W: mp.loss(W, x, g), M)
    np.testing.assert_allclose(G, mp.gradient(M, x, g), rtol=mp.FD_RTOL, atol=mp.FD_ATOL)
    ```
    """
    point, step = _fd_args(f, M, h)
    grad = np.empty_like(point)
    for index in np.ndindex(point.shape):
        plus = point.copy()
        minus = point.copy()
        plus[index] += step
        minus[index] -= step
        grad[index] = (_scalar_value(f, plus) - _scalar_value(f, minus)) / (2 * step)
    return grad


def directional_derivative(
    f: Callable[[Any], Any], M: npt.ArrayLike, V: npt.ArrayLike, h: float = FD_STEP
) -> float:
    r"""Estimate the derivative of `f` at `M` along `V` by a central difference.

    $$D_V f(M) \approx \frac{f(M + hV) - f(M - hV)}{2h},$$

    to be compared with $\langle \nabla f(M), V \rangle = \sum_{ij}
    (\nabla f)_{ij} V_{ij}$ (JAX's ``check_vjp`` idea). Same error model as
    `numerical_gradient`, with two calls of `f` in total.

    Parameters
    ----------
    f : callable
        Maps an array with the shape of `M` (float64) to a finite real scalar.
    M : array_like, shape (n,) or (m, n)
        Point at which to differentiate.
    V : array_like, same shape as `M`
        Direction.
    h : float, optional
        Step, a finite real number ``> 0``; default `FD_STEP`.

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If `f` is not callable or returns a non-scalar/non-real value, `M` or
        `V` is not a real numeric array (an object array of numbers is
        converted to floats; SymPy symbols are rejected), or `h` is not a real
        number.
    ValueError
        If `M` is not 1-D or 2-D, `V` does not have the shape of `M`, either is
        empty or contains nan/inf, `h` is not finite and positive, or `f`
        returns nan/inf.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    gen = mp.rng()
    M, V = gen.standard_normal((2, 3)), gen.standard_normal((2, 3))
    x, g = gen.standard_normal(3), gen.standard_normal(2)
    exact = np.sum(mp.gradient(M, x, g) * V)  # <grad L, V>
    approx = mp.directional_derivative(lambda W: mp.loss(W, x, g), M, V)
    np.testing.assert_allclose(approx, exact, rtol=mp.FD_RTOL, atol=mp.FD_ATOL)
    ```
    """
    point, step = _fd_args(f, M, h)
    symbols = ("n",) if point.ndim == 1 else ("m", "n")
    direction = _validate.array(
        V,
        "V",
        symbols,
        point.shape,
        f"to match M of shape {format_shape(point.shape)}",
        symbolic=False,
    ).astype(np.float64)
    plus = _scalar_value(f, point + step * direction)
    minus = _scalar_value(f, point - step * direction)
    return (plus - minus) / (2 * step)


# ## Seeded randomness ######################################################

SEED_VARIABLE = "MATHPROOFS_SEED"


def rng(seed: int | np.integer[Any] | None = None) -> np.random.Generator:
    """Return a seeded NumPy random generator, ``np.random.default_rng(seed)``.

    With ``seed=None`` the seed is the integer in the environment variable
    ``MATHPROOFS_SEED`` if it is set, else 0. Every random draw is therefore
    reproducible, and a run under other seeds is
    ``MATHPROOFS_SEED=7 pytest ...``.

    Parameters
    ----------
    seed : int, optional
        A non-negative int; overrides the environment variable.

    Returns
    -------
    numpy.random.Generator

    Raises
    ------
    TypeError
        If `seed` is neither None nor an int.
    ValueError
        If `seed` is negative, or ``MATHPROOFS_SEED`` is set but is not a
        non-negative integer.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    a = mp.rng(42).standard_normal(3)
    b = np.random.default_rng(42).standard_normal(3)
    assert np.array_equal(a, b)
    assert np.array_equal(mp.rng().integers(0, 10, 5), mp.rng().integers(0, 10, 5))
    ```
    """
    if seed is None:
        text = os.environ.get(SEED_VARIABLE)
        if text is None:
            return np.random.default_rng(0)
        try:
            value = int(text.strip())
        except ValueError:
            raise ValueError(
                f"{SEED_VARIABLE} must be a non-negative integer; got {text!r}"
            ) from None
        if value < 0:
            raise ValueError(f"{SEED_VARIABLE} must be a non-negative integer; got {text!r}")
        return np.random.default_rng(value)
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(f"seed must be an int or None; got {type(seed).__name__} {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative int; got {seed}")
    return np.random.default_rng(int(seed))
