// The first heatmap of many problems in Node: a module (DIR, default www/pkg) with
// the demo's grid, N seeded problems through loadProblemCoords, then two renders of
// a 1280 × 800 view in base system CRS (the first builds the heat cache). Prints
// load, first and second render times and wasm memory; run it on two builds to
// compare them.
//   node --max-old-space-size=8000 scripts/first-heat-timings.mjs [DIR] [N=10000000] [CRS=gcj02]
import fs from 'node:fs';
import path from 'node:path';
import { seededProblems } from './seeded-problems.mjs';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const [dirArg, nArg, crs = 'gcj02'] = process.argv.slice(2);
const dir = path.resolve(dirArg ?? path.join(root, 'www/pkg'));
const n = Number(nArg || 10_000_000);
const c = await import(`file://${dir}/civicmap.js`);
const wasm = c.initSync({ module: fs.readFileSync(path.join(dir, 'civicmap_bg.wasm')) });
const { coords, sev } = seededProblems(n);
const mib = () => Math.round(wasm.memory.buffer.byteLength / 2 ** 20);
const m = new c.CivicMap();
m.loadCells(fs.readFileSync(path.join(root, 'data/demo/cells.geojson'), 'utf8'));
const view = { lng: 112.58, lat: 26.895, zoom: 13, width: 1280, height: 800, pixelRatio: 1, baseCrs: crs };
const out = { dir, n, crs };
let t = performance.now();
m.loadProblemCoords(coords, sev);
out.loadMs = Math.round(performance.now() - t);
out.memoryAfterLoadMiB = mib();
t = performance.now();
m.renderHeatView(view, {});
out.firstHeatMs = Math.round(performance.now() - t);
t = performance.now();
m.renderHeatView(view, {});
out.secondHeatMs = Math.round(performance.now() - t);
out.memoryMiB = mib();
console.log(JSON.stringify(out));
