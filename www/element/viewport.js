// The view: its size (device pixels), centre and zoom, and the moves a user or the
// API makes (zoom about a point, fit to the data, fly to a place). The view's centre
// is in the base map's system, as map libraries report it.
import { lngLatToWorld, worldToLngLat, pixelToLngLat, fitBounds } from '../lib/view.js';

/** Matches the canvas to the element's box and the screen's pixel ratio. */
export function resize(host) {
  const r = host.getBoundingClientRect();
  const pr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(r.width));
  const h = Math.max(1, Math.round(r.height));
  const v = host.view;
  if (w === v.width && h === v.height && pr === v.pixelRatio && host._canvas.width) return;
  host.view = { ...v, width: w, height: h, pixelRatio: pr };
  host._canvas.width = Math.round(w * pr);
  host._canvas.height = Math.round(h * pr);
  host.requestRender();
}

/** Sets any of lng, lat, zoom (zoom kept in 1..21). */
export function setView(host, v) {
  host.view = { ...host.view, ...v, zoom: Math.max(1, Math.min(21, v.zoom ?? host.view.zoom)) };
  host._viewChangedAt = performance.now();
  host.requestRender();
  host._emit('civic-view', { view: { ...host.view } });
}

/** Zooms by dz keeping the location under CSS px (px, py) in place. */
export function zoomBy(host, dz, px = host.view.width / 2, py = host.view.height / 2) {
  const before = pixelToLngLat(host.view, px, py);
  const zoom = Math.max(1, Math.min(21, host.view.zoom + dz));
  const v = { ...host.view, zoom };
  const [ax, ay] = lngLatToWorld(...before);
  const s = 2 ** zoom;
  const [lng, lat] = worldToLngLat(ax - (px - v.width / 2) / s, ay - (py - v.height / 2) / s);
  setView(host, { lng, lat, zoom });
}

/** Moves the centre by (dx, dy) CSS px. */
export function panBy(host, dx, dy) {
  const s = 2 ** host.view.zoom;
  const [cx, cy] = lngLatToWorld(host.view.lng, host.view.lat);
  const [lng, lat] = worldToLngLat(cx - dx / s, cy - dy / s);
  setView(host, { lng, lat });
}

/** Fits the view to the data. */
export function fit(host) {
  const b = host.data.dataBounds();
  if (b) setView(host, fitBounds(b, host.view.width, host.view.height, 24));
}

/**
 * Animates the view to a WGS-84 location; resolves true when it arrives, false when
 * another flight replaced it or the element was disconnected.
 */
export function flyTo(host, lng, lat, zoom = Math.max(host.view.zoom, 16)) {
  host._flight?.(false);
  const from = { ...host.view };
  const [x0, y0] = lngLatToWorld(from.lng, from.lat);
  const [x1, y1] = lngLatToWorld(...host.data.toBase(lng, lat));
  const start = performance.now();
  const ms = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ? 0 : 450;
  return new Promise((resolve) => {
    let unhook = null;
    const done = (arrived) => {
      if (host._flight === done) host._flight = null;
      unhook?.();
      resolve(arrived);
    };
    host._flight = done;
    unhook = host.life.onStop(() => done(false));
    const step = (now) => {
      if (host._flight !== done) return;
      const k = ms ? Math.min(1, (now - start) / ms) : 1;
      const e = k < 0.5 ? 2 * k * k : 1 - (-2 * k + 2) ** 2 / 2;
      const [l, a] = worldToLngLat(x0 + (x1 - x0) * e, y0 + (y1 - y0) * e);
      setView(host, { lng: l, lat: a, zoom: from.zoom + (zoom - from.zoom) * e });
      if (k >= 1) done(true);
      else if (!host.life.frame(step)) done(false);
    };
    if (!host.life.frame(step)) done(false);
  });
}

/** True while a gesture runs or shortly after the view last changed. */
export function isMoving(host) {
  return !!host._gesture || performance.now() - (host._viewChangedAt ?? 0) < 150;
}
