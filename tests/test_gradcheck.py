"""`mathproofs.check_gradient`: verdicts, the diagnosis of each usual mistake, bad input.

Against the package's own gradients (``mp.gradient``, ``mp.dL_dM``, ``mp.dL_dvecM``, the
affine, batch and two-layer gradients) and against independent closed forms derived by hand
here (tr(AX), ‖AX - B‖²_F, xᵀWx). Each diagnosis is shown on a wrong answer a student would
write. ``tests/data/gradcheck_cases.json`` holds cases that the in-browser checker's test
runs too: the tests below run every one through ``check_gradient``.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from strategies import PROPERTY, dims, dims2, floats, model, seeds

import mathproofs as mp
from mathproofs import gradcheck
from mathproofs._shapes import format_shape

CASES_FILE = Path(__file__).parent / "data" / "gradcheck_cases.json"
CASES: dict[str, Any] = json.loads(CASES_FILE.read_text("utf-8"))

# The factors a slip produces, each a fraction p/q with |p|, q <= gradcheck.FACTOR_TERMS.
SIMPLE = [Fraction(p, q) for p in (-4, -2, 2, 3, 4, 16) for q in (1, 2, 3, 16)]
FACTORS = sorted({c for c in SIMPLE if c not in (1, -1)})


def linear(M: Any, x: Any, g: Any) -> Callable[[Any], Any]:
    """The post's loss as a function of M alone."""
    return lambda W: mp.loss(W, x, g)


def check(f: Callable[[Any], Any], candidate: Any, X: Any) -> mp.GradientCheck:
    return mp.check_gradient(f, candidate, X)


def verdict(result: mp.GradientCheck) -> tuple[object, object]:
    return result.mistake, result.factor


# ## The case file shared with the in-browser checker ##########################


def _namespace(case: dict[str, Any]) -> dict[str, Any]:
    form = CASES["forms"][case["form"]]
    names = {"np": np, **{k: np.array(v) for k, v in case["data"].items()}}
    names[form["variable"]] = np.array(case["X"])
    return names


def _function(form: dict[str, Any], names: dict[str, Any], expression: str) -> Any:
    """A form's expression as a function of its variable, the data fixed."""
    return eval(f"lambda {form['variable']}: {expression}", dict(names))


@pytest.mark.parametrize("case", CASES["cases"], ids=lambda c: c["name"])
def test_every_shared_case_gets_its_verdict(case: dict[str, Any]) -> None:
    form, names = CASES["forms"][case["form"]], _namespace(case)
    assert sorted(case["data"]) == sorted(form["data"])
    candidate = np.array(case["candidate"])
    assert np.array_equal(eval(case["candidate_python"], dict(names)), candidate)
    f = _function(form, names, form["f"])
    gradient = _function(form, names, form["gradient"])
    X = np.array(case["X"])
    assert check(f, gradient(X), X).ok  # the form's own gradient is right
    result = check(f, candidate, X)
    factor = None if case["factor"] is None else Fraction(case["factor"])
    assert verdict(result) == (case["mistake"], factor), result
    assert result.ok is (case["mistake"] is None)


def test_the_shared_cases_cover_every_form_and_every_verdict() -> None:
    cases = CASES["cases"]
    assert {c["form"] for c in cases} == set(CASES["forms"])
    assert {c["mistake"] for c in cases} == {None, *gradcheck.MISTAKES}
    assert len({c["name"] for c in cases}) == len(cases)
    for case in cases:  # exact numbers: the browser computes the same values
        assert all(float(4 * v).is_integer() for v in np.ravel(case["candidate"])), case["name"]


# ## The result ###############################################################


def _post_model() -> tuple[Any, Any, Any]:
    gen = mp.rng()
    return floats(gen, 2, 3), floats(gen, 3), floats(gen, 2)


def test_a_right_gradient_is_ok_and_the_result_reads_well() -> None:
    M, x, g = _post_model()
    result = check(linear(M, x, g), mp.gradient(M, x, g), M)
    assert result.ok and result.mistake is None and result.factor == 1
    assert 0 <= result.error <= mp.FD_RTOL
    assert result.diagnosis.startswith("The candidate matches the gradient (error ")
    assert str(result) == result.diagnosis
    assert repr(result).startswith("GradientCheck(ok=True, mistake=None, factor='1', error=")
    assert "expected" not in repr(result)  # the array stays out of the one-line repr
    expected = mp.numerical_gradient(linear(M, x, g), M)
    assert np.array_equal(result.expected, expected)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.ok = False  # type: ignore[misc]


