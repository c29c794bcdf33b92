"""Benchmark: how soon is every formula typeset, with its fonts, and how many bytes come over?

Not a timed test (timings depend on the machine); run it with ``make bench``.

Four builds of the same Markdown, measured side by side in one run, in one headless
Chromium, each served under the site's published path (``tests/browser/serving.py``):

* **ours**: this site as ``mkdocs build`` makes it: Temml turns every formula into MathML
  at build time (``hooks/tex_math.py``); the browser lays it out natively with one math
  font. Material's start-up work is kept from restyling the whole page
  (``hooks/page_speed.py``).
* **mathjax**, the baseline: the setup mkdocs-material's documentation recommends ("Math"
  page) on Material's theme as shipped: ``pymdownx.arithmatex`` with ``generic: true``,
  ``javascripts/mathjax.js`` holding its ``window.MathJax`` configuration, and MathJax 3's
  ``tex-mml-chtml.js``, here served from the same local server (npm ``mathjax@3``,
  installed into ``.cache/bench/``, never committed) so that the comparison is not about
  a CDN.
* **mathjax once**, for comparison only: the baseline, except that its ``document$``
  subscription skips the first page. As documented, the subscription also fires for the
  page MathJax has just typeset at start-up, and the second pass nests a complete second
  rendering inside each formula's assistive MathML (488 ``mjx-container`` for 244
  formulas). A careful MathJax setup would avoid that; this row shows by how much.
* **mathjax+fixes**, for comparison only: the baseline plus this site's start-up fixes,
  which are not about math; ours against it shows what typesetting at build time buys.

Each load is cold: a new browser context (empty cache), with the cache also disabled
through the DevTools protocol. Time is measured from navigation start
(``performance.timeOrigin``) to

* typeset: ours, ``DOMContentLoaded`` (the math is in the HTML); MathJax,
  ``MathJax.startup.promise`` resolved;
* typeset + fonts: the above, then ``document.fonts.ready`` resolved with
  ``document.fonts.status == "loaded"`` after a rendered frame.

Bytes are the sum of ``encodedDataLength`` of every response the page loads until the
network is idle (the local server does not compress; neither would differ in that).
The median over ``--loads`` loads (default 7) is reported, loads of both setups interleaved.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from browser.chromium import CHROMIUM_ARGS, find_chromium  # noqa: E402
from browser.serving import serve_in_subprocess  # noqa: E402

WORK = ROOT / ".cache" / "bench"
MATHJAX_VERSION = "3.2.2"

# From mkdocs-material's documentation, "Math" > MathJax: docs/javascripts/mathjax.js.
MATERIAL_MATHJAX_JS = """\
window.MathJax = {
  tex: {
    inlineMath: [["\\\\(", "\\\\)"]],
    displayMath: [["\\\\[", "\\\\]"]],
    processEscapes: true,
    processEnvironments: true
  },
  options: {
    ignoreHtmlClass: ".*|",
    processHtmlClass: "arithmatex"
  }
};

