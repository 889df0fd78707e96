#!/usr/bin/env bash
# Runs every civicmap test: native Rust (unit, oracle property tests, goldens),
# the wasm build, the JS API in Node, the page in headless Chromium, and each
# benchmark once in test mode. Installs what it needs first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==== %s\n' "$*"; }

step "setup (toolchain, wasm-bindgen CLI, chromium, npm packages, wasm build)"
bash scripts/setup.sh

step "cargo test (native)"
cargo test --no-fail-fast

# Criterion runs each benchmark once when started by `cargo test` (test profile:
# no LTO build, so this stays quick); `cargo bench` gives the figures.
step "benches, one pass each (cargo test --benches)"
cargo test --benches

step "Node: the JS API from www/pkg"
node --test tests/node/

if [ -d tests/e2e ]; then
  step "headless Chromium: the page, the component, the overlays"
  node --test --test-concurrency=1 tests/e2e/
fi

if [ -f tests/web.rs ]; then
  step "wasm-bindgen-test in headless Chromium"
  CHROMEDRIVER=/usr/bin/chromedriver \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    cargo test --target wasm32-unknown-unknown --test web
fi

if [ -f bench/package.json ]; then
  step "JS comparison, short configuration"
  (cd bench && npm ci --no-audit --no-fund --loglevel=error && node compare.mjs --quick)
fi

step "all tests passed"
