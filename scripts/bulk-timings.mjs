// Problems by the million through the bulk path (loadProblemCoords) in Node:
// load time, wasm memory after the load, the heatmap's cache prepared 50,000
// problems a call (the first, the last and the longest call), a 1024 × 768
// heatmap frame (the first, and the median of 7)
// and a 10-nearest query (median of 50), for each N given (default 1,000,000).
// Seeded positions over the demo's district. With SLICES=P the load goes as the
// element's does, P pairs a step (beginProblemCoords, stepProblemCoords until every
// pair is read and the point tree built, finishProblemCoords), and the steps are
// timed: how many read and built, and the longest of each.
//   node --max-old-space-size=8000 scripts/bulk-timings.mjs [DIR=www/pkg] [N …]
//   SLICES=50000 node --max-old-space-size=8000 scripts/bulk-timings.mjs 10000000
import fs from 'node:fs';
import path from 'node:path';
import { seededProblems } from './seeded-problems.mjs';

const args = process.argv.slice(2);
const dir = path.resolve(args[0] && !/^\d+$/.test(args[0]) ? args.shift() : 'www/pkg');
const sizes = args.length ? args.map(Number) : [1_000_000];
for (const n of sizes) {
  // A fresh module per size: wasm memory never shrinks.
  const c = await import(`file://${dir}/civicmap.js?${n}`);
  const wasm = c.initSync({ module: fs.readFileSync(path.join(dir, 'civicmap_bg.wasm')) });
  const { coords, sev, rnd } = seededProblems(n);
  const m = new c.CivicMap();
  const t0 = performance.now();
  let loaded;
  const slices = Number(process.env.SLICES) || 0;
  const steps = { read: 0, readLongestMs: 0, built: 0, builtLongestMs: 0, finishMs: 0 };
  try {
    if (slices) {
      const job = m.beginProblemCoords(coords, sev);
      for (let read = 0; read < n || job.indexed < 1; ) {
        const building = read >= n;
        const a = performance.now();
        read = m.stepProblemCoords(job, slices);
        const ms = performance.now() - a;
        if (building) {
          steps.built++;
          steps.builtLongestMs = Math.max(steps.builtLongestMs, ms);
        } else {
          steps.read++;
          steps.readLongestMs = Math.max(steps.readLongestMs, ms);
        }
      }
      const a = performance.now();
      loaded = m.finishProblemCoords(job).loaded;
      steps.finishMs = performance.now() - a;
      job.free();
    } else {
      loaded = m.loadProblemCoords(coords, sev).loaded;
    }
  } catch (e) {
    console.log(JSON.stringify({ n, error: e.message }));
    continue;
  }
  const loadMs = performance.now() - t0;
  const view = { lng: 112.58, lat: 26.895, zoom: 13, width: 1024, height: 768, pixelRatio: 1 };
  const med = (x) => x.sort((a, b) => a - b)[x.length >> 1];
  // The heatmap's cache prepared as the element does, 50,000 problems a call.
  const prep = [];
  for (let ready = false; !ready; ) {
    const a = performance.now();
    ready = m.prepareHeat({ ...view, baseCrs: 'wgs84' }, 50_000, {}).ready;
    prep.push(performance.now() - a);
  }
  const heat = [];
  for (let i = 0; i < 7; i++) {
    const a = performance.now();
    m.renderHeatView(view, {});
    heat.push(performance.now() - a);
  }
  const near = [];
  for (let i = 0; i < 50; i++) {
    const a = performance.now();
    m.nearestProblems(112.52 + rnd() * 0.12, 26.85 + rnd() * 0.09, 10);
    near.push(performance.now() - a);
  }
  console.log(JSON.stringify({
    n,
    loaded,
    loadMs: Math.round(loadMs),
    ...(slices ? { steps: { ...steps, readLongestMs: +steps.readLongestMs.toFixed(1), builtLongestMs: +steps.builtLongestMs.toFixed(1), finishMs: +steps.finishMs.toFixed(1) } } : {}),
    wasmMB: Math.round(wasm.memory.buffer.byteLength / 1048576),
    prepareHeat: { calls: prep.length, firstMs: +prep[0].toFixed(1), lastMs: +prep[prep.length - 1].toFixed(1), longestMs: +Math.max(...prep).toFixed(1) },
    firstHeatFrameMs: +heat[0].toFixed(1),
    heatFrameMs: +med(heat).toFixed(1),
    nearest10Ms: +med(near).toFixed(2),
  }));
  m.free();
}
