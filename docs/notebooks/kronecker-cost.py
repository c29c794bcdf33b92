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
#     equation_prefix: NB3.
# ---

# %% [markdown]
# # Why backprop never builds xᵀ ⊗ Iₘ
#
# [The derivation](../../derivation/) writes the chain rule with the Jacobian
# $\partial y / \partial \operatorname{vec}(M) = x^\top \otimes I_m$, an
# $m \times mn$ matrix, and then shows ([Proof 2](../../proofs/proof-2/)) that
# the product collapses to an outer product. This notebook measures what that
# collapse saves. We compute the same gradient three ways, starting from the
# residual $r = g - y$ of the output $y = Mx$ against the target $g$, and
# $u = -2r$ (the forward pass is the same for all three):
#
# 1. **Kronecker**: build $J = x^\top \otimes I_m$, multiply
#    $u^\top J$, and fold the $1 \times mn$ row back into $m \times n$
#    column by column ($\operatorname{unvec}$, NumPy's `order="F"`): a
#    row-by-row reshape gives the wrong matrix, as
#    [the derivation warns](../../derivation/#mistakes);
# 2. **vec trick**: apply $J$ block by block without building it,
#    $u^\top (x_j I_m) = x_j u^\top$ for $j = 1, \dots, n$;
# 3. **outer product**: the closed form $\nabla_M L = u x^\top$.
#
# All three give the gradient (denominator layout, shape $m \times n$). We
# count their bytes and arithmetic exactly, time them, and compute the
# largest layer each can handle in 1 GB.

# %%
import time
import tracemalloc

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
F64 = np.dtype(np.float64).itemsize  # 8 bytes per entry


def kronecker_path(u, x):
    """Gradient via the literal Jacobian; also the arrays it built."""
    J = mp.dy_dvecM(x, u.size)  # x^T kron I_m, m x mn
    row = u[np.newaxis, :] @ J  # dL/dvec(M), 1 x mn
    grad = row.reshape((u.size, x.size), order="F")  # a view: no copy
    return grad, [J, row]


def vec_trick_path(u, x):
    """Gradient via J applied block by block, never built."""
    m, n = u.size, x.size
    row = np.empty(m * n)
    for j in range(n):
        row[j * m : (j + 1) * m] = x[j] * u  # u^T (x_j I_m) = x_j u^T
    return row.reshape((m, n), order="F"), [row]


def outer_path(u, x):
    """Gradient via the closed form u x^T."""
    grad = np.outer(u, x)
    return grad, [grad]


PATHS = {
    "Kronecker": kronecker_path,
    "vec trick": vec_trick_path,
    "outer product": outer_path,
}

rng = mp.rng()
m, n = 5, 7
M, x, g = (
    rng.normal(size=(m, n)),
    rng.normal(size=n),
    rng.normal(size=m),
)
u = -2 * (g - M @ x)
# The Kronecker path's Jacobian is m x mn.
assert kronecker_path(u, x)[1][0].shape == (m, m * n)
for path in PATHS.values():
    grad, _ = path(u, x)
    np.testing.assert_allclose(
        grad,
        mp.gradient(M, x, g),
        rtol=mp.EXACT_RTOL,
        atol=mp.EXACT_ATOL,
    )
# Its fold is unvec, column by column; a row-by-row reshape is wrong.
grad, (_, row) = kronecker_path(u, x)
assert np.array_equal(grad, mp.unvec(row[0], (m, n)))
assert not np.allclose(
    row.reshape(m, n),
    mp.gradient(M, x, g),
    rtol=mp.FD_RTOL,
    atol=mp.FD_ATOL,
)

# %% [markdown]
# ## Bytes
#
# Counting the arrays each path allocates in float64 ($8$ bytes an entry),
# including $u$:
#
# $$
# B_{\text{Kron}} = 8\,(m + m \cdot mn + mn), \qquad
# B_{\text{vec}} = B_{\text{outer}} = 8\,(m + mn)
# \label{eq-cost-bytes}
# $$
#
# The Jacobian alone is $8m^2n$ bytes, $m$ times the size of the gradient it
# produces. The cell checks [](#eq-cost-bytes) against `.nbytes` of the
# arrays actually built, at several shapes, and checks with `tracemalloc`
# that the peak memory of the Kronecker path really holds the whole
# Jacobian, while at $100 \times 100$ the other two stay below $1/20$ of
# it.


