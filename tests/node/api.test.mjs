// The JS API end to end in Node 20, from the built www/pkg/ (scripts/build-wasm.sh):
// load, every query, assign, undo/redo, export and reload, and bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as civic from '../../www/pkg/civicmap.js';

const root = new URL('../../', import.meta.url);
civic.initSync({ module: fs.readFileSync(new URL('www/pkg/civicmap_bg.wasm', root)) });
const { CivicMap } = civic;

const fc = (features) => JSON.stringify({ type: 'FeatureCollection', features });
const square = (x, y, s) => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]]],
});
const pt = (x, y) => ({ type: 'Point', coordinates: [x, y] });

// A 3 × 2 grid of 0.001° cells from (112.60, 26.90); ids c<i><j>.
const cells = [];
for (let j = 0; j < 2; j++) {
  for (let i = 0; i < 3; i++) {
    cells.push({ type: 'Feature', id: `c${i}${j}`, properties: { name: `网格${i}${j}` }, geometry: square(112.6 + i * 0.001, 26.9 + j * 0.001, 0.001) });
  }
}
const zones = [
  { type: 'Feature', id: 'street', properties: { owner: 'li', level: 1, name: '蒸湘街道' }, geometry: square(112.599, 26.899, 0.005) },
  { type: 'Feature', id: 'comm', properties: { owner: 'zhao', level: 3, name: '红湖社区' }, geometry: square(112.6, 26.9, 0.0015) },
];
const points = [
  { type: 'Feature', id: 'mkt', properties: { name: '<img src=x onerror=alert(1)>', category: '农贸市场', owner: 'chen' }, geometry: pt(112.6005, 26.9005) },
  { type: 'Feature', id: 'wc', properties: { name: '公厕', category: 'public_toilet' }, geometry: pt(112.6025, 26.9015) },
];
const problems = [
  { type: 'Feature', id: 'p1', properties: { point: 'mkt', category: 'garbage', severity: 3, status: 'open', found: '2026-11-01', deadline: '2026-11-08', source: '12345' }, geometry: pt(112.6006, 26.9005) },
  { type: 'Feature', id: 'p2', properties: { category: 'bikes', severity: 1, status: 'rectifying', found: '2026-11-20', deadline: '2026-11-30', source: '暗访' }, geometry: pt(112.6015, 26.9012) },
  { type: 'Feature', id: 'p3', properties: { category: 'stalls', severity: 2, status: 'closed', found: '2026-10-01', deadline: '2026-10-03' }, geometry: pt(112.6001, 26.9001) },
  { type: 'Feature', id: 'p4', properties: { severity: 2 }, geometry: pt(112.7, 27.0) },
];
const owners = JSON.stringify([
  { id: 'wang', name: '王伟', unit: '区城管局', level: 3 },
  { id: 'li', name: '李娜', unit: '区委', level: 1 },
  { id: 'zhao', name: '赵强', unit: '红湖社区居委会', level: 3 },
  { id: 'chen', name: '陈静', unit: '区市场监管局', level: 3 },
]);

function loaded() {
  const m = new CivicMap();
  assert.deepEqual(m.loadCells(fc(cells)), { loaded: 6, rejected: [] });
  assert.deepEqual(m.loadZones(fc(zones)), { loaded: 2, rejected: [] });
  assert.deepEqual(m.loadPoints(fc(points)), { loaded: 2, rejected: [] });
  assert.deepEqual(m.loadProblems(fc(problems)), { loaded: 4, rejected: [] });
  assert.equal(m.loadOwners(owners).loaded, 4);
  return m;
}

test('owners() gives the owners as the core took them: refused rows left out, the name the id when missing', () => {
  const m = new CivicMap();
  assert.deepEqual(m.owners(), []);
  const r = m.loadOwners(JSON.stringify([
    { id: 'O1', name: '王伟', unit: '城管局', title: '局长', level: 3 },
    { id: 7 },
    { name: 'no id' },
    { id: 'O4', name: '李娜', level: 9 },
  ]));
  assert.equal(r.loaded, 2);
  assert.deepEqual(m.owners(), [
    { id: 'O1', name: '王伟', unit: '城管局', title: '局长', level: 3 },
    { id: '7', name: '7', unit: '', title: '', level: 0 },
  ]);
  m.free();
});

