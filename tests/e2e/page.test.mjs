// The page (www/index.html) in headless Chromium with the fixture data: the heatmap
// paints, the supervisor search lists the expected problems in order, selecting and
// assigning cells updates the workload table and the exports, data text never runs
// as HTML, and rejected features are listed. Also saves the README screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { session, watch, readFixture, SHOTS, ROOT } from './helpers.mjs';

const AS_OF = '2026-11-23';
const PAGE = `/www/?data=../tests/e2e/fixtures/&outline=../tests/e2e/fixtures/outline.geojson&asOf=${AS_OF}`;
const env = session();

async function open(query = '', viewport = { width: 1280, height: 800 }) {
  const page = await env.browser.context.newPage();
  await page.setViewportSize(viewport);
  const seen = watch(page);
  await page.goto(`${env.srv.url}${PAGE}${query}`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 20000 });
  await settle(page);
  return { page, seen };
}

/** Waits for two animation frames, so the map has drawn. */
const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** Page (CSS) coordinates of a location on the map. */
async function toPage(page, lng, lat) {
  return page.evaluate(([lng, lat]) => {
    const m = document.getElementById('map');
    const r = m.getBoundingClientRect();
    const [x, y] = m.lngLatToPixel(lng, lat);
    return [r.left + x, r.top + y];
  }, [lng, lat]);
}

/** RGBA of the map canvas at a location. */
async function pixelAt(page, lng, lat) {
  return page.evaluate(([lng, lat]) => {
    const m = document.getElementById('map');
    const c = m.shadowRoot.querySelector('canvas');
    const [x, y] = m.lngLatToPixel(lng, lat);
    const pr = m.view.pixelRatio;
    return [...c.getContext('2d').getImageData(Math.round(x * pr), Math.round(y * pr), 1, 1).data];
  }, [lng, lat]);
}