document$.subscribe(() => {
  MathJax.startup.output.clearCache()
  MathJax.typesetClear()
  MathJax.texReset()
  MathJax.typesetPromise()
})
"""

WAIT_JS = """
async (engine) => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  if (document.readyState === "loading") {
    await new Promise((r) => document.addEventListener("DOMContentLoaded", r, { once: true }));
  }
  if (engine === "mathjax") {
    while (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) {
      await new Promise((r) => setTimeout(r, 5));
    }
    await MathJax.startup.promise;
  }
  const typeset = performance.now();
  do {
    await frame();
    await document.fonts.ready;
  } while (document.fonts.status !== "loaded");
  const fonts = performance.now();
  const article = document.querySelector("article") || document.body;
  return {
    typeset,
    fonts,
    formulas: engine === "mathjax"
      ? article.querySelectorAll("mjx-container").length
      : article.querySelectorAll("math").length,
    errors: article.querySelectorAll("mjx-merror, merror, .temml-error").length,
  };
}
"""

# The same, typesetting each page once: the first emission of document$ is the page that
# MathJax's start-up has already typeset.
MATHJAX_ONCE_JS = MATERIAL_MATHJAX_JS.replace(
    "document$.subscribe(() => {\n",
    "let first = true\ndocument$.subscribe(() => {\n  if (first) { first = false; return }\n",
)
assert MATHJAX_ONCE_JS != MATERIAL_MATHJAX_JS


def run(cmd: list[str], **kw: Any) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(cmd, cwd=ROOT, check=True, env=env, **kw)


def mkdocs(config: Path | None, site: Path, strict: bool) -> None:
    cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)]
    cmd += ["--config-file", str(config)] if config else []
    run([*cmd, "--strict"] if strict else cmd)


def build_ours() -> Path:
    site = WORK / "ours"
    mkdocs(None, site, strict=True)
    return site


def install_mathjax() -> Path:
    dist = WORK / "npm" / "node_modules" / "mathjax" / "es5"
    if not (dist / "tex-mml-chtml.js").is_file():
        (WORK / "npm").mkdir(parents=True, exist_ok=True)
        npm = ROOT / ".venv" / "bin" / "npm"
        run(
            [
                str(npm),
                "install",
                "--prefix",
                str(WORK / "npm"),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                f"mathjax@{MATHJAX_VERSION}",
            ]
        )
    return dist


def build_mathjax(pages: list[str], *, site_fixes: bool, typeset_once: bool = False) -> Path:
    """The same Markdown, typeset in the browser by MathJax as Material recommends.

    ``site_fixes=False`` is the baseline: Material's theme as shipped, no hooks. With
    ``site_fixes=True`` the page also gets this site's start-up fixes (``overrides/`` and
    ``hooks/page_speed.py``), which are not about math: the comparison then isolates what
    typesetting at build time buys. ``typeset_once=True`` skips the documented snippet's
    second typesetting of the first page (``MATHJAX_ONCE_JS``).
    """
    dist = install_mathjax()
    name = "mathjax-fixes" if site_fixes else "mathjax-once" if typeset_once else "mathjax"
    docs = WORK / f"{name}-docs"
    shutil.rmtree(docs, ignore_errors=True)
    shutil.copytree(ROOT / "docs", docs)
    (docs / "javascripts").mkdir(exist_ok=True)
    (docs / "javascripts" / "mathjax.js").write_text(
        MATHJAX_ONCE_JS if typeset_once else MATERIAL_MATHJAX_JS, "utf-8"
    )
    shutil.copytree(dist, docs / "javascripts" / "mathjax" / "es5")

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    config.pop("watch", None)
    config["docs_dir"] = str(docs)
    if site_fixes:
        config["theme"]["custom_dir"] = str(ROOT / "overrides")
        config["hooks"] = [str(ROOT / "hooks" / "page_speed.py")]
    else:
        config["theme"].pop("custom_dir", None)
        config.pop("hooks", None)  # no build-time math, no numbering
        # Material's own copy buttons: this site has them too, written at build time.
        config["theme"]["features"] = [*config["theme"]["features"], "content.code.copy"]
    config["strict"] = False  # empty equation links stay empty without our hook
    config["plugins"] = ["search"]
    config["extra_css"] = [c for c in config.get("extra_css", []) if "temml" not in c]
    config["extra_javascript"] = [
        "javascripts/mathjax.js",
        "javascripts/mathjax/es5/tex-mml-chtml.js",
    ]
    config["nav"] = [{p: f"{p}.md"} for p in pages]
    path = WORK / f"mkdocs-{name}.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    site = WORK / name
    mkdocs(path, site, strict=False)
    return site


def load_once(browser: Any, url: str, engine: str) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    sizes: dict[str, float] = {}
    cdp.on(
        "Network.loadingFinished",
        lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    page.goto(url, wait_until="commit")
    result: dict[str, float] = page.evaluate(WAIT_JS, engine)
    page.wait_for_load_state("networkidle")
    context.close()
    result["bytes"] = float(sum(sizes.values()))
    return result


def launch(playwright: Any) -> Any:
    """Headless Chromium, found as the browser tests find it, with their flags."""
    executable = find_chromium(playwright.chromium)
    if executable is None:
        raise SystemExit("no Chromium: set CHROMIUM or apt-get install chromium")
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


def measure(
    servers: list[tuple[Any, str]], notebooks: list[str], loads: int
) -> tuple[dict[tuple[str, str], list[dict[str, float]]], str]:
    """Interleaved cold loads of every case: samples by (page, setup), and Chromium's version."""
    from playwright.sync_api import sync_playwright

    ours_url, mathjax_url, once_url, fixed_url = (url for _, url in servers)
    # (page, label, engine, site URL); "mathjax" is the baseline the goal is measured on.
    cases = [
        ("derivation/", "ours", "mathml", ours_url),
        ("derivation/", "mathjax", "mathjax", mathjax_url),
        ("derivation/", "mathjax once", "mathjax", once_url),
        ("derivation/", "mathjax+fixes", "mathjax", fixed_url),
    ]
    cases += [(p, "ours", "mathml", ours_url) for p in notebooks]

    samples: dict[tuple[str, str], list[dict[str, float]]] = {(p, lb): [] for p, lb, _, _ in cases}
    with sync_playwright() as playwright:
        browser = launch(playwright)
        version = browser.version
        for page, _, engine, base in cases:  # one warm-up load each: server and disk
            load_once(browser, base + page, engine)
        for _ in range(loads):
            for page, label, engine, base in cases:
                samples[(page, label)].append(load_once(browser, base + page, engine))
        browser.close()
    return samples, version