@pytest.mark.parametrize("k", [1e-3, 1.0])
def test_the_tolerance_is_FD_RTOL_at_the_gradient_s_scale(k: float) -> None:
    """One entry off by a tenth of the tolerance passes, off by ten times it fails: relative
    to the largest entry for the loss (k = 1), absolute (FD_ATOL) below 1 (k = 1e-3)."""
    M, x, g = _post_model()
    G = k * mp.gradient(M, x, g)
    scale = max(float(np.max(np.abs(G))), mp.FD_ATOL / mp.FD_RTOL)
    assert (scale == 1) is (k < 1)
    E = np.zeros_like(G)
    E[1, 2] = scale * mp.FD_RTOL
    f = lambda W: k * mp.loss(W, x, g)  # noqa: E731
    assert check(f, G + 0.1 * E, M).ok
    result = check(f, G + 10 * E, M)
    assert verdict(result) == ("wrong", None)
    assert 9 * mp.FD_RTOL < result.error < 11 * mp.FD_RTOL


def test_a_candidate_may_be_a_function_of_X() -> None:
    M, x, g = _post_model()
    assert check(linear(M, x, g), lambda W: mp.gradient(W, x, g), M).ok
    assert check(linear(M, x, g), lambda W: mp.dL_dM(W, x, g), M).mistake == "transpose"


def _no_gradient(v: Any) -> float:
    """x1^3 / (x1^2 + x2^2), 0 at 0: slopes (1, 0) along the axes at 0, but no gradient there:
    its directional derivative V1^3 / |V|^2 is not linear in V."""
    return float(v[0] ** 3 / (v[0] ** 2 + v[1] ** 2)) if np.any(v) else 0.0


def test_the_generator_draws_the_directions() -> None:
    """At a point without a gradient only the directional error is seen, and it depends on
    the directions: the same seed gives the same error, another seed another one."""
    origin, slopes = np.zeros(2), [1.0, 0.0]
    default = mp.check_gradient(_no_gradient, slopes, origin)
    same = mp.check_gradient(_no_gradient, slopes, origin, rng=mp.rng())
    other = mp.check_gradient(_no_gradient, slopes, origin, rng=mp.rng(1))
    assert default.error == same.error != other.error
    assert not default.ok and not other.ok


# ## Each diagnosis on a real wrong answer ####################################


def test_the_numerator_layout_dL_dM_is_the_transpose() -> None:
    M, x, g = _post_model()
    result = check(linear(M, x, g), mp.dL_dM(M, x, g), M)  # -2 x (g - y)^T, n x m
    assert verdict(result) == ("transpose", 1) and not result.ok
    assert result.error == math.inf  # its shape is not M's: nothing to compare entrywise
    assert result.diagnosis == (
        "The candidate is the transpose of the gradient: it is the numerator-layout "
        "derivative, of shape (3, 2), where the gradient has the shape of X, (2, 3)."
    )


def test_the_flipped_sign_of_minus_two_residual_x_transpose() -> None:
    M, x, g = _post_model()
    flipped = 2 * np.outer(g - M @ x, x)  # -2 (g - y) x^T with its sign lost
    result = check(linear(M, x, g), flipped, M)
    assert verdict(result) == ("sign", -1)
    assert result.diagnosis == "The sign is wrong: the candidate is minus the gradient."
    assert result.error > 1  # minus the gradient is off by twice its largest entry


def test_the_missing_factor_two_in_the_gradient_of_a_squared_norm() -> None:
    """∇_M ‖Mx - g‖² = 2(Mx - g)xᵀ; the slip drops the 2 of the square."""
    M, x, g = _post_model()
    result = check(linear(M, x, g), np.outer(M @ x - g, x), M)
    assert verdict(result) == ("factor", Fraction(1, 2))
    assert result.diagnosis == (
        "Off by a constant factor 1/2: the candidate is 1/2 times the gradient."
    )


def test_a_factor_of_two_too_many_is_named_two() -> None:
    M, x, g = _post_model()
    result = check(linear(M, x, g), -4 * np.outer(g - M @ x, x), M)
    assert verdict(result) == ("factor", 2)
    assert result.diagnosis == "Off by a constant factor 2: the candidate is 2 times the gradient."


