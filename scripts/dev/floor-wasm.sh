#!/usr/bin/env bash
# The floor under the wasm bulk figures: the facility ledger's rules written out by hand
# (benches/ledger_data/mod.rs, floor_check: the same CSV scanner and decimals as the engine, no
# values or messages kept, the same problems), built for wasm at opt-level 3 and run under Node
# beside the engine's own evaluateCsv (the Node build, the speed build of the engine) on the same
# 100,000-row ledger; and the same check tuned (floor_check_tuned: fixed-point integers, no
# division, a fast hash), what code generated for the form could do. Best of eight each. After scripts/build.sh (for pkg/community-forms.node.mjs).
#   scripts/dev/floor-wasm.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"
root=$PWD
dir=$root/target/floor-wasm
mkdir -p "$dir/src"
[ -f target/bench/ledger-100000.csv ] || cargo run -q --release --example bulk -- 100000 write
cat > "$dir/Cargo.toml" <<EOF
[package]
name = "floor-wasm"
version = "0.0.0"
edition = "2021"
publish = false
[lib]
crate-type = ["cdylib"]
[dependencies]
community-forms = { path = "$root" }
rust_decimal = { version = "1.43", default-features = false, features = ["std"] }
wasm-bindgen = "=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)"
[profile.release]
opt-level = 3
lto = true
codegen-units = 1
panic = "abort"
[workspace]
EOF
cat > "$dir/src/lib.rs" <<EOF
#![allow(clippy::all)]
#[path = "$root/benches/ledger_data/mod.rs"]
mod ledger_data;
use wasm_bindgen::prelude::*;

/// The problems the hand-written check finds in \`text\`.
#[wasm_bindgen]
pub fn floor(text: &str) -> u32 {
    let reg = community_forms::Registry::builtin();
    let form = reg.get("facility-ledger").unwrap();
    ledger_data::floor_check(&form, text).problems.len() as u32
}

/// The same check tuned (fixed-point integers, no division for the threshold, a fast hash).
#[wasm_bindgen]
pub fn floor_tuned(text: &str) -> u32 {
    let reg = community_forms::Registry::builtin();
    let form = reg.get("facility-ledger").unwrap();
    ledger_data::floor_check_tuned(&form, text).problems.len() as u32
}

/// The text handed over and nothing done with it: what passing it costs.
#[wasm_bindgen]
pub fn nothing(text: &str) -> u32 {
    text.len() as u32
}

/// A keystroke's boundary and nothing else: a path and a value in, the answer to an edit that
/// changes nothing out (what the form package's \`inputText\` returns then).
#[wasm_bindgen]
pub fn boundary(path: &str, value: &str) -> String {
    let _ = (path, value);
    String::from("{\"valid\":false,\"values\":{},\"show\":{}}")
}

/// The same with the answer to a real edit of a ledger row (its three values and the changed
/// totals and rates, as the form package writes them).
#[wasm_bindgen]
pub fn boundary_edit(path: &str, value: &str) -> String {
    let _ = (path, value);
    String::from(concat!(
        "{\"valid\":false,\"values\":{\"compliant_count\":\"700\",\"compliance_rate\":\"70.0\",",
        "\"meets_target\":true,\"rural_compliant_count\":\"261\",\"rural_compliance_rate\":\"67.8\",",
        "\"communities[37].total_area\":\"340.00\",\"communities[37].area_per_100_households\":\"39.72\",",
        "\"communities[37].compliant\":true},\"show\":{}}"
    ))
}

/// The same edit's answer not as text: its values joined by U+001F, and the places they go to
/// as numbers the page knows (\`answer_places\`, read through a view of the memory).
#[wasm_bindgen]
pub fn boundary_packed(path: &str, value: &str) -> String {
    let _ = (path, value);
    String::from("700\u{1f}70.0\u{1f}true\u{1f}261\u{1f}67.8\u{1f}340.00\u{1f}39.72\u{1f}true")
}

static PLACES: [u32; 8] = [3, 4, 7, 12, 13, 1_000_015, 1_000_016, 1_000_017];

