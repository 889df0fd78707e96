// Measures the page with 1M and 10M problems (`?synthetic=N`, through
// loadProblemCoords) in headless Chromium on this machine: the bulk load, the time
// to the first heatmap, the wasm memory after loading, heatmap frames after the
// view settles, and 10-nearest queries (nearestProblems, as the supervisor panel
// asks them), plus whether the page still answers (a click-sized task between
// frames), and how the heatmap's cache was prepared between frames (slices, and the
// longest the page went without running a timer meanwhile). A measurement, not a test: `node scripts/scale-timings.mjs [N ...]`
// prints JSON and writes target/scale-timings.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, watch, ROOT } from '../tests/e2e/helpers.mjs';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
const SIZES = sizes.length ? sizes : [1_000_000, 10_000_000];
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x) => Math.round(x * 10) / 10;

async function measure(browser, srv, n) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  const seen = watch(page);
  await page.addInitScript(() => {
    document.addEventListener('civic-heat', (e) => { window.__heat = e.detail; }, { once: true });
    // From the first event of `type` to the first heatmap: how long, in how many
    // slices, and the longest the page went without running a 10 ms timer. For the
    // bulk load's slices and for the heatmap's cache prepared between frames.
    // For the load also the longest gap until its last slice (the event with
    // done) and the finish in the same task: the load's own share, apart from the
    // first heatmap's render.
    const sample = (type, key) => document.addEventListener(type, (e) => {
      if (window[key]) {
        window[key].events++;
        if (e.detail?.done) window[key].doneAt ??= performance.now();
        return;
      }
      const r = { start: performance.now(), end: null, events: 1, maxGap: 0, doneAt: null, maxGapToDone: 0, maxGapBetween: 0, maxGapLater: 0 };
      window[key] = r;
      let last = r.start;
      let lastEvents = 1;
      const id = setInterval(() => {
        const now = performance.now();
        r.maxGap = Math.max(r.maxGap, now - last);
        // Between slices (the gaps that ended before the last slice), those of
        // them that began after the second slice (the first gap holds the page's
        // first render after the load began), and up to the gap that spans the
        // last slice's task (the finish runs in it).
        if (r.doneAt == null) {
          r.maxGapBetween = r.maxGap;
          if (lastEvents >= 2) r.maxGapLater = Math.max(r.maxGapLater, now - last);
        }
        if (r.doneAt == null || last <= r.doneAt) r.maxGapToDone = r.maxGap;
        last = now;
        lastEvents = r.events;
        if (window.__heat) {
          r.end ??= now;
          clearInterval(id);
        }
      }, 10);
    });
    sample('civic-load-progress', '__load');
    sample('civic-heat-progress', '__prep');
  });
  const t0 = Date.now();
  await page.goto(`${srv.url}/www/?synthetic=${n}`, { timeout: 600000 });
  await page.waitForSelector('body[data-ready=true]', { timeout: 600000 });
  await page.waitForFunction(() => window.__heat, null, { timeout: 600000 });
  const wallToFirstHeat = Date.now() - t0;
  const r = await page.evaluate(async () => {
    const m = document.getElementById('map');
    const pkg = await import('/www/pkg/civicmap.js');
    // The glue's init returns the instance it already has: its memory.
    const wasm = await pkg.default();
    const frame = () => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
    const v0 = { ...m.view };
    const settled = [];
    const heats = [];
    // Responsiveness: how late a 0 ms timer fires while frames render.
    const lags = [];
    for (let i = 0; i < 7; i++) {
      m.setView({ lng: v0.lng + i * 0.001, zoom: v0.zoom + (i % 2) * 0.5 });
      const tq = performance.now();
      setTimeout(() => lags.push(performance.now() - tq), 0);
      await new Promise((res) => setTimeout(res, 300));
      await frame();
      settled.push(m.lastFrameMs);
      heats.push(m.lastHeatMs);
    }
    // Nearest queries at spread-out places in view, as the supervisor panel asks.
    const b = m.civic.dataBounds();
    const qs = [];
    for (let i = 0; i < 60; i++) qs.push([b[0] + ((i * 0.618) % 1) * (b[2] - b[0]), b[1] + ((i * 0.382) % 1) * (b[3] - b[1])]);
    const nearest = [];
    for (const [lng, lat] of qs) {
      const a = performance.now();
      const hits = m.civic.nearestProblems(lng, lat, 10, {});
      nearest.push(performance.now() - a);
      if (hits.length !== 10) throw new Error(`nearestProblems gave ${hits.length}`);
    }
    return {
      counts: m.civic.counts(),
      synthetic: m.syntheticTimings,
      firstHeat: window.__heat,
      prep: window.__prep ?? null,
      load: window.__load ?? null,
      wasmMemoryBytes: wasm.memory.buffer.byteLength,
      jsHeapBytes: performance.memory?.usedJSHeapSize ?? null,
      settled,
      heats,
      lags,
      nearest,
      size: [m.view.width, m.view.height, m.view.pixelRatio],
    };
  });
  await page.close();
  return {
    problems: r.counts.problems,
    canvas: r.size,
    generateMsInJs: round(r.synthetic.generateMs),
    loadProblemCoordsMs: round(r.synthetic.loadMs),
    navigationToFirstHeatmapMs: round(r.firstHeat.at),
    wallToFirstHeatmapMs: wallToFirstHeat,
    firstHeatmapRenderMs: round(r.firstHeat.ms),
    loadInSlices: r.load
      ? { slices: r.load.events, ms: round((r.load.doneAt ?? NaN) - r.load.start), longestGapBetweenSlicesMs: round(r.load.maxGapBetween), longestGapAfterSecondSliceMs: round(r.load.maxGapLater), longestGapMs: round(r.load.maxGapToDone), longestGapToFirstHeatmapMs: round(r.load.maxGap) }
      : null,
    heatPreparedInSlices: r.prep
      ? { ms: round(r.prep.end - r.prep.start), slices: r.prep.events, longestGapMs: round(r.prep.maxGap) }
      : null,
    wasmMemoryMiB: round(r.wasmMemoryBytes / 2 ** 20),
    jsHeapMiB: r.jsHeapBytes == null ? null : round(r.jsHeapBytes / 2 ** 20),
    settledFrameMs: { median: round(median(r.settled)), max: round(Math.max(...r.settled)) },
    heatRenderMs: { median: round(median(r.heats)), max: round(Math.max(...r.heats)) },
    timerLagMs: { median: round(median(r.lags)), max: round(Math.max(...r.lags)) },
    nearest10Ms: { median: round(median(r.nearest) * 100) / 100, max: round(Math.max(...r.nearest)) },
    errors: seen.errors,
  };
}

const srv = await serve();
const browser = await launch();
const out = {
  measured: new Date().toISOString(),
  machine: `${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; load average ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} at the start`,
  browser: `Chromium ${browser.context.browser()?.version() ?? ''} headless (--disable-gpu)`,
  runs: {},
};
try {
  for (const n of SIZES) {
    out.runs[n] = await measure(browser, srv, n);
    console.error(n, JSON.stringify(out.runs[n]));
  }
} finally {
  await browser.close();
  await srv.close();
}
fs.mkdirSync(path.join(ROOT, 'target'), { recursive: true });
fs.writeFileSync(path.join(ROOT, 'target', 'scale-timings.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(JSON.stringify(out, null, 2));
