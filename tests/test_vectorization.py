"""Tests for mathproofs.vectorization: vec, unvec, devec, A kron I_m, Proofs 1 and 2."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from strategies import PROPERTY, dims, dims2, floats, ints, seeds

import mathproofs as mp

# ## Hand-computed values #####################################################


def test_vec_stacks_columns() -> None:
    assert np.array_equal(mp.vec([[1, 2], [3, 4]]), [1, 3, 2, 4])
    assert np.array_equal(mp.vec([[1, 2, 3], [4, 5, 6]]), [1, 4, 2, 5, 3, 6])
    assert np.array_equal(mp.vec([[7]]), [7])


def test_vec_keeps_integer_dtype() -> None:
    out = mp.vec(np.array([[1, 2], [3, 4]], dtype=np.int32))
    assert out.dtype == np.int32


def test_unvec_fills_columns() -> None:
    out = mp.unvec([1, 4, 2, 5, 3, 6], (2, 3))
    assert np.array_equal(out, [[1, 2, 3], [4, 5, 6]])
    assert out.dtype.kind == "i"
    assert np.array_equal(mp.unvec(np.array([1, 2, 3]), (3, 1)), [[1], [2], [3]])


def test_devec_returns_numerator_layout() -> None:
    expected = [[1, 2], [3, 4], [5, 6]]  # n x m = 3 x 2; column j of M becomes row j
    assert np.array_equal(mp.devec([[1, 2, 3, 4, 5, 6]], (2, 3)), expected)
    assert np.array_equal(mp.devec([1, 2, 3, 4, 5, 6], (2, 3)), expected)
    assert np.array_equal(mp.devec([1, 2, 3, 4, 5, 6], [3, 2]), [[1, 2, 3], [4, 5, 6]])


def test_kron_identity_blocks() -> None:
    expected = [
        [1, 0, 2, 0],
        [0, 1, 0, 2],
        [3, 0, 4, 0],
        [0, 3, 0, 4],
    ]
    out = mp.kron_identity([[1, 2], [3, 4]], 2)
    assert np.array_equal(out, expected)
    assert out.dtype.kind == "i"
    assert np.array_equal(mp.kron_identity([[2, 3]], 1), [[2, 3]])
    assert np.array_equal(mp.kron_identity([[5]], 3), 5 * np.eye(3, dtype=int))


def test_proof1_by_hand() -> None:
    C = [[1, 2], [3, 4]]  # m = 2, n = 2
    A = [[1, 0], [1, 1], [0, 2]]  # p = 3
    # C A^T = [[1, 3, 4], [3, 7, 8]]; its columns stacked:
    assert np.array_equal(mp.proof1_lhs(C, A), [1, 3, 3, 7, 4, 8])
    assert np.array_equal(mp.proof1_rhs(C, A), [1, 3, 3, 7, 4, 8])


def test_proof2_by_hand() -> None:
    v, x = [1, 2], [3, 4, 5]  # m = 2, n = 3
    expected = [[3, 6], [4, 8], [5, 10]]  # x v^T, n x m
    assert np.array_equal(mp.proof2_lhs(v, x), expected)
    assert np.array_equal(mp.proof2_rhs(v, x), expected)


# ## Properties ###############################################################


@PROPERTY
@given(m=dims, n=dims, seed=seeds)
def test_vec_unvec_round_trip(m: int, n: int, seed: int) -> None:
    gen = np.random.default_rng(seed)
    A, v = ints(gen, m, n), ints(gen, m * n)
    assert np.array_equal(mp.unvec(mp.vec(A), (m, n)), A)
    assert np.array_equal(mp.vec(mp.unvec(v, (m, n))), v)


@PROPERTY
@given(m=dims, n=dims, seed=seeds)
def test_vec_index_formula(m: int, n: int, seed: int) -> None:
    A = ints(np.random.default_rng(seed), m, n)
    out = mp.vec(A)
    for i in range(m):
        for j in range(n):
            assert out[i + j * m] == A[i, j]


@PROPERTY
@given(m=dims, n=dims, seed=seeds)
def test_devec_definition(m: int, n: int, seed: int) -> None:
    row = ints(np.random.default_rng(seed), 1, m * n)
    out = mp.devec(row, (m, n))
    assert out.shape == (n, m)
    for i in range(m):
        for j in range(n):
            assert out[j, i] == row[0, i + j * m]
    assert np.array_equal(out, mp.unvec(row[0], (m, n)).T)


@PROPERTY
@given(p=dims, n=dims, m=dims, seed=seeds)
def test_kron_identity_index_formula(p: int, n: int, m: int, seed: int) -> None:
    A = ints(np.random.default_rng(seed), p, n)
    K = mp.kron_identity(A, m)
    assert K.shape == (p * m, n * m)
    expected = np.zeros((p * m, n * m), dtype=A.dtype)
    for i in range(p):
        for j in range(n):
            for a in range(m):
                expected[i * m + a, j * m + a] = A[i, j]
    assert np.array_equal(K, expected)


@PROPERTY
@given(m=dims, n=dims, p=dims, seed=seeds)
def test_proof1_exact_on_integers(m: int, n: int, p: int, seed: int) -> None:
    gen = np.random.default_rng(seed)
    C, A = ints(gen, m, n), ints(gen, p, n)
    assert np.array_equal(mp.proof1_lhs(C, A), mp.proof1_rhs(C, A))


@PROPERTY
@given(m=dims, n=dims, p=dims, seed=seeds)
def test_proof1_on_floats(m: int, n: int, p: int, seed: int) -> None:
    gen = np.random.default_rng(seed)
    C, A = floats(gen, m, n), floats(gen, p, n)
    np.testing.assert_allclose(
        mp.proof1_lhs(C, A), mp.proof1_rhs(C, A), rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL
    )


@PROPERTY
@given(m=dims, n=dims, seed=seeds)
def test_proof2_exact_on_integers(m: int, n: int, seed: int) -> None:
    gen = np.random.default_rng(seed)
    v, x = ints(gen, m), ints(gen, n)
    assert np.array_equal(mp.proof2_lhs(v, x), mp.proof2_rhs(v, x))
    assert mp.proof2_lhs(v, x).shape == (n, m)


@PROPERTY
@given(m=dims, n=dims, seed=seeds)
def test_proof2_on_floats(m: int, n: int, seed: int) -> None:
    gen = np.random.default_rng(seed)
    v, x = floats(gen, m), floats(gen, n)
    np.testing.assert_allclose(
        mp.proof2_lhs(v, x), mp.proof2_rhs(v, x), rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL
    )


# ## Mistakes that must fail ##################################################


def test_row_major_vec_is_wrong() -> None:
    A = np.array([[1, 2], [3, 4]])
    assert not np.array_equal(mp.vec(A), A.ravel())  # order="C" stacks rows


@PROPERTY
@given(m=dims2, n=dims2, p=dims, seed=seeds)
def test_proof1_fails_with_row_major_vec(m: int, n: int, p: int, seed: int) -> None:
    gen = np.random.default_rng(seed)
    C, A = floats(gen, m, n), floats(gen, p, n)
    wrong = mp.kron_identity(A, m) @ C.ravel()  # row-major "vec"
    assert not np.allclose(wrong, mp.proof1_lhs(C, A), rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL)


@PROPERTY
@given(m=dims2, n=dims2, seed=seeds)
def test_proof1_fails_with_swapped_kronecker(m: int, n: int, seed: int) -> None:
    gen = np.random.default_rng(seed)
    C, A = floats(gen, m, n), floats(gen, n, n)  # p = n so I_n kron A has a usable shape
    wrong = np.kron(np.eye(m), A) @ mp.vec(C)  # I kron A instead of A kron I
    assert not np.allclose(wrong, mp.proof1_lhs(C, A), rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL)


@PROPERTY
@given(m=dims2, n=dims2, seed=seeds)
def test_proof2_fails_with_swapped_kronecker(m: int, n: int, seed: int) -> None:
    gen = np.random.default_rng(seed)
    v, x = floats(gen, m), floats(gen, n)
    wrong_row = v[np.newaxis, :] @ np.kron(np.eye(m), x[np.newaxis, :])  # I_m kron x^T
    wrong = mp.devec(wrong_row, (m, n))
    assert not np.allclose(wrong, mp.proof2_rhs(v, x), rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL)


@PROPERTY
@given(m=dims2, n=dims2, seed=seeds)
def test_proof2_fails_without_transpose(m: int, n: int, seed: int) -> None:
    gen = np.random.default_rng(seed)
    v, x = floats(gen, m), floats(gen, n)
    # Forgetting the final transpose in devec gives v x^T (m x n), not x v^T (n x m).
    wrong = np.outer(v, x)
    right = mp.proof2_lhs(v, x)
    assert wrong.shape != right.shape or not np.allclose(
        wrong, right, rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL
    )
