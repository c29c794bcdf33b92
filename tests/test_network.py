"""Tests for mathproofs.network: bias, batches and a two-layer ReLU network.

The bad-input cases (dtype, dimensions, empty, nan/inf, a shared dimension that
disagrees) are generated from the shape specs in ``tests/test_validation.py``; the
tests here add the values of the ``reduction`` argument.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given
from strategies import PROPERTY, dims, dims2, floats, ints, seeds

import mathproofs as mp
from mathproofs.network import AffineGradients, TwoLayerGradients

# A central difference of step h moves a pre-activation z_i by at most h * max(1, max_j |x_j|)
# (h for b1, h x_j for M1), and relu is linear on that interval when |z_i| is larger:
# 100 * FD_STEP = 1e-3 clears it tenfold for O(1) data (|x_j| < 10).
KINK_MARGIN = 100 * mp.FD_STEP

# ## Hand-computed values #####################################################

# Affine: y = Mx + b = (-2, -2) + (10, 20) = (8, 18); g - y = (1, 2); L = 5.
M0, B0 = np.array([[1, 2, 3], [4, 5, 6]]), np.array([10, 20])
X0, G0 = np.array([1, 0, -1]), np.array([9, 20])


def test_affine_by_hand() -> None:
    assert np.array_equal(mp.affine_predict(M0, B0, X0), [8, 18])
    assert mp.affine_loss(M0, B0, X0, G0) == 5
    grads = mp.affine_gradients(M0, B0, X0, G0)
    assert isinstance(grads, AffineGradients)
    assert np.array_equal(grads.b, [-2, -4])  # -2 (g - y)
    assert np.array_equal(grads.M, [[-2, 0, 2], [-4, 0, 4]])  # -2 (g - y) x^T


# Batch: Y = MX + b 1^T = [[2, 3, 5], [2, 3, 9]]; G - Y = [[1, 0, 0], [0, -2, 0]].
MB, BB = np.array([[1, 2], [3, 4]]), np.array([1, -1])
XB, GB = np.array([[1, 0, 2], [0, 1, 1]]), np.array([[3, 3, 5], [2, 1, 9]])


def test_batch_by_hand() -> None:
    assert np.array_equal(mp.batch_predict(MB, BB, XB), [[2, 3, 5], [2, 3, 9]])
    assert mp.batch_loss(MB, BB, XB, GB) == 5
    assert mp.batch_loss(MB, BB, XB, GB, reduction="mean") == 5 / 3
    grads = mp.batch_gradients(MB, BB, XB, GB)
    # -2 (G - Y) 1 = -2 (1, -2); -2 (G - Y) X^T = -2 [[1, 0], [0, -2]].
    assert np.array_equal(grads.b, [-2, 4])
    assert np.array_equal(grads.M, [[-2, 0], [0, 4]])
    mean = mp.batch_gradients(MB, BB, XB, GB, reduction="mean")
    np.testing.assert_allclose(mean.b, [-2 / 3, 4 / 3], rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL)
    np.testing.assert_allclose(
        mean.M, [[-2 / 3, 0], [0, 4 / 3]], rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL
    )


def test_relu_by_hand() -> None:
    assert np.array_equal(mp.relu([-2, 0, 3]), [0, 0, 3])
    assert np.array_equal(mp.relu_prime([-2, 0, 3]), [0, 0, 1])  # relu'(0) = 0
    assert mp.relu_prime([-0.5, 0.0, 0.5]).dtype == np.float64
    assert mp.relu([-1, 2]).dtype.kind == "i"


# Two layers, k = 3: z = (2, -2, 5), h = (2, 0, 5), y = 8, g = 5, delta_y = 6.
M1, C1 = np.array([[1, 0], [0, 1], [1, 1]]), np.array([0, -5, 0])
M2, C2 = np.array([[1, 1, 1]]), np.array([1])
XN, GN = np.array([2, 3]), np.array([5])


def test_two_layer_by_hand() -> None:
    z, h, y = mp.two_layer_forward(M1, C1, M2, C2, XN)
    assert np.array_equal(z, [2, -2, 5])
    assert np.array_equal(h, [2, 0, 5])
    assert np.array_equal(y, [8])
    assert mp.two_layer_loss(M1, C1, M2, C2, XN, GN) == 9
    grads = mp.two_layer_gradients(M1, C1, M2, C2, XN, GN)
    assert isinstance(grads, TwoLayerGradients)
    assert np.array_equal(grads.b2, [6])
    assert np.array_equal(grads.M2, [[12, 0, 30]])
    # M2^T delta_y = (6, 6, 6); relu'(z) = (1, 0, 1).
    assert np.array_equal(grads.b1, [6, 0, 6])
    assert np.array_equal(grads.M1, [[12, 18], [0, 0], [12, 18]])


# ## Helpers ##################################################################


def _away_from_kink(
    gen: np.random.Generator, k: int, n: int, m: int
) -> tuple[Any, Any, Any, Any, Any, Any]:
    """Random float network data with every |z_i| > KINK_MARGIN (b1 nudged if not)."""
    W1, c1, W2, c2 = floats(gen, k, n), floats(gen, k), floats(gen, m, k), floats(gen, m)
    x, g = floats(gen, n), floats(gen, m)
    z = W1 @ x + c1
    c1 = c1 + np.where(np.abs(z) <= KINK_MARGIN, 10 * KINK_MARGIN, 0.0)
    z = W1 @ x + c1
    assert np.min(np.abs(z)) > KINK_MARGIN
    return W1, c1, W2, c2, x, g


def _fd(f: Any, P: Any) -> Any:
    return mp.numerical_gradient(f, P)


# ## Properties: affine and batch #############################################


@PROPERTY
@given(m=dims, n=dims, seed=seeds)
def test_affine_gradients_match_finite_differences(m: int, n: int, seed: int) -> None:
    gen = np.random.default_rng(seed)
    M, b, x, g = floats(gen, m, n), floats(gen, m), floats(gen, n), floats(gen, m)
    grads = mp.affine_gradients(M, b, x, g)
    np.testing.assert_allclose(
        grads.M, _fd(lambda W: mp.affine_loss(W, b, x, g), M), rtol=mp.FD_RTOL, atol=mp.FD_ATOL
    )
    np.testing.assert_allclose(
        grads.b, _fd(lambda c: mp.affine_loss(M, c, x, g), b), rtol=mp.FD_RTOL, atol=mp.FD_ATOL
    )
    # The bias does not change the formula for M: it is the linear model's gradient at g - b.
    np.testing.assert_allclose(
        grads.M, mp.gradient(M, x, g - b), rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL
    )


@PROPERTY
@given(m=dims, n=dims, batch=dims, seed=seeds)
def test_batch_is_the_sum_of_single_examples_exactly(m: int, n: int, batch: int, seed: int) -> None:
    gen = np.random.default_rng(seed)
    M, b, X, G = ints(gen, m, n), ints(gen, m), ints(gen, n, batch), ints(gen, m, batch)
    columns = range(batch)
    Y = mp.batch_predict(M, b, X)
    assert Y.shape == (m, batch)
    for k in columns:
        assert np.array_equal(Y[:, k], mp.affine_predict(M, b, X[:, k]))
    assert mp.batch_loss(M, b, X, G) == sum(mp.affine_loss(M, b, X[:, k], G[:, k]) for k in columns)
    singles = [mp.affine_gradients(M, b, X[:, k], G[:, k]) for k in columns]
    grads = mp.batch_gradients(M, b, X, G)
    assert grads.M.shape == M.shape and grads.b.shape == b.shape
    assert np.array_equal(grads.M, sum(s.M for s in singles))
    assert np.array_equal(grads.b, sum(s.b for s in singles))


@PROPERTY
@given(m=dims, n=dims, batch=dims, seed=seeds)
def test_batch_gradients_match_finite_differences(m: int, n: int, batch: int, seed: int) -> None:
    gen = np.random.default_rng(seed)
    M, b, X, G = floats(gen, m, n), floats(gen, m), floats(gen, n, batch), floats(gen, m, batch)
    for reduction in ("sum", "mean"):
        grads = mp.batch_gradients(M, b, X, G, reduction=reduction)

        def by_M(W: Any, reduction: Any = reduction) -> Any:
            return mp.batch_loss(W, b, X, G, reduction=reduction)

        def by_b(c: Any, reduction: Any = reduction) -> Any:
            return mp.batch_loss(M, c, X, G, reduction=reduction)

        np.testing.assert_allclose(grads.M, _fd(by_M, M), rtol=mp.FD_RTOL, atol=mp.FD_ATOL)
        np.testing.assert_allclose(grads.b, _fd(by_b, b), rtol=mp.FD_RTOL, atol=mp.FD_ATOL)


@PROPERTY
@given(m=dims, n=dims, batch=dims, seed=seeds)
def test_mean_divides_loss_and_gradients_by_batch_size(
    m: int, n: int, batch: int, seed: int
) -> None:
    gen = np.random.default_rng(seed)
    M, b, X, G = ints(gen, m, n), ints(gen, m), ints(gen, n, batch), ints(gen, m, batch)
    total, mean = mp.batch_gradients(M, b, X, G), mp.batch_gradients(M, b, X, G, reduction="mean")
    np.testing.assert_allclose(mean.M, total.M / batch, rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL)
    np.testing.assert_allclose(mean.b, total.b / batch, rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL)
    np.testing.assert_allclose(
        mp.batch_loss(M, b, X, G, reduction="mean"),
        mp.batch_loss(M, b, X, G) / batch,
        rtol=mp.EXACT_RTOL,
        atol=mp.EXACT_ATOL,
    )
    # Doubling the batch doubles the summed gradient and leaves the mean one alone.
    X2, G2 = np.hstack([X, X]), np.hstack([G, G])
    assert np.array_equal(mp.batch_gradients(M, b, X2, G2).M, 2 * total.M)
    np.testing.assert_allclose(
        mp.batch_gradients(M, b, X2, G2, reduction="mean").M,
        mean.M,
        rtol=mp.EXACT_RTOL,
        atol=mp.EXACT_ATOL,
    )


# ## Properties: two layers ###################################################


@PROPERTY
@given(k=dims, n=dims, m=dims, seed=seeds)
def test_two_layer_gradients_match_finite_differences(k: int, n: int, m: int, seed: int) -> None:
    W1, c1, W2, c2, x, g = _away_from_kink(np.random.default_rng(seed), k, n, m)
    grads = mp.two_layer_gradients(W1, c1, W2, c2, x, g)
    L = mp.two_layer_loss
    np.testing.assert_allclose(
        grads.M1, _fd(lambda P: L(P, c1, W2, c2, x, g), W1), rtol=mp.FD_RTOL, atol=mp.FD_ATOL
    )
    np.testing.assert_allclose(
        grads.b1, _fd(lambda P: L(W1, P, W2, c2, x, g), c1), rtol=mp.FD_RTOL, atol=mp.FD_ATOL
    )
    np.testing.assert_allclose(
        grads.M2, _fd(lambda P: L(W1, c1, P, c2, x, g), W2), rtol=mp.FD_RTOL, atol=mp.FD_ATOL
    )
    np.testing.assert_allclose(
        grads.b2, _fd(lambda P: L(W1, c1, W2, P, x, g), c2), rtol=mp.FD_RTOL, atol=mp.FD_ATOL
    )


@PROPERTY
@given(k=dims, n=dims, m=dims, seed=seeds)
def test_two_layer_output_layer_is_an_affine_layer_on_h(k: int, n: int, m: int, seed: int) -> None:
    gen = np.random.default_rng(seed)
    W1, c1, W2, c2 = ints(gen, k, n), ints(gen, k), ints(gen, m, k), ints(gen, m)
    x, g = ints(gen, n), ints(gen, m)
    z, h, y = mp.two_layer_forward(W1, c1, W2, c2, x)
    assert np.array_equal(h, mp.relu(z))
    assert np.array_equal(y, mp.affine_predict(W2, c2, h))
    grads = mp.two_layer_gradients(W1, c1, W2, c2, x, g)
    outer = mp.affine_gradients(W2, c2, h, g)
    assert np.array_equal(grads.M2, outer.M) and np.array_equal(grads.b2, outer.b)
    # delta_z = diag(relu'(z)) M2^T delta_y, the diag form of the elementwise product.
    delta_z = np.diag(mp.relu_prime(z)) @ W2.T @ grads.b2
    assert np.array_equal(grads.b1, delta_z)
    assert np.array_equal(grads.M1, np.outer(delta_z, x))


@PROPERTY
@given(k=dims, n=dims, m=dims, seed=seeds)
def test_kink_central_difference_is_the_average_of_one_sided_slopes(
    k: int, n: int, m: int, seed: int
) -> None:
    gen = np.random.default_rng(seed)
    W1, c1, W2, c2 = ints(gen, k, n), ints(gen, k), ints(gen, m, k), ints(gen, m)
    x, g = ints(gen, n), ints(gen, m)
    c1[0] = -(W1[0] @ x)  # z_0 = 0 exactly: on the kink
    grads = mp.two_layer_gradients(W1, c1, W2, c2, x, g)
    assert grads.b1[0] == 0  # relu'(0) = 0
    # L(b1 + t e_0) = L + u t + |c|^2 t^2 for t > 0 and L for t < 0, with
    # u = (M2^T delta_y)_0 and c = M2[:, 0]; the central difference is u/2 + |c|^2 h / 2.
    u, c, h = (W2.T @ grads.b2)[0], W2[:, 0], mp.FD_STEP
    numeric = _fd(lambda P: mp.two_layer_loss(W1, P, W2, c2, x, g), c1.astype(float))
    np.testing.assert_allclose(
        numeric[0], u / 2 + (c @ c) * h / 2, rtol=mp.FD_RTOL, atol=mp.FD_ATOL
    )


# ## Mistakes that must fail ##################################################


@PROPERTY
@given(m=dims, n=dims, batch=dims2, seed=seeds)
def test_bias_gradient_needs_the_sum_over_the_batch(m: int, n: int, batch: int, seed: int) -> None:
    gen = np.random.default_rng(seed)
    M, b, X, G = floats(gen, m, n), floats(gen, m), floats(gen, n, batch), floats(gen, m, batch)
    right = mp.batch_gradients(M, b, X, G).b
    residual = G - mp.batch_predict(M, b, X)
    # Forgetting the sum (using one column) or taking the mean instead of the sum.
    assert not np.allclose(-2 * residual[:, 0], right, rtol=mp.FD_RTOL, atol=mp.FD_ATOL)
    assert not np.allclose(-2 * residual.mean(axis=1), right, rtol=mp.FD_RTOL, atol=mp.FD_ATOL)


@PROPERTY
@given(k=dims, n=dims, m=dims, seed=seeds)
def test_dropping_relu_prime_is_wrong(k: int, n: int, m: int, seed: int) -> None:
    gen = np.random.default_rng(seed)
    W1, c1, W2, c2 = ints(gen, k, n), ints(gen, k), ints(gen, m, k), ints(gen, m)
    x, g = ints(gen, n), ints(gen, m)
    c1[0] = -(W1[0] @ x) - 1  # z_0 = -1: unit 0 is off
    grads = mp.two_layer_gradients(W1, c1, W2, c2, x, g)
    wrong = W2.T @ grads.b2  # M2^T delta_y without the relu' mask
    assume(wrong[0] != 0)  # else the slip is invisible at this point
    assert grads.b1[0] == 0
    assert not np.array_equal(wrong, grads.b1)


# ## The two passes call the relu kernels #####################################

# z = M1 x + b1 = (0, -2, 5): unit 0 sits on the kink; y = 6, delta_y = 2, and
# u = (M2^T delta_y)_0 = 2 is the slope of L in b1's first entry from the right.
KINK = ([[1, 0], [0, 1], [1, 1]], [-2, -5, 0], [[1, 1, 1]], [1], [2, 3], [5])


def test_the_gradient_uses_relu_prime(monkeypatch: pytest.MonkeyPatch) -> None:
    """Changing relu'(0) in relu_prime reaches the backward pass."""
    assert mp.two_layer_gradients(*KINK).b1[0] == 0  # relu'(0) = 0
    monkeypatch.setattr(mp.relu_prime, "kernel", lambda z: np.where(z >= 0, 1, 0))
    assert mp.relu_prime([0])[0] == 1
    assert mp.two_layer_gradients(*KINK).b1[0] == 2  # relu'(0) = 1 gives u


