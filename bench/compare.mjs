// civicmap against the JS libraries an integrator would otherwise wire together,
// in one Node process, on the same seeded data. Every pair first checks that both
// sides return the same results, then times them: the two sides take turns, run
// for run, and each gets the median of its runs after warm-up, so a change in the
// machine's load hits both alike. `node compare.mjs` (full) or `node compare.mjs
// --quick` (CI).
//
// Two data sets (see datasets.mjs): A, the demo's shape (60 % in 40 hotspots of
// ±0.004°, the rest uniform over 蒸湘区); B, tight clusters at fixed spots (85 %,
// σ 25 m, a tenth at the very spot) over a uniform scatter — a ledger where most
// problems are booked at inspection points.
//
// Writes the table to stdout and to bench/results.md and results.json (with --quick,
// to target/bench/results-quick.*).
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import zlib from 'node:zlib';
import { performance } from 'node:perf_hooks';
import RBush from 'rbush';
import Flatbush from 'flatbush';
import KDBush from 'kdbush';
import * as geokdbush from 'geokdbush';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import tag from '@turf/tag';
import { pathToFileURL } from 'node:url';
import { stampHeat, binBlurHeat } from './js-heat.mjs';
import { mulberry32, DATASETS } from './datasets.mjs';

const quick = process.argv.includes('--quick');
const root = new URL('../', import.meta.url);
// CIVICMAP_PKG=dir measures another build of the page's module (default www/pkg).
const pkg = process.env.CIVICMAP_PKG ? pathToFileURL(path.resolve(process.env.CIVICMAP_PKG) + '/') : new URL('www/pkg/', root);
const civic = await import(new URL('civicmap.js', pkg));
const wasmBytes = fs.readFileSync(new URL('civicmap_bg.wasm', pkg));
civic.initSync({ module: wasmBytes });

const SIZES = quick ? [100_000] : [100_000, 1_000_000];
const QUERIES = quick ? 2_000 : 10_000;
const RUNS = quick ? 3 : 7;
const WARMUP = quick ? 1 : 2;

// ---- the city: demo grid and zones when present, else a synthetic grid ---------
function loadCity() {
  const cellsUrl = new URL('data/demo/cells.geojson', root);
  const zonesUrl = new URL('data/demo/zones.geojson', root);
  if (fs.existsSync(cellsUrl) && fs.existsSync(zonesUrl)) {
    return { source: 'data/demo (蒸湘区 unit grid)', cellsText: fs.readFileSync(cellsUrl, 'utf8'), zonesText: fs.readFileSync(zonesUrl, 'utf8') };
  }
  const step = 0.001;
  const feats = [];
  for (let j = 0; j < 110; j++) {
    for (let i = 0; i < 110; i++) {
      const x = 112.52 + i * step;
      const y = 26.84 + j * step;
      feats.push({ type: 'Feature', id: `c${String(j).padStart(3, '0')}${String(i).padStart(3, '0')}`, properties: {}, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + step, y], [x + step, y + step], [x, y + step], [x, y]]] } });
    }
  }
  const r = mulberry32(9);
  const zones = Array.from({ length: 50 }, (_, k) => {
    const x = 112.52 + r() * 0.09, y = 26.84 + r() * 0.09, w = 0.005 + r() * 0.015, h = 0.005 + r() * 0.015;
    return { type: 'Feature', id: `z${k}`, properties: { owner: `l${k}`, level: 1 + (k % 4) }, geometry: { type: 'Polygon', coordinates: [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]] } };
  });
  return { source: 'synthetic 110 × 110 grid of 0.001° cells, 50 zones', cellsText: JSON.stringify({ type: 'FeatureCollection', features: feats }), zonesText: JSON.stringify({ type: 'FeatureCollection', features: zones }) };
}

// ---- timing ---------------------------------------------------------------------
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
/** Medians of `fns`, run in turn (a, b, c, a, b, c, ...) after warm-ups. */
// Runs of short operations (a 100k build takes 7 ms) are many: as many as fill
// FILL_MS for the slower side, from RUNS up to MAX_RUNS, so that one stall of the
// machine moves no median. Both sides get the same number.
const FILL_MS = quick ? 0 : 1500;
const MAX_RUNS = 41;
function timeTurns(fns, runs) {
  let slowest = 0;
  for (let i = 0; i < WARMUP; i++) {
    for (const f of fns) {
      const a = performance.now();
      f();
      slowest = Math.max(slowest, performance.now() - a);
    }
  }
  runs ??= Math.min(MAX_RUNS, Math.max(RUNS, Math.ceil(FILL_MS / Math.max(slowest, 1e-3))));
  const t = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    fns.forEach((f, k) => {
      const a = performance.now();
      f();
      t[k].push(performance.now() - a);
    });
  }
  return t.map(median);
}
function time(fn, runs) {
  return timeTurns([fn], runs)[0];
}

