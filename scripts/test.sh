#!/usr/bin/env bash
# The test command: set everything up, then run every test: Rust (unit, integration, property,
# golden, CLI), the package in Node, the bindings in headless Chromium, and the demo pages
# driven like a person would.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh --browser
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "cargo fmt --check, clippy (panics denied in library code)"
cargo fmt --all -- --check
cargo clippy -q --all-targets -- -D warnings

step "Rust tests"
cargo test --release

step "Build the browser package"
scripts/build.sh

step "The package in Node and in headless Chromium"
node --test tests/js/
