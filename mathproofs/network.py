r"""Beyond the post: a bias, a batch of examples and a two-layer ReLU network.

Every gradient here is in denominator layout (the shape of its parameter), and
every one is derived on the site with the differential method of the post.

Affine layer, one example, $y = M x + b$:

$$\nabla_M L = -2 (g - y) x^T, \qquad \nabla_b L = -2 (g - y).$$

Batch, with the $B$ examples as the columns of $X \in \mathbb{R}^{n \times B}$,
$Y = M X + b \mathbf{1}^T$ and $L = \lVert G - Y \rVert_F^2$:

$$\nabla_M L = -2 (G - Y) X^T, \qquad \nabla_b L = -2 (G - Y) \mathbf{1}.$$

Two layers, $z = M_1 x + b_1$, $h = \operatorname{relu}(z)$, $y = M_2 h + b_2$,
with $\delta_y = -2 (g - y)$ and $\delta_z = \operatorname{relu}'(z) \odot M_2^T \delta_y$:

$$\nabla_{M_2} L = \delta_y h^T, \quad \nabla_{b_2} L = \delta_y, \quad
\nabla_{M_1} L = \delta_z x^T, \quad \nabla_{b_1} L = \delta_z.$$
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

import numpy as np
import numpy.typing as npt

from mathproofs import _validate
from mathproofs._validate import RealArray, format_shape
from mathproofs.checking import FD_STEP

__all__ = [
    "KINK_MARGIN",
    "AffineGradients",
    "TwoLayerForward",
    "TwoLayerGradients",
    "affine_gradients",
    "affine_loss",
    "affine_predict",
    "batch_gradients",
    "batch_loss",
    "batch_predict",
    "relu",
    "relu_prime",
    "two_layer_forward",
    "two_layer_gradients",
    "two_layer_loss",
]

# A central difference of step h moves a pre-activation z_i by at most h * max(1, max_j |x_j|)
# (h for b1, h x_j for M1), and relu is linear on that interval when |z_i| is larger.
# 100 * FD_STEP = 1e-3 clears it tenfold for O(1) data (|x_j| < 10); a check that finite
# differences agree with the gradient asserts min |z_i| > KINK_MARGIN first.
KINK_MARGIN = 100 * FD_STEP

Reduction = Literal["sum", "mean"]


class AffineGradients(NamedTuple):
    """Gradients of the loss of an affine layer, each with the shape of its parameter."""

    M: RealArray
    b: RealArray


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


# ## Validation #############################################################


def _affine_args(
    M: npt.ArrayLike, b: npt.ArrayLike, x: npt.ArrayLike
) -> tuple[RealArray, RealArray, RealArray]:
    mm = _validate.matrix(M, "M", ("m", "n"))
    why = f"to match M of shape {format_shape(mm.shape)}"
    bb = _validate.vector(b, "b", "m", mm.shape[0], why)
    xx = _validate.vector(x, "x", "n", mm.shape[1], why)
    return mm, bb, xx


def _affine_residual(
    M: npt.ArrayLike, b: npt.ArrayLike, x: npt.ArrayLike, g: npt.ArrayLike
) -> tuple[RealArray, RealArray]:
    """Validate (M, b, x, g) and return (x, g - (Mx + b))."""
    mm, bb, xx = _affine_args(M, b, x)
    why = f"to match M of shape {format_shape(mm.shape)}"
    gg = _validate.vector(g, "g", "m", mm.shape[0], why)
    return xx, gg - (mm @ xx + bb)


def _batch_args(
    M: npt.ArrayLike, b: npt.ArrayLike, X: npt.ArrayLike
) -> tuple[RealArray, RealArray, RealArray]:
    mm = _validate.matrix(M, "M", ("m", "n"))
    why = f"to match M of shape {format_shape(mm.shape)}"
    bb = _validate.vector(b, "b", "m", mm.shape[0], why)
    XX = _validate.matrix(X, "X", ("n", "B"), (mm.shape[1], None), why)
    return mm, bb, XX


def _batch_residual(
    M: npt.ArrayLike, b: npt.ArrayLike, X: npt.ArrayLike, G: npt.ArrayLike
) -> tuple[RealArray, RealArray]:
    """Validate (M, b, X, G) and return (X, G - (MX + b 1^T))."""
    mm, bb, XX = _batch_args(M, b, X)
    why = f"to match M of shape {format_shape(mm.shape)} and X of shape {format_shape(XX.shape)}"
    GG = _validate.matrix(G, "G", ("m", "B"), (mm.shape[0], XX.shape[1]), why)
    return XX, GG - (mm @ XX + bb[:, np.newaxis])


def _reduction_divisor(reduction: object, batch: int) -> int | None:
    """Return None for "sum" and B for "mean"; reject anything else."""
    if not isinstance(reduction, str):
        raise TypeError(
            f"reduction must be 'sum' or 'mean'; got {type(reduction).__name__} {reduction!r}"
        )
    if reduction == "sum":
        return None
    if reduction == "mean":
        return batch
    raise ValueError(f"reduction must be 'sum' or 'mean'; got {reduction!r}")


def _two_layer_args(
    M1: npt.ArrayLike,
    b1: npt.ArrayLike,
    M2: npt.ArrayLike,
    b2: npt.ArrayLike,
    x: npt.ArrayLike,
) -> tuple[RealArray, RealArray, RealArray, RealArray, RealArray]:
    m1 = _validate.matrix(M1, "M1", ("k", "n"))
    why1 = f"to match M1 of shape {format_shape(m1.shape)}"
    c1 = _validate.vector(b1, "b1", "k", m1.shape[0], why1)
    m2 = _validate.matrix(M2, "M2", ("m", "k"), (None, m1.shape[0]), why1)
    why2 = f"to match M2 of shape {format_shape(m2.shape)}"
    c2 = _validate.vector(b2, "b2", "m", m2.shape[0], why2)
    xx = _validate.vector(x, "x", "n", m1.shape[1], why1)
    return m1, c1, m2, c2, xx


# ## Affine layer: y = Mx + b ###############################################


def affine_predict(M: npt.ArrayLike, b: npt.ArrayLike, x: npt.ArrayLike) -> RealArray:
    r"""Compute the prediction of an affine layer, $y = M x + b$.

    Parameters
    ----------
    M : array_like, shape (m, n)
        Real weight matrix.
    b : array_like, shape (m,)
        Real bias.
    x : array_like, shape (n,)
        Real input vector.

    Returns
    -------
    numpy.ndarray, shape (m,)

    Raises
    ------
    TypeError
        If an argument is not a real numeric array.
    ValueError
        If a shape is wrong, a dimension is empty, or a value is nan/inf.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M, b = np.array([[1, 2, 3], [4, 5, 6]]), np.array([10, 20])
    assert np.array_equal(mp.affine_predict(M, b, [1, 0, -1]), [8, 18])
    ```
    """
    mm, bb, xx = _affine_args(M, b, x)
    return mm @ xx + bb


def affine_loss(M: npt.ArrayLike, b: npt.ArrayLike, x: npt.ArrayLike, g: npt.ArrayLike) -> Any:
    r"""Compute $L = (g - y)^T (g - y)$ for the affine layer $y = M x + b$.

    Parameters
    ----------
    M : array_like, shape (m, n)
        Real weight matrix.
    b : array_like, shape (m,)
        Real bias.
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
        If an argument is not a real numeric array.
    ValueError
        If a shape is wrong, a dimension is empty, or a value is nan/inf.

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
    _, r = _affine_residual(M, b, x, g)
    return r @ r


def affine_gradients(
    M: npt.ArrayLike, b: npt.ArrayLike, x: npt.ArrayLike, g: npt.ArrayLike
) -> AffineGradients:
    r"""Compute $\nabla_M L = -2 (g - y) x^T$ and $\nabla_b L = -2 (g - y)$.

    From $dy = (dM) x + db$ and $dL = -2 (g - y)^T dy$. Denominator layout:
    each gradient has the shape of its parameter.

    Parameters
    ----------
    M : array_like, shape (m, n)
        Real weight matrix.
    b : array_like, shape (m,)
        Real bias.
    x : array_like, shape (n,)
        Real input vector.
    g : array_like, shape (m,)
        Real ground truth.

    Returns
    -------
    AffineGradients
        ``M`` of shape (m, n) and ``b`` of shape (m,).

    Raises
    ------
    TypeError
        If an argument is not a real numeric array.
    ValueError
        If a shape is wrong, a dimension is empty, or a value is nan/inf.

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
    xx, r = _affine_residual(M, b, x, g)
    return AffineGradients(M=-2 * np.outer(r, xx), b=-2 * r)


# ## A batch of examples: Y = MX + b 1^T ####################################


def batch_predict(M: npt.ArrayLike, b: npt.ArrayLike, X: npt.ArrayLike) -> RealArray:
    r"""Compute $Y = M X + b \mathbf{1}^T$ for a batch stored column by column.

    Column $k$ of $X$ is example $x_k$ and column $k$ of $Y$ is
    $y_k = M x_k + b$; the outer product $b \mathbf{1}^T$ copies $b$ into every
    column (NumPy broadcasting ``b[:, None]``).

    Parameters
    ----------
    M : array_like, shape (m, n)
        Real weight matrix.
    b : array_like, shape (m,)
        Real bias.
    X : array_like, shape (n, B)
        Real inputs, one example per column.

    Returns
    -------
    numpy.ndarray, shape (m, B)

    Raises
    ------
    TypeError
        If an argument is not a real numeric array.
    ValueError
        If a shape is wrong, a dimension is empty, or a value is nan/inf.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M, b = np.array([[1, 2], [3, 4]]), np.array([1, -1])
    X = np.array([[1, 0, 2], [0, 1, 1]])  # three examples
    Y = mp.batch_predict(M, b, X)
    assert np.array_equal(Y, [[2, 3, 5], [2, 3, 9]])
    for k in range(3):
        assert np.array_equal(Y[:, k], mp.affine_predict(M, b, X[:, k]))
    ```
    """
    mm, bb, XX = _batch_args(M, b, X)
    return mm @ XX + bb[:, np.newaxis]


def batch_loss(
    M: npt.ArrayLike,
    b: npt.ArrayLike,
    X: npt.ArrayLike,
    G: npt.ArrayLike,
    reduction: Reduction = "sum",
) -> Any:
    r"""Compute the batch loss $L = \lVert G - Y \rVert_F^2 = \sum_k (g_k - y_k)^T (g_k - y_k)$.

    With ``reduction="mean"`` the loss is divided by the batch size $B$:
    $\bar L = L / B$, the mean over examples of the single-example loss.

    Parameters
    ----------
    M : array_like, shape (m, n)
        Real weight matrix.
    b : array_like, shape (m,)
        Real bias.
    X : array_like, shape (n, B)
        Real inputs, one example per column.
    G : array_like, shape (m, B)
        Real ground truths, one per column.
    reduction : {"sum", "mean"}, optional
        Sum over the batch (default) or divide the sum by $B$.

    Returns
    -------
    numpy scalar
        $L \geq 0$; an integer scalar for integer inputs and ``"sum"``.

    Raises
    ------
    TypeError
        If an array argument is not a real numeric array, or `reduction` is not a str.
    ValueError
        If a shape is wrong, a dimension is empty, a value is nan/inf, or
        `reduction` is neither ``"sum"`` nor ``"mean"``.

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
    XX, R = _batch_residual(M, b, X, G)
    divisor = _reduction_divisor(reduction, XX.shape[1])
    total = np.sum(R * R)
    return total if divisor is None else total / divisor


