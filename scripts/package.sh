#!/usr/bin/env bash
# Makes the npm package `civicmap` in target/npm/civicmap/ from www/ and the wasm
# build in www/pkg/ (built first when missing), then `npm pack`s it into
# target/npm/civicmap-<version>.tgz and prints what each entry weighs, gzipped.
# Two wasm modules: the main one serves every entry but `civicmap/tables` (browsers
# and bundlers fetch it, index.js; Node compiles it from disk, node.js); the tables
# module (pkg-tables/: the responsibility table, .xlsx, hotspots, choropleths) is
# `civicmap/tables` (tables.js, tables-node.js), loaded only when a page asks.
set -euo pipefail
cd "$(dirname "$0")/.."

# Built with the `typescript` feature (scripts/build-wasm.sh): the declarations are there.
if [ ! -f www/pkg/civicmap_bg.wasm ] || [ ! -f www/pkg-tables/civicmap_bg.wasm ] \
  || ! grep -q 'export interface RecordInput' www/pkg/civicmap.d.ts \
  || ! grep -q 'export interface TableOptions' www/pkg-tables/civicmap.d.ts; then
  bash scripts/build-wasm.sh
fi

out=target/npm/civicmap
rm -rf "$out" target/npm/civicmap-*.tgz
mkdir -p "$out/pkg" "$out/pkg-tables" "$out/element" "$out/lib" "$out/overlays"
cp www/index.js www/index.d.ts www/node.js www/civic-map.js www/civic-map.d.ts www/civic-map.css "$out/"
cp www/tables.js www/tables.d.ts www/tables-node.js "$out/"
cp www/element/*.js "$out/element/"
cp www/lib/*.js "$out/lib/"
cp www/overlays/*.js www/overlays/*.d.ts "$out/overlays/"
cp www/pkg/civicmap.js www/pkg/civicmap.d.ts www/pkg/civicmap_bg.wasm "$out/pkg/"
cp www/pkg-tables/civicmap.js www/pkg-tables/civicmap.d.ts www/pkg-tables/civicmap_bg.wasm "$out/pkg-tables/"
cp docs/embedding.md "$out/README.md"
node scripts/npm-manifest.mjs "$out"

tgz=$(cd "$out" && npm pack --silent --pack-destination .. | tail -1)
echo "target/npm/$tgz: $(wc -c < "target/npm/$tgz") bytes, $(tar tzf "target/npm/$tgz" | wc -l) files"

# What loads when, gzip -9 of the files as shipped (not minified).
gz() { cat "$@" | gzip -9c | wc -c; }
(
  cd "$out"
  printf '%-44s %9s %9s\n' "entry (files)" bytes gzip
  printf '%-44s %9s %9s\n' "wasm module (pkg/civicmap_bg.wasm)" "$(wc -c < pkg/civicmap_bg.wasm)" "$(gz pkg/civicmap_bg.wasm)"
  printf '%-44s %9s %9s\n' "civicmap JS (index.js, pkg/civicmap.js)" "$(cat index.js pkg/civicmap.js | wc -c)" "$(gz index.js pkg/civicmap.js)"
  printf '%-44s %9s %9s\n' "tables wasm (pkg-tables/civicmap_bg.wasm)" "$(wc -c < pkg-tables/civicmap_bg.wasm)" "$(gz pkg-tables/civicmap_bg.wasm)"
  printf '%-44s %9s %9s\n' "civicmap/tables JS (tables.js, pkg-tables/…)" "$(cat tables.js pkg-tables/civicmap.js | wc -c)" "$(gz tables.js pkg-tables/civicmap.js)"
  el=(civic-map.js element/*.js lib/*.js)
  printf '%-44s %9s %9s\n' "civicmap/element JS (${#el[@]} files)" "$(cat "${el[@]}" | wc -c)" "$(gz "${el[@]}")"
  printf '%-44s %9s %9s\n' "civicmap/element CSS (civic-map.css)" "$(wc -c < civic-map.css)" "$(gz civic-map.css)"
  printf '%-44s %9s %9s\n' "civicmap/leaflet (+ overlays/raster.js)" "$(cat overlays/leaflet.js overlays/raster.js | wc -c)" "$(gz overlays/leaflet.js overlays/raster.js)"
  printf '%-44s %9s %9s\n' "civicmap/openlayers (+ overlays/raster.js)" "$(cat overlays/openlayers.js overlays/raster.js | wc -c)" "$(gz overlays/openlayers.js overlays/raster.js)"
)
