// The planner's four-level work in the page (issue 12), in headless Chromium with
// the fixture data: a zone given to a level-1 leader and points to a holder, the
// core's warnings shown before confirming, undo; the workload table sorted and
// clicked; a cell's chain; the responsibility table from the core over a GCJ-02
// base map (issue 11). Saves the README's planner screenshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { session, watch, SHOTS } from './helpers.mjs';

const PAGE = '/www/?data=../tests/e2e/fixtures/&outline=../tests/e2e/fixtures/outline.geojson&asOf=2026-11-23&mode=planner';
const env = session();

async function open(query = '') {
  const page = await env.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  const seen = watch(page);
  await page.goto(`${env.srv.url}${PAGE}${query}`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 20000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return { page, seen };
}

/** Clicks the map at a WGS-84 location. */
async function clickAt(page, lng, lat) {
  const [x, y] = await page.evaluate(([lng, lat]) => {
    const m = document.getElementById('map');
    const r = m.getBoundingClientRect();
    const [x, y] = m.lngLatToPixel(lng, lat);
    return [r.left + x, r.top + y];
  }, [lng, lat]);
  await page.mouse.click(x, y);
}

const chooseOwner = async (page, name) => {
  await page.fill('#owner-search', name);
  assert.equal(await page.$eval('#owner-list', (s) => s.options.length), 1, name);
};
const cell = (page, owner, col) => page.$eval(`#workload tr[data-owner=${owner}] td.${col}`, (td) => td.textContent);

test('a zone to a level-1 leader and points to a holder: warnings first, then undo', async () => {
  const { page, seen } = await open();
  // Zones: a click picks the level-3 zone there (联合社区, z-b, held by 陈静 o4).
  await page.click('.picks [data-pick=zones]');
  await page.selectOption('#zone-level', '3');
  await clickAt(page, 112.5705, 26.8835);
  assert.equal(await page.textContent('#sel-count'), '1');
  assert.deepEqual(await page.evaluate(() => document.getElementById('map').selectedIds()), ['z-b']);
  assert.ok(await page.evaluate(() => document.getElementById('map').shown.length) > 0, 'the zone\'s cells are shown');
  await chooseOwner(page, '李娜');
  assert.equal(await cell(page, 'o1', 'zones'), '1');
  await page.click('#assign');
  // The dry run's answer, before anything changes: wrong level, taken from 陈静.
  assert.equal(await page.isVisible('#assign-check'), true);
  const warned = await page.textContent('#assign-warnings');
  assert.match(warned, /层级不符：李娜（区委）为1级，1个责任区应由3级负责/);
  assert.match(warned, /从以下责任人处收回: 陈静（区市场监管局） \(1\)/);
  assert.equal(await cell(page, 'o1', 'zones'), '1', 'nothing changed yet');
  await page.click('#assign-confirm');
  assert.equal(await page.isVisible('#assign-check'), false);
  assert.equal(await cell(page, 'o1', 'zones'), '2');
  assert.equal(await page.textContent('#sel-count'), '0', 'the selection clears');
  const row = await page.$eval('#workload tr.just-assigned', (r) => r.dataset.owner);
  assert.equal(row, 'o1', 'the new owner\'s row is highlighted');

  // Points: two clicks pick two points; a level-2 owner is the wrong level for points.
  await page.click('.picks [data-pick=points]');
  await clickAt(page, 112.5825, 26.8965); // pt1
  await clickAt(page, 112.5795, 26.8935); // pt2
  assert.deepEqual(await page.evaluate(() => document.getElementById('map').selectedIds().sort()), ['pt1', 'pt2']);
  await chooseOwner(page, '王伟');
  await page.click('#assign');
  assert.match(await page.textContent('#assign-warnings'), /层级不符：王伟（区城管局）为2级，2个点位应由3\/4级负责/);
  await page.click('#assign-cancel');
  assert.equal(await page.isVisible('#assign-check'), false);
  // To a level-4 holder they go at once: no warning, nothing taken.
  await chooseOwner(page, '刘洋');
  await page.click('#assign');
  assert.equal(await page.isVisible('#assign-check'), false);
  const held = await page.evaluate(() => JSON.parse(document.getElementById('map').civic.exportPoints()).features
    .filter((f) => f.properties.owner === 'o6').map((f) => f.id).sort());
  assert.deepEqual(held, ['pt1', 'pt2']);
  assert.equal(await page.$eval('#workload tr[data-owner=o6]', (r) => r.className), 'just-assigned');

  // One history: the points, then the zone.
  await page.click('#undo');
  assert.equal(await page.evaluate(() => JSON.parse(document.getElementById('map').civic.exportPoints()).features
    .filter((f) => f.properties.owner === 'o6').length), 0);
  await page.click('#undo');
  assert.equal(await cell(page, 'o1', 'zones'), '1');
  assert.equal(await cell(page, 'o4', 'zones'), '1');
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test('the workload table sorts by any column and a row shows that owner\'s holdings', async () => {
  const { page, seen } = await open();
  const order = () => page.$$eval('#workload tbody tr', (rs) => rs.map((r) => r.dataset.owner));
  const values = (col) => page.$$eval(`#workload tbody td.${col}`, (tds) => tds.map((t) => Number(t.textContent)));
  await page.click('#workload th[data-sort=openProblems]');
  const open1 = await values('open');
  assert.deepEqual(open1, [...open1].sort((a, b) => b - a), 'descending');
  assert.equal(await page.$eval('#workload th[data-sort=openProblems]', (t) => t.getAttribute('aria-sort')), 'descending');
  await page.click('#workload th[data-sort=openProblems]');
  const open2 = await values('open');
  assert.deepEqual(open2, [...open2].sort((a, b) => a - b), 'ascending');
  await page.click('#workload th[data-sort=level]');
  const levels = await page.$$eval('#workload tbody td.level', (tds) => tds.map((t) => Number(t.textContent) || 9));
  assert.deepEqual(levels, [...levels].sort((a, b) => a - b));
  assert.equal((await order())[0], 'o1', 'level 1 first');
  // The level-1 leader holds the street: his row is not empty, and a click shows all of it.
  assert.ok(Number(await cell(page, 'o1', 'covered')) === 48);
  await page.click('#workload tr[data-owner=o1]');
  assert.equal(await page.$eval('#workload tr[data-owner=o1]', (r) => r.className.includes('shown')), true);
  assert.equal(await page.evaluate(() => document.getElementById('map').shown.length), 48);
  await page.click('#workload tr[data-owner=o3]');
  const shown = await page.evaluate(() => document.getElementById('map').shown.sort());
  const covered = Number(await cell(page, 'o3', 'covered'));
  assert.equal(shown.length, covered);
  const want = await page.evaluate(() => {
    const m = document.getElementById('map');
    return m.data.cells.map((c) => c.id).filter((id) => m.cellChain(id).levels.some((l) => l.holders.includes('o3'))).sort();
  });
  assert.deepEqual(shown, want, 'the cells whose chain names o3');
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test('a clicked cell shows its chain from level 1 down', async () => {
  const { page, seen } = await open();
  await page.click('.tools [data-tool=click]');
  await clickAt(page, 112.5615, 26.8815); // g00: the street, 红湖社区 (赵强)
  const chain = await page.$$eval('#chain ol.chain li', (lis) => lis.map((l) => [l.className, l.textContent]));
  assert.equal(chain.length, 4);
  assert.match(chain[0][1], /^1级 蒸湘街道 — 李娜/);
  assert.equal(chain[1][0], 'missing', 'nobody holds level 2 here');
  assert.match(chain[2][1], /^3级 红湖社区 — 赵强/);
  // g20 lies under both communities: the conflict is marked.
  await clickAt(page, 112.5675, 26.8815);
  assert.equal(await page.$eval('#chain ol.chain li:nth-child(3)', (l) => l.className), 'conflict');
  assert.deepEqual(seen.errors, []);
  if (SHOTS) {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.click('.picks [data-pick=zones]');
    await clickAt(page, 112.5705, 26.8835);
    await page.fill('#owner-search', '李娜');
    await page.click('#assign');
    await page.screenshot({ path: path.join(SHOTS, 'planner-check.png') });
  }
  await page.close();
});

test('over a GCJ-02 base map the responsibility table follows the core\'s zone rule (issue 11)', async () => {
  const { page, seen } = await open('&tilesCrs=gcj02');
  assert.equal(await page.evaluate(() => document.getElementById('map').data.baseCrs), 'gcj02');
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const csv = fs.readFileSync(await dl.path(), 'utf8');
  assert.equal(csv.charCodeAt(0), 0xfeff, 'UTF-8 BOM');
  const [head, ...rows] = csv.slice(1).trim().split('\r\n').map((l) => l.split(','));
  assert.deepEqual(head.slice(0, 4), ['网格编码', '网格名称', '街道', '街道责任人']);
  // Every cell's zone columns: the zones the core's chain names for it (interior point).
  const want = await page.evaluate(() => {
    const m = document.getElementById('map');
    return Object.fromEntries(m.data.cells.map((c) => [c.code, m.cellChain(c.id).levels.map((l) => l.zones.map((z) => z.name).join('、'))]));
  });
  assert.equal(rows.length, 48);
  for (const r of rows) {
    assert.deepEqual([r[2], r[4], r[6], r[8]], want[r[0]], r.join(','));
  }
  // g20 (4304080002) lies under both communities.
  assert.equal(rows.find((r) => r[0] === '4304080002')[6], '红湖社区、联合社区');
  const [xl] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
  const bytes = fs.readFileSync(await xl.path());
  assert.deepEqual([...bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'an .xlsx (zip) file');
  assert.deepEqual(seen.errors, []);
  await page.close();
});
