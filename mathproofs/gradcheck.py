r"""Check a gradient someone derived against central differences, and name the usual mistake.

`check_gradient` compares a candidate $C$ with $\nabla f(X)$ by central differences, entry by
entry and along random directions, with the tolerances of `checking`. When $C$ is wrong it
tries, in a fixed order, the mistakes students make in matrix calculus: the transpose (the
numerator-layout derivative), the wrong sign, a constant factor such as 2 or 1/2, the wrong
shape. It names the first that fits within the same tolerance, and no mistake if none does.
`check_matrix` does the same for an answer that is a matrix rather than a gradient (a Jacobian,
a Hessian, one side of an identity), and also recognises Kronecker factors written in the wrong
order.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import partial
from operator import index as operator_index
from typing import Any

import numpy as np
import numpy.typing as npt

from mathproofs._shapes import (
    RealArray,
    _finite,
    arrays,
    as_real,
    format_shape,
    is_callable,
    shapes,
)
from mathproofs.checking import (
    FD_ATOL,
    FD_RTOL,
    FD_STEP,
    _value,
    directional_derivative,
    numerical_gradient,
)
from mathproofs.checking import rng as seeded_rng

__all__ = ["GradientCheck", "check_gradient", "check_matrix"]

FloatArray = npt.NDArray[np.float64]

# Random directions V for the directional check <C, V> = D_V f: one V can be nearly
# orthogonal to the error C - grad f by chance, the largest of three rarely is; each costs
# two calls of f.
DIRECTIONS = 3
# A named factor is a fraction p/q with |p| and q at most 16: the factors slips produce
# (2 from a square, 1/2, a dimension or a batch size), and none that needs a calculator.
FACTOR_TERMS = 16
# Errors are relative to the gradient's scale, max(max |grad|, FD_ATOL / FD_RTOL): so
# error <= FD_RTOL means every entry within max(FD_RTOL * max |grad|, FD_ATOL) (FD_* model).
# A direction V's error is relative to scale * sum |V_ij|, the most that entries each within
# the tolerance can add up to along V: for a smooth f the entry check implies it.
_SCALE_FLOOR = FD_ATOL / FD_RTOL

MISTAKES = ("transpose", "sign", "factor", "shape", "wrong")
# check_matrix's, in the order it tries them: "kronecker" is B kron A where A kron B was wanted.
MATRIX_MISTAKES = ("transpose", "sign", "factor", "kronecker", "shape", "wrong")


@dataclass(frozen=True, eq=False)
class GradientCheck:
    """What `check_gradient` (or `check_matrix`) found: a verdict, a sentence saying why, and the
    measured error.

    ``str(result)`` is the diagnosis; ``repr(result)`` shows every field but `expected`.
    """

    ok: bool
    """True when the candidate has the shape of X and matches the gradient."""
    diagnosis: str
    """One sentence for the student: the verdict and, when it is wrong, the mistake that fits."""
    error: float
    """The candidate's largest error, entry by entry and along random directions, relative to
    the gradient's scale; ``inf`` when its shape is not X's (nothing to compare)."""
    mistake: str | None
    """``None`` when ok, else ``"transpose"``, ``"sign"``, ``"factor"``, ``"shape"`` or
    ``"wrong"`` (no usual mistake fits); `check_matrix` also gives ``"kronecker"``."""
    factor: Fraction | None
    """The constant c with candidate = c times the gradient, after the transpose or reshaping
    the diagnosis names: 1 when ok or only transposed or reshaped, -1 for the sign, a fraction
    for a factor; ``None`` when no constant fits."""
    expected: npt.NDArray[np.float64]
    """The gradient by central differences, `numerical_gradient(f, X)`, of X's shape (for
    `check_matrix`, the expected matrix)."""

    def __str__(self) -> str:
        """The diagnosis."""
        return self.diagnosis

    def __repr__(self) -> str:
        """One line: ok, mistake, factor, error and diagnosis (not the expected array)."""
        factor = None if self.factor is None else str(self.factor)
        return (
            f"GradientCheck(ok={self.ok}, mistake={self.mistake!r}, factor={factor!r}, "
            f"error={self.error:.3g}, diagnosis={self.diagnosis!r})"
        )


# ## Arguments ################################################################


def _numbers(value: object, name: str) -> RealArray:
    """`value` as an array of real, finite numbers (any shape), or the package's errors."""
    arr = as_real(value, name, symbolic=False)
    if not _finite(arr):
        raise ValueError(f"{name} contains non-finite values (nan or inf)")
    return arr


