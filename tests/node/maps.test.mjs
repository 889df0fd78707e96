// Two CivicMaps on one page keep their own renderer state: a heatmap frame of one
// map leaves the other's stats, legend and cached splats as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as civic from '../../www/pkg/civicmap.js';

const root = new URL('../../', import.meta.url);
civic.initSync({ module: fs.readFileSync(new URL('www/pkg/civicmap_bg.wasm', root)) });
const { CivicMap } = civic;

function mapWith(n, spread) {
  const c = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    c[2 * i] = 112.58 + ((i * 7919) % 1000) / 1000 * spread;
    c[2 * i + 1] = 26.88 + ((i * 104729) % 1000) / 1000 * spread;
  }
  const m = new CivicMap();
  m.loadProblemCoords(c);
  return m;
}

test('two maps keep their own heat stats, legends and caches', () => {
  const view = { lng: 112.585, lat: 26.885, zoom: 14, width: 320, height: 200, pixelRatio: 1 };
  const options = { radiusPx: 12, asOf: '2026-11-23' };
  const a = mapWith(2000, 0.01);
  const b = mapWith(300, 0.004);
  const frameA = a.renderHeat(view, options);
  const statsA = a.heatStats();
  const legendA = a.heatLegend({});
  assert.equal(statsA.binned, 2000);
  const frameB = b.renderHeat(view, options);
  const statsB = b.heatStats();
  assert.equal(statsB.binned, 300);
  assert.notEqual(statsA.domainMax, statsB.domainMax);
  // A's frame, stats and legend are A's still.
  assert.deepEqual(a.heatStats(), statsA);
  assert.deepEqual(a.heatLegend({}), legendA);
  assert.notDeepEqual(b.heatLegend({}), legendA);
  // Each map's next frame is what it drew before (no cache of the other's problems).
  assert.deepEqual(a.renderHeat(view, options), frameA);
  assert.deepEqual(b.renderHeat(view, options), frameB);
  // A map that never drew has no stats of another's.
  const c = new CivicMap();
  assert.equal(c.heatStats().binned, 0);
  a.free();
  b.free();
  c.free();
});

// The heatmap's cache prepared a slice at a time (as the page does for millions of
// problems) gives the frame that preparing it at once gives, and a render in the
// middle of it finishes the rest.
test('prepareHeat in slices: progress to ready, then the same frame as at once', () => {
  const view = { lng: 112.585, lat: 26.885, zoom: 14, width: 320, height: 200, pixelRatio: 1, baseCrs: 'gcj02' };
  const options = { radiusPx: 12, asOf: '2026-11-23' };
  const whole = mapWith(5000, 0.01);
  const want = whole.renderHeat(view, options);
  const sliced = mapWith(5000, 0.01);
  let p = sliced.prepareHeat(view, 700, options);
  assert.equal(p.ready, false);
  assert.ok(p.done > 0 && p.done < p.total, JSON.stringify(p));
  let calls = 1;
  for (let last = p.done; !p.ready; calls++) {
    p = sliced.prepareHeat(view, 700, options);
    assert.ok(p.done >= last && p.done <= p.total, JSON.stringify(p));
    last = p.done;
  }
  assert.ok(calls >= 3 * 5000 / 700, `${calls} calls`);
  assert.deepEqual(sliced.prepareHeat(view, 700, options), { ready: true, done: p.total, total: p.total });
  assert.deepEqual(sliced.renderHeat(view, options), want);
  // Half prepared, then rendered: the render prepares the rest.
  const half = mapWith(5000, 0.01);
  for (let i = 0; i < 8; i++) half.prepareHeat(view, 700, options);
  assert.deepEqual(half.renderHeat(view, options), want);
  // Another base system starts again; a bad budget is an error, not a trap.
  assert.equal(half.prepareHeat({ ...view, baseCrs: 'wgs84' }, 10, options).ready, false);
  assert.throws(() => half.prepareHeat(view, -1, options), /budget: give a whole number/);
  for (const m of [whole, sliced, half]) m.free();
});
