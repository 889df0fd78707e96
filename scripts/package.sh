#!/usr/bin/env bash
# Makes the npm package `civicmap` in target/npm/civicmap/ from www/ and the wasm
# build in www/pkg/ (built first when missing), then `npm pack`s it into
# target/npm/civicmap-<version>.tgz and prints what each entry weighs, gzipped.
# One wasm file serves every entry: browsers and bundlers fetch it (index.js), Node
# compiles it from disk (node.js).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f www/pkg/civicmap_bg.wasm ] || ! grep -q 'export interface View' www/pkg/civicmap.d.ts; then
  bash scripts/build-wasm.sh
fi

out=target/npm/civicmap
rm -rf "$out" target/npm/civicmap-*.tgz
mkdir -p "$out/pkg" "$out/element" "$out/lib" "$out/overlays"
cp www/index.js www/index.d.ts www/node.js www/civic-map.js www/civic-map.d.ts www/civic-map.css "$out/"
cp www/element/*.js "$out/element/"
cp www/lib/*.js "$out/lib/"
cp www/overlays/*.js www/overlays/*.d.ts "$out/overlays/"
cp www/pkg/civicmap.js www/pkg/civicmap.d.ts www/pkg/civicmap_bg.wasm "$out/pkg/"
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
  el=(civic-map.js element/*.js lib/*.js)
  printf '%-44s %9s %9s\n' "civicmap/element JS (${#el[@]} files)" "$(cat "${el[@]}" | wc -c)" "$(gz "${el[@]}")"
  printf '%-44s %9s %9s\n' "civicmap/element CSS (civic-map.css)" "$(wc -c < civic-map.css)" "$(gz civic-map.css)"
  printf '%-44s %9s %9s\n' "civicmap/leaflet (+ overlays/raster.js)" "$(cat overlays/leaflet.js overlays/raster.js | wc -c)" "$(gz overlays/leaflet.js overlays/raster.js)"
  printf '%-44s %9s %9s\n' "civicmap/openlayers (+ overlays/raster.js)" "$(cat overlays/openlayers.js overlays/raster.js | wc -c)" "$(gz overlays/openlayers.js overlays/raster.js)"
)