def _candidate(value: Any, name: str, _: Mapping[str, Any]) -> Any:
    """A function (called later, at X) or an array of real, finite numbers."""
    return value if callable(value) else _numbers(value, name)


def _generator(value: Any, name: str, _: Mapping[str, Any]) -> np.random.Generator | None:
    """A NumPy Generator, or None for mathproofs.rng()."""
    if value is None or isinstance(value, np.random.Generator):
        return value
    raise TypeError(
        f"{name} must be a numpy Generator (e.g. mp.rng()) or None; got {type(value).__name__}"
    )


def _explained(shape: tuple[int, ...], X_shape: tuple[int, ...]) -> bool:
    """Whether a diagnosis covers a candidate of this shape: X's own, its transpose, any
    reshaping of its entries (vec, a row, a column), or a matrix or vector built of X's
    dimensions (an outer product of the wrong vectors): at most 2 dimensions, each of them
    1, X's number of entries or one of X's dimensions."""
    return len(shape) <= 2 and all(d in _sizes(X_shape) for d in shape)


def _sizes(X_shape: tuple[int, ...]) -> list[int]:
    return sorted({1, math.prod(X_shape), *X_shape})


def _shape_error(name: str, shape: tuple[int, ...], X_shape: tuple[int, ...]) -> ValueError:
    sizes = [str(s) for s in _sizes(X_shape)]
    allowed = sizes[0] if len(sizes) == 1 else ", ".join(sizes[:-1]) + " or " + sizes[-1]
    return ValueError(
        f"{name}: expected shape {format_shape(X_shape)} like X, or a shape a diagnosis "
        f"explains (at most 2 dimensions, each of size {allowed}); "
        f"got shape {format_shape(shape)}"
    )


# ## Measuring ################################################################


@dataclass(frozen=True)
class _Gradient:
    """The gradient of f at X, by central differences: entrywise and along directions."""

    G: FloatArray  # numerical_gradient(f, X)
    V: FloatArray  # DIRECTIONS random directions of unit Frobenius norm, stacked
    D: FloatArray  # directional_derivative(f, X, V[k]) for each k

    def errors(self, A: FloatArray, c: Fraction | int) -> tuple[float, float]:
        """A's largest error against c times the gradient, entry by entry relative to the
        scale max(max |c grad|, FD_ATOL / FD_RTOL), and along each direction V relative to
        scale * sum |V_ij| (what entry errors within the tolerance can add up to along V)."""
        target = float(c) * self.G
        scale = max(float(np.max(np.abs(target))), _SCALE_FLOOR)
        entries = float(np.max(np.abs(A - target)))
        if not len(self.V):  # check_matrix: an expected matrix, no function to probe
            return entries / scale, 0.0
        along = np.abs(np.tensordot(self.V, A, axes=A.ndim) - float(c) * self.D)
        weights = np.sum(np.abs(self.V), axis=tuple(range(1, self.V.ndim)))
        return entries / scale, float(np.max(along / weights)) / scale

    def error(self, A: FloatArray, c: Fraction | int) -> float:
        return max(self.errors(A, c))

    def fits(self, A: FloatArray, c: Fraction | int) -> bool:
        return self.error(A, c) <= FD_RTOL

    def zero(self) -> bool:
        """Whether the gradient is zero within FD_ATOL: then no factor can be told apart."""
        return float(np.max(np.abs(self.G))) <= FD_ATOL

    def factor(self, A: FloatArray) -> Fraction | None:
        """The simple fraction c, if any, with A = c times the gradient (least squares c)."""
        if self.zero():
            return None
        c = Fraction(float(np.sum(A * self.G) / np.sum(self.G * self.G)))
        c = c.limit_denominator(FACTOR_TERMS)
        if c == 0 or abs(c.numerator) > FACTOR_TERMS or not self.fits(A, c):
            return None
        return c


