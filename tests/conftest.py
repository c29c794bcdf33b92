from __future__ import annotations

from pathlib import Path

import pytest
from sitebuild import build_site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site, built once per test session with ``mkdocs build --strict``."""
    return build_site(tmp_path_factory.mktemp("site"))