def machine() -> dict[str, str]:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = next(
        (ln.split(":", 1)[1].strip() for ln in lscpu.splitlines() if ln.startswith("Model name")),
        "?",
    )
    return {
        "nproc": str(os.cpu_count()),
        "cpu": model,
        "platform": platform.platform(),
        "loadavg": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--loads", type=int, default=7)
    parser.add_argument("--out", type=Path, default=ROOT / "test-artifacts" / "bench.json")
    args = parser.parse_args()

    ours = build_ours()
    notebooks = (
        sorted(
            p.parent.relative_to(ours).as_posix() + "/"
            for p in (ours / "notebooks").glob("*/index.html")
        )
        if (ours / "notebooks").is_dir()
        else []
    )
    baseline = build_mathjax(["derivation"], site_fixes=False)
    mathjax_once = build_mathjax(["derivation"], site_fixes=False, typeset_once=True)
    mathjax_fixed = build_mathjax(["derivation"], site_fixes=True)
    sites = (ours, baseline, mathjax_once, mathjax_fixed)
    servers = [serve_in_subprocess(site) for site in sites]
    try:
        samples, version = measure(servers, notebooks, args.loads)
    finally:
        for server, _ in servers:
            server.terminate()
            server.wait(timeout=10)

    rows: list[dict[str, Any]] = []
    for (page, label), runs in samples.items():
        rows.append(
            {
                "page": page,
                "engine": label,
                "typeset_ms": statistics.median(r["typeset"] for r in runs),
                "fonts_ms": statistics.median(r["fonts"] for r in runs),
                "bytes": statistics.median(r["bytes"] for r in runs),
                "formulas": runs[0]["formulas"],
                "errors": runs[0]["errors"],
                "loads": len(runs),
            }
        )
    mine = next(r for r in rows if r["page"] == "derivation/" and r["engine"] == "ours")
    base = next(r for r in rows if r["page"] == "derivation/" and r["engine"] == "mathjax")
    once = next(r for r in rows if r["engine"] == "mathjax once")
    fixed = next(r for r in rows if r["engine"] == "mathjax+fixes")
    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "chromium": version,
        "mathjax": MATHJAX_VERSION,
        "rows": rows,
        "ratio_fonts": mine["fonts_ms"] / base["fonts_ms"],
        "ratio_typeset": mine["typeset_ms"] / base["typeset_ms"],
        "ratio_bytes": mine["bytes"] / base["bytes"],
        "ratio_fonts_typeset_once": mine["fonts_ms"] / once["fonts_ms"],
        "ratio_fonts_same_fixes": mine["fonts_ms"] / fixed["fonts_ms"],
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2), "utf-8")

    print(f"{report['date']}  Chromium {version}  {report['machine']}")
    print(f"{'page':36} {'engine':13} {'typeset ms':>10} {'+fonts ms':>10} {'bytes':>10} formulas")
    for r in rows:
        print(
            f"{r['page']:36} {r['engine']:13} {r['typeset_ms']:10.0f} {r['fonts_ms']:10.0f} "
            f"{r['bytes']:10.0f} {r['formulas']} (errors {r['errors']})"
        )
    print(
        f"ratio ours/mathjax on derivation/: typeset+fonts {report['ratio_fonts']:.3f}, "
        f"typeset {report['ratio_typeset']:.3f}, bytes {report['ratio_bytes']:.3f}"
    )
    print(
        "for comparison, MathJax typesetting the page once: typeset+fonts "
        f"{report['ratio_fonts_typeset_once']:.3f} of it"
    )
    print(
        "for comparison, MathJax with this site's start-up fixes: typeset+fonts "
        f"{report['ratio_fonts_same_fixes']:.3f} of it"
    )
    goal = report["ratio_fonts"] <= 1 / 3 and report["ratio_bytes"] <= 1
    print("goal (time <= 1/3 of baseline, bytes <= baseline):", "met" if goal else "NOT met")
    sys.exit(0 if goal else 1)


if __name__ == "__main__":
    main()
