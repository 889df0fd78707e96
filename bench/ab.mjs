// Two builds of the page's module in one Node process, taking turns run for run:
// `node bench/ab.mjs OLD_PKG_DIR NEW_PKG_DIR [n]`. The same seeded data as
// compare.mjs (data sets A and B of datasets.mjs); the index and join rows first
// check that both modules give the same answers (ids and their order; within
// sets), the heatmap row prints how many bytes of the two frames differ (f32
// sums in another order can move the automatic domain by a hair), then each
// prints the medians and new/old. For changes to civicmap itself; compare.mjs
// measures civicmap against the JS libraries.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { DATASETS } from './datasets.mjs';

const [oldDir, newDir] = process.argv.slice(2, 4);
const N = Number(process.argv[4] ?? 100_000);
const QUERIES = 2_000, RUNS = Number(process.env.RUNS ?? 9), WARMUP = 2;
if (!oldDir || !newDir) throw new Error('usage: node bench/ab.mjs OLD_PKG_DIR NEW_PKG_DIR [n]');

async function load(dir) {
  const url = pathToFileURL(path.resolve(dir) + '/');
  const m = await import(new URL('civicmap.js', url));
  const bytes = fs.readFileSync(new URL('civicmap_bg.wasm', url));
  m.initSync({ module: bytes });
  return m;
}
const mods = [await load(oldDir), await load(newDir)];
const root = new URL('../', import.meta.url);
const cellsText = fs.readFileSync(new URL('data/demo/cells.geojson', root), 'utf8');
const zonesText = fs.readFileSync(new URL('data/demo/zones.geojson', root), 'utf8');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function turns(fns) {
  for (let i = 0; i < WARMUP; i++) for (const f of fns) f();
  const t = fns.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    fns.forEach((f, k) => {
      const a = performance.now();
      f();
      t[k].push(performance.now() - a);
    });
  }
  return t.map(median);
}
const same = (a, b, what) => {
  if (a.length !== b.length) throw new Error(`${what}: lengths ${a.length} vs ${b.length}`);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) throw new Error(`${what}: differ at ${i}: ${a[i]} vs ${b[i]}`);
};
const out = [];
function report(data, what, [a, b]) {
  out.push({ data, what, oldMs: a, newMs: b, ratio: b / a });
  console.log(`[${data}] ${what}: old ${a.toFixed(2)} ms, new ${b.toFixed(2)} ms, new/old ${(b / a).toFixed(2)}`);
}

for (const set of DATASETS) {
  const c = set.problems(N, 42, set.box);
  const q = set.problems(QUERIES, 7, set.box);
  const idx = mods.map((m) => new m.GeoIndex(c));
  same(idx[0].nearestMany(q, 10), idx[1].nearestMany(q, 10), 'nearestMany 10');
  same(idx[0].nearestMany(q, 100), idx[1].nearestMany(q, 100), 'nearestMany 100');
  for (let j = 0; j < 200; j++) same(idx[0].nearest(q[2 * j], q[2 * j + 1], 10), idx[1].nearest(q[2 * j], q[2 * j + 1], 10), `nearest ${j}`);
  same(idx[0].withinCounts(q, 500), idx[1].withinCounts(q, 500), 'withinCounts');
  for (let j = 0; j < 200; j++) same([...idx[0].within(q[2 * j], q[2 * j + 1], 500)].sort(), [...idx[1].within(q[2 * j], q[2 * j + 1], 500)].sort(), `within ${j}`);
  report(set.name, `GeoIndex build ${N}`, turns(mods.map((m) => () => new m.GeoIndex(c).free())));
  report(set.name, `nearestMany 10 × ${QUERIES}`, turns(idx.map((g) => () => g.nearestMany(q, 10))));
  report(set.name, `nearest 10, a call each × ${QUERIES}`, turns(idx.map((g) => () => { for (let j = 0; j < QUERIES; j++) g.nearest(q[2 * j], q[2 * j + 1], 10); })));
  report(set.name, `withinCounts 500 m × ${QUERIES}`, turns(idx.map((g) => () => g.withinCounts(q, 500))));
  idx.forEach((g) => g.free());

  const maps = mods.map((m) => {
    const map = new m.CivicMap();
    map.loadCells(cellsText);
    map.loadZones(zonesText);
    return map;
  });
  const jc = set.problems(N, 43, [112.52, 26.84, 112.63, 26.95]);
  same(maps[0].joinCells(jc), maps[1].joinCells(jc), 'joinCells');
  same(maps[0].joinZoneCounts(jc), maps[1].joinZoneCounts(jc), 'joinZoneCounts');
  report(set.name, `joinCells ${N}`, turns(maps.map((m) => () => m.joinCells(jc))));
  report(set.name, `joinZoneCounts ${N}`, turns(maps.map((m) => () => m.joinZoneCounts(jc))));
  maps.forEach((m) => m.free());

  const hc = set.problems(N, 44, set.heatBox);
  const heat = mods.map((m) => {
    const map = new m.CivicMap();
    map.loadProblemCoords(hc);
    return map;
  });
  const probe = heat[0].fitBounds(new Float64Array(set.heatBox), 1024, 768, 0);
  const view = { lng: probe.lng, lat: probe.lat, zoom: probe.zoom, width: 1024, height: 768, pixelRatio: 1 };
  const frames = heat.map((m) => m.renderHeat(view, { radiusPx: 15 }));
  let diff = 0, maxd = 0;
  for (let i = 0; i < frames[0].length; i++) {
    const d = Math.abs(frames[0][i] - frames[1][i]);
    if (d) { diff++; maxd = Math.max(maxd, d); }
  }
  console.log(`[${set.name}] renderHeat: ${diff} of ${frames[0].length} bytes differ (at most by ${maxd})`);
  report(set.name, `renderHeat 1024×768 ${N}`, turns(heat.map((m) => () => m.renderHeat(view, { radiusPx: 15 }))));
  heat.forEach((m) => m.free());
}
console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} at the end`);
fs.writeFileSync(new URL('ab-results.json', import.meta.url), JSON.stringify({ oldDir, newDir, n: N, runs: RUNS, rows: out, loadavg: os.loadavg() }, null, 1));
