from __future__ import annotations

from pathlib import Path

import pytest
from sitebuild import build_site


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mathproofs", "the built site")
    group.addoption(
        "--built-site",
        metavar="DIR",
        help="test this existing build of the working tree (CI: site/ from `make build`) "
        "instead of building the site for the session",
    )
    group.addoption(
        "--second-build",
        action="store_true",
        help="also build the site a second time, with another SOURCE_DATE_EPOCH, and compare "
        "the two builds (tests/test_reproducible.py; `make test-repro`, CI)",
    )


@pytest.fixture(scope="session")
def built_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once per test session with ``mkdocs build --strict``.

    With ``--built-site DIR`` the session tests that build instead (CI builds ``site/`` once
    with ``make build`` and tests the very files it publishes).
    """
    given = request.config.getoption("--built-site")
    if given:
        site = Path(given).resolve()
        if not (site / "index.html").is_file():
            raise AssertionError(f"--built-site {given}: no built site there (run `make build`)")
        return site
    return build_site(tmp_path_factory.mktemp("site"))