# ## Sentences ################################################################


def _number(x: float) -> str:
    return f"{x:.2g}"


def _scaled(c: Fraction, what: str) -> str:
    """`what` scaled by c: 'the gradient', 'minus the gradient', '2 times the gradient'."""
    return what if c == 1 else f"minus {what}" if c == -1 else f"{c} times {what}"


def _slip(c: Fraction) -> str:
    """The slip a constant c stands for: '' (1), 'with the wrong sign' (-1), 'off by ...'."""
    if c == 1:
        return ""
    if c == -1:
        return "with the wrong sign"
    return f"off by a constant factor {c}" + (" (the sign is wrong too)" if c < 0 else "")


# ## The check ################################################################


@shapes(floats=True, f=is_callable, candidate=_candidate, X=("n", "m n"), rng=_generator)
def check_gradient(
    f: Callable[[Any], Any],
    candidate: npt.ArrayLike | Callable[[Any], npt.ArrayLike],
    X: npt.ArrayLike,
    *,
    rng: np.random.Generator | None = None,
) -> GradientCheck:
    r"""Check a claimed gradient $C \approx \nabla f(X)$ by central differences; name the mistake.

    Compares $C$ with `numerical_gradient(f, X)` entry by entry and, along `DIRECTIONS` = 3 random
    directions $V$ with $\lVert V \rVert_F = 1$, compares $\langle C, V \rangle$ with the central
    difference $(f(X + hV) - f(X - hV)) / 2h$. The error is the largest of these differences divided
    by the gradient's scale, $\max(\max_{ij} |(\nabla f)_{ij}|, 1)$ (`FD_ATOL / FD_RTOL` = 1), times
    $\sum_{ij} |V_{ij}|$ for a direction; the candidate is ok when it has X's shape and error $\le$
    `FD_RTOL`. Otherwise the first of these that fits within the same tolerance is named: the
    transpose ($C^\top = \nabla f$: the numerator-layout derivative, or a row for a vector X), the
    wrong sign ($-C = \nabla f$), a constant factor ($C = c \nabla f$ with c a fraction p/q, $|p|, q
    \le 16$, from the least-squares fit), the transpose with a sign or factor, the wrong shape (with
    the reshaping that holds the gradient, if one does), or "wrong".

    Shapes: `X` (n,) or (m, n); `candidate` shaped like X, or as a mistake makes it (X's
    transpose, a vec, a row, a column, an outer product of vectors of X's sizes: at most 2
    dimensions, each 1, X.size or a dimension of X; other shapes raise ValueError), or a
    function of X returning one; `f` maps a float array like X to a finite real; `rng` a
    NumPy Generator (default `mathproofs.rng()`) draws the directions → a `GradientCheck`.

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    M = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, -1.0]])
    x, g = np.array([1.0, -1.0, 2.0]), np.array([1.0, 1.0])

    def L(W):  # the post's loss as a function of M
        return mp.loss(W, x, g)

    assert mp.check_gradient(L, mp.gradient(M, x, g), M).ok
    result = mp.check_gradient(L, mp.dL_dM(M, x, g), M)  # numerator layout, n x m
    assert not result.ok and result.mistake == "transpose"
    assert mp.check_gradient(L, mp.gradient(M, x, g) / 2, M).factor == 0.5
    ```
    """
    (X,) = arrays(X)
    gen = seeded_rng() if rng is None else rng
    name = "candidate(X)" if callable(candidate) else "candidate"
    value = _numbers(candidate(X.copy()) if callable(candidate) else candidate, name)
    if not _explained(value.shape, X.shape):
        raise _shape_error(name, value.shape, X.shape)
    C = value.astype(np.float64)

    _value(f, X)  # f(X) itself must be a finite real, like its values near X
    V = gen.standard_normal((DIRECTIONS, *X.shape))
    V /= np.sqrt(np.sum(V * V, axis=tuple(range(1, V.ndim)), keepdims=True))
    grad = _Gradient(
        G=numerical_gradient.kernel(f, X, FD_STEP),
        V=V,
        D=np.array([directional_derivative.kernel(f, X, v, FD_STEP) for v in V]),
    )
    return _diagnose(C, X.shape, grad)


