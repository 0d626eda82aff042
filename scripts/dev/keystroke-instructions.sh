#!/usr/bin/env bash
# Instructions per keystroke in the 1,000-row ledger, through the form package's FormSession as
# a page calls it (`inputText`, its JSON answer parsed), counted by callgrind on Node with every
# function compiled by TurboFan up front on one thread. Runs of 5,100 and 25,100 keystrokes, the
# difference divided by 20,000: loading the ledger and the JavaScript's own compilation drop out.
# A figure that does not move with the machine's load, unlike a time (BENCHMARKS.md has those).
#   scripts/dev/keystroke-instructions.sh [size|speed] [noop]
#     size (default): the form package's build (opt-level "z"); speed: opt-level 3, same features
#     noop: the same value into the same cell every time (the floor: the boundary and the JSON)
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
profile=wasm
[ "${1:-size}" = speed ] && profile=wasm-speed
mode=${2:-}
cargo run -q --release --bin community-forms -- precompile --out target/builtin.wire
CF_BUILTIN_WIRE="$PWD/target/builtin.wire" RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" \
  cargo build -q --target wasm32-unknown-unknown --profile "$profile" --target-dir target/immediate-abort \
  -Zbuild-std=std,panic_abort --lib --no-default-features --features small-alloc
dir=$PWD/target/keystroke-count-$profile
wasm-bindgen --target web --out-dir "$dir" "target/immediate-abort/wasm32-unknown-unknown/$profile/community_forms.wasm"
csv=target/bench/ledger-1000.csv
[ -f "$csv" ] || cargo run -q --release --example bulk -- 1000 write
cat > target/keystroke-count.mjs <<'JS'
import { readFileSync } from "fs";
const [dir, csv, n, mode] = process.argv.slice(2);
const core = await import(dir + "/community_forms.js");
core.initSync({ module: readFileSync(dir + "/community_forms_bg.wasm") });
const ids = ["street", "community", "community_type", "households", "area_service_center", "area_police_room",
  "area_day_care", "area_health_station", "area_culture_room", "area_grocery", "compliance_year", "remarks"];
const lines = readFileSync(csv, "utf8").trim().split("\n").slice(1);
const communities = lines.map((l) => Object.fromEntries(l.split(",").map((c, i) => [ids[i], c.replace(/"/g, "")])));
const s = new core.FormSession("facility-ledger", "zh-CN");
s.load(JSON.stringify({ report_year: "2021", communities }));
// The benchmark's edits (bench/bench.mjs): 27 rows, seven values, one of them not a number.
const paths = Array.from({ length: 27 }, (_, i) => `communities[${i * 37}].area_service_center`);
const values = ["1", "12", "125", "1250", "1250.5", "abc", "99"];
for (let i = 0; i < +n; i++) {
  JSON.parse(mode === "noop" ? s.inputText(paths[0], "1") : s.inputText(paths[i % 27], values[i % 7]));
}
JS
count() {
  local log
  log=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null node --no-liftoff --no-wasm-lazy-compilation \
    --single-threaded target/keystroke-count.mjs "$dir" "$PWD/$csv" "$1" "$mode" 2>&1) || { echo "$log" >&2; exit 1; }
  echo "$log" | awk '/Collected/ {print $4}'
}
a=$(count 5100)
b=$(count 25100)
echo "$(( (b - a) / 20000 )) instructions per keystroke in the 1,000-row ledger ($profile${mode:+, $mode})"
