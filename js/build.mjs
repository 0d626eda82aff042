// Builds pkg/ from the wasm-bindgen output in target/wasm-bindgen/: wasm-opt, then the form
// package's entry (js/index.js) bundled three ways and the ledger entry (js/ledger.js) two ways
// by esbuild, and prints what a page loads (raw and gzip).
//
//   pkg/community-forms.js             ES module; fetches community-forms.wasm beside it
//   pkg/community-forms.wasm
//   pkg/community-forms.global.js      classic <script>: global CommunityForms, fetches the .wasm
//   pkg/community-forms.standalone.js  classic <script> with the .wasm inlined: works from file://
//   pkg/forms/<id>.js                  the same with one built-in form (and those it reads) only
//   pkg/community-forms.ledger.js      ES module for whole ledgers (the speed build, inlined)
//   pkg/community-forms.ledger.global.js  the same as a classic <script>: global CommunityFormsLedger
//   pkg/community-forms.node.mjs       ES module for Node (the speed build's .wasm inlined)
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { gzipAsync as zopfli } from "@gfx/zopfli";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const wb = join(root, "target/wasm-bindgen");
const pkg = join(root, "pkg");
const version = /^version = "([^"]+)"/m.exec(readFileSync(join(root, "Cargo.toml"), "utf8"))[1];

// 1. wasm-opt: size first. The features are the ones rustc enables for wasm32 by default;
// never --all-features (it would let wasm-opt emit instructions older browsers lack).
const raw = join(wb, "community_forms_bg.wasm");
const opt = join(wb, "community-forms.opt.wasm");
const features = ["--enable-bulk-memory", "--enable-sign-ext", "--enable-nontrapping-float-to-int", "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue"];
// -Oz makes a module smaller but less compressible: the form package came out 3.3 KB *more* gzip
// than rustc's own output (2026-12-02). Some of its passes alone, each kept only if it took
// something off the gzip size (rounds of trying every pass after the list so far, until none
// did), take 2.3 KB off instead. Whichever of the three gzips smallest is kept.
const gz = (p) => gzipSync(readFileSync(p), { level: 9 }).length;
const lightPasses = [
  "--duplicate-function-elimination", "--remove-unused-module-elements", "--reorder-locals", "--remove-unused-brs",
  "--merge-blocks", "--optimize-instructions", "--code-folding", "--precompute", "--vacuum", "--rse",
  "--duplicate-function-elimination", "--precompute-propagate", "--simplify-locals-nonesting", "--dae-optimizing",
  "--optimize-stack-ir", "--vacuum", "--optimize-instructions", "--rse", "--remove-unused-module-elements", "--precompute",
  "--simplify-locals-nonesting", "--simplify-locals-nostructure", "--vacuum",
];
function smallest(from, to) {
  const light = to.replace(/\.wasm$/, ".light.wasm");
  const opt = (passes, out) =>
    execFileSync(join(root, "node_modules/.bin/wasm-opt"), [...passes, "--strip-debug", "--strip-producers", ...features, from, "-o", out], { stdio: "inherit" });
  opt(["-Oz"], to);
  opt(lightPasses, light);
  for (const candidate of [light, from]) if (gz(candidate) < gz(to)) copyFileSync(candidate, to);
}
// The size build's code carries no forms (scripts/build.sh): they go beside it, precompiled, in
// a custom section (js/start.js reads it). Every form for the package's files; for each form's
// own file (pkg/forms/<id>.js), that form and the forms it reads.
const core = join(wb, "community-forms.core.wasm");
smallest(raw, core);
const cli = join(root, "target/release/community-forms");
const formIds = JSON.parse(execFileSync(cli, ["forms", "--format", "json"], { encoding: "utf8" })).map((f) => f.id);
const leb = (n) => {
  const out = [];
  do {
    out.push((n & 127) | (n > 127 ? 128 : 0));
    n >>>= 7;
  } while (n);
  return Buffer.from(out);
};
function withForms(ids, out) {
  const wire = join(wb, "forms.wire");
  execFileSync(cli, ["precompile", "--out", wire, ...(ids ? ["--forms", ids.join(",")] : [])]);
  const name = Buffer.from("cf-forms");
  const body = Buffer.concat([leb(name.length), name, readFileSync(wire)]);
  writeFileSync(out, Buffer.concat([readFileSync(core), Buffer.from([0]), leb(body.length), body]));
}
withForms(null, opt);
const formsDir = join(wb, "forms");
rmSync(formsDir, { recursive: true, force: true });
mkdirSync(formsDir, { recursive: true });
for (const id of formIds) withForms([id], join(formsDir, id + ".wasm"));

// The speed build (bulk worker, Node): wasm-opt for speed.
const wbs = join(root, "target/wasm-bindgen-speed");
execFileSync(join(root, "node_modules/.bin/wasm-opt"), ["-O3", "--strip-debug", "--strip-producers", ...features, join(wbs, "community_forms_bg.wasm"), "-o", join(wbs, "community-forms.opt.wasm")], { stdio: "inherit" });

