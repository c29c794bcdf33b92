"""The session's site build is shared and cached safely (tests/sitebuild.py).

* The cache key changes with every input the build reads: a page, a package or plugin
  file, an untracked new file, an ignored file under docs/, the commit and the dirty state
  the footer prints, the build date, a MATHPROOFS_* variable, the build's extra
  environment. It does not change with the tests, which the build never reads.
* A build becomes the cache only when it succeeded and no input changed during it; a
  failed or interrupted build leaves nothing behind; an entry whose files changed is
  built again; concurrent sessions build a key once; pruning spares entries in use.
"""

from __future__ import annotations

import functools
import subprocess
import threading
import time
from pathlib import Path

import pytest
from sitebuild import ROOT, SharedBuild, build_inputs, build_key, shared_build

GIT = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]


def git(repo: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A small project in git: a page, the config, the package, a test; site/ ignored."""
    files = {
        "docs/index.md": "# Home\n",
        "mkdocs.yml": "site_name: t\n",
        "mathproofs/__init__.py": "x = 1\n",
        "tests/test_a.py": "def test_a(): pass\n",
        ".gitignore": "/site/\n*.tmp\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, "utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "one")
    return tmp_path


ENV = {"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "86400"}


def key(repo: Path, **env: str) -> str:
    return build_key(repo, {**ENV, **env})


def test_every_input_changes_the_key(repo: Path) -> None:
    seen = [key(repo)]

    def changed() -> bool:
        new = key(repo)
        fresh = new not in seen
        seen.append(new)
        return fresh

    (repo / "docs/index.md").write_text("# Home, edited\n", "utf-8")  # a page (and dirty)
    assert changed()
    (repo / "mathproofs/__init__.py").write_text("x = 2\n", "utf-8")  # the package
    assert changed()
    (repo / "mathproofs_site").mkdir()
    (repo / "mathproofs_site/plugin.py").write_text("", "utf-8")  # untracked, not ignored
    assert changed()
    (repo / "docs/notes.tmp").write_text("copied into the site", "utf-8")  # ignored, in docs/
    assert changed()
    (repo / "mkdocs.yml").unlink()  # a tracked file deleted
    assert changed()
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "two")  # the commit the footer prints (clean again)
    assert changed()
    assert key(repo, SOURCE_DATE_EPOCH=str(2 * 86400)) not in seen  # another build date
    assert key(repo, MATHPROOFS_SEED="3") not in seen  # the notebooks' seed
    assert build_key(repo, ENV, SOURCE_DATE_EPOCH="1") not in seen  # the build's extra env
    assert key(repo) == seen[-1]  # and nothing else moved


def test_the_tests_and_ignored_files_outside_docs_do_not_change_the_key(repo: Path) -> None:
    (repo / "mkdocs.yml").write_text("site_name: dirty\n", "utf-8")
    before = key(repo)
    (repo / "tests/test_a.py").write_text("def test_a(): assert True\n", "utf-8")
    (repo / "tests/test_new.py").write_text("", "utf-8")
    (repo / "site").mkdir()
    (repo / "site/index.html").write_text("<p>old build</p>", "utf-8")
    (repo / "scratch.tmp").write_text("", "utf-8")
    assert key(repo) == before
    assert key(repo, CI="true", HOME="/elsewhere") == before  # unrelated variables
    # The tests' own settings: the build reads neither.
    assert key(repo, MATHPROOFS_VERDICT_STORE="/tmp/v", MATHPROOFS_OFFLINE_ZIP="z.zip") == before


def test_the_dirty_state_is_in_the_key(repo: Path) -> None:
    clean = key(repo)
    (repo / "tests/test_a.py").write_text("def test_a(): assert True\n", "utf-8")
    assert key(repo) != clean  # the footer now says +dirty
    assert build_inputs(repo, ENV)["dirty"] is True


def test_the_project_key_covers_the_build_inputs() -> None:
    files = build_inputs(ROOT)["files"]
    for top in ["docs/", "mathproofs/", "overrides/", "mkdocs.yml", "pyproject.toml"]:
        assert any(f.startswith(top) for f in files), top
    for top in ["mathproofs_site/", "tools/", "requirements/", "package-lock.json"]:
        if (ROOT / top).exists():
            assert any(f.startswith(top) for f in files), top
    assert not [f for f in files if f.startswith("tests/")]
    assert not [f for f in files if f.startswith((".venv/", "node_modules/", "site/", ".cache/"))]


# -- the cache ---------------------------------------------------------------------------


class Builder:
    """A stand-in for the site's build: counts its calls, can fail or wait."""

    def __init__(self, fail: BaseException | None = None, wait: float = 0.0) -> None:
        self.calls, self.fail, self.wait = 0, fail, wait

    def __call__(self, site: Path) -> None:
        self.calls += 1
        site.mkdir(parents=True)
        (site / "index.html").write_text(f"<p>build {self.calls}</p>", "utf-8")
        time.sleep(self.wait)
        if self.fail is not None:
            raise self.fail


def entries(store: Path) -> list[str]:
    return sorted(p.name for p in store.iterdir() if p.is_dir() and p.name != "locks")


def test_a_build_is_reused_while_its_key_holds(tmp_path: Path) -> None:
    build = Builder()
    first = shared_build(tmp_path, lambda: "k1", "s1", build)
    first.release()
    again = shared_build(tmp_path, lambda: "k1", "s2", build)
    assert (first.reused, again.reused, build.calls) == (False, True, 1)
    assert again.site == tmp_path / "k1" / "site" == first.site
    assert (again.site / "index.html").read_text("utf-8") == "<p>build 1</p>"
    assert again.verify_unchanged() == []
    again.release()
    other = shared_build(tmp_path, lambda: "k2", "s3", build)
    assert (other.reused, build.calls) == (False, 2)
    other.release()


@pytest.mark.parametrize("error", [AssertionError("strict build failed"), KeyboardInterrupt()])
def test_a_failed_or_interrupted_build_leaves_nothing(tmp_path: Path, error: BaseException) -> None:
    build = Builder(fail=error)
    with pytest.raises(type(error)):
        shared_build(tmp_path, lambda: "k", "s1", build)
    assert entries(tmp_path) == []
    # The session's other workers get its error, without building again ...
    with pytest.raises(AssertionError, match=f"^{type(error).__name__} in the session's build"):
        shared_build(tmp_path, lambda: "k", "s1", build)
    assert build.calls == 1
    # ... and the next session builds.
    built = shared_build(tmp_path, lambda: "k", "s2", Builder())
    assert built.reused is False and entries(tmp_path) == ["k"]
    built.release()


def test_a_build_whose_inputs_changed_meanwhile_is_not_kept(tmp_path: Path) -> None:
    keys = iter(["before", "after", "after", "after"])
    build = Builder()
    first = shared_build(tmp_path, lambda: next(keys), "s1", build)
    assert (first.site / "index.html").is_file()  # serves this session
    first.release()
    assert "before" not in entries(tmp_path)
    second = shared_build(tmp_path, lambda: next(keys), "s2", build)
    assert (second.reused, build.calls) == (False, 2)
    second.release()


def test_an_entry_whose_files_changed_is_built_again(tmp_path: Path) -> None:
    build = Builder()
    first = shared_build(tmp_path, lambda: "k", "s1", build)
    (first.site / "index.html").write_text("<p>written by a test</p>", "utf-8")
    (first.site / "extra.html").write_text("", "utf-8")
    assert first.verify_unchanged() == ["extra.html", "index.html"]
    first.release()
    again = shared_build(tmp_path, lambda: "k", "s2", build)
    assert (again.reused, build.calls) == (False, 2)
    assert (again.site / "index.html").read_text("utf-8") == "<p>build 2</p>"
    assert again.verify_unchanged() == []
    again.release()


def test_concurrent_sessions_build_a_key_once(tmp_path: Path) -> None:
    build = Builder(wait=0.5)
    results: list[SharedBuild] = []

    def session(name: str) -> None:
        results.append(shared_build(tmp_path, lambda: "k", name, build))

    threads = [threading.Thread(target=session, args=(f"s{k}",)) for k in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert build.calls == 1
    assert sorted(r.reused for r in results) == [False, True, True]
    for result in results:
        result.release()


def test_pruning_keeps_the_newest_and_spares_entries_in_use(tmp_path: Path) -> None:
    build = Builder()
    held = shared_build(tmp_path, lambda: "a-oldest", "s", build)  # held: in use
    for name in ["b", "c", "d"]:
        time.sleep(0.02)  # distinct modification times
        shared_build(tmp_path, functools.partial(str, name), "s", build, keep=2).release()
    assert entries(tmp_path) == ["a-oldest", "c", "d"]
    held.release()
    shared_build(tmp_path, lambda: "e", "s", build, keep=2).release()
    assert entries(tmp_path) == ["d", "e"]


def test_a_leftover_unfinished_build_is_removed(tmp_path: Path) -> None:
    (tmp_path / "building-crashed" / "site").mkdir(parents=True)
    shared_build(tmp_path, lambda: "k", "s", Builder()).release()
    assert entries(tmp_path) == ["k"]
