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
# difference along a direction $V$ has no truncation error at all: the
# quadratic terms cancel, for every $h$,
#
# $$
# \frac{L(M + hV) - L(M - hV)}{2h} = \langle \nabla_M L, V \rangle
# \label{eq-fd-central-exact-for-quadratics}
# $$
#
# while the forward difference is off by exactly $h\,\lVert Vx \rVert^2$,
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
# at most ~1e-12 for h >= 1e-3.
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
# as in the derivation gives its gradient: $dL = -2(g-y)^\top dy$,
# $dy = (1 - y \odot y) \odot dz$ with $z = Mx$, and $dz = (dM)x$, so
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

# %% [markdown]
# ## The V
#
# Along a direction $V$ the two difference quotients have the error models
#
# $$
# \text{forward: } \frac{h}{2} |f''| + \frac{2\varepsilon |f|}{h},
# \qquad
# \text{central: } \frac{h^2}{6} |f'''| + \frac{\varepsilon |f|}{h}
# \label{eq-fd-error-models}
# $$
#
# where $f(s) = L(M + sV)$. Setting the derivative in $h$ to zero puts the
# best step near $h \approx \varepsilon^{1/2} \approx 1.5 \times 10^{-8}$ for
# forward and $h \approx \varepsilon^{1/3} \approx 6 \times 10^{-6}$ for
# central differences, with best errors near $\varepsilon^{1/2}$ and
# $\varepsilon^{2/3} \approx 4 \times 10^{-11}$. We measure the relative
# error over 61 steps from $10^{-15}$ to $1$, as the root mean square over
# 16 random directions (the mean smooths the ragged round-off side).

# %%
hs = np.logspace(-15, 0, 61)
directions = rng.normal(size=(16, m, n))
forward_err = np.zeros_like(hs)
central_err = np.zeros_like(hs)
for D in directions:
    slope = np.sum(grad_tanh(M) * D)  # the exact directional derivative
    f0 = L_tanh(M)
    plus = np.array([L_tanh(M + h * D) for h in hs])
    minus = np.array([L_tanh(M - h * D) for h in hs])
    forward_err += (((plus - f0) / hs - slope) / slope) ** 2
    central_err += (((plus - minus) / (2 * hs) - slope) / slope) ** 2
forward_err = np.sqrt(forward_err / len(directions))
central_err = np.sqrt(central_err / len(directions))

# %% [markdown]
# The measured V matches the model [](#eq-fd-error-models):
#
# - the central difference's best step lies within a factor of 10 of
#   $\varepsilon^{1/3}$ and its best error is below $10^{-9}$;
# - the forward difference's best step lies within a factor of 10 of
#   $\varepsilon^{1/2}$, and its best error is more than 100 times worse;
# - on the right arm the error falls with slope 2 (central) and 1
#   (forward) on log-log axes; on the left arm it grows with slope
#   $-1$ for both;
# - the site's step `mathproofs.FD_STEP` lies in the floor of the central
#   V, with an error below $10^{-9}$; `mathproofs.directional_derivative`
#   at its default step measures that same point.

# %%
# checks: eq-fd-error-models (finite-difference, numeric)
# eps^(2/3) = 3.7e-11 times O(1) constants (|f|, |f'''|, 1/|f'|);
# 1e-9 leaves a margin of 25, while forward differences bottom out
# near 1e-8.
CENTRAL_BEST_ERROR = 1e-9


def best(err):
    k = np.argmin(err)
    return hs[k], err[k]


def loglog_slope(err, lo, hi):
    """Least-squares slope of log err against log h on [lo, hi]."""
    keep = (hs >= lo) & (hs <= hi)
    return np.polyfit(np.log10(hs[keep]), np.log10(err[keep]), 1)[0]


# The values quoted above, rounded to the digits shown there.
assert f"{eps ** (1 / 2):.1e}" == "1.5e-08"
assert f"{eps ** (1 / 3):.0e}" == "6e-06"
assert f"{eps ** (2 / 3):.0e}" == "4e-11"

h_c, e_c = best(central_err)
h_f, e_f = best(forward_err)
assert e_c < CENTRAL_BEST_ERROR
assert abs(np.log10(h_c) - np.log10(eps ** (1 / 3))) <= 1
assert abs(np.log10(h_f) - np.log10(eps ** (1 / 2))) <= 1
# Central differences beat forward ones by at least two decades.
CENTRAL_ADVANTAGE = 100
assert e_f > CENTRAL_ADVANTAGE * e_c
# Truncation arm: clean power laws (the next Taylor term is h times
# smaller), so the fitted slope is within 0.1 of the order.
TRUNCATION_SLOPE_TOL = 0.1
assert (
    abs(loglog_slope(central_err, 1e-3, 1e-1) - 2)
    < TRUNCATION_SLOPE_TOL
)
assert (
    abs(loglog_slope(forward_err, 1e-4, 1e-1) - 1)
    < TRUNCATION_SLOPE_TOL
)
# Round-off arm: noisy, but the trend is 1/h over five decades.
ROUNDOFF_SLOPE_TOL = 0.3
assert (
    abs(loglog_slope(central_err, 1e-15, 1e-10) + 1)
    < ROUNDOFF_SLOPE_TOL
)
assert (
    abs(loglog_slope(forward_err, 1e-15, 1e-10) + 1)
    < ROUNDOFF_SLOPE_TOL
)
# The site's FD_STEP sits in the floor of the central V.
k = np.argmin(np.abs(hs - mp.FD_STEP))
assert central_err[k] < CENTRAL_BEST_ERROR
# The package's own central difference, at its default step FD_STEP, is
# that point of the V: the same root-mean-square error over the directions
# (the same arithmetic; only the order of the sums differs).
package = np.array([mp.directional_derivative(L_tanh, M, D) for D in directions])
slopes = np.sum(grad_tanh(M) * directions, axis=(1, 2))
package_err = np.sqrt(np.mean(((package - slopes) / slopes) ** 2))
np.testing.assert_allclose(
    package_err, central_err[k], rtol=mp.EXACT_RTOL, atol=0
)

# %%
fig, ax = plt.subplots(figsize=(6.4, 6), layout="constrained")
ax.loglog(
    hs, forward_err, "o-", ms=3, label="forward (f(M+hV) − f(M)) / h"
)
ax.loglog(
    hs,
    central_err,
    "s-",
    ms=3,
    label="central (f(M+hV) − f(M−hV)) / 2h",
)
ax.loglog(hs, eps / hs, ":", color="gray", label="ε / h (round-off)")
ax.loglog(
    hs, hs**2, "--", color="gray", label="h² (truncation, central)"
)
ax.loglog(hs, hs, "-.", color="gray", label="h (truncation, forward)")
ax.axvline(
    eps ** (1 / 3), color="C1", alpha=0.4, lw=4, label="h = ε^(1/3)"
)
ax.axvline(
    eps ** (1 / 2), color="C0", alpha=0.4, lw=4, label="h = ε^(1/2)"
)
ax.set(
    xlabel="step h",
    ylabel="relative error of the directional derivative",
    title="Finite-difference error against step: the V",
    ylim=(1e-13, 10),
)
ax.grid(True, which="major", alpha=0.3)
fig.legend(fontsize="small", loc="outside lower center", ncols=2)
plt.show()
