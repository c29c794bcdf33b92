"""Reused browser verdicts (tests/browser/verdicts.py): what changes the key, what is kept,
and a real run that reuses, then runs again when asked."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

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


def _run(*args: str) -> tuple[str, str]:
    """The summary line ("7 passed in 2.1s") and the verdicts' key of a pytest run."""
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "PYTEST_XDIST_WORKER"}}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
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


def test_a_second_run_reuses_and_fresh_browser_runs_again() -> None:
    tests = "tests/browser/test_discovery.py"
    for _attempt in range(3):  # an edit in the working tree between two runs changes the key
        (first, key), (second, again) = _run(tests), _run(tests)
        if key == again:
            break
    count = first.split()[0]
    assert int(count) > 0 and first.split()[1] in {"passed", "reused"}
    assert key == again and second.startswith(f"{count} reused in")
    fresh, none = _run("--fresh-browser", tests)
    assert fresh.startswith(f"{count} passed in") and none == "none:"
    assert _run("--fresh-build", tests)[0].startswith(f"{count} passed in")
