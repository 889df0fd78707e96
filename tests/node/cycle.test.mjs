// The problem cycle through the JS API in Node 20, from the built www/pkg/: the
// ledger date, recording, every step, the time-limit table, search, the journal
// and change events, and bad input refused with plain errors (never a panic).
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
const AS_OF = '2026-11-20';

function loaded() {
  const m = new CivicMap();
  const cells = [];
  for (let i = 0; i < 3; i++) cells.push({ type: 'Feature', id: `c${i}`, properties: { owner: i ? 'wang' : 'li' }, geometry: square(112.6 + i * 0.001, 26.9, 0.001) });
  m.loadCells(fc(cells));
  m.loadZones(fc([
    { type: 'Feature', id: 'st', properties: { owner: 'li', level: 1, name: '蒸湘街道' }, geometry: square(112.599, 26.899, 0.005) },
    { type: 'Feature', id: 'cm', properties: { owner: 'zhao', level: 3, name: '红湖社区' }, geometry: square(112.6, 26.9, 0.002) },
  ]));
  m.loadPoints(fc([{ type: 'Feature', id: 'mkt', properties: { name: '红湖农贸市场', category: '农贸市场', owner: 'chen' }, geometry: pt(112.6005, 26.9005) }]));
  const report = m.loadProblems(fc([
    { type: 'Feature', id: 'old', properties: { category: 'garbage', status: 'closed', found: '2026-10-01', deadline: '2026-10-02', source: '明查' }, geometry: pt(112.6002, 26.9002) },
    { type: 'Feature', id: 'late', properties: { category: 'stalls', status: 'rectifying', found: '2026-08-24', deadline: '2026-08-31', source: '暗访' }, geometry: pt(112.6012, 26.9003) },
    { type: 'Feature', id: 'soon', properties: { category: 'ads', status: 'open', found: '2026-11-19', deadline: '2026-11-25', source: '投诉' }, geometry: pt(112.6022, 26.9004) },
  ], { x_as_of: AS_OF }));
  assert.deepEqual(report, { loaded: 3, rejected: [], asOf: AS_OF });
  return m;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

test('the ledger date comes from the data, can be set, and reckons days overdue', () => {
  const m = loaded();
  assert.equal(m.asOf(), AS_OF);
  const hits = m.nearestProblems(112.6012, 26.9003, 3, {});
  const by = Object.fromEntries(hits.map((h) => [h.id, h]));
  assert.equal(by.late.daysOverdue, 81, 'from 2026-08-31 to 2026-11-20');
  assert.equal(by.soon.daysOverdue, 0, 'due 2026-11-25: not overdue on 2026-11-20');
  const w = Object.fromEntries(m.workload().map((r) => [r.owner, r]));
  assert.equal(w.wang.openProblems, 2);
  assert.equal(w.wang.overdueProblems, 1, 'not every open problem is overdue');
  assert.equal(m.setAsOf('2026-12-01'), '2026-12-01');
  assert.equal(m.nearestProblems(112.6012, 26.9003, 1, {})[0].daysOverdue, 92);
  assert.equal(m.setAsOf(null), AS_OF, 'back to the data\'s date');
  assert.throws(() => m.setAsOf('2026-13-01'), /asOf: `2026-13-01` is not a date/);
  // "Last 7 days" of the heatmap counts back from the ledger date.
  const view = { lng: 112.601, lat: 26.9005, zoom: 17, width: 320, height: 200 };
  m.renderHeat(view, { lastDays: 7 });
  assert.ok(m.heatStats().binned > 0, 'the week before 2026-11-20 has the problem found on 11-19');
  m.renderHeat(view, { lastDays: 7, asOf: '2027-03-01' });
  assert.equal(m.heatStats().binned, 0);
});

test('record a problem, walk it to 已销号 through a failed re-check, with events', async () => {
  const m = loaded();
  const events = [];
  m.onChange((e) => {
    events.push(e);
    // The handler may use the map: it runs after the call has returned.
    assert.equal(m.problem(e.id).id, e.id);
  });
  const card = m.recordProblem({ lng: 112.6007, lat: 26.9006, category: '设施损坏', severity: 2, source: '暗访', point: 'mkt', note: '护栏断裂 <b>', photos: ['IMG_0001.jpg'], by: '王伟' });
  assert.equal(card.id, 'P20261120-001');
  assert.equal(card.status, 'open');
  assert.equal(card.found, AS_OF);
  assert.equal(card.deadline, '2026-11-27', 'facilities: 7 days');
  assert.equal(card.cell, 'c0');
  assert.equal(card.pointName, '红湖农贸市场');
  assert.equal(card.street, '蒸湘街道');
  assert.equal(card.community, '红湖社区');
  assert.equal(card.chain.cellOwner, 'li');
  assert.equal(card.note, '护栏断裂 <b>');
  assert.deepEqual(card.photos, ['IMG_0001.jpg']);
  assert.deepEqual(card.allowed, ['start', 'extend']);
  assert.equal(events.length, 0, 'events come in a microtask, after the call');
  await tick();
  assert.equal(events.length, 1);
  assert.equal(events[0].action, 'record');
  assert.equal(events[0].before, null);
  assert.equal(events[0].after.type, 'Feature');
  assert.equal(events[0].after.properties.status, 'open');
  assert.equal(events[0].replayed, false);

  const id = card.id;
  assert.throws(() => m.stepProblem(id, { action: 'pass', by: '李娜' }),
    /problem `P20261120-001` is open \(待整改\): cannot pass \(复查通过\); allowed now: start \(开始整改\), extend \(延期\)/);
  m.stepProblem(id, { action: '开始整改', by: '王伟', note: '已通知责任单位' });
  const ext = m.stepProblem(id, { action: 'extend', by: '王伟', reason: '等护栏材料', days: 3 });
  assert.equal(ext.deadline, '2026-11-30');
  assert.deepEqual(ext.extension, { from: '2026-11-27', reason: '等护栏材料' });
  assert.throws(() => m.stepProblem(id, { action: 'extend', by: '王伟', reason: '再等', days: 1 }), /already extended once/);
  m.stepProblem(id, { action: 'submit', by: '王伟', on: '2026-11-21' });
  const failed = m.stepProblem(id, { action: '复查未通过', by: '李娜', on: '2026-11-22', note: '护栏仍松动' });
  assert.equal(failed.status, 'rectifying');
  m.stepProblem(id, { action: 'submit', by: '王伟', on: '2026-11-23' });
  const closed = m.stepProblem(id, { action: 'pass', by: '李娜', on: '2026-11-24' });
  assert.equal(closed.status, 'closed');
  assert.deepEqual(closed.allowed, ['reopen']);
  assert.throws(() => m.stepProblem(id, { action: 'start', by: 'x' }), /is closed \(已销号\): cannot start/);
  const h = m.problemHistory(id);
  assert.deepEqual(h.map((s) => s.action), ['record', 'start', 'extend', 'submit', 'fail', 'submit', 'pass']);
  assert.deepEqual(h[4], { action: 'fail', on: '2026-11-22', by: '李娜', note: '护栏仍松动', status: 'rectifying', deadline: '2026-11-30' });
  await tick();
  assert.equal(events.length, 7);
  assert.deepEqual(events.map((e) => e.seq), [1, 2, 3, 4, 5, 6, 7]);
  assert.equal(events[4].before.properties.status, 'submitted');
  assert.equal(events[4].after.properties.status, 'rectifying');

  // The export carries the history and loads back to the same problems.
  const text = m.exportProblems();
  const again = new CivicMap();
  assert.equal(again.loadProblems(text).loaded, 4);
  assert.equal(again.exportProblems(), text);
  assert.deepEqual(again.problemHistory(id), h);
});

test('the journal replays into a fresh map, all or nothing', async () => {
  const m = loaded();
  const a = m.recordProblem({ lng: 112.6021, lat: 26.9008, category: 'garbage', severity: 1, source: 'complaint', by: '12345热线' });
  m.stepProblem(a.id, { action: 'start', by: '环卫所' });
  m.stepProblem('late', { action: 'submit', by: '城管局', note: '已清理' });
  const journal = m.exportJournal();
  const lines = journal.trim().split('\n');
  assert.equal(lines.length, 3);
  assert.deepEqual(Object.keys(JSON.parse(lines[0])), ['v', 'seq', 'kind', 'action', 'id', 'before', 'after']);

  const fresh = loaded();
  const heard = [];
  fresh.onChange((e) => heard.push(e));
  assert.equal(fresh.applyJournal(journal), 3);
  assert.equal(fresh.exportProblems(), m.exportProblems());
  assert.equal(fresh.exportJournal(), journal);
  await tick();
  assert.deepEqual(heard.map((e) => [e.seq, e.replayed]), [[1, true], [2, true], [3, true]]);

  const before = fresh.exportProblems();
  assert.throws(() => fresh.applyJournal(journal), /journal line 1: problem `P20261120-001` \(record\): it is already in the ledger.*nothing of the journal was applied/);
  assert.throws(() => loaded().applyJournal(lines[1]), /journal line 1: problem `P20261120-001` \(start\): it is not in the ledger/);
  assert.throws(() => loaded().applyJournal(`${lines[0]}\nnot json`), /journal line 2: not JSON/);
  assert.equal(fresh.exportProblems(), before, 'a refused journal changes nothing');
  assert.equal(fresh.applyJournal('\n\n'), 0);
});

test('search: source, deadline windows, days overdue, sort, radius and total', () => {
  const m = loaded();
  for (let i = 0; i < 5; i++) {
    m.recordProblem({ lng: 112.6001 + i * 0.0004, lat: 26.9001, category: i % 2 ? 'parking' : 'facilities', severity: 1, source: i % 2 ? '明查' : '暗访', found: `2026-11-0${i + 1}`, by: 'x' });
  }
  const all = m.searchProblems(112.6, 26.9, 3, null, 'daysOverdue', {});
  assert.equal(all.total, 8);
  assert.equal(all.hits.length, 3);
  assert.equal(all.hits[0].id, 'late');
  for (let i = 1; i < all.hits.length; i++) assert.ok(all.hits[i - 1].daysOverdue >= all.hits[i].daysOverdue);
  const covert = m.searchProblems(112.6, 26.9, 20, null, null, { source: '暗访' });
  assert.deepEqual(covert.hits.map((h) => h.source), Array(covert.total).fill('covert_inspection'));
  assert.equal(covert.total, 4);
  const near = m.searchProblems(112.6, 26.9, 20, 60, 'distance', {});
  assert.ok(near.hits.every((h) => h.distanceM <= 60));
  assert.equal(near.total, near.hits.length);
  const due = m.searchProblems(112.6, 26.9, 20, null, 'deadline', { deadlineFrom: '2026-11-20', deadlineTo: '2026-11-30' });
  assert.deepEqual(due.hits.map((h) => h.id), ['soon']);
  const band = m.searchProblems(112.6, 26.9, 20, null, null, { minDaysOverdue: 10, maxDaysOverdue: 20 });
  assert.ok(band.hits.every((h) => h.daysOverdue >= 10 && h.daysOverdue <= 20) && band.total > 0);
  const hit = all.hits[0];
  assert.equal(hit.found, '2026-08-24');
  assert.equal(hit.street, '蒸湘街道');
  assert.throws(() => m.searchProblems(112.6, 26.9, 5, null, 'nearest', {}), /unknown order `nearest`/);
  assert.throws(() => m.searchProblems(112.6, 26.9, 5, -1, null, {}), /radiusM/);
  assert.throws(() => m.searchProblems(112.6, 26.9, 5, null, null, { sources: 'x' }), /unknown field `sources`/);
  assert.throws(() => m.nearestProblems(112.6, 26.9, 5, { source: 'radio' }), /unknown source `radio`/);
});

test('the time-limit table: defaults, a city\'s own, and bad tables', () => {
  const m = loaded();
  const t = m.timeLimits();
  assert.equal(t.days.garbage, 1);
  assert.equal(t.days.facilities, 7);
  assert.equal(t.maxDaysBySeverity['3'], 1);
  assert.equal(t.maxDaysBySource.media, 1);
  assert.equal(t.maxExtensionDays, 7);
  const own = m.loadTimeLimits(JSON.stringify({ days: { 设施损坏: 5 }, maxExtensionDays: 3 }));
  assert.equal(own.days.facilities, 5);
  assert.equal(own.days.garbage, 1, 'left out: the default');
  assert.equal(m.recordProblem({ lng: 112.6, lat: 26.9, category: 'facilities', severity: 1, source: 'open_inspection' }).deadline, '2026-11-25');
  assert.throws(() => m.loadTimeLimits('{"days":{"litter":1}}'), /not a time-limit table: days: unknown problem category `litter`/);
  assert.equal(m.timeLimits().days.facilities, 5, 'a bad table changes nothing');
});

test('bad input is a plain error, never a panic', () => {
  const m = loaded();
  for (const [call, re] of [
    [() => m.recordProblem(), /recordProblem: give/],
    [() => m.recordProblem({ lng: 112.6, lat: 26.9, category: 'garbage', severity: 1 }), /field `source`: missing/],
    [() => m.recordProblem({ lng: 112.6, lat: 26.9, category: 'garbage', severity: 1, source: 'x', colour: 1 }), /unknown field `colour`/],
    [() => m.recordProblem({ lng: NaN, lat: 26.9, category: 'garbage', severity: 1, source: '明查' }), /lng/],
    [() => m.recordProblem({ lat: 26.9, category: 'garbage', severity: 1, source: '明查' }), /give both `lng` and `lat`/],
    [() => m.recordProblem({ lng: 112.6, lat: 26.9, category: 'garbage', severity: 1, source: '明查', photos: ['javascript:alert(1)'] }), /not a photo reference/],
    [() => m.stepProblem('nope', { action: 'start', by: 'x' }), /unknown problem `nope`/],
    [() => m.stepProblem('late', { action: 'close', by: 'x' }), /unknown step `close`/],
    [() => m.stepProblem('late', { action: 'submit' }), /say who takes the step/],
    [() => m.stepProblem('late', { action: 'submit', by: 'x', on: '2026-08-01' }), /before the day it was found/],
    [() => m.stepProblem('late', null), /stepProblem: give/],
    [() => m.applyJournal('{"v":1}'), /journal line 1/],
    [() => m.loadTimeLimits('[]'), /not a time-limit table/],
  ]) {
    assert.throws(call, (e) => e instanceof Error && re.test(e.message), String(call));
  }
  assert.equal(m.problem('nope'), undefined);
  // The map still works after every refusal.
  assert.equal(m.nearestProblems(112.6, 26.9, 1, {}).length, 1);
});
