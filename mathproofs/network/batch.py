r"""A batch through an affine layer, an example per column of $X$: $Y = M X + b \mathbf{1}^\top$."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from mathproofs._shapes import RealArray, arrays, one_of, shapes
from mathproofs.network.affine import AffineGradients

__all__ = ["batch_gradients", "batch_loss", "batch_predict"]

Reduction = Literal["sum", "mean"]


@shapes(M="m n", b="m", X="n B")
def batch_predict(M: npt.ArrayLike, b: npt.ArrayLike, X: npt.ArrayLike) -> RealArray:
    r"""Compute $Y = M X + b \mathbf{1}^\top$: column $k$ is $y_k = M x_k + b$.

    Shapes: `M` (m, n), `b` (m,), `X` (n, B) → (m, B); $b \mathbf{1}^\top$ is ``b[:, None]``.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M, b = np.array([[1, 2], [3, 4]]), np.array([1, -1])
    X = np.array([[1, 0, 2], [0, 1, 1]])  # three examples
    assert np.array_equal(mp.batch_predict(M, b, X), [[2, 3, 5], [2, 3, 9]])
    ```
    """
    M, b, X = arrays(M, b, X)
    return M @ X + b[:, np.newaxis]


@shapes(M="m n", b="m", X="n B", G="m B", reduction=one_of("sum", "mean"))
def batch_loss(
    M: npt.ArrayLike,
    b: npt.ArrayLike,
    X: npt.ArrayLike,
    G: npt.ArrayLike,
    reduction: Reduction = "sum",
) -> Any:
    r"""Compute $L = \lVert G - Y \rVert_F^2 = \sum_k (g_k - y_k)^\top (g_k - y_k)$, or $L / B$.

    Shapes: `M` (m, n), `b` (m,), `X` (n, B), `G` (m, B) → a scalar; ``reduction="mean"``
    divides by the batch size $B$.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M, b = np.array([[1, 2], [3, 4]]), np.array([1, -1])
    X = np.array([[1, 0, 2], [0, 1, 1]])  # Y = [[2, 3, 5], [2, 3, 9]]
    G = np.array([[3, 3, 5], [2, 1, 9]])  # G - Y = [[1, 0, 0], [0, -2, 0]]
    assert mp.batch_loss(M, b, X, G) == 1 + 4
    assert mp.batch_loss(M, b, X, G, reduction="mean") == 5 / 3
    ```
    """
    M, b, X, G = arrays(M, b, X, G)
    R = G - batch_predict.kernel(M, b, X)
    total = np.sum(R * R)
    return total if reduction == "sum" else total / X.shape[1]


@shapes(M="m n", b="m", X="n B", G="m B", reduction=one_of("sum", "mean"))
def batch_gradients(
    M: npt.ArrayLike,
    b: npt.ArrayLike,
    X: npt.ArrayLike,
    G: npt.ArrayLike,
    reduction: Reduction = "sum",
) -> AffineGradients:
    r"""Compute $\nabla_M L = -2 (G - Y) X^\top$ and $\nabla_b L = -2 (G - Y) \mathbf{1}$.

    Shapes: `M` (m, n), `b` (m,), `X` (n, B), `G` (m, B) → ``M`` (m, n) and ``b`` (m,),
    denominator layout: the sums over the batch of the one-example gradients, from
    $dL = -2 \operatorname{tr}((G - Y)^\top dY)$; ``reduction="mean"`` divides both by $B$.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M, b = np.array([[1, 2], [3, 4]]), np.array([1, -1])
    X = np.array([[1, 0, 2], [0, 1, 1]])
    G = np.array([[3, 3, 5], [2, 1, 9]])  # G - Y = [[1, 0, 0], [0, -2, 0]]
    grads = mp.batch_gradients(M, b, X, G)
    assert np.array_equal(grads.b, [-2, 4])  # -2 (G - Y) 1
    assert np.array_equal(grads.M, [[-2, 0], [0, 4]])  # -2 (G - Y) X^T
    ```
    """
    M, b, X, G = arrays(M, b, X, G)
    delta = -2 * (G - batch_predict.kernel(M, b, X))
    grad_M, grad_b = delta @ X.T, delta.sum(axis=1)
    if reduction == "sum":
        return AffineGradients(M=grad_M, b=grad_b)
    return AffineGradients(M=grad_M / X.shape[1], b=grad_b / X.shape[1])
