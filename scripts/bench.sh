#!/usr/bin/env bash
# The bench command: native benchmarks, then wasm in headless Chromium beside the decimal.js
# baseline; prints the figures and writes BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh --browser
scripts/build.sh
cargo bench --bench ledger
node bench/bench.mjs
