#!/usr/bin/env bash
# Instructions per evaluateCsv of a 20,000-row ledger in the speed build of the wasm, its result
# parsed as js/bulk-result.js does, counted by callgrind on Node with every function compiled by
# TurboFan up front on one thread (no lazy compilation, no tier-up in the background): a figure
# that does not move with the machine's load, unlike a time. Compares builds on these shared,
# noisy machines; BENCHMARKS.md has the times.
#   scripts/dev/wasm-instructions.sh [DIR]   DIR: a wasm-bindgen --target nodejs output
#                                            (default: the current source, built into target/wasm-count)
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$HOME/.cargo/bin:$PATH"
command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
dir=${1:-}
if [ -z "$dir" ]; then
  cargo run -q --release --bin community-forms -- precompile --out target/builtin.wire
  CF_BUILTIN_WIRE="$PWD/target/builtin.wire" RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" \
    cargo build -q --target wasm32-unknown-unknown --profile wasm-speed --target-dir target/immediate-abort \
    -Zbuild-std=std,panic_abort --lib
  dir=target/wasm-count
  wasm-bindgen --target nodejs --out-dir "$dir" target/immediate-abort/wasm32-unknown-unknown/wasm-speed/community_forms.wasm
  # CommonJS, whatever the package.json above says.
  echo '{"type": "commonjs"}' >"$dir/package.json"
fi
dir=$(cd "$dir" && pwd)
csv=target/bench/ledger-20000.csv
[ -f "$csv" ] || cargo run -q --release --example bulk -- 20000 write
cat > target/wasm-count.cjs <<'JS'
const core = require(process.argv[2] + "/community_forms.js");
const csv = require("fs").readFileSync(process.argv[3], "utf8");
// As js/bulk.js's evaluateCsv calls it (rows: false), the packed problems read as
// js/bulk-result.js's readPacked reads them.
for (let i = 0; i < +process.argv[4]; i++) {
  const bulk = new core.BulkSession("facility-ledger", "zh-CN");
  bulk.push(csv, true);
  const result = JSON.parse(bulk.finish('{"report_year":"2021"}', false, false));
  result.issues = { texts: result.issues.texts, paths: bulk.issuePaths(), codes: bulk.issueCodes() };
  bulk.free();
}
JS
count() {
  local log
  log=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null node --no-liftoff --no-wasm-lazy-compilation \
    --single-threaded target/wasm-count.cjs "$dir" "$PWD/$csv" "$1" 2>&1) || { echo "$log" >&2; exit 1; }
  echo "$log" | awk '/Collected/ {print $4}'
}
# Three runs less one: what loading and compiling cost drops out.
one=$(count 1)
three=$(count 3)
echo "$(( (three - one) / 2 / 1000000 )) million instructions per evaluateCsv of 20,000 rows ($dir)"
