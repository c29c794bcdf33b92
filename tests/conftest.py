from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import verdicts
from sitebuild import CACHE, build_key, in_ci, session_id, session_temp, shared_build


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mathproofs", "the built site")
    group.addoption(
        "--built-site",
        metavar="DIR",
        help="test this existing build of the working tree (CI: site/ from `make build`) "
        "instead of building the site for the session",
    )
    group.addoption(
        "--fresh-build",
        action="store_true",
        help="build the site for this session, neither reusing nor keeping a cached build "
        "in .cache/site-build/ (always so with CI=true)",
    )
    group.addoption(
        "--second-build",
        action="store_true",
        help="also build the site a second time, with another SOURCE_DATE_EPOCH, and compare "
        "the two builds (tests/test_reproducible.py; `make test-repro`, CI)",
    )
    group.addoption(
        "--fresh-browser",
        action="store_true",
        help="run every browser test, reusing no verdict of an earlier run on the same inputs "
        "(tests/browser/verdicts.py; always so with CI=true)",
    )


@pytest.fixture(scope="session")
def built_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """The site, built once per test session with ``mkdocs build --strict``.

    xdist workers share the one build. A local run reuses the build of an earlier run
    whose inputs were the same (tests/sitebuild.py, "one build, shared and reused"), and
    keeps its own for the next. With ``CI=true`` or ``--fresh-build`` the session builds
    its own. With ``--built-site DIR`` the session tests that build instead (CI builds
    ``site/`` once with ``make build`` and tests the very files it publishes).
    """
    config = request.config
    given = config.getoption("--built-site")
    if given:
        site = Path(given).resolve()
        if not (site / "index.html").is_file():
            raise AssertionError(f"--built-site {given}: no built site there (run `make build`)")
        yield site
        return
    if config.getoption("--fresh-build") or in_ci():
        store, key = session_temp(config, tmp_path_factory) / "site-build", lambda: "fresh"
    else:
        store, key = CACHE, build_key
    build = shared_build(store, key, session=session_id(config))
    yield build.site
    changed = build.verify_unchanged()
    if changed:
        build.discard()
        raise AssertionError(
            f"the session's site build changed under the tests ({len(changed)} files, e.g. "
            f"{changed[:5]}): a test must not write into built_site; it is not kept"
        )
    build.release()


def pytest_configure(config: pytest.Config) -> None:
    # Reused browser verdicts: registered here, not in tests/browser/conftest.py, because
    # under xdist the controller, which counts and records results, loads no conftest below.
    config.pluginmanager.register(verdicts.Verdicts(config), "browser-verdicts")