def test_the_vec_of_the_gradient_is_the_wrong_shape_with_its_reading() -> None:
    M, x, g = _post_model()
    result = check(linear(M, x, g), mp.vec(mp.gradient(M, x, g)), M)
    assert verdict(result) == ("shape", 1)
    assert result.diagnosis == (
        "The candidate has shape (6,), but the gradient has the shape of X, (2, 3): it holds "
        "the gradient's entries in column-major order, as vec stacks them; reshape it to "
        "(2, 3) with order='F'."
    )
    row = check(linear(M, x, g), mp.dL_dvecM(M, x, g), M)  # the post's 1 x mn row
    assert verdict(row) == ("shape", 1) and "shape (1, 6)" in row.diagnosis
    flat = check(linear(M, x, g), mp.gradient(M, x, g).ravel(), M)  # NumPy's row-major ravel
    assert verdict(flat) == ("shape", 1) and "row-major order" in flat.diagnosis


def test_an_outer_product_of_the_wrong_vectors_is_the_wrong_shape() -> None:
    M, x, g = _post_model()
    r = g - M @ x
    result = check(linear(M, x, g), -2 * np.outer(r, r), M)  # (g - y)(g - y)^T, m x m
    assert verdict(result) == ("shape", None)
    assert result.diagnosis == (
        "The candidate has shape (2, 2), but the gradient has the shape of X, (2, 3)."
    )
    assert verdict(check(linear(M, x, g), -2 * np.outer(x, x), M)) == ("shape", None)
    assert verdict(check(linear(M, x, g), -2 * r, M)) == ("shape", None)  # x^T forgotten


def test_an_unrelated_wrong_answer_names_no_mistake() -> None:
    M, x, g = _post_model()
    result = check(linear(M, x, g), -2 * np.outer(g, x), M)  # y forgotten
    assert verdict(result) == ("wrong", None)
    assert result.diagnosis.startswith("The candidate is wrong: its error is ")
    assert result.diagnosis.endswith(
        "relative to the gradient's scale, and no usual mistake (transpose, sign, constant "
        "factor) explains it."
    )
    assert result.error > 0.1
    zero = check(linear(M, x, g), np.zeros((2, 3)), M)
    assert verdict(zero) == ("wrong", None)
    assert zero.diagnosis == "The candidate is zero, but the gradient is not."


def test_a_numerator_layout_row_for_a_vector_is_the_transpose() -> None:
    """∂L/∂x = -2(g - y)ᵀM, a 1 by n row; the gradient ∇ₓL = -2Mᵀ(g - y) has x's shape."""
    M, x, g = _post_model()
    row = (-2 * (g - M @ x) @ M)[np.newaxis, :]
    result = check(lambda v: mp.loss(M, v, g), row, x)
    assert verdict(result) == ("transpose", 1)
    assert "a row of shape (1, 3), where the gradient has the shape of X, (3,)" in result.diagnosis
    column = check(lambda v: mp.loss(M, v, g), row.T, x)  # a column: NumPy would broadcast
    assert verdict(column) == ("shape", 1)


def test_combined_slips_are_named_together() -> None:
    """Sign and factor: a negative factor; transpose with a sign or a factor; shape and factor."""
    M, x, g = _post_model()
    G, f = mp.gradient(M, x, g), linear(M, x, g)
    half = check(f, -G / 2, M)
    assert verdict(half) == ("factor", Fraction(-1, 2))
    assert half.diagnosis == (
        "Off by a constant factor -1/2 (the sign is wrong too): the candidate is -1/2 times "
        "the gradient."
    )
    assert verdict(check(f, -mp.dL_dM(M, x, g), M)) == ("transpose", -1)
    lost = check(f, mp.dL_dM(M, x, g) / 2, M)  # numerator layout and the 2 lost
    assert verdict(lost) == ("transpose", Fraction(1, 2))
    assert lost.diagnosis.startswith(
        "The candidate is the transpose of the gradient, off by a constant factor 1/2: it is "
        "1/2 times the numerator-layout derivative"
    )
    assert verdict(check(f, 2 * mp.dL_dvecM(M, x, g), M)) == ("shape", 2)


def test_the_order_names_the_transpose_first_when_two_mistakes_fit() -> None:
    """An antisymmetric gradient: minus it is also its transpose, and the transpose comes first."""
    A = np.array([[0.0, 2.0], [-2.0, 0.0]])  # f(X) = tr(AX) has gradient A^T = -A
    X = np.eye(2)
    result = check(lambda W: np.trace(A @ W), A, X)  # A = -grad = grad^T
    assert verdict(result) == ("transpose", 1)
    assert "X is square, so the shapes agree" in result.diagnosis
    S = np.array([[1.0, 2.0], [2.0, 3.0]])  # symmetric: its transpose is itself, nothing to name
    assert check(lambda W: np.trace(S @ W), S, X).ok
    assert verdict(check(lambda W: np.trace(S @ W), 2 * S, X)) == ("factor", 2)