const rows = [];
let DATA = 'A';
function row(what, n, peer, peerMs, civicWhat, civicMs) {
  const r = { data: DATA, what, n, peer, peerMs, civic: civicWhat, civicMs, ratio: civicMs / peerMs };
  rows.push(r);
  console.error(`[${DATA}] ${what} ${n}: ${peer} ${peerMs.toFixed(1)} ms, ${civicWhat} ${civicMs.toFixed(1)} ms, ratio ${r.ratio.toFixed(2)}`);
}
function check(cond, msg) {
  if (!cond) throw new Error(`results differ: ${msg}`);
}

const R_KM = 0.5;
// geokdbush uses R = 6371 km, civicmap 6371.0088 km: the same angle on both.
const R_CIVIC_M = 500 * (6371.0088 / 6371);

for (const set of DATASETS) {
 DATA = set.name;
 for (const n of SIZES) {
  const c = set.problems(n, 42, set.box);
  const q = set.problems(QUERIES, 7, set.box);

  // ---- index build ----
  const items = Array.from({ length: n }, (_, i) => ({ minX: c[2 * i], minY: c[2 * i + 1], maxX: c[2 * i], maxY: c[2 * i + 1], i }));
  const buildKd = () => {
    const kd = new KDBush(n);
    for (let i = 0; i < n; i++) kd.add(c[2 * i], c[2 * i + 1]);
    kd.finish();
    return kd;
  };
  const buildFlat = () => {
    const fb = new Flatbush(n);
    for (let i = 0; i < n; i++) fb.add(c[2 * i], c[2 * i + 1], c[2 * i], c[2 * i + 1]);
    fb.finish();
    return fb;
  };
  const buildCivic = () => new civic.GeoIndex(c);
  // rbush (17 times slower) in turns of its own, so that the close rows get as many
  // runs as their own time allows.
  const [tRbush, tCivicR] = timeTurns([() => new RBush().load(items), () => buildCivic().free()]);
  const [tFlat, tKd, tCivic] = timeTurns([buildFlat, buildKd, () => buildCivic().free()]);
  row('index build', n, 'rbush.load', tRbush, 'GeoIndex', tCivicR);
  row('index build', n, 'flatbush', tFlat, 'GeoIndex', tCivic);
  row('index build', n, 'kdbush', tKd, 'GeoIndex', tCivic);

  const kd = buildKd();
  const gi = buildCivic();

  // ---- k nearest, geodesic ----
  for (let j = 0; j < Math.min(QUERIES, 500); j++) {
    const a = geokdbush.around(kd, q[2 * j], q[2 * j + 1], 10);
    const b = gi.nearest(q[2 * j], q[2 * j + 1], 10);
    const da = a.map((i) => geokdbush.distance(q[2 * j], q[2 * j + 1], c[2 * i], c[2 * i + 1]));
    const db = Array.from(b, (i) => geokdbush.distance(q[2 * j], q[2 * j + 1], c[2 * i], c[2 * i + 1]));
    check(a.length === b.length && da.every((d, k) => Math.abs(d - db[k]) < 1e-9), `nearest at query ${j}`);
  }
  {
    const many = gi.nearestMany(q, 10);
    for (let j = 0; j < Math.min(QUERIES, 500); j++) {
      const b = gi.nearest(q[2 * j], q[2 * j + 1], 10);
      check(b.every((v, k) => v === many[10 * j + k]), `nearestMany at query ${j}`);
    }
  }
  const [geoNearest, eachNearest, manyNearest] = timeTurns([
    () => {
      for (let j = 0; j < QUERIES; j++) geokdbush.around(kd, q[2 * j], q[2 * j + 1], 10);
    },
    () => {
      for (let j = 0; j < QUERIES; j++) gi.nearest(q[2 * j], q[2 * j + 1], 10);
    },
    () => gi.nearestMany(q, 10),
  ]);
  row(`10 nearest × ${QUERIES}`, n, 'geokdbush.around', geoNearest, 'GeoIndex.nearest (a call each)', eachNearest);
  row(`10 nearest × ${QUERIES}`, n, 'geokdbush.around', geoNearest, 'GeoIndex.nearestMany (one call)', manyNearest);

  // ---- radius ----
  const counts = gi.withinCounts(q, R_CIVIC_M);
  for (let j = 0; j < QUERIES; j++) {
    const a = geokdbush.around(kd, q[2 * j], q[2 * j + 1], Infinity, R_KM).length;
    check(a === counts[j], `radius count at query ${j}: ${a} vs ${counts[j]}`);
    if (j < 200) check(gi.within(q[2 * j], q[2 * j + 1], R_CIVIC_M).length === counts[j], `within at query ${j}`);
  }
  const radiusRuns = n >= 1_000_000 ? Math.min(RUNS, 3) : RUNS;
  const [geoRadius, eachRadius, countRadius] = timeTurns([
    () => {
      for (let j = 0; j < QUERIES; j++) geokdbush.around(kd, q[2 * j], q[2 * j + 1], Infinity, R_KM);
    },
    () => {
      for (let j = 0; j < QUERIES; j++) gi.within(q[2 * j], q[2 * j + 1], R_CIVIC_M);
    },
    () => gi.withinCounts(q, R_CIVIC_M),
  ], radiusRuns);
  row(`within 500 m × ${QUERIES}`, n, 'geokdbush.around', geoRadius, 'GeoIndex.within (a call each)', eachRadius);
  row(`within 500 m × ${QUERIES}`, n, 'geokdbush.around', geoRadius, 'GeoIndex.withinCounts (one call)', countRadius);
  gi.free();
 }
}

