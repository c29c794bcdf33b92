r"""One example through an affine layer, $y = M x + b$, with $dy = (dM) x + db$."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from mathproofs._shapes import RealArray, arrays, shapes

__all__ = ["AffineGradients", "affine_gradients", "affine_loss", "affine_predict"]


class AffineGradients(NamedTuple):
    """Gradients of the loss of an affine layer, each with the shape of its parameter."""

    M: RealArray
    b: RealArray


@shapes(M="m n", b="m", x="n")
def affine_predict(M: npt.ArrayLike, b: npt.ArrayLike, x: npt.ArrayLike) -> RealArray:
    r"""Compute the prediction of an affine layer, $y = M x + b$.

    Shapes: `M` (m, n), `b` (m,), `x` (n,) → (m,).

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M, b = np.array([[1, 2, 3], [4, 5, 6]]), np.array([10, 20])
    assert np.array_equal(mp.affine_predict(M, b, [1, 0, -1]), [8, 18])
    ```
    """
    M, b, x = arrays(M, b, x)
    return M @ x + b


@shapes(M="m n", b="m", x="n", g="m")
def affine_loss(M: npt.ArrayLike, b: npt.ArrayLike, x: npt.ArrayLike, g: npt.ArrayLike) -> Any:
    r"""Compute $L = (g - y)^\top (g - y)$ for the affine layer $y = M x + b$.

    Shapes: `M` (m, n), `b` (m,), `x` (n,), `g` (m,) → a scalar (an integer one on integers).

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M, b = np.array([[1, 2, 3], [4, 5, 6]]), np.array([10, 20])
    x, g = np.array([1, 0, -1]), np.array([9, 20])  # y = (8, 18), g - y = (1, 2)
    assert mp.affine_loss(M, b, x, g) == 1**2 + 2**2
    ```
    """
    M, b, x, g = arrays(M, b, x, g)
    r = g - (M @ x + b)
    return r @ r


@shapes(M="m n", b="m", x="n", g="m")
def affine_gradients(
    M: npt.ArrayLike, b: npt.ArrayLike, x: npt.ArrayLike, g: npt.ArrayLike
) -> AffineGradients:
    r"""Compute $\nabla_M L = -2 (g - y) x^\top$ and $\nabla_b L = -2 (g - y)$.

    Shapes: `M` (m, n), `b` (m,), `x` (n,), `g` (m,) → ``M`` (m, n) and ``b`` (m,),
    denominator layout (each the shape of its parameter), from $dL = -2 (g - y)^\top dy$.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M, b = np.array([[1, 2, 3], [4, 5, 6]]), np.array([10, 20])
    x, g = np.array([1, 0, -1]), np.array([9, 20])  # g - y = (1, 2)
    grads = mp.affine_gradients(M, b, x, g)
    assert np.array_equal(grads.b, [-2, -4])
    assert np.array_equal(grads.M, [[-2, 0, 2], [-4, 0, 4]])
    ```
    """
    M, b, x, g = arrays(M, b, x, g)
    delta = -2 * (g - (M @ x + b))
    return AffineGradients(M=np.outer(delta, x), b=delta)
