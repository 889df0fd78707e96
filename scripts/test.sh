#!/usr/bin/env bash
# Runs every civicmap test: native Rust (unit, oracle property tests, goldens),
# the wasm build, the JS API in Node, the page in headless Chromium, and each
# benchmark once in test mode. Installs what it needs first (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# No incremental caches: a test run builds each configuration once, and the caches
# doubled target/ (CI ran out of disk on a fresh machine with them).
export CARGO_INCREMENTAL=0

step() { printf '\n==== %s\n' "$*"; }
# git status plus a hash of every changed file, to see what the run itself changes.
tree_state() {
  git status --porcelain --untracked-files=all 2>/dev/null | while IFS= read -r line; do
    f=${line:3}
    if [ -f "$f" ]; then echo "$line $(git hash-object "$f")"; else echo "$line"; fi
  done
}
tree_before=$(tree_state)

step "setup (toolchain, wasm-bindgen CLI, chromium, npm packages, wasm build)"
bash scripts/setup.sh

step "format and lints (rustfmt; clippy native and wasm32, warnings are errors)"
cargo fmt --all --check
cargo clippy --workspace --all-targets -- -D warnings
# The tables module's bindings too (feature `tables`; `xlsx` adds only the writer).
cargo clippy --all-targets --target wasm32-unknown-unknown --no-default-features --features tables -- -D warnings
cargo clippy --workspace --all-targets --target wasm32-unknown-unknown -- -D warnings
# With the `typescript` feature, as scripts/build-wasm.sh builds both modules (tsify
# derives): the page's module, and the tables module's bindings.
cargo clippy --workspace --all-targets --target wasm32-unknown-unknown --no-default-features --features typescript -- -D warnings
cargo clippy --all-targets --target wasm32-unknown-unknown --no-default-features --features typescript,tables,xlsx -- -D warnings

step "module graph: no import circle, no lower layer naming a higher one"
python3 scripts/check-layers.py

step "wasm size budget: under 300,000 bytes gzipped (gzip -9)"
bytes=$(wc -c < www/pkg/civicmap_bg.wasm)
gz=$(gzip -9c www/pkg/civicmap_bg.wasm | wc -c)
echo "www/pkg/civicmap_bg.wasm: $bytes bytes, $gz gzipped (budget 300000)"
if [ "$gz" -ge 300000 ]; then
  echo "the wasm module is over its size budget" >&2
  exit 1
fi

step "cargo test (native)"
cargo test --workspace --no-fail-fast

# The GeoParquet data sets tests/it/parquet.rs wrote (the demo, and two generated
# districts with problems on shared cell edges), joined from raw geometry by
# SedonaDB and DuckDB running tests/py/cell_week_counts.sql: the counts per cell
# and week must equal civicmap's join.
step "SedonaDB and DuckDB spatial joins over the GeoParquet export (tests/py/sql_joins.py)"
target/py/bin/python tests/py/sql_joins.py "${CARGO_TARGET_DIR:-target}/tmp/geoparquet/demo" \
  "${CARGO_TARGET_DIR:-target}/tmp/geoparquet/multi"

# Criterion runs each benchmark once when started by `cargo test` (test profile:
# no LTO build, so this stays quick); `cargo bench` gives the figures.
step "benches, one pass each (cargo test --benches)"
cargo test --benches

step "Node: the JS API from www/pkg"
node --test tests/node/
# The tables module too (tables, hotspots, choropleths): a shorter fuzz run.
CIVICMAP_FUZZ_PKG=pkg-tables CIVICMAP_FUZZ_CALLS=4000 node --test tests/node/fuzz.test.mjs

# The package from its tarball, in scratch projects under target/pkgtest/ (offline).
step "npm package: npm pack, then tsc --strict, Node, esbuild, Vite and a strict CSP in Chromium"
bash scripts/package.sh
node --test --test-concurrency=1 tests/package/

if [ -d tests/e2e ]; then
  # Screenshots go to target/screenshots/ here; scripts/screenshots.sh refreshes docs/.
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

# Tests write only under target/ (and temp folders): a file the run changed or left
# in the tree is a bug in a test.
tree_after=$(tree_state)
if [ "$tree_after" != "$tree_before" ]; then
  echo "the test run changed the tree (git status before and after):" >&2
  diff <(echo "$tree_before") <(echo "$tree_after") >&2 || true
  exit 1
fi

step "all tests passed"
