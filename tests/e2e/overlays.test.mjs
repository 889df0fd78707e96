// The Leaflet and OpenLayers overlays (www/overlays/) over maps from the npm packages,
// served locally: the heat peak of one problem at a known location must sit on the
// pixel each library computes for that location, before and after a pan and a zoom.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, watch } from './helpers.mjs';

const env = session();

async function check(pageName) {
  const page = await env.browser.context.newPage();
  const seen = watch(page);
  await page.goto(`${env.srv.url}/tests/e2e/fixtures/${pageName}`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 20000 });
  const steps = [['start', null], ['pan', (o) => o.pan(137, -61)], ['zoom 16.25', (o) => o.zoom(16.25)], ['zoom 14', (o) => o.zoom(14)]];
  for (const [name, act] of steps) {
    if (act) await page.evaluate(`window.overlay.${act.toString().match(/o\.(.*)\)$/)[1]})`);
    const { peak, expected } = await page.evaluate(() => ({ peak: window.overlay.peak(), expected: window.overlay.expected() }));
    assert.ok(peak.count > 50, `${pageName} ${name}: the heatmap painted (${peak.count} px)`);
    const off = Math.hypot(peak.x - expected.x, peak.y - expected.y);
    assert.ok(off < 1.5, `${pageName} ${name}: peak ${peak.x.toFixed(2)},${peak.y.toFixed(2)} vs ${expected.x.toFixed(2)},${expected.y.toFixed(2)} (${off.toFixed(2)} px)`);
  }
  assert.deepEqual(seen.errors, []);
  await page.close();
}

test('Leaflet: the heat overlay lines up with a known point', () => check('leaflet.html'));
test('OpenLayers: the heat overlay lines up with a known point', () => check('openlayers.html'));
// On a GCJ-02 base map (AMap, Tencent) the point must land where the public formula
// puts it, a few hundred metres from its WGS-84 place.
test('Leaflet on a GCJ-02 base map: the overlay lands on the shifted point', () => check('leaflet.html?crs=gcj02'));
test('OpenLayers on a GCJ-02 base map: the overlay lands on the shifted point', () => check('openlayers.html?crs=gcj02'));

// A misspelt option: the core refuses it, the overlay says so (on the canvas and as a
// 'civicerror' event) and paints no heatmap of its own.
async function refused(pageName) {
  const page = await env.browser.context.newPage();
  const seen = watch(page);
  await page.goto(`${env.srv.url}/tests/e2e/fixtures/${pageName}?bad=1`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 20000 });
  const r = await page.evaluate(() => ({ errors: window.overlay.errors, message: window.overlay.message(), below: window.overlay.paintedBelow(30) }));
  assert.match(r.message ?? '', /unknown field `radiusMm`/, `${pageName}: the core's message`);
  assert.ok(r.errors.length >= 1 && r.errors.every((m) => /radiusMm/.test(m)), `${pageName}: civicerror fired: ${r.errors}`);
  assert.equal(r.below, 0, `${pageName}: nothing painted but the message`);
  assert.deepEqual(seen.errors, []);
  await page.close();
}

test('Leaflet: a misspelt option shows the core\'s error and paints no heatmap', () => refused('leaflet.html'));
test('OpenLayers: a misspelt option shows the core\'s error and paints no heatmap', () => refused('openlayers.html'));
