#!/usr/bin/env bash
# Builds the wasm module and its JS glue into www/pkg/ (--target web), then shrinks
# it with wasm-opt when binaryen is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
# Without the default `gen` feature: the generator stays out of the module.
cargo build --release --lib --target wasm32-unknown-unknown --no-default-features --features typescript
rm -rf www/pkg
wasm-bindgen --target web --out-dir www/pkg target/wasm32-unknown-unknown/release/civicmap.wasm
# wasm-opt from the npm package `binaryen` (pinned in package-lock.json): Debian's
# wasm-opt 108 breaks wasm-bindgen's externref table. Skipped if npm ci has not run.
if [ -x node_modules/.bin/wasm-opt ]; then
  node_modules/.bin/wasm-opt -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
    www/pkg/civicmap_bg.wasm -o www/pkg/civicmap_bg.wasm.opt && mv www/pkg/civicmap_bg.wasm.opt www/pkg/civicmap_bg.wasm
fi
printf 'www/pkg/civicmap_bg.wasm: %s bytes, %s gzipped\n' "$(wc -c < www/pkg/civicmap_bg.wasm)" "$(gzip -9c www/pkg/civicmap_bg.wasm | wc -c)"
