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
#     equation_prefix: NB1.
# ---

# %% [markdown]
# # Fitting y = Mx by gradient descent
#
# [The derivation](../../derivation/) ends with the gradient
# $\nabla_M L = -2(g-y)x^\top$ of one example's loss
# $L = (g - y)^\top (g - y)$, where $y = Mx$ is the layer's output for the
# input $x$ and $g$ is the target. Here we use it: we fit a weight matrix $M$
# to synthetic data
# by gradient descent, calling `mathproofs.gradient` once per example, and check
# that the iterates converge to the least-squares solution that
# `np.linalg.lstsq` computes directly. Then we take too large a step and watch
# the iterates diverge: the error along one direction grows by exactly the
# factor the theory predicts at every step.
#
# Every cell asserts what the text beside it claims, so this page is a test:
# it is executed and checked whenever the site is built.

# %%
import itertools

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

rng = mp.rng()
m, n, N = 3, 4, 40  # outputs, inputs, examples
X = rng.normal(size=(n, N))  # example k is the column x_k
M_true = rng.normal(size=(m, n))
G = M_true @ X + 0.1 * rng.normal(size=(m, N))  # noisy targets g_k

# %% [markdown]
# ## The loss over a data set and its gradient
#
# With $N$ examples $(x_k, g_k)$, stacked as the columns of
# $X \in \mathbb{R}^{n \times N}$ and $G \in \mathbb{R}^{m \times N}$, we
# minimise the mean of the per-example losses:
#
# $$
# L(M) = \frac{1}{N} \sum_{k=1}^{N} (g_k - Mx_k)^\top (g_k - Mx_k)
# \label{eq-gd-mean-loss}
# $$
#
# The gradient of a mean is the mean of the gradients (differentiation is
# linear), so it is the mean of the per-example gradients, and
# the sum of outer products $(g_k - Mx_k)x_k^\top$ is one matrix product
# (denominator layout, the shape of $M$):
#
# $$
# \nabla_M L = \frac{1}{N} \sum_{k=1}^{N} -2 (g_k - Mx_k) x_k^\top
# = -\frac{2}{N} (G - MX) X^\top
# \label{eq-gd-gradient}
# $$


# %%
# checks: eq-gd-mean-loss, eq-gd-gradient (numeric)
def mean_loss(M):
    """L(M): the mean of mathproofs.loss over the examples."""
    return np.mean(
        [mp.loss(M, x, g) for x, g in zip(X.T, G.T, strict=True)]
    )


def mean_gradient(M):
    """The mean of mathproofs.gradient over the examples (m x n)."""
    grads = [
        mp.gradient(M, x, g) for x, g in zip(X.T, G.T, strict=True)
    ]
    return np.mean(grads, axis=0)


M0 = rng.normal(size=(m, n))
np.testing.assert_allclose(
    mean_gradient(M0),
    -2 / N * (G - M0 @ X) @ X.T,
    rtol=mp.EXACT_RTOL,
    atol=mp.EXACT_ATOL,
)
np.testing.assert_allclose(
    mean_loss(M0),
    np.sum((G - M0 @ X) ** 2) / N,
    rtol=mp.EXACT_RTOL,
    atol=mp.EXACT_ATOL,
)

# %% [markdown]
# ## The target: the least-squares solution
#
# Where the gradient vanishes, $(G - M^\star X)X^\top = 0$: these are the
# normal equations of least squares. `np.linalg.lstsq` solves
# $X^\top M^\top \approx G^\top$ for $M^\top$ by an SVD, independently of any
# gradient. Expanding the square around $M^\star$, the cross term is
# $-\tfrac{2}{N}\langle (G - M^\star X)X^\top, \Delta \rangle = 0$, where
# $\langle A, B \rangle = \sum_{ij} A_{ij} B_{ij}$ is the entrywise inner
# product of two matrices of the same shape, so for
# every $\Delta \in \mathbb{R}^{m \times n}$
# $L(M^\star + \Delta) - L(M^\star) = \tfrac{1}{N}\lVert \Delta X \rVert_F^2
# \ge \tfrac{1}{N}\sigma_{\min}(X)^2 \lVert \Delta \rVert_F^2$, with
# $\sigma_{\min}(X)$ the smallest singular value of $X$. Here $X$ is
# $4 \times 40$ with full row rank, so $\sigma_{\min}(X) > 0$ and every
# $\Delta \neq 0$ raises the loss: $M^\star$ is the only minimiser. The cell
# checks the identity and the bound on random $\Delta$ from $10^{-3}$ to
# $10^{3}$ in size.

