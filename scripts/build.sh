#!/usr/bin/env bash
# Builds the browser package into pkg/ (and www/pkg/): wasm, wasm-bindgen, wasm-opt, esbuild.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
[ -f target/.wasm-route ] || scripts/setup.sh
ROUTE=$(cat target/.wasm-route)
# The form package carries the built-in forms precompiled and no spec compiler. Its wasm is
# built with no forms in it (an empty bundle) and without the `compiler` feature; js/build.mjs
# then puts the forms beside the code, in a custom section of the .wasm: every form for the
# package's files, one form (and those it reads) for each form's own file (pkg/forms/).
cargo build -q --release --bin community-forms
target/release/community-forms precompile --out target/no-forms.wire --forms ''
export CF_BUILTIN_WIRE="$PWD/target/no-forms.wire"
# Every wasm build tries std rebuilt with the crate and panic=immediate-abort first, so no panic
# formatting or unwinding support is linked in (the library never panics on input; a bug would
# trap either way): about 8 KB gzip off the form package. That takes std's source and an unstable
# flag; if either is missing or refused, the ordinary panic=abort build.
#   wasm_build OUT_VAR TARGET_DIR PROFILE CARGO_ARGS...  sets OUT_VAR to the built .wasm's folder
cargo_wasm() {
  if [ "$ROUTE" = debian ]; then
    # rustc 1.96 from Debian's rustc-web, std built from rust-web-src; rust-lld from its sysroot.
    PATH="$(/usr/bin/rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin:$PATH" \
      RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo build -q --target wasm32-unknown-unknown "$@"
  else
    cargo build -q --target wasm32-unknown-unknown "$@"
  fi
}
has_std_source() {
  [ -z "${CF_PLAIN_PANIC:-}" ] || return 1 # CF_PLAIN_PANIC=1 scripts/build.sh: the fallback, by hand
  [ "$ROUTE" = debian ] || [ -d "$(rustc --print sysroot)/lib/rustlib/src/rust/library" ]
}
#   STD_FEATURES=...  std's features for that build (the size build: optimize_for_size)
wasm_build() {
  local out=$1 dir=$2 profile=$3
  shift 3
  local features=()
  [ -z "${STD_FEATURES:-}" ] || features=("-Zbuild-std-features=$STD_FEATURES")
  if has_std_source && RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" \
    cargo_wasm --profile "$profile" --target-dir "$dir/immediate-abort" -Zbuild-std=std,panic_abort "${features[@]}" "$@"; then
    printf -v "$out" '%s' "$dir/immediate-abort/wasm32-unknown-unknown/$profile"
    return
  fi
  echo "note: no panic=immediate-abort build here (std's source missing, or the flag refused); using panic=abort" >&2
  if [ "$ROUTE" = debian ]; then
    cargo_wasm --profile "$profile" --target-dir "$dir" -Zbuild-std=std,panic_abort "$@"
  else
    cargo_wasm --profile "$profile" --target-dir "$dir" "$@"
  fi
  printf -v "$out" '%s' "$dir/wasm32-unknown-unknown/$profile"
}
bindgen() {
  wasm-bindgen --target web --remove-name-section --remove-producers-section --out-dir "$1" "$2"
}

# The form package: size first, no spec compiler, and std's smaller variants of its routines
# (optimize_for_size: −0.6 KB gzip; docs/size.md).
STD_FEATURES=optimize_for_size wasm_build DIR target wasm --lib --no-default-features --features small-alloc
bindgen target/wasm-bindgen "$DIR/community_forms.wasm"

# The same library built for speed: the bulk-checking worker and the Node build.
wasm_build DIR target wasm-speed --lib
bindgen target/wasm-bindgen-speed "$DIR/community_forms.wasm"

# The workbook reader (.xlsx, .xls): a module of its own, loaded only by pages that read workbooks.
wasm_build DIR xlsx/target release --manifest-path xlsx/Cargo.toml
bindgen target/wasm-bindgen-xlsx "$DIR/community_forms_xlsx.wasm"
node js/build.mjs
