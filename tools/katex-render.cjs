// Render TeX to HTML with KaTeX for the MkDocs build (hooks/katex_math.py).
//
// Protocol: one JSON request per stdin line, `[{"tex": "...", "display": true}, ...]`,
// answered by one JSON line on stdout, `[{"html": "..."} | {"error": "..."}, ...]`,
// in the same order. The process stays alive for the whole build, so Node and
// KaTeX start once, not once per formula.
"use strict";
const readline = require("node:readline");
const katex = require("katex");

function render({ tex, display }) {
  try {
    // throwOnError: a formula KaTeX cannot parse fails the build instead of
    // shipping red error text; strict: "error" also rejects non-LaTeX input.
    const html = katex.renderToString(tex, {
      displayMode: display,
      throwOnError: true,
      strict: "error",
      output: "htmlAndMathml",
    });
    return { html };
  } catch (err) {
    return { error: String(err && err.message ? err.message : err) };
  }
}

const lines = readline.createInterface({ input: process.stdin, terminal: false });
lines.on("line", (line) => {
  const batch = JSON.parse(line);
  process.stdout.write(JSON.stringify(batch.map(render)) + "\n");
});
