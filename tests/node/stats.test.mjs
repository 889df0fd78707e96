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

test('scores of the demo week through the JS API, and the core refusing bad options', () => {
  map.loadZones(read('zones.geojson'));
  const s = map.scores({ week: '2026-W47', by: 'street' });
  assert.equal(s.week, '2026-W47');
  assert.equal(s.asOf, '2026-11-20');
  assert.equal(s.end, '2026-11-20');
  assert.deepEqual([s.from, s.to, s.previousFrom, s.previousTo], ['2026-11-16', '2026-11-22', '2026-11-09', '2026-11-15']);
  assert.equal(s.units.length, 5);
  assert.equal(s.units.filter((u) => u.bottom).length, 3);
  for (let i = 1; i < s.units.length; i++) assert.ok(s.units[i - 1].score >= s.units[i].score);
  assert.deepEqual(s.weights, { open_inspection: 0.4, covert_inspection: 0.6, complaint: 0.5, media: 1 });
  const found = s.units.reduce((n, u) => n + u.tally.found, 0);
  assert.equal(found + s.unattributed, s.totals.found);
  // Default: the seven days ending on the ledger date.
  const d = map.scores({ by: 'community' });
  assert.deepEqual([d.from, d.to], ['2026-11-14', '2026-11-20']);
  assert.equal(d.units.length, 54);
  // 暗访 weighs what the options say.
  const w = map.scores({ week: '2026-W47', weights: { 暗访: 1, 明查: 0, complaint: 0, media: 0 } });
  assert.equal(w.totals.weighted, w.totals.bySource[1]);
  assert.throws(() => map.scores({ by: 'zone' }), /level/);
  assert.throws(() => map.scores({ week: '2026-W99' }), /no week 99/);
  assert.throws(() => map.scores({ wek: '2026-W47' }), /unknown field/);
});

test('problemsAt: the parts of a pixel sum to its density, largest first', () => {
  const view = { lng: 112.585, lat: 26.895, zoom: 14, width: 400, height: 300, pixelRatio: 1, baseCrs: 'wgs84' };
  const opts = { radiusM: 200, lastDays: 30 };
  let best = null;
  for (let y = 10; y < 300; y += 20) {
    for (let x = 10; x < 400; x += 20) {
      const r = map.problemsAt(view, x, y, opts, 1000);
      if (!best || r.density > best.density) best = r;
    }
  }
  assert.ok(best.count > 1);
  assert.ok(Math.abs(best.attributed / best.density - 1) < 1e-3);
  const sum = best.problems.reduce((s, p) => s + p.density, 0) + best.rest;
  assert.ok(Math.abs(sum - best.attributed) < 1e-9 * best.density + 1e-9);
  for (let i = 1; i < best.problems.length; i++) assert.ok(best.problems[i - 1].density >= best.problems[i].density);
  assert.throws(() => map.problemsAt(view, 400, 0, opts), /outside/);
  assert.throws(() => map.problemsAt(view, 1, 1, { mode: 'hex' }), /kernel/);
});