test('cells and zones at a location, with the shared-edge rule', () => {
  const m = loaded();
  assert.equal(m.cellAt(112.6005, 26.9005), 'c00');
  assert.equal(m.cellAt(112.601, 26.9005), 'c00', 'on the edge of c00 and c10 the smaller id wins');
  assert.equal(m.cellAt(112.601, 26.901), 'c00', 'a vertex of four cells');
  assert.equal(m.cellAt(112.7, 27.0), undefined);
  assert.deepEqual(m.zonesAt(112.6005, 26.9005), ['street', 'comm']);
  assert.deepEqual(m.zonesAt(112.603, 26.9035), ['street']);
  assert.deepEqual(m.counts(), { cells: 6, zones: 2, points: 2, problems: 4, owners: 4 });
});

test('nearest problems come nearest first with the chain of responsibility', () => {
  const m = loaded();
  m.assignCells(['c00', 'c10'], 'wang');
  const all = m.nearestProblems(112.6005, 26.9005, 10, { asOf: '2026-11-23' });
  assert.deepEqual(all.map((h) => h.id), ['p1', 'p3', 'p2', 'p4']);
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].distanceM <= all[i].distanceM);
  const p1 = all[0];
  assert.ok(Math.abs(p1.distanceM - 9.93) < 0.05, `p1 is ~10 m east: ${p1.distanceM}`);
  assert.equal(p1.cell, 'c00');
  assert.equal(p1.owner, 'wang');
  assert.equal(p1.daysOverdue, 15);
  assert.equal(p1.category, 'garbage');
  assert.equal(p1.source, 'complaint');
  assert.equal(p1.chain.pointOwner, 'chen');
  assert.deepEqual(p1.chain.zones.map((z) => [z.owner, z.level]), [['li', 1], ['zhao', 3]]);
  assert.equal(all[3].cell, null, 'p4 lies in no cell');

  const open = m.nearestProblems(112.6005, 26.9005, 10, { status: ['open', 'rectifying'], asOf: '2026-11-23' });
  assert.deepEqual(open.map((h) => h.id), ['p1', 'p2', 'p4']);
  const overdue = m.nearestProblems(112.6005, 26.9005, 10, { overdue: true, asOf: '2026-11-23' });
  assert.deepEqual(overdue.map((h) => h.id), ['p1']);
  const serious = m.nearestProblems(112.6005, 26.9005, 1, { minSeverity: 2, status: 'open' });
  assert.deepEqual(serious.map((h) => h.id), ['p1']);
  const bikes = m.nearestProblems(112.6005, 26.9005, 5, { category: '共享单车乱停放' });
  assert.deepEqual(bikes.map((h) => h.id), ['p2']);
});

