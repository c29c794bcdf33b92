r"""Numerically verified math from "The Core of Backprop 2: Deriving dL/dM using Matrix Calculus".

For $y = M x$ and $L = (g - y)^\top (g - y)$ with $M \in \mathbb{R}^{m \times n}$:
`vectorization` (`vec`, `unvec`, `devec`, $A \otimes I_m$, Proofs 1 and 2), `linear` (the loss
and its derivatives, in numerator layout, `dL_dM`, n by m, and denominator layout, `gradient`,
m by n), `checking` (tolerances, finite differences, a seeded `rng`), `gradcheck`
(`check_gradient`: a gradient you derived, checked by central differences, with the usual
mistake named; `check_matrix`, the same for a matrix answer) and, beyond the post, `network`
(a bias, a batch, a two-layer ReLU network).
Every public function checks its arguments once against its shapes. Arrays may be object
arrays of fractions or SymPy expressions: they stay object arrays, so the same functions compute
exactly or symbolically (SymPy is not a dependency).

Examples
--------
```python
from fractions import Fraction

import numpy as np
import sympy as sp
import mathproofs as mp

gen = mp.rng()
M, x, g = gen.standard_normal((3, 2)), gen.standard_normal(2), gen.standard_normal(3)
row = mp.dL_dvecM(M, x, g)  # -2 (g - y)^T (x^T kron I_m), 1 x mn
np.testing.assert_allclose(
    mp.devec(row, M.shape).T, mp.gradient(M, x, g), rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL
)
assert mp.loss(np.array([[Fraction(1, 2), Fraction(1, 3)]]), [6, 6], [1]) == 16  # (1 - 5)^2
a, b, x1, x2, g1 = sp.symbols("a b x1 x2 g1")
G = mp.gradient(np.array([[a, b]]), np.array([x1, x2]), np.array([g1]))
assert sp.expand(G[0, 1] - (-2 * (g1 - a * x1 - b * x2) * x2)) == 0
```
"""

from mathproofs.checking import (
    EXACT_ATOL,
    EXACT_RTOL,
    FD_ATOL,
    FD_RTOL,
    FD_STEP,
    directional_derivative,
    numerical_gradient,
    numerical_jacobian,
    rng,
)
from mathproofs.gradcheck import GradientCheck, check_gradient, check_matrix
from mathproofs.linear import (
    dL_dM,
    dL_dvecM,
    dL_dy,
    dy_dvecM,
    gradient,
    gradient_step,
    loss,
    predict,
)
from mathproofs.network import (
    affine_gradients,
    affine_loss,
    affine_predict,
    batch_gradients,
    batch_loss,
    batch_predict,
    relu,
    relu_prime,
    two_layer_forward,
    two_layer_gradients,
    two_layer_loss,
)
from mathproofs.vectorization import (
    devec,
    kron_identity,
    proof1_lhs,
    proof1_rhs,
    proof2_lhs,
    proof2_rhs,
    unvec,
    vec,
)

__version__ = "0.1.0"

__all__ = [
    "EXACT_ATOL",
    "EXACT_RTOL",
    "FD_ATOL",
    "FD_RTOL",
    "FD_STEP",
    "GradientCheck",
    "__version__",
    "affine_gradients",
    "affine_loss",
    "affine_predict",
    "batch_gradients",
    "batch_loss",
    "batch_predict",
    "check_gradient",
    "check_matrix",
    "dL_dM",
    "dL_dvecM",
    "dL_dy",
    "devec",
    "directional_derivative",
    "dy_dvecM",
    "gradient",
    "gradient_step",
    "kron_identity",
    "loss",
    "numerical_gradient",
    "numerical_jacobian",
    "predict",
    "proof1_lhs",
    "proof1_rhs",
    "proof2_lhs",
    "proof2_rhs",
    "relu",
    "relu_prime",
    "rng",
    "two_layer_forward",
    "two_layer_gradients",
    "two_layer_loss",
    "unvec",
    "vec",
]
