// Each defect a hostile or careless caller found (issue 17), as a test: every bad
// call throws a plain Error, leaves the object exactly as it was, and the object
// still answers and frees. (tests/node/fuzz.test.mjs generates many more calls.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as civic from '../../www/pkg/civicmap.js';

const root = new URL('../../', import.meta.url);
const wasm = civic.initSync({ module: fs.readFileSync(new URL('www/pkg/civicmap_bg.wasm', root)) });
const { CivicMap, GeoIndex } = civic;
const read = (f) => fs.readFileSync(new URL(`data/demo/${f}`, root), 'utf8');
const DEMO = Object.fromEntries(['cells', 'zones', 'points', 'problems'].map((k) => [k, read(`${k}.geojson`)]));
const OWNERS = read('owners.json');

function demo() {
  const m = new CivicMap();
  m.loadCells(DEMO.cells);
  m.loadZones(DEMO.zones);
  m.loadPoints(DEMO.points);
  m.loadProblems(DEMO.problems);
  m.loadOwners(OWNERS);
  return m;
}
const shared = demo();
const answers = (m) => JSON.stringify([
  m.counts(),
  m.nearestProblems(112.55, 26.88, 5, { asOf: '2026-11-20' }),
  m.coverage().unassignedCells.length,
  m.canUndo(),
]);

/** `f` throws a plain Error matching `msg`, and the map answers as before. */
function refuses(f, msg, m = shared) {
  const before = answers(m);
  assert.throws(f, (e) => {
    assert.equal(e.constructor, Error, `a plain Error, not ${e.constructor.name}: ${e.message}`);
    assert.match(e.message, msg);
    return true;
  });
  assert.equal(answers(m), before);
}

test('GeoIndex: k out of range is refused, no trap, and the index still frees', () => {
  const q = new Float64Array(2000).map((_, i) => (i % 2 ? 26.88 : 112.55) + (i % 7) * 1e-4);
  const idx = new GeoIndex(q);
  refuses(() => idx.nearestMany(q, -1), /k: give a whole number from 0 to 100000, got -1/);
  refuses(() => idx.nearestMany(q, 1e6), /k: give a whole number/);
  refuses(() => idx.nearestMany(new Float64Array(400000).fill(26), 100), /the most is 16777216/);
  refuses(() => idx.nearest(112.55, 26.88, -1), /got -1/);
  assert.equal(idx.nearest(112.55, 26.88, 3).length, 3);
  idx.free();
});

