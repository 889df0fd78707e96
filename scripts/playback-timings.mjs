// Measures, in headless Chromium on this machine, the heatmap frames of time
// playback on the demo data: every step of the twelve weeks before the ledger date,
// by week (12 windows) and by day (84 windows), at 1280 × 800 with the page's
// layers. Per step: the heat render (`lastHeatMs`: the core's renderHeatView and
// the put into the canvas) and the whole frame (`lastFrameMs`). Medians and maxima
// of three passes. A measurement, not a test: `node scripts/playback-timings.mjs`
// prints JSON (README, "Time playback").
import { serve, launch, watch } from '../tests/e2e/helpers.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x) => Math.round(x * 10) / 10;

const srv = await serve();
const browser = await launch();
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  const seen = watch(page);
  await page.goto(`${srv.url}/www/?data=../data/demo/`);
  await page.waitForSelector('body[data-ready=true]', { timeout: 60000 });
  const out = {};
  for (const step of ['7', '1']) {
    await page.selectOption('#pb-step', step);
    out[step === '7' ? 'week' : 'day'] = await page.evaluate(async () => {
      const m = document.getElementById('map');
      const slider = document.getElementById('pb-slider');
      const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const heat = [];
      const whole = [];
      const n = Number(slider.max) + 1;
      for (let pass = 0; pass < 3; pass++) {
        for (let i = 0; i < n; i++) {
          slider.value = String(i);
          slider.dispatchEvent(new Event('input'));
          await frame();
          heat.push(m.lastHeatMs);
          whole.push(m.lastFrameMs);
        }
      }
      return { steps: n, heat, whole, size: [m.view.width, m.view.height, m.view.pixelRatio] };
    });
  }
  const summary = Object.fromEntries(Object.entries(out).map(([k, r]) => [k, {
    steps: r.steps,
    heatMedianMs: round(median(r.heat)),
    heatMaxMs: round(Math.max(...r.heat)),
    frameMedianMs: round(median(r.whole)),
    frameMaxMs: round(Math.max(...r.whole)),
    view: r.size,
  }]));
  console.log(JSON.stringify({ date: new Date().toISOString().slice(0, 10), errors: seen.errors, ...summary }, null, 2));
} finally {
  await browser.close();
  await srv.close();
}
