// The GeoJSON reader through the JS API: the file as text or bytes, a byte-order
// mark, refusing a file with nothing valid in it, made-up ids that never take a
// given one, strict dates, rings that cross themselves (issue 17's reader items).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as civic from '../../www/pkg/civicmap.js';

const root = new URL('../../', import.meta.url);
civic.initSync({ module: fs.readFileSync(new URL('www/pkg/civicmap_bg.wasm', root)) });
const { CivicMap } = civic;

const fc = (features, extra = {}) => JSON.stringify({ type: 'FeatureCollection', ...extra, features });
const square = (x, y, s) => ({ type: 'Polygon', coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]] });
const pt = (x, y) => ({ type: 'Point', coordinates: [x, y] });
const cell = (id, x) => ({ type: 'Feature', ...(id === undefined ? {} : { id }), properties: { name: `格${x}` }, geometry: square(112.6 + x * 0.001, 26.9, 0.001) });
const ids = (m) => JSON.parse(m.exportCells()).features.map((f) => f.id);

test('a byte-order mark is skipped, in text and in bytes', () => {
  const text = '\ufeff' + fc([cell('a', 0), cell('b', 1)], { x_district: '蒸湘区' });
  const m = new CivicMap();
  assert.deepEqual(m.loadCells(text), { loaded: 2, rejected: [] });
  const bytes = new TextEncoder().encode(text);
  assert.deepEqual([bytes[0], bytes[1], bytes[2]], [0xef, 0xbb, 0xbf]);
  assert.deepEqual(m.loadCells(bytes), { loaded: 2, rejected: [] });
  assert.equal(m.loadOwners('\ufeff[{"id":"li","name":"李娜"}]').loaded, 1);
  assert.deepEqual(ids(m), ['a', 'b']);
});