def test_only_simple_fractions_are_named_factors() -> None:
    M, x, g = _post_model()
    G, f = mp.gradient(M, x, g), linear(M, x, g)
    assert verdict(check(f, 16 * G, M)) == ("factor", 16)
    assert verdict(check(f, G * Fraction(3, 16), M)) == ("factor", Fraction(3, 16))
    for c in (17, 0.37, 1 / 17, math.pi):  # a multiple, but not by a simple fraction
        assert verdict(check(f, c * G, M)) == ("wrong", None), c


def test_a_zero_gradient_makes_no_factor_fit() -> None:
    """At an exact fit, g = Mx, the gradient is zero: c times it is zero for every c."""
    gen = mp.rng()
    M, x = floats(gen, 2, 3), floats(gen, 3)
    f = linear(M, x, M @ x)
    assert np.max(np.abs(mp.numerical_gradient(f, M))) <= mp.FD_ATOL
    assert check(f, np.zeros((2, 3)), M).ok
    for candidate in (np.ones((2, 3)), 2 * floats(gen, 2, 3), np.outer([1.0, 0.0], x)):
        result = check(f, candidate, M)
        assert verdict(result) == ("wrong", None)
        assert result.diagnosis.startswith(
            "The gradient is zero at this X (every entry within 1e-06 of 0), but the candidate "
            "is not"
        )
    transposed = check(f, np.zeros((3, 2)), M)  # zeros of the transposed shape
    assert verdict(transposed) == ("transpose", 1)


def test_a_small_gradient_is_told_from_a_zero_one() -> None:
    """Scaled down to 1e-4, the gradient is still 100 FD_ATOL: its factor 2 is seen."""
    M, x, g = _post_model()
    f = lambda W: 1e-4 * mp.loss(W, x, g)  # noqa: E731
    G = 1e-4 * mp.gradient(M, x, g)
    assert check(f, G, M).ok
    assert verdict(check(f, 2 * G, M)) == ("factor", 2)
    assert verdict(check(f, G.T, M)) == ("transpose", 1)


def test_the_directional_check_sees_what_entries_miss() -> None:
    """Entry by entry, the slopes (1, 0) of `_no_gradient` at 0 fit; along directions not."""
    origin = np.zeros(2)
    assert np.allclose(mp.numerical_gradient(_no_gradient, origin), [1, 0], rtol=0, atol=mp.FD_ATOL)
    result = check(_no_gradient, [1.0, 0.0], origin)
    assert verdict(result) == ("wrong", None)
    assert result.diagnosis.startswith(
        "The candidate matches the central differences entry by entry, but not along random "
        "directions"
    )
    assert result.error > 0.1


def test_entries_within_the_tolerance_pass_along_every_direction() -> None:
    """Every entry 0.7 of the tolerance off, in the same sign: along a direction V the errors
    add up to 0.7 tolerance times sum |V_ij|, which the direction check allows for."""
    M, x, g = np.array([[1, -2, 0], [3, 1, -1]]), np.array([2, -1, 1]), np.array([1, 6])
    f = lambda W: (g - W @ x) @ (g - W @ x)  # noqa: E731
    G = -2 * np.outer(g - M @ x, x)  # largest entry 12: the scale
    near = check(f, G + 0.7 * 12 * mp.FD_RTOL * np.ones((2, 3)), M)
    assert near.ok, near
    np.testing.assert_allclose(near.error, 0.7 * mp.FD_RTOL, rtol=1e-3, atol=0)
    assert not check(f, G + 1.5 * 12 * mp.FD_RTOL * np.ones((2, 3)), M).ok


# ## Against the package's gradients ##########################################

# Pre-activations kept this far from relu's kink: the central differences step across
# FD_STEP * |x_j| <= 1e-4 for O(1) data, so 1e-3 leaves a factor 10 (as in test_network).
KINK_MARGIN = 100 * mp.FD_STEP


def test_affine_gradients_and_the_slips_in_them() -> None:
    gen = mp.rng()
    M, b, x, g = floats(gen, 3, 2), floats(gen, 3), floats(gen, 2), floats(gen, 3)
    grads = mp.affine_gradients(M, b, x, g)
    assert check(lambda W: mp.affine_loss(W, b, x, g), grads.M, M).ok
    assert check(lambda c: mp.affine_loss(M, c, x, g), grads.b, b).ok
    residual = g - (M @ x + b)  # the slip: (g - y) for the bias, its -2 lost
    slip = check(lambda c: mp.affine_loss(M, c, x, g), residual, b)
    assert verdict(slip) == ("factor", Fraction(-1, 2))


