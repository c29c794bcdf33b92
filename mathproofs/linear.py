r"""The linear model $y = Mx$, its squared-error loss and the loss's derivatives.

Shapes: $M \in \mathbb{R}^{m \times n}$, $x \in \mathbb{R}^n$,
$g, y \in \mathbb{R}^m$, $L \in \mathbb{R}$.

$$L = (g - y)^T (g - y), \qquad dL = -2 (g - y)^T dy, \qquad
dy = (dM) x = (x^T \otimes I_m) \operatorname{vec}(dM).$$

Two layouts appear, and every result says which one it is in:

* *numerator* layout (the post's): $\partial L / \partial M = -2 x (g - y)^T$,
  shape n by m (`dL_dM`);
* *denominator* layout, the gradient with the shape of $M$ used in gradient
  descent: $\nabla_M L = -2 (g - y) x^T$, shape m by n (`gradient`).

They are transposes of each other.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from mathproofs import _validate
from mathproofs._validate import RealArray, format_shape
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


# ## Validation shared by the model functions ###############################


def _model_args(M: npt.ArrayLike, x: npt.ArrayLike) -> tuple[RealArray, RealArray]:
    mm = _validate.matrix(M, "M", ("m", "n"))
    xx = _validate.vector(x, "x", "n", mm.shape[1], f"to match M of shape {format_shape(mm.shape)}")
    return mm, xx


def _residual(
    M: npt.ArrayLike, x: npt.ArrayLike, g: npt.ArrayLike
) -> tuple[RealArray, RealArray, RealArray]:
    """Validate (M, x, g) and return (M, x, g - Mx)."""
    mm, xx = _model_args(M, x)
    gg = _validate.vector(g, "g", "m", mm.shape[0], f"to match M of shape {format_shape(mm.shape)}")
    return mm, xx, gg - mm @ xx


# ## Forward pass ###########################################################


def predict(M: npt.ArrayLike, x: npt.ArrayLike) -> RealArray:
    r"""Compute the prediction $y = M x$.

    Parameters
    ----------
    M : array_like, shape (m, n)
        Real weight matrix.
    x : array_like, shape (n,)
        Real input vector.

    Returns
    -------
    numpy.ndarray, shape (m,)

    Raises
    ------
    TypeError
        If `M` or `x` is not a real numeric array.
    ValueError
        If a shape is wrong, a dimension is empty, or a value is nan/inf.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M = np.array([[1, 2, 3], [4, 5, 6]])
    assert np.array_equal(mp.predict(M, [1, 0, -1]), [-2, -2])
    ```
    """
    mm, xx = _model_args(M, x)
    return mm @ xx


def loss(M: npt.ArrayLike, x: npt.ArrayLike, g: npt.ArrayLike) -> Any:
    r"""Compute the squared-error loss $L = (g - y)^T (g - y) = \sum_i (g_i - y_i)^2$.

    With $y = M x$.

    Parameters
    ----------
    M : array_like, shape (m, n)
        Real weight matrix.
    x : array_like, shape (n,)
        Real input vector.
    g : array_like, shape (m,)
        Real ground truth.

    Returns
    -------
    numpy scalar
        $L \geq 0$; an integer scalar for integer inputs.

    Raises
    ------
    TypeError
        If `M`, `x` or `g` is not a real numeric array.
    ValueError
        If a shape is wrong, a dimension is empty, or a value is nan/inf.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M = np.array([[1, 2, 3], [4, 5, 6]])
    x = np.array([1, 0, -1])           # y = (-2, -2)
    g = np.array([1, 2])               # g - y = (3, 4)
    assert mp.loss(M, x, g) == 3**2 + 4**2
    ```
    """
    _, _, r = _residual(M, x, g)
    return r @ r


# ## Derivatives, in the order of the post ##################################


def dL_dy(M: npt.ArrayLike, x: npt.ArrayLike, g: npt.ArrayLike) -> RealArray:
    r"""Compute $\partial L / \partial y = -2 (g - y)^T$.

    From $dL = -(g-y)^T dy - dy^T (g-y) = -2 (g - y)^T dy$. Numerator layout: the
    row $-2 (g-y)^T \in \mathbb{R}^{1 \times m}$, returned with shape (1, m) like
    `dL_dvecM`, so that `dL_dy(M, x, g) @ dy_dvecM(x, m)` is the chain rule.

    Parameters
    ----------
    M : array_like, shape (m, n)
        Real weight matrix.
    x : array_like, shape (n,)
        Real input vector.
    g : array_like, shape (m,)
        Real ground truth.

    Returns
    -------
    numpy.ndarray, shape (1, m)

    Raises
    ------
    TypeError
        If `M`, `x` or `g` is not a real numeric array.
    ValueError
        If a shape is wrong, a dimension is empty, or a value is nan/inf.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M = np.array([[1, 2, 3], [4, 5, 6]])
    assert np.array_equal(mp.dL_dy(M, [1, 0, -1], [1, 2]), [[-6, -8]])
    ```
    """
    _, _, r = _residual(M, x, g)
    return -2 * r[np.newaxis, :]


def dy_dvecM(x: npt.ArrayLike, m: int | np.integer[Any]) -> RealArray:
    r"""Return the Jacobian $\partial y / \partial \operatorname{vec}(M) = x^T \otimes I_m$.

    From $dy = (dM) x = \operatorname{vec}(dM\, x) = (x^T \otimes I_m)
    \operatorname{vec}(dM)$ (Proof 1 with $C = dM$, $A = x^T$). Numerator
    layout: one row per entry of $y$, one column per entry of
    $\operatorname{vec}(M)$.

    Parameters
    ----------
    x : array_like, shape (n,)
        Real input vector.
    m : int
        Number of outputs (rows of M), ``m >= 1``.

    Returns
    -------
    numpy.ndarray, shape (m, m*n)
        $(x_1 I_m, x_2 I_m, \dots, x_n I_m)$.

    Raises
    ------
    TypeError
        If `x` is not a real numeric array, or `m` is not an int.
    ValueError
        If `x` is not 1-D, is empty, contains nan/inf, or ``m <= 0``.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    J = mp.dy_dvecM([2, 3], 2)
    assert np.array_equal(J, [[2, 0, 3, 0], [0, 2, 0, 3]])
    dM = np.array([[1, 2], [3, 4]])
    assert np.array_equal(J @ mp.vec(dM), dM @ [2, 3])  # dy = (dM) x
    ```
    """
    xx = _validate.vector(x, "x", "n")
    size = _validate.positive_int(m, "m")
    return kron_identity(xx[np.newaxis, :], size)


def dL_dvecM(M: npt.ArrayLike, x: npt.ArrayLike, g: npt.ArrayLike) -> RealArray:
    r"""Compute $\partial L / \partial \operatorname{vec}(M) = -2 (g - y)^T (x^T \otimes I_m)$.

    The chain rule, computed literally as the post writes it: the row
    $\partial L / \partial y$ times the Jacobian $x^T \otimes I_m$. Numerator
    layout: a 1 by mn row whose entry $i + j m$ is $\partial L / \partial M_{ij}$.

    Parameters
    ----------
    M : array_like, shape (m, n)
        Real weight matrix.
    x : array_like, shape (n,)
        Real input vector.
    g : array_like, shape (m,)
        Real ground truth.

    Returns
    -------
    numpy.ndarray, shape (1, m*n)

    Raises
    ------
    TypeError
        If `M`, `x` or `g` is not a real numeric array.
    ValueError
        If a shape is wrong, a dimension is empty, or a value is nan/inf.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M = np.array([[1, 2, 3], [4, 5, 6]])
    x, g = np.array([1, 0, -1]), np.array([1, 2])
    row = mp.dL_dvecM(M, x, g)
    assert row.shape == (1, 6)
    assert np.array_equal(row, [[-6, -8, 0, 0, 6, 8]])
    assert np.array_equal(mp.devec(row, M.shape), mp.dL_dM(M, x, g))
    ```
    """
    mm, xx, r = _residual(M, x, g)
    return (-2 * r)[np.newaxis, :] @ dy_dvecM(xx, mm.shape[0])


def dL_dM(M: npt.ArrayLike, x: npt.ArrayLike, g: npt.ArrayLike) -> RealArray:
    r"""Compute $\partial L / \partial M = -2 x (g - y)^T$ in numerator layout.

    $\operatorname{devec}$ of `dL_dvecM` by Proof 2. Numerator layout: shape
    n by m, the *transpose* of the shape of M; entry $(j, i)$ is
    $\partial L / \partial M_{ij} = -2 (g_i - y_i) x_j$. Use `gradient` for the
    m by n matrix that updates M.

    Parameters
    ----------
    M : array_like, shape (m, n)
        Real weight matrix.
    x : array_like, shape (n,)
        Real input vector.
    g : array_like, shape (m,)
        Real ground truth.

    Returns
    -------
    numpy.ndarray, shape (n, m)

    Raises
    ------
    TypeError
        If `M`, `x` or `g` is not a real numeric array.
    ValueError
        If a shape is wrong, a dimension is empty, or a value is nan/inf.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M = np.array([[1, 2, 3], [4, 5, 6]])
    x, g = np.array([1, 0, -1]), np.array([1, 2])
    D = mp.dL_dM(M, x, g)
    assert D.shape == (3, 2)  # n x m: numerator layout
    assert np.array_equal(D, [[-6, -8], [0, 0], [6, 8]])
    ```
    """
    _, xx, r = _residual(M, x, g)
    return -2 * np.outer(xx, r)


def gradient(M: npt.ArrayLike, x: npt.ArrayLike, g: npt.ArrayLike) -> RealArray:
    r"""Compute the gradient $\nabla_M L = -2 (g - y) x^T$ in denominator layout.

    The transpose of the numerator-layout `dL_dM`:
    $(-2 x (g-y)^T)^T = -2 (g - y) x^T$. Denominator layout: shape m by n,
    the shape of M, so it can be subtracted from M in gradient descent.
    Entry $(i, j)$ is $\partial L / \partial M_{ij}$.

    Parameters
    ----------
    M : array_like, shape (m, n)
        Real weight matrix.
    x : array_like, shape (n,)
        Real input vector.
    g : array_like, shape (m,)
        Real ground truth.

    Returns
    -------
    numpy.ndarray, shape (m, n)

    Raises
    ------
    TypeError
        If `M`, `x` or `g` is not a real numeric array.
    ValueError
        If a shape is wrong, a dimension is empty, or a value is nan/inf.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M = np.array([[1, 2, 3], [4, 5, 6]])
    x, g = np.array([1, 0, -1]), np.array([1, 2])
    G = mp.gradient(M, x, g)
    assert G.shape == M.shape  # m x n: denominator layout
    assert np.array_equal(G, [[-6, 0, 6], [-8, 0, 8]])
    assert np.array_equal(G, mp.dL_dM(M, x, g).T)
    ```
    """
    _, xx, r = _residual(M, x, g)
    return -2 * np.outer(r, xx)


def gradient_step(M: npt.ArrayLike, x: npt.ArrayLike, g: npt.ArrayLike, lr: float) -> RealArray:
    r"""Take one gradient-descent step, $M - \eta \nabla_M L$.

    Uses the denominator-layout `gradient` $-2 (g - y) x^T$ (shape of M).

    Parameters
    ----------
    M : array_like, shape (m, n)
        Real weight matrix.
    x : array_like, shape (n,)
        Real input vector.
    g : array_like, shape (m,)
        Real ground truth.
    lr : float
        Learning rate $\eta$, a finite real number ``> 0``.

    Returns
    -------
    numpy.ndarray, shape (m, n)
        The updated weights (floating point).

    Raises
    ------
    TypeError
        If `M`, `x` or `g` is not a real numeric array, or `lr` is not a real number.
    ValueError
        If a shape is wrong, a dimension is empty, a value is nan/inf, or `lr`
        is not finite and positive.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M = np.array([[1.0, 2.0], [3.0, 4.0]])
    x, g = np.array([1.0, 1.0]), np.array([0.0, 0.0])
    M1 = mp.gradient_step(M, x, g, lr=0.1)
    assert np.array_equal(M1, M - 0.1 * mp.gradient(M, x, g))
    assert mp.loss(M1, x, g) < mp.loss(M, x, g)  # a small step lowers L
    ```
    """
    mm, _, _ = _residual(M, x, g)
    rate = _validate.positive_real(lr, "lr")
    return mm - rate * gradient(mm, x, g)
