// Rasters from the core. Each layer the core draws (the cells with their owners or
// workload, the heatmap, the zones, the selection) is rendered into an offscreen
// canvas of its own when its key or the settled view changes, and drawn onto the
// map from there: while the view moves, the last raster is moved and scaled
// instead, and a fresh one follows when the view settles (one render call per
// settled frame, smooth pan and zoom however slow the render).
//
// Frames go from wasm memory into the canvas without a copy in JS: the core's
// `…View` renderers return a Uint8ClampedArray over wasm memory, wrapped in an
// ImageData and put at once (never kept: the next call into the module may reuse
// or move that memory). scripts/frame-bench.mjs measures this against the copy path;
// README has the figures.
import { lngLatToPixel } from '../lib/view.js';
import { isMoving } from './viewport.js';
import { setError } from './messages.js';

const VIEW_KEYS = ['lng', 'lat', 'zoom', 'width', 'height', 'pixelRatio', 'baseCrs'];

/** Puts a frame (RGBA over wasm memory, w × h) into a 2D context at (0, 0), at once. */
export function putFrame(ctx, frame, w, h) {
  ctx.putImageData(new ImageData(frame, w, h), 0, 0);
}

/**
 * Draws raster `name` onto ctx, rendering it first when needed.
 * spec: {key, view?, width, height, scale = 1, render(ctx, width, height) → extra}:
 * `view` is the CSS view the raster covers (the element's view unless a part of it,
 * same zoom and pixel ratio, centre in the base map's system); render
 * puts the core's frame into the offscreen ctx (see putFrame) and may return data
 * kept with the raster (label anchors). When render throws, the core refused: its
 * message goes to the element's error area, the layer's raster is dropped so nothing
 * stands in for it, and null is returned.
 */
export function cachedRaster(host, ctx, name, spec) {
  const rasters = host._rasters;
  let c = rasters.get(name);
  const v = spec.view ?? host.view;
  const same = c && VIEW_KEYS.every((k) => c.view[k] === v[k]);
  if (c && c.key === spec.key && (same || isMoving(host))) {
    if (!same) settleSoon(host);
    blit(host, ctx, c);
    return c;
  }
  c ??= { canvas: document.createElement('canvas') };
  if (c.canvas.width !== spec.width || c.canvas.height !== spec.height) {
    c.canvas.width = spec.width;
    c.canvas.height = spec.height;
  }
  const g = c.canvas.getContext('2d');
  let extra;
  try {
    extra = spec.render(g, spec.width, spec.height);
  } catch (e) {
    rasters.delete(name);
    setError(host, name, e.message ?? String(e));
    return null;
  }
  setError(host, name, null);
  Object.assign(c, { key: spec.key, view: { ...v }, width: spec.width, height: spec.height, scale: spec.scale ?? 1, extra });
  rasters.set(name, c);
  blit(host, ctx, c);
  return c;
}

/** Draws raster `name` as last rendered, moved to the current view, if there is one (a layer whose next frame is not ready yet). */
export function drawCached(host, ctx, name) {
  const c = host._rasters.get(name);
  if (c) blit(host, ctx, c);
}

/** Forgets a layer's raster (its layer was switched off) and any error it had. */
export function dropRaster(host, name) {
  host._rasters.delete(name);
  setError(host, name, null);
}

/** Where a cached raster's view lands in the current view: scale and top-left (CSS px). */
export function placement(host, c) {
  const v = host.view;
  const a = c.view;
  const s = 2 ** (v.zoom - a.zoom);
  const [px, py] = lngLatToPixel(v, a.lng, a.lat);
  return { s, x0: px - (a.width / 2) * s, y0: py - (a.height / 2) * s };
}

function blit(host, ctx, c) {
  const { s, x0, y0 } = placement(host, c);
  const pr = host.view.pixelRatio;
  const k = (c.scale / c.view.pixelRatio) * s * pr;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(c.canvas, x0 * pr, y0 * pr, c.width * k, c.height * k);
}

function settleSoon(host) {
  host.life.clear(host._settleTimer);
  host._settleTimer = host.life.timeout(() => host.requestRender(), 170);
}
