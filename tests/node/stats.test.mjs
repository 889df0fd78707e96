// Gi* hotspots through the JS API in Node: the demo's significant cells, the
// summary's counts agreeing with the cells listed, the map drawn, options checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
// Hotspots are in the tables module (www/pkg-tables/), loaded when a view asks.
import * as civic from '../../www/pkg-tables/civicmap.js';

const root = new URL('../../', import.meta.url);
civic.initSync({ module: fs.readFileSync(new URL('www/pkg-tables/civicmap_bg.wasm', root)) });
const read = (f) => fs.readFileSync(new URL(`data/demo/${f}`, root), 'utf8');

const map = new civic.CivicMap();
map.loadCells(read('cells.geojson'));
map.loadProblems(read('problems.geojson'));

test('hotspots of the demo: significant cells only, hottest first, counts that add up', () => {
  const h = map.hotspots({ from: '2026-10-21', to: '2026-11-20' });
  assert.ok(h.problems > 1000, `${h.problems}`);
  assert.equal(h.bandM, 300);
  assert.equal(h.fdr, true);
  assert.ok(h.hot[2] > 0, 'the demo has 99 % hot spots');
  assert.ok(h.cells.length > 0 && h.cells.every((c) => c.confidence !== 0));
  for (let i = 1; i < h.cells.length; i++) assert.ok(h.cells[i - 1].z >= h.cells[i].z);
  const at = (k) => h.cells.filter((c) => c.confidence >= k).length;
  assert.deepEqual([at(1), at(2), at(3)], h.hot);
  const cold = (k) => h.cells.filter((c) => c.confidence <= -k).length;
  assert.deepEqual([cold(1), cold(2), cold(3)], h.cold);
  assert.equal(h.legend.length, 7);
  assert.equal(h.legend[0].cells, h.hot[2]);
  // p-values agree with the cut: every listed cell's p is at or under the 90 % cut.
  assert.ok(h.cells.every((c) => c.p <= h.pCut[0]));
});

test('the hotspot map paints the hottest cell and refuses bad options', () => {
  const h = map.hotspots({});
  const hottest = h.cells[0];
  const cells = JSON.parse(map.exportCells());
  const f = cells.features.find((x) => x.id === hottest.cell);
  const ring = f.geometry.type === 'Polygon' ? f.geometry.coordinates[0] : f.geometry.coordinates[0][0];
  const lng = ring.reduce((s, p) => s + p[0], 0) / ring.length;
  const lat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
  const view = { lng, lat, zoom: 16, width: 64, height: 64, pixelRatio: 1, baseCrs: 'wgs84' };
  const rgba = map.renderHotspots(view, {});
  assert.equal(rgba.length, 64 * 64 * 4);
  const k = (32 * 64 + 32) * 4;
  assert.ok(rgba[k + 3] > 0 && rgba[k] > rgba[k + 2], `a hot (red) cell at the centre: ${rgba.slice(k, k + 4)}`);
  assert.throws(() => map.hotspots({ bandMetres: 300 }), /bandMetres/);
  assert.throws(() => map.hotspots({ bandM: -1 }), /bandM/);
  assert.throws(() => map.hotspots({ from: '2026-11-20', to: '2026-11-01' }), /window/);
});
