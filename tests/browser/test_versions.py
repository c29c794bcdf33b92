"""Versions: two releases deployed with mike, served, and read in the browser (README, "Versions").

A temporary clone of the repository (its committed HEAD, with ``origin`` removed so no other
gh-pages branch leaks in) gets two releases, each by the Makefile's own ``make deploy``, as a
maintainer makes them: the package's version (0.1) first, then the next minor version (0.2)
after a commit in the clone that bumps ``__version__`` and pyproject's ``version``. Each is a
real ``mike deploy`` (a full strict site build) into the clone's local gh-pages branch; nothing
is pushed. The branch is then exported (``git archive``) and served under ``/mathproofs/``, as
GitHub Pages serves it, and Chromium checks what a reader meets: the version selector lists
both releases and switches from 0.2 to the same page of 0.1; ``latest/`` and the site's root
redirect to 0.2; a link to an equation of 0.1, made before 0.2 existed, still lands on that
equation. No request leaves 127.0.0.1, and no page logs a console error.

Slow: the two builds take most of the time, 1 to 2 minutes each on an idle 2-core machine
(about 5 each on a heavily loaded one; measured in full: see the README, "Versions"). Over
unchanged inputs a local run reuses the verdict (tests/browser/verdicts.py) and builds nothing.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from browser.serving import serve
from browser.test_pages import Visit, new_context, watch

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
# The page whose equation is linked, and on which versions are switched.
PAGE = "derivation/"
# Each deploy is a full site build; on a loaded machine one has taken over 5 minutes.
DEPLOY_TIMEOUT_S = 1200
VERSION_LINE = re.compile(r'^__version__ = "(\d+)\.(\d+)\.(\d+)"$', re.MULTILINE)
SYMLINK_MODE = "120000"


@dataclass
class Releases:
    old: str  # "0.1"
    new: str  # "0.2"
    served: Path  # the exported gh-pages tree
    tree: list[tuple[str, str]]  # (mode, path) of every file of gh-pages
    old_tree_before: str  # the git tree id of old/ right after its own deploy
    old_tree_after: str  # ... and after the newer release was deployed
    anchor: str  # an equation anchor on old's PAGE


def git(clone: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(clone), *args], check=True, capture_output=True, text=True
    ).stdout.strip()


def make_deploy(clone: Path) -> None:
    """``make deploy`` in the clone, with this checkout's tools: the clone has no .venv of its
    own (``-o``: its set-up stamp is not remade), and its own packages come first on the path."""
    env = {k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MAKELEVEL", "MFLAGS"}}
    env["PYTHONPATH"] = str(clone)
    result = subprocess.run(
        ["make", "-C", str(clone), "-o", ".venv/.installed", "deploy", f"BIN={BIN}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=DEPLOY_TIMEOUT_S,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]


def bump_minor(clone: Path) -> str:
    """Commit the next minor version into the clone's package and pyproject; return it."""
    init = clone / "mathproofs" / "__init__.py"
    found = VERSION_LINE.search(init.read_text("utf-8"))
    assert found, f"no __version__ line in {init}"
    old = ".".join(found.groups())
    new = f"{found[1]}.{int(found[2]) + 1}.0"
    init.write_text(init.read_text("utf-8").replace(f'"{old}"', f'"{new}"', 1), "utf-8")
    pyproject = clone / "pyproject.toml"
    text = pyproject.read_text("utf-8")
    assert text.count(f'version = "{old}"') == 1, "pyproject's version is not the package's"
    pyproject.write_text(text.replace(f'version = "{old}"', f'version = "{new}"'), "utf-8")
    git(clone, "commit", "--quiet", "-am", f"Release {new}")
    return ".".join(new.split(".")[:2])


def package_version(clone: Path) -> str:
    found = VERSION_LINE.search((clone / "mathproofs" / "__init__.py").read_text("utf-8"))
    assert found
    return f"{found[1]}.{found[2]}"


def last_equation(html: str) -> str:
    ids = [n.attributes["id"] or "" for n in HTMLParser(html).css("article .equation[id]")]
    assert ids, "no numbered equation on the page"
    return ids[-1]


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Releases:
    work = tmp_path_factory.mktemp("versions")
    clone = work / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--shared", "--no-checkout", str(ROOT), str(clone)],
        check=True,
    )
    git(clone, "checkout", "--quiet", "--detach", git(ROOT, "rev-parse", "HEAD"))
    git(clone, "remote", "remove", "origin")
    # mike commits: an identity for this clone only.
    git(clone, "config", "user.name", "mathproofs test")
    git(clone, "config", "user.email", "test@mathproofs.invalid")
    # Temml, the math font and the browser scripts the build copies (never committed).
    (clone / "node_modules").symlink_to(ROOT / "node_modules")

    old = package_version(clone)
    make_deploy(clone)
    old_tree_before = git(clone, "rev-parse", f"gh-pages:{old}")
    new = bump_minor(clone)
    make_deploy(clone)

    served = work / "gh-pages"
    served.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(clone), "archive", "--format=tar", "gh-pages"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(served, filter="tar")
    listing = git(clone, "ls-tree", "-r", "gh-pages").splitlines()
    tree = [(line.split()[0], line.split("\t", 1)[1]) for line in listing]
    return Releases(
        old=old,
        new=new,
        served=served,
        tree=tree,
        old_tree_before=old_tree_before,
        old_tree_after=git(clone, "rev-parse", f"gh-pages:{old}"),
        anchor=last_equation((served / old / PAGE / "index.html").read_text("utf-8")),
    )