def _transposed(C: FloatArray, X_shape: tuple[int, ...]) -> FloatArray | None:
    """C read as the transpose of an array of X's shape, if its shape allows it: C.T for a
    matrix X (C of shape X.T.shape), the row's entries for a vector X (C of shape (1, n))."""
    if len(X_shape) == 2 and C.shape == X_shape[::-1]:
        return C.T
    if len(X_shape) == 1 and C.shape == (1, *X_shape):
        return C.reshape(X_shape)
    return None


def _readings(C: FloatArray, X_shape: tuple[int, ...]) -> list[tuple[str, FloatArray]]:
    """C's entries laid out in X's shape, each with the words that say how (same count only)."""
    if C.size != math.prod(X_shape):
        return []
    where = f"reshape it to {format_shape(X_shape)}"
    index = np.arange(C.size).reshape(C.shape)
    if np.array_equal(index.reshape(X_shape, order="F"), index.reshape(X_shape, order="C")):
        return [(f"in another shape; {where}", C.reshape(X_shape))]
    return [
        (
            f"in column-major order, as vec stacks them; {where} with order='F'",
            C.reshape(X_shape, order="F"),
        ),
        (f"in row-major order; {where}", C.reshape(X_shape, order="C")),
    ]


def _verdict(
    diagnosis: str,
    mistake: str | None,
    factor: Fraction | None,
    *,
    error: float,
    expected: FloatArray,
) -> GradientCheck:
    """A GradientCheck whose diagnosis is a sentence: capitalised, with its full stop."""
    return GradientCheck(
        ok=mistake is None,
        diagnosis=diagnosis[0].upper() + diagnosis[1:] + ".",
        error=error,
        mistake=mistake,
        factor=factor,
        expected=expected,
    )


Verdict = Callable[[str, str | None, Fraction | None], GradientCheck]


def _usual_slips(
    C: FloatArray,
    T: FloatArray | None,
    grad: _Gradient,
    what: str,
    transpose: Callable[[Fraction], str],
    result: Verdict,
) -> GradientCheck | None:
    """The first that fits, in this order: the transpose T of C (None when C's shape has none),
    the sign, a constant factor, the transpose with a factor; `what` names the target."""
    one = Fraction(1)
    same = C.shape == grad.G.shape
    if T is not None and grad.fits(T, 1):
        return result(transpose(one), "transpose", one)
    if same and grad.fits(C, -1):
        return result(f"the sign is wrong: the candidate is minus {what}", "sign", -one)
    if same and (c := grad.factor(C)) is not None:
        return result(f"{_slip(c)}: the candidate is {_scaled(c, what)}", "factor", c)
    if T is not None and (c := grad.factor(T)) is not None:
        return result(transpose(c), "transpose", c)
    return None


