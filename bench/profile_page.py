"""Where a page's load time goes: Chromium's main-thread work, by kind, over cold loads.

Companion to ``typeset_bench.py`` (same browser flags, same cold loads, same wait for
"typeset + fonts"). For each built site given, it loads one page ``--loads`` times and
prints the medians of ``Performance.getMetrics`` (main-thread task, style recalculation,
layout and script time, in ms) next to the wall-clock figures, then one DevTools trace of
the main thread: every style recalculation and layout longer than 3 ms, and each script.

    .venv/bin/python bench/profile_page.py /tmp/site-a /tmp/site-b --page derivation/
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import threading
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import typeset_bench as tb
from browser.serving import serve_in_subprocess

METRICS = ("TaskDuration", "RecalcStyleDuration", "LayoutDuration", "ScriptDuration")
TRACE_CATEGORIES = [
    "devtools.timeline",
    "disabled-by-default-devtools.timeline",
    "blink.user_timing",
]


def load(browser: Any, url: str, trace: bool) -> tuple[dict[str, float], list[dict[str, Any]]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Performance.enable")
    events: list[dict[str, Any]] = []
    done = threading.Event()
    if trace:
        cdp.on("Tracing.dataCollected", lambda e: events.extend(e["value"]))
        cdp.on("Tracing.tracingComplete", lambda e: done.set())
        config = {"includedCategories": TRACE_CATEGORIES}
        cdp.send("Tracing.start", {"traceConfig": config, "transferMode": "ReportEvents"})
    page.goto(url, wait_until="commit")
    result = page.evaluate(tb.WAIT_JS, "ours")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    result.update({k: metrics[k] * 1000 for k in METRICS})
    if trace:
        cdp.send("Tracing.end")
        while not done.is_set():
            page.wait_for_timeout(50)
    context.close()
    return result, events


def timeline(events: list[dict[str, Any]]) -> None:
    threads = collections.Counter(
        (e["pid"], e["tid"]) for e in events if e.get("name") in ("ParseHTML", "Layout")
    )
    pid, tid = threads.most_common(1)[0][0]
    starts = [e["ts"] for e in events if e.get("name") == "navigationStart" and e["pid"] == pid]
    t0 = min(starts) if starts else 0
    main = sorted(
        (e for e in events if (e["pid"], e["tid"]) == (pid, tid) and e.get("ph") == "X"),
        key=lambda e: e["ts"],
    )
    names = ("UpdateLayoutTree", "Layout", "EvaluateScript", "FunctionCall", "ParseHTML")
    for e in main:
        ms = e.get("dur", 0) / 1000
        if e["name"] in names and ms > 3:
            data = e.get("args", {}).get("data", {}) or e.get("args", {}).get("beginData", {})
            what = data.get("url", "").rsplit("/", 1)[-1] or data.get("totalObjects", "")
            print(f"    {(e['ts'] - t0) / 1000:7.0f} ms  {ms:6.1f} ms  {e['name']} {what}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sites", nargs="+", type=Path)
    parser.add_argument("--page", default="derivation/")
    parser.add_argument("--loads", type=int, default=7)
    args = parser.parse_args()

    servers = [serve_in_subprocess(site) for site in args.sites]  # as typeset_bench.py does
    try:
        profile(args.sites, [url + args.page for _, url in servers], args.loads)
    finally:
        for server, _ in servers:
            server.terminate()
            server.wait(timeout=10)


def profile(sites: list[Path], urls: list[str], loads: int) -> None:
    from playwright.sync_api import sync_playwright

    samples: dict[str, list[dict[str, float]]] = {url: [] for url in urls}
    with sync_playwright() as playwright:
        browser = tb.launch(playwright)
        for url in urls:
            load(browser, url, trace=False)
        for _ in range(loads):  # interleaved, as in typeset_bench.py
            for url in urls:
                samples[url].append(load(browser, url, trace=False)[0])
        for site, url in zip(sites, urls, strict=True):
            runs = samples[url]
            figures = {k: statistics.median(r[k] for r in runs) for k in ("typeset", "fonts")}
            figures |= {k: statistics.median(r[k] for r in runs) for k in METRICS}
            print(site, " ".join(f"{k} {v:.0f}" for k, v in figures.items()))
            timeline(load(browser, url, trace=True)[1])
        browser.close()


if __name__ == "__main__":
    main()
