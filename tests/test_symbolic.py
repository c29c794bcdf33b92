"""Exact checks of the package's own functions: the identities hold as polynomials, sizes 1..3.

Every matrix and vector is a NumPy object array of independent sympy symbols, passed to the
package's functions (``mp.vec``, ``mp.unvec``, ``mp.devec``, ``mp.kron_identity``, both
sides of Proof 1 and Proof 2, ``mp.predict``, ``mp.loss``, ``mp.dL_dy``, ``mp.dy_dvecM``,
``mp.dL_dvecM``, ``mp.dL_dM``, ``mp.gradient``, and the batch and bias functions). Each result
is compared with a reference that sympy computes from the definition alone (``Matrix.vec``,
``kronecker_product``, ``diff`` of the loss, a row-major ``reshape``): the two are expanded and
their difference must be the zero polynomial entry by entry. Two polynomials that agree as
polynomials agree for every real input, so for the sizes covered this is a proof about the
code that the pages and the numeric tests call, not a sample. Sizes: every m, n, p (and batch
size B) in 1..3.

Each identity has a must-fail twin (the common slip: rows for columns, a dropped transpose or
factor 2, the other layout, swapped Kronecker factors), with the same shapes, which must
*not* expand to zero, so the comparison is known to be able to fail. Breaking a package
function on purpose (e.g. ``order="C"`` in ``mp.vec``) makes the checks here fail.
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
import sympy as sp

import mathproofs as mp

SIZES = range(1, 4)
PAIRS = list(itertools.product(SIZES, repeat=2))
TRIPLES = list(itertools.product(SIZES, repeat=3))


def mat(name: str, rows: int, cols: int) -> Any:
    """A rows x cols object array of independent symbols ``name_i_j``."""
    return np.array(
        [[sp.Symbol(f"{name}_{i}_{j}") for j in range(cols)] for i in range(rows)], dtype=object
    )


def col(name: str, size: int) -> Any:
    """A 1-D object array (the column vector the package takes) of symbols ``name_i``."""
    return np.array([sp.Symbol(f"{name}_{i}") for i in range(size)], dtype=object)


def S(a: Any) -> sp.Matrix:
    """The sympy matrix of an object array (a 1-D array becomes a column)."""
    arr = np.asarray(a, dtype=object)
    return sp.Matrix(arr.reshape(arr.shape[0], -1) if arr.ndim else [[arr.item()]])


def same(got: Any, want: Any) -> bool:
    """True when every entry of ``got - want`` expands to the zero polynomial.

    The shapes must agree (a mismatch is an error, not a "differs"), so that a must-fail
    twin can only pass by differing in value.
    """
    g = np.asarray(got, dtype=object)
    w = np.asarray(want, dtype=object)
    if w.shape != g.shape and w.ndim == 2 and 1 in w.shape and g.ndim == 1:
        w = w.reshape(g.shape)  # a sympy column or row as the package's 1-D vector
    assert g.shape == w.shape, f"shapes differ: {g.shape} vs {w.shape}"
    return all(sp.expand(a - b) == 0 for a, b in zip(g.flat, w.flat, strict=True))


def loss_by_definition(M: Any, x: Any, g: Any) -> sp.Expr:
    """L = sum_i (g_i - sum_j M_ij x_j)^2, written from the definition."""
    m, n = M.shape
    return sp.Add(*[(g[i] - sp.Add(*[M[i, j] * x[j] for j in range(n)])) ** 2 for i in range(m)])


def grad_by_diff(L: sp.Expr, M: Any) -> Any:
    """Denominator layout by differentiation: entry (i, j) is dL/dM_ij."""
    return np.vectorize(lambda e: sp.diff(L, e), otypes=[object])(M)


# ---------------------------------------------------------------- the helpers can fail


def test_same_can_fail_and_refuses_different_shapes() -> None:
    a, b = sp.symbols("a b")
    assert same(np.array([2 * a - a]), np.array([a]))
    assert not same(np.array([a]), np.array([b]))
    with pytest.raises(AssertionError, match="shapes differ"):
        same(np.array([a, b]), np.array([a]))


def test_the_inputs_are_object_arrays_of_symbols() -> None:
    M = mat("M", 2, 3)
    assert M.dtype == object and M.shape == (2, 3)
    assert mp.vec(M).dtype == object and all(isinstance(e, sp.Symbol) for e in mp.vec(M))


# ---------------------------------------------------------------- vec, unvec, devec


@pytest.mark.parametrize(("m", "n"), PAIRS)
def test_vec_unvec_devec(m: int, n: int) -> None:
    """vec stacks columns; unvec undoes it; devec(r) = unvec(rᵀ)ᵀ, entry (j, i) = r_{i+jm}."""
    A = mat("a", m, n)
    assert same(mp.vec(A), S(A).vec())  # sympy's column-major vec
    assert same(mp.unvec(mp.vec(A), (m, n)), A)
    v = col("v", m * n)
    assert same(mp.unvec(v, (m, n)), S(v).reshape(n, m).T)  # column k is run k of v
    assert same(mp.vec(mp.unvec(v, (m, n))), v)
    row = col("r", m * n)[np.newaxis, :]
    assert same(mp.devec(row, (m, n)), S(row).reshape(n, m))  # row-major: entry (j, i) = r_{i+jm}
    assert same(mp.devec(row, (m, n)), mp.unvec(row[0], (m, n)).T)
    assert same(mp.vec(col("y", m)), col("y", m))  # a vector is its own vec


def test_vec_by_rows_fails() -> None:
    A = mat("a", 2, 2)
    assert not same(mp.vec(A), S(A).reshape(4, 1))  # row-major flattening
    v = col("v", 4)
    assert not same(mp.unvec(v, (2, 2)), S(v).reshape(2, 2))  # filled by rows


def test_devec_without_the_transpose_fails() -> None:
    row = col("r", 4)[np.newaxis, :]
    assert not same(mp.devec(row, (2, 2)), mp.unvec(row[0], (2, 2)))


# ---------------------------------------------------------------- Proof 1


@pytest.mark.parametrize(("m", "n", "p"), TRIPLES)
def test_proof1(m: int, n: int, p: int) -> None:
    """vec(C Aᵀ) = (A ⊗ I_m) vec(C), each side computed by the package."""
    C, A = mat("c", m, n), mat("a", p, n)
    lhs, rhs = mp.proof1_lhs(C, A), mp.proof1_rhs(C, A)
    assert same(lhs, rhs)
    assert same(lhs, (S(C) * S(A).T).vec())
    assert same(rhs, sp.kronecker_product(S(A), sp.eye(m)) * S(C).vec())
    assert same(mp.kron_identity(A, m), sp.kronecker_product(S(A), sp.eye(m)))


def test_proof1_swapped_factors_fail() -> None:
    """I_m ⊗ A in place of A ⊗ I_m is not the same polynomial once m, n > 1."""
    C, A = mat("c", 2, 2), mat("a", 2, 2)
    assert not same(mp.proof1_lhs(C, A), sp.kronecker_product(sp.eye(2), S(A)) * S(C).vec())
    assert not same(mp.proof1_rhs(C, A), mp.vec(C @ A))  # A for Aᵀ


# ---------------------------------------------------------------- Proof 2


@pytest.mark.parametrize(("m", "n"), PAIRS)
def test_proof2(m: int, n: int) -> None:
    """devec(vᵀ (xᵀ ⊗ I_m)) = x vᵀ, each side computed by the package."""
    v, x = col("v", m), col("x", n)
    lhs, rhs = mp.proof2_lhs(v, x), mp.proof2_rhs(v, x)
    assert same(lhs, rhs)
    assert same(rhs, S(x) * S(v).T)
    # The row before devec is vec(v xᵀ)ᵀ (mathlib's Matrix.vec_vecMul_kronecker instance).
    row = v[np.newaxis, :] @ mp.kron_identity(x[np.newaxis, :], m)
    assert same(row, (S(v) * S(x).T).vec().T)


def test_proof2_the_other_outer_product_fails() -> None:
    v, x = col("v", 2), col("x", 2)
    assert not same(mp.proof2_lhs(v, x), S(v) * S(x).T)
    assert not same(mp.proof2_rhs(v, x), mp.proof2_rhs(x, v))


# ---------------------------------------------------------------- the loss and its derivatives


@pytest.mark.parametrize(("m", "n"), PAIRS)
def test_loss_and_its_derivatives(m: int, n: int) -> None:
    """L; dL/dy; dy/dvec(M) = xᵀ ⊗ I_m; dL/dvec(M); dL/dM (n x m); the gradient (m x n)."""
    M, x, g = mat("M", m, n), col("x", n), col("g", m)
    L = loss_by_definition(M, x, g)
    assert same(np.array(mp.loss(M, x, g)), np.array(L))
    assert same(mp.predict(M, x), S(M) * S(x))
    y = col("y", m)
    L_of_y = sp.Add(*[(g[i] - y[i]) ** 2 for i in range(m)])
    at_y = dict(zip(y, mp.predict(M, x), strict=True))
    dL_dy = np.array([[sp.diff(L_of_y, e).subs(at_y) for e in y]], dtype=object)
    assert same(mp.dL_dy(M, x, g), dL_dy)  # the 1 x m row
    jacobian = S(mp.predict(M, x)).jacobian(S(M).vec())  # m x mn, by differentiation
    assert same(mp.dy_dvecM(x, m), jacobian)
    G = grad_by_diff(L, M)
    assert same(mp.gradient(M, x, g), G)  # denominator layout, m x n
    assert same(mp.gradient(M, x, g), grad_by_diff(mp.loss(M, x, g), M))
    assert same(mp.dL_dvecM(M, x, g), S(G).vec().T)  # entry i + j m is dL/dM_ij
    assert same(mp.dL_dvecM(M, x, g), mp.dL_dy(M, x, g) @ mp.dy_dvecM(x, m))  # chain rule
    assert same(mp.dL_dM(M, x, g), G.T)  # numerator layout, n x m
    assert same(mp.dL_dM(M, x, g), mp.devec(mp.dL_dvecM(M, x, g), (m, n)))
    # dL = -2(g-y)ᵀ dy with dy = (dM) x, exactly: L(M + t dM) - L(M) is this plus t² |dM x|².
    dM, t = mat("d", m, n), sp.Symbol("t")
    change = mp.loss(M + t * dM, x, g) - mp.loss(M, x, g)
    dy = dM @ x
    assert same(np.array(change), np.array(t * (mp.dL_dy(M, x, g) @ dy)[0] + t**2 * (dy @ dy)))


def test_a_dropped_factor_two_fails() -> None:
    M, x, g = mat("M", 2, 2), col("x", 2), col("g", 2)
    L = loss_by_definition(M, x, g)
    assert not same(mp.gradient(M, x, g), grad_by_diff(L, M) / 2)
    assert not same(mp.dL_dy(M, x, g), -(g - M @ x)[np.newaxis, :])


def test_the_other_layout_fails() -> None:
    M, x, g = mat("M", 2, 2), col("x", 2), col("g", 2)
    assert not same(mp.dL_dM(M, x, g), mp.gradient(M, x, g))
    G = grad_by_diff(loss_by_definition(M, x, g), M)
    assert not same(mp.dL_dvecM(M, x, g), S(G).reshape(1, 4))  # row-major vec


def test_a_wrong_sign_in_the_loss_fails() -> None:
    M, x, g = mat("M", 2, 2), col("x", 2), col("g", 2)
    assert not same(np.array(mp.loss(M, x, g)), np.array(loss_by_definition(M, x, -g)))


def test_the_jacobian_with_swapped_factors_fails() -> None:
    x = col("x", 2)
    assert not same(mp.dy_dvecM(x, 2), sp.kronecker_product(sp.eye(2), S(x).T))


# ---------------------------------------------------------------- the trace page


@pytest.mark.parametrize(("m", "n"), PAIRS)
def test_trace_identities(m: int, n: int) -> None:
    """docs/beyond/trace.md: outer, cyclic, Frobenius, the three dL lines, the vec form."""
    a, b = S(col("a", m)), S(col("b", m))
    assert same(np.array((a * b.T).trace()), np.array((b.T * a)[0, 0]))  # eq-trace-outer
    for p in SIZES:  # eq-trace-cyclic, for A (m x n), B (n x p), C (p x m)
        A, B, C = S(mat("A", m, n)), S(mat("B", n, p)), S(mat("C", p, m))
        assert same(np.array((A * B * C).trace()), np.array((C * A * B).trace()))
        assert same(np.array((A * B * C).trace()), np.array((B * C * A).trace()))
    A, B = mat("A", m, n), mat("B", m, n)
    trace = np.array((S(A).T * S(B)).trace())
    assert same(trace, np.array(np.sum(A * B)))  # eq-trace-frobenius
    assert same(trace, np.array(mp.vec(A) @ mp.vec(B)))  # eq-trace-vec

    M, x, g, dM = mat("M", m, n), col("x", n), col("g", m), mat("d", m, n)
    r = S(g - M @ x)
    line1 = (-2 * r.T * S(dM) * S(x))[0, 0]
    line2 = (-2 * S(x) * r.T * S(dM)).trace()
    G = mp.gradient(M, x, g)
    line3 = (S(G).T * S(dM)).trace()
    assert same(np.array(line1), np.array(line2))
    assert same(np.array(line2), np.array(line3))
    assert same(G, grad_by_diff(mp.loss(M, x, g), M))  # eq-trace-read-off, eq-trace-gradient


def test_trace_cyclic_is_not_any_permutation() -> None:
    A, B, C = S(mat("A", 2, 2)), S(mat("B", 2, 2)), S(mat("C", 2, 2))
    assert not same(np.array((A * B * C).trace()), np.array((B * A * C).trace()))


# ---------------------------------------------------------------- the bias-and-batches page


@pytest.mark.parametrize(("m", "n", "B"), TRIPLES)
def test_batch_gradients(m: int, n: int, B: int) -> None:
    """Y = MX + b1ᵀ, L = tr((G-Y)ᵀ(G-Y)): the package's gradients, sums over examples, mean."""
    M, X, G, b = mat("M", m, n), mat("X", n, B), mat("G", m, B), col("b", m)
    L = mp.batch_loss(M, b, X, G)
    by_example = sum(mp.affine_loss(M, b, X[:, k], G[:, k]) for k in range(B))
    R = S(G) - (S(M) * S(X) + S(b) * sp.ones(1, B))
    assert same(np.array(L), np.array((R.T * R).trace()))  # eq-batch-loss
    assert same(np.array(L), np.array(by_example))
    grads = mp.batch_gradients(M, b, X, G)
    assert same(grads.M, grad_by_diff(L, M))  # eq-batch-gradients
    assert same(grads.b, grad_by_diff(L, b))
    assert same(grads.M, -2 * R * S(X).T)
    per_example = sum(mp.affine_gradients(M, b, X[:, k], G[:, k]).M for k in range(B))
    assert same(grads.M, per_example)  # eq-batch-sum-of-examples
    mean = mp.batch_gradients(M, b, X, G, reduction="mean")
    assert same(mean.M, grad_by_diff(mp.batch_loss(M, b, X, G, reduction="mean"), M))
    assert same(mean.M, grads.M / B)  # eq-mean-gradients
    if B == 1:  # the single-example bias model (eq-bias-gradients)
        one = mp.affine_gradients(M, b, X[:, 0], G[:, 0])
        assert same(one.b, grad_by_diff(mp.affine_loss(M, b, X[:, 0], G[:, 0]), b))


def test_batch_gradient_without_the_transpose_of_X_fails() -> None:
    M, X, G, b = mat("M", 2, 2), mat("X", 2, 2), mat("G", 2, 2), col("b", 2)
    R = S(G) - (S(M) * S(X) + S(b) * sp.ones(1, 2))
    assert not same(mp.batch_gradients(M, b, X, G).M, -2 * R * S(X))


def test_the_mean_without_dividing_by_B_fails() -> None:
    M, X, G, b = mat("M", 2, 2), mat("X", 2, 2), mat("G", 2, 2), col("b", 2)
    mean = mp.batch_gradients(M, b, X, G, reduction="mean")
    assert not same(mean.M, mp.batch_gradients(M, b, X, G).M)
