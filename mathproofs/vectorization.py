r"""Vectorization, devectorization and the two Kronecker identities of the post.

Convention: $\operatorname{vec}$ stacks the *columns* of a matrix (column-major),
even though NumPy stores arrays row-major. In NumPy that is
``A.reshape(-1, order="F")``; ``A.ravel()`` (order ``"C"``) stacks rows and is wrong.

Proof 1: $\operatorname{vec}(C A^T) = (A \otimes I_m)\operatorname{vec}(C)$
for $C \in \mathbb{R}^{m \times n}$, $A \in \mathbb{R}^{p \times n}$.

Proof 2: $\operatorname{devec}(v^T (x^T \otimes I_m)) = x v^T$
for $v \in \mathbb{R}^m$, $x \in \mathbb{R}^n$, with $x^T \otimes I_m \in \mathbb{R}^{m \times mn}$.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from mathproofs import _validate
from mathproofs._validate import RealArray, format_shape

__all__ = [
    "devec",
    "kron_identity",
    "proof1_lhs",
    "proof1_rhs",
    "proof2_lhs",
    "proof2_rhs",
    "unvec",
    "vec",
]


# ## vec and its inverses ###################################################


def vec(A: npt.ArrayLike) -> RealArray:
    r"""Stack the columns of a matrix into one vector.

    $\operatorname{vec}(A) = (a_{11}, \dots, a_{m1}, a_{12}, \dots, a_{mn})^T$,
    i.e. entry $A_{ij}$ (0-based) goes to position $i + j m$. Column-major:
    ``A.reshape(-1, order="F")``.

    Parameters
    ----------
    A : array_like, shape (m, n) or (m,)
        Real matrix. A 1-D vector is treated as the column it stands for, and
        is its own vec.

    Returns
    -------
    numpy.ndarray, shape (m*n,)
        The stacked columns, same dtype as `A`.

    Raises
    ------
    TypeError
        If `A` is not a real numeric array.
    ValueError
        If `A` is not 1-D or 2-D, has an empty dimension, or contains nan/inf.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    A = np.array([[1, 2], [3, 4]])
    assert np.array_equal(mp.vec(A), [1, 3, 2, 4])  # columns, not rows
    assert not np.array_equal(mp.vec(A), A.ravel())  # NumPy's default is row-major
    y = np.array([5, 6])
    assert np.array_equal(mp.vec(y), y)  # a vector is its own vec
    ```
    """
    arr = _validate.as_real(A, "A")
    if arr.ndim == 1:
        # A vector is its own vec: vec(y) = y for y in R^m (an m x 1 column).
        return _validate.vector(arr, "A", "m").copy()
    arr = _validate.matrix(arr, "A", ("m", "n"))
    return arr.reshape(-1, order="F")


def unvec(v: npt.ArrayLike, shape: Sequence[int]) -> RealArray:
    r"""Undo `vec`: fill an m by n matrix column by column from a vector.

    $\operatorname{unvec}(\operatorname{vec}(A), (m, n)) = A$. Position $k$ of
    `v` goes to row $k \bmod m$, column $\lfloor k / m \rfloor$.

    Parameters
    ----------
    v : array_like, shape (m*n,)
        Real vector.
    shape : sequence of int
        ``(m, n)``, two positive ints with ``m * n == v.size``.

    Returns
    -------
    numpy.ndarray, shape (m, n)
        Same dtype as `v`.

    Raises
    ------
    TypeError
        If `v` is not a real numeric array, or `shape` is not a pair of ints.
    ValueError
        If `v` is not 1-D, is empty, contains nan/inf, or `shape` does not
        hold exactly ``v.size`` elements.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    A = mp.unvec([1, 3, 2, 4], (2, 2))
    assert np.array_equal(A, [[1, 2], [3, 4]])
    assert np.array_equal(mp.vec(A), [1, 3, 2, 4])
    ```
    """
    arr = _validate.vector(v, "v", "m*n")
    m, n = _validate.shape_pair(shape, "shape", arr.size, "v")
    return arr.reshape((m, n), order="F")


def devec(row: npt.ArrayLike, shape: Sequence[int]) -> RealArray:
    r"""Devectorize a derivative row into the n by m numerator-layout matrix.

    This is the post's $\operatorname{devec}$: for a row
    $r = \partial L / \partial \operatorname{vec}(M) \in \mathbb{R}^{1 \times mn}$
    with $M \in \mathbb{R}^{m \times n}$, take the column-major unvec of $r^T$
    (an m by n matrix) and transpose it:
    $\operatorname{devec}(r) = \operatorname{unvec}(r^T, (m, n))^T \in \mathbb{R}^{n \times m}$.
    Entry $(j, i)$ of the result is $r_{i + j m}$, the derivative with respect
    to $M_{ij}$. The result is in *numerator* layout (n by m, the transpose of
    the shape of M).

    Parameters
    ----------
    row : array_like, shape (1, m*n) or (m*n,)
        Real row vector. A column of shape (m*n, 1) is rejected.
    shape : sequence of int
        ``(m, n)``, the shape of the matrix that was vectorized.

    Returns
    -------
    numpy.ndarray, shape (n, m)
        Numerator-layout matrix, same dtype as `row`.

    Raises
    ------
    TypeError
        If `row` is not a real numeric array, or `shape` is not a pair of ints.
    ValueError
        If `row` is neither (1, m*n) nor (m*n,), is empty, contains nan/inf,
        or `shape` does not hold exactly ``row.size`` elements.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    # m = 2, n = 3: the row lists d/dM_00, d/dM_10, d/dM_01, d/dM_11, ...
    row = np.array([[1, 2, 3, 4, 5, 6]])
    D = mp.devec(row, (2, 3))
    assert D.shape == (3, 2)  # numerator layout: n x m
    assert np.array_equal(D, [[1, 2], [3, 4], [5, 6]])
    assert np.array_equal(D.T, mp.unvec(row.ravel(), (2, 3)))
    ```
    """
    flat = _validate.row(row, "row")
    m, n = _validate.shape_pair(shape, "shape", flat.size, "row")
    return flat.reshape((m, n), order="F").T


# ## Kronecker products #####################################################


def kron_identity(A: npt.ArrayLike, m: int | np.integer[Any]) -> RealArray:
    r"""Return the Kronecker product $A \otimes I_m$.

    Block $(i, j)$ of the result is $a_{ij} I_m$:

    $$A \otimes I_m = \begin{pmatrix} a_{11} I_m & \cdots & a_{1n} I_m \\
    \vdots & \ddots & \vdots \\ a_{p1} I_m & \cdots & a_{pn} I_m \end{pmatrix}$$

    For $A = x^T$ (shape 1 by n) this is $x^T \otimes I_m \in \mathbb{R}^{m \times mn}$,
    the Jacobian $\partial y / \partial \operatorname{vec}(M)$.

    Parameters
    ----------
    A : array_like, shape (p, n)
        Real matrix. Pass a row ``x[None, :]`` for $x^T$.
    m : int
        Size of the identity, ``m >= 1``.

    Returns
    -------
    numpy.ndarray, shape (p*m, n*m)
        Same dtype as `A` (integers stay integers).

    Raises
    ------
    TypeError
        If `A` is not a real numeric array, or `m` is not an int.
    ValueError
        If `A` is not 2-D, is empty, contains nan/inf, or ``m <= 0``.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    K = mp.kron_identity([[2, 3]], 2)  # x^T kron I_2 for x = (2, 3)
    assert np.array_equal(K, [[2, 0, 3, 0],
                              [0, 2, 0, 3]])
    ```
    """
    arr = _validate.matrix(A, "A", ("p", "n"))
    size = _validate.positive_int(m, "m")
    return np.kron(arr, np.eye(size, dtype=arr.dtype))


# ## Proof 1: vec(C A^T) = (A kron I_m) vec(C) ##############################


def _proof1_args(C: npt.ArrayLike, A: npt.ArrayLike) -> tuple[RealArray, RealArray]:
    c = _validate.matrix(C, "C", ("m", "n"))
    a = _validate.matrix(
        A, "A", ("p", "n"), (None, c.shape[1]), f"to match C of shape {format_shape(c.shape)}"
    )
    return c, a


def proof1_lhs(C: npt.ArrayLike, A: npt.ArrayLike) -> RealArray:
    r"""Compute the left side of Proof 1, $\operatorname{vec}(C A^T)$.

    Column $k$ of $C A^T$ is $\sum_j a_{kj} c_j$, a combination of the columns
    $c_j$ of $C$; `vec` stacks these p columns.

    Parameters
    ----------
    C : array_like, shape (m, n)
        Real matrix.
    A : array_like, shape (p, n)
        Real matrix with as many columns as `C`.

    Returns
    -------
    numpy.ndarray, shape (m*p,)

    Raises
    ------
    TypeError
        If `C` or `A` is not a real numeric array.
    ValueError
        If either is not 2-D, is empty, contains nan/inf, or the column counts differ.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    C = np.array([[1, 2], [3, 4]])
    A = np.array([[1, 0], [1, 1], [0, 2]])
    assert np.array_equal(mp.proof1_lhs(C, A), [1, 3, 3, 7, 4, 8])
    assert np.array_equal(mp.proof1_lhs(C, A), mp.proof1_rhs(C, A))  # Proof 1
    ```
    """
    c, a = _proof1_args(C, A)
    return vec(c @ a.T)


def proof1_rhs(C: npt.ArrayLike, A: npt.ArrayLike) -> RealArray:
    r"""Compute the right side of Proof 1, $(A \otimes I_m)\operatorname{vec}(C)$.

    $I_m$ has as many rows as $C$. Block row $k$ of $A \otimes I_m$ times
    $\operatorname{vec}(C)$ is $\sum_j a_{kj} c_j$, column $k$ of $C A^T$.

    Parameters
    ----------
    C : array_like, shape (m, n)
        Real matrix.
    A : array_like, shape (p, n)
        Real matrix with as many columns as `C`.

    Returns
    -------
    numpy.ndarray, shape (m*p,)

    Raises
    ------
    TypeError
        If `C` or `A` is not a real numeric array.
    ValueError
        If either is not 2-D, is empty, contains nan/inf, or the column counts differ.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    C = np.array([[1, 2], [3, 4]])
    A = np.array([[1, 0], [1, 1], [0, 2]])
    assert np.array_equal(mp.proof1_rhs(C, A), mp.vec(C @ A.T))
    ```
    """
    c, a = _proof1_args(C, A)
    return kron_identity(a, c.shape[0]) @ vec(c)


# ## Proof 2: devec(v^T (x^T kron I_m)) = x v^T #############################


def _proof2_args(v: npt.ArrayLike, x: npt.ArrayLike) -> tuple[RealArray, RealArray]:
    return _validate.vector(v, "v", "m"), _validate.vector(x, "x", "n")


def proof2_lhs(v: npt.ArrayLike, x: npt.ArrayLike) -> RealArray:
    r"""Compute the left side of Proof 2, $\operatorname{devec}(v^T (x^T \otimes I_m))$.

    Computed literally: build $x^T \otimes I_m \in \mathbb{R}^{m \times mn}$,
    multiply by the row $v^T$ to get
    $(x_1 v^T, \dots, x_n v^T) \in \mathbb{R}^{1 \times mn}$, then `devec` it
    with shape (m, n). The result is n by m (numerator layout).

    Parameters
    ----------
    v : array_like, shape (m,)
        Real vector.
    x : array_like, shape (n,)
        Real vector.

    Returns
    -------
    numpy.ndarray, shape (n, m)

    Raises
    ------
    TypeError
        If `v` or `x` is not a real numeric array.
    ValueError
        If either is not 1-D, is empty, or contains nan/inf.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    v = np.array([1, 2])     # m = 2
    x = np.array([3, 4, 5])  # n = 3
    assert np.array_equal(mp.proof2_lhs(v, x), [[3, 6], [4, 8], [5, 10]])
    assert np.array_equal(mp.proof2_lhs(v, x), mp.proof2_rhs(v, x))  # Proof 2
    ```
    """
    vv, xx = _proof2_args(v, x)
    row = vv[np.newaxis, :] @ kron_identity(xx[np.newaxis, :], vv.size)
    return devec(row, (vv.size, xx.size))


def proof2_rhs(v: npt.ArrayLike, x: npt.ArrayLike) -> RealArray:
    r"""Compute the right side of Proof 2, the outer product $x v^T$.

    Entry $(j, i)$ is $x_j v_i$.

    Parameters
    ----------
    v : array_like, shape (m,)
        Real vector.
    x : array_like, shape (n,)
        Real vector.

    Returns
    -------
    numpy.ndarray, shape (n, m)

    Raises
    ------
    TypeError
        If `v` or `x` is not a real numeric array.
    ValueError
        If either is not 1-D, is empty, or contains nan/inf.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    assert np.array_equal(mp.proof2_rhs([1, 2], [3, 4, 5]), [[3, 6], [4, 8], [5, 10]])
    ```
    """
    vv, xx = _proof2_args(v, x)
    return np.outer(xx, vv)
