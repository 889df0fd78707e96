// The packed tarball in Node: what it holds (one wasm module, the entries, licence
// and version from Cargo.toml), and `import … from 'civicmap'` in a scratch project
// answering a query as the repository's own build does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as civic from '../../www/pkg/civicmap.js';
import { ROOT, QUERY, scratch, tarball } from './helpers.mjs';

civic.initSync({ module: fs.readFileSync(path.join(ROOT, 'www/pkg/civicmap_bg.wasm')) });
const demo = (f) => fs.readFileSync(path.join(ROOT, 'data/demo', f), 'utf8');

test('the tarball holds one wasm module, the entries and their types; manifest from Cargo.toml', () => {
  const files = execFileSync('tar', ['tzf', tarball()], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, ''));
  assert.deepEqual(files.filter((f) => f.endsWith('.wasm')), ['pkg/civicmap_bg.wasm']);
  for (const f of ['package.json', 'README.md', 'index.js', 'index.d.ts', 'node.js', 'civic-map.js', 'civic-map.d.ts', 'civic-map.css',
    'element/core.js', 'lib/view.js', 'overlays/leaflet.js', 'overlays/openlayers.js', 'overlays/raster.js', 'pkg/civicmap.js', 'pkg/civicmap.d.ts']) {
    assert.ok(files.includes(f), `${f} missing`);
  }
  const manifest = JSON.parse(execFileSync('tar', ['xzfO', tarball(), 'package/package.json'], { encoding: 'utf8' }));
  const cargo = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  assert.equal(manifest.name, 'civicmap');
  assert.equal(manifest.version, cargo.match(/^version = "(.*)"/m)[1]);
  assert.equal(manifest.license, cargo.match(/^license = "(.*)"/m)[1]);
  assert.deepEqual(Object.keys(manifest.exports['.']), ['types', 'browser', 'node', 'import', 'default']);
  for (const sub of ['./element', './leaflet', './openlayers']) assert.ok(manifest.exports[sub].types, sub);
  assert.deepEqual(manifest.sideEffects, ['./civic-map.js', './node.js']);
  // Every file an entry imports is shipped (relative imports of the shipped JS).
  for (const f of files.filter((x) => x.endsWith('.js'))) {
    const text = execFileSync('tar', ['xzfO', tarball(), `package/${f}`], { encoding: 'utf8' });
    for (const m of text.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)) {
      const dep = path.posix.normalize(path.posix.join(path.posix.dirname(f), m[1]));
      assert.ok(files.includes(dep), `${f} imports ${m[1]}, not in the tarball`);
    }
  }
});

test("import from 'civicmap' in Node answers a query as the repository's build does", () => {
  const script = `
    import fs from 'node:fs';
    import init, { CivicMap, crsNames } from 'civicmap';
    await init(); // resolves at once in Node
    const map = new CivicMap();
    const read = (f) => fs.readFileSync(${JSON.stringify(path.join(ROOT, 'data/demo'))} + '/' + f, 'utf8');
    map.loadCells(read('cells.geojson'));
    map.loadProblems(read('problems.geojson'));
    const q = ${JSON.stringify(QUERY)};
    const hits = map.nearestProblems(q.lng, q.lat, q.k, q.filter);
    console.log(JSON.stringify({ counts: map.counts(), crs: crsNames(), hits: hits.map((h) => [h.id, h.cell, h.distanceM]) }));
  `;
  const dir = scratch('node', { 'query.mjs': script });
  const out = JSON.parse(execFileSync(process.execPath, ['query.mjs'], { cwd: dir, encoding: 'utf8' }));
  const map = new civic.CivicMap();
  map.loadCells(demo('cells.geojson'));
  map.loadProblems(demo('problems.geojson'));
  const want = map.nearestProblems(QUERY.lng, QUERY.lat, QUERY.k, QUERY.filter).map((h) => [h.id, h.cell, h.distanceM]);
  assert.equal(want.length, QUERY.k);
  assert.deepEqual(out.hits, want);
  assert.deepEqual(out.counts, map.counts());
  assert.deepEqual(out.crs, ['wgs84', 'gcj02', 'bd09']);
});
