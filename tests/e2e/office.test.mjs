// The campaign office's page on the demo data in headless Chromium: the 通报 tab
// (the core's ranking for a chosen week and unit, the bottom three highlighted and
// named, printable alone, CSV with formulas defused), a click on the heat (the
// problems making it up, each opening its card), the legend's unit at every zoom,
// and time playback. Saves docs/screenshots/bulletin.png with scripts/screenshots.sh.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { session, watch, SHOTS } from './helpers.mjs';

/** The bulletin tab has finished asking the tables module. */
const settled = (page) => page.waitForFunction(() => !document.body.dataset.bulletinBusy);

const env = session();

async function open(query = '') {
  const page = await env.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  const seen = watch(page);
  await page.goto(`${env.srv.url}/www/?data=../data/demo/${query}`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 30000 });
  await settle(page);
  return { page, seen };
}

const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test('the 通报 tab ranks the week, marks the bottom three and prints alone', async () => {
  const { page, seen } = await open();
  await page.click('#mode-bulletin');
  await page.waitForSelector('#b-table tbody tr');
  await settled(page);
  // The week of the ledger date (2026-11-20), the streets, as the core ranks them.
  assert.equal(await page.inputValue('#b-week'), '2026-W47');
  const want = await page.evaluate(() => document.getElementById('map').tables().then((t) => t.scores({ week: '2026-W47', by: 'street', bottom: 3 })));
  const rows = await page.$$eval('#b-table tbody tr', (trs) => trs.map((tr) => ({
    id: tr.dataset.id, bottom: tr.classList.contains('bottom'), cells: [...tr.cells].map((c) => c.textContent),
  })));
  assert.equal(rows.length, want.units.length);
  assert.equal(rows.length, 5);
  assert.deepEqual(rows.map((r) => r.id), want.units.map((u) => u.id));
  assert.deepEqual(rows.map((r) => r.cells[3]), want.units.map((u) => u.score.toFixed(1)));
  assert.deepEqual(rows.map((r) => r.bottom), want.units.map((u) => u.bottom));
  assert.equal(rows.filter((r) => r.bottom).length, 3);
  const named = await page.$$eval('#b-named .named', (xs) => xs.map((x) => x.textContent));
  assert.deepEqual(named, want.units.filter((u) => u.bottom).map((u) => u.name));
  assert.match(await page.textContent('#b-meta'), /2026-11-16 – 2026-11-22/);
  assert.match(await page.textContent('#b-method'), /明查 0\.4、暗访 0\.6/);
  // The map shows the same week's heat.
  const heat = await page.evaluate(() => document.getElementById('map').heatOptions);
  assert.equal(heat.from, '2026-11-16');
  assert.equal(heat.to, '2026-11-22');

  // Communities, the week before, the bottom five.
  await page.selectOption('#b-by', 'community');
  await page.fill('#b-bottom', '5');
  await page.dispatchEvent('#b-bottom', 'change');
  await page.fill('#b-week', '2026-W46');
  await page.dispatchEvent('#b-week', 'change');
  await settled(page);
  const n = await page.$$eval('#b-table tbody tr', (trs) => trs.length);
  const c = await page.evaluate(() => document.getElementById('map').tables().then((t) => t.scores({ week: '2026-W46', by: 'community', bottom: 5 })));
  assert.equal(n, c.units.length);
  assert.equal(await page.$$eval('#b-table tbody tr.bottom', (trs) => trs.length), c.units.filter((u) => u.bottom).length);
  assert.ok(c.units.filter((u) => u.bottom).length >= 5);
  // Zones need a level; the core's words otherwise never show, the level select does.
  await page.selectOption('#b-by', 'zone');
  assert.equal(await page.isVisible('#b-level'), true);
  await page.selectOption('#b-level', '2');
  await settled(page);
  assert.ok((await page.$$eval('#b-table tbody tr', (trs) => trs.length)) > 0);
  assert.equal(await page.textContent('#b-error'), '');

  // The CSV: a BOM, one row per unit, formula-looking text defused.
  await page.selectOption('#b-by', 'street');
  await page.fill('#b-bottom', '3');
  await page.dispatchEvent('#b-bottom', 'change');
  await page.fill('#b-week', '2026-W47');
  await page.dispatchEvent('#b-week', 'change');
  await settled(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#b-csv')]);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  // Written by the core's CSV writer (the tables module's csvTable): quoted only where needed.
  assert.ok(csv.startsWith('\uFEFF名次,单位,编号'), csv.slice(0, 40));
  assert.equal(csv.trim().split('\r\n').length, 6);

  fs.mkdirSync(SHOTS, { recursive: true });
  await settle(page);
  await page.screenshot({ path: path.join(SHOTS, 'bulletin.png') });
  // Printing shows the bulletin alone: no header, no map, no other panel.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('#map-host'), false);
  assert.equal(await page.isVisible('header'), false);
  assert.equal(await page.isVisible('#b-table'), true);
  assert.equal(await page.isVisible('#b-print'), false);
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test('a click on the heat lists the problems that make it, each opening its card', async () => {
  const { page, seen } = await open();
  // Problems' dots off, so the click lands on the heat; the last 7 days.
  await page.evaluate(() => document.getElementById('map').setLayer('problems', false));
  await page.selectOption('#heat-window', '7');
  await settle(page);
  // The hottest pixel of a coarse scan, as the core attributes it.
  const spot = await page.evaluate(() => {
    const m = document.getElementById('map');
    let best = null;
    for (let y = 20; y < m.view.height - 20; y += 24) {
      for (let x = 20; x < m.view.width - 20; x += 24) {
        const r = m.problemsAt(x, y, 200);
        if (r.count && (!best || r.density > best.r.density)) best = { x, y, r };
      }
    }
    return best;
  });
  assert.ok(spot, 'some heat in view');
  // The parts sum to the density drawn there.
  assert.ok(Math.abs(spot.r.attributed / spot.r.density - 1) < 1e-3, JSON.stringify(spot.r).slice(0, 200));
  const box = await page.evaluate(() => {
    const r = document.getElementById('map').getBoundingClientRect();
    return [r.left, r.top];
  });
  await page.mouse.click(box[0] + spot.x, box[1] + spot.y);
  await page.waitForSelector('#heat-parts-box:not([hidden]) #heat-parts li');
  const items = await page.$$eval('#heat-parts button.hit', (bs) => bs.map((b) => ({ id: b.dataset.id, share: b.querySelector('.share').textContent })));
  assert.equal(items.length, Math.min(20, spot.r.count));
  assert.deepEqual(items.map((i) => i.id), spot.r.problems.slice(0, 20).map((p) => p.id));
  assert.match(await page.textContent('#heat-parts-sum'), /加权问题数\/平方公里/);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, 'heat-click.png') });
  // A part opens its card.
  await page.click(`#heat-parts button.hit[data-id="${items[0].id}"]`);
  await page.waitForSelector(`#card:not([hidden])[data-id="${items[0].id}"]`);
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test('the heat legend says its unit at every zoom', async () => {
  const { page } = await open();
  for (const zoom of [11, 13, 16]) {
    await page.evaluate((z) => document.getElementById('map').setView({ zoom: z }), zoom);
    await settle(page);
    await settle(page);
    const legend = await page.evaluate(() => document.getElementById('map').shadowRoot.querySelector('.legend').textContent);
    assert.match(legend, /加权问题数\/平方公里/, `zoom ${zoom}: ${legend}`);
  }
  await page.click('#lang');
  await settle(page);
  await settle(page);
  const en = await page.evaluate(() => document.getElementById('map').shadowRoot.querySelector('.legend').textContent);
  assert.match(en, /weighted problems per km²/);
  await page.close();
});

test('time playback steps the heat through the weeks or days', async () => {
  const { page, seen } = await open();
  // Twelve weeks up to the ledger date, the last week shown first.
  assert.equal(await page.inputValue('#pb-to'), '2026-11-20');
  assert.equal(await page.inputValue('#pb-from'), '2026-08-29');
  assert.equal(await page.getAttribute('#pb-slider', 'max'), '11');
  const heatAt = () => page.evaluate(() => {
    const o = document.getElementById('map').heatOptions;
    return [o.from, o.to];
  });
  await page.$eval('#pb-slider', (s) => { s.value = '0'; s.dispatchEvent(new Event('input')); });
  assert.deepEqual(await heatAt(), ['2026-08-29', '2026-09-04']);
  assert.equal(await page.textContent('#pb-label'), '2026-08-29 – 2026-09-04');
  await settle(page);
  const binned0 = await page.evaluate(() => document.getElementById('map').civic.heatStats().binned);
  // Play: the window moves on by itself; pause stops it.
  await page.click('#pb-play');
  assert.equal(await page.getAttribute('#pb-play', 'aria-pressed'), 'true');
  await page.waitForFunction(() => Number(document.getElementById('pb-slider').value) >= 2, null, { timeout: 10000 });
  await page.click('#pb-play');
  assert.equal(await page.getAttribute('#pb-play', 'aria-pressed'), 'false');
  const at = Number(await page.inputValue('#pb-slider'));
  await page.waitForTimeout(800);
  assert.equal(Number(await page.inputValue('#pb-slider')), at, 'paused');
  const [from, to] = await heatAt();
  assert.equal((Date.parse(to) - Date.parse(from)) / 864e5, 6);
  await settle(page);
  const binned = await page.evaluate(() => document.getElementById('map').civic.heatStats().binned);
  assert.ok(binned0 > 0 && binned > 0);
  // By day: 84 one-day windows; the slider's end is the ledger date.
  await page.selectOption('#pb-step', '1');
  assert.equal(await page.getAttribute('#pb-slider', 'max'), '83');
  assert.deepEqual(await heatAt(), ['2026-11-20', '2026-11-20']);
  assert.deepEqual(seen.errors, []);
  await page.close();
});
