// civicmap against the JS libraries an integrator would otherwise wire together,
// in one Node process, on the same seeded data. Every pair first checks that both
// sides return the same results, then times them: the median of several runs
// after warm-up. `node compare.mjs` (full) or `node compare.mjs --quick` (CI).
//
// Writes the table to stdout and to bench/results.md and results.json.
import fs from 'node:fs';
import os from 'node:os';
import zlib from 'node:zlib';
import { performance } from 'node:perf_hooks';
import RBush from 'rbush';
import Flatbush from 'flatbush';
import KDBush from 'kdbush';
import * as geokdbush from 'geokdbush';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import tag from '@turf/tag';
import * as civic from '../www/pkg/civicmap.js';
import { stampHeat, binBlurHeat } from './js-heat.mjs';

const quick = process.argv.includes('--quick');
const root = new URL('../', import.meta.url);
const wasmBytes = fs.readFileSync(new URL('www/pkg/civicmap_bg.wasm', root));
civic.initSync({ module: wasmBytes });

const SIZES = quick ? [100_000] : [100_000, 1_000_000];
const QUERIES = quick ? 2_000 : 10_000;
const RUNS = quick ? 3 : 7;
const WARMUP = quick ? 1 : 2;

// ---- seeded data (mulberry32, as in flatbush's benches) ------------------------
function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Problems over the demo district's extent, 60% of them in 40 hotspots. */
function problems(n, seed, box) {
  const r = mulberry32(seed);
  const [x0, y0, x1, y1] = box;
  const hot = Array.from({ length: 40 }, () => [x0 + r() * (x1 - x0), y0 + r() * (y1 - y0)]);
  const c = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    if (r() < 0.6) {
      const h = hot[Math.floor(r() * hot.length)];
      c[2 * i] = h[0] + (r() - 0.5) * 0.008;
      c[2 * i + 1] = h[1] + (r() - 0.5) * 0.008;
    } else {
      c[2 * i] = x0 + r() * (x1 - x0);
      c[2 * i + 1] = y0 + r() * (y1 - y0);
    }
  }
  return c;
}

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
function time(fn, runs = RUNS) {
  for (let i = 0; i < WARMUP; i++) fn();
  const t = [];
  for (let i = 0; i < runs; i++) {
    const a = performance.now();
    fn();
    t.push(performance.now() - a);
  }
  return median(t);
}

const rows = [];
function row(what, n, peer, peerMs, civicWhat, civicMs) {
  const r = { what, n, peer, peerMs, civic: civicWhat, civicMs, ratio: civicMs / peerMs };
  rows.push(r);
  console.error(`${what} ${n}: ${peer} ${peerMs.toFixed(1)} ms, ${civicWhat} ${civicMs.toFixed(1)} ms, ratio ${r.ratio.toFixed(2)}`);
}
function check(cond, msg) {
  if (!cond) throw new Error(`results differ: ${msg}`);
}

const BOX = [112.52, 26.84, 112.63, 26.95];
const R_KM = 0.5;
// geokdbush uses R = 6371 km, civicmap 6371.0088 km: the same angle on both.
const R_CIVIC_M = 500 * (6371.0088 / 6371);

