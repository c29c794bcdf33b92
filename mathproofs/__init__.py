r"""Numerically verified math from "The Core of Backprop 2: Deriving dL/dM using Matrix Calculus".

For $y = Mx$ and $L = (g - y)^T (g - y)$ with $M \in \mathbb{R}^{m \times n}$:

* `mathproofs.vectorization`: column-major `vec`, `unvec`, `devec`, $A \otimes I_m$,
  and both sides of Proof 1 and Proof 2;
* `mathproofs.linear`: the model, the loss and its derivatives, in numerator
  layout (`dL_dM`, n by m) and denominator layout (`gradient`, m by n);
* `mathproofs.checking`: tolerances, finite differences and a seeded `rng`;
* `mathproofs.network`: beyond the post, a bias, a batch and a two-layer ReLU
  network, with their gradients (denominator layout).

Examples
--------
```python
import numpy as np
import mathproofs as mp

gen = mp.rng()
M, x, g = gen.standard_normal((3, 2)), gen.standard_normal(2), gen.standard_normal(3)
row = mp.dL_dvecM(M, x, g)  # -2 (g - y)^T (x^T kron I_m), 1 x mn
np.testing.assert_allclose(
    mp.devec(row, M.shape).T, mp.gradient(M, x, g), rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL
)
```

Arrays may also be object arrays of fractions or SymPy expressions; they stay
object arrays, so the same functions compute exactly or symbolically (SymPy is
not a dependency; it is used only when you pass its expressions):

```python
from fractions import Fraction

import numpy as np
import sympy as sp
import mathproofs as mp

M = np.array([[Fraction(1, 2), Fraction(1, 3)]])  # m = 1, n = 2
assert mp.loss(M, [6, 6], [1]) == 16  # y = 3 + 2 = 5, (1 - 5)^2
a, b, x1, x2, g = sp.symbols("a b x1 x2 g")
G = mp.gradient(np.array([[a, b]]), np.array([x1, x2]), np.array([g]))
assert sp.expand(G[0, 1] - (-2 * (g - a * x1 - b * x2) * x2)) == 0
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
    rng,
)
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
    KINK_MARGIN,
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
    "KINK_MARGIN",
    "__version__",
    "affine_gradients",
    "affine_loss",
    "affine_predict",
    "batch_gradients",
    "batch_loss",
    "batch_predict",
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
