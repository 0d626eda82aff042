#!/usr/bin/env bash
# Builds the browser package into pkg/ (and www/pkg/): wasm, wasm-bindgen, wasm-opt, esbuild.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
[ -f target/.wasm-route ] || scripts/setup.sh
ROUTE=$(cat target/.wasm-route)
WASM=target/wasm32-unknown-unknown/wasm/community_forms.wasm
# The form package carries the built-in forms precompiled and no spec compiler: compile them
# natively first (src/wire.rs), then build the wasm without the `compiler` feature.
cargo run -q --release --bin community-forms -- precompile --out target/builtin.wire
export CF_BUILTIN_WIRE="$PWD/target/builtin.wire"
if [ "$ROUTE" = debian ]; then
  # rustc 1.96 from Debian's rustc-web, std built from rust-web-src; rust-lld from its sysroot.
  PATH="$(/usr/bin/rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin:$PATH" \
  RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo build -q --profile wasm --lib --no-default-features \
    --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort
else
  cargo build -q --profile wasm --lib --no-default-features --target wasm32-unknown-unknown
fi
wasm-bindgen --target web --remove-name-section --remove-producers-section \
  --out-dir target/wasm-bindgen "$WASM"

# The same library built for speed: the bulk-checking worker and the Node build.
if [ "$ROUTE" = debian ]; then
  PATH="$(/usr/bin/rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin:$PATH" \
  RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo build -q --profile wasm-speed --lib \
    --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort
else
  cargo build -q --profile wasm-speed --lib --target wasm32-unknown-unknown
fi
wasm-bindgen --target web --remove-name-section --remove-producers-section \
  --out-dir target/wasm-bindgen-speed target/wasm32-unknown-unknown/wasm-speed/community_forms.wasm

# The .xlsx reader: a module of its own, loaded only by pages that read workbooks.
if [ "$ROUTE" = debian ]; then
  PATH="$(/usr/bin/rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin:$PATH" \
  RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo build -q --release --manifest-path xlsx/Cargo.toml \
    --target wasm32-unknown-unknown -Zbuild-std=std,panic_abort
else
  cargo build -q --release --manifest-path xlsx/Cargo.toml --target wasm32-unknown-unknown
fi
wasm-bindgen --target web --remove-name-section --remove-producers-section \
  --out-dir target/wasm-bindgen-xlsx xlsx/target/wasm32-unknown-unknown/release/community_forms_xlsx.wasm
node js/build.mjs
