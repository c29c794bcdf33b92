r"""Column-major $\operatorname{vec}$, its inverses, and the post's two Kronecker identities.

$\operatorname{vec}$ stacks the *columns*, though NumPy stores rows: ``A.reshape(-1, order="F")``,
not ``A.ravel()``. Proof 1: $\operatorname{vec}(C A^\top) = (A \otimes I_m) \operatorname{vec}(C)$.
Proof 2: $\operatorname{devec}(v^\top (x^\top \otimes I_m)) = x v^\top$.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from mathproofs._shapes import RealArray, arrays, holds, positive_int, shapes

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


@shapes(A=("m n", "m"))
def vec(A: npt.ArrayLike) -> RealArray:
    r"""Stack the columns: $\operatorname{vec}(A)_{i + j m} = A_{ij}$ (0-based).

    Shapes: `A` (m, n) or (m,) → (m*n,). A vector is its own vec; the result is a copy.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    A = np.array([[1, 2], [3, 4]])
    assert np.array_equal(mp.vec(A), [1, 3, 2, 4])  # columns, not rows
    assert not np.array_equal(mp.vec(A), A.ravel())  # NumPy's default is row-major
    ```
    """
    (A,) = arrays(A)
    return A.flatten(order="F")


@shapes(v="m*n", shape=holds("v"))
def unvec(v: npt.ArrayLike, shape: Sequence[int]) -> RealArray:
    r"""Undo `vec`, filling columns: $\operatorname{unvec}(\operatorname{vec} A, (m, n)) = A$.

    Shapes: `v` (m*n,), `shape` = (m, n) → (m, n). Entry $k$ goes to row $k \bmod m$, column
    $\lfloor k / m \rfloor$.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    A = mp.unvec([1, 3, 2, 4], (2, 2))
    assert np.array_equal(A, [[1, 2], [3, 4]])
    ```
    """
    (v,) = arrays(v)
    return v.reshape(shape, order="F")


@shapes(row=("1 m*n", "m*n"), shape=holds("row"))
def devec(row: npt.ArrayLike, shape: Sequence[int]) -> RealArray:
    r"""Devectorize a row: $\operatorname{devec}(r) = \operatorname{unvec}(r^\top, (m, n))^\top$.

    Shapes: `row` (1, m*n) or (m*n,), `shape` = (m, n) → (n, m), numerator layout (the
    transpose of M's shape): entry $(j, i)$ is $r_{i + j m}$, the derivative by $M_{ij}$.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    row = np.array([[1, 2, 3, 4, 5, 6]])  # d/dM_00, d/dM_10, d/dM_01, ... for m = 2, n = 3
    D = mp.devec(row, (2, 3))
    assert np.array_equal(D, [[1, 2], [3, 4], [5, 6]])  # n x m
    assert np.array_equal(D.T, mp.unvec(row.ravel(), (2, 3)))
    ```
    """
    (row,) = arrays(row)
    return row.reshape(shape, order="F").T


@shapes(A="p n", m=positive_int)
def kron_identity(A: npt.ArrayLike, m: int | np.integer[Any]) -> RealArray:
    r"""Return $A \otimes I_m$, whose block $(i, j)$ is $a_{ij} I_m$.

    Shapes: `A` (p, n), `m` ≥ 1 → (p*m, n*m), A's dtype. For $A = x^\top$ it is the Jacobian
    $\partial y / \partial \operatorname{vec}(M) = x^\top \otimes I_m$.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    K = mp.kron_identity([[2, 3]], 2)  # x^T kron I_2 for x = (2, 3)
    assert np.array_equal(K, [[2, 0, 3, 0], [0, 2, 0, 3]])
    ```
    """
    (A,) = arrays(A)
    return np.kron(A, np.eye(int(m), dtype=A.dtype))


@shapes(C="m n", A="p n")
def proof1_lhs(C: npt.ArrayLike, A: npt.ArrayLike) -> RealArray:
    r"""Left side of Proof 1, $\operatorname{vec}(C A^\top)$.

    Shapes: `C` (m, n), `A` (p, n) → (m*p,). Column $k$ of $C A^\top$ is $\sum_j a_{kj} c_j$.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    C, A = np.array([[1, 2], [3, 4]]), np.array([[1, 0], [1, 1], [0, 2]])
    assert np.array_equal(mp.proof1_lhs(C, A), [1, 3, 3, 7, 4, 8])
    assert np.array_equal(mp.proof1_lhs(C, A), mp.proof1_rhs(C, A))  # Proof 1
    ```
    """
    C, A = arrays(C, A)
    return vec.kernel(C @ A.T)


@shapes(C="m n", A="p n")
def proof1_rhs(C: npt.ArrayLike, A: npt.ArrayLike) -> RealArray:
    r"""Right side of Proof 1, $(A \otimes I_m) \operatorname{vec}(C)$, with $I_m$ as tall as $C$.

    Shapes: `C` (m, n), `A` (p, n) → (m*p,).

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    C, A = np.array([[1, 2], [3, 4]]), np.array([[1, 0], [1, 1], [0, 2]])
    assert np.array_equal(mp.proof1_rhs(C, A), mp.vec(C @ A.T))
    ```
    """
    C, A = arrays(C, A)
    rhs: RealArray = kron_identity.kernel(A, C.shape[0]) @ vec.kernel(C)
    return rhs


@shapes(v="m", x="n")
def proof2_lhs(v: npt.ArrayLike, x: npt.ArrayLike) -> RealArray:
    r"""Left side of Proof 2, $\operatorname{devec}(v^\top (x^\top \otimes I_m))$, done literally.

    Shapes: `v` (m,), `x` (n,) → (n, m), numerator layout. The row
    $v^\top (x^\top \otimes I_m) = (x_1 v^\top, \dots, x_n v^\top)$ is devectorized as (m, n).

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    v, x = np.array([1, 2]), np.array([3, 4, 5])
    assert np.array_equal(mp.proof2_lhs(v, x), [[3, 6], [4, 8], [5, 10]])
    assert np.array_equal(mp.proof2_lhs(v, x), mp.proof2_rhs(v, x))  # Proof 2
    ```
    """
    v, x = arrays(v, x)
    row = v[np.newaxis, :] @ kron_identity.kernel(x[np.newaxis, :], v.size)
    return devec.kernel(row, (v.size, x.size))


@shapes(v="m", x="n")
def proof2_rhs(v: npt.ArrayLike, x: npt.ArrayLike) -> RealArray:
    r"""Right side of Proof 2, the outer product $x v^\top$: entry $(j, i)$ is $x_j v_i$.

    Shapes: `v` (m,), `x` (n,) → (n, m).

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    assert np.array_equal(mp.proof2_rhs([1, 2], [3, 4, 5]), [[3, 6], [4, 8], [5, 10]])
    ```
    """
    v, x = arrays(v, x)
    return np.outer(x, v)
