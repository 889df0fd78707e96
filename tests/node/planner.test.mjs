// The planner's calls in Node 20, from the built www/pkg/: zones and points
// assigned like cells in one undo history, what each assignment reports (dry run
// and warnings), chains, coverage, workload and rules, and arguments of the wrong
// type as plain errors; and the responsibility table from the on-demand module in
// www/pkg-tables/, fed with the page module's exports as the page does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import * as civic from '../../www/pkg/civicmap.js';
import * as tables from '../../www/pkg-tables/civicmap.js';

const root = new URL('../../', import.meta.url);
civic.initSync({ module: fs.readFileSync(new URL('www/pkg/civicmap_bg.wasm', root)) });
tables.initSync({ module: fs.readFileSync(new URL('www/pkg-tables/civicmap_bg.wasm', root)) });
const { CivicMap } = civic;

/** The tables module's map with the same state as `m` (its exports) and owners. */
function tableMap(m, owners) {
  const t = new tables.CivicMap();
  t.loadOwners(owners);
  t.loadCells(m.exportCells());
  t.loadZones(m.exportZones());
  t.loadPoints(m.exportPoints());
  t.loadProblems(m.exportProblems());
  return t;
}

const fc = (features) => JSON.stringify({ type: 'FeatureCollection', features });
const square = (x, y, w, h = w) => ({
  type: 'Polygon',
  coordinates: [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]],
});
const pt = (x, y) => ({ type: 'Point', coordinates: [x, y] });
const S = 0.001;

// A 4 × 2 grid from (112.60, 26.90) held by grid staff g4; a street held by l1; two
// communities (west held by l3, east open); a market and a school with no holder.
const OWNERS = JSON.stringify([
  { id: 'l1', name: '刘丽', unit: '区委', title: '区委副书记', level: 1 },
  { id: 'l3', name: '姜云', unit: '区委办', level: 3 },
  { id: 'l3b', name: '朱荣松', unit: '区民政局', level: 3 },
  { id: 'g4', name: '廖娜', unit: '蒸湘街道办事处', level: 4 },
  { id: 'g4b', name: '王伟', unit: '区城管局', level: 4 },
]);

function city(mod = civic) {
  const m = new mod.CivicMap();
  m.loadOwners(OWNERS);
  const cells = [];
  for (let j = 0; j < 2; j++) {
    for (let i = 0; i < 4; i++) {
      cells.push({ type: 'Feature', id: `c${i}${j}`, properties: { code: `43040800100100${i}${j}`, owner: 'g4' }, geometry: square(112.6 + i * S, 26.9 + j * S, S) });
    }
  }
  assert.equal(m.loadCells(fc(cells)).loaded, 8);
  assert.equal(m.loadZones(fc([
    { type: 'Feature', id: 'street', properties: { owner: 'l1', level: 1, name: '蒸湘街道包保责任区', division: '蒸湘街道' }, geometry: square(112.6, 26.9, 4 * S, 2 * S) },
    { type: 'Feature', id: 'west', properties: { owner: 'l3', level: 3, division: '红湖社区', members: '区委办、区教育局' }, geometry: square(112.6, 26.9, 2 * S, 2 * S) },
    { type: 'Feature', id: 'east', properties: { level: 3, division: '温家台社区' }, geometry: square(112.602, 26.9, 2 * S, 2 * S) },
  ])).loaded, 3);
  m.loadPoints(fc([
    { type: 'Feature', id: 'mkt', properties: { name: '南华农贸市场', category: '农贸市场' }, geometry: pt(112.6005, 26.9005) },
    { type: 'Feature', id: 'sch', properties: { name: '红湖小学', category: 'school' }, geometry: pt(112.6025, 26.9015) },
  ]));
  m.loadProblems(fc([
    { type: 'Feature', id: 'q1', properties: { point: 'mkt', status: 'open', found: '2026-11-01', deadline: '2026-11-08' }, geometry: pt(112.6006, 26.9005) },
    { type: 'Feature', id: 'q2', properties: { status: 'closed', found: '2026-11-10' }, geometry: pt(112.6035, 26.9015) },
  ]));
  return m;
}

