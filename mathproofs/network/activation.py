r"""$\operatorname{relu}$ and $\operatorname{relu}'$, the kernels of the two-layer passes."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from mathproofs._shapes import RealArray, arrays, shapes, short_repr

__all__ = ["relu", "relu_prime"]


def _positive(z: RealArray) -> npt.NDArray[np.bool_]:
    """``z > 0`` entry by entry; a SymPy entry's sign must be decidable."""
    if z.dtype.kind != "O":
        return np.asarray(z > 0)
    signs = []
    for entry in z.flat:
        try:
            signs.append(bool(entry > 0))
        except TypeError as exc:  # SymPy cannot decide the sign of a plain symbol
            raise TypeError(
                f"z has an entry whose sign is unknown, so relu cannot be applied: "
                f"{short_repr(entry)}"
            ) from exc
    return np.array(signs, dtype=bool).reshape(z.shape)


@shapes(z="k")
def relu(z: npt.ArrayLike) -> RealArray:
    r"""Apply $\operatorname{relu}(z) = \max(z, 0)$ entry by entry.

    Shapes: `z` (k,) → (k,), z's dtype.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    assert np.array_equal(mp.relu([-2, 0, 3]), [0, 0, 3])
    ```
    """
    (z,) = arrays(z)
    return np.where(_positive(z), z, np.zeros_like(z))


@shapes(z="k")
def relu_prime(z: npt.ArrayLike) -> RealArray:
    r"""Return $\operatorname{relu}'(z_i)$, 1 where $z_i > 0$ and 0 where $z_i \leq 0$.

    Shapes: `z` (k,) → (k,), zeros and ones of z's dtype. At 0, where relu has no derivative
    (any value in $[0, 1]$ is a subgradient), it takes 0, as PyTorch and JAX do.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    assert np.array_equal(mp.relu_prime([-2, 0, 3]), [0, 0, 1])  # relu'(0) = 0
    ```
    """
    (z,) = arrays(z)
    return np.where(_positive(z), 1, 0).astype(z.dtype)
