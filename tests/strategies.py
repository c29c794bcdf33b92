"""Bounded hypothesis strategies and seeded array builders shared by the tests.

Imported as ``from strategies import ...``: pytest's default ``prepend`` import
mode puts this directory on ``sys.path`` (``tests/`` is not a package).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from hypothesis import settings
from hypothesis import strategies as st

# Each dimension m, n, p is drawn from 1..8: big enough to expose a transpose or a
# wrong Kronecker order, small enough that a property runs in milliseconds.
dims = st.integers(min_value=1, max_value=8)
# Dimensions of at least 2, where the common mistakes give different answers.
dims2 = st.integers(min_value=2, max_value=8)
# Seeds for np.random.default_rng: the data are drawn from a seeded generator.
seeds = st.integers(min_value=0, max_value=2**32 - 1)

# Bounded runs: no deadline (first calls pay import costs), 50 examples each.
PROPERTY = settings(max_examples=50, deadline=None)


def ints(gen: np.random.Generator, *shape: int) -> npt.NDArray[np.int64]:
    """Small integers in [-9, 9]: identities must hold exactly on them."""
    return gen.integers(-9, 10, size=shape, dtype=np.int64)


def floats(gen: np.random.Generator, *shape: int) -> npt.NDArray[np.float64]:
    """Standard normal floats: O(1) data, matching the EXACT_* and FD_* error models."""
    return gen.standard_normal(shape)


def model(gen: np.random.Generator, m: int, n: int, kind: str = "float") -> tuple[Any, Any, Any]:
    """Return (M, x, g) with M of shape (m, n), x of shape (n,), g of shape (m,)."""
    draw = ints if kind == "int" else floats
    return draw(gen, m, n), draw(gen, n), draw(gen, m)