@pytest.mark.parametrize("reduction", ["sum", "mean"])
def test_batch_gradients_and_the_mean_s_factor(reduction: str) -> None:
    gen = mp.rng()
    M, b, X, G = floats(gen, 2, 3), floats(gen, 2), floats(gen, 3, 5), floats(gen, 2, 5)
    grads = mp.batch_gradients(M, b, X, G, reduction=reduction)  # type: ignore[arg-type]

    def loss(W: Any) -> Any:
        return mp.batch_loss(W, b, X, G, reduction=reduction)  # type: ignore[arg-type]

    assert check(loss, grads.M, M).ok
    other = "mean" if reduction == "sum" else "sum"
    wrong = mp.batch_gradients(M, b, X, G, reduction=other).M  # type: ignore[arg-type]
    B = X.shape[1]  # the mean divides by the batch size B = 5
    factor = Fraction(B) if other == "sum" else Fraction(1, B)
    assert verdict(check(loss, wrong, M)) == ("factor", factor)


def test_two_layer_gradients_each_parameter() -> None:
    gen = mp.rng()
    M1, b1, M2, b2 = floats(gen, 4, 3), floats(gen, 4), floats(gen, 2, 4), floats(gen, 2)
    x, g = floats(gen, 3), floats(gen, 2)
    z = M1 @ x + b1
    b1 = b1 + np.where(np.abs(z) <= KINK_MARGIN, 10 * KINK_MARGIN, 0.0)
    assert np.min(np.abs(M1 @ x + b1)) > KINK_MARGIN
    params = {"M1": M1, "b1": b1, "M2": M2, "b2": b2}
    grads = mp.two_layer_gradients(M1, b1, M2, b2, x, g)._asdict()
    for name, value in params.items():

        def loss(P: Any, name: str = name) -> Any:
            return mp.two_layer_loss(**{**params, name: P}, x=x, g=g)

        assert check(loss, grads[name], value).ok, name
        if value.ndim == 2:
            assert verdict(check(loss, grads[name].T, value)) == ("transpose", 1), name


# ## Against independent closed forms (derived by hand here) ##################


def test_trace_of_AX_has_gradient_A_transpose() -> None:
    """d tr(AX) = tr(A dX) = ⟨Aᵀ, dX⟩, so ∇_X tr(AX) = Aᵀ; A itself is the numerator layout."""
    gen = mp.rng()
    A, X = floats(gen, 4, 3), floats(gen, 3, 4)
    f = lambda W: np.trace(A @ W)  # noqa: E731
    assert check(f, A.T, X).ok
    assert verdict(check(f, A, X)) == ("transpose", 1)


def test_least_squares_in_a_matrix() -> None:
    """‖AX - B‖²_F: d = 2⟨AX - B, A dX⟩ = ⟨2Aᵀ(AX - B), dX⟩."""
    gen = mp.rng()
    A, X, B = floats(gen, 4, 3), floats(gen, 3, 2), floats(gen, 4, 2)
    f = lambda W: np.sum((A @ W - B) ** 2)  # noqa: E731
    G = 2 * A.T @ (A @ X - B)
    assert check(f, G, X).ok
    assert verdict(check(f, A.T @ (A @ X - B), X)) == ("factor", Fraction(1, 2))
    assert verdict(check(f, 2 * (A @ X - B).T @ A, X)) == ("transpose", 1)
    assert verdict(check(f, 2 * A.T @ (A @ X + B), X)) == ("wrong", None)


def test_a_quadratic_form_with_a_matrix_that_is_not_symmetric() -> None:
    """xᵀWx: d = dxᵀWx + xᵀW dx = ((W + Wᵀ)x)ᵀ dx; 2Wx holds only for a symmetric W."""
    gen = mp.rng()
    W, x = floats(gen, 4, 4), floats(gen, 4)
    f = lambda v: v @ W @ v  # noqa: E731
    assert check(f, (W + W.T) @ x, x).ok
    assert verdict(check(f, 2 * W @ x, x)) == ("wrong", None)
    S = W + W.T
    assert check(lambda v: v @ S @ v, 2 * S @ x, x).ok


# ## Properties ###############################################################