// ---- spatial join into the grid and the zones -------------------------------------
{
  const city = loadCity();
  const cells = JSON.parse(city.cellsText).features;
  const zones = JSON.parse(city.zonesText).features;
  const map = new civic.CivicMap();
  check(map.loadCells(city.cellsText).rejected.length === 0, 'cells load');
  check(map.loadZones(city.zonesText).rejected.length === 0, 'zones load');
  const bounds = (f) => {
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    for (const p of polys) for (const [x, y] of p[0]) { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); }
    return [x0, y0, x1, y1];
  };
  const fbCells = new Flatbush(cells.length);
  for (const f of cells) fbCells.add(...bounds(f));
  fbCells.finish();
  const fbZones = new Flatbush(zones.length);
  for (const f of zones) fbZones.add(...bounds(f));
  fbZones.finish();
  const extent = cells.map(bounds).reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
  // turf: the smallest id among the cells holding the point (civicmap's rule).
  const turfCells = (c) => {
    const out = new Uint32Array(c.length / 2);
    for (let i = 0; i < out.length; i++) {
      const pt = [c[2 * i], c[2 * i + 1]];
      let best = 0xffffffff;
      for (const k of fbCells.search(pt[0], pt[1], pt[0], pt[1])) {
        if (booleanPointInPolygon(pt, cells[k]) && (best === 0xffffffff || cells[k].id < cells[best].id)) best = k;
      }
      out[i] = best;
    }
    return out;
  };
  const turfZoneCounts = (c) => {
    const out = new Uint8Array(c.length / 2);
    for (let i = 0; i < out.length; i++) {
      const pt = [c[2 * i], c[2 * i + 1]];
      for (const k of fbZones.search(pt[0], pt[1], pt[0], pt[1])) if (booleanPointInPolygon(pt, zones[k])) out[i]++;
    }
    return out;
  };
  for (const set of DATASETS) for (const n of SIZES) {
    DATA = set.name;
    const c = set.problems(n, 43, extent);
    const a = turfCells(c);
    const b = map.joinCells(c);
    let diff = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
    check(diff === 0, `join into cells: ${diff} of ${n} differ`);
    const za = turfZoneCounts(c);
    const zb = map.joinZoneCounts(c);
    let zdiff = 0;
    for (let i = 0; i < za.length; i++) if (za[i] !== zb[i]) zdiff++;
    check(zdiff === 0, `join into zones: ${zdiff} of ${n} differ`);
    const runs = n >= 1_000_000 ? 3 : RUNS;
    const [turfC, civicC] = timeTurns([() => turfCells(c), () => map.joinCells(c)], runs);
    row(`join into ${cells.length} cells`, n, 'flatbush + turf PIP', turfC, 'CivicMap.joinCells', civicC);
    const [turfZ, civicZ] = timeTurns([() => turfZoneCounts(c), () => map.joinZoneCounts(c)], runs);
    row(`join into ${zones.length} zones`, n, 'flatbush + turf PIP', turfZ, 'CivicMap.joinZoneCounts', civicZ);
    if (n === 100_000 && !quick && set === DATASETS[0]) {
      // @turf/tag scans every polygon for every point: zones only, once.
      const pts = { type: 'FeatureCollection', features: Array.from({ length: n }, (_, i) => ({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [c[2 * i], c[2 * i + 1]] } })) };
      const zfc = { type: 'FeatureCollection', features: zones.map((z) => ({ ...z, properties: { ...z.properties, zid: z.id } })) };
      row(`join into ${zones.length} zones`, n, '@turf/tag (reference)', time(() => tag(pts, zfc, 'zid', 'zone'), 1), 'CivicMap.joinZoneCounts', time(() => map.joinZoneCounts(c)));
    }
  }
  var citySource = city.source;
}

