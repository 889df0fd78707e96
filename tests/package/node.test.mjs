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

test('the tarball holds the two wasm modules, the entries and their types; manifest from Cargo.toml', () => {
  const files = execFileSync('tar', ['tzf', tarball()], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, ''));
  assert.deepEqual(files.filter((f) => f.endsWith('.wasm')).sort(), ['pkg-tables/civicmap_bg.wasm', 'pkg/civicmap_bg.wasm']);
  for (const f of ['package.json', 'README.md', 'index.js', 'index.d.ts', 'node.js', 'civic-map.js', 'civic-map.d.ts', 'civic-map.css',
    'tables.js', 'tables.d.ts', 'tables-node.js', 'pkg-tables/civicmap.js', 'pkg-tables/civicmap.d.ts',
    'element/core.js', 'lib/view.js', 'overlays/leaflet.js', 'overlays/openlayers.js', 'overlays/raster.js', 'pkg/civicmap.js', 'pkg/civicmap.d.ts']) {
    assert.ok(files.includes(f), `${f} missing`);
  }
  const manifest = JSON.parse(execFileSync('tar', ['xzfO', tarball(), 'package/package.json'], { encoding: 'utf8' }));
  const cargo = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  assert.equal(manifest.name, 'civicmap');
  assert.equal(manifest.version, cargo.match(/^version = "(.*)"/m)[1]);
  assert.equal(manifest.license, cargo.match(/^license = "(.*)"/m)[1]);
  assert.deepEqual(Object.keys(manifest.exports['.']), ['types', 'browser', 'node', 'import', 'default']);
  assert.deepEqual(Object.keys(manifest.exports['./tables']), ['types', 'browser', 'node', 'import', 'default']);
  for (const sub of ['./element', './leaflet', './openlayers', './tables']) assert.ok(manifest.exports[sub].types, sub);
  assert.equal(manifest.exports['./tables_bg.wasm'], './pkg-tables/civicmap_bg.wasm');
  assert.deepEqual(manifest.sideEffects, ['./civic-map.js', './node.js', './tables-node.js']);
  // Every file an entry imports is shipped (relative imports of the shipped JS).
  for (const f of files.filter((x) => x.endsWith('.js'))) {
    const text = execFileSync('tar', ['xzfO', tarball(), `package/${f}`], { encoding: 'utf8' });
    for (const m of text.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'|import\('(\.[^']+)'\)/gm)) {
      const dep = path.posix.normalize(path.posix.join(path.posix.dirname(f), m[1] ?? m[2]));
      assert.ok(files.includes(dep), `${f} imports ${m[1] ?? m[2]}, not in the tarball`);
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

test("import from 'civicmap/tables' in Node: the responsibility table from the main map's exports", () => {
  const script = `
    import fs from 'node:fs';
    import { CivicMap } from 'civicmap';
    import initTables, { CivicMap as TablesMap } from 'civicmap/tables';
    await initTables(); // resolves at once in Node
    const read = (f) => fs.readFileSync(${JSON.stringify(path.join(ROOT, 'data/demo'))} + '/' + f, 'utf8');
    const map = new CivicMap();
    map.loadOwners(read('owners.json'));
    for (const k of ['Cells', 'Zones', 'Points', 'Problems']) map['load' + k](read(k.toLowerCase() + '.geojson'));
    const t = new TablesMap();
    t.loadOwners(read('owners.json'));
    t.loadCells(map.exportCells());
    t.loadZones(map.exportZones());
    t.loadPoints(map.exportPoints());
    t.loadProblems(map.exportProblems());
    const table = t.responsibilityTable({ by: 'owner', asOf: '2026-11-20' });
    const xlsx = t.responsibilityXlsx({ asOf: '2026-11-20' });
    console.log(JSON.stringify({ rows: table.rows.length, columns: table.columns.length, csv: t.responsibilityCsv({ by: 'cell' }).slice(0, 1), zip: [...xlsx.slice(0, 2)], main: typeof map.responsibilityTable }));
  `;
  const dir = scratch('node-tables', { 'tables.mjs': script });
  const out = JSON.parse(execFileSync(process.execPath, ['tables.mjs'], { cwd: dir, encoding: 'utf8' }));
  assert.ok(out.rows > 100, `${out.rows} owner rows`);
  assert.ok(out.columns > 5);
  assert.equal(out.csv, '\ufeff', 'CSV starts with a BOM');
  assert.deepEqual(out.zip, [0x50, 0x4b], '.xlsx is a zip');
  assert.equal(out.main, 'undefined', 'the main module has no tables');
});

/** The keys an interface or object type of the generated .d.ts declares (top level). */
function declaredKeys(dts, name) {
  const m = dts.match(new RegExp(`export (?:interface ${name}(?: extends \\w+)? \\{|type ${name} = \\{)([\\s\\S]*?)\\n\\}`));
  assert.ok(m, `no ${name} in the types`);
  const body = m[1].replace(/\/\*\*[\s\S]*?\*\//g, '');
  return [...body.matchAll(/^ {4}(\w+)\??:/gm)].map((k) => k[1]);
}

test("the hand-written types of the cycle's inputs and results have the keys the core reads and writes", () => {
  const dts = fs.readFileSync(path.join(ROOT, 'www/pkg/civicmap.d.ts'), 'utf8');
  const map = new civic.CivicMap();
  map.loadCells(demo('cells.geojson'));
  map.loadPoints(demo('points.geojson'));
  map.loadProblems(demo('problems.geojson'));
  /** The keys a reader accepts, from its refusal of an unknown one. */
  const accepted = (call) => {
    try {
      call();
    } catch (e) {
      const m = String(e.message).match(/expected one of ((?:`\w+`(?:, )?)+)$/);
      assert.ok(m, e.message);
      return m[1].split(', ').map((k) => k.slice(1, -1)).sort();
    }
    assert.fail('an unknown key was accepted');
  };
  // RecordInput and StepInput: every key the readers take is declared, and no other.
  assert.deepEqual(declaredKeys(dts, 'RecordInput').sort(), accepted(() => map.recordProblem({ zzz: 1 })));
  const stepKeys = [...declaredKeys(dts, 'StepInput'), 'note', 'reason'].sort();
  assert.deepEqual(stepKeys, accepted(() => map.stepProblem('P0001', { action: 'start', zzz: 1 })));
  assert.match(dts, /\| \{ \/\*\*[^*]*\*\/ note\?: string \| null; reason\?: never \}/);
  assert.deepEqual(declaredKeys(dts, 'TimeLimitsTable').sort(), accepted(() => map.loadTimeLimits({ zzz: 1 })));
  // The table the core gives has the keys of TimeLimits, and loads back as a TimeLimitsTable.
  const limits = map.timeLimits();
  assert.deepEqual(Object.keys(limits).sort(), declaredKeys(dts, 'TimeLimits').sort());
  assert.deepEqual(map.loadTimeLimits(limits), limits);
  assert.deepEqual(map.loadTimeLimits(JSON.stringify({ days: { 垃圾: 3 } })).days.garbage, 3);
  // A card and a change: exactly the declared keys (ProblemCard extends ProblemRecord).
  const changes = [];
  map.onChange((c) => changes.push(c));
  const card = map.recordProblem({ lng: 112.6005, lat: 26.9005, category: '垃圾', severity: 2, source: '暗访', photos: ['a.jpg'], note: 'n' });
  map.stepProblem(card.id, { action: 'extend', reason: '雨天', days: 2, by: '李四' });
  const stepped = map.problem(card.id);
  assert.deepEqual(Object.keys(stepped).sort(), [...declaredKeys(dts, 'ProblemRecord'), ...declaredKeys(dts, 'ProblemCard')].sort());
  assert.deepEqual(Object.keys(stepped.history[0]).sort(), declaredKeys(dts, 'Step').sort());
  assert.deepEqual(Object.keys(stepped.extension).sort(), declaredKeys(dts, 'Extension').sort());
  return new Promise((resolve) => queueMicrotask(() => queueMicrotask(() => {
    assert.equal(changes.length, 2);
    const c = changes[1];
    assert.deepEqual(Object.keys(c).sort(), [...declaredKeys(dts, 'JournalEntry'), 'replayed'].sort());
    assert.deepEqual(Object.keys(c.after).sort(), ['geometry', 'id', 'properties', 'type']);
    const props = dts.match(/properties: \{([\s\S]*?)\n {4}\};/)[1];
    const declaredProps = [...props.matchAll(/^ {8}(\w+)\??:/gm)].map((k) => k[1]);
    for (const k of Object.keys(c.after.properties)) assert.ok(declaredProps.includes(k), `property ${k} not in ProblemFeature`);
    map.free();
    resolve();
  })));
});
