"""Reused browser verdicts: a local run does not drive the browser again over unchanged inputs.

The browser tests are most of a warm ``make test`` (they load every page in both schemes,
with axe's audit), and their verdict is a function of their inputs: the built site, the
tests, the browser. As a build system caches a test's result under the digest of what it
reads (Bazel's "cached" tests), a local run records each browser test that passed under
the key of those inputs, and a later run with the same key reports it as ``reused`` (the
short letter ``r``) instead of running it. Anything else reruns it:

* the key changes with every input of the site's build (``sitebuild.build_key``: the
  sources, the installed distributions, node_modules, today's date), with every file of
  ``tests/`` and the root ``conftest.py``, and with the browser's executable;
* a test that failed, errored or was skipped is not recorded, so it runs again;
* ``--fresh-browser``, ``--fresh-build``, ``--built-site`` and ``CI=true`` never reuse
  (and never record): CI always drives the browser.

The terminal summary says how many verdicts were reused, and under which key.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from pathlib import Path
from typing import Any, Literal

import pytest
from _pytest.reports import TestReport
from _pytest.terminal import TerminalReporter
from sitebuild import ROOT, _file_digest, build_key, in_ci

from browser.chromium import SYSTEM_CHROMIUM

# MATHPROOFS_VERDICT_STORE: another folder for the record (tests/test_verdicts.py's runs).
STORE = Path(os.environ.get("MATHPROOFS_VERDICT_STORE") or ROOT / ".cache" / "browser-verdicts")
BROWSER_TESTS = Path(__file__).resolve().parent
REUSED = ("verdict", "reused")  # in a reused test's user_properties (they cross xdist)


def is_browser_test(item: pytest.Item) -> bool:
    return BROWSER_TESTS in Path(item.path).parents


def _browser_identity() -> str:
    path = Path(os.environ.get("CHROMIUM") or SYSTEM_CHROMIUM)
    try:
        found = path.resolve().stat()
    except OSError:
        return f"{path}: absent"
    return f"{path.resolve()}: {found.st_size} bytes, mtime {found.st_mtime_ns}"


def verdict_key(root: Path = ROOT) -> str:
    """The digest of everything a browser test's verdict depends on."""
    tests = sorted(
        p for p in (root / "tests").rglob("*") if p.is_file() and "__pycache__" not in p.parts
    )
    inputs = {
        "build": build_key(root),
        "tests": {p.relative_to(root).as_posix(): _file_digest(p) for p in tests},
        "conftest": _file_digest(root / "conftest.py"),
        "browser": _browser_identity(),
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:32]


def reuse_allowed(config: pytest.Config) -> bool:
    return not (
        in_ci()
        or config.getoption("--fresh-browser")
        or config.getoption("--fresh-build")
        or config.getoption("--built-site")
    )


def recorded(key: str) -> set[str]:
    path = STORE / f"{key}.json"
    if not path.is_file():
        return set()
    return set(json.loads(path.read_text("utf-8"))["passed"])


def record(key: str, passed: set[str], failed: set[str]) -> None:
    """Add this session's passes to the key's record, and drop what failed (under a lock:
    sessions may finish at the same time). Records of other keys are removed: they can
    never match again unless the inputs return to an older state."""
    STORE.mkdir(parents=True, exist_ok=True)
    with (STORE / ".lock").open("a+", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        kept = (recorded(key) | passed) - failed
        (STORE / f"{key}.json").write_text(json.dumps({"passed": sorted(kept)}), "utf-8")
        for other in STORE.glob("*.json"):
            if other.stem != key:
                other.unlink(missing_ok=True)


def _reused(item: pytest.Item, when: Literal["setup", "call", "teardown"]) -> TestReport:
    return TestReport(
        item.nodeid,
        item.location,
        keywords=dict.fromkeys(item.keywords, 1),
        outcome="passed",
        longrepr=None,
        when=when,
        user_properties=[REUSED],
    )


def report_reused(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """Log the three phases of a passed test without running it, marked as reused.

    The test that ran before this one kept its module's and package's fixtures for it
    (pytest tears down only what the next item does not need). Nothing was set up for this
    one, so its teardown phase tears down to what the next item needs, as pytest's would;
    a fixture that fails there is reported as a teardown error, as pytest reports it.
    """
    hook = item.ihook
    hook.pytest_runtest_logstart(nodeid=item.nodeid, location=item.location)
    for when in ("setup", "call"):
        hook.pytest_runtest_logreport(report=_reused(item, when))
    torn = pytest.CallInfo.from_call(
        lambda: item.session._setupstate.teardown_exact(nextitem), when="teardown"
    )
    if torn.excinfo is None:
        hook.pytest_runtest_logreport(report=_reused(item, "teardown"))
    else:
        hook.pytest_runtest_logreport(report=hook.pytest_runtest_makereport(item=item, call=torn))
    hook.pytest_runtest_logfinish(nodeid=item.nodeid, location=item.location)


def was_reused(report: Any) -> bool:
    return REUSED in [tuple(p) for p in getattr(report, "user_properties", ())]


class Verdicts:
    """The pytest plugin: reuses recorded passes, records this run's (one per process)."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self._key: str | None = None
        self._known: set[str] | None = None  # the record, read on first use
        self.passed: set[str] = set()
        self.failed: set[str] = set()

    @property
    def key(self) -> str | None:
        """This session's key (computed once), or None when verdicts are neither reused
        nor kept."""
        if self._key is None and reuse_allowed(self.config):
            self._key = verdict_key()
        return self._key

    def pytest_sessionstart(self) -> None:
        _ = self.key  # the inputs as the session starts: what its verdicts are about

    def pytest_runtest_protocol(
        self, item: pytest.Item, nextitem: pytest.Item | None
    ) -> bool | None:
        if not is_browser_test(item) or self.key is None:
            return None
        if self._known is None:
            self._known = recorded(self.key)
        if item.nodeid not in self._known:
            return None
        report_reused(item, nextitem)
        return True

    def pytest_report_teststatus(self, report: TestReport) -> tuple[str, str, str] | None:
        if not was_reused(report):
            return None
        return ("reused", "r", "REUSED") if report.when == "call" else ("", "", "")

    def pytest_runtest_logreport(self, report: TestReport) -> None:
        """In the process that reports (the controller under xdist): which browser tests
        ran and passed, and which did not pass in some phase."""
        if not report.nodeid.startswith("tests/browser/") or was_reused(report):
            return
        if report.passed and report.when == "call":
            self.passed.add(report.nodeid)
        elif not report.passed:
            self.failed.add(report.nodeid)

    def pytest_sessionfinish(self) -> None:
        if getattr(self.config, "workerinput", None) is not None:
            return  # the controller records what the workers reported
        if not (self.passed or self.failed) or self.key is None:
            return
        if verdict_key() != self.key:  # an input changed during the run: its verdicts
            return  # are about no one state of the inputs, so none is kept
        record(self.key, self.passed - self.failed, self.failed)

    def pytest_terminal_summary(self, terminalreporter: TerminalReporter) -> None:
        reused = len(terminalreporter.stats.get("reused", []))
        if reused or self.passed or self.failed:
            terminalreporter.write_line(
                f"browser verdicts (tests/browser/verdicts.py): {reused} reused from an earlier "
                f"run on the same inputs, {len(self.passed - self.failed)} passed now; key "
                f"{self.key or 'none: not reused, not kept'}"
                + (" (--fresh-browser runs them all)" if reused else "")
            )
