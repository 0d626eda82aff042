#!/usr/bin/env bash
# The test command: set everything up, then run every test: Rust (unit, integration, property,
# golden files, command line), the wasm bindings in headless Chromium, the package in Node, and
# the demo pages driven like a person would in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh --browser
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
START=$(date +%s)

step "cargo fmt --check; clippy with panics denied in library code"
cargo fmt --all -- --check
cargo clippy -q --all-targets -- -D warnings
cargo clippy -q --manifest-path xlsx/Cargo.toml -- -D warnings
# The form package's wasm-only code (its allocator, src/small_alloc.rs) as the size build sees it.
if [ "$(cat target/.wasm-route)" = rustup ]; then
  cargo run -q --release --bin community-forms -- precompile --out target/builtin.wire
  CF_BUILTIN_WIRE="$PWD/target/builtin.wire" cargo clippy -q --target wasm32-unknown-unknown --lib \
    --no-default-features --features small-alloc -- -D warnings
fi

step "Supply chain: cargo deny check licenses bans sources"
cargo deny check licenses bans sources 2>&1 | tail -1
npm audit --omit=optional >/dev/null 2>&1 && echo "npm audit: ok" || echo "npm audit: skipped (the registry's audit endpoint does not answer here)"

step "Rust tests (native): rules, formulas, sessions, golden messages, properties, CLI, agreement corpus"
cargo test --release
# The workbook reader's own unit tests (the .xls records: RK numbers, strings across CONTINUE).
cargo test --release --manifest-path xlsx/Cargo.toml --lib

step "wasm-bindgen-test: the bindings in headless Chromium"
export CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=180
if [ "$(cat target/.wasm-route)" = debian ]; then
  PATH="$(/usr/bin/rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin:$PATH" \
  RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo test --target wasm32-unknown-unknown \
    -Zbuild-std=std,panic_abort --test wasm
else
  cargo test --target wasm32-unknown-unknown --test wasm
fi

step "Build the browser package"
scripts/build.sh

step "The package in Node and the demo pages in headless Chromium"
node --test --test-concurrency=1 tests/js/

printf '\n\033[1mAll tests passed in %ss.\033[0m\n' "$(( $(date +%s) - START ))"
