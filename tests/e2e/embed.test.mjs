// www/embed.html: <civic-map> inside a portal-like page under a strict CSP
// (script-src 'self' 'wasm-unsafe-eval', style-src 'self', no inline anything).
// It must load, paint its heatmap and answer its JS API with no console error and
// no CSP violation; its DOM events must reach the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { session, watch, SHOTS } from './helpers.mjs';

const env = session();

test('the CSP page loads the component with no console errors or CSP violations', async () => {
  const page = await env.browser.context.newPage();
  const seen = watch(page);
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const res = await page.goto(`${env.srv.url}/www/embed.html?data=../tests/e2e/fixtures/&outline=../tests/e2e/fixtures/outline.geojson`);
  assert.equal(res.status(), 200);
  await page.waitForSelector('body[data-ready=true]', { timeout: 20000 });
  // The policy really is in force: an inline script is refused.
  const meta = await page.$eval('meta[http-equiv=Content-Security-Policy]', (m) => m.content);
  assert.match(meta, /script-src 'self' 'wasm-unsafe-eval'/);
  await page.waitForFunction(() => document.querySelector('#log').textContent.includes('civic-heat'), null, { timeout: 10000 });
  const logText = await page.textContent('#log');
  assert.match(logText, /civic-ready: 48 网格, 3 责任区, 10 点位, 60 问题/);
  // The heatmap painted (pixels change when it is switched off) and the shadow
  // stylesheet applied (from 'self').
  // Pixels are compared in the page: shipping two full canvases through the
  // protocol as JSON would take seconds.
  const grab = (name) => page.evaluate((n) => {
    const c = document.getElementById('map').shadowRoot.querySelector('canvas');
    window[n] = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  }, name);
  await grab('__on');
  await page.click('[data-layer=heat]');
  await page.waitForTimeout(100);
  await grab('__off');
  await page.click('[data-layer=heat]');
  const changed = await page.evaluate(() => {
    const [a, b] = [window.__on, window.__off];
    let n = 0;
    for (let i = 0; i < a.length; i += 4) if (Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]) > 30) n++;
    return n;
  });
  assert.ok(changed > 2000, `heatmap pixels: ${changed}`);
  const position = await page.evaluate(() => getComputedStyle(document.getElementById('map').shadowRoot.querySelector('.controls')).position);
  assert.equal(position, 'absolute', 'the shadow stylesheet applied');
  // The JS API and DOM events work under the policy.
  const hits = await page.evaluate(() => document.getElementById('map').setLocation(112.5655, 26.8851).map((h) => h.id));
  assert.ok(hits.length > 0);
  await page.click('[data-layer=assignment]');
  await page.waitForTimeout(100);
  await page.screenshot({ path: path.join(SHOTS, 'embed.png') });
  // An inline script injected now must be blocked by the policy (proves it is active).
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.body.append(s);
  });
  await page.waitForTimeout(100);
  assert.equal(await page.evaluate(() => window.__inlineRan), undefined, 'inline script blocked');
  const csp = await page.evaluate(() => window.__csp);
  assert.deepEqual(csp.filter((v) => !v.startsWith('script-src-elem inline') && !/^script-src(-elem)? inline$/.test(v)), [], 'only the probe was blocked');
  assert.equal(csp.length, 1, `exactly the probe: ${csp}`);
  assert.deepEqual(seen.errors.filter((e) => !/inline script/i.test(e)), []);
  assert.equal(seen.csp.filter((e) => !/inline script/i.test(e)).length, 0);
  await page.close();
});
