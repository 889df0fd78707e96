// Measures, in headless Chromium on this machine, how a heatmap or assignment frame
// gets from the core into a canvas, with the demo data (data/demo/) in a
// 1024 × 768 CSS px view at pixel ratio 1 and 2:
//   copy    renderHeat → a new Uint8ClampedArray copied out of wasm memory → putImageData
//   view    renderHeatView → a Uint8ClampedArray over wasm memory → putImageData (no JS copy)
// (and renderAssignment vs renderAssignmentView). Each frame renders a slightly moved
// view, as while panning; the paths take turns, frame by frame, and the median of
// 80 frames each is reported (after 5 warm-up frames). A measurement, not a test:
// `node scripts/frame-bench.mjs` (after scripts/setup.sh); README has the figures.
// (At commit 3db800f it also measured drawHeat(ctx, …) through web-sys, since removed:
// no faster than the view.)
import { serve, launch } from '../tests/e2e/helpers.mjs';

const srv = await serve();
const browser = await launch();
try {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${srv.url}/tests/e2e/fixtures/overlay.css`); // any page of the server, nothing running
  const result = await page.evaluate(async () => {
    const mod = await import('/www/pkg/civicmap.js');
    await mod.default({ module_or_path: '/www/pkg/civicmap_bg.wasm' });
    const civic = new mod.CivicMap();
    for (const kind of ['cells', 'zones', 'points', 'problems']) {
      const text = await (await fetch(`/data/demo/${kind}.geojson`)).text();
      const load = { cells: 'loadCells', zones: 'loadZones', points: 'loadPoints', problems: 'loadProblems' }[kind];
      civic[load](text);
    }
    civic.loadOwners(await (await fetch('/data/demo/owners.json')).text());
    const [W, H] = [1024, 768];
    const fit = civic.fitBounds(civic.dataBounds(), W, H);
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const out = { problems: civic.counts().problems, cells: civic.counts().cells, rows: [] };
    for (const pixelRatio of [1, 2]) {
      const canvas = document.createElement('canvas');
      canvas.width = W * pixelRatio;
      canvas.height = H * pixelRatio;
      const g = canvas.getContext('2d');
      const [w, h] = [canvas.width, canvas.height];
      const view = (i) => ({ lng: fit.lng + (i % 7) * 0.0003, lat: fit.lat, zoom: fit.zoom + 1, width: W, height: H, pixelRatio, baseCrs: 'wgs84' });
      const heat = { radiusM: 200 };
      const asg = { fill: 'owner', zones: false };
      const paths = {
        'heat copy': (v) => g.putImageData(new ImageData(civic.renderHeat(v, heat), w, h), 0, 0),
        'heat view': (v) => g.putImageData(new ImageData(civic.renderHeatView(v, heat), w, h), 0, 0),
        'assignment copy': (v) => g.putImageData(new ImageData(civic.renderAssignment(v, asg), w, h), 0, 0),
        'assignment view': (v) => g.putImageData(new ImageData(civic.renderAssignmentView(v, asg), w, h), 0, 0),
      };
      const times = Object.fromEntries(Object.keys(paths).map((k) => [k, []]));
      for (let i = 0; i < 85; i++) {
        for (const [name, f] of Object.entries(paths)) {
          const v = view(i);
          const t0 = performance.now();
          f(v);
          const ms = performance.now() - t0;
          if (i >= 5) times[name].push(ms);
        }
      }
      for (const [name, xs] of Object.entries(times)) {
        out.rows.push({ path: name, pixelRatio, size: `${w}×${h}`, medianMs: Math.round(median(xs) * 100) / 100 });
      }
    }
    return out;
  });
  if (errors.length) throw new Error(errors.join('\n'));
  console.log(`demo data: ${result.cells} cells, ${result.problems} problems; view 1024 × 768 CSS px`);
  console.log('| path | pixel ratio | frame | median ms |');
  console.log('| --- | --- | --- | --- |');
  for (const r of result.rows) console.log(`| ${r.path} | ${r.pixelRatio} | ${r.size} | ${r.medianMs} |`);
} finally {
  await browser.close();
  await srv.close();
}