/// The module's memory, for a view of it.
#[wasm_bindgen]
pub fn wasm_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Where \`boundary_packed\`'s places are, in the memory.
#[wasm_bindgen]
pub fn answer_places() -> u32 {
    PLACES.as_ptr() as u32
}

/// The CSV scanner alone.
#[wasm_bindgen]
pub fn scan(text: &str) -> u32 {
    ledger_data::scan_cells(text) as u32
}
EOF
(cd "$dir" && cargo build -q --release --target wasm32-unknown-unknown)
wasm-bindgen --target nodejs --out-dir "$dir/pkg" "$dir/target/wasm32-unknown-unknown/release/floor_wasm.wasm"
# CommonJS, as wasm-bindgen writes it for Node (the repository's package.json says "module").
echo '{ "type": "commonjs" }' > "$dir/pkg/package.json"
cat > "$dir/run.mjs" <<'EOF'
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const [dir, root] = process.argv.slice(2);
const floor = createRequire(import.meta.url)(dir + "/pkg/floor_wasm.js");
const CF = await import(root + "/pkg/community-forms.node.mjs");
await CF.ready;
const text = readFileSync(root + "/target/bench/ledger-100000.csv", "utf8");
const best = (f) => {
  let b = Infinity, r;
  for (let i = 0; i < 8; i++) {
    const t = performance.now();
    r = f();
    b = Math.min(b, performance.now() - t);
  }
  return [b, r];
};
const [passing] = best(() => floor.nothing(text));
const [scan] = best(() => floor.scan(text));
const [byHand, problems] = best(() => floor.floor(text));
const [tuned, tunedProblems] = best(() => floor.floor_tuned(text));
const [engine, result] = best(() => CF.evaluateCsv("facility-ledger", text, { values: { report_year: "2021" }, rows: false }));
// A keystroke's boundary: the call with its two strings and the answer parsed, as the package's
// session does (js/api.js), best batch of 100,000.
const paths = Array.from({ length: 27 }, (_, i) => `communities[${i * 37}].area_service_center`);
const [batch] = best(() => {
  for (let i = 0; i < 100000; i++) JSON.parse(floor.boundary(paths[i % 27], "125"));
});
const [edit] = best(() => {
  for (let i = 0; i < 100000; i++) JSON.parse(floor.boundary_edit(paths[i % 27], "125"));
});
// The same answer packed: the values as one string split apart, the places read through a view
// of the memory and named by a table the page keeps, the answer object built as js/api.js's is.
const names = new Map([3, 4, 7, 12, 13, 1000015, 1000016, 1000017].map((p, i) => [p, ["compliant_count", "compliance_rate", "meets_target", "rural_compliant_count", "rural_compliance_rate", "communities[37].total_area", "communities[37].area_per_100_households", "communities[37].compliant"][i]]));
const memory = floor.wasm_memory();
const [packed] = best(() => {
  for (let i = 0; i < 100000; i++) {
    const joined = floor.boundary_packed(paths[i % 27], "125");
    const places = new Uint32Array(memory.buffer, floor.answer_places(), 8);
    const parts = joined.split("\u001f");
    const values = {};
    for (let j = 0; j < places.length; j++) {
      const v = parts[j];
      values[names.get(places[j])] = v === "true" ? true : v === "false" ? false : v;
    }
    if (!values.compliant_count) throw new Error("packed answer");
  }
});
console.log(`the same edit's answer packed (values joined, places as numbers): ${(packed / 100).toFixed(2)} µs`);
console.log(`a keystroke's boundary alone (two strings in, an answer out and parsed): ${(batch / 100).toFixed(2)} µs for a no-op's answer, ${(edit / 100).toFixed(2)} µs for a real edit's (${floor.boundary_edit("", "").length} characters)`);
console.log(`100,000 rows, wasm under Node: tuned by hand (fixed-point, no division, a fast hash) ${tuned.toFixed(1)} ms (${tunedProblems} problems)`);
console.log(`100,000 rows, wasm under Node: by hand ${byHand.toFixed(1)} ms (${problems} problems; passing the text ${passing.toFixed(1)} ms, the scanner alone ${scan.toFixed(1)} ms); the engine's evaluateCsv ${engine.toFixed(1)} ms (${result.issues.length} problems), ${(engine / byHand).toFixed(2)}×`);
EOF
node "$dir/run.mjs" "$dir" "$root"