def test_the_forward_pass_uses_relu(monkeypatch: pytest.MonkeyPatch) -> None:
    """Changing relu reaches the forward pass, the loss and the gradients."""
    monkeypatch.setattr(mp.relu, "kernel", np.abs)  # |z| in place of max(z, 0)
    _, h, y = mp.two_layer_forward(*KINK[:5])
    assert np.array_equal(h, [0, 2, 5]) and np.array_equal(y, [8])
    assert mp.two_layer_loss(*KINK) == 9
    assert np.array_equal(mp.two_layer_gradients(*KINK).M2, [[0, 12, 30]])  # delta_y h^T


# ## The reduction argument ###################################################


@pytest.mark.parametrize("func", [mp.batch_loss, mp.batch_gradients])
@pytest.mark.parametrize("value", ["avg", "Sum", "", "none"])
def test_reduction_unknown_is_a_value_error(func: Any, value: str) -> None:
    with pytest.raises(ValueError, match=rf"^reduction must be 'sum' or 'mean'; got '{value}'$"):
        func(MB, BB, XB, GB, reduction=value)


@pytest.mark.parametrize("func", [mp.batch_loss, mp.batch_gradients])
@pytest.mark.parametrize("value", [None, 1, True, b"sum"])
def test_reduction_not_a_str_is_a_type_error(func: Any, value: object) -> None:
    with pytest.raises(TypeError, match=r"^reduction must be 'sum' or 'mean'; got "):
        func(MB, BB, XB, GB, reduction=value)