test('a zone to a level-1 leader and points to a holder: warnings first, then undo in order', () => {
  const m = city();
  // The dry run says what would happen and changes nothing.
  const dry = m.assignZones(['east'], 'l1', { dryRun: true });
  assert.equal(dry.dryRun, true);
  assert.equal(dry.assigned, 1);
  assert.deepEqual(dry.warnings.map((w) => w.kind), ['levelMismatch']);
  assert.deepEqual(dry.warnings[0].levels, [3]);
  assert.equal(dry.warnings[0].ownerLevel, 1);
  assert.equal(m.canUndo(), false);
  assert.equal(m.cellChain('c30').levels[2].holders.length, 0, 'east still open');

  const done = m.assignZones(['east'], 'l1', { members: ['区民政局', '区教育局'] });
  assert.deepEqual({ ...done, dryRun: true }, { ...dry, dryRun: true, warnings: done.warnings });
  assert.deepEqual(m.cellChain('c30').levels[2].holders, ['l1']);
  assert.deepEqual(m.cellChain('c30').levels[2].zones[0].members, ['区民政局', '区教育局']);

  const pts = m.assignPoints(['mkt', 'sch'], 'g4b');
  assert.equal(pts.assigned, 2);
  assert.deepEqual(pts.warnings, []);
  const wrong = m.assignPoints(['sch'], 'l1', { dryRun: true });
  assert.deepEqual(wrong.warnings.map((w) => [w.kind, w.levels]), [['levelMismatch', [3, 4]]]);
  assert.deepEqual(wrong.takenFrom, [{ owner: 'g4b', count: 1 }]);

  // Taking cells back: whom from, and what is left without a level-4 holder.
  const un = m.unassignCells(['c00', 'c10']);
  assert.deepEqual(un.takenFrom, [{ owner: 'g4', count: 2 }]);
  assert.deepEqual(un.warnings.map((w) => [w.kind, w.levels, w.count]), [['leftWithoutHolder', [4], 2]]);

  // One history: cells, then points, then the zone.
  assert.equal(m.undo(), true);
  assert.equal(m.cellChain('c00').owner, 'g4');
  assert.equal(m.undo(), true);
  assert.equal(JSON.parse(m.exportPoints()).features.every((f) => f.properties.owner === null), true);
  assert.equal(m.undo(), true);
  assert.equal(m.cellChain('c30').levels[2].holders.length, 0);
  assert.equal(m.undo(), false);
  assert.equal(m.redo(), true);
  assert.deepEqual(m.cellChain('c30').levels[2].holders, ['l1']);
});

test('over a limit, new conflicts and unknown members are warned', () => {
  const m = city();
  m.setRules([1, 2, 3, 4], null, [1, 1, 3, 1]); // a level-1 owner: at most 1 level-3 zone
  m.assignZones(['west'], 'l1');
  const r = m.assignZones(['east'], 'l1', { dryRun: true });
  const over = r.warnings.find((w) => w.kind === 'overLimit');
  assert.deepEqual([over.owner, over.count, over.max, over.ids], ['l1', 2, 1, ['west', 'east']]);
  const c = m.assignZones(['east'], 'l3b', { members: ['区财政局', 'l3'] });
  assert.deepEqual(c.warnings.map((w) => w.kind), ['unknownMember']);
  assert.equal(c.warnings[0].owner, '区财政局');
  // An open zone over both communities at level 3: given a lead of its own, it
  // clashes with west's (l1) on c10 and east's (l3b) on c20.
  const wide = JSON.parse(m.exportZones());
  wide.features.push({ type: 'Feature', id: 'both', properties: { level: 3 }, geometry: square(112.601, 26.9, 2 * S, S) });
  m.loadZones(JSON.stringify(wide));
  assert.equal(m.coverage().conflicts.length, 0);
  const k = m.assignZones(['both'], 'l3', { dryRun: true });
  assert.deepEqual(k.warnings.filter((w) => w.kind === 'newConflict').map((w) => [w.levels, w.ids]), [[[3], ['c10', 'c20']]]);
  m.assignZones(['both'], 'l3');
  assert.deepEqual(m.coverage().conflicts.map((x) => [x.cell, x.owners]), [['c10', ['l1', 'l3']], ['c20', ['l3', 'l3b']]]);
  m.assignZones(['both'], 'l3', { members: ['区教育局', '区民政局'] });
  assert.deepEqual(m.cellChain('c10').levels[2].zones.find((z) => z.id === 'both').members, ['区教育局', '区民政局']);
  assert.throws(() => m.assignZones(['both'], 'l3', { members: '区教育局' }), /options: field `members`: expected an array of text, got text/);
});

