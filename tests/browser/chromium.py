"""Finding the Chromium to drive, and what to do without one (skip, or fail under CI)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SYSTEM_CHROMIUM = "/usr/bin/chromium"


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def no_browser(reason: str) -> None:
    """Skip locally; fail under CI, where a missing browser is a broken setup."""
    if in_ci():
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


def find_chromium(playwright_chromium: Any) -> str | None:
    """The Chromium to drive: $CHROMIUM, Debian's, or Playwright's own, if it exists."""
    candidates = [os.environ.get("CHROMIUM", ""), SYSTEM_CHROMIUM]
    try:
        candidates.append(playwright_chromium.executable_path)
    except Exception:  # no Playwright browser downloaded: not an error here
        pass
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None
