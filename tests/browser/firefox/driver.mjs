// Visit the served site in Debian's Firefox (firefox-esr) over WebDriver BiDi, with
// puppeteer-core, and report what each page showed, as JSON on stdout.
//
// Playwright cannot drive a system Firefox; puppeteer-core speaks WebDriver BiDi, which
// Firefox implements itself: no driver binary, no browser download.
//
// Input (JSON on stdin):
//   { executablePath, site: "http://127.0.0.1:PORT/mathproofs/", pages: ["", "derivation/"],
//     measureDir: folder for the equations' screenshots the operator check measures,
//     notMeasured: pages whose operators are not measured (their formulas are other pages'),
//     shots: [{ page: "derivation/#eq-...", scheme: "light"|"dark", width, height, file }] }
//     (a shot is the screen a reader sees on opening that link)
// Output (one JSON object on stdout): { version, seconds, pages: { [page]: visit } }, where
// a visit holds: console (errors), failed (requests), foreign (requests leaving 127.0.0.1,
// aborted, never sent), typeset, anchors (set in the page), opened (a fresh load of
// page#anchor), operators (tests/browser/firefox/operator_boxes.js, each equation with the
// path of its screenshot, ``shot``); shots:
// the screenshots taken, each with what its page logged.
// The assertions are made on the Python side (tests/browser/firefox/test_firefox.py).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import puppeteer from "puppeteer-core";

const here = new URL(".", import.meta.url).pathname;
const OPERATOR_BOXES = readFileSync(join(here, "operator_boxes.js"), "utf8");
const VIEWPORT = { width: 1280, height: 900 };

// The viewport by WebDriver BiDi's browsingContext.setViewport alone. puppeteer's
// page.setViewport also sends emulation.setScreenOrientationOverride, which Firefox ESR 140
// (Debian's firefox-esr 140.12) rejects as an unknown command.
async function setViewport(page, size) {
  await page.mainFrame().browsingContext.setViewport({
    viewport: { width: size.width, height: size.height },
    devicePixelRatio: null,
  });
}