def batch_gradients(
    M: npt.ArrayLike,
    b: npt.ArrayLike,
    X: npt.ArrayLike,
    G: npt.ArrayLike,
    reduction: Reduction = "sum",
) -> AffineGradients:
    r"""Compute $\nabla_M L = -2 (G - Y) X^T$ and $\nabla_b L = -2 (G - Y) \mathbf{1}$.

    From $dY = (dM) X + db\, \mathbf{1}^T$ and
    $dL = -2 \operatorname{tr}\big((G - Y)^T dY\big)$. Both are sums over the
    batch of the single-example gradients. With ``reduction="mean"`` both are
    divided by $B$. Denominator layout: each has the shape of its parameter.

    Parameters
    ----------
    M : array_like, shape (m, n)
        Real weight matrix.
    b : array_like, shape (m,)
        Real bias.
    X : array_like, shape (n, B)
        Real inputs, one example per column.
    G : array_like, shape (m, B)
        Real ground truths, one per column.
    reduction : {"sum", "mean"}, optional
        Gradients of the summed loss (default) or of the mean loss $L / B$.

    Returns
    -------
    AffineGradients
        ``M`` of shape (m, n) and ``b`` of shape (m,).

    Raises
    ------
    TypeError
        If an array argument is not a real numeric array, or `reduction` is not a str.
    ValueError
        If a shape is wrong, a dimension is empty, a value is nan/inf, or
        `reduction` is neither ``"sum"`` nor ``"mean"``.

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
    mean = mp.batch_gradients(M, b, X, G, reduction="mean")
    np.testing.assert_allclose(mean.M, grads.M / 3, rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL)
    ```
    """
    XX, R = _batch_residual(M, b, X, G)
    divisor = _reduction_divisor(reduction, XX.shape[1])
    grad_M, grad_b = -2 * R @ XX.T, -2 * R.sum(axis=1)
    if divisor is None:
        return AffineGradients(M=grad_M, b=grad_b)
    return AffineGradients(M=grad_M / divisor, b=grad_b / divisor)


