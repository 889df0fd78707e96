// Measures, in headless Chromium on this machine, the time from navigation start to
// the first heatmap on the page, with the demo data (the fixture when data/demo/ is
// absent) and with 100k problems through loadProblemCoords; and frame times while
// panning. Median of three page loads. A measurement, not a test: run by
// scripts/screenshots.sh, which writes docs/screenshots/timings.json (the folder in
// CIVICMAP_SHOTS; target/screenshots/ by default).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, watch, SHOTS, ROOT } from '../tests/e2e/helpers.mjs';

const env = {};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x) => Math.round(x * 10) / 10;

async function measure(query) {
  const page = await env.browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  const seen = watch(page);
  await page.addInitScript(() => {
    document.addEventListener('civic-heat', (e) => { window.__heat = e.detail; }, { once: true });
  });
  await page.goto(`${env.srv.url}/www/?${query}`);
  await page.waitForFunction(() => window.__heat, null, { timeout: 120000 });
  await page.waitForSelector('body[data-ready=true]');
  const r = await page.evaluate(async () => {
    const m = document.getElementById('map');
    const frames = [];
    const settled = [];
    const heats = [];
    const v0 = { ...m.view };
    const frame = () => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    // Frames while the view moves (the last rasters are moved, not re-rendered) …
    for (let i = 0; i < 30; i++) {
      m.setView({ lng: v0.lng + (i % 10) * 0.0004, zoom: v0.zoom + (i >= 15 ? 0.5 : 0) });
      await frame();
      frames.push(m.lastFrameMs);
    }
    // … and the frame that renders afresh once the view settles.
    for (let i = 0; i < 5; i++) {
      m.setView({ lng: v0.lng + i * 0.001 });
      await new Promise((res) => setTimeout(res, 250));
      await frame();
      settled.push(m.lastFrameMs);
      heats.push(m.lastHeatMs);
    }
    return {
      firstHeatMs: window.__heat.at,
      firstHeatRenderMs: window.__heat.ms,
      counts: m.civic.counts(),
      frames,
      settled,
      heats,
      renderer: 'civicmap renderHeatView (wasm)',
      synthetic: m.syntheticTimings ?? null,
      size: [m.view.width, m.view.height, m.view.pixelRatio],
    };
  });
  await page.close();
  assert.deepEqual(seen.errors.filter((e) => !/HTTP 404 .*zhengxiang/.test(e)), []);
  return r;
}

async function scenario(query) {
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await measure(query));
  const frames = runs.flatMap((r) => r.frames).sort((a, b) => a - b);
  const settled = runs.flatMap((r) => r.settled).sort((a, b) => a - b);
  return {
    problems: runs[0].counts.problems,
    cells: runs[0].counts.cells,
    canvas: runs[0].size,
    renderer: runs[0].renderer,
    pageLoadToFirstHeatmapMs: { median: round(median(runs.map((r) => r.firstHeatMs))), runs: runs.map((r) => round(r.firstHeatMs)) },
    firstHeatmapRenderMs: round(median(runs.map((r) => r.firstHeatRenderMs))),
    bulkLoadMs: runs[0].synthetic ? round(median(runs.map((r) => r.synthetic.loadMs))) : undefined,
    movingFrameMs: { median: round(median(frames)), p95: round(frames[Math.floor(frames.length * 0.95)]), max: round(frames.at(-1)) },
    settledFrameMs: { median: round(median(settled)), max: round(settled.at(-1)) },
    heatRenderMs: round(median(runs.flatMap((r) => r.heats))),
  };
}

async function main() {
  const demo = fs.existsSync(path.join(ROOT, 'data/demo/cells.geojson'));
  const data = demo ? '' : 'data=../tests/e2e/fixtures/&outline=../tests/e2e/fixtures/outline.geojson';
  const dataset = demo ? 'data/demo/' : 'tests/e2e/fixtures/ (data/demo/ not present)';
  const base = await scenario(data);
  const bulk = await scenario(`${data}&synthetic=100000`);
  assert.equal(bulk.problems, 100000);
  assert.ok(base.pageLoadToFirstHeatmapMs.median > 0 && bulk.pageLoadToFirstHeatmapMs.median > 0);
  const version = env.browser.context.browser()?.version() ?? 'chromium';
  const out = {
    measured: new Date().toISOString().slice(0, 10),
    machine: `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()}`,
    browser: `Chromium ${version} headless (--disable-gpu)`,
    note: 'pageLoadToFirstHeatmapMs: ms since navigation start (wasm fetch and compile, data fetch and load, first frame), median of 3 loads, cache disabled. movingFrameMs: frames while panning/zooming (cached rasters moved); settledFrameMs: the frame that re-renders heatmap (and layers) after the view settles; heatRenderMs: the renderHeat call in it.',
    dataset,
    demo: base,
    problems100k: { ...bulk, via: 'loadProblemCoords (synthetic, seeded), same cells/zones/points' },
  };
  fs.mkdirSync(SHOTS, { recursive: true });
  fs.writeFileSync(path.join(SHOTS, 'timings.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log(`${path.join(SHOTS, 'timings.json')}: demo ${base.pageLoadToFirstHeatmapMs.median} ms, 100k ${bulk.pageLoadToFirstHeatmapMs.median} ms to the first heatmap`);
}

env.srv = await serve();
env.browser = await launch();
try {
  await main();
} finally {
  await env.browser.close();
  await env.srv.close();
}