# %%
# checks: eq-cost-bytes (exact)
def bytes_needed(name, m, n):
    if name == "Kronecker":
        return F64 * (m + m * m * n + m * n)
    return F64 * (m + m * n)


# Besides the arrays counted, a call allocates small Python objects
# and (Kronecker) the m x m identity inside np.kron; 256 KiB bounds
# both at these sizes.
OVERHEAD = 256 * 1024

for m, n in [(1, 1), (2, 3), (7, 5), (64, 48), (100, 100)]:
    u, x = rng.normal(size=m), rng.normal(size=n)
    peaks = {}
    for name, path in PATHS.items():
        tracemalloc.start()
        grad, built = path(u, x)
        peak = peaks[name] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        counted = u.nbytes + sum(a.nbytes for a in built)
        assert counted == bytes_needed(name, m, n), (name, m, n)
        assert grad.shape == (m, n)
        if name != "outer product":  # the reshape is a view of the row
            assert np.shares_memory(grad, built[-1])
        if name == "Kronecker":
            # the Jacobian is m times the size of the gradient
            assert built[0].nbytes == m * grad.nbytes
            assert (
                F64 * m * m * n
                <= peak
                <= counted + F64 * m * m + OVERHEAD
            )
        else:
            assert peak <= counted + OVERHEAD
    if (
        m == n == 100
    ):  # the Jacobian is 8 MB; the other paths stay < 0.4 MB
        assert peaks["vec trick"] < F64 * m * m * n / 20
        assert peaks["outer product"] < F64 * m * m * n / 20

# %% [markdown]
# ## Arithmetic
#
# A dense product $u^\top J$ does not know that $J$ is mostly zeros: each of
# its $mn$ entries costs $m$ multiplications and $m - 1$ additions. The other
# two paths multiply each $x_j$ by each $u_i$ once. Counting also the $m$
# multiplications of $u = -2r$:
#
# $$
# \text{Kronecker: } m^2 n + m \text{ multiplications},\ (m-1)mn
# \text{ additions}; \qquad
# \text{vec, outer: } mn + m \text{ multiplications},\ 0 \text{ additions}
# \label{eq-cost-flops}
# $$
#
# Of the Kronecker path's $m^2 n$ products, exactly $(m-1)mn$ multiply by a
# structural zero of $J$. The cell counts every operation of plain-Python
# versions of the three paths on integer data, so their results must equal
# the NumPy paths' exactly, and compares the counts with [](#eq-cost-flops).


# %%
# checks: eq-cost-flops (exact)
class Counter:
    def __init__(self):
        self.mul = self.add = self.zero_mul = 0

    def times(self, a, b):
        self.mul += 1
        self.zero_mul += a == 0 or b == 0
        return a * b

    def plus(self, a, b):
        self.add += 1
        return a + b