function haversineM(a, b) {
  const r = Math.PI / 180;
  const h = Math.sin(((b[1] - a[1]) * r) / 2) ** 2 + Math.cos(a[1] * r) * Math.cos(b[1] * r) * Math.sin(((b[0] - a[0]) * r) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

test('an outline the core refuses is reported on the page; one that cannot be fetched is not', async () => {
  const heads = {};
  for (const [name, outline] of [['refused', 'owners.json'], ['areas', 'points.geojson'], ['missing', 'no-such-outline.geojson']]) {
    const page = await env.browser.context.newPage();
    const seen = watch(page);
    await page.goto(`${env.srv.url}/www/?data=../tests/e2e/fixtures/&outline=../tests/e2e/fixtures/${outline}&asOf=${AS_OF}`);
    await page.waitForSelector('body[data-ready=true]', { timeout: 20000 });
    heads[name] = await page.$$eval('#file-results .file-result', (ds) => ds.map((d) => d.textContent));
    // The missing file's 404 is the browser's own console line; nothing else.
    assert.deepEqual(seen.errors.filter((e) => !(name === 'missing' && /404/.test(e))), [], name);
    await page.close();
  }
  const credit = (name) => heads[name].filter((h) => h.startsWith('数据来源'));
  assert.equal(credit('refused').length, 1, JSON.stringify(heads.refused));
  assert.match(credit('refused')[0], /GeoJSON|FeatureCollection/);
  // Points are not areas: each named with its reason.
  assert.equal(credit('areas').length, 1, JSON.stringify(heads.areas));
  assert.match(credit('areas')[0], /expected a Polygon or MultiPolygon, got Point/);
  assert.deepEqual(credit('missing'), [], JSON.stringify(heads.missing));
});

test('the heatmap paints where the problems cluster', async () => {
  const { page, seen } = await open();
  await page.evaluate(() => document.getElementById('map').setLayer('problems', false));
  await settle(page);
  // The fixture puts 30 of 60 problems in a 1.5-cell square; its centre is the peak.
  const hot = [112.56 + 0.003 * 1.75, 26.88 + 0.003 * 1.75];
  const cold = [112.56 + 0.003 * 7.2, 26.88 + 0.003 * 5.2];
  const hotOn = await pixelAt(page, ...hot);
  const coldOn = await pixelAt(page, ...cold);
  await page.evaluate(() => document.getElementById('map').setLayer('heat', false));
  await settle(page);
  const hotOff = await pixelAt(page, ...hot);
  const coldOff = await pixelAt(page, ...cold);
  const diff = (a, b) => Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]);
  // Palette-independent: the heatmap changes the peak a lot and the empty corner little.
  assert.ok(diff(hotOn, hotOff) > 120, `the peak is coloured: ${hotOn} vs ${hotOff}`);
  assert.ok(diff(coldOn, coldOff) < 40, `the far corner is not: ${coldOn} vs ${coldOff}`);
  assert.ok(diff(hotOn, hotOff) > 3 * diff(coldOn, coldOff));
  // A week's window (周通报) before 2026-11-23 holds none of the October problems.
  await page.evaluate(() => document.getElementById('map').setLayer('heat', true));
  await page.selectOption('#heat-window', '7');
  await settle(page);
  assert.ok(diff(await pixelAt(page, ...hot), hotOff) < 40, 'an empty window draws nothing');
  await page.selectOption('#heat-window', '');
  await settle(page);
  assert.ok(diff(await pixelAt(page, ...hot), hotOff) > 120, 'all dates again');
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test('supervisor: a click on the map lists the nearest open problems, nearest first', async () => {
  const { page, seen } = await open();
  const here = [112.5655, 26.8851];
  await page.click('#locate-pick');
  const [x, y] = await toPage(page, ...here);
  await page.mouse.click(x, y);
  await page.waitForSelector('#results li');
  const shown = await page.$$eval('#results .hit', (bs) => bs.map((b) => b.dataset.id));
  const clicked = await page.evaluate(() => [document.getElementById('map').location.lng, document.getElementById('map').location.lat]);
  assert.ok(haversineM(clicked, here) < 5, 'the click lands where it was aimed');
  // Oracle: every open or rectifying fixture problem by haversine distance.
  const want = readFixture('problems.geojson').features
    .filter((f) => f.properties.status === 'open' || f.properties.status === 'rectifying')
    .map((f) => [f.id, haversineM(clicked, f.geometry.coordinates)])
    .sort((a, b) => a[1] - b[1])
    .slice(0, 20);
  assert.deepEqual(shown, want.map(([id]) => id));
  // Distances are shown, increasing; the chain names owners.
  const first = await page.$eval('#results .hit', (b) => b.textContent);
  assert.match(first, new RegExp(`${Math.round(want[0][1])} 米`));
  assert.match(first, /网格责任人/);
  assert.match(first, /责任区责任人: 李娜（区委）\[1\]/);
  // Filters: overdue only → every listed problem shows days overdue > 0.
  await page.check('#f-overdue');
  const overdue = await page.$$eval('#results .hit .overdue', (s) => s.length);
  const all = await page.$$eval('#results .hit', (s) => s.length);
  assert.ok(all > 0 && overdue === all, `${overdue} of ${all} overdue`);
  await page.uncheck('#f-overdue');
  // A result click flies to the problem.
  const target = readFixture('problems.geojson').features.find((f) => f.id === want[3][0]).geometry.coordinates;
  await page.click(`#results .hit >> nth=3`);
  await page.waitForFunction(([lng, lat]) => {
    const v = document.getElementById('map').view;
    return Math.abs(v.lng - lng) < 1e-6 && Math.abs(v.lat - lat) < 1e-6;
  }, target, { timeout: 5000 });
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test('planner: box select, assign, workload, undo/redo and both exports', async () => {
  const { page, seen } = await open('&mode=planner');
  await page.click('.tools [data-tool=box]');
  // A box over the 3 × 2 cells of columns 4-6, rows 3-4 (cell centres inside).
  const a = await toPage(page, 112.56 + 0.003 * 4.2, 26.88 + 0.003 * 4.8);
  const b = await toPage(page, 112.56 + 0.003 * 6.8, 26.88 + 0.003 * 3.2);
  await page.mouse.move(...a);
  await page.mouse.down();
  await page.mouse.move(a[0] + 20, a[1] + 20, { steps: 3 });
  await page.mouse.move(...b, { steps: 5 });
  await page.mouse.up();
  assert.equal(await page.textContent('#sel-count'), '6');
  // A click adds one more cell (g00, bottom left) in click mode.
  await page.click('.tools [data-tool=click]');
  await page.mouse.click(...(await toPage(page, 112.5615, 26.8815)));
  assert.equal(await page.textContent('#sel-count'), '7');
  const selected = await page.evaluate(() => [...document.getElementById('map').selection].sort());
  assert.deepEqual(selected, ['g00', 'g34', 'g35', 'g36', 'g44', 'g45', 'g46']);

  await page.fill('#owner-search', '赵');
  assert.equal(await page.$eval('#owner-list', (s) => s.options.length), 1);
  assert.equal(await page.$eval('#owner-list', (s) => s.value), 'o3');
  const cellsOf = (owner) => page.$eval(`#workload tr[data-owner=${owner}] td.cells span`, (s) => Number(s.textContent));
  assert.equal(await cellsOf('o3'), 0);
  await page.click('#assign');
  // o3 is a level-3 leader and cells are level 4: the core's warning comes first.
  assert.equal(await page.isVisible('#assign-check'), true);
  assert.match(await page.textContent('#assign-warnings'), /层级不符/);
  await page.click('#assign-confirm');
  assert.equal(await cellsOf('o3'), 7);
  assert.equal(await page.textContent('#sel-count'), '0', 'the selection clears after assigning');
  const unassigned = await page.$eval('#coverage [data-kind=unassignedCells] .count', (s) => s.textContent);
  assert.equal(unassigned, ` (${48 - 2 - 7})`);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-cells')]);
  const cells = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  const held = cells.features.filter((f) => f.properties.owner === 'o3').map((f) => f.id).sort();
  assert.deepEqual(held, selected);

  const [csvDl] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
  const csv = fs.readFileSync(await csvDl.path());
  assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const lines = csv.toString('utf8').slice(1).trim().split('\r\n');
  assert.equal(lines.length, 1 + 48);
  assert.match(lines[0], /^网格编码,网格名称,街道,街道责任人,/);
  // The core's table: g34 (code 4304080028) lies in 蒸湘街道 (李娜) and is now 赵强's.
  assert.ok(lines.some((l) => l.startsWith('4304080028,') && l.includes(',蒸湘街道,李娜,') && l.endsWith(',赵强')), lines.find((l) => l.startsWith('4304080028,')));

  await page.click('#undo');
  assert.equal(await cellsOf('o3'), 0);
  await page.click('#redo');
  assert.equal(await cellsOf('o3'), 7);
  // Unassign two of them.
  await page.evaluate(() => document.getElementById('map').select(['g34', 'g35']));
  await page.click('#unassign');
  assert.equal(await cellsOf('o3'), 5);
  // Rows far from the mean are marked (o3 holds 5, o2 holds 2: mean 3.5).
  assert.equal(await page.$eval('#workload tr[data-owner=o3]', (r) => r.className), 'heavy');
  assert.equal(await page.$eval('#workload tr[data-owner=o2]', (r) => r.className), 'light');
  assert.equal(await page.textContent('#imbalance'), (5 / 3.5).toFixed(2));
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test('planner: lasso selects the cells whose centres it encloses; coverage items show themselves', async () => {
  const { page } = await open('&mode=planner');
  await page.click('.tools [data-tool=lasso]');
  const ring = [[0.2, 0.2], [2.8, 0.2], [2.8, 1.8], [0.2, 1.8]].map(([i, j]) => [112.56 + 0.003 * i, 26.88 + 0.003 * j]);
  const pts = [];
  for (const p of ring) pts.push(await toPage(page, ...p));
  await page.mouse.move(...pts[0]);
  await page.mouse.down();
  for (const p of [...pts.slice(1), pts[0]]) await page.mouse.move(...p, { steps: 4 });
  await page.mouse.up();
  const selected = await page.evaluate(() => [...document.getElementById('map').selection].sort());
  assert.deepEqual(selected, ['g00', 'g01', 'g02', 'g10', 'g11', 'g12']);
  // The selection shows at once (blue over the cell), and goes when cleared.
  await settle(page);
  const inside = [112.56 + 0.003 * 1.2, 26.88 + 0.003 * 1.2];
  const blue = await pixelAt(page, ...inside);
  assert.ok(blue[2] > blue[0] + 40, `selected cell is blue: ${blue}`);
  await page.click('#sel-clear');
  await settle(page);
  const plain = await pixelAt(page, ...inside);
  assert.ok(plain[2] < plain[0] + 20, `cleared: ${plain}`);
  // Conflicts: cells where the two level-3 zones overlap (column 2, rows 0-1).
  await page.click('#coverage [data-kind=conflicts] summary');
  const items = await page.$$eval('#coverage [data-kind=conflicts] li button', (b) => b.map((x) => x.textContent));
  assert.equal(items.length, 2);
  assert.match(items[0], /^g02: 赵强（红湖社区居委会） \/ 陈静（区市场监管局） \[3\]$/);
  await page.click('#coverage [data-kind=conflicts] li button >> nth=0');
  await page.waitForFunction(() => document.getElementById('map').highlight?.id === 'g02');
  await page.close();
});

test('data text never runs as HTML, and rejected features are listed with reasons', async () => {
  const { page, seen } = await open('&mode=planner');
  await page.exposeFunction('__pwned', () => seen.dialogs.push('called'));
  // Hover the point and the cell whose names are `<img src=x onerror=alert(1)>`.
  const evilPoint = readFixture('points.geojson').features[0].geometry.coordinates;
  await page.mouse.move(...(await toPage(page, ...evilPoint)));
  const tip = await page.evaluate(() => document.getElementById('map').shadowRoot.querySelector('.tooltip').textContent);
  assert.match(tip, /<img src=x onerror=alert\(1\)>/, 'shown as text');
  await page.mouse.move(...(await toPage(page, 112.5605, 26.8805)));
  // Owner o5's name is the same string: it shows in the owner list and workload table.
  await page.fill('#owner-search', 'img');
  assert.equal(await page.$eval('#owner-list option', (o) => o.textContent.startsWith('<img')), true);
  // A file with a bad category naming the string, through the file picker.
  await page.setInputFiles('#file-input', path.join(ROOT, 'tests/e2e/fixtures/bad-points.geojson'));
  await page.waitForSelector('#file-results table.rejected');
  const rows = await page.$$eval('#file-results table.rejected tr', (trs) => trs.slice(1).map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.equal(rows.length, 2);
  assert.deepEqual(rows.map((r) => [r[0], r[1], r[2]]), [['1', 'bad-cat', 'category'], ['2', 'far', 'geometry']]);
  assert.match(rows[0][3], /accepted/);
  await page.waitForTimeout(300);
  const imgs = await page.evaluate(() => document.querySelectorAll('img').length + document.getElementById('map').shadowRoot.querySelectorAll('img').length);
  assert.equal(imgs, 0, 'no element was made from data text');
  assert.deepEqual(seen.dialogs, [], 'no alert ran');
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test('English switch relabels the page', async () => {
  const { page } = await open();
  await page.click('#lang');
  assert.equal(await page.textContent('#mode-planner'), 'Planner');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.click('#lang');
  assert.equal(await page.textContent('#mode-planner'), '规划');
  await page.close();
});

test('screenshots of both modes and the phone layout', async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  const demo = fs.existsSync(path.join(ROOT, 'data/demo/cells.geojson'));
  const data = demo ? '' : PAGE.slice('/www/?'.length);
  const go = async (page, q) => {
    await page.goto(`${env.srv.url}/www/?${data}${q}`);
    await page.waitForSelector('body[data-ready=true]', { timeout: 60000 });
    await settle(page);
  };
  const page = await env.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await go(page, '&mode=supervisor');
  const centre = await page.evaluate(() => { const v = document.getElementById('map').view; return [v.lng, v.lat]; });
  // As after "my location": the nearest problems, the map flown to them.
  await page.evaluate(async ([lng, lat]) => {
    const m = document.getElementById('map');
    m.setLocation(lng, lat, m.locateOptions);
    await m.flyTo(lng, lat, 15);
  }, centre);
  await page.waitForTimeout(300);
  await settle(page);
  await page.screenshot({ path: path.join(SHOTS, 'supervisor.png') });

  await go(page, '&mode=planner');
  await page.evaluate((demo) => {
    const m = document.getElementById('map');
    const ids = JSON.parse(m.exportCellsGeoJSON()).features.map((f) => f.id);
    if (demo) {
      // The demo comes assigned: show a selection, a gap and the table as they are.
      m.unassign(ids.slice(0, 40));
      m.select(ids.slice(40, 60));
      return;
    }
    const owners = m.owners.map((o) => o.id);
    // Hand out the first two thirds of the cells in runs, leaving gaps to show.
    const run = Math.max(1, Math.floor(ids.length / (owners.length * 3)));
    for (let i = 0; i < (ids.length * 2) / 3; i += run) m.assign(owners[(i / run) % owners.length], ids.slice(i, i + run));
    m.select(ids.slice(-Math.min(6, ids.length)));
  }, demo);
  await settle(page);
  await page.screenshot({ path: path.join(SHOTS, 'planner.png') });

  await page.setViewportSize({ width: 390, height: 844 });
  await go(page, '&mode=supervisor');
  const c2 = await page.evaluate(() => { const v = document.getElementById('map').view; return [v.lng, v.lat]; });
  await page.evaluate(async ([lng, lat]) => {
    const m = document.getElementById('map');
    m.setLocation(lng, lat, m.locateOptions);
    await m.flyTo(lng, lat, 15);
  }, c2);
  await page.waitForTimeout(300);
  await settle(page);
  await page.screenshot({ path: path.join(SHOTS, 'supervisor-phone.png'), fullPage: false });
  await page.close();
  for (const f of ['supervisor.png', 'planner.png', 'supervisor-phone.png']) assert.ok(fs.statSync(path.join(SHOTS, f)).size > 10000);
});

test('map gestures: drag pans, wheel and buttons zoom, pinch zooms, fit restores; scale bar and coordinates follow', async () => {
  const { page, seen } = await open();
  const box = await page.evaluate(() => { const r = document.getElementById('map').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; });
  const [cx, cy] = [box[0] + box[2] / 2, box[1] + box[3] / 2];
  const view = () => page.evaluate(() => ({ ...document.getElementById('map').view }));
  const v0 = await view();
  // Drag 100 px right: the location under the pointer stays under it.
  const before = await page.evaluate(([x, y]) => document.getElementById('map').pixelToLngLat(x, y), [box[2] / 2, box[3] / 2]);
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx + 100, cy + 40, { steps: 5 });
  await page.mouse.up();
  const moved = await page.evaluate(([lng, lat]) => document.getElementById('map').lngLatToPixel(lng, lat), before);
  assert.ok(Math.abs(moved[0] - (box[2] / 2 + 100)) < 0.5 && Math.abs(moved[1] - (box[3] / 2 + 40)) < 0.5, `${moved}`);
  // Wheel in: zoom rises, the location under the cursor stays put.
  await page.mouse.move(cx + 50, cy);
  const under = await page.evaluate(([x, y]) => document.getElementById('map').pixelToLngLat(x, y), [box[2] / 2 + 50, box[3] / 2]);
  await page.mouse.wheel(0, -300);
  await settle(page);
  const v1 = await view();
  assert.ok(v1.zoom > v0.zoom + 0.4, `wheel zoomed: ${v0.zoom} → ${v1.zoom}`);
  const still = await page.evaluate(([lng, lat]) => document.getElementById('map').lngLatToPixel(lng, lat), under);
  assert.ok(Math.abs(still[0] - (box[2] / 2 + 50)) < 0.5, `${still}`);
  // Buttons (inside the shadow root).
  await page.click('civic-map .ctl.zoomOut');
  assert.ok(Math.abs((await view()).zoom - (v1.zoom - 1)) < 1e-9);
  // Coordinates under the cursor, scale bar text.
  const [coords, scale] = await page.evaluate(() => {
    const r = document.getElementById('map').shadowRoot;
    return [r.querySelector('.coords').textContent, r.querySelector('.scale .text').textContent];
  });
  assert.match(coords, /^112\.\d{6}, 26\.\d{6}$/);
  assert.match(scale, /^\d+ (米|千米)$/);
  // Pinch: two touch points moving apart double the distance → zoom + 1.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 2 });
  const z0 = (await view()).zoom;
  const touch = (type, d) => cdp.send('Input.dispatchTouchEvent', {
    type, touchPoints: type === 'touchEnd' ? [] : [{ x: cx - d, y: cy, id: 1 }, { x: cx + d, y: cy, id: 2 }],
  });
  await touch('touchStart', 40);
  for (const d of [50, 60, 70, 80]) await touch('touchMove', d);
  await touch('touchEnd', 80);
  await settle(page);
  const z1 = (await view()).zoom;
  assert.ok(Math.abs(z1 - (z0 + 1)) < 0.05, `pinch: ${z0} → ${z1}`);
  await page.click('civic-map .ctl.fit');
  const v2 = await view();
  assert.ok(Math.abs(v2.zoom - v0.zoom) < 1e-6 && Math.abs(v2.lng - v0.lng) < 1e-9, 'fit returns to the data');
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test('an XYZ tile base map: the right tiles are asked for and drawn under the data', async () => {
  const page = await env.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  const seen = watch(page);
  const asked = [];
  // A 1 × 1 PNG stands in for every tile; the route records what was asked for.
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  await page.route('**/tiles/**', (route) => {
    asked.push(new URL(route.request().url()).pathname);
    return route.fulfill({ status: 200, contentType: 'image/png', body: png });
  });
  await page.goto(`${env.srv.url}${PAGE}&tiles=${encodeURIComponent('/tiles/{z}/{x}/{y}.png')}`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 20000 });
  await page.waitForTimeout(300);
  await settle(page);
  const v = await page.evaluate(() => ({ ...document.getElementById('map').view }));
  const z = Math.round(v.zoom);
  const n = 2 ** z;
  const x = Math.floor(((v.lng + 180) / 360) * n);
  const s = Math.sin((v.lat * Math.PI) / 180);
  const y = Math.floor((0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n);
  assert.ok(asked.includes(`/tiles/${z}/${x}/${y}.png`), `centre tile ${z}/${x}/${y} in ${asked.slice(0, 6)}`);
  // A corner far from the data shows the tile, not the plain background (244,241,234).
  const corner = await page.evaluate(() => {
    const c = document.getElementById('map').shadowRoot.querySelector('canvas');
    return [...c.getContext('2d').getImageData(5, c.height - 40, 1, 1).data];
  });
  assert.notDeepEqual(corner.slice(0, 3), [244, 241, 234]);
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test('on a GCJ-02 base map (AMap/Tencent tiles) the drawing, the heatmap and the clicks shift together', async () => {
  const { wgs84ToGcj02 } = await import('./fixtures/gcj.js');
  const page = await env.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  const seen = watch(page);
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  await page.route('**/tiles/**', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: png }));
  await page.goto(`${env.srv.url}${PAGE}&mode=planner&tilesCrs=gcj02&tiles=${encodeURIComponent('/tiles/{z}/{x}/{y}.png')}`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 20000 });
  await settle(page);
  // Cell g34's centre (WGS-84) is drawn where the public GCJ-02 formula puts it.
  const c = [112.56 + 0.003 * 4.5, 26.88 + 0.003 * 3.5];
  const v = await page.evaluate(() => ({ ...document.getElementById('map').view }));
  const merc = ([lng, lat]) => {
    const s = Math.sin((lat * Math.PI) / 180);
    return [((lng + 180) / 360) * 256 * 2 ** v.zoom, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 256 * 2 ** v.zoom];
  };
  const [gx, gy] = merc(wgs84ToGcj02(...c));
  const [vx, vy] = merc([v.lng, v.lat]);
  const want = [gx - vx + v.width / 2, gy - vy + v.height / 2];
  const [wx, wy] = merc(c);
  assert.ok(Math.hypot(wx - gx, wy - gy) > 20, 'the shift is visible at this zoom');
  const got = await page.evaluate(([lng, lat]) => document.getElementById('map').lngLatToPixel(lng, lat), c);
  assert.ok(Math.hypot(got[0] - want[0], got[1] - want[1]) < 1, `g34 centre at ${got}, formula ${want}`);
  // A click there selects g34.
  const box = await page.evaluate(() => { const r = document.getElementById('map').getBoundingClientRect(); return [r.left, r.top]; });
  await page.mouse.click(box[0] + got[0], box[1] + got[1]);
  assert.deepEqual(await page.evaluate(() => [...document.getElementById('map').selection]), ['g34']);
  // The core's heatmap (drawn in GCJ-02) peaks where the JS-drawn cluster is.
  await page.evaluate(() => { const m = document.getElementById('map'); m.setLayer('assignment', false); m.setLayer('problems', false); m.setLayer('heat', true); });
  await settle(page);
  const hot = [112.56 + 0.003 * 1.75, 26.88 + 0.003 * 1.75];
  const on = await pixelAt(page, ...hot);
  await page.evaluate(() => document.getElementById('map').setLayer('heat', false));
  await settle(page);
  const off = await pixelAt(page, ...hot);
  assert.ok(Math.abs(on[0] - off[0]) + Math.abs(on[1] - off[1]) + Math.abs(on[2] - off[2]) > 120, `${on} vs ${off}`);
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test('phone: "my location" uses geolocation; map above the panel, touch-sized buttons', async () => {
  const here = { longitude: 112.5655, latitude: 26.8851 };
  await env.browser.context.grantPermissions(['geolocation'], { origin: env.srv.url });
  await env.browser.context.setGeolocation(here);
  const { page, seen } = await open('', { width: 390, height: 844 });
  const layout = await page.evaluate(() => {
    const map = document.getElementById('map-host').getBoundingClientRect();
    const panel = document.getElementById('panel').getBoundingClientRect();
    const btn = document.getElementById('locate-me').getBoundingClientRect();
    return { mapBottom: map.bottom, mapWidth: map.width, panelTop: panel.top, btnHeight: btn.height, layersOpen: document.getElementById('layers-box').open };
  });
  assert.ok(layout.mapBottom <= layout.panelTop + 1 && layout.mapWidth >= 389, `map above the panel: ${JSON.stringify(layout)}`);
  assert.ok(layout.btnHeight >= 40, 'buttons big enough to tap');
  assert.equal(layout.layersOpen, false, 'the layer list starts folded on a phone');
  await page.click('#locate-me');
  await page.waitForSelector('#results li');
  const loc = await page.evaluate(() => document.getElementById('map').location);
  assert.ok(Math.abs(loc.lng - here.longitude) < 1e-9 && Math.abs(loc.lat - here.latitude) < 1e-9);
  const want = readFixture('problems.geojson').features
    .filter((f) => f.properties.status !== 'closed')
    .map((f) => [f.id, haversineM([here.longitude, here.latitude], f.geometry.coordinates)])
    .sort((a, b) => a[1] - b[1]);
  assert.equal(await page.$eval('#results .hit', (b) => b.dataset.id), want[0][0]);
  await page.waitForFunction(() => document.getElementById('map').view.zoom >= 15, null, { timeout: 5000 });
  assert.deepEqual(seen.errors, []);
  await env.browser.context.clearPermissions();
  await page.close();
});

test('files dropped on the map load into their guessed layer, with the rejected ones listed', async () => {
  const { page, seen } = await open('&mode=planner');
  const before = await page.evaluate(() => document.getElementById('map').civic.counts());
  await page.evaluate(async () => {
    const text = await (await fetch('../tests/e2e/fixtures/bad-points.geojson')).text();
    const dt = new DataTransfer();
    dt.items.add(new File([text], '点位-新增.geojson', { type: 'application/geo+json' }));
    const m = document.getElementById('map');
    m.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    m.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForSelector('#file-results table.rejected');
  const head = await page.textContent('#file-results .file-head');
  assert.match(head, /^点位-新增\.geojson → 考察点位: 已载入 1, 未载入的要素 2$/);
  const after = await page.evaluate(() => document.getElementById('map').civic.counts());
  assert.equal(after.points, 1, 'loading a layer replaces it');
  assert.equal(after.cells, before.cells);
  // The map draws the new point (a point square where there was none).
  const drawn = await page.evaluate(() => {
    const m = document.getElementById('map');
    return m._points.map((p) => p.id);
  });
  assert.deepEqual(drawn, ['ok1']);
  assert.deepEqual(seen.errors, []);
  await page.close();
});
