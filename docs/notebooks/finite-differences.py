# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
#   mathproofs:
#     equation_prefix: NB2.
# ---

# %% [markdown]
# # Checking a gradient with finite differences
#
# The finite-difference checks on this site use the step
# `mathproofs.FD_STEP` $= 10^{-5}$. This notebook shows where that number
# comes from. The error of a difference quotient has two sources
# that pull the step $h$ in opposite directions, and on log-log axes they
# draw a V: truncation error falls as $h$ shrinks, round-off error grows.
#
# Every cell asserts what the text beside it claims.

# %%
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

import mathproofs as mp

# White figures: readable on the light and on the dark page alike.
plt.rcParams.update(
    {
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
        "figure.dpi": 110,
    }
)
eps = np.finfo(np.float64).eps  # 2.2e-16, the spacing of floats near 1
assert eps == 2.0**-52 and mp.FD_STEP == 1e-5

# %% [markdown]
# ## Why not the loss of the post
#
# For the quadratic loss $L(M) = (g - Mx)^\top (g - Mx)$ the central
# difference along a direction $V \in \mathbb{R}^{m \times n}$ has no
# truncation error at all: the quadratic terms cancel, for every $h$,
#
# $$
# \frac{L(M + hV) - L(M - hV)}{2h} = \langle \nabla_M L, V \rangle
# \label{eq-fd-central-exact-for-quadratics}
# $$
#
# where $\langle A, B \rangle = \sum_{ij} A_{ij} B_{ij}$ is the entrywise
# inner product of two matrices of the same shape, while the forward
# difference is off by exactly $h\,\lVert Vx \rVert^2$,
#
# $$
# \frac{L(M + hV) - L(M)}{h} = \langle \nabla_M L, V \rangle
# + h \lVert Vx \rVert^2
# \label{eq-fd-forward-quadratic}
# $$
#
# So the quadratic loss cannot show the truncation side of the V for
# central differences. Both claims, checked at large steps where round-off
# ($\approx \varepsilon |L| / h$) is negligible:

# %%
# checks: eq-fd-central-exact-for-quadratics (finite-difference)
# checks: eq-fd-forward-quadratic (finite-difference)
rng = mp.rng()
m, n = 3, 4
M, V = rng.normal(size=(m, n)), rng.normal(size=(m, n))
x, g = rng.normal(size=n), rng.normal(size=m)


def L(W):
    return mp.loss(W, x, g)


exact = np.sum(mp.gradient(M, x, g) * V)  # <grad L, V>
# No truncation error for a quadratic, only round-off: a few eps * |L| / h,
# a few 1e-11 at worst for h >= 1e-3 (|L| up to ~50). The allowance is
# atol + rtol * |exact| with both 1e-11; over seeds 0..2000 the errors used at
# most 3/4 of it.
ROUNDOFF_TOL = 1e-11
for h in [1e-3, 1e-2, 1e-1, 1.0]:
    central = (L(M + h * V) - L(M - h * V)) / (2 * h)
    forward = (L(M + h * V) - L(M)) / h
    # The central quotient written out is the package's directional derivative.
    np.testing.assert_allclose(
        central,
        mp.directional_derivative(L, M, V, h=h),
        rtol=mp.EXACT_RTOL,
        atol=mp.EXACT_ATOL,
    )
    np.testing.assert_allclose(
        central, exact, rtol=ROUNDOFF_TOL, atol=ROUNDOFF_TOL
    )
    np.testing.assert_allclose(
        forward,
        exact + h * np.sum((V @ x) ** 2),
        rtol=ROUNDOFF_TOL,
        atol=ROUNDOFF_TOL,
    )

# %% [markdown]
# ## A layer with a curve in it
#
# To see truncation error we put a $\tanh$ after the linear layer,
# $y = \tanh(Mx)$, and keep the squared error. The same differential method
# as in [the derivation](../../derivation/) gives its gradient:
# $dL = -2(g-y)^\top dy$, $dy = (1 - y \odot y) \odot dz$ with $z = Mx$
# (because $\tanh' = 1 - \tanh^2$, entry by entry), and $dz = (dM)x$, where
# $\odot$ is the entrywise product and $1$ the vector of ones. An entrywise
# factor can move across an inner product, $a^\top(b \odot c) = (a \odot b)^\top c$,
# so $dL = -2\left[(g - y) \odot (1 - y \odot y)\right]^\top (dM)x$; and
# $u^\top (dM)x = \sum_{ij} u_i x_j \, dM_{ij}$ pairs $dM$ with $u x^\top$ entry by
# entry, which reads off the gradient:
#
# $$
# \nabla_M L = -2 \left[(g - y) \odot (1 - y \odot y)\right] x^\top
# \label{eq-fd-tanh-gradient}
# $$
#
# We check it first with `mathproofs.numerical_gradient` at the site's step.