test('radius, box and lasso queries', () => {
  const m = loaded();
  const near = m.problemsWithin(112.6005, 26.9005, 150, { asOf: '2026-11-23' });
  assert.deepEqual(near.map((h) => h.id), ['p1', 'p3', 'p2']);
  assert.deepEqual(m.problemsWithin(112.6005, 26.9005, 0, {}), []);
  assert.deepEqual(m.problemsInBbox(112.6, 26.9, 112.601, 26.901).sort(), ['p1', 'p3']);
  // A triangle under the diagonal y - 26.8995 = x - 112.5994: every point is clearly inside.
  const lasso = new Float64Array([112.5994, 26.8995, 112.603, 26.8995, 112.603, 26.9031]);
  assert.deepEqual(m.problemsInPolygon(lasso).sort(), ['p1', 'p2', 'p3']);
  assert.deepEqual(m.problemsInPolygon(lasso, { status: 'open' }), ['p1']);
  assert.deepEqual(m.pointsInBbox(112.6, 26.9, 112.603, 26.902).sort(), ['mkt', 'wc']);
  assert.deepEqual(m.pointsInBbox(112.6, 26.9, 112.601, 26.901), ['mkt']);
  assert.deepEqual(m.pointsInPolygon(lasso).sort(), ['mkt', 'wc']);
  assert.deepEqual(m.cellsInBbox(112.6, 26.9, 112.602, 26.901), ['c00', 'c10']);
  // Cells whose interior point is in the lasso: all but c01 (above the diagonal).
  const cellLasso = new Float64Array([112.5993, 26.8995, 112.6035, 26.8995, 112.6035, 26.9037]);
  assert.deepEqual(m.cellsInPolygon(cellLasso).sort(), ['c00', 'c10', 'c11', 'c20', 'c21']);
  const pts = m.nearestPoints(112.6025, 26.9015, 1);
  assert.equal(pts[0].id, 'wc');
  assert.equal(pts[0].name, '公厕');
  assert.deepEqual(m.pointsWithin(112.6005, 26.9005, 50, { category: 'market' }).map((p) => p.id), ['mkt']);
  assert.equal(m.responsibility('point', 'mkt').pointOwner, 'chen');
  assert.equal(m.responsibility('problem', 'p2').cell, 'c11');
  assert.equal(m.responsibility('problem', 'nope'), undefined);
});

test('assign, undo, redo, coverage and workload', () => {
  const m = loaded();
  assert.equal(m.canUndo(), false);
  assert.equal(m.assignCells(['c00', 'c10', 'c20'], 'wang').assigned, 3);
  assert.equal(m.assignCells(['c01'], 'zhao').assigned, 1);
  assert.equal(m.assignCells(['c01'], 'zhao').assigned, 0, 'no change, no step');
  let w = Object.fromEntries(m.workload('2026-11-23').map((r) => [r.owner, r]));
  assert.equal(w.wang.cells, 3);
  assert.equal(w.wang.name, '王伟');
  assert.equal(w.wang.openProblems, 1, 'p1 is in c00; p2 is in c11, nobody\'s');
  assert.equal(w.wang.overdueProblems, 1);
  assert.equal(w.wang.points, 1);
  assert.equal(w.chen.pointsHeld, 1);
  assert.ok(Math.abs(w.wang.areaM2 - 3 * 11_000) < 500, `${w.wang.areaM2}`);
  assert.deepEqual(m.coverage().unassignedCells, ['c11', 'c21']);
  assert.deepEqual(m.coverage().problemsOutsideCells, ['p4']);

  assert.equal(m.undo(), true);
  assert.equal(m.responsibility('problem', 'p1').cellOwner, 'wang');
  assert.equal(m.responsibility('problem', 'p2').cellOwner, null);
  assert.deepEqual(m.coverage().unassignedCells, ['c01', 'c11', 'c21']);
  assert.equal(m.redo(), true);
  assert.equal(m.redo(), false);
  assert.equal(m.unassignCells(['c00']).assigned, 1);
  assert.equal(m.canRedo(), false);
  assert.deepEqual(m.coverage().unassignedCells, ['c00', 'c11', 'c21']);
  w = Object.fromEntries(m.workload('2026-11-23').map((r) => [r.owner, r]));
  assert.equal(w.wang.cells, 2);
});

test('exports load back to the same state', () => {
  const m = loaded();
  m.assignCells(['c00', 'c21'], 'wang');
  const out = m.exportCells();
  const again = new CivicMap();
  assert.deepEqual(again.loadCells(out), { loaded: 6, rejected: [] });
  assert.equal(again.exportCells(), out);
  assert.equal(again.cellAt(112.6025, 26.9015), 'c21');
  assert.equal(JSON.parse(out).features.find((f) => f.id === 'c21').properties.owner, 'wang');
  for (const [load, exp] of [['loadZones', 'exportZones'], ['loadPoints', 'exportPoints'], ['loadProblems', 'exportProblems']]) {
    const text = m[exp]();
    const b = new CivicMap();
    assert.equal(b[load](text).rejected.length, 0);
    assert.equal(b[exp](), text, exp);
  }
  // Through GCJ-02: the file names its crs, and loads back within a millimetre.
  const gcj = m.exportPoints({ crs: 'gcj02' });
  assert.equal(JSON.parse(gcj).crs.properties.name, 'gcj02');
  const b = new CivicMap();
  b.loadPoints(gcj);
  const [x, y] = JSON.parse(b.exportPoints()).features[0].geometry.coordinates;
  assert.ok(Math.abs(x - 112.6005) < 1e-8 && Math.abs(y - 26.9005) < 1e-8, `${x},${y}`);
});

