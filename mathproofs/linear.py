r"""The linear model $y = M x$, its loss $L = (g - y)^\top (g - y)$ and the loss's derivatives.

$dL = -2 (g - y)^\top dy$ and $dy = (dM) x = (x^\top \otimes I_m) \operatorname{vec}(dM)$.
Two layouts, transposes of each other: the post's numerator layout
$\partial L / \partial M = -2 x (g - y)^\top$, n by m (`dL_dM`), and the denominator-layout
gradient $\nabla_M L = -2 (g - y) x^\top$, m by n like $M$, used in the update (`gradient`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from mathproofs._shapes import RealArray, arrays, positive_int, positive_real, shapes
from mathproofs.vectorization import kron_identity

__all__ = [
    "dL_dM",
    "dL_dvecM",
    "dL_dy",
    "dy_dvecM",
    "gradient",
    "gradient_step",
    "loss",
    "predict",
]


@shapes(M="m n", x="n")
def predict(M: npt.ArrayLike, x: npt.ArrayLike) -> RealArray:
    r"""Compute the prediction $y = M x$.

    Shapes: `M` (m, n), `x` (n,) → (m,).

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M = np.array([[1, 2, 3], [4, 5, 6]])
    assert np.array_equal(mp.predict(M, [1, 0, -1]), [-2, -2])
    ```
    """
    M, x = arrays(M, x)
    return M @ x


@shapes(M="m n", x="n", g="m")
def loss(M: npt.ArrayLike, x: npt.ArrayLike, g: npt.ArrayLike) -> Any:
    r"""Compute the loss $L = (g - y)^\top (g - y) = \sum_i (g_i - y_i)^2$ with $y = M x$.

    Shapes: `M` (m, n), `x` (n,), `g` (m,) → a scalar (an integer one on integer data).

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M, x, g = np.array([[1, 2, 3], [4, 5, 6]]), np.array([1, 0, -1]), np.array([1, 2])
    assert mp.loss(M, x, g) == 3**2 + 4**2  # y = (-2, -2), g - y = (3, 4)
    ```
    """
    M, x, g = arrays(M, x, g)
    r = g - M @ x
    return r @ r


@shapes(M="m n", x="n", g="m")
def dL_dy(M: npt.ArrayLike, x: npt.ArrayLike, g: npt.ArrayLike) -> RealArray:
    r"""Compute $\partial L / \partial y = -2 (g - y)^\top$, from $dL = -2 (g - y)^\top dy$.

    Shapes: `M` (m, n), `x` (n,), `g` (m,) → (1, m), a row (numerator layout), so that
    ``dL_dy(M, x, g) @ dy_dvecM(x, m)`` is the chain rule.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M = np.array([[1, 2, 3], [4, 5, 6]])
    assert np.array_equal(mp.dL_dy(M, [1, 0, -1], [1, 2]), [[-6, -8]])
    ```
    """
    M, x, g = arrays(M, x, g)
    return -2 * np.atleast_2d(g - M @ x)


@shapes(x="n", m=positive_int)
def dy_dvecM(x: npt.ArrayLike, m: int | np.integer[Any]) -> RealArray:
    r"""Return the Jacobian $\partial y / \partial \operatorname{vec}(M) = x^\top \otimes I_m$.

    Shapes: `x` (n,), `m` ≥ 1 → (m, m*n), numerator layout: $(x_1 I_m, \dots, x_n I_m)$, from
    $dy = (dM) x = (x^\top \otimes I_m) \operatorname{vec}(dM)$ (Proof 1).

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    J, dM = mp.dy_dvecM([2, 3], 2), np.array([[1, 2], [3, 4]])
    assert np.array_equal(J, [[2, 0, 3, 0], [0, 2, 0, 3]])
    assert np.array_equal(J @ mp.vec(dM), dM @ [2, 3])  # dy = (dM) x
    ```
    """
    (x,) = arrays(x)
    return kron_identity.kernel(x[np.newaxis, :], m)


@shapes(M="m n", x="n", g="m")
def dL_dvecM(M: npt.ArrayLike, x: npt.ArrayLike, g: npt.ArrayLike) -> RealArray:
    r"""Compute $\partial L / \partial \operatorname{vec} M = -2 (g - y)^\top (x^\top \otimes I_m)$.

    Shapes: `M` (m, n), `x` (n,), `g` (m,) → (1, m*n), numerator layout: the chain rule
    `dL_dy` times `dy_dvecM`, as the post writes it; entry $i + j m$ is
    $\partial L / \partial M_{ij}$.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M, x, g = np.array([[1, 2, 3], [4, 5, 6]]), np.array([1, 0, -1]), np.array([1, 2])
    row = mp.dL_dvecM(M, x, g)
    assert np.array_equal(row, [[-6, -8, 0, 0, 6, 8]])
    assert np.array_equal(mp.devec(row, M.shape), mp.dL_dM(M, x, g))
    ```
    """
    M, x, g = arrays(M, x, g)
    row: RealArray = dL_dy.kernel(M, x, g) @ dy_dvecM.kernel(x, M.shape[0])
    return row


@shapes(M="m n", x="n", g="m")
def dL_dM(M: npt.ArrayLike, x: npt.ArrayLike, g: npt.ArrayLike) -> RealArray:
    r"""Compute $\partial L / \partial M = -2 x (g - y)^\top$, the devec of `dL_dvecM` (Proof 2).

    Shapes: `M` (m, n), `x` (n,), `g` (m,) → (n, m), numerator layout (the transpose of M's
    shape); use `gradient` to update M.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M, x, g = np.array([[1, 2, 3], [4, 5, 6]]), np.array([1, 0, -1]), np.array([1, 2])
    assert np.array_equal(mp.dL_dM(M, x, g), [[-6, -8], [0, 0], [6, 8]])  # n x m
    ```
    """
    M, x, g = arrays(M, x, g)
    return -2 * np.outer(x, g - M @ x)


@shapes(M="m n", x="n", g="m")
def gradient(M: npt.ArrayLike, x: npt.ArrayLike, g: npt.ArrayLike) -> RealArray:
    r"""Compute the gradient $\nabla_M L = -2 (g - y) x^\top$, the transpose of `dL_dM`.

    Shapes: `M` (m, n), `x` (n,), `g` (m,) → (m, n), denominator layout (the shape of M, so it
    can be subtracted from M); entry $(i, j)$ is $\partial L / \partial M_{ij}$.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M, x, g = np.array([[1, 2, 3], [4, 5, 6]]), np.array([1, 0, -1]), np.array([1, 2])
    assert np.array_equal(mp.gradient(M, x, g), [[-6, 0, 6], [-8, 0, 8]])  # m x n
    assert np.array_equal(mp.gradient(M, x, g), mp.dL_dM(M, x, g).T)
    ```
    """
    M, x, g = arrays(M, x, g)
    return -2 * np.outer(g - M @ x, x)


@shapes(M="m n", x="n", g="m", lr=positive_real)
def gradient_step(M: npt.ArrayLike, x: npt.ArrayLike, g: npt.ArrayLike, lr: float) -> RealArray:
    r"""Take one gradient-descent step, $M - \eta \nabla_M L$, with `lr` $= \eta > 0$.

    Shapes: `M` (m, n), `x` (n,), `g` (m,) → (m, n), floating point.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M, x, g = np.array([[1.0, 2.0], [3.0, 4.0]]), np.array([1.0, 1.0]), np.zeros(2)
    M1 = mp.gradient_step(M, x, g, lr=0.1)
    assert np.array_equal(M1, M - 0.1 * mp.gradient(M, x, g))
    assert mp.loss(M1, x, g) < mp.loss(M, x, g)  # a small step lowers L
    ```
    """
    M, x, g = arrays(M, x, g)
    return M - lr * gradient.kernel(M, x, g)
