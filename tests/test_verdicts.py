"""Reused browser verdicts (tests/browser/verdicts.py): what changes the key, what is kept,
and a real run that reuses, then runs again when asked."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import cast

import pytest
from browser import verdicts
from sitebuild import ROOT


def _tree(root: Path) -> None:
    (root / "tests").mkdir()
    (root / "docs").mkdir()
    (root / "tests" / "test_page.py").write_text("def test_x():\n    pass\n", "utf-8")
    (root / "tests" / "data.json").write_text("{}", "utf-8")
    (root / "docs" / "index.md").write_text("# Home\n", "utf-8")
    (root / "conftest.py").write_text("", "utf-8")


def test_the_key_changes_with_each_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path)
    monkeypatch.setattr(verdicts, "_browser_identity", lambda: "chromium 1")
    keys = [verdicts.verdict_key(tmp_path)]
    assert verdicts.verdict_key(tmp_path) == keys[0]  # the same inputs, the same key
    edits = [
        ("tests/test_page.py", "def test_y():\n    pass\n"),
        ("tests/data.json", "[]"),
        ("docs/index.md", "# Home page\n"),
        ("conftest.py", "x = 1\n"),
    ]
    for path, text in edits:
        (tmp_path / path).write_text(text, "utf-8")
        keys.append(verdicts.verdict_key(tmp_path))
    monkeypatch.setattr(verdicts, "_browser_identity", lambda: "chromium 2")
    keys.append(verdicts.verdict_key(tmp_path))
    assert len(set(keys)) == len(keys)


def test_a_record_keeps_passes_drops_failures_and_other_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(verdicts, "STORE", tmp_path)
    verdicts.record("old", {"a"}, set())
    verdicts.record("k", {"a", "b"}, set())
    assert verdicts.recorded("k") == {"a", "b"}
    assert verdicts.recorded("old") == set()  # another key's record is gone
    verdicts.record("k", {"c"}, {"b"})  # b failed in a later run on the same inputs
    assert verdicts.recorded("k") == {"a", "c"}


NO_HYPOTHESIS = ["-p", "no:hypothesispytest"]  # the tests run here use none; it costs 1.2 s a run


def _run(store: Path, *args: str) -> tuple[str, str]:
    """The summary line ("7 passed in 2.1s") and the verdicts' key of a pytest run that
    keeps its record in ``store``."""
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "PYTEST_XDIST_WORKER"}}
    env["MATHPROOFS_VERDICT_STORE"] = str(store)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *NO_HYPOTHESIS, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    key = re.search(r"browser verdicts .*; key (\S+)", result.stdout)
    assert key is not None, result.stdout[-2000:]
    return result.stdout.strip().splitlines()[-1], key[1]


BROWSER_MODULE = "tests/browser/test_discovery.py"
FIRST = "test_no_chromium_anywhere_is_none"  # its first test
OUTSIDE = "tests/test_verdicts.py::test_the_key_changes_with_each_input"


def test_a_second_run_reuses_and_fresh_browser_runs_again(tmp_path: Path) -> None:
    """The first run records every test of a browser module but its first. The second runs
    that first test for real, reuses the others, then runs a test outside tests/browser:
    the reused ones must leave pytest's fixtures as a run would (the module's and the
    package's torn down before the next item; a stale one errors the test after them)."""
    for _attempt in range(3):  # an edit in the working tree between two runs changes the key
        store = tmp_path / f"store-{_attempt}"
        first, key = _run(store, BROWSER_MODULE, "-k", f"not {FIRST}")
        second, again = _run(store, BROWSER_MODULE, OUTSIDE)
        if key == again:
            break
    count = int(first.split()[0])
    assert count > 0 and first.startswith(f"{count} passed, 1 deselected in"), first
    assert key == again and second.startswith(f"2 passed, {count} reused in"), second
    fresh, none = _run(store, "--fresh-browser", BROWSER_MODULE)
    assert fresh.startswith(f"{count + 1} passed in") and none == "none:"


class _Options:
    """A stand-in for pytest's config: only ``getoption``, with the options given."""

    def __init__(self, **given: object) -> None:
        self.given = given

    def getoption(self, name: str) -> object:
        return self.given.get(name.lstrip("-").replace("-", "_"))


@pytest.mark.parametrize("option", ["fresh_browser", "fresh_build", "built_site", "CI"])
def test_each_way_of_asking_for_fresh_runs_turns_reuse_off(
    option: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real run above shows --fresh-browser; the others take the same path."""
    monkeypatch.delenv("CI", raising=False)
    assert verdicts.reuse_allowed(cast(pytest.Config, _Options()))
    if option == "CI":
        monkeypatch.setenv("CI", "true")
        asked = _Options()
    else:
        asked = _Options(**{option: "site" if option == "built_site" else True})
    assert not verdicts.reuse_allowed(cast(pytest.Config, asked))
