// Turn TeX into MathML with Temml for the MkDocs build (hooks/tex_math.py).
//
// Protocol: one JSON request per stdin line,
// `[{"tex": "...", "display": true, "annotate": true}, ...]`,
// answered by one JSON line on stdout, `[{"mathml": "..."} | {"error": "..."}, ...]`,
// in the same order. The process stays alive for the whole build, so Node and
// Temml start once, not once per formula.
"use strict";
const readline = require("node:readline");
const temml = require("temml");

function render({ tex, display, annotate }) {
  try {
    // throwOnError: a formula Temml cannot parse fails the build instead of shipping
    // red error text; strict: non-LaTeX input is an error too. annotate (the caller
    // says; display equations): the TeX source rides along in the MathML, as
    // <semantics>...<annotation encoding="application/x-tex">, for "Copy TeX"; browsers do
    // not draw an annotation, and the build keeps it out of search. Temml turns `wrap` off
    // in an annotated formula, so inline formulas stay unannotated (they wrap at "=").
    // wrap: "=", a long inline formula may break before its second and later "=" (Temml's
    // default is never). Not "tex" (after every relation and operator): it puts lone
    // operators in rows of their own, and Chromium then drops the space around them.
    const mathml = temml.renderToString(tex, {
      displayMode: display,
      throwOnError: true,
      strict: true,
      annotate: Boolean(annotate),
      wrap: "=",
    });
    return { mathml };
  } catch (err) {
    return { error: String(err && err.message ? err.message : err) };
  }
}

const lines = readline.createInterface({ input: process.stdin, terminal: false });
lines.on("line", (line) => {
  const batch = JSON.parse(line);
  process.stdout.write(JSON.stringify(batch.map(render)) + "\n");
});