@PROPERTY
@given(m=dims2, n=dims2, seed=seeds, c=st.sampled_from(FACTORS))
def test_each_slip_of_the_derivation_is_diagnosed(m: int, n: int, seed: int, c: Fraction) -> None:
    gen = np.random.default_rng(seed)
    M, x, g = model(gen, m, n)
    f, G = linear(M, x, g), mp.gradient(M, x, g)
    assert check(f, G, M).ok
    assert verdict(check(f, mp.dL_dM(M, x, g), M)) == ("transpose", 1)
    assert verdict(check(f, -G, M)) == ("sign", -1)
    assert verdict(check(f, float(c) * G, M)) == ("factor", c)
    assert verdict(check(f, float(c) * mp.dL_dM(M, x, g), M)) == ("transpose", c)
    assert verdict(check(f, mp.vec(G), M)) == ("shape", 1)
    assert verdict(check(f, floats(gen, m, n), M)) == ("wrong", None)


@PROPERTY
@given(m=dims, n=dims, seed=seeds)
def test_every_verdict_is_a_known_one_and_ok_means_close(m: int, n: int, seed: int) -> None:
    gen = np.random.default_rng(seed)
    M, x, g = model(gen, m, n)
    G = mp.gradient(M, x, g)
    for candidate in (G, G + 1e-3 * floats(gen, m, n), floats(gen, m, n), G.T, -G):
        result = check(linear(M, x, g), candidate, M)
        assert result.mistake in (None, *gradcheck.MISTAKES)
        assert result.ok is (result.mistake is None)
        if result.ok:
            # error <= FD_RTOL at the gradient's scale; the central differences add ~1e-10
            scale = max(float(np.max(np.abs(G))), mp.FD_ATOL / mp.FD_RTOL)
            assert np.max(np.abs(candidate - G)) <= 2 * mp.FD_RTOL * scale


@PROPERTY
@given(m=dims, n=dims, seed=seeds, c=st.sampled_from([*FACTORS, Fraction(-1)]))
def test_at_a_zero_gradient_no_factor_fits(m: int, n: int, seed: int, c: Fraction) -> None:
    gen = np.random.default_rng(seed)
    M, x = floats(gen, m, n), floats(gen, n)
    R = floats(gen, m, n)
    result = check(linear(M, x, M @ x), float(c) * R, M)
    assert verdict(result) == ("wrong", None)


@PROPERTY
@given(n=dims2, seed=seeds)
def test_a_quadratic_form_property(n: int, seed: int) -> None:
    gen = np.random.default_rng(seed)
    W, x = floats(gen, n, n), floats(gen, n)
    f = lambda v: v @ W @ v  # noqa: E731
    assert check(f, (W + W.T) @ x, x).ok
    assert verdict(check(f, ((W + W.T) @ x)[np.newaxis, :], x)) == ("transpose", 1)
    assert verdict(check(f, -(W + W.T) @ x, x)) == ("sign", -1)


# ## Bad input ################################################################
#
# tests/test_validation.py generates the bad-X cases from check_gradient's spec (dimensions,
# empty, non-finite, dtypes, object entries); these cover f, the candidate and rng.


def _call(**override: Any) -> mp.GradientCheck:
    X = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, -1.0]])
    kwargs = {"f": lambda W: float(np.sum(W * W)), "candidate": 2 * X, "X": X, **override}
    return mp.check_gradient(**kwargs)


SCALAR = "f must return a real scalar; got "


def test_valid_input_passes() -> None:
    assert _call().ok