def _diagnose(C: FloatArray, X_shape: tuple[int, ...], grad: _Gradient) -> GradientCheck:
    """The verdict: ok, else the first mistake that fits, in MISTAKES order."""
    xs, cs = format_shape(X_shape), format_shape(C.shape)
    same = C.shape == X_shape
    error = grad.error(C, 1) if same else math.inf
    result: Verdict = partial(_verdict, error=error, expected=grad.G)

    one = Fraction(1)
    if same and error <= FD_RTOL:
        tolerance = f"{FD_RTOL:g}"
        return result(
            f"the candidate matches the gradient (error {_number(error)}, within {tolerance})",
            None,
            one,
        )

    T = _transposed(C, X_shape)
    if len(X_shape) == 1:
        layout = f", a row of shape {cs}, where the gradient has the shape of X, {xs}"
    elif same:
        layout = "; X is square, so the shapes agree, but entries (i, j) and (j, i) are swapped"
    else:
        layout = f", of shape {cs}, where the gradient has the shape of X, {xs}"

    def transpose(c: Fraction) -> str:
        slip = f", {_slip(c)}" if c != 1 else ""
        derivative = _scaled(c, "the numerator-layout derivative")
        return f"the candidate is the transpose of the gradient{slip}: it is {derivative}{layout}"

    if (slipped := _usual_slips(C, T, grad, "the gradient", transpose, result)) is not None:
        return slipped

    if not same:
        shape = f"the candidate has shape {cs}, but the gradient has the shape of X, {xs}"
        for words, A in _readings(C, X_shape):
            c = one if grad.fits(A, 1) else grad.factor(A)
            if c is not None:
                slip = f" ({_slip(c)})" if c != 1 else ""
                entries = _scaled(c, "the gradient's entries") + slip
                return result(f"{shape}: it holds {entries} {words}", "shape", c)
        return result(shape, "shape", None)

    if grad.errors(C, 1)[0] <= FD_RTOL:
        why = (
            f"the candidate matches the central differences entry by entry, but not along "
            f"random directions (error {_number(error)}): f may have no gradient at this X "
            f"(its directional derivatives are not linear in the direction)"
        )
    elif grad.zero():
        largest = _number(float(np.max(np.abs(C))))
        why = (
            f"the gradient is zero at this X (every entry within {FD_ATOL:g} of 0), but the "
            f"candidate is not: its largest entry in absolute value is {largest}"
        )
    elif not np.any(C):
        why = "the candidate is zero, but the gradient is not"
    else:
        why = (
            f"the candidate is wrong: its error is {_number(error)} relative to the gradient's "
            f"scale, and no usual mistake (transpose, sign, constant factor) explains it"
        )
    return result(why, "wrong", None)


# ## A matrix answer ###########################################################


Shapes2 = tuple[tuple[int, int], tuple[int, int]]


def _kron_shapes(kron: Any, name: str, bound: Mapping[str, Any]) -> Shapes2 | None:
    """None, or kron as ((a, b), (c, d)) with (a c, b d) = expected's shape."""
    if kron is None:
        return None
    shape = bound["expected"].shape
    try:
        (p, q), (r, s) = kron
        sizes = [operator_index(d) for d in (p, q, r, s)]
    except (TypeError, ValueError):
        raise TypeError(
            f"{name} must be the factors' shapes ((a, b), (c, d)), or None; got {kron!r}"
        ) from None
    p, q, r, s = sizes
    if min(sizes) < 1 or (p * r, q * s) != shape:
        raise ValueError(
            f"{name}: expected factor shapes (a, b), (c, d) with (a*c, b*d) = "
            f"{format_shape(shape)}, the shape of expected; "
            f"got {format_shape((p, q))} and {format_shape((r, s))}"
        )
    return (p, q), (r, s)


def _swapped(E: FloatArray, kron: Shapes2) -> FloatArray:
    """B kron A where E = A kron B (or a sum of such products), A p x q and B r x s."""
    (p, q), (r, s) = kron
    return E.reshape(p, r, q, s).transpose(1, 0, 3, 2).reshape(r * p, s * q)


