r"""Tolerances, central finite differences and a seeded `rng`, for checking the math.

Two tolerance tiers, each with the reason for its value: ``EXACT_*`` for identities in
float64 (on integer data, compare exactly instead) and ``FD_*`` for finite differences.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from mathproofs._shapes import arrays, format_shape, is_callable, positive_real, shapes

__all__ = [
    "EXACT_ATOL",
    "EXACT_RTOL",
    "FD_ATOL",
    "FD_RTOL",
    "FD_STEP",
    "directional_derivative",
    "numerical_gradient",
    "numerical_jacobian",
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


def _value(f: Callable[[Any], Any], point: npt.NDArray[np.float64]) -> float:
    """f(point), which must be a finite real scalar."""
    value = f(point)
    arr = np.asarray(value)
    if arr.ndim != 0 or arr.dtype.kind not in "iuf":
        raise TypeError(
            f"f must return a real scalar; got {type(value).__name__} with "
            f"dtype {str(arr.dtype)!r} and shape {format_shape(arr.shape)}"
        )
    if not np.isfinite(result := float(arr)):
        raise ValueError(f"f returned a non-finite value {result!r}")
    return result


@shapes(floats=True, f=is_callable, M=("n", "m n"), h=positive_real)
def numerical_gradient(
    f: Callable[[Any], Any], M: npt.ArrayLike, h: float = FD_STEP
) -> npt.NDArray[np.float64]:
    r"""Estimate $\partial f / \partial M_{ij} \approx (f(M + h E_{ij}) - f(M - h E_{ij})) / 2h$.

    Shapes: `M` (n,) or (m, n) → float64 with M's shape (denominator layout), from
    $2 \cdot$ `M.size` calls of `f`, which maps a float array like `M` to a finite real.
    Error: truncation $h^2 |f'''| / 6$ plus round-off about $\varepsilon |f| / h$.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M, x, g = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([1.0, -1.0]), np.array([0.5, 0.0])
    G = mp.numerical_gradient(lambda W: mp.loss(W, x, g), M)
    np.testing.assert_allclose(G, mp.gradient(M, x, g), rtol=mp.FD_RTOL, atol=mp.FD_ATOL)
    ```
    """
    (M,) = arrays(M)
    grad = np.empty_like(M)
    for index in np.ndindex(M.shape):
        step = np.zeros_like(M)
        step[index] = h
        grad[index] = (_value(f, M + step) - _value(f, M - step)) / (2 * h)
    return grad


@shapes(floats=True, f=is_callable, M=("n", "m n"), V=("n", "m n"), h=positive_real)
def directional_derivative(
    f: Callable[[Any], Any], M: npt.ArrayLike, V: npt.ArrayLike, h: float = FD_STEP
) -> float:
    r"""Estimate $D_V f(M) \approx (f(M + hV) - f(M - hV)) / 2h$ by one central difference.

    Shapes: `M` (n,) or (m, n), `V` (n,) or (m, n) like M → a float, to compare with
    $\langle \nabla f(M), V \rangle = \sum_{ij} (\nabla f)_{ij} V_{ij}$ (JAX's ``check_vjp``).

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
    M, V = arrays(M, V)
    return (_value(f, M + h * V) - _value(f, M - h * V)) / (2 * h)


def _values(f: Callable[[Any], Any], point: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """vec(f(point)), column-major: f must return a finite real number or array."""
    value = f(point)
    arr = np.asarray(value)
    if arr.dtype.kind not in "iuf":
        raise TypeError(
            f"f must return real numbers; got {type(value).__name__} with dtype {str(arr.dtype)!r}"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError("f returned non-finite values (nan or inf)")
    return arr.astype(np.float64).reshape(-1, order="F")


@shapes(floats=True, f=is_callable, M=("n", "m n"), h=positive_real)
def numerical_jacobian(
    f: Callable[[Any], Any], M: npt.ArrayLike, h: float = FD_STEP
) -> npt.NDArray[np.float64]:
    r"""Estimate the Jacobian of $\operatorname{vec} f$ in $\operatorname{vec} M$ by differences.

    Column $k$ is $(\operatorname{vec} f(M + hE_k) - \operatorname{vec} f(M - hE_k)) / 2h$, where
    $E_k$ has M's shape and a 1 at entry k of $\operatorname{vec} M$ (column-major, as `vec`
    stacks).

    Shapes: `M` (n,) or (m, n); `f` maps a float array like M to real numbers of one fixed shape
    → float64 of shape (`f(M).size`, `M.size`), from $2 \cdot$ `M.size` calls of `f`. Error as for
    `numerical_gradient`: no truncation error for a linear or quadratic f.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M, x = np.array([[1.0, 2.0, 0.0], [3.0, -1.0, 1.0]]), np.array([2.0, -1.0, 1.0])
    J = mp.numerical_jacobian(lambda W: W @ x, M)  # y = Mx, so J = x^T kron I_2
    np.testing.assert_allclose(J, mp.dy_dvecM(x, 2), rtol=mp.FD_RTOL, atol=mp.FD_ATOL)
    ```
    """
    (M,) = arrays(M)
    columns = []
    for k in range(M.size):
        step = np.zeros(M.size)
        step[k] = h
        E = step.reshape(M.shape, order="F")
        columns.append((_values(f, M + E) - _values(f, M - E)) / (2 * h))
    return np.stack(columns, axis=1)


# ## Seeded randomness ######################################################

SEED_VARIABLE = "MATHPROOFS_SEED"


def _default_seed() -> int:
    """``MATHPROOFS_SEED``, else 0: the package's one read of the variable (``make test-seeds``
    selects the blocks that reach it, tests/sitebuild.py)."""
    text = os.environ.get(SEED_VARIABLE)
    if text is None:
        return 0
    try:
        value = int(text.strip())
    except ValueError:
        value = -1
    if value < 0:
        raise ValueError(f"{SEED_VARIABLE} must be a non-negative integer; got {text!r}")
    return value


def rng(seed: int | np.integer[Any] | None = None) -> np.random.Generator:
    """Return ``np.random.default_rng(seed)``; by default seeded by ``MATHPROOFS_SEED``, else 0.

    `seed` is a non-negative int (TypeError if not an int, ValueError if negative or if the
    variable is set to anything but a non-negative integer). ``MATHPROOFS_SEED=7 pytest``
    reruns every draw under another seed.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    assert np.array_equal(mp.rng(42).random(3), np.random.default_rng(42).random(3))
    assert np.array_equal(mp.rng().integers(0, 10, 5), mp.rng().integers(0, 10, 5))
    ```
    """
    if seed is None:
        return np.random.default_rng(_default_seed())
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(f"seed must be an int or None; got {type(seed).__name__} {seed!r}")
    if seed < 0:
        raise ValueError(f"seed must be a non-negative int; got {seed}")
    return np.random.default_rng(int(seed))
