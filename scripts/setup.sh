#!/usr/bin/env bash
# Installs what the build (and, with --browser, the tests) need. Idempotent: each step checks
# first and skips what is already there. Runs on a fresh Debian machine as root or with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

BROWSER=0
for a in "$@"; do [ "$a" = "--browser" ] && BROWSER=1; done
log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
APT_UPDATED=0
apt_install() {
  local missing=()
  for p in "$@"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$APT_UPDATED" -eq 0 ]; then log "apt-get update"; $SUDO apt-get update -qq; APT_UPDATED=1; fi
  log "apt-get install ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# 1. Rust (the machine's rustup toolchain; Debian's cargo as a last resort).
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v cargo >/dev/null; then apt_install cargo rustc; fi

# 2. The wasm32 target: rustup's, or Debian's rustc-web route that builds std from source.
mkdir -p target
if command -v rustup >/dev/null && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo rustup > target/.wasm-route
elif command -v rustup >/dev/null && timeout 300 rustup target add wasm32-unknown-unknown >&2; then
  echo rustup > target/.wasm-route
else
  log "rustup cannot add wasm32-unknown-unknown; using Debian's rustc-web with build-std"
  apt_install rustc-web cargo-web rust-web-src lld
  echo debian > target/.wasm-route
fi

# 2b. The standard library's source, so that the form package's wasm can be built with
# panic=immediate-abort (no panic machinery: about 8 KB gzip less). Optional: without it the
# build falls back to the ordinary size build.
if [ "$(cat target/.wasm-route)" = rustup ] && ! [ -d "$(rustc --print sysroot)/lib/rustlib/src/rust/library" ]; then
  timeout 300 rustup component add rust-src >&2 || log "rust-src unavailable: the wasm keeps the ordinary panic=abort build"
fi

# 3. wasm-bindgen-cli, exactly the version the crate pins.
WB_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WB_VERSION" ]; then
  log "cargo install wasm-bindgen-cli $WB_VERSION (a few minutes, once)"
  apt_install pkg-config libssl-dev
  cargo install -q wasm-bindgen-cli --version "$WB_VERSION"
fi

# cargo-deny, for the supply-chain check of the test command.
if [ "$BROWSER" -eq 1 ] && ! command -v cargo-deny >/dev/null; then
  log "cargo install cargo-deny (a few minutes, once)"
  cargo install -q --locked cargo-deny || cargo install -q cargo-deny
fi

# 4. Node.js and the JS build/test tools (esbuild, binaryen's wasm-opt, playwright-core, axe-core).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then apt_install nodejs npm; fi
STAMP=node_modules/.community-forms-stamp
if [ ! -f "$STAMP" ] || [ "$(cat "$STAMP")" != "$(sha256sum package-lock.json | cut -d' ' -f1)" ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error >&2
  sha256sum package-lock.json | cut -d' ' -f1 > "$STAMP"
fi

# 5. A real browser for the tests: Debian's Chromium and ChromeDriver (never a downloaded one).
if [ "$BROWSER" -eq 1 ]; then
  apt_install chromium chromium-driver fonts-noto-cjk
fi
log "setup done"
