"""Tests for mathproofs.linear: y = Mx, L = (g - y)^T (g - y) and its derivatives."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from strategies import PROPERTY, dims, dims2, floats, model, seeds

import mathproofs as mp

# A worked example, computed by hand: y = Mx = (-2, -2), g - y = (3, 4), L = 25.
M0 = np.array([[1, 2, 3], [4, 5, 6]])
X0 = np.array([1, 0, -1])
G0 = np.array([1, 2])


# ## Hand-computed values #####################################################


def test_predict_by_hand() -> None:
    assert np.array_equal(mp.predict(M0, X0), [-2, -2])
    assert np.array_equal(mp.predict([[2.0]], [3.0]), [6.0])


def test_loss_by_hand() -> None:
    value = mp.loss(M0, X0, G0)
    assert value == 25
    assert np.ndim(value) == 0
    assert np.asarray(value).dtype.kind == "i"


def test_dL_dy_by_hand() -> None:
    out = mp.dL_dy(M0, X0, G0)
    assert out.shape == (1, 2)  # a row, numerator layout
    assert np.array_equal(out, [[-6, -8]])


def test_dy_dvecM_by_hand() -> None:
    J = mp.dy_dvecM([1, 0, -1], 2)
    expected = [
        [1, 0, 0, 0, -1, 0],
        [0, 1, 0, 0, 0, -1],
    ]
    assert J.shape == (2, 6)
    assert np.array_equal(J, expected)


def test_dL_dvecM_by_hand() -> None:
    row = mp.dL_dvecM(M0, X0, G0)
    assert row.shape == (1, 6)  # 1 x mn, numerator layout
    # Entry i + j m is -2 (g_i - y_i) x_j: (-6, -8) * x_0, * x_1, * x_2.
    assert np.array_equal(row, [[-6, -8, 0, 0, 6, 8]])


def test_dL_dM_by_hand() -> None:
    out = mp.dL_dM(M0, X0, G0)
    assert out.shape == (3, 2)  # n x m, numerator layout
    assert np.array_equal(out, [[-6, -8], [0, 0], [6, 8]])


def test_gradient_by_hand() -> None:
    out = mp.gradient(M0, X0, G0)
    assert out.shape == M0.shape  # m x n, denominator layout
    assert np.array_equal(out, [[-6, 0, 6], [-8, 0, 8]])


def test_gradient_step_by_hand() -> None:
    out = mp.gradient_step(M0, X0, G0, lr=0.5)
    expected = np.array([[4.0, 2.0, 0.0], [8.0, 5.0, 2.0]])  # M0 - 0.5 * gradient
    np.testing.assert_allclose(out, expected, rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL)
    np.testing.assert_allclose(
        mp.gradient_step(M0, X0, G0, lr=1),
        M0 - mp.gradient(M0, X0, G0),
        rtol=mp.EXACT_RTOL,
        atol=mp.EXACT_ATOL,
    )


def test_zero_residual_gives_zero_derivatives() -> None:
    g = mp.predict(M0, X0)
    assert mp.loss(M0, X0, g) == 0
    assert not mp.gradient(M0, X0, g).any()
    assert not mp.dL_dvecM(M0, X0, g).any()


# ## Properties: every form of the derivative agrees ##########################


@PROPERTY
@given(m=dims, n=dims, seed=seeds)
def test_all_forms_agree_exactly_on_integers(m: int, n: int, seed: int) -> None:
    M, x, g = model(np.random.default_rng(seed), m, n, "int")
    row = mp.dL_dvecM(M, x, g)
    numerator = mp.dL_dM(M, x, g)
    denominator = mp.gradient(M, x, g)
    assert row.shape == (1, m * n)
    assert numerator.shape == (n, m)
    assert denominator.shape == (m, n)
    assert np.array_equal(mp.devec(row, (m, n)), numerator)  # Proof 2
    assert np.array_equal(numerator.T, denominator)
    assert np.array_equal(row[0], mp.vec(denominator))
    assert np.array_equal(row, mp.dL_dy(M, x, g) @ mp.dy_dvecM(x, m))


@PROPERTY
@given(m=dims, n=dims, seed=seeds)
def test_all_forms_agree_on_floats(m: int, n: int, seed: int) -> None:
    M, x, g = model(np.random.default_rng(seed), m, n)
    np.testing.assert_allclose(
        mp.devec(mp.dL_dvecM(M, x, g), (m, n)),
        mp.gradient(M, x, g).T,
        rtol=mp.EXACT_RTOL,
        atol=mp.EXACT_ATOL,
    )


@PROPERTY
@given(m=dims, n=dims, seed=seeds)
def test_dL_dM_matches_index_by_index_oracle(m: int, n: int, seed: int) -> None:
    M, x, g = model(np.random.default_rng(seed), m, n, "int")
    y = [sum(M[i, j] * x[j] for j in range(n)) for i in range(m)]
    oracle = np.zeros((n, m), dtype=np.int64)
    for i in range(m):
        for j in range(n):
            oracle[j, i] = -2 * (g[i] - y[i]) * x[j]  # dL/dM_ij, numerator layout
    assert np.array_equal(mp.dL_dM(M, x, g), oracle)
    assert mp.loss(M, x, g) == sum((g[i] - y[i]) ** 2 for i in range(m))


@PROPERTY
@given(m=dims, n=dims, seed=seeds)
def test_jacobian_maps_vec_dM_to_dy(m: int, n: int, seed: int) -> None:
    gen = np.random.default_rng(seed)
    dM, x = gen.integers(-9, 10, (m, n)), gen.integers(-9, 10, n)
    J = mp.dy_dvecM(x, m)
    assert J.shape == (m, m * n)
    assert np.array_equal(J @ mp.vec(dM), dM @ x)  # dy = (dM) x


@PROPERTY
@given(m=dims, n=dims, seed=seeds)
def test_gradient_matches_finite_differences(m: int, n: int, seed: int) -> None:
    M, x, g = model(np.random.default_rng(seed), m, n)
    numeric = mp.numerical_gradient(lambda W: mp.loss(W, x, g), M)
    np.testing.assert_allclose(mp.gradient(M, x, g), numeric, rtol=mp.FD_RTOL, atol=mp.FD_ATOL)


@PROPERTY
@given(m=dims, seed=seeds)
def test_dL_dy_matches_finite_differences(m: int, seed: int) -> None:
    gen = np.random.default_rng(seed)
    y, g = floats(gen, m), floats(gen, m)
    # L as a function of y alone: M = I, x = y.
    numeric = mp.numerical_gradient(lambda v: mp.loss(np.eye(m), v, g), y)
    np.testing.assert_allclose(
        mp.dL_dy(np.eye(m), y, g), numeric[np.newaxis, :], rtol=mp.FD_RTOL, atol=mp.FD_ATOL
    )


@PROPERTY
@given(m=dims, n=dims, seed=seeds)
def test_directional_derivative_matches_inner_product(m: int, n: int, seed: int) -> None:
    gen = np.random.default_rng(seed)
    M, x, g = model(gen, m, n)
    V = floats(gen, m, n)
    exact = np.sum(mp.gradient(M, x, g) * V)  # <grad L, V>
    numeric = mp.directional_derivative(lambda W: mp.loss(W, x, g), M, V)
    np.testing.assert_allclose(numeric, exact, rtol=mp.FD_RTOL, atol=mp.FD_ATOL)
    # The same number through the vec form: dL = dL/dvec(M) [vec(V)].
    np.testing.assert_allclose(
        (mp.dL_dvecM(M, x, g) @ mp.vec(V))[0], exact, rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL
    )


@PROPERTY
@given(m=dims, n=dims, seed=seeds)
def test_gradient_step_scales_residual(m: int, n: int, seed: int) -> None:
    M, x, g = model(np.random.default_rng(seed), m, n)
    lr = 0.25 / float(x @ x)
    stepped = mp.gradient_step(M, x, g, lr)
    # g - M'x = (1 - 2 lr |x|^2)(g - Mx) = (g - Mx) / 2, so L drops by a factor 4.
    np.testing.assert_allclose(
        g - mp.predict(stepped, x),
        (g - mp.predict(M, x)) / 2,
        rtol=mp.EXACT_RTOL,
        atol=mp.EXACT_ATOL,
    )
    np.testing.assert_allclose(
        mp.loss(stepped, x, g), mp.loss(M, x, g) / 4, rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL
    )


# ## Mistakes that must fail ##################################################


@PROPERTY
@given(m=dims2, n=dims2, seed=seeds)
def test_swapped_kronecker_is_wrong(m: int, n: int, seed: int) -> None:
    M, x, g = model(np.random.default_rng(seed), m, n)
    wrong_jacobian = np.kron(np.eye(m), x[np.newaxis, :])  # I_m kron x^T, also m x mn
    assert wrong_jacobian.shape == mp.dy_dvecM(x, m).shape
    wrong = mp.devec(mp.dL_dy(M, x, g) @ wrong_jacobian, (m, n))
    assert not np.allclose(wrong, mp.dL_dM(M, x, g), rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL)


@PROPERTY
@given(m=dims2, n=dims2, seed=seeds)
def test_row_major_devec_is_wrong(m: int, n: int, seed: int) -> None:
    M, x, g = model(np.random.default_rng(seed), m, n)
    wrong = mp.dL_dvecM(M, x, g).reshape(m, n)  # order="C"
    right = mp.gradient(M, x, g)
    assert not np.allclose(wrong, right, rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL)


@PROPERTY
@given(n=dims2, seed=seeds)
def test_missing_transpose_is_wrong(n: int, seed: int) -> None:
    # Square M, so the numerator-layout matrix even has the right shape to subtract from M.
    M, x, g = model(np.random.default_rng(seed), n, n)
    numeric = mp.numerical_gradient(lambda W: mp.loss(W, x, g), M)
    assert not np.allclose(mp.dL_dM(M, x, g), numeric, rtol=mp.FD_RTOL, atol=mp.FD_ATOL)


@PROPERTY
@given(m=dims, n=dims, seed=seeds)
def test_dropped_factor_two_is_wrong(m: int, n: int, seed: int) -> None:
    M, x, g = model(np.random.default_rng(seed), m, n)
    wrong = -np.outer(g - M @ x, x)  # -(g - y) x^T, factor 2 dropped
    numeric = mp.numerical_gradient(lambda W: mp.loss(W, x, g), M)
    assert not np.allclose(wrong, numeric, rtol=mp.FD_RTOL, atol=mp.FD_ATOL)


def test_layouts_differ_in_shape() -> None:
    assert mp.dL_dM(M0, X0, G0).shape != mp.gradient(M0, X0, G0).shape