# %%
M_star = np.linalg.lstsq(X.T, G.T, rcond=None)[0].T
L_star = mean_loss(M_star)
np.testing.assert_allclose(
    mean_gradient(M_star), 0, rtol=0, atol=mp.EXACT_ATOL
)
assert (
    X.shape == (4, 40) and np.linalg.matrix_rank(X) == n
)  # full row rank
sigma_min = np.linalg.svd(X, compute_uv=False)[-1]
assert sigma_min > 0
# L(M* + D) - L* cancels digits when D is small: its relative error is
# about eps * L* / excess, below 1e-9 for |D| >= 1e-3 here.
CANCELLATION_RTOL = 1e-9
for scale in [1e-3, 1e-2, 1e-1, 1.0, 1e1, 1e2, 1e3]:
    for _ in range(20):
        D = scale * rng.normal(size=(m, n))
        excess = np.sum((D @ X) ** 2) / N
        np.testing.assert_allclose(
            mean_loss(M_star + D) - L_star,
            excess,
            rtol=CANCELLATION_RTOL,
            atol=0,
        )
        bound = sigma_min**2 * np.sum(D**2) / N
        assert excess >= bound * (1 - mp.EXACT_RTOL) and bound > 0
        assert mean_loss(M_star + D) > L_star

# %% [markdown]
# ## How fast, and which learning rates work
#
# One step is $M_{t+1} = M_t - \eta \nabla_M L(M_t)$. Subtracting the fixed
# point $M^\star$ and using [](#eq-gd-gradient) gives the error recursion
#
# $$
# M_{t+1} - M^\star = (M_t - M^\star)(I_n - \eta H),
# \qquad H = \frac{2}{N} X X^\top
# \label{eq-gd-error-recursion}
# $$
#
# so each step multiplies the error's component along an eigenvector $v_i$ of
# the symmetric matrix $H$ (with eigenvalues $\lambda_i$), the column
# $(M_t - M^\star)v_i$, by $1 - \eta\lambda_i$.
# The gradient is affine in $M$: it changes by $\Delta H$ when $M$ changes by
# $\Delta$, so the Hessian of the mean loss is the linear map
# $\Delta \mapsto \Delta H$; on $\operatorname{vec}(M)$ it is the matrix
# $H \otimes I_m$ ([Proof 1](../../proofs/proof-1/) with $C = \Delta$ and
# $A = H^\top = H$), whose eigenvalues are those of $H$, each $m$ times (the
# eigenvalues of a Kronecker product are the products of its factors'). This $H$
# is for the mean over the $N = 40$ examples, and it has full rank: $X$ has
# full row rank, so every $\lambda_i > 0$. Then gradient descent converges
# from every starting point exactly when every factor has modulus below one
# (at the limit or beyond, or at $\eta \le 0$, the factor
# $|1 - \eta\lambda_{\max}|$ is at least one, and a start along the top
# eigenvector never gets closer), that is when
#
# $$
# 0 < \eta < \frac{2}{\lambda_{\max}(H)}
# \label{eq-gd-stable-rates}
# $$
#
# This limit belongs to this $H$. For a single example, $H = 2xx^\top$ has
# rank 1, with the one nonzero eigenvalue $2\lVert x \rVert^2$, so the limit
# reads $\eta < 1/\lVert x \rVert^2$; the error components orthogonal to $x$
# are then not reduced at all (factor $1$), which is why one example cannot
# pin down $M$.
#
# Among constant rates, $\eta^\star = 2/(\lambda_{\min} + \lambda_{\max})$
# makes the worst factor $\max_i |1 - \eta\lambda_i|$ smallest, equal to
# $\rho^\star = (\lambda_{\max} - \lambda_{\min}) / (\lambda_{\max} +
# \lambda_{\min})$: each step shrinks the error's Frobenius norm by a factor
# of at most $\rho^\star$. We run three rates: a timid one,
# $\eta^\star$, and one 5 % above the limit [](#eq-gd-stable-rates).

