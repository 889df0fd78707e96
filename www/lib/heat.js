// Stand-in heatmap for builds of civicmap without `renderHeat` (issue 3): bins
// locations into a raster, blurs it with three box passes (≈ Gaussian), and colours
// it. Cost grows with pixels, not with points × kernel area. The page prefers the
// core's renderer whenever the wasm module has it.
import { lngLatToWorld, metresPerPixel } from './view.js';

// YlOrRd, 5 stops (ColorBrewer), alpha rising with density.
const STOPS = [
  [0.0, [255, 255, 178, 0]],
  [0.15, [254, 204, 92, 150]],
  [0.4, [253, 141, 60, 190]],
  [0.7, [240, 59, 32, 215]],
  [1.0, [189, 0, 38, 235]],
];

/** 256 RGBA entries of the ramp. */
export const RAMP = (() => {
  const lut = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    let k = 1;
    while (k < STOPS.length - 1 && STOPS[k][0] < t) k++;
    const [t0, c0] = STOPS[k - 1];
    const [t1, c1] = STOPS[k];
    const f = (t - t0) / (t1 - t0);
    for (let c = 0; c < 4; c++) lut[i * 4 + c] = c0[c] + (c1[c] - c0[c]) * f;
  }
  return lut;
})();

function boxBlur(src, tmp, w, h, r) {
  const norm = 1 / (2 * r + 1);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let acc = 0;
    for (let x = 0; x <= r && x < w; x++) acc += src[row + x];
    for (let x = 0; x < w; x++) {
      tmp[row + x] = acc * norm;
      const add = x + r + 1;
      const sub = x - r;
      if (add < w) acc += src[row + add];
      if (sub >= 0) acc -= src[row + sub];
    }
  }
  for (let x = 0; x < w; x++) {
    let acc = 0;
    for (let y = 0; y <= r && y < h; y++) acc += tmp[y * w + x];
    for (let y = 0; y < h; y++) {
      src[y * w + x] = acc * norm;
      const add = y + r + 1;
      const sub = y - r;
      if (add < h) acc += tmp[add * w + x];
      if (sub >= 0) acc -= tmp[sub * w + x];
    }
  }
}

/**
 * Renders a heatmap of `coords` (Float64Array of lng, lat pairs; optional per-point
 * `weights`) for `view`. Returns { width, height, scale, data: Uint8ClampedArray RGBA, max }.
 * options: radiusM (ground radius, default 150), domainMax (fixed colour domain in
 * weighted points per kernel; automatic when absent), threshold (0..1), opacity (0..1).
 * Each raster cell covers `scale` × `scale` device pixels from the top left: draw it at
 * width·scale × height·scale (which may overhang the view by less than a cell).
 */
export function renderHeatJs(coords, weights, view, options = {}) {
  const pr = view.pixelRatio || 1;
  const radiusPx = Math.max(2, ((options.radiusM ?? 150) / metresPerPixel(view)) * pr);
  const f = Math.max(1, Math.floor(radiusPx / 6));
  const w = Math.max(1, Math.ceil((view.width * pr) / f));
  const h = Math.max(1, Math.ceil((view.height * pr) / f));
  const grid = new Float32Array(w * h);
  const tmp = new Float32Array(w * h);
  const scale = (2 ** view.zoom * pr) / f;
  const [cx, cy] = lngLatToWorld(view.lng, view.lat);
  // The grid is cell-aligned with device pixels: cell i covers pixels [i·f, (i+1)·f).
  const ox = (view.width * pr) / 2 / f - cx * scale;
  const oy = (view.height * pr) / 2 / f - cy * scale;
  const n = coords.length / 2;
  for (let i = 0; i < n; i++) {
    const [wx, wy] = lngLatToWorld(coords[2 * i], coords[2 * i + 1]);
    // Bilinear splat over the four nearest cell centres, so the kernel's centre of
    // mass is the point itself, not its cell's centre.
    const fx = wx * scale + ox - 0.5;
    const fy = wy * scale + oy - 0.5;
    const x = Math.floor(fx);
    const y = Math.floor(fy);
    if (x < -1 || y < -1 || x >= w || y >= h) continue;
    const ax = fx - x;
    const ay = fy - y;
    const wt = weights ? weights[i] : 1;
    if (y >= 0) {
      if (x >= 0) grid[y * w + x] += wt * (1 - ax) * (1 - ay);
      if (x + 1 < w) grid[y * w + x + 1] += wt * ax * (1 - ay);
    }
    if (y + 1 < h) {
      if (x >= 0) grid[(y + 1) * w + x] += wt * (1 - ax) * ay;
      if (x + 1 < w) grid[(y + 1) * w + x + 1] += wt * ax * ay;
    }
  }
  const r = Math.max(1, Math.round(radiusPx / f / 1.7));
  for (let pass = 0; pass < 3; pass++) boxBlur(grid, tmp, w, h, r);
  // One point's peak after three box passes of width 2r+1, times the kernel area.
  const unit = 1 / (2 * r + 1) ** 2;
  let max = 0;
  for (let i = 0; i < grid.length; i++) if (grid[i] > max) max = grid[i];
  const domainMax = (options.domainMax ?? Math.max(max / unit, 1)) * unit;
  const threshold = options.threshold ?? 0.02;
  const opacity = options.opacity ?? 1;
  const data = new Uint8ClampedArray(w * h * 4);
  for (let i = 0; i < grid.length; i++) {
    const t = Math.min(1, grid[i] / domainMax);
    if (t <= threshold) continue;
    const k = Math.round(t * 255) * 4;
    data[i * 4] = RAMP[k];
    data[i * 4 + 1] = RAMP[k + 1];
    data[i * 4 + 2] = RAMP[k + 2];
    data[i * 4 + 3] = RAMP[k + 3] * opacity;
  }
  return { width: w, height: h, scale: f, data, max: max / unit };
}

/** Legend stops [{value, color: 'rgba(…)'}] for a domain 0..max. */
export function heatLegendJs(max, count = 5) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const t = i / (count - 1);
    const k = Math.round(t * 255) * 4;
    out.push({ value: t * max, color: `rgba(${RAMP[k]},${RAMP[k + 1]},${RAMP[k + 2]},${(Math.max(RAMP[k + 3], 60) / 255).toFixed(2)})` });
  }
  return out;
}