def counted(name, r, x):
    """Path `name` in plain Python: (gradient, Counter)."""
    c = Counter()
    m, n = len(r), len(x)
    u = [c.times(-2, ri) for ri in r]
    if name == "Kronecker":
        J = [
            [x[col // m] if col % m == i else 0 for col in range(m * n)]
            for i in range(m)
        ]  # row i of x^T kron I_m
        row = []
        for col in range(m * n):
            acc = c.times(u[0], J[0][col])
            for i in range(1, m):
                acc = c.plus(acc, c.times(u[i], J[i][col]))
            row.append(acc)
        grad = [[row[j * m + i] for j in range(n)] for i in range(m)]
    elif name == "vec trick":
        row = [c.times(x[j], u[i]) for j in range(n) for i in range(m)]
        grad = [[row[j * m + i] for j in range(n)] for i in range(m)]
    else:
        grad = [
            [c.times(u[i], x[j]) for j in range(n)] for i in range(m)
        ]
    return np.array(grad), c


def flops(name, m, n):
    """(multiplications, additions) by the formulas above."""
    if name == "Kronecker":
        return m * m * n + m, (m - 1) * m * n
    return m * n + m, 0


for m, n in [(1, 1), (1, 4), (3, 1), (2, 3), (5, 4), (8, 6)]:
    r = rng.integers(1, 10, size=m)  # nonzero, so no product is an
    x = rng.integers(1, 10, size=n)  # accidental zero
    for name, path in PATHS.items():
        grad, c = counted(name, r.tolist(), x.tolist())
        assert np.array_equal(grad, path(-2 * r, x)[0]), (name, m, n)
        assert (c.mul, c.add) == flops(name, m, n), (name, m, n)
        wasted = (m - 1) * m * n if name == "Kronecker" else 0
        assert c.zero_mul == wasted, (name, m, n)

# %% [markdown]
# ## Time
#
# Wall-clock time of each path for square layers $m = n = s$, the median of
# several runs with `time.perf_counter`. This is an illustration of the
# counts above, not a measurement this page asserts anything about: timings
# depend on the machine and its load. Expect the Kronecker path to grow
# like $s^3$ and the other two like $s^2$ (the vec trick's Python loop over
# the $n$ blocks costs a constant per block on top).

# %%
sizes = [8, 16, 32, 64, 96, 128, 160]


def median_time(path, u, x, repeats):
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        path(u, x)
        runs.append(time.perf_counter() - start)
    return float(np.median(runs))


times = {name: [] for name in PATHS}
for s in sizes:
    u, x = rng.normal(size=s), rng.normal(size=s)
    for name, path in PATHS.items():
        times[name].append(median_time(path, u, x, 5 if s < 128 else 3))

fig, ax = plt.subplots(figsize=(7, 4.4), layout="constrained")
for (name, ts), marker in zip(times.items(), "osD", strict=True):
    ax.loglog(sizes, ts, marker + "-", label=name)
s_ref = np.array(sizes, dtype=float)
ax.loglog(
    s_ref,
    times["Kronecker"][-1] * (s_ref / sizes[-1]) ** 3,
    ":",
    color="gray",
    label="∝ s³",
)
ax.loglog(
    s_ref,
    times["outer product"][-1] * (s_ref / sizes[-1]) ** 2,
    "--",
    color="gray",
    label="∝ s²",
)
ax.set(
    xlabel="layer size s (m = n = s)",
    ylabel="time per gradient [s] (median)",
    title="Cost of ∂L/∂M three ways",
)
ax.grid(True, which="major", alpha=0.3)
ax.legend(fontsize="small")
plt.show()

# %% [markdown]
# ## The largest layer that fits in 1 GB
#
# With a budget of 1 GB ($10^9$ bytes) for the arrays of [](#eq-cost-bytes),
# the cell finds, by bisection on the exact integer byte counts, the largest
# square layer $s$ each path can handle, and checks that $s + 1$ no longer
# fits. It also says what the Jacobian of a $4096 \times 4096$ layer, a
# modest size in today's networks, would need.

# %%
GB = 10**9


def largest_fitting(name, budget):
    """The largest s with bytes_needed(name, s, s) <= budget."""
    lo, hi = 1, 1
    while bytes_needed(name, hi, hi) <= budget:
        lo, hi = hi, 2 * hi
    while hi - lo > 1:  # invariant: lo fits, hi does not
        mid = (lo + hi) // 2
        lo, hi = (
            (mid, hi)
            if bytes_needed(name, mid, mid) <= budget
            else (lo, mid)
        )
    return lo


largest = {name: largest_fitting(name, GB) for name in PATHS}
for name, s in largest.items():
    assert (
        bytes_needed(name, s, s)
        <= GB
        < bytes_needed(name, s + 1, s + 1)
    )
assert largest["vec trick"] == largest["outer product"]
assert largest["outer product"] > 20 * largest["Kronecker"]
jacobian_4096 = F64 * 4096 * 4096 * 4096
# The Jacobian alone (8 m^2 n bytes) is 4096 times the layer's gradient and
# over 500 times the 1 GB budget, far beyond the Kronecker path's limit.
assert jacobian_4096 == 4096 * (F64 * 4096 * 4096) > 500 * GB
assert 4096 > largest["Kronecker"]

for name, s in largest.items():
    print(
        f"{name:>13}: largest square layer in 1 GB is s = {s:,}"
        f" ({bytes_needed(name, s, s) / GB:.3f} GB)"
    )
print(
    f"A 4096 x 4096 layer: Jacobian {jacobian_4096 / GB:,.0f} GB;"
    f" its gradient: {F64 * 4096 * 4096 / GB:.3f} GB."
)