@pytest.fixture(scope="module")
def versions_url(releases: Releases) -> Iterator[str]:
    """The gh-pages tree served under the site's published path: ``.../mathproofs/``."""
    server, thread, url = serve(releases.served)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def tab(browser: Any) -> Iterator[tuple[Any, Visit]]:
    context = new_context(browser, "light")
    page = context.new_page()
    visit = Visit()
    watch(page, visit)
    yield page, visit
    context.close()
    assert visit.console_errors == [] and visit.foreign_requests == []


def test_the_branch_keeps_both_releases_and_latest_is_redirects(releases: Releases) -> None:
    """versions.json lists both, newest first, with latest on the newest; latest/ holds no
    symlink and no page of its own, only mike's redirects; the older release's directory is
    byte for byte what its own deploy wrote; each release's pages name their own version."""
    versions = json.loads((releases.served / "versions.json").read_text("utf-8"))
    assert [(v["version"], v["aliases"]) for v in versions] == [
        (releases.new, ["latest"]),
        (releases.old, []),
    ]
    assert [path for mode, path in releases.tree if mode == SYMLINK_MODE] == []
    latest = [path for _, path in releases.tree if path.startswith("latest/")]
    assert "latest/derivation/index.html" in latest
    assert all(path.endswith(".html") for path in latest), "latest/ copies more than redirects"
    redirect = (releases.served / "latest" / PAGE / "index.html").read_text("utf-8")
    assert f'window.location.replace(\n      "../../{releases.new}/{PAGE}"' in redirect
    assert releases.old_tree_before == releases.old_tree_after
    for version in (releases.old, releases.new):
        html = (releases.served / version / PAGE / "index.html").read_text("utf-8")
        canonical = HTMLParser(html).css_first('link[rel="canonical"]')
        assert canonical is not None
        assert urlsplit(canonical.attributes["href"] or "").path == f"/mathproofs/{version}/{PAGE}"
        script = HTMLParser(html).css_first("script#__config")
        assert script is not None
        config = json.loads(script.text())
        assert config["version"] == {"provider": "mike", "default": "latest"}


def test_the_selector_lists_both_and_switches_to_the_same_page(
    tab: tuple[Any, Visit], versions_url: str, releases: Releases
) -> None:
    page, _ = tab
    page.goto(f"{versions_url}{releases.new}/{PAGE}", wait_until="load")
    current = page.locator(".md-version__current")
    current.wait_for()
    assert current.inner_text().strip() == releases.new
    links = page.locator(".md-version__link")
    assert [t.strip() for t in links.all_inner_texts()] == [releases.new, releases.old]
    page.hover(".md-version")
    with page.expect_navigation(url=f"{versions_url}{releases.old}/{PAGE}"):
        page.locator(".md-version__link", has_text=releases.old).click()
    page.locator(".md-version__current").wait_for()
    assert page.locator(".md-version__current").inner_text().strip() == releases.old


def test_latest_and_the_root_redirect_to_the_newest(
    tab: tuple[Any, Visit], versions_url: str, releases: Releases
) -> None:
    page, _ = tab
    page.goto(f"{versions_url}latest/{PAGE}#{releases.anchor}", wait_until="load")
    page.wait_for_url(f"{versions_url}{releases.new}/{PAGE}#{releases.anchor}")
    page.goto(versions_url, wait_until="load")
    page.wait_for_url(f"{versions_url}{releases.new}/")


IN_VIEW_JS = """
(id) => {
  const el = document.getElementById(id);
  if (!el) return null;
  const box = el.getBoundingClientRect();
  return {top: box.top, bottom: box.bottom, height: innerHeight, scrolled: scrollY};
}
"""


def test_an_old_equation_link_still_lands_on_its_equation(
    tab: tuple[Any, Visit], versions_url: str, releases: Releases
) -> None:
    """A link to an equation of the older release, made before the newer one existed, still
    opens that release's page and scrolls its equation into view after the newer deploy."""
    page, _ = tab
    url = f"{versions_url}{releases.old}/{PAGE}#{releases.anchor}"
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    assert page.url == url
    box = page.evaluate(IN_VIEW_JS, releases.anchor)
    assert box is not None, f"no #{releases.anchor} on {url}"
    assert box["scrolled"] > 0 and 0 <= box["top"] < box["height"], box
    assert page.locator(".md-version__current").inner_text().strip() == releases.old