// ---- kernel-density heatmap into 1024 × 768 -----------------------------------------
if (typeof civic.CivicMap.prototype.renderHeat === 'function') {
  const { heatRows } = await import('./heat-rows.mjs');
  for (const set of DATASETS) {
    DATA = set.name;
    for (const r of await heatRows({ civic, problems: set.problems, SIZES, timeTurns, check, BOX: set.heatBox, stampHeat, binBlurHeat })) row(...r);
  }
}

// ---- GeoJSON text → loaded and indexed ------------------------------------------------
{
  const { geojsonRows } = await import('./geojson-rows.mjs');
  const sizes = quick ? [50_000] : [50_000, 200_000];
  for (const set of DATASETS) {
    DATA = set.name;
    for (const r of await geojsonRows({ civic, Flatbush, problems: set.problems, sizes, timeTurns, check, BOX: set.box })) row(...r);
  }
}

// ---- size ----------------------------------------------------------------------------
const gz = zlib.gzipSync(wasmBytes, { level: 9 }).length;

// ---- report ---------------------------------------------------------------------------
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`);
const lines = [
  `| data | operation | n | peer | peer | civicmap | civicmap/peer |`,
  `| --- | --- | ---: | --- | ---: | ---: | ---: |`,
  ...rows.map((r) => `| ${r.data} | ${r.what} | ${r.n.toLocaleString('en')} | ${r.peer} | ${fmt(r.peerMs)} | ${fmt(r.civicMs)} (${r.civic}) | ${r.ratio.toFixed(2)} |`),
];
const head = [
  `Node ${process.version}, ${os.cpus()[0].model}, ${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} at the end (1, 5, 15 min); medians of ${RUNS} runs after ${WARMUP} warm-up${FILL_MS ? ` (up to ${MAX_RUNS} for operations under ${Math.round(FILL_MS / RUNS)} ms, as many as fill ${FILL_MS} ms)` : ''}, the two sides taking turns${quick ? ' (quick configuration)' : ''}.`,
  ...DATASETS.map((d) => `Data ${d.name}: ${d.about}`),
  `City for the joins: ${citySource}. wasm: ${wasmBytes.length.toLocaleString('en')} bytes, ${gz.toLocaleString('en')} gzipped by Node's zlib at level 9 (the budget is measured with gzip -9, which gives less: README, Size).`,
  '',
];
const text = [...head, ...lines].join('\n');
console.log(text);
// The quick run (scripts/test.sh) writes under target/, never over the tracked results.
const outDir = new URL(quick ? '../target/bench/' : './', import.meta.url);
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(new URL(quick ? 'results-quick.md' : 'results.md', outDir), text + '\n');
fs.writeFileSync(new URL(quick ? 'results-quick.json' : 'results.json', outDir), JSON.stringify({ rows, wasmBytes: wasmBytes.length, wasmGzip: gz, citySource, node: process.version, loadavg: os.loadavg() }, null, 1));
const losing = rows.filter((r) => r.ratio >= 1);
console.log(losing.length ? `\nNot yet ahead: ${losing.map((r) => `[${r.data}] ${r.what} ${r.n} vs ${r.peer}`).join('; ')}` : '\ncivicmap is ahead on every row');
// The target of issue 16: at least 2× ahead of the best peer of each row (reference rows aside).
const thin = rows.filter((r) => r.ratio > 0.5 && !r.peer.includes('reference'));
console.log(thin.length ? `Less than 2× ahead: ${thin.map((r) => `[${r.data}] ${r.what} ${r.n} vs ${r.peer} (${(1 / r.ratio).toFixed(2)}×)`).join('; ')}` : 'civicmap is at least 2× ahead on every row');