test('the file may be passed as its UTF-8 bytes; other bytes are refused by name', () => {
  const m = new CivicMap();
  const text = fc([cell('网格-1', 0)]);
  assert.equal(m.loadCells(new TextEncoder().encode(text)).loaded, 1);
  assert.deepEqual(ids(m), ['网格-1']);
  const latin1 = new Uint8Array([...new TextEncoder().encode(text.slice(0, -2)), 0xe9, 0x5d, 0x7d]);
  assert.throws(() => m.loadCells(latin1), /text: not UTF-8 text \(byte \d+ is not\); save the file as UTF-8/);
  assert.throws(() => m.loadCells(42), /text: give the file's text \(a string\) or its bytes \(a Uint8Array\)/);
  assert.deepEqual(ids(m), ['网格-1'], 'a refused call changes nothing');
});

test('a file whose every feature is rejected is refused and the layer kept, unless allowEmpty', () => {
  const m = new CivicMap();
  m.loadCells(fc([cell('a', 0), cell('b', 1)]));
  const bad = fc([{ type: 'Feature', id: 'x', properties: {}, geometry: pt(112.6, 26.9) }, { type: 'Feature', id: 'y', properties: {}, geometry: null }]);
  assert.throws(() => m.loadCells(bad), (e) => /^nothing loaded: all 2 features of the file were rejected \(first: feature 0 \(id x\): field `geometry`: expected a Polygon or MultiPolygon, got Point\); the cells already loaded are kept/.test(e.message));
  assert.deepEqual(ids(m), ['a', 'b']);
  assert.equal(m.counts().cells, 2);
  const r = m.loadCells(bad, { allowEmpty: true });
  assert.deepEqual(r.rejected.map((x) => [x.index, x.id, x.field]), [[0, 'x', 'geometry'], [1, 'y', 'geometry']]);
  assert.equal(m.counts().cells, 0);
  // An empty collection is an empty layer on purpose.
  m.loadCells(fc([cell('a', 0)]));
  assert.deepEqual(m.loadCells(fc([])), { loaded: 0, rejected: [] });
  assert.equal(m.counts().cells, 0);
  // The same for the other loaders.
  m.loadProblemCoords(new Float64Array([112.6, 26.9]));
  assert.throws(() => m.loadProblemCoords(new Float64Array([NaN, 26.9, 300, 0])), /nothing loaded: all 2 features/);
  assert.equal(m.counts().problems, 1);
  m.loadOwners('[{"id":"li"}]');
  assert.throws(() => m.loadOwners('[{"name":"无名"}]'), /nothing loaded.*every owner needs an id/);
  assert.equal(m.counts().owners, 1);
});

test('a made-up id never takes an id the file gives', () => {
  const m = new CivicMap();
  // Feature 1 has no id; another feature is given `cell-1` explicitly.
  const r = m.loadCells(fc([cell('a', 0), cell(undefined, 1), cell('cell-1', 2), cell(undefined, 3), cell('cell-3-2', 4)]));
  assert.deepEqual(r, { loaded: 5, rejected: [] });
  assert.deepEqual(ids(m), ['a', 'cell-1-2', 'cell-1', 'cell-3', 'cell-3-2']);
  // The given id may come first, too; and rejected features keep made-up ids for their rows.
  const r2 = m.loadCells(fc([cell('cell-1', 0), cell(undefined, 1), { type: 'Feature', properties: {}, geometry: null }]));
  assert.deepEqual(r2.rejected.map((x) => [x.index, x.id, x.field]), [[2, 'cell-2', 'geometry']]);
  assert.deepEqual(ids(m), ['cell-1', 'cell-1-2']);
});

test('dates are YYYY-MM-DD and nothing else, in data and in asOf', () => {
  const m = new CivicMap();
  const problem = (id, found) => ({ type: 'Feature', id, properties: { found }, geometry: pt(112.6, 26.9) });
  const r = m.loadProblems(fc([problem('ok', '2026-01-01'), problem('signs', '2026-+1-+1'), problem('year', '+202-01-01'), problem('short', '2026-1-1')]));
  assert.equal(r.loaded, 1);
  assert.deepEqual(r.rejected.map((x) => [x.id, x.field]), [['signs', 'found'], ['year', 'found'], ['short', 'found']]);
  assert.match(r.rejected[0].reason, /`2026-\+1-\+1` is not a date; write YYYY-MM-DD/);
  for (const asOf of ['2026-+1-+1', '+202-01-01', '-202-01-01', '2026-01-01junk']) {
    assert.throws(() => m.workload(asOf), /asOf: .* is not a date; write YYYY-MM-DD/, asOf);
    assert.throws(() => m.nearestProblems(112.6, 26.9, 1, { asOf }), /is not a date/, asOf);
  }
  assert.equal(m.nearestProblems(112.6, 26.9, 1, { asOf: '2026-02-01' }).length, 1);
});

test('a ring that crosses itself is rejected with where; one that only touches itself loads', () => {
  const m = new CivicMap();
  // A figure-eight with lobes of different sizes (equal lobes would cancel to no area).
  const bowtie = { type: 'Feature', id: 'bowtie', properties: {}, geometry: { type: 'Polygon', coordinates: [[[112.6, 26.9], [112.604, 26.903], [112.604, 26.9], [112.6, 26.901], [112.6, 26.9]]] } };
  // Two squares meeting at one corner, written as one ring.
  const pinched = { type: 'Feature', id: 'pinched', properties: {}, geometry: { type: 'Polygon', coordinates: [[[112.61, 26.9], [112.611, 26.9], [112.611, 26.901], [112.612, 26.901], [112.612, 26.902], [112.611, 26.902], [112.611, 26.901], [112.61, 26.901], [112.61, 26.9]]] } };
  const r = m.loadCells(fc([bowtie, pinched]));
  assert.equal(r.loaded, 1);
  assert.deepEqual(r.rejected.map((x) => [x.id, x.field]), [['bowtie', 'geometry']]);
  assert.match(r.rejected[0].reason, /^polygon 0 ring 0 crosses itself near \[112\.6010000, 26\.9007500\]; a ring may touch itself but not cross/);
  assert.equal(m.cellAt(112.6105, 26.9005), 'pinched');
  assert.equal(m.cellAt(112.6115, 26.9005), undefined);
  assert.equal(m.cellAt(112.6115, 26.9015), 'pinched');
});

test('large files load whole: 20k problems, the count and a record checked', () => {
  const n = 20_000;
  const fs2 = [];
  for (let i = 0; i < n; i++) fs2.push({ type: 'Feature', id: `p${i}`, properties: { category: '垃圾', severity: 1 + (i % 3), found: '2026-11-01' }, geometry: pt(112.5 + (i % 200) * 0.0005, 26.8 + Math.floor(i / 200) * 0.0005) });
  const m = new CivicMap();
  const text = fc(fs2, { x_district: '430408 蒸湘区' });
  assert.deepEqual(m.loadProblems(text), { loaded: n, rejected: [] });
  const back = JSON.parse(m.exportProblems());
  assert.equal(back.features.length, n);
  assert.deepEqual(back.features[n - 1], { geometry: { coordinates: [112.5 + 199 * 0.0005, 26.8 + 99 * 0.0005], type: 'Point' }, id: `p${n - 1}`, properties: { category: 'garbage', deadline: null, found: '2026-11-01', point: null, severity: 2, source: 'open_inspection', status: 'open' }, type: 'Feature' });
});