# ## ReLU ###################################################################


def _positive(z: RealArray, name: str) -> npt.NDArray[np.bool_]:
    """Return ``z > 0`` entry by entry; a SymPy entry's sign must be decidable."""
    if z.dtype.kind != "O":
        return np.asarray(z > 0)
    signs = []
    for entry in z.flat:
        try:
            signs.append(bool(entry > 0))
        except TypeError as exc:  # SymPy cannot decide the sign of e.g. a plain symbol
            raise TypeError(
                f"{name} has an entry whose sign is unknown, so relu cannot be applied: "
                f"{_validate.short_repr(entry)}"
            ) from exc
    return np.array(signs, dtype=bool).reshape(z.shape)


def _relu(z: RealArray, name: str) -> RealArray:
    return np.where(_positive(z, name), z, np.zeros_like(z))


def relu(z: npt.ArrayLike) -> RealArray:
    r"""Apply $\operatorname{relu}(z) = \max(z, 0)$ entry by entry.

    Parameters
    ----------
    z : array_like, shape (k,)
        Real pre-activations.

    Returns
    -------
    numpy.ndarray, shape (k,)
        Same dtype as `z`.

    Raises
    ------
    TypeError
        If `z` is not a real numeric array.
    ValueError
        If `z` is not 1-D, is empty, or contains nan/inf.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    assert np.array_equal(mp.relu([-2, 0, 3]), [0, 0, 3])
    ```
    """
    zz = _validate.vector(z, "z", "k")
    return _relu(zz, "z")


