r"""Beyond the post: a bias, a batch, a two-layer ReLU network; gradients in denominator layout.

* `affine`: one example, $y = M x + b$: $\nabla_M L = -2 (g - y) x^\top$,
  $\nabla_b L = -2 (g - y)$;
* `batch`: the columns of $X$, $Y = M X + b \mathbf{1}^\top$, $L = \lVert G - Y \rVert_F^2$:
  $\nabla_M L = -2 (G - Y) X^\top$, $\nabla_b L = -2 (G - Y) \mathbf{1}$;
* `activation`: $\operatorname{relu}$ and $\operatorname{relu}'$, the kernels both passes use;
* `two_layer`: $z = M_1 x + b_1$, $h = \operatorname{relu}(z)$, $y = M_2 h + b_2$, and
  backpropagation.
"""

from mathproofs.network.activation import relu, relu_prime
from mathproofs.network.affine import (
    AffineGradients,
    affine_gradients,
    affine_loss,
    affine_predict,
)
from mathproofs.network.batch import batch_gradients, batch_loss, batch_predict
from mathproofs.network.two_layer import (
    TwoLayerForward,
    TwoLayerGradients,
    two_layer_forward,
    two_layer_gradients,
    two_layer_loss,
)

__all__ = [
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
