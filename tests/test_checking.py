"""Tests for mathproofs.checking: tolerances, finite differences and the seeded rng."""

from __future__ import annotations

import numpy as np
import pytest

import mathproofs as mp
from mathproofs.checking import SEED_VARIABLE


def test_tolerance_tiers() -> None:
    assert (mp.EXACT_RTOL, mp.EXACT_ATOL) == (1e-12, 1e-12)
    assert (mp.FD_STEP, mp.FD_RTOL, mp.FD_ATOL) == (1e-5, 1e-6, 1e-6)
    # The exact tier is far above float64 rounding, the FD tier above FD round-off.
    eps = np.finfo(np.float64).eps
    assert 64 * 4 * eps < mp.EXACT_RTOL < mp.FD_RTOL
    assert eps / mp.FD_STEP < mp.FD_RTOL


def test_numerical_gradient_of_sum_of_squares() -> None:
    W = np.array([[1.0, -2.0], [0.5, 3.0], [0.0, 4.0]])
    out = mp.numerical_gradient(lambda A: float(np.sum(A**2)), W)
    assert out.shape == W.shape
    assert out.dtype == np.float64
    np.testing.assert_allclose(out, 2 * W, rtol=mp.FD_RTOL, atol=mp.FD_ATOL)


def test_numerical_gradient_on_vector_and_integer_point() -> None:
    out = mp.numerical_gradient(lambda v: v[0] * v[1] + v[1] ** 3, [2, 3])
    np.testing.assert_allclose(out, [3.0, 2.0 + 27.0], rtol=mp.FD_RTOL, atol=mp.FD_ATOL)


def test_numerical_gradient_does_not_modify_input() -> None:
    W = np.array([1.0, 2.0])
    mp.numerical_gradient(lambda v: float(v @ v), W)
    assert np.array_equal(W, [1.0, 2.0])


def test_numerical_gradient_with_explicit_step() -> None:
    out = mp.numerical_gradient(lambda v: v[0] ** 2, [1.0], h=1e-3)
    np.testing.assert_allclose(out, [2.0], rtol=mp.FD_RTOL, atol=mp.FD_ATOL)


def test_directional_derivative_of_quadratic() -> None:
    M = np.array([[1.0, 2.0], [3.0, 4.0]])
    V = np.array([[1.0, 0.0], [0.0, -1.0]])
    # f = sum M^2, so D_V f = <2M, V> = 2 - 8 = -6.
    out = mp.directional_derivative(lambda A: float(np.sum(A**2)), M, V)
    assert isinstance(out, float)
    np.testing.assert_allclose(out, -6.0, rtol=mp.FD_RTOL, atol=mp.FD_ATOL)
    out1 = mp.directional_derivative(lambda v: float(v @ v), [1, 2], [1, 1], h=1e-4)
    np.testing.assert_allclose(out1, 6.0, rtol=mp.FD_RTOL, atol=mp.FD_ATOL)


def test_rng_defaults_to_seed_zero(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(SEED_VARIABLE, raising=False)
    assert np.array_equal(mp.rng().random(4), np.random.default_rng(0).random(4))


def test_rng_explicit_seed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SEED_VARIABLE, "5")
    assert np.array_equal(mp.rng(7).random(4), np.random.default_rng(7).random(4))
    assert np.array_equal(mp.rng(np.int64(7)).random(4), np.random.default_rng(7).random(4))


def test_rng_reads_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SEED_VARIABLE, " 123 ")
    assert np.array_equal(mp.rng().random(4), np.random.default_rng(123).random(4))
    assert not np.array_equal(mp.rng().random(4), np.random.default_rng(0).random(4))


@pytest.mark.parametrize("text", ["abc", "1.5", "", "-3"])
def test_rng_rejects_bad_environment(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setenv(SEED_VARIABLE, text)
    with pytest.raises(ValueError, match=SEED_VARIABLE):
        mp.rng()


@pytest.mark.parametrize("seed", [1.5, "3", True, [1]])
def test_rng_rejects_non_int_seed(seed: object) -> None:
    with pytest.raises(TypeError, match="seed"):
        mp.rng(seed)  # type: ignore[arg-type]


def test_rng_rejects_negative_seed() -> None:
    with pytest.raises(ValueError, match="seed must be a non-negative int; got -1"):
        mp.rng(-1)