# %%
H = 2 / N * X @ X.T
lam = np.linalg.eigvalsh(H)  # ascending
eta_limit = 2 / lam[-1]
rates = {
    "timid: η = 0.2 η*": 0.2 * 2 / (lam[0] + lam[-1]),
    "best: η = η*": 2 / (lam[0] + lam[-1]),
    "too large: η = 1.05 · 2/λmax": 1.05 * eta_limit,
}
steps = 150


def descend(eta):
    """Iterates M_0, ..., M_steps of gradient descent from M0."""
    path = [M0]
    for _ in range(steps):
        path.append(path[-1] - eta * mean_gradient(path[-1]))
    return path


paths = {name: descend(eta) for name, eta in rates.items()}


def contraction(eta):
    """max |1 - eta * lambda_i|: the worst factor per step."""
    return np.max(np.abs(1 - eta * lam))


# The gradient changes by D H: the Hessian is the map D -> D H.
D = rng.normal(size=(m, n))
np.testing.assert_allclose(
    mean_gradient(M0 + D) - mean_gradient(M0),
    D @ H,
    rtol=mp.EXACT_RTOL,
    atol=mp.EXACT_ATOL,
)
# On vec(M) (columns stacked) that map is H kron I_m, with the eigenvalues
# of H, each m times.
H_vec = np.kron(H, np.eye(m))
np.testing.assert_allclose(
    H_vec @ mp.vec(D),
    mp.vec(D @ H),
    rtol=mp.EXACT_RTOL,
    atol=mp.EXACT_ATOL,
)
np.testing.assert_allclose(
    np.linalg.eigvalsh(H_vec),
    np.sort(np.repeat(lam, m)),
    rtol=mp.EXACT_RTOL,
    atol=mp.EXACT_ATOL,
)
# Every factor below one inside the limit, the worst one exactly one at
# it, and above one beyond it (and at eta <= 0).
assert all(
    contraction(eta) < 1
    for eta in np.linspace(0, eta_limit, 2001)[1:-1]
)
np.testing.assert_allclose(
    contraction(eta_limit), 1, rtol=mp.EXACT_RTOL, atol=0
)
assert all(
    contraction(eta) > 1
    for eta in np.linspace(eta_limit, 3 * eta_limit, 2001)[1:]
)
assert contraction(0.0) == 1 and contraction(-0.1 * eta_limit) > 1
assert lam[0] > 0 and np.linalg.matrix_rank(H) == n  # full rank
# eta* minimises the worst factor over every stable rate, to rho*.
eta_star = rates["best: η = η*"]
rho_star = (lam[-1] - lam[0]) / (lam[-1] + lam[0])
np.testing.assert_allclose(
    contraction(eta_star), rho_star, rtol=mp.EXACT_RTOL, atol=0
)
grid = np.linspace(0, eta_limit, 2001)[1:-1]
assert all(
    contraction(eta) >= rho_star * (1 - mp.EXACT_RTOL) for eta in grid
)

# One example: H = 2 x x^T has rank 1, eigenvalue 2|x|^2, limit 1/|x|^2.
x1, g1 = X[:, 0], G[:, 0]
H1 = 2 * np.outer(x1, x1)
lam1 = np.linalg.eigvalsh(H1)
assert np.linalg.matrix_rank(H1) == 1
np.testing.assert_allclose(
    lam1[-1], 2 * x1 @ x1, rtol=mp.EXACT_RTOL, atol=0
)
np.testing.assert_allclose(
    2 / lam1[-1], 1 / (x1 @ x1), rtol=mp.EXACT_RTOL, atol=0
)
np.testing.assert_allclose(lam1[:-1], 0, rtol=0, atol=mp.EXACT_ATOL)
# Its one-example gradient (mathproofs.gradient) also changes by D H1.
np.testing.assert_allclose(
    mp.gradient(M0 + D, x1, g1) - mp.gradient(M0, x1, g1),
    D @ H1,
    rtol=mp.EXACT_RTOL,
    atol=mp.EXACT_ATOL,
)


