// Heatmap rows of bench/compare.mjs: civicmap's renderHeat against the two plain-JS
// heatmaps in js-heat.mjs, on the same problems and the same 1024 × 768 view.
// Before timing, every side must put the same number of problems in view.

export async function heatRows({ civic, problems, SIZES, timeTurns, check, BOX, stampHeat, binBlurHeat }) {
  const rows = [];
  const width = 1024, height = 768;
  // One Gaussian for all: sigma 7.5 px. civicmap's radiusPx is 2 sigma; the JS
  // kernels are cut at 3 sigma, as simpleheat-style stamps are.
  const sigma = 7.5, civicRadius = 2 * sigma, radius = Math.round(3 * sigma);
  const probe = new civic.CivicMap();
  const fit = probe.fitBounds(new Float64Array(BOX), width, height, 0);
  probe.free();
  const view = { lng: fit.lng, lat: fit.lat, zoom: fit.zoom, width, height, pixelRatio: 1 };
  // Every bulk problem is open with severity 1: weight 1 each, as in the JS versions.
  const options = { radiusPx: civicRadius };
  for (const n of SIZES) {
    const c = problems(n, 44, BOX);
    const map = new civic.CivicMap();
    check(map.loadProblemCoords(c).rejected.length === 0, 'heat problems load');
    const rgba = map.renderHeat(view, options);
    check(rgba.length === width * height * 4, 'raster size');
    const stats = map.heatStats();
    const js = binBlurHeat(c, view, radius);
    let inView = 0;
    for (let i = 0; i < js.density.length; i++) inView += js.density[i] > 0 ? 1 : 0;
    let painted = 0;
    for (let i = 3; i < rgba.length; i += 4) painted += rgba[i] > 0 ? 1 : 0;
    check(stats.binned > 0.99 * n, `civicmap binned ${stats.binned} of ${n}`);
    check(painted > 0.2 * inView, `civicmap painted ${painted} px, JS density covers ${inView} px`);
    const label = `heatmap ${width}×${height}, Gaussian σ ${sigma} px`;
    const factor = stats.factor > 1 ? ` at 1/${stats.factor} resolution, upsampled` : '';
    const [stampMs, civicMs1] = timeTurns([() => stampHeat(c, view, radius), () => map.renderHeat(view, options)], n >= 1_000_000 ? 3 : undefined);
    row(rows, label, n, 'JS stamping (simpleheat method)', stampMs, `CivicMap.renderHeat${factor}`, civicMs1);
    const [binMs, civicMs2] = timeTurns([() => binBlurHeat(c, view, radius), () => map.renderHeat(view, options)]);
    row(rows, label, n, 'JS bin + separable Gaussian', binMs, `CivicMap.renderHeat${factor}`, civicMs2);
    map.free();
  }
  return rows;
}

function row(rows, ...r) {
  rows.push(r);
}
