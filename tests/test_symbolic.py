"""Exact checks: the identities hold as polynomials, for every size up to 3.

Each matrix and vector is filled with independent sympy symbols; both sides are expanded
and their difference must be the zero polynomial entry by entry (``expand(lhs - rhs) ==
0``). Two polynomials that agree as polynomials agree for every real input, so for the
sizes covered this is a proof, not a sample. Sizes: every m, n, p (and batch size B) in
1..3. Each identity also has a must-fail twin (the common slip), which must *not* expand to
zero for some size, so the comparison is known to be able to fail.

The identities: Proof 1, Proof 2, the derivative of L (both layouts, and the Kronecker
row), and those of the trace page (docs/beyond/trace.md) and the bias-and-batches page
(docs/beyond/bias-and-batches.md).
"""

from __future__ import annotations

import itertools

import pytest
import sympy as sp

SIZES = range(1, 4)


def mat(name: str, rows: int, cols: int) -> sp.Matrix:
    """A rows x cols matrix of independent symbols ``name_ij``."""
    return sp.Matrix(rows, cols, lambda i, j: sp.Symbol(f"{name}_{i}_{j}"))


def col(name: str, size: int) -> sp.Matrix:
    return sp.Matrix(size, 1, lambda i, _: sp.Symbol(f"{name}_{i}"))


