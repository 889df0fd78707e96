// The hotspot layer on the page in headless Chromium, on the demo data: turned on
// beside the heat, it draws the core's significant Gi* cells (the tables module's
// renderHotspots over the heat layer's window) in the core's colour for each
// confidence, its legend counts are those of the core's hotspots(), it follows the
// view, the window and a recorded problem, shows the core's refusal in the error area,
// and turning it off clears it.
// Saves docs/screenshots/hotspots.png with scripts/screenshots.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { session, watch, SHOTS } from './helpers.mjs';

const env = session();
const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** RGBA of the map canvas at CSS px (x, y). */
const pixel = (page, x, y) => page.evaluate(([x, y]) => {
  const m = document.getElementById('map');
  const pr = m.view.pixelRatio;
  const c = m.shadowRoot.querySelector('canvas.map');
  return [...c.getContext('2d').getImageData(Math.round(x * pr), Math.round(y * pr), 1, 1).data];
}, [x, y]);

/** A point well inside cell `id` in CSS px (every pixel 4 px around it inside the
 * cell's polygon), the one nearest its box's centre; null when none is in view. */
const interior = (page, id) => page.evaluate((id) => {
  const m = document.getElementById('map');
  const cell = m.data.cellById.get(id);
  const path = new Path2D();
  for (const poly of cell.polys) {
    for (const ring of poly) {
      ring.forEach(([lng, lat], i) => {
        const [x, y] = m.lngLatToPixel(lng, lat);
        if (i) path.lineTo(x, y);
        else path.moveTo(x, y);
      });
      path.closePath();
    }
  }
  const g = document.createElement('canvas').getContext('2d');
  const [x0, y0] = m.lngLatToPixel(cell.bbox[0], cell.bbox[3]);
  const [x1, y1] = m.lngLatToPixel(cell.bbox[2], cell.bbox[1]);
  const inside = (x, y) => [[0, 0], [-4, -4], [4, -4], [-4, 4], [4, 4]].every(([dx, dy]) => g.isPointInPath(path, x + dx, y + dy, 'evenodd'));
  const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
  if (cx < 0 || cy < 0 || cx > m.view.width || cy > m.view.height) return null;
  let best = null;
  for (let y = Math.floor(Math.min(y0, y1)); y <= Math.max(y0, y1); y++) {
    for (let x = Math.floor(Math.min(x0, x1)); x <= Math.max(x0, x1); x++) {
      if (x < 5 || y < 5 || x > m.view.width - 5 || y > m.view.height - 5 || !inside(x + 0.5, y + 0.5)) continue;
      const d = (x - cx) ** 2 + (y - cy) ** 2;
      if (!best || d < best.d) best = { x, y, d };
    }
  }
  return best && [best.x, best.y];
}, id);

/** The core's colour `rgba(r,g,b,a)` put over `under` (RGBA 0–255) as the canvas composes it. */
function over(css, under) {
  const [r, g, b, a] = css.match(/[\d.]+/g).map(Number);
  return [r, g, b].map((c, i) => c * a + under[i] * (1 - a));
}

const close = (got, want, tol, what) => {
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(got[i] - want[i]) <= tol, `${what}: got ${got.slice(0, 3)}, want ${want.map(Math.round)}`);
};

