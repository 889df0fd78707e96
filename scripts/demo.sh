#!/usr/bin/env bash
# Sets everything up on a fresh machine and serves the demo page on localhost.
# Open http://localhost:${PORT:-8080}/www/ (the page loads data/demo/ offline).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
port=${PORT:-8080}
echo
echo "civicmap demo: http://localhost:$port/www/   (Ctrl-C to stop)"
# Python's http.server serves .wasm as application/wasm, which streaming
# compilation needs; it binds to loopback only.
exec python3 -m http.server "$port" --bind 127.0.0.1