// The self-contained file inlines the wasm gzip-compressed (js/load-inline-packed.js), by
// zopfli: a slower, better deflate encoder (5% smaller than zlib's level 9, 2-3 s of build),
// whose output every gzip reader reads.
writeFileSync(join(wb, "community-forms.opt.wasm.gz"), await zopfli(readFileSync(opt), { numiterations: 15 }));
for (const id of formIds) writeFileSync(join(formsDir, id + ".wasm.gz"), await zopfli(readFileSync(join(formsDir, id + ".wasm")), { numiterations: 15 }));
// The larger modules with fewer iterations (about 2 s each).
writeFileSync(join(wbs, "community-forms.opt.wasm.gz"), await zopfli(readFileSync(join(wbs, "community-forms.opt.wasm")), { numiterations: 5 }));

rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg, { recursive: true });
copyFileSync(opt, join(pkg, "community-forms.wasm"));

// 2. esbuild: one entry, the wasm loader chosen per build.
const loader = (which) => ({
  name: "load-wasm",
  setup(b) {
    b.onResolve({ filter: /^#load-wasm$/ }, () => ({ path: join(root, "js", { inline: "load-inline.js", packed: "load-inline-packed.js", fetch: "load-fetch.js" }[which]) }));
  },
});
// Bundles that take the speed build instead of the size build.
const speed = {
  name: "speed-build",
  setup(b) {
    b.onResolve({ filter: /target\/wasm-bindgen\/(community_forms\.js|community-forms\.opt\.wasm(\.gz)?)$/ }, (a) => ({ path: join(wbs, a.path.split("/").pop()) }));
  },
};
const common = {
  bundle: true,
  minify: true,
  target: "es2020", // below es2024 so esbuild never emits Uint8Array.fromBase64
  loader: { ".css": "text", ".wasm": "binary", ".gz": "binary" },
  logOverride: { "empty-import-meta": "silent" },
  // Whether the engine hashes ledger text with keys the loader gives it (js/start.js): the speed
  // build does, the form package has no such call.
  define: { __CF_SEED__: "false" },
  legalComments: "none",
  banner: { js: `/*! community-forms ${version} | MIT */` },
};
await esbuild.build({ ...common, entryPoints: [join(root, "js/index.js")], format: "esm", outfile: join(pkg, "community-forms.js"), plugins: [loader("fetch")] });
await esbuild.build({ ...common, entryPoints: [join(root, "js/index.js")], format: "iife", globalName: "CommunityForms", outfile: join(pkg, "community-forms.global.js"), plugins: [loader("fetch")] });
await esbuild.build({ ...common, entryPoints: [join(root, "js/index.js")], format: "iife", globalName: "CommunityForms", outfile: join(pkg, "community-forms.standalone.js"), plugins: [loader("packed")] });
// Each form's own self-contained file: the same, with only that form (and those it reads).
mkdirSync(join(pkg, "forms"), { recursive: true });
for (const id of formIds) {
  const oneForm = {
    name: "one-form",
    setup(b) {
      b.onResolve({ filter: /target\/wasm-bindgen\/community-forms\.opt\.wasm\.gz$/ }, () => ({ path: join(formsDir, id + ".wasm.gz") }));
    },
  };
  await esbuild.build({ ...common, entryPoints: [join(root, "js/index.js")], format: "iife", globalName: "CommunityForms", outfile: join(pkg, "forms", id + ".js"), plugins: [loader("packed"), oneForm] });
}
await esbuild.build({ ...common, entryPoints: [join(root, "js/ledger.js")], format: "esm", outfile: join(pkg, "community-forms.ledger.js"), plugins: [loader("packed"), speed], define: { __CF_SEED__: "true" } });
await esbuild.build({ ...common, entryPoints: [join(root, "js/ledger.js")], format: "iife", globalName: "CommunityFormsLedger", outfile: join(pkg, "community-forms.ledger.global.js"), plugins: [loader("packed"), speed], define: { __CF_SEED__: "true" } });
await esbuild.build({ ...common, entryPoints: [join(root, "js/ledger.js")], format: "esm", platform: "node", outfile: join(pkg, "community-forms.node.mjs"), plugins: [loader("inline"), speed], define: { __CF_SEED__: "true" } });

// The bulk-checking worker (wasm inlined), for pages that check whole ledgers off the main thread.
await esbuild.build({ ...common, entryPoints: [join(root, "js/worker.js")], format: "iife", outfile: join(pkg, "community-forms.worker.js"), plugins: [speed], define: { __CF_SEED__: "true" } });
// The same worker as a function, for a page opened from file://: no worker can start from a file
// there, but one can from a blob: URL (www/ledger.js loads this by a script tag and starts the
// function's text from a Blob).
writeFileSync(
  join(pkg, "community-forms.worker.fn.js"),
  "var CommunityFormsWorker = function () {\n" + readFileSync(join(pkg, "community-forms.worker.js"), "utf8") + "\n};\n",
);

// The workbook reader (.xlsx, .xls), a module of its own (wasm-opt, wasm inlined).
const xraw = join(root, "target/wasm-bindgen-xlsx/community_forms_xlsx_bg.wasm");
const xopt = join(root, "target/wasm-bindgen-xlsx/community-forms-xlsx.opt.wasm");
smallest(xraw, xopt);
writeFileSync(xopt + ".gz", await zopfli(readFileSync(xopt), { numiterations: 5 }));
await esbuild.build({ ...common, entryPoints: [join(root, "js/xlsx.js")], format: "iife", globalName: "CommunityFormsXlsx", outfile: join(pkg, "community-forms-xlsx.js") });
// Reading a large workbook takes seconds, so a page reads it in a worker: over http by
// pkg/community-forms-xlsx.worker.js (which imports this file); from file://, where no worker can
// start from a file, by a blob: worker made from the module as a function. Hence the module is
// written as one: CommunityFormsXlsxModule() returns what the global CommunityFormsXlsx holds.
{
  const out = join(pkg, "community-forms-xlsx.js");
  const code = readFileSync(out, "utf8");
  writeFileSync(out, "var CommunityFormsXlsxModule = function () {\n" + code + "\nreturn CommunityFormsXlsx;\n};\nvar CommunityFormsXlsx = CommunityFormsXlsxModule();\n");
  copyFileSync(join(root, "js/xlsx-worker.js"), join(pkg, "community-forms-xlsx.worker.js"));
}

// 3. Types, stylesheet, package.json, README.
copyFileSync(join(root, "js/community-forms.d.ts"), join(pkg, "community-forms.d.ts"));
copyFileSync(join(root, "js/style.css"), join(pkg, "community-forms.css"));
const files = readdirSync(pkg).filter((f) => f !== "forms");
writeFileSync(
  join(pkg, "package.json"),
  JSON.stringify(
    {
      name: "community-forms",
      version,
      description: "Exact, field-level validation and calculation for Chinese civil-affairs community-service forms (Rust + WebAssembly).",
      license: "MIT",
      type: "module",
      main: "./community-forms.node.mjs",
      module: "./community-forms.js",
      browser: "./community-forms.js",
      types: "./community-forms.d.ts",
      exports: {
        ".": {
          types: "./community-forms.d.ts",
          node: "./community-forms.node.mjs",
          browser: "./community-forms.js",
          default: "./community-forms.js",
        },
        "./standalone": "./community-forms.standalone.js",
        "./forms/*": "./forms/*.js",
        "./ledger": { types: "./community-forms.d.ts", default: "./community-forms.ledger.js" },
        "./ledger/global": "./community-forms.ledger.global.js",
        "./global": "./community-forms.global.js",
        "./style.css": "./community-forms.css",
        "./community-forms.wasm": "./community-forms.wasm",
      },
      files: [...files, "README.md", "forms/"].sort(),
      sideEffects: true,
    },
    null,
    2,
  ) + "\n",
);
copyFileSync(join(root, "js/PACKAGE.md"), join(pkg, "README.md"));

// 4. What a page loads.
const size = (names) => {
  const bufs = names.map((n) => readFileSync(join(pkg, n)));
  const rawLen = bufs.reduce((a, b) => a + b.length, 0);
  const gzLen = bufs.reduce((a, b) => a + gzipSync(b, { level: 9 }).length, 0);
  return { raw: rawLen, gzip: gzLen };
};
const kb = (n) => (n / 1024).toFixed(1) + " KB";
const report = {
  "ES module (community-forms.js + .wasm)": size(["community-forms.js", "community-forms.wasm"]),
  "classic script (global.js + .wasm)": size(["community-forms.global.js", "community-forms.wasm"]),
  "self-contained (standalone.js)": size(["community-forms.standalone.js"]),
  "  of which the .wasm alone": size(["community-forms.wasm"]),
  ...Object.fromEntries(formIds.map((id) => ["  one form only: forms/" + id + ".js", size(["forms/" + id + ".js"])])),
  "the ledger module (whole ledgers, speed build)": size(["community-forms.ledger.js"]),
  "the workbook reader (.xlsx, .xls), loaded only when needed": size(["community-forms-xlsx.js"]),
};
const budget = { "ES module (community-forms.js + .wasm)": 60 * 1024, "self-contained (standalone.js)": 90 * 1024 };
console.log("\ncommunity-forms " + version + ": what a page loads");
for (const [name, s] of Object.entries(report)) {
  const b = budget[name];
  const verdict = b ? (s.gzip <= b ? "  within the " + kb(b) + " budget" : "  OVER the " + kb(b) + " budget") : "";
  console.log("  " + name.padEnd(58) + kb(s.raw).padStart(10) + " raw " + kb(s.gzip).padStart(10) + " gzip" + verdict);
}
writeFileSync(join(root, "target/sizes.json"), JSON.stringify(report, null, 2) + "\n");

// 5. The demo pages load the package from www/pkg/.
const www = join(root, "www/pkg");
if (existsSync(join(root, "www"))) {
  rmSync(www, { recursive: true, force: true });
  mkdirSync(www, { recursive: true });
  cpSync(pkg, www, { recursive: true });
}