def relu_prime(z: npt.ArrayLike) -> RealArray:
    r"""Return relu's derivative entry by entry, with $\operatorname{relu}'(0) = 0$.

    $$\operatorname{relu}'(z_i) = \begin{cases} 1 & z_i > 0 \\ 0 & z_i \leq 0 \end{cases}$$

    relu is not differentiable at 0: its left derivative is 0, its right
    derivative is 1, and any value in $[0, 1]$ is a subgradient. Taking 0 is the
    convention of PyTorch and JAX. Then
    $d \operatorname{relu}(z) = \operatorname{relu}'(z) \odot dz =
    \operatorname{diag}(\operatorname{relu}'(z))\, dz$ wherever no $z_i$ is 0.

    Parameters
    ----------
    z : array_like, shape (k,)
        Real pre-activations.

    Returns
    -------
    numpy.ndarray, shape (k,)
        Zeros and ones, same dtype as `z`.

    Raises
    ------
    TypeError
        If `z` is not a real numeric array.
    ValueError
        If `z` is not 1-D, is empty, or contains nan/inf.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    assert np.array_equal(mp.relu_prime([-2, 0, 3]), [0, 0, 1])  # relu'(0) = 0
    ```
    """
    zz = _validate.vector(z, "z", "k")
    return np.where(_positive(zz, "z"), 1, 0).astype(zz.dtype)


# ## Two layers: y = M2 relu(M1 x + b1) + b2 ################################


