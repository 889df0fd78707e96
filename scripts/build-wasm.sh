#!/usr/bin/env bash
# Builds the wasm modules and their JS glue (--target web), then shrinks them with
# wasm-opt when binaryen is installed:
# - www/pkg/: the page's module (under the 300 KB gzipped budget);
# - www/pkg-tables/: the same with the responsibility table as CSV and .xlsx
#   (features `tables`, `xlsx`), which the page loads only when a table is exported.
set -euo pipefail
cd "$(dirname "$0")/.."

# build OUT_DIR [cargo feature args…]
build() {
  local out=$1
  shift
  # Without the default `gen` feature: the generator stays out of the modules.
  # `typescript`: the tsify derives' declarations (custom sections, which
  # wasm-bindgen moves into civicmap.d.ts; the module gains no bytes).
  cargo build --release --lib --target wasm32-unknown-unknown --no-default-features --features typescript "$@"
  rm -rf "$out"
  wasm-bindgen --target web --out-dir "$out" target/wasm32-unknown-unknown/release/civicmap.wasm
  # wasm-opt from the npm package `binaryen` (pinned in package-lock.json): Debian's
  # wasm-opt 108 breaks wasm-bindgen's externref table. Skipped if npm ci has not run.
  # --low-memory-unused: Rust puts the 1 MB stack first, growing down to address 0,
  # so the low 1 KB is touched only by a stack about to overflow; binaryen may then
  # fold constant offsets into loads and stores (-2.2 KB gzipped, no call slower:
  # scripts/call-timings.mjs). --converge: repeat -O3 while it still shrinks (-1 KB).
  # --one-caller-inline-max-function-size=200: binaryen otherwise inlines every
  # function with one caller whatever its size, after LLVM chose not to (500: -4.6 KB,
  # no call slower; 300: -0.9 KB more, scripts/call-timings.mjs within the noise
  # on 2026-12-02; 200: -1.7 KB more, the same afternoon, two modules in one process
  # taking turns in both orders: loads, the assignment map, joins and heatmap frames
  # 0.91-1.13x, within the noise of each; 150 saved 3.8 KB but the assignment map
  # and a cells load were 1-9 % slower in both orders; 100 saved 6 KB but made loads
  # and the assignment map slower).
  # --strip-producers --strip-target-features: metadata no engine reads (-0.2 KB).
  if [ -x node_modules/.bin/wasm-opt ]; then
    node_modules/.bin/wasm-opt -O3 --low-memory-unused --converge --one-caller-inline-max-function-size=200 --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$out/civicmap_bg.wasm" -o "$out/civicmap_bg.wasm.opt" && mv "$out/civicmap_bg.wasm.opt" "$out/civicmap_bg.wasm"
  fi
  printf '%s/civicmap_bg.wasm: %s bytes, %s gzipped\n' "$out" "$(wc -c < "$out/civicmap_bg.wasm")" "$(gzip -9c "$out/civicmap_bg.wasm" | wc -c)"
}

# The tables module first, so that target/…/civicmap.wasm is the page's module after.
build www/pkg-tables --features tables,xlsx
build www/pkg
