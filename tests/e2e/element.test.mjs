// <civic-map> on its own (tests/e2e/fixtures/maps.html): what the core refuses is
// shown on the map and not drawn some other way; each element has its own
// language; a removed element keeps nothing running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { session, watch } from './helpers.mjs';

const env = session();

async function open(langs) {
  const page = await env.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  const seen = watch(page);
  await page.goto(`${env.srv.url}/tests/e2e/fixtures/maps.html?langs=${langs}`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 20000 });
  await frames(page);
  return { page, seen };
}

/** Two animation frames: the maps have drawn. */
const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** Keeps a copy of map1's canvas pixels in the page under `name`. */
const grab = (page, name) => page.evaluate((n) => {
  const c = document.getElementById('map1').shadowRoot.querySelector('canvas');
  window[n] = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
}, name);

/** How many pixels differ between two grabs. */
const differing = (page, a, b) => page.evaluate(([a, b]) => {
  const [x, y] = [window[a], window[b]];
  let n = 0;
  for (let i = 0; i < x.length; i += 4) if (x[i] !== y[i] || x[i + 1] !== y[i + 1] || x[i + 2] !== y[i + 2]) n++;
  return n;
}, [a, b]);

const errorArea = (page) => page.evaluate(() => {
  const e = document.getElementById('map1').shadowRoot.querySelector('.error');
  if (!e) return { text: '', shown: false, role: null };
  return { text: e.textContent, shown: getComputedStyle(e).display !== 'none', role: e.getAttribute('role') };
});

