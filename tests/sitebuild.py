"""Helpers shared by the tests that look at the built site, and the test-seeds plugin.

The second part (at the end) is a pytest plugin that ``make test-seeds`` loads to run only
the page and docstring blocks that draw random data.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, NoReturn

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def build_site(site_dir: Path, root: Path = ROOT, **env_vars: str) -> Path:
    """Run ``mkdocs build --strict`` in ``root`` into ``site_dir`` and return it; fail loudly.

    ``env_vars`` are added to the build's environment (e.g. ``SOURCE_DATE_EPOCH``). The build
    executes every notebook (mkdocs-jupyter, ``allow_errors: false``): when a cell fails, the
    error names the notebook and the cell first, then gives the build's log.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **env_vars}
    result = subprocess.run(
        build_command(site_dir),
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        log = ANSI_RE.sub("", result.stderr)
        failed = failed_cell(log, root / "docs")
        head = f"{failed}\n\n" if failed else ""
        raise AssertionError(f"{head}mkdocs build --strict failed:\n{log}")
    return site_dir


# Colour codes in the tracebacks the kernel sends.
ANSI_RE = re.compile(r"\x1b\[[0-9;]*m")
# How MkDocs reports a page that raised, and nbclient a cell that failed, in the build's log.
CELL_ERROR_RE = re.compile(
    r"Error reading page '(?P<page>[^']+)': An error occurred while executing the following"
    r" cell:\n-+\n(?P<source>.*?)\n-+\n(?P<rest>.*?)(?:\nTraceback \(most recent call last\):\n|$)",
    re.DOTALL,
)


def failed_cell(log: str, docs: Path) -> str | None:
    """From a failed build's log: the notebook, the cell and the error (None: no cell failed)."""
    match = CELL_ERROR_RE.search(log)
    if match is None:
        return None
    page, source = match["page"], match["source"].strip()
    lines = [line.strip() for line in match["rest"].splitlines() if line.strip()]
    error = lines[-1].removesuffix(":") if lines else "(no error message)"
    where = "a cell"
    path = docs / page
    if path.is_file():
        import jupytext  # here, not at the top: 0.3 s that every pytest process would pay

        cells = jupytext.read(path).cells
        found = [k for k, cell in enumerate(cells, 1) if cell.source.strip() == source]
        if found:
            k = found[0]
            code = sum(c.cell_type == "code" for c in cells[:k])
            where = f"cell {k} of {len(cells)} (code cell {code}, In [{code}])"
    body = "\n".join(f"    {line}" for line in source.splitlines())
    return f"notebook docs/{page}: {where} failed: {error}\n{body}"


# -- one build, shared and reused ------------------------------------------------------
#
# Every test that reads the site reads one build (tests/conftest.py, ``built_site``). xdist
# workers share it: the first to ask builds under a lock, the others wait and reuse it. A
# local run also keeps it, in .cache/site-build/ (gitignored), under a key that hashes
# every input the build reads; the next run with the same key reuses it instead of
# building again. Anything that can change the site changes the key, so a stale build is
# never reused:
#
# * every file of the repository that git sees (tracked, or untracked and not ignored),
#   by content, except under NOT_READ_BY_THE_BUILD; and every file under docs/, even an
#   ignored one (MkDocs copies whatever is there into the site);
# * the commit and whether tracked files changed, as the provenance footer states them;
# * the build date the pages print (SOURCE_DATE_EPOCH's, else today in UTC), and every
#   MATHPROOFS_* variable (the seed the notebooks draw with, the page-speed switches);
# * the interpreter, every installed Python distribution and its version, and what npm
#   installed (node_modules/.package-lock.json);
# * the build command and its extra environment.
#
# A build only becomes the cache once it has succeeded: it is made in a temporary
# directory next to the cache and renamed into place (atomic), and only if the key
# computed after the build equals the key before it (no input changed meanwhile). Each
# entry records the hash of every file it holds; an entry whose files no longer match
# (a test wrote into the site, or a file was lost) is not reused, and a session that
# finds its site changed under it fails (``verify_unchanged``).
#
# Under CI (CI=true) or with --fresh-build the site is built for the session, never kept.

CACHE = ROOT / ".cache" / "site-build"
# Read by the tests, never by the build: editing a test must not cost a build.
NOT_READ_BY_THE_BUILD = ("tests/", "conftest.py")
KEEP = 3  # cached builds kept (the newest used); older ones are removed
# Bump when what a cache entry holds, or how the build is run, changes.
CACHE_FORMAT = "1"


def _git(root: Path, *args: str) -> str:
    out = subprocess.run(  # no optional locks: never write the index another command uses
        ["git", "--no-optional-locks", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    return out.stdout if out.returncode == 0 else f"<git {args[0]} failed: {out.returncode}>"


def _file_digest(path: Path) -> str:
    if path.is_symlink():
        return "symlink:" + os.readlink(path)
    if not path.is_file():
        return "missing"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_inputs(root: Path = ROOT, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Everything the site's build reads that can change what it writes (see above)."""
    env = os.environ if env is None else env
    listed = _git(root, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    paths = {p for p in listed.split("\0") if p and not p.startswith("<git")}
    docs = root / "docs"
    if docs.is_dir():
        paths |= {p.relative_to(root).as_posix() for p in docs.rglob("*") if not p.is_dir()}
    paths = {p for p in paths if not p.startswith(NOT_READ_BY_THE_BUILD)}
    epoch = env.get("SOURCE_DATE_EPOCH")
    date = (
        dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    ).date()
    return {
        "format": CACHE_FORMAT,
        "files": {p: _file_digest(root / p) for p in sorted(paths)},
        "commit": _git(root, "rev-parse", "HEAD").strip(),
        "dirty": bool(_git(root, "status", "--porcelain", "--untracked-files=no").strip()),
        "date": date.isoformat(),
        "environment": {
            k: v
            for k, v in sorted(env.items())
            if k.startswith("MATHPROOFS_") and k not in NOT_BUILD_SETTINGS
        },
        "python": [sys.version, sys.prefix],
        "distributions": installed_distributions(),
        "npm": _file_digest(root / "node_modules" / ".package-lock.json"),
    }


# MATHPROOFS_ variables that the build does not read (the tests' own settings).
NOT_BUILD_SETTINGS = {"MATHPROOFS_VERDICT_STORE", "MATHPROOFS_OFFLINE_ZIP"}


def installed_distributions() -> list[str]:
    """Every installed distribution with its version, as its metadata folders name them
    (``mkdocs_material-9.8.1.dist-info``; quicker than reading each one's metadata)."""
    folders = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    return sorted(
        entry.name
        for folder in folders
        if Path(folder).is_dir()
        for entry in Path(folder).iterdir()
        if entry.name.endswith((".dist-info", ".egg-info"))
    )


def build_key(root: Path = ROOT, env: Mapping[str, str] | None = None, **env_vars: str) -> str:
    """The cache key of a build of ``root`` with ``env_vars`` added to its environment."""
    inputs = build_inputs(root, {**(os.environ if env is None else env), **env_vars})
    inputs["build"] = [build_command(Path("<site>")), sorted(env_vars.items())]
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:32]


def build_command(site_dir: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]


def site_digests(site: Path) -> dict[str, str]:
    """The sha256 of every file of a built site, by path relative to it."""
    return {
        p.relative_to(site).as_posix(): _file_digest(p)
        for p in sorted(site.rglob("*"))
        if not p.is_dir()
    }


@contextlib.contextmanager
def _locked(path: Path, mode: int) -> Iterator[IO[str]]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as handle:
        fcntl.flock(handle, mode)
        try:
            yield handle
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@dataclass
class SharedBuild:
    """One build in ``store``, under ``key``; ``site`` is the built site's directory."""

    store: Path
    key: str
    site: Path
    reused: bool
    _hold: IO[str] | None = None

    def verify_unchanged(self) -> list[str]:
        """The site's files that no longer hold what the build wrote (empty: none)."""
        recorded = json.loads((self.site.parent / "digests.json").read_text("utf-8"))
        found = site_digests(self.site)
        return sorted(p for p in recorded.keys() | found.keys() if recorded.get(p) != found.get(p))

    def release(self) -> None:
        """Let other sessions remove this entry again (it stays reusable)."""
        if self._hold is not None:
            fcntl.flock(self._hold, fcntl.LOCK_UN)
            self._hold.close()
            self._hold = None

    def discard(self) -> None:
        """Remove this entry (unless another session reads it): it is not to be reused."""
        self.release()
        _remove_unless_in_use(self.site.parent)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


SESSION_ID = pytest.StashKey[str]()


def session_id(config: pytest.Config) -> str:
    """The same in all of a session's xdist workers, different for every session."""
    if SESSION_ID not in config.stash:
        workerinput = getattr(config, "workerinput", None)
        config.stash[SESSION_ID] = (
            str(workerinput["testrunuid"]) if workerinput else uuid.uuid4().hex
        )
    return config.stash[SESSION_ID]


def session_temp(config: pytest.Config, factory: pytest.TempPathFactory) -> Path:
    """A directory of this session's, the same for all its xdist workers."""
    base = factory.getbasetemp()
    return base.parent if getattr(config, "workerinput", None) else base


def shared_build(
    store: Path,
    key: Callable[[], str],
    session: str,
    build: Callable[[Path], object] | None = None,
    keep: int = KEEP,
) -> SharedBuild:
    """The build under ``store/<key()>``, made by ``build(site_dir)`` unless one is there.

    Safe with concurrent sessions and xdist workers: one process builds a key (under a
    lock for that key), the others wait and reuse its build. The build happens in a
    temporary directory in ``store`` and is renamed into place only when it succeeded and
    ``key()`` did not change during it; otherwise the temporary build serves this session
    alone and goes at the next pruning. An entry whose files do not match their recorded
    digests is built again. Each session holds a shared lock on the entry it uses, and
    pruning (all but the ``keep`` newest entries) skips entries in use. A build that
    fails is not tried again by the other processes of the same ``session`` (xdist
    workers): they raise its error.
    """
    run = build or (lambda site_dir: build_site(site_dir))
    before = key()
    entry = store / before
    lock = store / "locks" / before
    failed = lock.with_name(f"{before}.failed-{session}")
    with _locked(lock, fcntl.LOCK_EX):
        if failed.is_file():
            raise AssertionError(failed.read_text("utf-8"))
        if (entry / "digests.json").is_file():
            found = _hold(SharedBuild(store, before, entry / "site", reused=True))
            if not found.verify_unchanged():
                os.utime(entry)  # the most recently used: pruned last
                return found
            found.release()
        if entry.exists():
            _remove_unless_in_use(entry)
        work = Path(tempfile.mkdtemp(prefix="building-", dir=store))
        built = _hold(SharedBuild(store, before, work / "site", reused=False))
        try:
            run(built.site)
        except BaseException as error:
            built.discard()
            failed.write_text(f"{type(error).__name__} in the session's build: {error}", "utf-8")
            raise
        (work / "digests.json").write_text(json.dumps(site_digests(built.site)), "utf-8")
        if key() == before and not entry.exists():
            work.rename(entry)
            built.site = entry / "site"
    _prune(store, keep, spare=built.site.parent)
    return built


def _hold(found: SharedBuild) -> SharedBuild:
    """Take a shared lock on the entry: pruning leaves it alone while this session runs."""
    handle = (found.site.parent / "in-use").open("a+", encoding="utf-8")
    fcntl.flock(handle, fcntl.LOCK_SH)
    found._hold = handle
    return found


def _remove_unless_in_use(entry: Path) -> bool:
    """Remove a cache entry unless a session holds it (building it, or reading it)."""
    try:
        handle = (entry / "in-use").open("a+", encoding="utf-8")
    except FileNotFoundError:  # another session removed it meanwhile
        return True
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        shutil.rmtree(entry, ignore_errors=True)
        return True


def _prune(store: Path, keep: int, spare: Path) -> None:
    """Remove all but the ``keep`` newest entries (and unfinished builds), unless in use."""
    entries = [p for p in store.iterdir() if p.is_dir() and p.name != "locks" and p != spare]
    entries.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    kept = 1  # spare
    for entry in entries:
        if not entry.name.startswith("building-") and kept < keep:
            kept += 1
            continue
        _remove_unless_in_use(entry)
    # Lock files of entries long gone (an hour: no session still waits on them).
    locks = store / "locks"
    for lock in locks.iterdir() if locks.is_dir() else []:
        old = lock.stat().st_mtime < dt.datetime.now().timestamp() - 3600
        if old and not (store / lock.name.split(".")[0]).exists():
            lock.unlink(missing_ok=True)


def markdown_pages() -> list[Path]:
    """Every Markdown page of the site, relative to docs/."""
    return sorted(p.relative_to(DOCS) for p in DOCS.rglob("*.md"))


def html_for(site_dir: Path, page: Path) -> Path:
    """The built HTML file of a page's source under docs/, Markdown or notebook (directory URLs)."""
    stem = page.with_suffix("")
    if stem.name == "index":
        return site_dir / stem.parent / "index.html"
    return site_dir / stem / "index.html"


# -- make test-seeds: only the blocks that draw random data -----------------------------
#
# Loaded as a pytest plugin (``PYTHONPATH=tests pytest -p sitebuild ...``); imported as a
# module by the tests, the hooks below do nothing. A block can depend on MATHPROOFS_SEED only
# through the package's one read of it, ``mathproofs.checking._default_seed`` (mathproofs.rng()
# without a seed, and everything that draws by default, such as check_gradient, goes through
# it; numpy's own generators need an explicit seed: tests/test_reproducible.py forbids the
# rest). So the blocks are selected by what they do, not by their names:
#
# * ``--record-seeded=FILE`` runs the blocks and writes the ids of those that read the seed;
# * ``--blocks-from=FILE`` then keeps only those (``make test-seeds`` reruns them per seed);
# * ``--blocks-not-from=FILE`` keeps the others, and ``--forbid-seed`` makes reading the seed
#   fail: ``make test-seeds`` runs the others so once, which proves that none of them reads
#   it (tests/test_reproducible.py shows both on a page of its own).
FORBIDDEN = "reads MATHPROOFS_SEED, yet test-seeds did not select it"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("sitebuild", "page and docstring blocks that read the seed")
    group.addoption(
        "--record-seeded",
        metavar="FILE",
        help="write to FILE the ids of the tests that read MATHPROOFS_SEED (through "
        "mathproofs.rng() and the package's default draws)",
    )
    group.addoption(
        "--blocks-from",
        metavar="FILE",
        help="run only the tests whose ids FILE lists (one per line), as --record-seeded wrote",
    )
    group.addoption(
        "--blocks-not-from",
        metavar="FILE",
        help="run only the tests whose ids FILE does not list (the complement of --blocks-from)",
    )
    group.addoption(
        "--forbid-seed",
        action="store_true",
        help="make reading MATHPROOFS_SEED fail (mathproofs.rng() without a seed included)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--blocks-from", None) and config.getoption("--blocks-not-from", None):
        raise pytest.UsageError("--blocks-from and --blocks-not-from: give one of them")
    for option, listed_run in (("--blocks-from", True), ("--blocks-not-from", False)):
        listed = config.getoption(option, None)
        if listed is None:
            continue
        path = Path(listed)
        if not path.is_file():
            raise pytest.UsageError(f"{option}: no file {path} (make it with --record-seeded)")
        wanted = set(path.read_text("utf-8").split())
        missing = wanted - {item.nodeid for item in items}
        if missing:
            raise pytest.UsageError(f"{option} {path}: not collected: {sorted(missing)[:5]}")
        keep = [item for item in items if (item.nodeid in wanted) == listed_run]
        config.hook.pytest_deselected(items=[item for item in items if item not in keep])
        items[:] = keep


class SeedReaders:
    """The plugin object of ``--record-seeded``: which test read the seed."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.current: str | None = None
        self.readers: set[str] = set()

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Iterator[None]:
        self.current = item.nodeid
        try:
            return (yield)
        finally:
            self.current = None

    def pytest_sessionfinish(self) -> None:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.out.write_text("".join(f"{n}\n" for n in sorted(self.readers)), "utf-8")


def pytest_configure(config: pytest.Config) -> None:
    record = config.getoption("--record-seeded", None)
    forbid = config.getoption("--forbid-seed", False)
    if not (record or forbid):
        return
    import mathproofs.checking as checking

    read = checking._default_seed
    if record:
        readers = SeedReaders(Path(record))
        config.pluginmanager.register(readers, "sitebuild-seed-readers")

        @functools.wraps(read)
        def recorded() -> int:
            if readers.current is not None:
                readers.readers.add(readers.current)
            return read()

        checking._default_seed = recorded
    if forbid:

        @functools.wraps(read)
        def forbidden() -> NoReturn:
            raise AssertionError(f"this block {FORBIDDEN}")

        checking._default_seed = forbidden
        # A block that reads the variable itself fails on this value.
        os.environ["MATHPROOFS_SEED"] = "forbidden: no block outside test-seeds reads it"