test('a number or an object where a string is wanted is a plain error, not a memory fault', () => {
  const ids = ['c1'];
  refuses(() => shared.assignCells(ids, 42), /owner: give a string, got a number/);
  refuses(() => shared.assignCells(ids, {}), /owner: give a string, got an object/);
  refuses(() => shared.assignCells('c1', 'o1'), /ids: give an array of strings, got a string/);
  refuses(() => shared.workload(42), /asOf: give a string, got a number/);
  refuses(() => shared.workload({}), /asOf: give a string, got an object/);
  refuses(() => shared.responsibility('problem', undefined), /id: give a string, got undefined/);
  refuses(() => shared.loadCells(12), /text: give the file's text \(a string\) or its bytes \(a Uint8Array\), got a number/);
});

test('non-plain filters, options and views leave the map usable and freeable', () => {
  const m = demo();
  const hostile = [
    () => 1,
    Symbol('s'),
    { toJSON: () => undefined },
    Object.defineProperty({}, 'status', { get() { throw new Error('boom'); }, enumerable: true }),
    new Proxy({}, { get() { throw new Error('trap'); }, ownKeys() { throw new Error('trap'); } }),
    10n,
  ];
  for (const h of hostile) {
    refuses(() => m.nearestProblems(112.55, 26.88, 3, h), /filter: /, m);
    refuses(() => m.renderHeat(h, {}), /view: /, m);
    refuses(() => m.renderHeat({ lng: 112.55, lat: 26.88, zoom: 14, width: 10, height: 10 }, h), /options: /, m);
    refuses(() => m.loadCells(DEMO.cells, h), /options: /, m);
    refuses(() => m.exportProblems(h), /options: /, m);
  }
  assert.equal(m.nearestProblems(112.55, 26.88, 3, {}).length, 3);
  m.free();
});

test('frames have a pixel budget, and a refused frame does not break later ones', () => {
  const v = { lng: 112.55, lat: 26.88, zoom: 14, width: 8192, height: 8192, pixelRatio: 1 };
  refuses(() => shared.renderHeat(v, {}), /over the budget of 16777216 px/);
  refuses(() => shared.renderAssignment(v, {}), /over the budget/);
  refuses(() => shared.renderHeat({ ...v, width: 4096, height: 4096, pixelRatio: 2 }, {}), /over the budget/);
  const ok = shared.renderHeat({ ...v, width: 64, height: 32 }, {});
  assert.equal(ok.length, 64 * 32 * 4);
  assert.ok(shared.heatStats().binned > 0);
});

test('wrong answers without an error are now errors or right answers', () => {
  refuses(() => shared.nearestProblems(NaN, NaN, 5), /lng: give a finite number, got NaN/);
  refuses(() => shared.nearestPoints(NaN, 26.88, 5), /lng: give a finite number/);
  refuses(() => shared.nearestProblems(112.55, 200, 5), /lat: 200 is not a latitude/);
  for (const k of [-1, 2 ** 32 + 1, Infinity, 2.5]) refuses(() => shared.nearestProblems(112.55, 26.88, k), /k: /);
  // Infinite bounds are an open box, for every layer alike.
  const all = shared.problemsInBbox(-Infinity, -Infinity, Infinity, Infinity);
  assert.equal(all.length, 6000);
  assert.equal(shared.cellsInBbox(-Infinity, -Infinity, Infinity, Infinity).length, 11252);
  refuses(() => shared.problemsInBbox(NaN, 0, 1, 1), /minLng: give a number, got NaN/);
  // minSeverity 0 is refused by every query that takes a filter.
  refuses(() => shared.problemsInBbox(0, 0, 180, 90, { minSeverity: 0 }), /minSeverity/);
  refuses(() => shared.nearestProblems(112.55, 26.88, 3, { minSeverity: 0 }), /minSeverity/);
  refuses(() => shared.problemsInPolygon(new Float64Array([112, 26, 113, 26, 113, 27]), { minSeverity: 0 }), /minSeverity/);
  // A view off the globe.
  refuses(() => shared.lngLatToPixel({ lng: 1e308, lat: 26.88, zoom: 10, width: 10, height: 10 }, 112.5, 26.9), /view.lng/);
  // Odd-length coordinate arrays are refused, not cut short.
  refuses(() => shared.joinCells(new Float64Array([112.55, 26.88, 112.56])), /even length/);
  refuses(() => shared.joinZoneCounts([112.55]), /even length/);
});

test('loadProblemCoords refuses what it used to coerce', () => {
  const m = new CivicMap();
  const two = new Float64Array([112.55, 26.88, 112.56, 26.89]);
  refuses(() => m.loadProblemCoords(two, [257, 1]), /severities: item 0 is 257, not a whole number 0..255/, m);
  refuses(() => m.loadProblemCoords(two, [-255, 1]), /item 0 is -255/, m);
  refuses(() => m.loadProblemCoords(two, [2.9, 1]), /item 0 is 2.9/, m);
  refuses(() => m.loadProblemCoords([null, null]), /coords: item 0 is null \(or NaN, ±Infinity, undefined\), not a finite number/, m);
  refuses(() => m.loadProblemCoords('112.5,26.9'), /coords: give a Float64Array or an array of numbers, got a string/, m);
  refuses(() => m.loadProblemCoords({}), /coords: give a Float64Array/, m);
  refuses(() => m.loadProblemCoords(two, new Uint8Array([1])), /severities: give one per lng, lat pair \(2\), got 1/, m);
  assert.equal(m.counts().problems, 0);
  const r = m.loadProblemCoords(two, [1, 3]);
  assert.equal(r.loaded, 2);
  m.free();
});

test('every method of a freed object throws a plain message, not a trap', () => {
  const m = new CivicMap();
  m.free();
  assert.throws(() => m.counts(), /null pointer passed to rust|object has been freed|destroyed/);
});

test('maps the caller forgets to free are freed by the garbage collector, and their memory reused', async () => {
  const v8 = await import('node:v8');
  const vm = await import('node:vm');
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc');
  const memory = () => wasm.memory.buffer.byteLength;
  const settle = async () => {
    for (let i = 0; i < 4; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const rounds = [];
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 12; i++) {
      const m = new CivicMap();
      m.loadCells(DEMO.cells);
      m.loadProblems(DEMO.problems);
    }
    await settle();
    rounds.push(memory());
  }
  // Twelve demo maps take about 60 MB; five rounds without the finaliser would
  // take five times the first round's growth.
  assert.ok(rounds[4] <= rounds[0] * 1.25, `wasm memory by round: ${rounds.map((b) => (b / 2 ** 20).toFixed(0)).join(', ')} MiB`);
});

test('a layer too large for one export string is refused and goes out in parts instead', () => {
  // 1.5 million problems write about 200 bytes each: past the 256 MiB budget whole,
  // in parts each part is small, and the parts joined are the export's bytes.
  const n = 1_500_000;
  const coords = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) { coords[2 * i] = 112.5 + (i % 1000) * 1e-4; coords[2 * i + 1] = 26.85 + Math.floor(i / 1000) * 1e-4; }
  const m = new CivicMap();
  m.loadProblemCoords(coords);
  refuses(() => m.exportProblems(), /the export would pass 2\d\d MB; write it in parts \(exportPart/, m);
  let bytes = 0, parts = 0, first = '', last = '';
  for (let p = 0; ; p++) {
    const text = m.exportPart('problems', p, { featuresPerPart: 50_000 });
    if (text === undefined) break;
    if (p === 0) first = text;
    last = text;
    bytes += Buffer.byteLength(text);
    parts++;
  }
  assert.equal(parts, 30);
  assert.ok(bytes > 256 * 2 ** 20, `${bytes} bytes`);
  assert.ok(first.startsWith('{"features":[{"geometry":{"coordinates":[112.5,26.85]'), first.slice(0, 80));
  assert.ok(last.endsWith('],"type":"FeatureCollection"}'), last.slice(-60));
  // A small layer: the parts joined are the whole export, byte for byte.
  const d = demo();
  for (const layer of ['cells', 'zones', 'points', 'problems']) {
    const whole = d[`export${layer[0].toUpperCase()}${layer.slice(1)}`]({ crs: 'gcj02' });
    let joined = '';
    for (let p = 0; ; p++) {
      const t = d.exportPart(layer, p, { crs: 'gcj02', featuresPerPart: 777 });
      if (t === undefined) break;
      joined += t;
    }
    assert.equal(joined, whole, layer);
  }
  refuses(() => d.exportPart('roads', 0), /argument `layer`: unknown layer `roads`; give cells, zones, points or problems/, d);
  refuses(() => d.exportPart('cells', -1), /part: give a whole number/, d);
  refuses(() => d.exportPart('cells', 0, { featuresPerPart: 0 }), /featuresPerPart: give a whole number from 1/, d);
  d.free();
  m.free();
});

test('a large file loads in slices with progress, can be cancelled, and finishes as its load* call', () => {
  const n = 20_000;
  const features = [];
  for (let i = 0; i < n; i++) {
    features.push({ type: 'Feature', id: `P${i}`, properties: { category: 'garbage', severity: 1 + (i % 3), found: '2026-11-01', deadline: '2026-11-05', status: i % 7 ? 'open' : 'closed' }, geometry: { type: 'Point', coordinates: [112.5 + (i % 100) * 1e-3, 26.85 + Math.floor(i / 100) * 5e-4] } });
  }
  features[5].properties.severity = 9; // one rejected, named as the whole load names it
  const text = JSON.stringify({ type: 'FeatureCollection', x_as_of: '2026-11-20', features });
  const whole = new CivicMap();
  const want = whole.loadProblems(text);
  // Sliced: progress grows, nothing changes on the map until the finish.
  const m = demo();
  const before = answers(m);
  const job = m.beginLoad('problems', text);
  let last = { bytes: 0, features: 0 }, steps = 0, p;
  do {
    p = job.step(1500);
    assert.ok(p.bytes >= last.bytes && p.features >= last.features && p.total === Buffer.byteLength(text), JSON.stringify(p));
    last = p;
    steps++;
    if (!p.done) assert.equal(answers(m), before);
  } while (!p.done);
  assert.equal(steps, Math.ceil(n / 1500));
  assert.equal(last.features, n);
  const got = m.finishLoad(job);
  assert.deepEqual(got, want);
  assert.equal(m.exportProblems(), whole.exportProblems());
  refuses(() => m.finishLoad(job), /job: this load is finished already/, m);
  // Cancelled half way: the old ledger stays.
  const kept = m.exportProblems();
  const other = m.beginLoad('problems', text.replace(/garbage/g, 'stalls'));
  other.step(3000);
  refuses(() => m.finishLoad(other), /not read to its end yet; call step until it says done/, m);
  other.free();
  assert.equal(m.exportProblems(), kept);
  // A broken file: the same whole-file error as loadProblems, at the finish.
  const broken = m.beginLoad('problems', text.slice(0, 5000));
  let bp;
  while (!(bp = broken.step(1000)).done);
  assert.equal(bp.bytes, 5000, 'a text read whole at the end counts as read');
  assert.equal(bp.total, 5000);
  assert.throws(() => whole.loadProblems(text.slice(0, 5000)), (e) => {
    assert.throws(() => m.finishLoad(broken), (f) => f.message === e.message);
    return true;
  });
  assert.equal(m.exportProblems(), kept);
  refuses(() => m.beginLoad('roads', '{}'), /argument `layer`: unknown layer `roads`/, m);
  // Cells in slices too: the demo's 11,252, as loadCells reads them.
  const cellsText = m.exportCells();
  const c = new CivicMap();
  const cj = c.beginLoad('cells', cellsText);
  let cs = 0;
  while (!cj.step(1000).done) cs++;
  assert.ok(cs >= 11, `${cs} steps`);
  assert.equal(c.finishLoad(cj).loaded, m.counts().cells);
  assert.equal(c.exportCells(), cellsText);
  cj.free();
  c.free();
  refuses(() => job.step(-1), /maxFeatures: give a whole number/, m);
  whole.free();
  m.free();
});
