// The two plain-JS heatmaps an integrator would otherwise write or pick:
// - stampHeat: simpleheat's method, a kernel stamped at every point (cost: points ×
//   kernel area), then colourised;
// - binBlurHeat: points binned into pixels, then a separable Gaussian blur (cost:
//   pixels × kernel width), then colourised.
// Both use the same Gaussian (sigma = radius / 3, cut at 3 sigma) and Web Mercator view.

const TAU = Math.PI * 2;

export function project(view) {
  const world = 256 * 2 ** view.zoom;
  const mx = (lng) => ((lng + 180) / 360) * world;
  const my = (lat) => {
    const s = Math.sin((lat * Math.PI) / 180);
    return (0.5 - Math.log((1 + s) / (1 - s)) / (2 * TAU)) * world;
  };
  const x0 = mx(view.lng) - view.width / 2;
  const y0 = my(view.lat) - view.height / 2;
  return (lng, lat) => [mx(lng) - x0, my(lat) - y0];
}

function gaussian1d(radius) {
  const sigma = radius / 3;
  const k = new Float32Array(2 * radius + 1);
  for (let i = -radius; i <= radius; i++) k[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  return k;
}

/** A 256-entry RGBA ramp, transparent to red through yellow. */
const LUT = (() => {
  const lut = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    lut[4 * i] = 255;
    lut[4 * i + 1] = Math.round(255 * (1 - t) ** 0.7);
    lut[4 * i + 2] = Math.round(60 * (1 - t));
    lut[4 * i + 3] = Math.round(255 * Math.min(1, t * 1.5));
  }
  return lut;
})();

function colourise(density, max) {
  const out = new Uint8ClampedArray(density.length * 4);
  const scale = max > 0 ? 255 / max : 0;
  for (let i = 0; i < density.length; i++) {
    const v = density[i];
    if (v <= 0) continue;
    const j = Math.min(255, (v * scale) | 0) * 4;
    out[4 * i] = LUT[j];
    out[4 * i + 1] = LUT[j + 1];
    out[4 * i + 2] = LUT[j + 2];
    out[4 * i + 3] = LUT[j + 3];
  }
  return out;
}

function maxOf(a) {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}

export function stampHeat(coords, view, radius) {
  const { width: w, height: h } = view;
  const px = project(view);
  const g = gaussian1d(radius);
  const d = 2 * radius + 1;
  const kernel = new Float32Array(d * d);
  for (let j = 0; j < d; j++) for (let i = 0; i < d; i++) kernel[j * d + i] = g[i] * g[j];
  const density = new Float32Array(w * h);
  for (let p = 0; p < coords.length; p += 2) {
    const [x, y] = px(coords[p], coords[p + 1]);
    const cx = Math.floor(x), cy = Math.floor(y);
    if (cx < -radius || cy < -radius || cx >= w + radius || cy >= h + radius) continue;
    for (let j = -radius; j <= radius; j++) {
      const yy = cy + j;
      if (yy < 0 || yy >= h) continue;
      const row = yy * w, krow = (j + radius) * d + radius;
      for (let i = -radius; i <= radius; i++) {
        const xx = cx + i;
        if (xx >= 0 && xx < w) density[row + xx] += kernel[krow + i];
      }
    }
  }
  return { density, rgba: colourise(density, maxOf(density)) };
}

export function binBlurHeat(coords, view, radius) {
  const { width: w, height: h } = view;
  const px = project(view);
  const bins = new Float32Array(w * h);
  for (let p = 0; p < coords.length; p += 2) {
    const [x, y] = px(coords[p], coords[p + 1]);
    const cx = Math.floor(x), cy = Math.floor(y);
    if (cx >= 0 && cy >= 0 && cx < w && cy < h) bins[cy * w + cx] += 1;
  }
  const g = gaussian1d(radius);
  const tmp = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      let s = 0;
      const lo = Math.max(0, x - radius), hi = Math.min(w - 1, x + radius);
      for (let k = lo; k <= hi; k++) s += bins[row + k] * g[k - x + radius];
      tmp[row + x] = s;
    }
  }
  const density = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const lo = Math.max(0, y - radius), hi = Math.min(h - 1, y + radius);
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let k = lo; k <= hi; k++) s += tmp[k * w + x] * g[k - y + radius];
      density[y * w + x] = s;
    }
  }
  return { density, rgba: colourise(density, maxOf(density)) };
}