test('bad input: each rejected feature is named, and the module still works', () => {
  const m = new CivicMap();
  const bad = [
    cells[0],
    { type: 'Feature', id: 'open-ring', properties: {}, geometry: { type: 'Polygon', coordinates: [[[112.6, 26.9], [112.7, 26.9], [112.7, 27.0], [112.6, 27.05]]] } },
    { type: 'Feature', id: 'c00', properties: {}, geometry: square(112.6, 26.9, 0.001) },
    { type: 'Feature', id: 'pt', properties: {}, geometry: pt(112.6, 26.9) },
    { type: 'Feature', id: 'far', properties: {}, geometry: square(212.6, 26.9, 0.001) },
    { type: 'Feature', id: 'owner-obj', properties: { owner: { name: 'x' } }, geometry: square(112.61, 26.9, 0.001) },
  ];
  const r = m.loadCells(fc(bad));
  assert.equal(r.loaded, 1);
  assert.deepEqual(r.rejected.map((x) => [x.index, x.id, x.field]), [
    [1, 'open-ring', 'geometry'], [2, 'c00', 'id'], [3, 'pt', 'geometry'], [4, 'far', 'geometry'], [5, 'owner-obj', 'owner'],
  ]);
  assert.match(r.rejected[0].reason, /not closed/);
  assert.match(r.rejected[1].reason, /duplicate/);
  assert.match(r.rejected[3].reason, /out of range/);

  const onlyBad = fc([{ type: 'Feature', id: 'x', properties: { status: 'fixed', severity: 2 }, geometry: pt(112.6, 26.9) }]);
  assert.throws(() => m.loadProblems(onlyBad), /nothing loaded: all 1 features .*field `status`: unknown status `fixed`; accepted: open/);
  const p = m.loadProblems(onlyBad, { allowEmpty: true });
  assert.equal(p.rejected[0].field, 'status');
  assert.match(p.rejected[0].reason, /accepted: open/);

  for (const [call, pattern] of [
    [() => m.loadCells('not json'), /^not GeoJSON/],
    [() => m.loadCells('{"type":"Point","coordinates":[1,2]}'), /expected a FeatureCollection/],
    [() => m.loadCells(fc([]), { crs: 'EPSG:3857' }), /unknown coordinate system/],
    [() => m.loadCells(fc([]), { crz: 'gcj02' }), /unknown field `crz`/],
    [() => m.nearestProblems(112.6, 26.9, 3, { minSeverty: 2 }), /unknown field `minSeverty`/],
    [() => m.problemsWithin(112.6, 26.9, -5), /radiusM/],
    [() => m.problemsWithin(112.6, 26.9, NaN), /radiusM/],
    [() => m.assignCells(['c00', 'ghost'], 'wang'), /unknown cell ids: ghost/],
    [() => m.loadProblemCoords(new Float64Array([1, 2, 3])), /even length/],
    [() => m.problemsInPolygon(new Float64Array([1, 2])), /ring/],
    [() => m.workload('23/11/2026'), /asOf/],
    [() => m.responsibility('cell', 'c00'), /"problem" or "point"/],
  ]) {
    assert.throws(call, (e) => e instanceof Error && pattern.test(e.message), String(pattern));
  }
  // Still works after every error.
  assert.equal(m.cellAt(112.6005, 26.9005), 'c00');
  assert.equal(m.assignCells(['c00'], 'wang').assigned, 1);
});