test('chains, coverage and workload at every level', () => {
  const m = city();
  const ch = m.cellChain('c00');
  assert.deepEqual(ch.levels.map((l) => [l.level, l.holders]), [[1, ['l1']], [2, []], [3, ['l3']], [4, ['g4']]]);
  assert.deepEqual(ch.missing, [2]);
  assert.equal(m.cellChain('nope'), undefined);
  assert.equal(m.chains, undefined, 'all chains at once: the tables module');
  assert.equal(city(tables).chains().length, 8);
  const cov = m.coverage();
  assert.equal(cov.missing.find((x) => x.level === 2).cells.length, 8);
  assert.equal(cov.missing.find((x) => x.level === 3).cells.length, 4, 'east has no lead');
  assert.deepEqual(cov.unheldZones, ['east']);
  assert.deepEqual(cov.unheldPoints, ['mkt', 'sch']);
  assert.deepEqual(cov.idleOwners, ['g4b', 'l3b']);
  assert.equal(cov.completeCells, 0);

  const w = Object.fromEntries(m.workload('2026-11-20').map((r) => [r.owner, r]));
  assert.deepEqual([w.l1.level, w.l1.zonesLed, w.l1.cellsCovered, w.l1.openProblems, w.l1.overdueProblems, w.l1.closedProblems], [1, 1, 8, 1, 1, 1]);
  assert.deepEqual([w.l3.cellsCovered, w.l3.openProblems, w.l3.closedProblems], [4, 1, 0]);
  assert.deepEqual([w['区教育局'].zonesJoined, w['区教育局'].cellsCovered], [1, 4]);
  assert.equal(m.workload('2026-11-20').length, Object.keys(w).length, 'a day still works');
  const closedInWindow = Object.fromEntries(m.workload('2026-11-20', '2026-11-11').map((r) => [r.owner, r]));
  assert.equal(closedInWindow.l1.closedProblems, 0);

  // Three levels: cells are level 3.
  m.setRules([1, 2, 3]);
  assert.deepEqual(m.cellChain('c00').levels.map((l) => l.holders), [['l1'], [], ['l3', 'g4']]);
  for (const [args, pattern] of [
    [[[3, 1]], /rules.levels/],
    [[{ levels: [1] }], /levels: give a Float64Array or an array of numbers/],
    [[[1, 2, 3], [7]], /rules.pointLevels/],
    [[[1, 2, 3], null, [1, 1, 3]], /fours/],
    [[[1, 2, 3], null, [1, 5, 3, 2]], /layer is 0 cells, 1 zones or 2 points/],
    [[[1, 2, 3], null, [1, 0, 3, 2]], /zoneLevel applies to zones only/],
    [[[1, 2, 3], null, [1, 1, 3, 2.5]], /whole numbers/],
  ]) {
    assert.throws(() => m.setRules(...args), (e) => e instanceof Error && pattern.test(e.message), String(pattern));
  }
  assert.deepEqual(m.cellChain('c00').levels.map((l) => l.level), [1, 2, 3], 'a refused rule changes nothing');
});

