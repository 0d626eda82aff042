#!/usr/bin/env bash
# The main command: set everything up, build the package, serve the demo pages on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
exec node scripts/serve.mjs "${PORT:-8080}"
