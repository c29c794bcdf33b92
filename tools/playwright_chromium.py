"""Print the path of Playwright's own Chromium, for ``$CHROMIUM``; exit 1 if it is missing.

The GitHub workflow installs it (``playwright install --with-deps chromium``: Ubuntu's apt
chromium is a snap stub) and points the browser tests at it with ``$CHROMIUM``, which
tests/browser/chromium.py tries first.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright


def main() -> int:
    with sync_playwright() as playwright:
        path = Path(playwright.chromium.executable_path)
    if not path.is_file():
        print(
            f"no Playwright Chromium at {path}: run `playwright install chromium`", file=sys.stderr
        )
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