def vec(A: sp.Matrix) -> sp.Matrix:
    """Stack the columns (column-major), written out: entry j*m + i is A[i, j]."""
    m, n = A.shape
    return sp.Matrix(m * n, 1, lambda k, _: A[k % m, k // m])


def devec(row: sp.Matrix, m: int, n: int) -> sp.Matrix:
    """Run j of a 1 x mn row becomes column j of an m x n matrix; then transpose (n x m)."""
    return sp.Matrix(m, n, lambda i, j: row[j * m + i]).T


def kron(A: sp.Matrix, B: sp.Matrix) -> sp.Matrix:
    """A ⊗ B by its definition: block (i, j) is a_ij B."""
    p, q = B.shape
    return sp.Matrix(A.rows * p, A.cols * q, lambda r, c: A[r // p, c // q] * B[r % p, c % q])


def is_zero(expr: sp.Matrix | sp.Expr) -> bool:
    """True when every entry expands to the zero polynomial."""
    if isinstance(expr, sp.MatrixBase):
        return all(sp.expand(e) == 0 for e in expr)
    return bool(sp.expand(expr) == 0)


def grad(L: sp.Expr, M: sp.Matrix) -> sp.Matrix:
    """Denominator layout: entry (i, j) is dL/dM_ij."""
    return M.applyfunc(lambda e: sp.diff(L, e))


# ---------------------------------------------------------------- helpers can fail


def test_helpers_match_sympy_and_the_definitions() -> None:
    A = sp.Matrix([[1, 2, 3], [4, 5, 6]])
    assert list(vec(A)) == [1, 4, 2, 5, 3, 6] == list(A.vec())
    B = sp.Matrix([[0, 1], [1, 0]])
    assert kron(A, B) == sp.kronecker_product(A, B)
    assert devec(sp.Matrix([[1, 2, 3, 4, 5, 6]]), 2, 3) == sp.Matrix([[1, 2], [3, 4], [5, 6]])
    assert is_zero(sp.Matrix([[sp.Symbol("a") * 2 - sp.Symbol("a") * 2]]))
    assert not is_zero(sp.Symbol("a") - sp.Symbol("b"))


# ---------------------------------------------------------------- Proof 1


@pytest.mark.parametrize(("m", "n", "p"), list(itertools.product(SIZES, repeat=3)))
def test_proof1_vec_cat(m: int, n: int, p: int) -> None:
    """vec(C Aᵀ) = (A ⊗ I_m) vec(C), and the general form (B ⊗ A) vec X = vec(A X Bᵀ)."""
    C, A = mat("c", m, n), mat("a", p, n)
    assert is_zero(vec(C * A.T) - kron(A, sp.eye(m)) * vec(C))
    # mathlib's Matrix.kronecker_mulVec_vec, with a second free factor on the left.
    A2 = mat("l", 2, m)
    assert is_zero(kron(A, A2) * vec(C) - vec(A2 * C * A.T))


def test_proof1_swapped_factors_fail() -> None:
    """I_m ⊗ A in place of A ⊗ I_m is not the same polynomial once m, n > 1."""
    C, A = mat("c", 2, 2), mat("a", 2, 2)
    assert not is_zero(vec(C * A.T) - kron(sp.eye(2), A) * vec(C))


# ---------------------------------------------------------------- Proof 2


@pytest.mark.parametrize(("m", "n"), list(itertools.product(SIZES, repeat=2)))
def test_proof2_devec(m: int, n: int) -> None:
    """devec(vᵀ (xᵀ ⊗ I_m)) = x vᵀ; before the transpose, unvec gives v xᵀ."""
    v, x = col("v", m), col("x", n)
    row = v.T * kron(x.T, sp.eye(m))
    assert row.shape == (1, m * n)
    assert is_zero(devec(row, m, n) - x * v.T)
    # mathlib's Matrix.vec_vecMul_kronecker instance: the row is vec(v xᵀ)ᵀ.
    assert is_zero(row - vec(v * x.T).T)


def test_proof2_without_the_transpose_fails() -> None:
    v, x = col("v", 2), col("x", 2)
    row = v.T * kron(x.T, sp.eye(2))
    assert not is_zero(devec(row, 2, 2).T - x * v.T)


# ---------------------------------------------------------------- the derivative of L


@pytest.mark.parametrize(("m", "n"), list(itertools.product(SIZES, repeat=2)))
def test_derivative_of_L(m: int, n: int) -> None:
    """dL/dvec(M) = -2(g-y)ᵀ(xᵀ ⊗ I_m); devec is -2x(g-y)ᵀ; the gradient -2(g-y)xᵀ."""
    M, x, g = mat("M", m, n), col("x", n), col("g", m)
    r = g - M * x
    L = (r.T * r)[0, 0]
    gradient = grad(L, M)
    assert is_zero(gradient - (-2 * r * x.T))  # denominator layout, m x n
    row = -2 * r.T * kron(x.T, sp.eye(m))
    assert is_zero(row - vec(gradient).T)  # entry j m + i is dL/dM_ij
    assert is_zero(devec(row, m, n) - (-2 * x * r.T))  # numerator layout, n x m
    assert is_zero(devec(row, m, n) - gradient.T)
    # dL = -2(g-y)ᵀ dy: the differential, with dy = (dM) x, exactly (L is quadratic).
    dM, t = mat("d", m, n), sp.Symbol("t")
    r_t = g - (M + t * dM) * x
    change = (r_t.T * r_t)[0, 0] - L
    assert is_zero(change - (t * (-2 * r.T * dM * x)[0, 0] + t**2 * ((dM * x).T * dM * x)[0, 0]))


def test_a_dropped_factor_two_fails() -> None:
    M, x, g = mat("M", 2, 2), col("x", 2), col("g", 2)
    r = g - M * x
    assert not is_zero(grad((r.T * r)[0, 0], M) - (-r * x.T))


# ---------------------------------------------------------------- the trace page


@pytest.mark.parametrize(("m", "n"), list(itertools.product(SIZES, repeat=2)))
def test_trace_identities(m: int, n: int) -> None:
    """docs/beyond/trace.md: outer, cyclic, Frobenius, the three dL lines, the vec form."""
    a, b = col("a", m), col("b", m)
    assert is_zero((a * b.T).trace() - (b.T * a)[0, 0])  # eq-trace-outer
    for p in SIZES:  # eq-trace-cyclic, for A (m x n), B (n x p), C (p x m)
        A, B, C = mat("A", m, n), mat("B", n, p), mat("C", p, m)
        assert is_zero((A * B * C).trace() - (C * A * B).trace())
        assert is_zero((A * B * C).trace() - (B * C * A).trace())
    A, B = mat("A", m, n), mat("B", m, n)
    frobenius = sum(A[i, j] * B[i, j] for i in range(m) for j in range(n))
    assert is_zero((A.T * B).trace() - frobenius)  # eq-trace-frobenius
    assert is_zero((A.T * B).trace() - (vec(A).T * vec(B))[0, 0])  # eq-trace-vec

    M, x, g, dM = mat("M", m, n), col("x", n), col("g", m), mat("d", m, n)
    r = g - M * x
    line1 = (-2 * r.T * dM * x)[0, 0]
    line2 = (-2 * x * r.T * dM).trace()
    G = -2 * r * x.T
    line3 = ((G.T) * dM).trace()
    assert is_zero(line1 - line2) and is_zero(line2 - line3)
    L = (r.T * r)[0, 0]
    assert is_zero(grad(L, M) - G)  # eq-trace-read-off, eq-trace-gradient


def test_trace_cyclic_is_not_any_permutation() -> None:
    A, B, C = mat("A", 2, 2), mat("B", 2, 2), mat("C", 2, 2)
    assert not is_zero((A * B * C).trace() - (B * A * C).trace())


# ---------------------------------------------------------------- the bias-and-batches page


@pytest.mark.parametrize(("m", "n", "B"), list(itertools.product(SIZES, repeat=3)))
def test_batch_gradients(m: int, n: int, B: int) -> None:
    """Y = MX + b1ᵀ, L = tr((G-Y)ᵀ(G-Y)): the gradients, their sums over examples, the mean."""
    M, X, G, b = mat("M", m, n), mat("X", n, B), mat("G", m, B), col("b", m)
    ones = sp.ones(B, 1)
    R = G - (M * X + b * ones.T)
    L = (R.T * R).trace()
    by_example = sum(
        ((G[:, k] - M * X[:, k] - b).T * (G[:, k] - M * X[:, k] - b))[0, 0] for k in range(B)
    )
    assert is_zero(L - by_example)  # eq-batch-loss
    assert is_zero(L - sum(e**2 for e in R))
    grad_M, grad_b = grad(L, M), grad(L, b)
    assert is_zero(grad_M - (-2 * R * X.T))  # eq-batch-gradients
    assert is_zero(grad_b - (-2 * R * ones))
    per_example = sum(
        (-2 * (G[:, k] - M * X[:, k] - b) * X[:, k].T for k in range(B)), sp.zeros(m, n)
    )
    assert is_zero(grad_M - per_example)  # eq-batch-sum-of-examples
    assert is_zero(grad(L / B, M) - grad_M / B)  # eq-mean-gradients
    # The single-example bias model (eq-bias-gradients) is the case B = 1.
    if B == 1:
        assert is_zero(grad_b - (-2 * R[:, 0]))


def test_batch_gradient_without_the_transpose_of_X_fails() -> None:
    M, X, G = mat("M", 2, 2), mat("X", 2, 2), mat("G", 2, 2)
    R = G - M * X
    assert not is_zero(grad((R.T * R).trace(), M) - (-2 * R * X))
