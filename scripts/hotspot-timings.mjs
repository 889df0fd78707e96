// Measures, in headless Chromium on this machine, the page's hotspot layer on the
// demo data at 1280 × 800: how long from turning the layer on to its first frame
// (loading the tables module, building its map from the element's exports, the
// core's Gi*, the frame), on three fresh pages; then, with the layer on, every step
// of the twelve weekly playback windows three times: the hotspot render
// (`lastHotspotsMs`: the core's hotspots() for the new window, renderHotspots and the
// put into the canvas) and the whole frame (`lastFrameMs`). A measurement, not a
// test: `node scripts/hotspot-timings.mjs` prints JSON (README, "Hot spots on the page").
import { serve, launch, watch } from '../tests/e2e/helpers.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x) => Math.round(x * 10) / 10;

const srv = await serve();
const browser = await launch();
try {
  const firstMs = [];
  let steps = null;
  const errors = [];
  for (let run = 0; run < 3; run++) {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 800 });
    const seen = watch(page);
    await page.goto(`${srv.url}/www/?data=../data/demo/`);
    await page.waitForSelector('body[data-ready=true]', { timeout: 60000 });
    await page.selectOption('#heat-window', '30');
    firstMs.push(await page.evaluate(async () => {
      const m = document.getElementById('map');
      const input = document.getElementById('layer-hotspots');
      const t0 = performance.now();
      input.click();
      while (m.hotspotState !== 'drawn') await new Promise((r) => requestAnimationFrame(r));
      return performance.now() - t0;
    }));
    if (run === 0) {
      steps = await page.evaluate(async () => {
        const m = document.getElementById('map');
        const slider = document.getElementById('pb-slider');
        const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const hot = [];
        const whole = [];
        const n = Number(slider.max) + 1;
        for (let pass = 0; pass < 3; pass++) {
          for (let i = 0; i < n; i++) {
            slider.value = String(i);
            slider.dispatchEvent(new Event('input'));
            await frame();
            hot.push(m.lastHotspotsMs);
            whole.push(m.lastFrameMs);
          }
        }
        return { steps: n, hot, whole, view: [m.view.width, m.view.height, m.view.pixelRatio] };
      });
    }
    errors.push(...seen.errors);
    await page.close();
  }
  console.log(JSON.stringify({
    date: new Date().toISOString().slice(0, 10),
    errors,
    firstFrameMs: firstMs.map(round),
    weekly: {
      steps: steps.steps,
      hotspotsMedianMs: round(median(steps.hot)),
      hotspotsMaxMs: round(Math.max(...steps.hot)),
      frameMedianMs: round(median(steps.whole)),
      frameMaxMs: round(Math.max(...steps.whole)),
      view: steps.view,
    },
  }, null, 2));
} finally {
  await browser.close();
  await srv.close();
}
