r"""Two layers, $z = M_1 x + b_1$, $h = \operatorname{relu}(z)$, $y = M_2 h + b_2$."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from mathproofs._shapes import RealArray, arrays, shapes
from mathproofs.network.activation import relu, relu_prime

__all__ = [
    "TwoLayerForward",
    "TwoLayerGradients",
    "two_layer_forward",
    "two_layer_gradients",
    "two_layer_loss",
]


class TwoLayerForward(NamedTuple):
    """The intermediate values of the two-layer forward pass."""

    z: RealArray
    h: RealArray
    y: RealArray


class TwoLayerGradients(NamedTuple):
    """Gradients of the two-layer loss, each with the shape of its parameter."""

    M1: RealArray
    b1: RealArray
    M2: RealArray
    b2: RealArray


@shapes(M1="k n", b1="k", M2="m k", b2="m", x="n")
def two_layer_forward(
    M1: npt.ArrayLike, b1: npt.ArrayLike, M2: npt.ArrayLike, b2: npt.ArrayLike, x: npt.ArrayLike
) -> TwoLayerForward:
    r"""Run the forward pass $z = M_1 x + b_1$, $h = \operatorname{relu}(z)$, $y = M_2 h + b_2$.

    Shapes: `M1` (k, n), `b1` (k,), `M2` (m, k), `b2` (m,), `x` (n,) → ``z`` and ``h`` (k,),
    ``y`` (m,); k is the hidden width.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M1, b1 = np.array([[1, 0], [0, 1], [1, 1]]), np.array([0, -5, 0])
    M2, b2 = np.array([[1, 1, 1]]), np.array([1])
    z, h, y = mp.two_layer_forward(M1, b1, M2, b2, [2, 3])
    assert np.array_equal(z, [2, -2, 5]) and np.array_equal(h, [2, 0, 5])
    assert np.array_equal(y, [8])
    ```
    """
    M1, b1, M2, b2, x = arrays(M1, b1, M2, b2, x)
    z = M1 @ x + b1
    h = relu.kernel(z)
    return TwoLayerForward(z=z, h=h, y=M2 @ h + b2)


@shapes(M1="k n", b1="k", M2="m k", b2="m", x="n", g="m")
def two_layer_loss(
    M1: npt.ArrayLike,
    b1: npt.ArrayLike,
    M2: npt.ArrayLike,
    b2: npt.ArrayLike,
    x: npt.ArrayLike,
    g: npt.ArrayLike,
) -> Any:
    r"""Compute $L = (g - y)^\top (g - y)$ with $y = M_2 \operatorname{relu}(M_1 x + b_1) + b_2$.

    Shapes: `M1` (k, n), `b1` (k,), `M2` (m, k), `b2` (m,), `x` (n,), `g` (m,) → a scalar.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M1, b1 = np.array([[1, 0], [0, 1], [1, 1]]), np.array([0, -5, 0])
    M2, b2 = np.array([[1, 1, 1]]), np.array([1])
    assert mp.two_layer_loss(M1, b1, M2, b2, [2, 3], [5]) == (5 - 8) ** 2
    ```
    """
    (g,) = arrays(g)
    r = g - two_layer_forward.kernel(M1, b1, M2, b2, x).y
    return r @ r


@shapes(M1="k n", b1="k", M2="m k", b2="m", x="n", g="m")
def two_layer_gradients(
    M1: npt.ArrayLike,
    b1: npt.ArrayLike,
    M2: npt.ArrayLike,
    b2: npt.ArrayLike,
    x: npt.ArrayLike,
    g: npt.ArrayLike,
) -> TwoLayerGradients:
    r"""Backpropagate the two-layer loss through $\delta_y = -2 (g - y)$ and $\delta_z$.

    Shapes: `M1` (k, n), `b1` (k,), `M2` (m, k), `b2` (m,), `x` (n,), `g` (m,) → each
    gradient with its parameter's shape (denominator layout). With $\delta_z =
    \operatorname{relu}'(z) \odot M_2^\top \delta_y$: $\nabla_{M_1} L = \delta_z x^\top$,
    $\nabla_{b_1} L = \delta_z$, $\nabla_{M_2} L = \delta_y h^\top$, $\nabla_{b_2} L = \delta_y$.
    At a kink $z_i = 0$, $\operatorname{relu}'(0) = 0$ gives the limit from the side where unit
    $i$ is off, an element of the Clarke generalized gradient ($L$ is not convex).

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M1, b1 = np.array([[1, 0], [0, 1], [1, 1]]), np.array([0, -5, 0])
    M2, b2 = np.array([[1, 1, 1]]), np.array([1])
    x, g = np.array([2, 3]), np.array([5])  # z = (2, -2, 5), h = (2, 0, 5), y = 8
    grads = mp.two_layer_gradients(M1, b1, M2, b2, x, g)
    assert np.array_equal(grads.b2, [6])  # delta_y = -2 (5 - 8)
    assert np.array_equal(grads.M2, [[12, 0, 30]])  # delta_y h^T
    assert np.array_equal(grads.b1, [6, 0, 6])  # relu'(z) * M2^T delta_y
    assert np.array_equal(grads.M1, [[12, 18], [0, 0], [12, 18]])  # delta_z x^T
    ```
    """
    M1, b1, M2, b2, x, g = arrays(M1, b1, M2, b2, x, g)
    z, h, y = two_layer_forward.kernel(M1, b1, M2, b2, x)
    delta_y = -2 * (g - y)
    delta_z = relu_prime.kernel(z) * (M2.T @ delta_y)
    return TwoLayerGradients(
        M1=np.outer(delta_z, x), b1=delta_z, M2=np.outer(delta_y, h), b2=delta_y
    )