# %% [markdown]
# **Convergence.** At $\eta^\star$ the iterates reach $M^\star$ to rounding
# level. At every step the error obeys [](#eq-gd-error-recursion): it is the
# previous error times $I_n - \eta H$, its norm is at most $\rho^\star$ times
# the previous one, and so at most $(\rho^\star)^t$ times the initial error.
# The timid rate converges too, more slowly: its error is at most $c^t$
# times the initial one, with $c = \max_i |1 - \eta\lambda_i| < 1$ for that
# rate, and here it stays above the $\eta^\star$ run's error at every step
# after the start.

# %%
# checks: eq-gd-error-recursion, eq-gd-stable-rates (numeric)
# Rounding: each step adds a few ulps of |M| (~1e-16) to the error; over
# 150 steps that stays far below 1e-12 relative to |M*|.
ROUNDING_SLACK = 1e-12

best = paths["best: η = η*"]
e0 = np.linalg.norm(M0 - M_star)
rho = contraction(rates["best: η = η*"])
slack = ROUNDING_SLACK * np.linalg.norm(M_star)
I_n, eta = np.eye(n), rates["best: η = η*"]
for t, M_t in enumerate(best):
    err = np.linalg.norm(M_t - M_star)
    assert err <= rho**t * e0 + slack
for before, after in itertools.pairwise(best):
    np.testing.assert_allclose(
        after - M_star,
        (before - M_star) @ (I_n - eta * H),
        rtol=0,
        atol=slack,
    )
    # per step: a factor of at most rho*
    assert (
        np.linalg.norm(after - M_star)
        <= rho * np.linalg.norm(before - M_star) + slack
    )
np.testing.assert_allclose(
    best[-1], M_star, rtol=ROUNDING_SLACK, atol=ROUNDING_SLACK
)
assert rho**steps < 1e-14  # so 150 steps suffice, by the bound
timid_eta = rates["timid: η = 0.2 η*"]
c_timid = contraction(timid_eta)
assert rho < c_timid < 1
timid = paths["timid: η = 0.2 η*"]
for t, M_t in enumerate(timid):
    assert np.linalg.norm(M_t - M_star) <= c_timid**t * e0 + slack
# More slowly: above the best run's error at every step t >= 1.
for M_t, M_best in zip(timid[1:], best[1:], strict=True):
    assert np.linalg.norm(M_t - M_star) > np.linalg.norm(
        M_best - M_star
    )