# %%
# checks: eq-fd-tanh-gradient (finite-difference)
def L_tanh(W):
    y = np.tanh(W @ x)
    return (g - y) @ (g - y)


def grad_tanh(W):
    y = np.tanh(W @ x)
    return -2 * np.outer((g - y) * (1 - y * y), x)


np.testing.assert_allclose(
    mp.numerical_gradient(L_tanh, M),
    grad_tanh(M),
    rtol=mp.FD_RTOL,
    atol=mp.FD_ATOL,
)

# The two steps of the read-off, exactly on integers: the entrywise factor moves
# across the inner product, and u^T (dM) x pairs dM with u x^T entry by entry.
# One generator for all draws: each mp.rng() call starts again from the same seed.
draws = mp.rng()
a, b, c = draws.integers(-9, 10, size=(3, 5))
assert a @ (b * c) == (a * b) @ c
assert (
    a @ (b * c) != (a * a) @ c
)  # a wrong pairing gives another number here
u, xi, dW = (
    draws.integers(-9, 10, size=3),
    [2, -1],
    draws.integers(-9, 10, size=(3, 2)),
)
assert u @ dW @ xi == np.sum(np.outer(u, xi) * dW)

# %% [markdown]
# ## The V
#
# Along a direction $V$ of unit Frobenius norm, $\lVert V \rVert_F = 1$,
# let $f(s) = L(M + sV)$, so that $f'(0) = \langle \nabla_M L, V \rangle$.
# The two difference quotients have the error models
#
# $$
# \text{forward: } \frac{h}{2} |f''| + \frac{2\varepsilon |f|}{h},
# \qquad
# \text{central: } \frac{h^2}{6} |f'''| + \frac{\varepsilon |f|}{h}
# \label{eq-fd-error-models}
# $$
#
# with the derivatives taken at $s = 0$: the first term is the leading
# Taylor remainder (truncation), the second the rounding of the two values
# of $f$ (round-off). Setting the derivative in $h$ to zero gives the best
# steps and the errors there: $h_{\text{fwd}} =
# 2\sqrt{\varepsilon |f| / |f''|}$ with error
# $2\sqrt{\varepsilon |f|\,|f''|}$, and $h_{\text{cen}} =
# (3\varepsilon |f| / |f'''|)^{1/3}$ with error
# $\tfrac{3}{2}\varepsilon |f| / h_{\text{cen}}$.
#
# So the best steps scale like $\varepsilon^{1/2} \approx 1.5 \times 10^{-8}$
# (forward) and $\varepsilon^{1/3} \approx 6 \times 10^{-6}$ (central), and
# the best central error like $\varepsilon^{2/3} \approx 4 \times 10^{-11}$,
# but the factors $|f|$, $|f''|$, $|f'''|$ depend on the point and the
# direction. We compute them from their formula: $z = (M + sV)x$ moves along $w = Vx$,
# so $f^{(k)}(0) = \sum_i \varphi^{(k)}(z_i)\, w_i^k$ with
# $\varphi(z) = (g - \tanh z)^2$ taken per component, differentiated by
# SymPy. We measure the error divided by $\lVert \nabla_M L \rVert_F$ (which
# bounds $|f'(0)|$ for a unit $V$) over 61 steps from $10^{-15}$ to $1$, as
# the root mean square over 16 random unit directions (the mean smooths
# the ragged round-off side), and the model's curves the same way.