test('the hotspot layer draws the core\'s significant cells by confidence, with its counts in the legend', async () => {
  const page = await env.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  const seen = watch(page);
  await page.goto(`${env.srv.url}/www/?data=../data/demo/`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 30000 });
  // The base alone under the hot spots, so each pixel is the core's colour over it;
  // the last 30 days (月点评) on the ledger date.
  for (const l of ['cells', 'zones', 'points', 'problems', 'heat']) await page.uncheck(`#layer-${l}`);
  await page.selectOption('#heat-window', '30');
  await settle(page);
  assert.equal(await page.isChecked('#layer-hotspots'), false, 'off by default');
  assert.equal(await page.evaluate(() => document.getElementById('map').hotspotState), 'off');

  // What the core says of the same window: 2026-10-22 – 2026-11-20 (the demo's ledger date).
  const want = await page.evaluate(() => document.getElementById('map').tables().then((t) => t.hotspots({ from: '2026-10-22', to: '2026-11-20' })));
  const byConf = (k) => want.cells.filter((c) => c.confidence === k);
  // The demo's problems cluster (no cell can be a cold spot: most cells have none).
  assert.ok(want.hot[2] > 0, JSON.stringify({ hot: want.hot, cold: want.cold }));
  const legendColour = new Map(want.legend.map((e) => [e.confidence, e.color]));
  // Cells of 100 m are a few pixels at the district's zoom: zoom 16 on the hottest.
  await page.evaluate((id) => {
    const m = document.getElementById('map');
    const b = m.data.cellById.get(id).bbox;
    m.setView({ lng: (b[0] + b[2]) / 2, lat: (b[1] + b[3]) / 2, zoom: 16 });
  }, want.cells[0].cell);
  await settle(page);

  // Cells to check, each with its pixel before the layer is on: the hottest, and one
  // of each other confidence the window has (a cold one too, where there is one).
  const picks = [];
  for (const k of [3, 2, 1, -1, -2, -3]) {
    for (const c of byConf(k)) {
      const at = await interior(page, c.cell);
      if (!at) continue;
      picks.push({ cell: c.cell, k, at, before: await pixel(page, ...at) });
      break;
    }
  }
  assert.deepEqual(picks.map((p) => p.k), [3, 2, 1], `hot cells of each confidence in view: ${JSON.stringify(picks)}`);

  await page.check('#layer-hotspots');
  await page.waitForFunction(() => document.getElementById('map').hotspotState === 'drawn', null, { timeout: 30000 });
  await settle(page);
  const got = await page.evaluate(() => document.getElementById('map').hotspots);
  assert.deepEqual(got.options, { from: '2026-10-22', to: '2026-11-20' });
  assert.deepEqual(got.summary.legend, want.legend);

  for (const p of picks) {
    const now = await pixel(page, ...p.at);
    const expect = over(legendColour.get(p.k), p.before);
    close(now, expect, 3, `cell ${p.cell} confidence ${p.k} at ${p.at}`);
    // The colour is the layer's: it was not there before.
    assert.ok(Math.max(...[0, 1, 2].map((i) => Math.abs(now[i] - p.before[i]))) > 15, `${p.cell} changed`);
  }
  // A cell the core finds not significant stays clear.
  const plain = await page.evaluate(() => {
    const m = document.getElementById('map');
    const sig = new Set(m.hotspots.summary.cells.map((c) => c.cell));
    const seen = (c) => {
      const [x, y] = m.lngLatToPixel((c.bbox[0] + c.bbox[2]) / 2, (c.bbox[1] + c.bbox[3]) / 2);
      return x > 20 && y > 20 && x < m.view.width - 20 && y < m.view.height - 20;
    };
    return m.data.cells.filter((c) => !sig.has(c.id) && seen(c)).map((c) => c.id).slice(0, 40);
  });
  let checkedPlain = 0;
  for (const id of plain) {
    const at = await interior(page, id);
    if (!at) continue;
    await page.uncheck('#layer-hotspots');
    await settle(page);
    const before = await pixel(page, ...at);
    await page.check('#layer-hotspots');
    await page.waitForFunction(() => document.getElementById('map').hotspotState === 'drawn');
    await settle(page);
    close(await pixel(page, ...at), before, 1, `not significant ${id}`);
    checkedPlain++;
    break;
  }
  assert.equal(checkedPlain, 1);

  // The legend: the core's classes, hot 99 % first, each with its count of cells.
  const legend = await page.evaluate(() => [...document.getElementById('map').shadowRoot.querySelectorAll('.legend .sec[data-layer=hotspots] .row')]
    .map((r) => ({ sw: r.querySelector('.sw').hidden ? null : r.querySelector('.sw').style.background, text: r.textContent })));
  assert.equal(legend.length, 1 + want.legend.length);
  assert.match(legend[0].text, /2026-10-22 – 2026-11-20 · \d+ 个问题 · Gi\* 300 m · FDR/);
  want.legend.forEach((e, i) => {
    const row = legend[i + 1];
    assert.equal(row.text, `${e.label.split(' · ')[0]} · ${e.cells}`);
    assert.ok(row.text.endsWith(` · ${e.cells}`));
  });
  assert.equal(want.legend.reduce((s, e) => s + e.cells, 0), await page.evaluate(() => document.getElementById('map').data.cells.length));
  assert.deepEqual(want.legend.filter((e) => e.confidence > 0).map((e) => e.cells), [want.hot[2], want.hot[1] - want.hot[2], want.hot[0] - want.hot[1]]);

  // In English, the English half of the core's labels.
  await page.click('#lang');
  await page.waitForFunction(() => document.getElementById('map').lang === 'en');
  await settle(page);
  const en = await page.evaluate(() => [...document.getElementById('map').shadowRoot.querySelectorAll('.legend .sec[data-layer=hotspots] .row')].map((r) => r.textContent));
  assert.equal(en[1], `hot spot, 99 % confidence · ${want.legend[0].cells}`);
  assert.match(en[0], / problems · Gi\* 300 m/);
  await page.click('#lang');
  await page.waitForFunction(() => document.getElementById('map').lang === 'zh');

  // It follows the view: panned and zoomed in about the hottest cell, the cell is still its colour.
  const hot = picks[0];
  await page.evaluate(([x, y]) => {
    const m = document.getElementById('map');
    const [lng, lat] = m.pixelToLngLat(x + 120, y - 80);
    m.setView({ lng, lat, zoom: m.view.zoom + 0.5 });
  }, hot.at);
  await page.waitForTimeout(400);
  await settle(page);
  const zoomedAt = await interior(page, hot.cell);
  await page.uncheck('#layer-hotspots');
  await settle(page);
  const zoomedBefore = await pixel(page, ...zoomedAt);
  await page.check('#layer-hotspots');
  await page.waitForFunction(() => document.getElementById('map').hotspotState === 'drawn');
  await settle(page);
  close(await pixel(page, ...zoomedAt), over(legendColour.get(hot.k), zoomedBefore), 3, 'after zooming');

  // The window follows the heat layer's: a week's hot spots are the core's for that week.
  await page.selectOption('#heat-window', '7');
  await page.waitForFunction(() => document.getElementById('map').hotspots?.options.from === '2026-11-14');
  const week = await page.evaluate(() => document.getElementById('map').tables().then((t) => t.hotspots({ from: '2026-11-14', to: '2026-11-20' })));
  assert.deepEqual(await page.evaluate(() => document.getElementById('map').hotspots.summary.legend), week.legend);

  // The core's refusal is shown in its words, and nothing stands in for the layer.
  await page.evaluate(() => document.getElementById('map').setHotspotOptions({ bandM: -1 }));
  await page.waitForFunction(() => document.getElementById('map').hotspotState === 'error');
  const error = await page.evaluate(() => document.getElementById('map').shadowRoot.querySelector('.error').textContent);
  assert.match(error, /bandM/);
  assert.equal(await page.evaluate(() => !!document.getElementById('map').shadowRoot.querySelector('.legend .sec[data-layer=hotspots]')), false);
  await page.evaluate(() => document.getElementById('map').setHotspotOptions({ bandM: null }));
  await page.waitForFunction(() => document.getElementById('map').hotspotState === 'drawn');
  assert.equal(await page.evaluate(() => document.getElementById('map').shadowRoot.querySelector('.error').textContent), '');

  // Off: the pixels are the base's again and the legend drops the layer.
  await page.uncheck('#layer-hotspots');
  await settle(page);
  close(await pixel(page, ...zoomedAt), zoomedBefore, 1, 'off again');
  assert.equal(await page.evaluate(() => document.getElementById('map').hotspotState), 'off');
  assert.equal(await page.evaluate(() => !!document.getElementById('map').shadowRoot.querySelector('.legend .sec[data-layer=hotspots]')), false);

  // The picture: the month's hot spots over the cell outlines and zones.
  await page.selectOption('#heat-window', '30');
  for (const l of ['cells', 'zones']) await page.check(`#layer-${l}`);
  await page.evaluate((id) => {
    const m = document.getElementById('map');
    const b = m.data.cellById.get(id).bbox;
    m.setView({ lng: (b[0] + b[2]) / 2 - 0.01, lat: (b[1] + b[3]) / 2, zoom: 14 });
  }, want.cells[0].cell);
  await page.check('#layer-hotspots');
  await page.waitForFunction(() => document.getElementById('map').hotspotState === 'drawn');
  await page.waitForTimeout(400);
  await settle(page);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, 'hotspots.png') });

  // A problem recorded in the window: the tables module is built again and counts it.
  const more = await page.evaluate(async (id) => {
    const m = document.getElementById('map');
    const b = m.data.cellById.get(id).bbox;
    m.recordProblem({ lng: (b[0] + b[2]) / 2, lat: (b[1] + b[3]) / 2, category: 'garbage', severity: 1, source: 'open_inspection', found: '2026-11-20', by: 'e2e' });
    // The core tells of the change in a microtask; the tables module is built again after it.
    await new Promise((r) => setTimeout(r, 0));
    const t = await m.tables();
    return t.hotspots({ from: '2026-10-22', to: '2026-11-20' }).problems;
  }, want.cells[0].cell);
  assert.equal(more, want.problems + 1);
  await page.waitForFunction((n) => document.getElementById('map').hotspots?.summary.problems === n, more);
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test('while the tables module loads the layer says so, and a failed load is shown, not retried each frame', async () => {
  const page = await env.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  const seen = watch(page);
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/pkg-tables/civicmap_bg.wasm', async (route) => {
    await held;
    await route.abort('failed');
  });
  await page.goto(`${env.srv.url}/www/?data=../data/demo/`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 30000 });
  await page.check('#layer-hotspots');
  await page.waitForFunction(() => document.getElementById('map').hotspotState === 'loading');
  const status = () => page.evaluate(() => document.getElementById('map').shadowRoot.querySelector('.status').textContent);
  assert.equal(await status(), '正在计算热点…');
  release();
  await page.waitForFunction(() => document.getElementById('map').hotspotState === 'error');
  assert.equal(await status(), '');
  const error = await page.evaluate(() => document.getElementById('map').shadowRoot.querySelector('.error [data-part=hotspots]')?.textContent);
  assert.match(error ?? '', /^热点（Gi\* 显著性）: /);
  // No frame loop: a few frames later nothing has been drawn again.
  const asked = await page.evaluate(() => new Promise((r) => {
    const m = document.getElementById('map');
    let n = 0;
    m.requestRender = () => { n++; delete m.requestRender; m.requestRender(); };
    setTimeout(() => { delete m.requestRender; r(n); }, 500);
  }));
  assert.equal(asked, 0, 'frames asked for after the failure');
  // Turned off, the error goes with the layer.
  await page.uncheck('#layer-hotspots');
  await settle(page);
  assert.equal(await page.evaluate(() => document.getElementById('map').shadowRoot.querySelector('.error [data-part=hotspots]')), null);
  // The aborted fetch is the only error the console saw.
  assert.ok(seen.errors.every((e) => /pkg-tables|Failed to fetch|wasm|WebAssembly|ERR_FAILED/i.test(e)), seen.errors.join('\n'));
  await page.close();
});
