// The supervisor's field view on a phone (390 × 844) with the demo data: the date
// the page reckons from, the result cards, record a problem at "my location", walk
// it to 已销号 through a failed re-check, find it again after a reload (IndexedDB),
// export the journal and replay it into a fresh map, pick on the map, markers that
// do not stack, touch targets, and the demo's "last 7 days" heatmap. Saves the
// README's field-view screenshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { session, watch, SHOTS } from './helpers.mjs';

const env = session();
const PHONE = { width: 390, height: 844 };
const HERE = { longitude: 112.5727, latitude: 26.8943 };

async function open(query = '') {
  const page = await env.browser.context.newPage();
  await page.setViewportSize(PHONE);
  const seen = watch(page);
  await page.goto(`${env.srv.url}/www/${query}`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 30000 });
  await settle(page);
  return { page, seen };
}

const settle = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const card = (page) => page.evaluate(() => {
  const c = document.getElementById('card');
  return { id: c.dataset.id, status: c.dataset.status, actions: [...c.querySelectorAll('button.act')].map((b) => b.dataset.action) };
});
async function step(page, action, note) {
  if (note) await page.fill('#step-note', note);
  await page.click(`#card button.act[data-action=${action}]`);
  await page.waitForFunction((a) => !document.querySelector(`#card button.act[data-action=${a}]`) || document.getElementById('card').dataset.status, action);
}

test('the field view on a phone: record, walk to 已销号 through a failed re-check, reload, replay', async () => {
  await env.browser.context.grantPermissions(['geolocation'], { origin: env.srv.url });
  await env.browser.context.setGeolocation(HERE);
  let { page, seen } = await open();
  await page.evaluate(() => new Promise((r) => {
    const q = indexedDB.deleteDatabase('civicmap');
    q.onsuccess = q.onerror = q.onblocked = () => r();
  }));
  ({ page, seen } = await (async () => { await page.close(); return open(); })());

  // The date the page reckons from: the data's, shown.
  assert.equal(await page.$eval('#as-of', (e) => e.value), '2026-11-20');

  await page.click('#locate-me');
  await page.waitForSelector('#results li');
  await settle(page);
  // The first card is visible without scrolling and says what a supervisor needs.
  const first = await page.$eval('#results .hit', (b) => ({ bottom: b.getBoundingClientRect().bottom, text: b.innerText }));
  assert.ok(first.bottom <= PHONE.height, `first result within the screen: ${first.bottom}`);
  for (const word of ['发现 2026', '整改期限 2026', '超期', '街道', '社区', '网格责任人']) assert.ok(first.text.includes(word), `${word} in ${first.text}`);
  assert.match(await page.$eval('#results-count', (e) => e.textContent), /显示 20 \/ 共 \d+ · 1\.00 千米 范围内/);
  // Every result lies within the radius.
  const dists = await page.evaluate(() => document.getElementById('map').results.map((h) => h.distanceM));
  assert.ok(dists.every((d) => d <= 1000), `${dists}`);
  // Touch targets of at least 44 px.
  const small = await page.evaluate(() => [...document.querySelectorAll('#supervisor button, #supervisor select, #supervisor input[type=date]')]
    .filter((e) => e.offsetParent && e.getBoundingClientRect().height < 44).map((e) => e.id || e.textContent));
  assert.deepEqual(small, []);
  // Markers do not stack on each other nor on "my location".
  const marks = await page.evaluate(() => {
    const m = document.getElementById('map');
    return { marks: m.markerLayout(), loc: m.lngLatToPixel(m.location.lng, m.location.lat) };
  });
  for (const [i, a] of marks.marks.entries()) {
    assert.ok(Math.hypot(a.x - marks.loc[0], a.y - marks.loc[1]) >= 20, `marker ${i + 1} off the location dot`);
    for (const b of marks.marks.slice(i + 1)) assert.ok(Math.hypot(a.x - b.x, a.y - b.y) >= 22, `markers ${a.i + 1} and ${b.i + 1} apart`);
  }
  const shots = path.join(SHOTS);
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'field-phone.png') });

  // Record a problem at my location.
  await page.click('#record-open');
  await page.selectOption('#r-category', 'facilities');
  await page.selectOption('#r-source', 'covert_inspection');
  await page.fill('#r-note', '护栏断裂 <img src=x onerror=alert(1)>');
  await page.evaluate(() => { document.getElementById('outbox-box').open = true; });
  await page.fill('#my-name', '王伟');
  await page.dispatchEvent('#my-name', 'change');
  await page.click('#r-save');
  await page.waitForSelector('#card:not([hidden])');
  let c = await card(page);
  assert.match(c.id, /^P20261120-\d{3}$/);
  const id = c.id;
  assert.equal(c.status, 'open');
  assert.deepEqual(c.actions, ['start', 'extend']);
  const cardText = await page.$eval('#card', (e) => e.innerText);
  assert.ok(cardText.includes('2026-11-27') && cardText.includes('暗访') && cardText.includes('护栏断裂 <img'), cardText);

  // Walk it: start, extend, submit, fail (with a note), submit, pass.
  await step(page, 'start');
  await page.selectOption('#extend-days', '3');
  await step(page, 'extend', '等护栏材料');
  assert.ok((await page.$eval('#card', (e) => e.innerText)).includes('已延期 2026-11-27 → 2026-11-30: 等护栏材料'));
  await step(page, 'submit');
  await step(page, 'fail', '护栏仍松动');
  c = await card(page);
  assert.equal(c.status, 'rectifying');
  await step(page, 'submit');
  await step(page, 'pass');
  c = await card(page);
  assert.equal(c.status, 'closed');
  assert.deepEqual(c.actions, ['reopen']);
  await page.evaluate(() => document.getElementById('card').scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: path.join(shots, 'card-phone.png') });
  const history = await page.evaluate((id) => document.getElementById('map').civic.problemHistory(id).map((s) => `${s.action}:${s.by}`), id);
  assert.deepEqual(history, ['record:王伟', 'start:王伟', 'extend:王伟', 'submit:王伟', 'fail:王伟', 'submit:王伟', 'pass:王伟']);
  await page.waitForFunction(() => document.getElementById('unsent').textContent === '7');
  const before = await page.evaluate(() => document.getElementById('map').civic.exportProblems());

  // Export the journal (a download) …
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-journal')]);
  const journal = fs.readFileSync(await download.path(), 'utf8');
  assert.equal(journal.trim().split('\n').length, 7);
  // … and replay it into a fresh map of the same data: the same problems.
  const replayed = await page.evaluate(async (journal) => {
    const civic = await import('./pkg/civicmap.js');
    const m = new civic.CivicMap();
    for (const kind of ['cells', 'zones', 'points', 'problems']) {
      const text = await (await fetch(`../data/demo/${kind}.geojson`)).text();
      m[`load${kind[0].toUpperCase()}${kind.slice(1)}`](text);
    }
    const n = m.applyJournal(journal);
    return { n, text: m.exportProblems() };
  }, journal);
  assert.equal(replayed.n, 7);
  assert.equal(replayed.text, before);
  assert.deepEqual(seen.dialogs, [], 'the note never ran as HTML');
  assert.deepEqual(seen.errors, []);

  // Reload: the unsent changes come back from IndexedDB.
  await page.close();
  ({ page, seen } = await open());
  assert.match(await page.$eval('#outbox-status', (e) => e.textContent), /已恢复未发送的变更: 7/);
  const again = await page.evaluate((id) => document.getElementById('map').problem(id), id);
  assert.equal(again.status, 'closed');
  assert.equal(again.history.length, 7);
  assert.equal(await page.evaluate(() => document.getElementById('map').civic.exportProblems()), before);
  assert.deepEqual(seen.errors, []);
  await page.close();
  await env.browser.context.clearPermissions();
});