test('the responsibility table: rows, CSV with BOM, formulas neutralised, .xlsx', () => {
  const page = city();
  assert.equal(page.responsibilityCsv, undefined, 'the page module leaves the tables out');
  // The page's state, assignments included, carried over through its exports.
  page.assignPoints(['mkt'], 'g4b');
  const m = tableMap(page, OWNERS);
  const t = m.responsibilityTable({ by: 'cell', asOf: '2026-11-20' });
  assert.deepEqual(t.columns.map((c) => c.title), ['网格编码', '网格名称', '街道', '街道责任人', '片区', '片区责任人', '社区', '社区责任人', '网格责任区', '网格责任人']);
  assert.deepEqual(t.rows[0], ['4304080010010000', '红湖社区0000号网格', '蒸湘街道', '刘丽', null, null, '红湖社区', '姜云', null, '廖娜']);
  const o = m.responsibilityTable({ tasks: [{ category: 'all', task: '每周督导', level: 1 }] });
  const l1 = o.rows.find((r) => r[2] === '刘丽');
  const at = (key) => o.columns.findIndex((c) => c.key === key);
  assert.equal(l1[at('zones1')], '蒸湘街道');
  assert.equal(l1[at('title')], '区委副书记');
  assert.equal(l1[at('task')], '每周督导');
  assert.equal(l1[at('cellsCovered')], 8);
  assert.equal(o.rows.find((r) => r[2] === '王伟')[at('points')], '南华农贸市场');
  const x1 = m.responsibilityXlsx({ asOf: '2026-11-20' });
  assert.ok(x1 instanceof Uint8Array && x1.length > 1000);
  assert.deepEqual([...x1.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'a zip (xlsx) file');
  assert.deepEqual(m.responsibilityXlsx({ asOf: '2026-11-20' }), x1, 'the same bytes again');
  const three = city(tables);
  three.setRules([1, 2, 3]);
  const names = three.responsibilityTable({ by: 'cell', levelNames: ['街道', '社区', '网格'] }).columns.map((c) => c.title);
  assert.deepEqual(names.slice(2), ['街道', '街道责任人', '社区', '社区责任人', '网格责任区', '网格责任人']);
  assert.throws(() => three.responsibilityTable({ levelNames: ['街道'] }), /levelNames/);
  m.loadOwners(JSON.stringify([{ id: 'g4', name: '=HYPERLINK("http://x")', level: 4 }]));
  const csv = m.responsibilityCsv({ by: 'cell' });
  assert.ok(csv.startsWith('\ufeff网格编码,'));
  assert.ok(csv.includes(`,"'=HYPERLINK(""http://x"")"\r\n`), csv.split('\r\n')[1]);
  assert.throws(() => m.responsibilityTable({ by: 'street' }), /unknown variant `street`/);
  assert.throws(() => m.responsibilityTable({ tasks: [{ category: '菜场', task: 'x' }] }), /菜场/);
});

test('arguments of the wrong type are plain errors, and the map keeps working', () => {
  const m = city();
  for (const [call, pattern] of [
    [() => m.assignCells('c00', 'g4'), /ids: give an array of strings, got a string/],
    [() => m.assignCells(['c00', 7], 'g4'), /ids: invalid type: integer `7`, expected a string/],
    [() => m.assignCells(undefined, 'g4'), /ids/],
    [() => m.assignCells(['c00'], 42), /owner: give a string, got a number/],
    [() => m.assignCells(['c00']), /owner/],
    [() => m.assignZones(['west'], ''), /owner/],
    [() => m.assignPoints(['mkt'], { id: 'g4' }), /owner/],
    [() => m.assignCells(['c00'], 'g4', { members: ['x'] }), /only zones have joint members/],
    [() => m.assignZones(['west'], 'l3', { member: ['x'] }), /unknown field `member`/],
    [() => m.assignZones(['west'], 'l3', { members: 5 }), /options/],
    [() => m.assignZones(['ghost'], 'l3'), /unknown zone ids: ghost/],
    [() => m.assignPoints(['ghost'], 'g4'), /unknown point ids: ghost/],
    [() => m.unassignZones(null), /ids/],
    [() => m.assignCells(['c00'], 'nobody'), /unknown owner `nobody`/],
    [() => m.workload('2026-11-20', 20261111), /from: give a string, got a number/],
    [() => m.workload('2026-11-20', '11/11/2026'), /from: `11\/11\/2026` is not a date/],
    [() => m.cellChain(5), /id: give a string, got a number/],
  ]) {
    assert.throws(call, (e) => e instanceof Error && pattern.test(e.message), String(pattern));
  }
  assert.equal(m.canUndo(), false, 'nothing was changed');
  assert.equal(m.assignCells(['c00'], 'g4b').assigned, 1);
});

test('the demo: every level has work, and the tables are built from the page module\'s exports', () => {
  const m = new CivicMap();
  const data = (f) => fs.readFileSync(new URL(`data/demo/${f}`, root), 'utf8');
  m.loadOwners(data('owners.json'));
  m.loadCells(data('cells.geojson'));
  m.loadZones(data('zones.geojson'));
  m.loadPoints(data('points.geojson'));
  m.loadProblems(data('problems.geojson'));
  const rows = m.workload('2026-11-20');
  for (const r of rows.filter((x) => x.level === 1 || x.level === 2)) {
    assert.ok(r.zonesLed > 0 && r.cellsCovered > 0 && r.openProblems > 0, JSON.stringify(r));
  }
  // Three communities to a level-1 leader: wrong level, over the limit, taken from their leads.
  const comms = ['Z3-430408001001', 'Z3-430408001002', 'Z3-430408001005'];
  const r = m.assignZones(comms, 'L1-01', { dryRun: true });
  const kinds = r.warnings.map((w) => w.kind);
  assert.ok(kinds.includes('levelMismatch') && kinds.includes('overLimit'), kinds.join());
  assert.equal(r.takenFrom.reduce((a, t) => a + t.count, 0), 3);
  let t0 = performance.now();
  const t = tableMap(m, data('owners.json'));
  const loadMs = performance.now() - t0;
  t0 = performance.now();
  const byOwner = t.responsibilityTable({ asOf: '2026-11-20' });
  const byCell = t.responsibilityCsv({ by: 'cell', asOf: '2026-11-20' });
  const ms = performance.now() - t0;
  t0 = performance.now();
  const xlsx = t.responsibilityXlsx({ asOf: '2026-11-20' });
  const xlsxMs = performance.now() - t0;
  assert.equal(byOwner.rows.length, rows.length);
  assert.equal(byCell.trim().split('\r\n').length, 11_252 + 1);
  t0 = performance.now();
  m.coverage();
  const covMs = performance.now() - t0;
  console.log(`# demo (wasm, Node): tables module loaded from the exports in ${loadMs.toFixed(0)} ms; both tables ${ms.toFixed(0)} ms; .xlsx of both ${xlsxMs.toFixed(0)} ms (${xlsx.length} bytes); coverage ${covMs.toFixed(0)} ms`);
});
