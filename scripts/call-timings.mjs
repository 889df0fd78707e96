// Times a few hot calls of a built wasm package in Node (medians of 7): the index
// build, 10-nearest of 2,000 queries, the joins into cells and zones, a heatmap
// frame and an assignment map at 1024 × 768, the page's outline-and-zones raster
// (cell outlines, conflicts and zones, no fills) at 900 × 752 fitted (zoom 13,
// pixel ratio 1) and zoomed in (15.5, pixel ratio 2) with the zones alone, on
// 100,000 seeded points and the demo's cells and zones, and loadProblems of a
// 50,000-problem ledger (13 MB of GeoJSON, bench/geojson-rows.mjs's; LEDGER=200000
// for another size), with JSON.parse of the same text for scale. Compare two
// builds of the module:
//   node scripts/call-timings.mjs www/pkg
//   node scripts/call-timings.mjs /path/to/other/www/pkg
import fs from 'node:fs';
import path from 'node:path';
import { ledgerText } from '../bench/geojson-rows.mjs';
const dir = path.resolve(process.argv[2] ?? 'www/pkg');
const root = new URL('../', import.meta.url);
const civic = await import(`file://${dir}/civicmap.js`);
civic.initSync({ module: fs.readFileSync(`${dir}/civicmap_bg.wasm`) });
let seed = 7; const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
const n = 100000, pts = new Float64Array(2 * n);
for (let i = 0; i < n; i++) { pts[2*i] = 112.52 + rnd() * 0.12; pts[2*i+1] = 26.85 + rnd() * 0.09; }
const qs = new Float64Array(4000); for (let i = 0; i < 2000; i++) { qs[2*i] = 112.52 + rnd() * 0.12; qs[2*i+1] = 26.85 + rnd() * 0.09; }
const cells = fs.readFileSync(new URL('data/demo/cells.geojson', root), 'utf8');
const zones = fs.readFileSync(new URL('data/demo/zones.geojson', root), 'utf8');
const m = new civic.CivicMap(); m.loadCells(cells); m.loadZones(zones); m.loadProblemCoords(pts);
const med = (f, r = 7) => { const t = []; for (let i = 0; i < r; i++) { const a = performance.now(); f(); t.push(performance.now() - a); } t.sort((a, b) => a - b); return t[r >> 1].toFixed(1); };
const ledgerN = +(process.env.LEDGER ?? 50000);
const ledgerPts = new Float64Array(2 * ledgerN).map((_, i) => pts[i % pts.length]);
const ledger = ledgerText(ledgerN, ledgerPts);
const view = { lng: 112.58, lat: 26.895, zoom: 13, width: 1024, height: 768, pixelRatio: 1 };
const bare = { fillOpacity: 0, unassigned: false, cellOutlines: true, conflicts: true, zones: true };
const page = { lng: 112.58, lat: 26.895, zoom: 13, width: 900, height: 752, pixelRatio: 1 };
const deep = { ...page, zoom: 15.5, pixelRatio: 2 };
const out = {
  build: med(() => new civic.GeoIndex(pts).free()),
  nearestMany: med(() => { const g = new civic.GeoIndex(pts); g.nearestMany(qs, 10); g.free(); }),
  joinCells: med(() => m.joinCells(pts)),
  joinZones: med(() => m.joinZoneCounts(pts)),
  heat: med(() => m.renderHeat(view, { radiusM: 200 })),
  assign: med(() => m.renderAssignment(view, {}), 3),
  outlinesZones: med(() => m.renderAssignmentView(page, bare), 9),
  zonesDeep: med(() => m.renderAssignmentView(deep, { ...bare, cellOutlines: false, conflicts: false }), 9),
  loadProblems: med(() => { const c = new civic.CivicMap(); c.loadProblems(ledger); c.free(); }, 9),
  jsonParse: med(() => JSON.parse(ledger), 9),
};
console.log(dir.split('/').pop(), JSON.stringify(out));