def two_layer_forward(
    M1: npt.ArrayLike,
    b1: npt.ArrayLike,
    M2: npt.ArrayLike,
    b2: npt.ArrayLike,
    x: npt.ArrayLike,
) -> TwoLayerForward:
    r"""Run the forward pass $z = M_1 x + b_1$, $h = \operatorname{relu}(z)$, $y = M_2 h + b_2$.

    Parameters
    ----------
    M1 : array_like, shape (k, n)
        First-layer weights; k is the hidden width.
    b1 : array_like, shape (k,)
        First-layer bias.
    M2 : array_like, shape (m, k)
        Second-layer weights.
    b2 : array_like, shape (m,)
        Second-layer bias.
    x : array_like, shape (n,)
        Real input vector.

    Returns
    -------
    TwoLayerForward
        ``z`` and ``h`` of shape (k,), ``y`` of shape (m,).

    Raises
    ------
    TypeError
        If an argument is not a real numeric array.
    ValueError
        If a shape is wrong, a dimension is empty, or a value is nan/inf.

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
    m1, c1, m2, c2, xx = _two_layer_args(M1, b1, M2, b2, x)
    z = m1 @ xx + c1
    h = _relu(z, "z = M1 x + b1")
    return TwoLayerForward(z=z, h=h, y=m2 @ h + c2)


def _two_layer_residual(
    M1: npt.ArrayLike,
    b1: npt.ArrayLike,
    M2: npt.ArrayLike,
    b2: npt.ArrayLike,
    x: npt.ArrayLike,
    g: npt.ArrayLike,
) -> tuple[RealArray, RealArray, TwoLayerForward, RealArray]:
    """Validate and return (M2, x, forward pass, g - y)."""
    m1, c1, m2, c2, xx = _two_layer_args(M1, b1, M2, b2, x)
    why = f"to match M2 of shape {format_shape(m2.shape)}"
    gg = _validate.vector(g, "g", "m", m2.shape[0], why)
    forward = two_layer_forward(m1, c1, m2, c2, xx)
    return m2, xx, forward, gg - forward.y


def two_layer_loss(
    M1: npt.ArrayLike,
    b1: npt.ArrayLike,
    M2: npt.ArrayLike,
    b2: npt.ArrayLike,
    x: npt.ArrayLike,
    g: npt.ArrayLike,
) -> Any:
    r"""Compute $L = (g - y)^T (g - y)$ with $y = M_2 \operatorname{relu}(M_1 x + b_1) + b_2$.

    Parameters
    ----------
    M1 : array_like, shape (k, n)
        First-layer weights.
    b1 : array_like, shape (k,)
        First-layer bias.
    M2 : array_like, shape (m, k)
        Second-layer weights.
    b2 : array_like, shape (m,)
        Second-layer bias.
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
        If an argument is not a real numeric array.
    ValueError
        If a shape is wrong, a dimension is empty, or a value is nan/inf.

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
    *_, r = _two_layer_residual(M1, b1, M2, b2, x, g)
    return r @ r


def two_layer_gradients(
    M1: npt.ArrayLike,
    b1: npt.ArrayLike,
    M2: npt.ArrayLike,
    b2: npt.ArrayLike,
    x: npt.ArrayLike,
    g: npt.ArrayLike,
) -> TwoLayerGradients:
    r"""Compute the gradients of the two-layer loss by backpropagation.

    With $\delta_y = -2 (g - y)$ and
    $\delta_z = \operatorname{diag}(\operatorname{relu}'(z))\, M_2^T \delta_y
    = \operatorname{relu}'(z) \odot M_2^T \delta_y$:

    $$\nabla_{M_2} L = \delta_y h^T, \quad \nabla_{b_2} L = \delta_y, \quad
    \nabla_{M_1} L = \delta_z x^T, \quad \nabla_{b_1} L = \delta_z.$$

    Denominator layout: each gradient has the shape of its parameter. Uses
    $\operatorname{relu}'(0) = 0$ (see `relu_prime`). Where some $z_i = 0$ the
    loss may fail to be differentiable (it can also be differentiable there);
    the result is then the limit of the gradients from the side where those
    units are off ($z_i < 0$), an element of the Clarke generalized gradient
    ($L$ is not convex, so it is not a subgradient in the convex sense).

    Parameters
    ----------
    M1 : array_like, shape (k, n)
        First-layer weights.
    b1 : array_like, shape (k,)
        First-layer bias.
    M2 : array_like, shape (m, k)
        Second-layer weights.
    b2 : array_like, shape (m,)
        Second-layer bias.
    x : array_like, shape (n,)
        Real input vector.
    g : array_like, shape (m,)
        Real ground truth.

    Returns
    -------
    TwoLayerGradients
        ``M1`` (k, n), ``b1`` (k,), ``M2`` (m, k), ``b2`` (m,).

    Raises
    ------
    TypeError
        If an argument is not a real numeric array.
    ValueError
        If a shape is wrong, a dimension is empty, or a value is nan/inf.

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
    m2, xx, (z, h, _), r = _two_layer_residual(M1, b1, M2, b2, x, g)
    delta_y = -2 * r
    back = m2.T @ delta_y
    delta_z = np.where(_positive(z, "z = M1 x + b1"), back, np.zeros_like(back))
    return TwoLayerGradients(
        M1=np.outer(delta_z, xx), b1=delta_z, M2=np.outer(delta_y, h), b2=delta_y
    )