# %% [markdown]
# **Divergence.** Just above the limit [](#eq-gd-stable-rates), the iterates
# do not reach $M^\star$: the error's component along the top eigenvector
# $v$ of $H$, $(M_t - M^\star)v$, is multiplied by
# $1 - \eta\lambda_{\max} = -1.1$ at every step, and every other factor
# $|1 - \eta\lambda_i|$ is smaller than $1.1$. So after 150 steps the loss
# is many orders of magnitude above where it started, and the ratio
# $r_t = \lVert M_{t+1} - M^\star \rVert_F / \lVert M_t - M^\star \rVert_F$
# of the error's norms from one step to the next tends to $1.1$, at a speed
# set by the next-largest factor.
#
# To see how fast, let $u_i$ be orthonormal eigenvectors of $H$ (with
# $u_i = v$ for $\lambda_{\max}$), $c_i = 1 - \eta\lambda_i$ and
# $a_i = \lVert (M_0 - M^\star)u_i \rVert^2$, so that
# $\sum_i a_i = \lVert M_0 - M^\star \rVert_F^2$. By
# [](#eq-gd-error-recursion), $(M_t - M^\star)u_i = c_i^t (M_0 - M^\star)u_i$,
# hence $\lVert M_t - M^\star \rVert_F^2 = \sum_i a_i c_i^{2t}
# = 1.1^{2t} S_t$ with $S_t = a_v + \sum_{i \ne v} a_i q_i^{2t}$ and
# $q_i = |c_i| / 1.1 < 1$. The sum $S_t$ never grows and never drops below
# $a_v$, so $r_t = 1.1 \sqrt{S_{t+1}/S_t}$ lies between
# $1.1\,a_v / S_t$ and $1.1$. Hence $1.1 - r_t \le 1.1\,(S_t - a_v)/a_v$,
# and $S_t - a_v \le (\lVert M_0 - M^\star \rVert_F^2 - a_v)\,q^{2t}$ with
# $q = \max_{i \ne v} q_i$, which gives
#
# $$
# 0 \le 1.1 - r_t \le 1.1 \left(
# \frac{\lVert M_0 - M^\star \rVert_F^2}{a_v} - 1 \right) q^{2t}
# \label{eq-gd-ratio-gap}
# $$
#
# The gap closes geometrically, but slowly when $q$ is close to 1, that is
# when the second-largest eigenvalue of $H$ is close to the largest.

# %%
# checks: eq-gd-stable-rates (must-fail)
# checks: eq-gd-ratio-gap (numeric)
wild = paths["too large: η = 1.05 · 2/λmax"]
# The convergence check that the best rate passes fails here.
assert not np.allclose(
    wild[-1], M_star, rtol=ROUNDING_SLACK, atol=ROUNDING_SLACK
)
factor = contraction(rates["too large: η = 1.05 · 2/λmax"])
np.testing.assert_allclose(factor, 1.1, rtol=mp.EXACT_RTOL, atol=0)
# "Many orders of magnitude": at least four decades above the start.
DIVERGED = 1e4
assert mean_loss(wild[-1]) > DIVERGED * mean_loss(wild[0])
eta_wild = rates["too large: η = 1.05 · 2/λmax"]
v = np.linalg.eigh(H)[1][:, -1]  # top eigenvector of H
np.testing.assert_allclose(
    1 - eta_wild * lam[-1], -1.1, rtol=mp.EXACT_RTOL, atol=0
)
assert np.all(np.abs(1 - eta_wild * lam[:-1]) < 1.1)
# The component along v, step by step: exact up to the rounding of the
# iterates, a few ulps of the error's size.
for before, after in itertools.pairwise(wild):
    np.testing.assert_allclose(
        (after - M_star) @ v,
        (1 - eta_wild * lam[-1]) * ((before - M_star) @ v),
        rtol=0,
        atol=ROUNDING_SLACK * np.linalg.norm(before - M_star) + slack,
    )
# The error's squared norm in the eigenbasis: sum_i a_i c_i^(2t).
lam_u, U = np.linalg.eigh(H)
c = 1 - eta_wild * lam_u
a = np.sum(((wild[0] - M_star) @ U) ** 2, axis=0)
np.testing.assert_allclose(a.sum(), e0**2, rtol=mp.EXACT_RTOL, atol=0)
for t, M_t in enumerate(wild):
    np.testing.assert_allclose(
        np.sum((M_t - M_star) ** 2),
        np.sum(a * c ** (2 * t)),
        rtol=ROUNDING_SLACK,
        atol=0,
    )
# The gap 1.1 - r_t: never negative, and below the bound
# derived above (up to rounding of the ratio, far below ROUNDING_SLACK).
q = np.max(np.abs(c[:-1])) / factor
assert q < 1 and a[-1] > 0
ratios = [
    np.linalg.norm(after - M_star) / np.linalg.norm(before - M_star)
    for before, after in itertools.pairwise(wild)
]
for t, r_t in enumerate(ratios):
    gap_bound = factor * (e0**2 / a[-1] - 1) * q ** (2 * t)
    assert -ROUNDING_SLACK <= factor - r_t <= gap_bound + ROUNDING_SLACK

