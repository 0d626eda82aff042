// What the form package's first result costs (startup, BENCHMARKS.md): the engine's functions
// that V8 compiles on their first call (lazy compilation) during a page's first evaluate, and
// how long the first and a second evaluate take, in Node. The function count and their bytes do
// not move with the machine's load; the times do.
//   node scripts/dev/first-use.mjs            after scripts/build.sh (reads target/wasm-bindgen/)
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
const wasm = root + "target/wasm-bindgen/community-forms.opt.wasm";
const doc = JSON.stringify({ communities: [{ households: "3800", area_service_center: "1250" }] });

if (process.argv[2] === "--child") {
  const only = process.argv[3]; // "init": stop after instantiating; "first": after the first evaluate
  const core = await import(root + "target/wasm-bindgen/community_forms.js");
  const t0 = performance.now();
  core.initSync({ module: new WebAssembly.Module(readFileSync(wasm)) });
  const t1 = performance.now();
  if (only === "init") process.exit(0);
  core.evaluate("facility-ledger", doc, "zh-CN", false);
  const t2 = performance.now();
  if (only === "first") process.exit(0);
  core.evaluate("facility-ledger", doc.replace("3800", "3801"), "zh-CN", false);
  const t3 = performance.now();
  console.log(JSON.stringify({ init: t1 - t0, first: t2 - t1, second: t3 - t2 }));
  process.exit(0);
}

const run = (flags) => {
  const out = execFileSync(process.execPath, [...flags, fileURLToPath(import.meta.url), "--child"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return JSON.parse(out.trim().split("\n").pop());
};
// The functions compiled by the first evaluate: a traced run that stops after it, less one that
// stops before it (V8 prints its trace to stdout, apart from ours).
const compiled = (only) => {
  const trace = spawnSync(process.execPath, ["--trace-wasm-compilation-times", fileURLToPath(import.meta.url), "--child", only], { encoding: "utf8" }).stdout;
  const sizes = [...trace.matchAll(/Compiled function .* bodysize (\d+)/g)].map((m) => +m[1]);
  return { functions: sizes.length, bytes: sizes.reduce((a, b) => a + b, 0) };
};
const before = compiled("init");
const after = compiled("first");
const functions = after.functions - before.functions;
const bytes = after.bytes - before.bytes;
// Best of five: these machines are shared.
const best = (flags) => {
  const runs = Array.from({ length: 5 }, () => run(flags));
  const min = (k) => Math.min(...runs.map((r) => r[k])).toFixed(1);
  return `init ${min("init")} ms, first evaluate ${min("first")} ms, second ${min("second")} ms`;
};
console.log(`first evaluate of facility-ledger: ${functions} functions compiled on first call, ${(bytes / 1024).toFixed(1)} KB of their code`);
console.log(`lazy compilation (the default):   ${best([])}`);
console.log(`every function compiled up front: ${best(["--no-wasm-lazy-compilation"])}`);