test('bulk path: typed arrays in, queries out', () => {
  const m = new CivicMap();
  const n = 50_000;
  const coords = new Float64Array(2 * n);
  const sev = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    coords[2 * i] = 112.5 + (i % 250) * 0.0004;
    coords[2 * i + 1] = 26.8 + Math.floor(i / 250) * 0.0005;
    sev[i] = 1 + (i % 3);
  }
  coords[2 * 7] = NaN;
  sev[9] = 0;
  const r = m.loadProblemCoords(coords, sev);
  assert.equal(r.loaded, n - 2);
  assert.deepEqual(r.rejected.map((x) => [x.index, x.field]), [[7, 'geometry'], [9, 'severity']]);
  const hits = m.nearestProblems(112.5, 26.8, 3, {});
  assert.equal(hits[0].id, '0');
  assert.equal(hits[0].distanceM, 0);
  assert.ok(hits[1].distanceM > 39 && hits[1].distanceM < 41, `0.0004° east at 26.8°N ≈ 39.7 m: ${hits[1].distanceM}`);
  assert.equal(m.problemsWithin(112.55, 26.85, 1000, { minSeverity: 3 }).every((h) => h.severity === 3), true);
});

test('beginProblemCoords, stepProblemCoords, finishProblemCoords: the bulk path in slices', () => {
  const n = 5000;
  const coords = new Float64Array(2 * n);
  const sev = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    coords[2 * i] = 112.5 + (i % 71) * 0.0007;
    coords[2 * i + 1] = 26.8 + Math.floor(i / 71) * 0.0009;
    sev[i] = 1 + (i % 3);
  }
  coords[2 * 11] = Infinity;
  sev[4000] = 7;
  const whole = new CivicMap();
  const want = whole.loadProblemCoords(coords, sev);
  const m = new CivicMap();
  const job = m.beginProblemCoords(coords, sev);
  assert.throws(() => m.finishProblemCoords(job), /0 of 5000 pairs read/);
  const seen = [];
  for (let read = 0; read < n; ) {
    read = m.stepProblemCoords(job, 333);
    seen.push(read);
  }
  assert.equal(seen.length, Math.ceil(n / 333));
  // Then the point tree, a piece a step: the share built grows to 1.
  const shares = [job.indexed];
  while (job.indexed < 1) {
    assert.equal(m.stepProblemCoords(job, 333), n);
    shares.push(job.indexed);
  }
  assert.equal(shares[0], 0);
  for (let i = 1; i < shares.length; i++) assert.ok(shares[i] > shares[i - 1], `${shares}`);
  // Six passes over 4,998 points: about 4 × 333 points' worth a step.
  assert.ok(shares.length > 15 && shares.length < 30, `${shares.length} steps`);
  assert.deepEqual(m.finishProblemCoords(job), want);
  assert.equal(m.exportProblems({}), whole.exportProblems({}));
  assert.throws(() => m.finishProblemCoords(job), /finished already/);
  assert.throws(() => m.stepProblemCoords(job, 1), /finished already/);
  assert.equal(job.indexed, 1);
  job.free();
  // Finished as soon as every pair is read, the rest of the tree is built then:
  // the same problems and the same answers.
  const early = new CivicMap();
  const job2 = early.beginProblemCoords(coords, sev);
  while (early.stepProblemCoords(job2, 2000) < n);
  early.stepProblemCoords(job2, 100);
  assert.ok(job2.indexed > 0 && job2.indexed < 1, `${job2.indexed}`);
  assert.deepEqual(early.finishProblemCoords(job2), want);
  job2.free();
  for (const [lng, lat] of [[112.52, 26.83], [112.49, 26.79], [112.55, 26.9]]) {
    const near = whole.nearestProblems(lng, lat, 25);
    assert.deepEqual(m.nearestProblems(lng, lat, 25), near);
    assert.deepEqual(early.nearestProblems(lng, lat, 25), near);
  }
  early.free();
  assert.throws(() => m.beginProblemCoords(coords, new Uint8Array(3)), /severities/);
  for (const x of [whole, m]) x.free();
});