// The article's text outside code holds no TeX; every formula has a box; no error node.
// A display formula's TeX source, kept in its MathML for "copy TeX", is not raw TeX on
// the page: the annotations are left out, as in tests/browser/test_pages.py.
const TYPESET = () => {
  const article = document.querySelector("article.md-content__inner") || document.body;
  const clone = article.cloneNode(true);
  clone.querySelectorAll("pre, code, script, style, annotation").forEach((e) => e.remove());
  const text = clone.textContent;
  const patterns = [["$...$", /\$[^$\n]+\$/], ["\\(", /\\\(/], ["\\[", /\\\[/],
                    ["\\begin", /\\begin\b/]];
  const raw = [];
  for (const [name, re] of patterns) {
    const m = text.match(re);
    if (m) raw.push(name + " in: " + text.slice(Math.max(0, m.index - 40), m.index + 60));
  }
  const maths = Array.from(article.querySelectorAll("math"));
  // A formula in a closed <details> (a collapsed check) or hidden by the page is not laid
  // out: only the ones a reader sees must have a box.
  const shown = maths.filter((m) => m.checkVisibility());
  const empty = shown.filter((m) => {
    const r = m.getBoundingClientRect();
    return !(r.width > 0 && r.height > 0);
  });
  // Elements with a fixed number of children (Firefox logs "Invalid markup" otherwise).
  const arity = { msup: 2, msub: 2, msubsup: 3, mfrac: 2, mroot: 2, munder: 2, mover: 2,
                  munderover: 3 };
  const misshapen = [];
  for (const [name, count] of Object.entries(arity)) {
    for (const e of article.querySelectorAll(name)) {
      if (e.children.length !== count) misshapen.push(e.outerHTML.slice(0, 120));
    }
  }
  return {
    raw,
    misshapen,
    errors: article.querySelectorAll("merror, .temml-error").length,
    formulas: maths.length,
    shown: shown.length,
    empty: empty.slice(0, 5).map((m) => m.outerHTML.slice(0, 120)),
    equations: Array.from(article.querySelectorAll(".equation[id]"), (e) => e.id),
    scheme: document.body.getAttribute("data-md-color-scheme") || "",
  };
};

// Where an anchor's target ends up: in view, below the sticky header?
const IN_VIEW = (id) => {
  const target = document.getElementById(id);
  if (!target) return `${id}: no such element`;
  const box = target.getBoundingClientRect();
  const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
  if (box.top >= header - 1 && box.top < innerHeight && box.height > 0) return "";
  return `${id}: top ${Math.round(box.top)}, header ${Math.round(header)}, view ${innerWidth}x${innerHeight}, scrollY ${Math.round(scrollY)}, hash ${location.hash}`;
};

// Two frames; a tab Firefox does not paint (rAF paused) waits 200 ms instead.
const frames = () =>
  new Promise((r) => {
    setTimeout(() => r(true), 200);
    requestAnimationFrame(() => requestAnimationFrame(() => r(true)));
  });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function isLocal(url) {
  const { protocol, hostname } = new URL(url);
  return ["data:", "blob:", "about:"].includes(protocol) || hostname === "127.0.0.1";
}

function watch(page) {
  const seen = { console: [], failed: [], foreign: [] };
  page.on("console", (msg) => {
    if (msg.type() === "error") seen.console.push(msg.text());
  });
  page.on("pageerror", (err) => seen.console.push(`uncaught: ${err.message || err}`));
  page.on("request", (request) => {
    if (isLocal(request.url())) {
      request.continue();
    } else {
      seen.foreign.push(request.url());
      request.abort();
    }
  });
  page.on("requestfailed", (request) => {
    if (isLocal(request.url())) seen.failed.push(`${request.url()} (${request.failure()?.errorText})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) seen.failed.push(`${response.url()} (HTTP ${response.status()})`);
  });
  return seen;
}

async function load(page, url) {
  await page.goto(url, { waitUntil: "load" });
  await page.evaluate(() =>
    Promise.race([document.fonts.ready, new Promise((r) => setTimeout(r, 10_000))]).then(() => true),
  );
  await page.evaluate(frames);
}

async function darken(page) {
  // Material's palette toggle sets this attribute; the site's styles follow it.
  await page.evaluate(() => document.body.setAttribute("data-md-color-scheme", "slate"));
  await page.evaluate(frames);
}

// A screenshot of each equation's box (from the document: no sticky header over it), for
// ink.py to measure; its path goes into the equation's record as ``shot``.
async function shootEquations(page, equations, stem) {
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const equation of equations) {
    const { x, y, width, height } = equation.box;
    equation.shot = `${stem}-${equation.index}.png`;
    await page.screenshot({
      path: equation.shot,
      clip: { x, y, width: Math.ceil(width), height: Math.ceil(height) },
      captureBeyondViewport: true,
    });
  }
}

async function visit(browser, page, seen, site, path, measureDir, measure) {
  const url = site + path;
  await load(page, url);
  log("  loaded");
  const result = { typeset: await page.evaluate(TYPESET) };
  result.operators = measure ? await page.evaluate(`(${OPERATOR_BOXES})()`) : [];
  log(`  typeset; ${result.operators.length} equations to shoot`);
  await shootEquations(page, result.operators, join(measureDir, path.replaceAll("/", "-") || "home"));
  log("  shot");
  const ids = result.typeset.equations;
  // Every anchor, set in the page one after the other. Each step is its own short call,
  // and the waiting is done here: a call that awaits a promise in the page across the
  // fragment navigation can hang Firefox's script.callFunction for good (seen on busy
  // runs: a 90 s protocol timeout, then no new tab opens).
  result.anchors = [];
  for (const id of ids) {
    await page.evaluate((anchor) => {
      location.hash = "#" + anchor;
    }, id);
    let hash = "";
    for (let k = 0; k < 100 && hash !== "#" + id; k++) {
      if (k) await sleep(50);
      hash = await page.evaluate(() => location.hash);
    }
    await sleep(100); // the jump (instant: smooth scrolling is off) and a paint
    const problem = await page.evaluate(IN_VIEW, id);
    if (problem) result.anchors.push(problem);
  }
  log(`  ${ids.length} anchors set`);
  // A reader following a link to the page's last equation: a fresh load of page#anchor.
  result.opened = "";
  if (ids.length) {
    const last = ids[ids.length - 1];
    const tab = await browser.newPage();
    const watched = watch(tab);
    await tab.setRequestInterception(true);
    await setViewport(tab, VIEWPORT);
    await load(tab, `${url}#${last}`);
    result.opened = await tab.evaluate(IN_VIEW, last);
    await tab.close();
    for (const [what, found] of Object.entries(watched)) seen[what].push(...found);
  }
  Object.assign(result, structuredClone(seen));
  return result;
}

async function shoot(browser, site, shot) {
  const page = await browser.newPage();
  const seen = watch(page);
  await page.setRequestInterception(true);
  await setViewport(page, shot);
  await load(page, site + shot.page);
  if (shot.scheme === "dark") await darken(page);
  await page.screenshot({ path: shot.file });
  await page.close();
  return { file: shot.file, console: seen.console, foreign: seen.foreign, failed: seen.failed };
}

const t0 = Date.now();
const log = (what) => process.stderr.write(`${((Date.now() - t0) / 1000).toFixed(1)}s ${what}\n`);

async function main() {
  const job = JSON.parse(readFileSync(0, "utf8"));
  const started = Date.now();
  const browser = await puppeteer.launch({
    browser: "firefox",
    executablePath: job.executablePath,
    protocol: "webDriverBiDi",
    headless: true,
    // A call that hangs fails the page within 90 s (puppeteer's default: 3 minutes).
    protocolTimeout: 90_000,
    extraPrefsFirefox: {
      // No network of the browser's own (the page's requests are watched separately).
      "network.captive-portal-service.enabled": false,
      "network.connectivity-service.enabled": false,
      // Nor its own look-ahead: Firefox prefetches a page's <link rel="next"> (Material
      // writes one to the next page), and closing the tab aborts that request
      // (NS_BINDING_ABORTED), which is the browser's doing, not the site's.
      "network.prefetch-next": false,
      "network.predictor.enabled": false,
      // Jumps to an anchor at once: no smooth scrolling (as the Chromium tests' reduced motion).
      "ui.prefersReducedMotion": 1,
      "general.smoothScroll": false,
    },
  });
  log("launched");
  const out = { version: await browser.version(), pages: {}, shots: [] };
  try {
    for (const path of job.pages) {
      // A driver call that times out (on a machine busy with other work) is tried once
      // more in a fresh tab; a second failure is reported as the page's error, which
      // test_firefox.py fails, and the run goes on.
      for (let attempt = 1; attempt <= 2; attempt++) {
        log(`visiting /${path}${attempt > 1 ? " again" : ""}`);
        const page = await browser.newPage();
        const seen = watch(page);
        await page.setRequestInterception(true);
        await setViewport(page, VIEWPORT);
        try {
          const measure = !(job.notMeasured || []).includes(path);
          out.pages[path] = await visit(browser, page, seen, job.site, path, job.measureDir, measure);
          attempt = 2;
        } catch (err) {
          out.pages[path] = { error: String(err && err.message ? err.message : err), ...seen };
          log(`  failed: ${out.pages[path].error}`);
        }
        await page.close().catch(() => {});
      }
      log(`visited /${path}`);
    }
    for (const shot of job.shots || []) out.shots.push(await shoot(browser, job.site, shot));
  } finally {
    await browser.close();
  }
  out.seconds = (Date.now() - started) / 1000;
  process.stdout.write(JSON.stringify(out) + "\n");
}

await main();