for (const n of SIZES) {
  const c = problems(n, 42, BOX);
  const q = problems(QUERIES, 7, BOX);

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
  const civicBuild = time(() => buildCivic().free());
  row('index build', n, 'rbush.load', time(() => new RBush().load(items)), 'GeoIndex', civicBuild);
  row('index build', n, 'flatbush', time(buildFlat), 'GeoIndex', civicBuild);
  row('index build', n, 'kdbush', time(buildKd), 'GeoIndex', civicBuild);

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
  const geoNearest = time(() => {
    for (let j = 0; j < QUERIES; j++) geokdbush.around(kd, q[2 * j], q[2 * j + 1], 10);
  });
  row(`10 nearest × ${QUERIES}`, n, 'geokdbush.around', geoNearest, 'GeoIndex.nearest (a call each)', time(() => {
    for (let j = 0; j < QUERIES; j++) gi.nearest(q[2 * j], q[2 * j + 1], 10);
  }));
  row(`10 nearest × ${QUERIES}`, n, 'geokdbush.around', geoNearest, 'GeoIndex.nearestMany (one call)', time(() => gi.nearestMany(q, 10)));

  // ---- radius ----
  const counts = gi.withinCounts(q, R_CIVIC_M);
  for (let j = 0; j < QUERIES; j++) {
    const a = geokdbush.around(kd, q[2 * j], q[2 * j + 1], Infinity, R_KM).length;
    check(a === counts[j], `radius count at query ${j}: ${a} vs ${counts[j]}`);
  }
  const geoRadius = time(() => {
    for (let j = 0; j < QUERIES; j++) geokdbush.around(kd, q[2 * j], q[2 * j + 1], Infinity, R_KM);
  });
  row(`within 500 m × ${QUERIES}`, n, 'geokdbush.around', geoRadius, 'GeoIndex.within (a call each)', time(() => {
    for (let j = 0; j < QUERIES; j++) gi.within(q[2 * j], q[2 * j + 1], R_CIVIC_M);
  }));
  row(`within 500 m × ${QUERIES}`, n, 'geokdbush.around', geoRadius, 'GeoIndex.withinCounts (one call)', time(() => gi.withinCounts(q, R_CIVIC_M)));
  gi.free();
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
  for (const n of SIZES) {
    const c = problems(n, 43, extent);
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
    row(`join into ${cells.length} cells`, n, 'flatbush + turf PIP', time(() => turfCells(c), runs), 'CivicMap.joinCells', time(() => map.joinCells(c), runs));
    row(`join into ${zones.length} zones`, n, 'flatbush + turf PIP', time(() => turfZoneCounts(c), runs), 'CivicMap.joinZoneCounts', time(() => map.joinZoneCounts(c), runs));
    if (n === 100_000 && !quick) {
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
  for (const r of await heatRows({ civic, problems, SIZES, time, check, BOX, stampHeat, binBlurHeat })) row(...r);
}

// ---- GeoJSON text → loaded and indexed ------------------------------------------------
{
  const { geojsonRows } = await import('./geojson-rows.mjs');
  const sizes = quick ? [50_000] : [50_000, 200_000];
  for (const r of await geojsonRows({ civic, Flatbush, problems, sizes, time, check, BOX })) row(...r);
}

// ---- size ----------------------------------------------------------------------------
const gz = zlib.gzipSync(wasmBytes, { level: 9 }).length;

// ---- report ---------------------------------------------------------------------------
const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`);
const lines = [
  `| operation | n | peer | peer | civicmap | civicmap/peer |`,
  `| --- | ---: | --- | ---: | ---: | ---: |`,
  ...rows.map((r) => `| ${r.what} | ${r.n.toLocaleString('en')} | ${r.peer} | ${fmt(r.peerMs)} | ${fmt(r.civicMs)} (${r.civic}) | ${r.ratio.toFixed(2)} |`),
];
const head = [
  `Node ${process.version}, ${os.cpus()[0].model}, ${os.cpus().length} cores, ${new Date().toISOString().slice(0, 10)}; medians of ${RUNS} runs after ${WARMUP} warm-up${quick ? ' (quick configuration)' : ''}.`,
  `City for the joins: ${citySource}. wasm: ${wasmBytes.length.toLocaleString('en')} bytes, ${gz.toLocaleString('en')} gzipped.`,
  '',
];
const text = [...head, ...lines].join('\n');
console.log(text);
fs.writeFileSync(new URL(quick ? 'results-quick.md' : 'results.md', import.meta.url), text + '\n');
fs.writeFileSync(new URL(quick ? 'results-quick.json' : 'results.json', import.meta.url), JSON.stringify({ rows, wasmBytes: wasmBytes.length, wasmGzip: gz, citySource, node: process.version }, null, 1));
const losing = rows.filter((r) => r.ratio >= 1);
console.log(losing.length ? `\nNot yet ahead: ${losing.map((r) => `${r.what} ${r.n} vs ${r.peer}`).join('; ')}` : '\ncivicmap is ahead on every row');