@shapes(floats=True, candidate="m n", expected="p k", kron=_kron_shapes)
def check_matrix(
    candidate: npt.ArrayLike,
    expected: npt.ArrayLike,
    *,
    kron: Shapes2 | None = None,
) -> GradientCheck:
    r"""Check a matrix answer $C$ against the matrix $E$ it should be; name the mistake.

    For answers that are matrices, not gradients: a Jacobian or a Hessian (give $E$ by
    `numerical_jacobian`), one side of an identity such as $(A \otimes B)^\top$ (give $E$
    computed from the other). The error is $\max_{ij} |C_{ij} - E_{ij}|$ over $E$'s scale
    $\max(\max_{ij} |E_{ij}|, 1)$, and $C$ is ok when it has $E$'s shape and error $\le$ `FD_RTOL`
    ($E$ may come from central differences). Otherwise the first that fits is named, as in
    `check_gradient`: the transpose ($C^\top = E$), the sign, a constant factor ($C = cE$, c a
    fraction p/q, $|p|, q \le 16$), the transpose with a factor, then, when `kron` gives the
    shapes $(a, b)$ and $(c, d)$ of $A$ and $B$ in $E = A \otimes B$, the factors swapped
    ($C = c\,(B \otimes A)$; also for a sum of such products), the wrong shape, or "wrong".
    The diagnosis calls the factors P and Q, so as not to clash with a reader's own letters.

    Shapes: `candidate` (m, n), `expected` (p, k), any sizes; `kron` ((a, b), (c, d)) with
    $(ac, bd)$ = E's shape, or None → a `GradientCheck` (its `expected` is E).

    Examples
    --------
    ```python
    import numpy as np
    import mathproofs as mp

    x, I2 = np.array([2.0, -1.0, 1.0]), np.eye(2)
    E = np.kron(np.outer(x, x), I2)  # J^T J for J = x^T kron I_2, 6 x 6
    shapes = ((3, 3), (2, 2))
    assert mp.check_matrix(mp.dy_dvecM(x, 2).T @ mp.dy_dvecM(x, 2), E, kron=shapes).ok
    swapped = mp.check_matrix(np.kron(I2, np.outer(x, x)), E, kron=shapes)
    assert swapped.mistake == "kronecker"
    ```
    """
    C, E = (a.astype(np.float64) for a in arrays(candidate, expected))
    shapes_ = kron
    empty = np.empty((0, *E.shape))
    grad = _Gradient(G=E, V=empty, D=np.empty(0))
    cs, es = format_shape(C.shape), format_shape(E.shape)
    same = C.shape == E.shape
    error = grad.error(C, 1) if same else math.inf
    result: Verdict = partial(_verdict, error=error, expected=E)

    one = Fraction(1)
    if same and error <= FD_RTOL:
        return result(
            f"the candidate matches the expected matrix (error {_number(error)}, "
            f"within {FD_RTOL:g})",
            None,
            one,
        )

    def transpose(c: Fraction) -> str:
        slip = f", {_slip(c)}: it is {_scaled(c, 'its transpose')}" if c != 1 else ""
        return f"the candidate is the transpose of the expected matrix{slip}"

    T = C.T if C.shape == E.shape[::-1] else None
    if (slipped := _usual_slips(C, T, grad, "the expected matrix", transpose, result)) is not None:
        return slipped
    if same and shapes_ is not None:
        (p, q), (r, s) = shapes_
        swap = _Gradient(G=_swapped(E, shapes_), V=empty, D=np.empty(0))
        c = one if swap.fits(C, 1) else swap.factor(C)
        if c is not None:
            slip = f", {_slip(c)}" if c != 1 else ""
            return result(
                f"the Kronecker factors are swapped{slip}: the candidate is "
                f"{_scaled(c, 'Q ⊗ P')} where P ⊗ Q was wanted (P of shape "
                f"{format_shape((p, q))}, Q of shape {format_shape((r, s))})",
                "kronecker",
                c,
            )
    if not same:
        return result(
            f"the candidate has shape {cs}, but the expected matrix has shape {es}", "shape", None
        )
    if not np.any(C):
        return result("the candidate is zero, but the expected matrix is not", "wrong", None)
    return result(
        f"the candidate is wrong: its error is {_number(error)} relative to the expected "
        f"matrix's scale, and no usual mistake (transpose, sign, constant factor"
        f"{', swapped Kronecker factors' if shapes_ is not None else ''}) explains it",
        "wrong",
        None,
    )