test('a misspelt heat option shows the core\'s error on the map, and no heatmap is drawn another way', async () => {
  const { page, seen } = await open('zh');
  await page.evaluate(() => {
    const m = document.getElementById('map1');
    for (const l of ['cells', 'zones', 'points', 'problems']) m.setLayer(l, false);
    m.setLayer('heat', true);
  });
  await frames(page);
  await grab(page, 'heatOn');
  await page.evaluate(() => document.getElementById('map1').setLayer('heat', false));
  await frames(page);
  await grab(page, 'heatOff');
  assert.ok(await differing(page, 'heatOn', 'heatOff') > 2000, 'the heatmap paints with good options');
  assert.equal((await errorArea(page)).shown, false, 'no error to show');

  await page.evaluate(() => {
    const m = document.getElementById('map1');
    m.setLayer('heat', true);
    m.setHeatOptions({ radiusMm: 200 });
  });
  await frames(page);
  await grab(page, 'refused');
  assert.equal(await differing(page, 'refused', 'heatOff'), 0, 'nothing is drawn in the heatmap\'s place');
  const err = await errorArea(page);
  assert.ok(err.shown, 'the error area shows');
  assert.equal(err.role, 'alert');
  assert.match(err.text, /^问题热力图: options: unknown field `radiusMm`, expected one of .*`radiusM`/, err.text);

  // Put right: the error goes and the core's heatmap is back.
  await page.evaluate(() => document.getElementById('map1').setHeatOptions({ radiusMm: null }));
  await frames(page);
  assert.equal((await errorArea(page)).shown, false, 'the error goes');
  await grab(page, 'again');
  assert.equal(await differing(page, 'again', 'heatOn'), 0, 'the same heatmap as before');
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test('each element speaks its own language', async () => {
  const { page, seen } = await open('zh,en');
  const texts = () => page.evaluate(() => ['map1', 'map2'].map((id) => {
    const m = document.getElementById(id);
    return {
      lang: m.lang,
      zoomIn: m.shadowRoot.querySelector('.ctl.zoomIn').title,
      scale: m.shadowRoot.querySelector('.scale .text').textContent,
      legend: m.shadowRoot.querySelector('.legend .h').textContent,
    };
  }));
  const [zh, en] = await texts();
  assert.deepEqual([zh.lang, zh.zoomIn, zh.legend], ['zh', '放大', '问题热力图']);
  assert.match(zh.scale, /(米|千米)$/);
  assert.deepEqual([en.lang, en.zoomIn, en.legend], ['en', 'Zoom in', 'Problem heatmap']);
  assert.match(en.scale, / (m|km)$/);
  // (The responsibility table is the official notice's, in Chinese whatever the
  // element's language: tests/e2e/planner.test.mjs reads it.)
  // Switching one leaves the other alone.
  await page.evaluate(() => { document.getElementById('map1').lang = 'en'; });
  await frames(page);
  const [a, b] = await texts();
  assert.deepEqual([a.zoomIn, b.zoomIn], ['Zoom in', 'Zoom in']);
  await page.evaluate(() => { document.getElementById('map2').setAttribute('lang', 'zh'); });
  await frames(page);
  const [c, d] = await texts();
  assert.deepEqual([c.zoomIn, d.zoomIn, c.legend, d.legend], ['Zoom in', '放大', 'Problem heatmap', '问题热力图']);
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test('a removed element keeps no listener, observer, frame or timer, and works again when put back', async () => {
  const { page, seen } = await open('zh');
  const before = await page.evaluate(() => document.getElementById('map1').activeHandles());
  assert.ok(before.listeners >= 10, `listeners while connected: ${JSON.stringify(before)}`);
  assert.equal(before.observers, 1);
  const r = await page.evaluate(async () => {
    const m = document.getElementById('map1');
    // Leave work in flight: a flight (frames), a move (the settle timer), a redraw.
    const flight = m.flyTo(112.58, 26.89, 15);
    await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    m.setView({ zoom: m.view.zoom + 0.5 });
    m.setHeatOptions({ radiusM: 150 });
    const during = m.activeHandles();
    // From here on, count what the page asks the browser for.
    const counts = { frames: 0, timers: 0 };
    const raf = window.requestAnimationFrame;
    const st = window.setTimeout;
    window.requestAnimationFrame = (f) => { counts.frames++; return raf(f); };
    window.setTimeout = (f, ms, ...a) => { counts.timers++; return st(f, ms, ...a); };
    m.remove();
    const after = m.activeHandles();
    const arrived = await flight;
    // Input, resizes and API calls that would draw must not wake it.
    m.shadowRoot.querySelector('canvas').dispatchEvent(new PointerEvent('pointermove', { clientX: 50, clientY: 50 }));
    m.dispatchEvent(new Event('dragover'));
    window.dispatchEvent(new Event('resize'));
    m.setLayer('zones', true);
    m.select(['g00']);
    await new Promise((res) => st(res, 600));
    window.requestAnimationFrame = raf;
    window.setTimeout = st;
    const late = { ...counts };
    // Put back: it listens and draws again.
    document.body.append(m);
    await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    return { during, after, arrived, late, back: m.activeHandles() };
  });
  assert.ok(r.during.frames + r.during.timers > 0, `work was in flight: ${JSON.stringify(r.during)}`);
  assert.deepEqual(r.after, { listeners: 0, frames: 0, timers: 0, observers: 0 });
  assert.equal(r.arrived, false, 'the flight ends when the element goes');
  assert.deepEqual(r.late, { frames: 0, timers: 0 }, 'nothing asked for a frame or a timer after removal');
  assert.equal(r.back.listeners, before.listeners);
  assert.equal(r.back.observers, 1);
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test('a large ledger dropped on the map loads in slices: progress shown, frames keep coming, cancel keeps the old ledger', async () => {
  const { page, seen } = await open('zh');
  const r = await page.evaluate(async () => {
    const m = document.getElementById('map1');
    const before = m.civic.counts().problems;
    // 40,000 problems, about 9 MB: past the 4 M characters a slice load starts at.
    const features = [];
    for (let i = 0; i < 40000; i++) {
      features.push({ type: 'Feature', id: `P${i}`, properties: { category: 'garbage', severity: 1 + (i % 3), status: 'open', found: '2026-11-01', deadline: '2026-11-09', note: 'x'.repeat(40) }, geometry: { type: 'Point', coordinates: [112.52 + (i % 200) * 5e-4, 26.85 + Math.floor(i / 200) * 4e-4] } });
    }
    const text = JSON.stringify({ type: 'FeatureCollection', features });
    const file = new File([text], '问题台账.geojson');
    // Cancel at the first progress event: nothing changes.
    let statusSeen = '';
    const stop = () => {
      statusSeen = m.shadowRoot.querySelector('.status').textContent;
      m.cancelLoad();
    };
    m.addEventListener('civic-load-progress', stop, { once: true });
    const cancelled = await m.openFiles([file]);
    const afterCancel = m.civic.counts().problems;
    // Then to the end, counting frames while it reads.
    let frames = 0, reading = true;
    const tick = () => { frames++; if (reading) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    const progress = [];
    const onProgress = (e) => progress.push(e.detail.bytes);
    m.addEventListener('civic-load-progress', onProgress);
    const t0 = performance.now();
    const loaded = await m.openFiles([file]);
    const ms = performance.now() - t0;
    reading = false;
    m.removeEventListener('civic-load-progress', onProgress);
    return { before, cancelled: cancelled[0], afterCancel, loaded: loaded[0], frames, events: progress.length, rising: progress.every((b, i) => i === 0 || b > progress[i - 1]), ms, statusSeen, statusAfter: m.shadowRoot.querySelector('.status').textContent, after: m.civic.counts().problems };
  });
  assert.match(r.cancelled.error, /已取消载入/, JSON.stringify(r.cancelled));
  assert.equal(r.afterCancel, r.before, 'a cancelled load changes nothing');
  assert.match(r.statusSeen, /正在加载… 问题台账\.geojson \d+ % \(\d+\) 取消/, r.statusSeen);
  assert.equal(r.loaded.loaded, 40000, JSON.stringify(r.loaded));
  assert.equal(r.after, 40000);
  assert.ok(r.events >= 3 && r.rising, `${r.events} progress events`);
  assert.ok(r.frames >= 3, `${r.frames} frames in ${Math.round(r.ms)} ms of loading`);
  assert.equal(r.statusAfter, '');
  assert.deepEqual(seen.errors, []);
  console.log(`# slices: 40,000 problems (${Math.round(r.ms)} ms), ${r.events} progress events, ${r.frames} frames while loading`);
  await page.close();
});

test('a dropped ledger goes to the core as its bytes: UTF-8 loads, a GBK file is refused with where; the core names a file\'s layer', async () => {
  const { page, seen } = await open('zh');
  const r = await page.evaluate(async () => {
    const m = document.getElementById('map1');
    const head = '{"type":"FeatureCollection","features":[{"type":"Feature","id":"G1","properties":{"category":"';
    const tail = '","severity":2},"geometry":{"type":"Point","coordinates":[112.6,26.9]}}]}';
    const enc = new TextEncoder();
    const utf8 = new File([head + '垃圾' + tail], '问题-utf8.geojson');
    // 垃圾 in GBK (C0 AC BB F8), as spreadsheets on Chinese Windows save it.
    const gbk = new File([enc.encode(head), new Uint8Array([0xc0, 0xac, 0xbb, 0xf8]), enc.encode(tail)], '问题-gbk.geojson');
    const [ok, bad] = await m.openFiles([utf8, gbk]);
    const problem = m.civic.problem('G1');
    // Names that do not say: the core reads the first feature (a problem's fields
    // on a Point); a list is owners whatever its name says.
    const unnamed = new File([head.replace('G1', 'G2') + 'bikes' + tail], 'export.json');
    const owners = new File([JSON.stringify([{ id: 'O1', name: '王伟', unit: '城管局', level: 3 }])], 'problems-owners.json');
    const listNamedProblems = new File([JSON.stringify([{ id: 'O2', name: '李娜', unit: '街道', level: 2 }])], '问题.json');
    const [byContent, ownersFile, list] = await m.openFiles([unnamed, owners, listNamedProblems]);
    return { ok, bad, at: enc.encode(head).length, problem, byContent, ownersFile, list, g2: m.civic.problem('G2'), owners: m.owners };
  });
  assert.equal(r.byContent.kind, 'problems', JSON.stringify(r.byContent));
  assert.equal(r.byContent.loaded, 1, JSON.stringify(r.byContent));
  assert.equal(r.g2.category, 'bikes');
  assert.equal(r.ownersFile.kind, 'owners', JSON.stringify(r.ownersFile));
  assert.equal(r.list.kind, 'owners', JSON.stringify(r.list));
  assert.equal(r.list.loaded, 1, JSON.stringify(r.list));
  assert.deepEqual(r.owners, [{ id: 'O2', name: '李娜', unit: '街道', title: '', level: 2 }], 'the element lists the core\'s owners');
  assert.equal(r.ok.loaded, 1, JSON.stringify(r.ok));
  assert.equal(r.problem.category, 'garbage');
  assert.equal(r.bad.loaded, 0);
  assert.match(r.bad.error, new RegExp(`not UTF-8 text \\(byte ${r.at} is not\\); save the file as UTF-8`), r.bad.error);
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test('an outline is read by the core: its crs converted, a feature that is not an area named, from a dropped file\'s bytes', async () => {
  const { page, seen } = await open('zh');
  const r = await page.evaluate(async () => {
    const m = document.getElementById('map1');
    const ring = [[112.5, 26.8], [112.6, 26.8], [112.6, 26.9], [112.5, 26.9], [112.5, 26.8]];
    const fc = (features) => JSON.stringify({ type: 'FeatureCollection', features });
    const text = fc([
      { type: 'Feature', properties: { name: '示例区' }, geometry: { type: 'Polygon', coordinates: [ring] } },
      { type: 'Feature', properties: { name: 'a line' }, geometry: { type: 'LineString', coordinates: ring } },
    ]);
    const gcj = m.load('outline', text, { crs: 'gcj02' });
    const drawnGcj = m.data.outlineWgs[0][0];
    const [dropped] = await m.openFiles([new File([text], 'outline.geojson')]);
    return { gcj, drawnGcj, dropped, drawn: m.data.outlineWgs, names: m.data.outlineNames };
  });
  // Read as GCJ-02, the corner lies some hundreds of metres from the file's numbers.
  const [dx, dy] = [r.drawnGcj[0] - 112.5, r.drawnGcj[1] - 26.8];
  assert.ok(Math.hypot(dx, dy) > 0.002 && Math.hypot(dx, dy) < 0.01, JSON.stringify(r.drawnGcj));
  for (const res of [r.gcj, r.dropped]) {
    assert.equal(res.loaded, 1, JSON.stringify(res));
    assert.deepEqual(res.rejected.map((x) => [x.index, x.field]), [[1, 'geometry']]);
    assert.match(res.rejected[0].reason, /LineString/);
  }
  assert.equal(r.dropped.kind, 'outline');
  assert.deepEqual(r.drawn, [[[112.5, 26.8], [112.6, 26.8], [112.6, 26.9], [112.5, 26.9], [112.5, 26.8]]]);
  assert.deepEqual(r.names, ['示例区']);
  assert.deepEqual(seen.errors, []);
  await page.close();
});

test('the bulk path in slices: read, put into the base system and indexed between frames', async () => {
  const { page, seen } = await open('zh');
  const r = await page.evaluate(async () => {
    const m = document.getElementById('map1');
    m.setAttribute('tile-crs', 'gcj02');
    const n = 300_000;
    const coords = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      coords[2 * i] = 112.52 + ((i * 7919) % 1000) * 1e-4;
      coords[2 * i + 1] = 26.85 + ((i * 104729) % 1000) * 1e-4;
    }
    let frames = 0, loading = true;
    const tick = () => { frames++; if (loading) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
    const events = [];
    const statuses = new Set();
    const onProgress = (e) => {
      events.push(e.detail);
      statuses.add(m.shadowRoot.querySelector('.status').textContent.replace(/\d+/g, 'N'));
    };
    m.addEventListener('civic-load-progress', onProgress);
    const report = await m.loadProblemCoordsInSlices(coords, null);
    loading = false;
    m.removeEventListener('civic-load-progress', onProgress);
    const { convertCoords } = await import('/www/pkg/civicmap.js');
    const want = convertCoords(coords, 'wgs84', 'gcj02');
    const drawn = m.data.problems.coords;
    let same = drawn.length === want.length;
    for (let i = 0; same && i < want.length; i++) same = drawn[i] === want[i];
    // The tree built in pieces answers as one built at once.
    const { CivicMap } = await import('/www/pkg/civicmap.js');
    const whole = new CivicMap();
    whole.loadProblemCoords(coords);
    const q = [[112.55, 26.9], [112.6, 26.95], [112.4, 26.7]];
    const nearSame = q.every(([lng, lat]) => JSON.stringify(m.civic.nearestProblems(lng, lat, 10, {})) === JSON.stringify(whole.nearestProblems(lng, lat, 10, {})));
    whole.free();
    return {
      loaded: report.loaded, frames, same, nearSame, statuses: [...statuses],
      indexed: events.map((e) => e.indexed), reading: events.filter((e) => e.bytes < e.total).length, last: events[events.length - 1],
    };
  });
  assert.equal(r.loaded, 300000);
  assert.ok(r.same, 'the positions drawn are the whole conversion into GCJ-02');
  assert.ok(r.nearSame, 'nearest problems as from one call');
  assert.ok(r.reading >= 2, `${r.reading} events while reading`);
  const building = r.indexed.filter((x) => x > 0);
  assert.ok(building.length >= 2, `the tree built over ${building.length} tasks: ${r.indexed}`);
  assert.ok(building.every((x, i) => i === 0 || x > building[i - 1]), `${building}`);
  assert.equal(r.last.done, true);
  assert.equal(r.last.indexed, 1);
  assert.ok(r.statuses.includes('正在加载… 问题 N % (N) 取消'), r.statuses.join(' | '));
  assert.ok(r.statuses.includes('正在建立索引 问题 N % (N) 取消'), r.statuses.join(' | '));
  assert.ok(r.frames >= 3, `${r.frames} frames while loading`);
  assert.deepEqual(seen.errors, []);
  console.log(`# bulk path in slices: 300,000 problems, ${r.indexed.length} progress events (${building.length} building the tree), ${r.frames} frames`);
  await page.close();
});
