// The seeded data sets of compare.mjs. Each `problems(n, seed, box)` returns a
// Float64Array of n lng, lat pairs inside `box` = [minLng, minLat, maxLng, maxLat].

/** mulberry32, as in flatbush's benches. */
export function mulberry32(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A: problems over the demo district's extent, 60 % of them in 40 hotspots of ±0.004°. */
function demoShape(n, seed, box) {
  const r = mulberry32(seed);
  const [x0, y0, x1, y1] = box;
  const hot = Array.from({ length: 40 }, () => [x0 + r() * (x1 - x0), y0 + r() * (y1 - y0)]);
  const c = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    if (r() < 0.6) {
      const h = hot[Math.floor(r() * hot.length)];
      c[2 * i] = h[0] + (r() - 0.5) * 0.008;
      c[2 * i + 1] = h[1] + (r() - 0.5) * 0.008;
    } else {
      c[2 * i] = x0 + r() * (x1 - x0);
      c[2 * i + 1] = y0 + r() * (y1 - y0);
    }
  }
  return c;
}

/**
 * B: a ledger booked at inspection points. 85 % in 300 tight clusters (a normal of
 * σ 25 m around a fixed spot; one in ten exactly at the spot, as a supervisor's
 * phone reports the point's own position), sizes skewed (a few markets and
 * stations take most); 15 % uniform over the box. More clustered than A (25 m
 * against ±450 m, duplicates) and more uniform in the rest (a wider box, no
 * mid-sized hotspots).
 */
function atPoints(n, seed, box) {
  const r = mulberry32(seed ^ 0x5bd1e995);
  const [x0, y0, x1, y1] = box;
  const spots = Array.from({ length: 300 }, () => [x0 + r() * (x1 - x0), y0 + r() * (y1 - y0)]);
  // Zipf-like weights: spot k gets 1/(k+1).
  const cum = [];
  let total = 0;
  for (let k = 0; k < spots.length; k++) cum.push((total += 1 / (k + 1)));
  const pick = () => {
    const u = r() * total;
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (cum[m] < u) lo = m + 1;
      else hi = m;
    }
    return spots[lo];
  };
  const mLat = 1 / 111_195; // degrees per metre north
  const c = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    let x, y;
    if (r() < 0.85) {
      const [sx, sy] = pick();
      if (r() < 0.1) {
        x = sx;
        y = sy;
      } else {
        // Box-Muller, σ 25 m.
        const a = Math.sqrt(-2 * Math.log(1 - r())) * 25;
        const t = 2 * Math.PI * r();
        x = sx + (a * Math.cos(t) * mLat) / Math.cos((sy * Math.PI) / 180);
        y = sy + a * Math.sin(t) * mLat;
      }
      x = Math.min(x1, Math.max(x0, x));
      y = Math.min(y1, Math.max(y0, y));
    } else {
      x = x0 + r() * (x1 - x0);
      y = y0 + r() * (y1 - y0);
    }
    c[2 * i] = x;
    c[2 * i + 1] = y;
  }
  return c;
}

/** 蒸湘区's extent. */
export const BOX = [112.52, 26.84, 112.63, 26.95];
/** 衡阳's central urban area (about 50 × 44 km). */
export const CITY_BOX = [112.35, 26.7, 112.85, 27.1];

export const DATASETS = [
  {
    name: 'A',
    about: "the demo's shape: 60 % in 40 hotspots of ±0.004° (±450 m), the rest uniform over 蒸湘区's extent (0.11° square); joins over the demo grid's extent.",
    problems: demoShape,
    box: BOX,
    heatBox: BOX,
  },
  {
    name: 'B',
    about: "booked at inspection points: 85 % in 300 clusters of σ 25 m (a tenth exactly at the spot; Zipf sizes), 15 % uniform; index and GeoJSON rows over 衡阳's urban area (0.5° × 0.4°), joins and heatmaps over the demo grid's extent.",
    problems: atPoints,
    box: CITY_BOX,
    heatBox: BOX,
  },
];
