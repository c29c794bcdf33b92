"""Reproducible results: two builds give the same site, and every random draw is seeded.

The second build runs with another ``SOURCE_DATE_EPOCH``, so the fields declared to vary
with the build date really do differ; ``VARYING`` lists them, one named regex each, and
everything else must be byte for byte the same. A second build costs as much as the first,
so ``make test`` skips the two-build comparison (reported as skipped) and CI runs it:
``.ci/run`` builds ``site/`` once with ``make build``, then tests that build with
``--built-site site --second-build``; locally, ``make test-repro``. (Multi-seed runs of the
doc blocks are ``make test-seeds``, also in ``.ci/run``.)
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sitebuild
from sitebuild import ROOT, build_site, session_id, session_temp, shared_build

# Fields declared to vary between two builds of the same commit: the build date and what
# is derived from it, and a few things measured or drawn at build time. Each match is
# replaced by the field's name before comparing. VARYING applies to every file,
# VARYING_IN only to the files matching its glob.
VARYING: dict[str, re.Pattern[str]] = {
    # mathproofs_site/provenance.py footer, and the citations' "built 2026-11-26."
    "provenance build date": re.compile(r"(?<=built )\d{4}-\d{2}-\d{2}"),
    # mathproofs_site/provenance.py citation: BibTeX year = {2026} (the build year).
    "citation year": re.compile(r"(?<=year    = \{)\d{4}(?=\})|(?<=year = \{)\d{4}(?=\})"),
    # Plain-text citation: "... (commit abc), 2026." (the build year).
    "citation text year": re.compile(r"(?<=\), )\d{4}(?=\. )"),
    # mkdocs' sitemap.xml: <lastmod> is the build date.
    "sitemap lastmod": re.compile(r"(?<=<lastmod>)[^<]*(?=</lastmod>)"),
}
VARYING_IN: dict[str, tuple[str, re.Pattern[str]]] = {
    # The Kronecker-cost notebook times three methods with time.perf_counter and plots
    # the run times: the plot's pixels differ from run to run.
    "measured run-time plot": (
        "notebooks/kronecker-cost/*",
        re.compile(r"(?<=data:image/png;base64,)[A-Za-z0-9+/=]+|(?<=\"image/png\": \")[^\"]+"),
    ),
}
TEXT_SUFFIXES = {".html", ".xml", ".json", ".js", ".css", ".txt", ".py", ".svg", ".ipynb"}
# 1970-01-02: far from any real build date, so every date field differs.
OTHER_EPOCH = "86400"


def normalise(text: str, relative: Path | None = None) -> str:
    for name, pattern in VARYING.items():
        text = pattern.sub(f"<{name}>", text)
    for name, (glob, pattern) in VARYING_IN.items():
        if relative is not None and relative.match(glob):
            text = pattern.sub(f"<{name}>", text)
    return text


def read(site: Path, relative: Path, mask: bool = True) -> bytes:
    data = (site / relative).read_bytes()
    if relative.suffix == ".gz":
        data = gzip.decompress(data)
        relative = relative.with_suffix("")
    if relative.suffix in TEXT_SUFFIXES and mask:
        return normalise(data.decode("utf-8"), relative).encode("utf-8")
    return data


def differences(a: Path, b: Path, mask: bool = True) -> list[str]:
    """The files that differ between two site directories (after masking VARYING)."""
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    out = [f"only in one build: {p}" for p in sorted(files_a ^ files_b)]
    out += [str(p) for p in sorted(files_a & files_b) if read(a, p, mask) != read(b, p, mask)]
    return out


@pytest.fixture(scope="session")
def second_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """A second full build; only with ``--second-build`` (``make test-repro``, and CI).

    Made once per session, shared by its xdist workers, never kept. Tests ask for it before
    ``built_site``, so that without the option they skip at once.
    """
    config = request.config
    if not config.getoption("--second-build"):
        pytest.skip("the second build runs with --second-build: make test-repro, CI")
    build = shared_build(
        session_temp(config, tmp_path_factory) / "second-build",
        lambda: "second",
        session_id(config),
        build=lambda site: build_site(site, SOURCE_DATE_EPOCH=OTHER_EPOCH),
    )
    yield build.site
    build.release()


def test_two_builds_are_identical_apart_from_declared_fields(
    second_site: Path, built_site: Path
) -> None:
    assert differences(built_site, second_site) == []


def test_the_declared_fields_do_vary(second_site: Path, built_site: Path) -> None:
    """Unmasked, the builds differ: the comparison above can fail, and the rules are used."""
    assert differences(built_site, second_site, mask=False) != []
    pages = (built_site / "index.html", second_site / "index.html")
    texts = [p.read_text("utf-8") for p in pages]
    assert texts[0] != texts[1] and normalise(texts[0]) == normalise(texts[1])


def test_a_real_difference_is_caught(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for site, number in [(a, "(D1)"), (b, "(D2)")]:
        site.mkdir()
        (site / "index.html").write_text(f"<p>{number} built 2026-01-0{len(number)}.</p>")
    assert differences(a, b) == ["index.html"]
    (b / "index.html").write_text("<p>(D1) built 1970-01-02.</p>")
    assert differences(a, b) == []


# ---------------------------------------------------------------- seeded randomness

# A random draw that does not go through a seeded generator. Allowed: mp.rng(),
# np.random.default_rng(<seed>) and np.random.RandomState(<seed>) with an argument (the
# latter only as bad input to the package), and the np.random.Generator type.
UNSEEDED = re.compile(
    r"np\.random\.(?!default_rng\b(?!\(\s*\))|RandomState\((?!\s*\))|Generator\b)\w+"
    r"|numpy\.random\.(?!Generator\b)\w+"
    r"|^\s*(?:import random\b|from random import)"
    r"|default_rng\(\s*\)",
    re.MULTILINE,
)
SCANNED = ["docs", "tests", "mathproofs", "mathproofs_site", "bench", "tools"]


def unseeded_draws(text: str) -> list[str]:
    return [m.group(0).strip() for m in UNSEEDED.finditer(text)]


def test_every_random_draw_is_seeded() -> None:
    found = []
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix not in {".py", ".md", ".ipynb"} or path == Path(__file__):
                continue
            found += [
                f"{path.relative_to(ROOT)}: {d}" for d in unseeded_draws(path.read_text("utf-8"))
            ]
    assert found == []


@pytest.mark.parametrize(
    "line",
    [
        "x = np.random.normal(size=3)",
        "np.random.seed(0)",
        "gen = np.random.default_rng()",
        "import random",
        "from random import shuffle",
        "v = numpy.random.rand(3)",
        "state = np.random.RandomState()",
    ],
)
def test_an_unseeded_draw_is_caught(line: str) -> None:
    assert unseeded_draws(line) != []


def test_seeded_generators_pass() -> None:
    text = (
        "gen = np.random.default_rng(seed)\nrng = mp.rng()\ndef f(g: np.random.Generator): ...\n"
        "legacy = np.random.RandomState(0)"
    )
    assert unseeded_draws(text) == []


# ---------------------------------------------------------------- test-seeds' selection

# `make test-seeds` re-runs under other seeds only the page and docstring blocks that read
# MATHPROOFS_SEED, as one run recorded them (sitebuild's --record-seeded). The rest must not
# read it: test-seeds runs them once with reading it made to fail (--blocks-not-from,
# --forbid-seed). Here, on a page of five blocks: the record catches a block however it
# reaches the seed, and each selection keeps what it should.


# The project's pytest settings (also for a page outside the project), quiet, the plugin.
PLUGIN_ARGS = [
    "-c",
    str(ROOT / "pyproject.toml"),
    "-q",
    "-p",
    "no:cacheprovider",
    "-p",
    "no:hypothesispytest",  # no block uses it; importing it costs 1.2 s a run
    "-p",
    "sitebuild",
]


def run_blocks(*args: str) -> subprocess.CompletedProcess[str]:
    """pytest with the test-seeds plugin (tests/sitebuild.py), as `make test-seeds` runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tests")}
    env.pop("MATHPROOFS_SEED", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", *PLUGIN_ARGS, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_block_that_reads_the_seed_is_recorded(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    blocks = {
        "named": "import mathproofs as mp\nassert mp.rng().standard_normal(2).shape == (2,)",
        # Through a name no rule on the code could see: recorded all the same.
        "hidden": 'import mathproofs as mp\nf = getattr(mp, "r" "ng")\nassert f() is not None',
        # A default draw inside the package (check_gradient's random directions).
        "default": "import numpy as np\nimport mathproofs as mp\n"
        "assert mp.check_gradient(lambda X: float(np.sum(X**2)), lambda X: 2 * X, "
        "np.ones((2, 2))).ok",
        # An explicit seed, and no draw: they do not depend on MATHPROOFS_SEED.
        "explicit": "import numpy as np\nassert np.random.default_rng(5).random() < 1",
        "no draw": "import numpy as np\nassert np.eye(2).trace() == 2",
    }
    page.write_text("".join(f"\n```python\n{code}\n```\n" for code in blocks.values()), "utf-8")
    seeded = tmp_path / "seeded.txt"
    assert run_blocks(f"--record-seeded={seeded}", str(page)).returncode == 0
    readers = seeded.read_text("utf-8").split()
    assert len(readers) == 3, readers
    # Run again with the seed forbidden: exactly the three recorded ones fail.
    result = run_blocks("--forbid-seed", str(page))
    assert "3 failed, 2 passed" in result.stdout, result.stdout[-2000:]
    assert sitebuild.FORBIDDEN in result.stdout
    failed = re.findall(r"FAILED (\S+)", result.stdout)
    assert sorted(f.split("::", 1)[1] for f in failed) == sorted(
        r.split("::", 1)[1] for r in readers
    )
    # And --blocks-from keeps just those.
    kept = run_blocks(f"--blocks-from={seeded}", str(page))
    assert kept.returncode == 0 and "3 passed, 2 deselected" in kept.stdout, kept.stdout[-800:]
    # test-seeds' proof over the site: the others, with the seed forbidden, all pass.
    others = run_blocks(f"--blocks-not-from={seeded}", "--forbid-seed", str(page))
    assert others.returncode == 0 and "2 passed, 3 deselected" in others.stdout, others.stdout