@pytest.mark.parametrize(
    ("result", "error", "message"),
    [
        (np.ones(2), TypeError, SCALAR + "ndarray with dtype 'float64' and shape (2,)"),
        ("1", TypeError, SCALAR + "str with dtype '<U1' and shape ()"),
        (1j, TypeError, SCALAR + "complex with dtype 'complex128' and shape ()"),
        (None, TypeError, SCALAR + "NoneType with dtype 'object' and shape ()"),
        (np.nan, ValueError, "f returned a non-finite value nan"),
        (-np.inf, ValueError, "f returned a non-finite value -inf"),
    ],
)
def test_f_must_return_a_finite_real_scalar(
    result: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as info:
        _call(f=lambda W: result)
    assert str(info.value) == message
    with pytest.raises(TypeError, match=r"^f must be callable; got float$"):
        _call(f=1.0)


def test_f_is_checked_at_X_itself() -> None:
    """A function finite near X but not at X is refused too."""
    with pytest.raises(ValueError, match=r"^f returned a non-finite value nan$"):
        _call(f=lambda W: np.nan if np.all(W == [[1, 2, 0], [0, 1, -1]]) else 0.0)


REAL = "candidate must be a real numeric array; got dtype "
BAD_CANDIDATES = [
    (np.full((2, 3), "a"), TypeError, REAL + "'<U1'"),
    (np.ones((2, 3), dtype=bool), TypeError, REAL + "'bool'"),
    (np.ones((2, 3), dtype=complex), TypeError, REAL + "'complex128'"),
    (None, TypeError, REAL + "'object' with an entry of type NoneType (not a real number): None"),
    (
        np.array([1, sp.Symbol("t")]),
        TypeError,
        REAL + "'object' with an entry of type Symbol (symbolic; finite differences need "
        "numbers): t",
    ),
    (
        np.array([[1.0, np.nan, 0], [0, 0, 0]]),
        ValueError,
        "candidate contains non-finite values (nan or inf)",
    ),
    ([[1, 2], [3]], ValueError, "candidate could not be converted to an array: "),
]


@pytest.mark.parametrize(("candidate", "error", "message"), BAD_CANDIDATES)
def test_a_candidate_must_be_real_finite_numbers(
    candidate: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as info:
        _call(candidate=candidate)
    assert str(info.value).startswith(message), str(info.value)
    with pytest.raises(error) as info:  # the same from a function's value, named so
        _call(candidate=lambda W: candidate)
    assert str(info.value).startswith(message.replace("candidate", "candidate(X)", 1))


@pytest.mark.parametrize("shape", [(5,), (4, 4), (2, 5), (0,), (2, 3, 1), (1, 1, 6)])
def test_a_shape_no_diagnosis_explains_is_a_value_error(shape: tuple[int, ...]) -> None:
    with pytest.raises(ValueError) as info:
        _call(candidate=np.zeros(shape))
    assert str(info.value) == (
        "candidate: expected shape (2, 3) like X, or a shape a diagnosis explains (at most 2 "
        f"dimensions, each of size 1, 2, 3 or 6); got shape {format_shape(shape)}"
    )


EXPLAINED = [(3, 2), (6,), (1, 6), (6, 1), (2, 2), (3, 3), (3,), (2, 1), (1, 1), (), (6, 6)]


@pytest.mark.parametrize("shape", EXPLAINED)
def test_every_other_shape_a_diagnosis_explains_is_the_wrong_shape(
    shape: tuple[int, ...],
) -> None:
    """The gradient is 2X; ones of any explained shape but X's is the wrong shape."""
    result = _call(candidate=np.ones(shape))
    assert verdict(result) == ("shape", None), result
    assert result.diagnosis == (
        f"The candidate has shape {format_shape(shape)}, but the gradient has the shape of X, "
        "(2, 3)."
    )
    assert verdict(_call(candidate=np.ones((2, 3)))) == ("wrong", None)


def test_a_vector_X_explains_rows_columns_and_squares_only() -> None:
    x = np.array([1.0, 2.0, 3.0])
    f = lambda v: float(v @ v)  # noqa: E731
    assert [check(f, c, x).mistake for c in (2 * x, 2 * x[None, :], 2 * x[:, None])] == [
        None,
        "transpose",
        "shape",
    ]
    assert check(f, np.ones((3, 3)), x).mistake == "shape"
    with pytest.raises(ValueError, match=r"each of size 1 or 3\); got shape \(2,\)$"):
        check(f, np.ones(2), x)


def test_X_must_be_numbers_not_symbols() -> None:
    with pytest.raises(TypeError) as info:
        _call(X=np.array([sp.Symbol("t"), 1]), candidate=[1, 1])
    assert str(info.value) == (
        "X must be a real numeric array; got dtype 'object' with an entry of type Symbol "
        "(symbolic; finite differences need numbers): t"
    )


def test_fractions_and_integers_are_read_as_numbers() -> None:
    X = np.array([[Fraction(1, 2), Fraction(1)], [Fraction(0), Fraction(-3, 4)]])
    result = mp.check_gradient(lambda W: float(np.sum(W * W)), 2 * X, X)
    assert result.ok
    assert mp.check_gradient(lambda W: float(np.sum(W)), np.ones((2, 2), dtype=int), X).ok


@pytest.mark.parametrize("rng", [0, "seed", np.random.RandomState(0), np.random.default_rng])
def test_rng_must_be_a_generator(rng: object) -> None:
    with pytest.raises(TypeError) as info:
        _call(rng=rng)
    assert str(info.value) == (
        f"rng must be a numpy Generator (e.g. mp.rng()) or None; got {type(rng).__name__}"
    )


# ## check_matrix: a matrix answer, and the swapped Kronecker factors ############


def _vec_abc() -> tuple[Any, Any, Any]:
    gen = mp.rng(3)
    A, B, C = gen.standard_normal((2, 3)), gen.standard_normal((3, 4)), gen.standard_normal((4, 5))
    return A, B, C


def test_numerical_jacobian_of_vec_abc_is_c_transpose_kron_a() -> None:
    """An independent route to the expected matrix: the Jacobian measured, against np.kron."""
    A, B, C = _vec_abc()
    K = mp.numerical_jacobian(lambda X: A @ X @ C, B)
    assert K.shape == (2 * 5, 3 * 4)
    np.testing.assert_allclose(K, np.kron(C.T, A), rtol=mp.FD_RTOL, atol=mp.FD_ATOL)
    np.testing.assert_allclose(K @ mp.vec(B), mp.vec(A @ B @ C), rtol=mp.FD_RTOL, atol=mp.FD_ATOL)
    assert not np.allclose(K, np.kron(A, C.T), rtol=mp.FD_RTOL, atol=mp.FD_ATOL)


def test_each_matrix_diagnosis_on_a_real_wrong_answer() -> None:
    A, B, C = _vec_abc()
    K = mp.numerical_jacobian(lambda X: A @ X @ C, B)
    kron = ((5, 4), (2, 3))  # C^T is 5 x 4, A is 2 x 3
    answers = {
        "right": (np.kron(C.T, A), None, Fraction(1)),
        "swapped": (np.kron(A, C.T), "kronecker", Fraction(1)),
        "swapped, twice": (2 * np.kron(A, C.T), "kronecker", Fraction(2)),
        "transposed": (np.kron(C, A.T), "transpose", Fraction(1)),
        "sign": (-np.kron(C.T, A), "sign", Fraction(-1)),
        "half": (np.kron(C.T, A) / 2, "factor", Fraction(1, 2)),
        "C without its transpose": (np.kron(C, A), "shape", None),
        "unrelated": (np.kron(C.T, A) + 1, "wrong", None),
    }
    for name, (candidate, mistake, factor) in answers.items():
        result = mp.check_matrix(candidate, K, kron=kron)
        assert (result.ok, result.mistake, result.factor) == (mistake is None, mistake, factor), (
            name,
            result,
        )
    assert str(mp.check_matrix(np.kron(A, C.T), K, kron=kron)) == (
        "The Kronecker factors are swapped: the candidate is Q ⊗ P where P ⊗ Q was wanted "
        "(P of shape (5, 4), Q of shape (2, 3))."
    )
    # without the factors' shapes, the swap is not guessed: no mistake is named
    assert mp.check_matrix(np.kron(A, C.T), K).mistake == "wrong"


def test_the_swap_is_b_kron_a_for_any_factor_shapes() -> None:
    gen = mp.rng(4)
    for p, q, r, s in [(1, 3, 2, 2), (2, 1, 3, 4), (3, 2, 2, 3), (2, 2, 1, 1)]:
        P, Q = gen.standard_normal((p, q)), gen.standard_normal((r, s))
        E = np.kron(P, Q).astype(np.float64)
        assert np.array_equal(gradcheck._swapped(E, ((p, q), (r, s))), np.kron(Q, P))


def test_the_hessian_of_the_loss_and_its_swapped_factors() -> None:
    M, x, g = _post_model()
    m, n = M.shape
    H = mp.numerical_jacobian(lambda W: mp.vec(mp.gradient(W, x, g)), M)
    right = 2 * np.kron(np.outer(x, x), np.eye(m))
    kron = ((n, n), (m, m))
    assert mp.check_matrix(right, H, kron=kron).ok
    assert mp.check_matrix(2 * np.kron(np.eye(m), np.outer(x, x)), H, kron=kron).mistake == (
        "kronecker"
    )
    assert mp.check_matrix(right / 2, H, kron=kron).factor == Fraction(1, 2)


def test_check_matrix_rejects_non_matrices_and_non_finite_values() -> None:
    E = np.eye(2)
    with pytest.raises(
        ValueError, match=r"^candidate must be 2-D with shape \(m, n\); got 1-D shape \(3,\)$"
    ):
        mp.check_matrix(np.ones(3), E)
    with pytest.raises(ValueError, match=r"^expected .*non-finite"):
        mp.check_matrix(E, np.array([[1.0, np.inf], [0.0, 1.0]]))
    with pytest.raises(TypeError, match=r"^candidate"):
        mp.check_matrix([["a", "b"], ["c", "d"]], E)