# %%
# checks: eq-fd-error-models (numeric)
hs = np.logspace(-15, 0, 61)
directions = rng.normal(size=(16, m, n))
directions /= np.linalg.norm(directions, axis=(1, 2), keepdims=True)
np.testing.assert_allclose(
    np.linalg.norm(directions, axis=(1, 2)),
    1,
    rtol=mp.EXACT_RTOL,
    atol=0,
)
grad_norm = np.linalg.norm(grad_tanh(M))
z_s, g_s = sp.symbols("z g")
phi = [
    sp.lambdify((z_s, g_s), sp.diff((g_s - sp.tanh(z_s)) ** 2, z_s, k))
    for k in range(4)
]
f0 = L_tanh(M)
forward_err, central_err = np.zeros_like(hs), np.zeros_like(hs)
forward_model, central_model = np.zeros_like(hs), np.zeros_like(hs)
for D in directions:
    w = D @ x
    f = [np.sum(phi[k](M @ x, g) * w**k) for k in range(4)]  # f^(k)(0)
    slope = np.sum(grad_tanh(M) * D)  # the exact directional derivative
    assert abs(slope) <= grad_norm  # Cauchy-Schwarz, |D| = 1
    # The chain rule along w reproduces f(0) and f'(0) = <grad L, D>.
    np.testing.assert_allclose(
        f[:2], [f0, slope], rtol=mp.EXACT_RTOL, atol=mp.EXACT_ATOL
    )
    plus = np.array([L_tanh(M + h * D) for h in hs])
    minus = np.array([L_tanh(M - h * D) for h in hs])
    forward_err += (((plus - f0) / hs - slope) / grad_norm) ** 2
    central_err += (
        ((plus - minus) / (2 * hs) - slope) / grad_norm
    ) ** 2
    fwd = hs / 2 * abs(f[2]) + 2 * eps * abs(f[0]) / hs
    cen = hs**2 / 6 * abs(f[3]) + eps * abs(f[0]) / hs
    forward_model += (fwd / grad_norm) ** 2
    central_model += (cen / grad_norm) ** 2
    # The closed forms: the models' minima, no grid step does better.
    h_fwd = 2 * np.sqrt(eps * abs(f[0]) / abs(f[2]))
    h_cen = (3 * eps * abs(f[0]) / abs(f[3])) ** (1 / 3)
    best_fwd = h_fwd / 2 * abs(f[2]) + 2 * eps * abs(f[0]) / h_fwd
    best_cen = h_cen**2 / 6 * abs(f[3]) + eps * abs(f[0]) / h_cen
    np.testing.assert_allclose(
        [best_fwd, best_cen],
        [
            2 * np.sqrt(eps * abs(f[0]) * abs(f[2])),
            1.5 * eps * abs(f[0]) / h_cen,
        ],
        rtol=mp.EXACT_RTOL,
        atol=0,
    )
    assert best_fwd <= fwd.min() and best_cen <= cen.min()
forward_err, central_err, forward_model, central_model = (
    np.sqrt(a / len(directions))
    for a in (forward_err, central_err, forward_model, central_model)
)
# The values quoted above, rounded to the digits shown there.
assert f"{eps ** (1 / 2):.1e}" == "1.5e-08"
assert f"{eps ** (1 / 3):.0e}" == "6e-06"
assert f"{eps ** (2 / 3):.0e}" == "4e-11"

# %% [markdown]
# The measured V matches the model [](#eq-fd-error-models):
#
# - each difference's best step lies within a factor of 10 of the step
#   where the model's curve is lowest, and its best error within a factor
#   of 10 of the model's lowest error;
# - the forward difference's best error is more than 30 times the central
#   one's;
# - on the right arm the error is proportional to $h^2$ (central) and to
#   $h$ (forward): slopes $+2$ and $+1$ on log-log axes; on the left arm it
#   is proportional to $1/h$ for both: slope $-1$;
# - the site's step `mathproofs.FD_STEP` is within a factor of 10 of the
#   step at the bottom of the central V, and the error there is within a
#   factor of 10 of the V's lowest error; `mathproofs.directional_derivative`
#   at its default step measures that same point.

# %%
# checks: eq-fd-error-models (finite-difference, numeric)
# The model's terms are estimates (round-off is random, and the rounding
# of M + hV adds to it): one decade either way.
MODEL_FACTOR = 10


def best(err):
    k = np.argmin(err)
    return hs[k], err[k]


def within_factor(a, b, factor):
    return b / factor <= a <= b * factor