# %% [markdown]
# ## Loss against iteration
#
# The upper panel shows $L(M_t)$ with the least-squares minimum $L(M^\star)$
# as a dashed line; the lower panel shows the excess loss
# $L(M_t) - L(M^\star)$ on a log scale: it falls at least geometrically for
# both stable rates, by the bounds checked above (the excess loss is at most
# $\tfrac{1}{N}\sigma_{\max}(X)^2 \lVert M_t - M^\star \rVert_F^2$). For
# the rate that is too large it can fall for the first few steps, while the
# shrinking components still weigh most, but then it rises at every step:
# the excess loss is
# $\tfrac{1}{N}\lVert (M_t - M^\star) X \rVert_F^2 = \tfrac{1}{2}
# \operatorname{tr}\big((M_t - M^\star) H (M_t - M^\star)^\top\big)
# = \tfrac{1}{2} \sum_i \lambda_i a_i c_i^{2t}$, in the notation of the
# divergence paragraph, a sum of positive multiples of the powers
# $(c_i^2)^t$. Such a sequence is convex in $t$, so once it rises it keeps
# rising, and it does rise because the term with $c_v^2 = 1.21$ grows
# without bound. The excess loss is computed as
# $\tfrac{1}{N}\lVert (M_t - M^\star) X \rVert_F^2$, which equals it (the
# identity above, with $\Delta = M_t - M^\star$) and does not lose digits to
# cancellation.


# %%
def excess_loss(M):
    return np.sum(((M - M_star) @ X) ** 2) / N


# The identity of the least-squares cell, again at iterates of the runs
# (CANCELLATION_RTOL as there: below 1e-9 at these iterates too).
for M_t in best[:5] + wild[-5:]:
    np.testing.assert_allclose(
        excess_loss(M_t),
        mean_loss(M_t) - L_star,
        rtol=CANCELLATION_RTOL,
        atol=0,
    )

# The excess loss is at most sigma_max(X)^2 |M_t - M*|_F^2 / N, so the
# error bounds of the convergence cell make it fall at least geometrically.
sigma_max = np.linalg.svd(X, compute_uv=False)[0]
for path in paths.values():
    for M_t in path:
        assert excess_loss(M_t) <= (
            1 + mp.EXACT_RTOL
        ) * sigma_max**2 * (np.sum((M_t - M_star) ** 2) / N)

# The too-large rate: the excess loss is (1/2) sum_i lambda_i a_i c_i^(2t),
# strictly convex in t, so after its lowest point it rises at every step.
wild_excess = np.array([excess_loss(M_t) for M_t in wild])
np.testing.assert_allclose(
    wild_excess,
    [0.5 * np.sum(lam_u * a * c ** (2 * t)) for t in range(len(wild))],
    rtol=ROUNDING_SLACK,
    atol=0,
)
assert np.all(np.diff(wild_excess, 2) > 0)  # convex
lowest = np.argmin(wild_excess)
assert np.all(np.diff(wild_excess[lowest:]) > 0)
# "The first few steps": the lowest point comes early (seeds 0..2000: by
# step 11 at the latest).
FEW_STEPS = 15
assert lowest <= FEW_STEPS

fig, (left, right) = plt.subplots(
    2, 1, figsize=(6.4, 7), sharex=True, layout="constrained"
)
for (name, path), style in zip(
    paths.items(), ["-", "-", "--"], strict=True
):
    t = np.arange(len(path))
    left.semilogy(t, [mean_loss(M) for M in path], style, label=name)
    right.semilogy(t, [excess_loss(M) for M in path], style, label=name)
left.axhline(
    L_star, color="black", linestyle=":", label="lstsq minimum"
)
left.set(ylabel="loss L(Mₜ)", title="Loss against iteration")
right.set(
    xlabel="iteration t",
    ylabel="L(Mₜ) − L(M*)",
    title="Excess loss over the least-squares fit",
)
left.legend(fontsize="small")
left.grid(True, which="major", alpha=0.3)
right.grid(True, which="major", alpha=0.3)
plt.show()