test('the date is changeable; pick on the map zooms in and ends; a dot opens its card; last 7 days is drawn', async () => {
  const { page, seen } = await open();
  // Days overdue reckon from the data's date, then from a date the user sets.
  const days = () => page.evaluate(() => document.getElementById('map').problem('P003277').daysOverdue);
  assert.equal(await days(), 81);
  await page.fill('#as-of', '2026-12-01');
  await page.dispatchEvent('#as-of', 'change');
  assert.equal(await days(), 92);
  assert.match(await page.$eval('#as-of-source', (e) => e.textContent), /2026-11-20/);
  await page.fill('#as-of', '');
  await page.dispatchEvent('#as-of', 'change');
  assert.equal(await page.$eval('#as-of', (e) => e.value), '2026-11-20');

  // Pick on the map at district zoom: the pick zooms in, and picking ends.
  const zoom0 = await page.evaluate(() => document.getElementById('map').view.zoom);
  assert.ok(zoom0 < 14, `district zoom ${zoom0}`);
  await page.click('#locate-pick');
  assert.equal(await page.$eval('#locate-status', (e) => e.textContent), '在地图上点一下所在位置');
  const box = await page.$eval('#map-host', (e) => { const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; });
  await page.mouse.click(box[0], box[1]);
  await page.waitForFunction(() => document.getElementById('map').view.zoom >= 15, null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => document.getElementById('map').tool), 'pan');
  assert.equal(await page.$eval('#locate-status', (e) => e.textContent), '');
  await page.waitForSelector('#results li');
  await settle(page);

  // A numbered marker opens its problem's card.
  const m1 = await page.evaluate(() => {
    const m = document.getElementById('map');
    const r = m.getBoundingClientRect();
    const k = m.markerLayout()[0];
    return { x: r.left + k.x, y: r.top + k.y, id: k.id };
  });
  await page.mouse.click(m1.x, m1.y);
  await page.waitForSelector('#card:not([hidden])');
  assert.equal((await card(page)).id, m1.id);

  // The weekly bulletin's window counts back from 2026-11-20 and is not empty.
  await page.evaluate(() => { document.getElementById('layers-box').open = true; });
  await page.selectOption('#heat-window', '7');
  await page.evaluate(() => document.getElementById('map').fit());
  await page.waitForFunction(() => document.getElementById('map')._heatBinned > 0, null, { timeout: 5000 });
  const legend = await page.evaluate(() => document.getElementById('map').shadowRoot.querySelector('.legend').innerText);
  assert.ok(!legend.includes('此时段没有问题'), legend);
  // Reckoned from a later day, the same window is empty, and the legend says so.
  await page.evaluate(() => { document.getElementById('map').asOf = '2027-03-01'; });
  await page.waitForFunction(() => document.getElementById('map')._heatBinned === 0, null, { timeout: 5000 });
  await settle(page);
  const empty = await page.evaluate(() => document.getElementById('map').shadowRoot.querySelector('.legend').innerText);
  assert.match(empty, /此时段没有问题 \(按 2027-03-01\)/);
  assert.deepEqual(seen.errors, []);
  await page.close();
});