def loglog_slope(err, lo, hi):
    """Least-squares slope of log err against log h on [lo, hi]."""
    keep = (hs >= lo) & (hs <= hi)
    return np.polyfit(np.log10(hs[keep]), np.log10(err[keep]), 1)[0]


for measured, model in [
    (central_err, central_model),
    (forward_err, forward_model),
]:
    (h_meas, e_meas), (h_model, e_model) = best(measured), best(model)
    assert within_factor(h_meas, h_model, MODEL_FACTOR)
    assert within_factor(e_meas, e_model, MODEL_FACTOR)
# Central differences beat forward ones by more than 30 times.
CENTRAL_ADVANTAGE = 30
assert best(forward_err)[1] > CENTRAL_ADVANTAGE * best(central_err)[1]
# Truncation arm: clean power laws (the next Taylor term is h times smaller
# for forward differences, h^2 times for central ones, whose odd terms
# cancel), so the fitted slope is within 0.1 of the order.
TRUNCATION_SLOPE_TOL = 0.1
assert (
    abs(loglog_slope(central_err, 1e-3, 1e-1) - 2)
    < TRUNCATION_SLOPE_TOL
)
assert (
    abs(loglog_slope(forward_err, 1e-4, 1e-2) - 1)
    < TRUNCATION_SLOPE_TOL
)
# Round-off arm: noisy, but the trend is 1/h over three decades; the fit
# starts at 1e-13 only to leave out the noisiest points.
ROUNDOFF_SLOPE_TOL = 0.3
assert (
    abs(loglog_slope(central_err, 1e-13, 1e-10) + 1)
    < ROUNDOFF_SLOPE_TOL
)
assert (
    abs(loglog_slope(forward_err, 1e-13, 1e-10) + 1)
    < ROUNDOFF_SLOPE_TOL
)
# The site's FD_STEP sits within a factor of 10 of the central V's best
# step, and its error within a factor of 10 of the V's lowest error.
FLOOR_FACTOR = 10
k = np.argmin(np.abs(hs - mp.FD_STEP))
np.testing.assert_allclose(
    hs[k], mp.FD_STEP, rtol=mp.EXACT_RTOL, atol=0
)
assert within_factor(mp.FD_STEP, best(central_err)[0], FLOOR_FACTOR)
assert central_err[k] <= FLOOR_FACTOR * best(central_err)[1]
# The package's own central difference, at its default step FD_STEP (the
# grid point hs[k], equal to it within EXACT_RTOL, as checked above), is
# that point of the V: the same root-mean-square error over the directions.
# It is given the grid's step and the slopes are summed as in the loop:
# these errors are round-off, so a last-bit change in h or in a slope would
# move them by a part in a million.
package = np.array(
    [
        mp.directional_derivative(L_tanh, M, D, h=hs[k])
        for D in directions
    ]
)
slopes = np.array([np.sum(grad_tanh(M) * D) for D in directions])
package_err = np.sqrt(np.mean(((package - slopes) / grad_norm) ** 2))
np.testing.assert_allclose(
    package_err, central_err[k], rtol=mp.EXACT_RTOL, atol=0
)

# %%
fig, ax = plt.subplots(figsize=(6.4, 6), layout="constrained")
ax.loglog(
    hs, forward_err, "o-", ms=3, label="forward (L(M+hV) − L(M)) / h"
)
ax.loglog(
    hs,
    central_err,
    "s-",
    ms=3,
    label="central (L(M+hV) − L(M−hV)) / 2h",
)
ax.loglog(hs, forward_model, "--", color="C0", label="model, forward")
ax.loglog(hs, central_model, "--", color="C1", label="model, central")
ax.axvline(
    eps ** (1 / 3), color="C1", alpha=0.4, lw=4, label="h = ε^(1/3)"
)
ax.axvline(
    eps ** (1 / 2), color="C0", alpha=0.4, lw=4, label="h = ε^(1/2)"
)
ax.set(
    xlabel="step h",
    ylabel="error of the directional derivative / ‖∇L‖",
    title="Finite-difference error against step: the V",
    ylim=(1e-13, 10),
)
ax.grid(True, which="major", alpha=0.3)
fig.legend(fontsize="small", loc="outside lower center", ncols=2)
plt.show()