test('convertCoords between WGS-84, GCJ-02 and BD-09', () => {
  const w = new Float64Array([116.404, 39.915]);
  const g = civic.convertCoords(w, 'wgs84', 'GCJ-02');
  assert.ok(Math.abs(g[0] - 116.41024449916938) < 1e-9 && Math.abs(g[1] - 39.91640428150164) < 1e-9, `${g}`);
  const back = civic.convertCoords(civic.convertCoords(g, 'gcj02', 'bd09'), 'bd09', 'wgs84');
  assert.ok(Math.abs(back[0] - w[0]) < 1e-8 && Math.abs(back[1] - w[1]) < 1e-8, `${back}`);
  assert.throws(() => civic.convertCoords(w, 'wgs84', 'EPSG:3857'), /unknown coordinate system/);
  assert.throws(() => civic.convertCoords(new Float64Array([1]), 'wgs84', 'gcj02'), /even length/);
});

test('detectLayer: a list is owners, else the name, else the first feature with a geometry; from text or bytes, cut anywhere', () => {
  const point = (props) => fc([
    { type: 'Feature', properties: { status: 'open' }, geometry: null },
    { type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: [112.6, 26.9] } },
  ]);
  const area = (props) => fc([{ type: 'Feature', properties: props, geometry: { type: 'Polygon', coordinates: [] } }]);
  const enc = new TextEncoder();
  for (const [name, text, want] of [
    ['问题.json', '[{"id":"o1"}]', 'owners'],
    ['Grid-Cells.geojson', point({ status: 'open' }), 'cells'],
    ['export.geojson', point({ status: 'open' }), 'problems'],
    ['export.geojson', point({ name: '菜市场' }), 'points'],
    ['export.geojson', area({ level: 2 }), 'zones'],
    ['export.geojson', area({ name: '一网格' }), 'cells'],
    ['export.geojson', 'not json', 'cells'],
  ]) {
    assert.equal(civic.detectLayer(name, text), want, `${name}: ${text}`);
    assert.equal(civic.detectLayer(name, enc.encode(text)), want, `${name}: bytes of ${text}`);
  }
  // The first 64 KB decide: a problem ledger of a thousand features, cut inside a
  // character (垃圾 spans three bytes each) and inside a feature, and GBK bytes.
  const big = enc.encode(fc(Array.from({ length: 1000 }, (_, i) => ({ type: 'Feature', id: `P${i}`, properties: { category: '垃圾', severity: 2 }, geometry: { type: 'Point', coordinates: [112.6, 26.9] } }))));
  assert.ok(big.length > 65536);
  for (const cut of [65536, 300, 200, 101]) assert.equal(civic.detectLayer('a.json', big.subarray(0, cut)), cut > 120 ? 'problems' : 'cells', `cut ${cut}`);
  assert.equal(civic.detectLayer('a.json', big), 'problems');
  const gbk = new Uint8Array([...enc.encode('{"x":"'), 0xc0, 0xac, ...enc.encode('","features":[{"properties":{"level":1},"geometry":{"type":"Polygon"}}]}')]);
  assert.equal(civic.detectLayer('a.json', gbk), 'zones');
  for (const bad of [[1, 'x'], ['a.json', 5], ['a.json', null], ['a.json', new Float64Array(2)]]) {
    assert.throws(() => civic.detectLayer(...bad), /name|head/, JSON.stringify(bad));
  }
});

test('readOutline: the district outline read by the core, its crs converted, bad features named, from text or bytes', () => {
  const ring = [[112.5, 26.8], [112.6, 26.8], [112.6, 26.9], [112.5, 26.9], [112.5, 26.8]];
  const text = fc([
    { type: 'Feature', properties: { name: '蒸湘区' }, geometry: { type: 'MultiPolygon', coordinates: [[ring], [ring]] } },
    { type: 'Feature', properties: { name: '<b>line</b>' }, geometry: { type: 'LineString', coordinates: ring } },
  ]);
  for (const input of [text, new TextEncoder().encode(text)]) {
    const o = civic.readOutline(input);
    assert.deepEqual([...o.ringEnds], [5, 10]);
    assert.deepEqual([...o.coords.slice(0, 10)], ring.flat());
    assert.deepEqual(o.names, ['蒸湘区']);
    const r = o.report;
    assert.equal(r.loaded, 1);
    assert.deepEqual(r.rejected.map((x) => [x.index, x.field]), [[1, 'geometry']]);
    assert.match(r.rejected[0].reason, /LineString/);
    o.free();
  }
  // The same outline written in GCJ-02 comes back where it lies in WGS-84.
  const gcj = civic.convertCoords(new Float64Array(ring.flat()), 'wgs84', 'gcj02');
  const gcjRing = Array.from({ length: 5 }, (_, k) => [gcj[2 * k], gcj[2 * k + 1]]);
  const g = civic.readOutline(fc([{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [gcjRing] } }]), { crs: 'gcj02' });
  g.coords.forEach((v, k) => assert.ok(Math.abs(v - ring.flat()[k]) < 1e-6, `${k}: ${v}`));
  g.free();
  assert.throws(() => civic.readOutline('not json'), /JSON|GeoJSON/);
  assert.throws(() => civic.readOutline(5), /text/);
});

test('the page\'s bindings: coordinate-system names, ramp colours, frames as views over wasm memory', () => {
  assert.deepEqual(civic.crsNames(), ['wgs84', 'gcj02', 'bd09']);
  for (const [name, want] of [['EPSG:4326', 'wgs84'], ['CGCS2000', 'wgs84'], ['urn:ogc:def:crs:OGC:1.3:CRS84', 'wgs84'], ['GCJ-02', 'gcj02'], ['baidu', 'bd09'], ['bd09ll', 'bd09']]) {
    assert.equal(civic.crsName(name), want, name);
  }
  assert.throws(() => civic.crsName('EPSG:3857'), /unknown coordinate system/);
  // The default ramp (YlOrRd, ColorBrewer's #ffffcc … #800026) as CSS colours.
  const [lo, mid, hi] = civic.rampColors(new Float64Array([0, 0.5, 1]));
  assert.deepEqual([lo, hi], ['rgba(255,255,204,1.000)', 'rgba(128,0,38,1.000)']);
  assert.match(mid, /^rgba\(\d+,\d+,\d+,1\.000\)$/);
  assert.deepEqual(civic.rampColors(new Float64Array([0.25]), 'viridis'), civic.rampColors(new Float64Array([0.25]), 'Viridis'));
  assert.throws(() => civic.rampColors(new Float64Array([0.5]), 'rainbow'), /unknown ramp `rainbow`/);
  // A frame handed out as a view holds the same bytes as the copied one.
  const m = loaded();
  const view = { lng: 112.6015, lat: 26.901, zoom: 16, width: 120, height: 90, pixelRatio: 2, baseCrs: 'wgs84' };
  const heat = { radiusM: 80, asOf: '2026-11-23' };
  const copy = m.renderHeat(view, heat);
  const frame = m.renderHeatView(view, heat);
  assert.ok(frame instanceof Uint8ClampedArray);
  assert.equal(frame.length, 240 * 180 * 4);
  assert.ok(copy.some((b) => b > 0), 'the heatmap has pixels');
  assert.deepEqual(Buffer.from(frame), Buffer.from(copy));
  const asg = { fill: 'owner', asOf: '2026-11-23' };
  assert.deepEqual(Buffer.from(m.renderAssignmentView(view, asg)), Buffer.from(m.renderAssignment(view, asg)));
  // The core's refusals come through unchanged.
  assert.throws(() => m.renderHeatView(view, { radiusMm: 80 }), /unknown field `radiusMm`/);
  assert.throws(() => m.renderAssignmentView(view, { fil: 'owner' }), /unknown field `fil`/);
  assert.throws(() => m.renderHeatView({ ...view, zoom: 40 }, heat), /zoom/);
});
