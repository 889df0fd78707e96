// The supervisor's work on the map: "my location" (from the browser or a click) and
// the unresolved problems around it (within a radius, in the order asked, with the
// total beside the first k), a click on a problem or a numbered marker, and
// showing a cell, point or problem found elsewhere on the page.
import { flyTo } from './viewport.js';
import { problemsAt } from './heatpick.js';

/** What "open" means to a supervisor: someone still has to act. */
export const UNRESOLVED = ['open', 'rectifying', 'submitted'];

/** Puts "my location" at a WGS-84 point and returns the problems around it. */
export function setLocation(host, lng, lat, options = {}) {
  host.location = { lng, lat };
  const { total, hits } = search(host, lng, lat, options);
  host.results = hits;
  host.resultsTotal = total;
  host.requestRender();
  host._emit('civic-locate', { lng, lat, results: hits, total });
  return hits;
}

/** Unresolved problems around a point: `{k = 20, radiusM = 1000 (null: anywhere),
 * sort = 'distance' | 'daysOverdue' | 'deadline', filter}` → `{total, hits}`. */
export function search(host, lng, lat, { k = 20, radiusM = 1000, sort = 'distance', filter = {} } = {}) {
  return host.civic.searchProblems(lng, lat, k, radiusM ?? null, sort, { status: UNRESOLVED, ...filter });
}

/** The first k hits of search (the older name). */
export function nearestOpen(host, lng, lat, options) {
  return search(host, lng, lat, options).hits;
}

/**
 * Where the numbered result markers are drawn (CSS px): at their problem, or moved
 * off a marker already placed (and off "my location") along a spiral, with a leader
 * line back; `[{i, id, x, y, ax, ay}]` (ax, ay: the problem itself).
 */
export function markerLayout(host) {
  const R = 11;
  const placed = [];
  const loc = host.location ? host.lngLatToPixel(host.location.lng, host.location.lat) : null;
  const free = (x, y) => placed.every((p) => Math.hypot(p.x - x, p.y - y) >= 2 * R + 2)
    && (!loc || Math.hypot(loc[0] - x, loc[1] - y) >= R + 10);
  host.results.forEach((hit, i) => {
    const [ax, ay] = host.lngLatToPixel(hit.lng, hit.lat);
    let x = ax, y = ay;
    for (let step = 1; !free(x, y) && step < 200; step++) {
      const a = step * 0.9;
      const r = 2 * R + 2 + step * 1.6;
      x = ax + r * Math.cos(a);
      y = ay + r * Math.sin(a);
    }
    placed.push({ i, id: hit.id, x, y, ax, ay });
  });
  return placed;
}

/** Browser geolocation (WGS-84) → setLocation; rejects when unavailable. */
export function locateMe(host, options = {}) {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) return reject(new Error('no geolocation'));
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        if (!host.isConnected) return reject(new Error('the map was removed'));
        const r = setLocation(host, pos.coords.longitude, pos.coords.latitude, options);
        flyTo(host, pos.coords.longitude, pos.coords.latitude, Math.max(host.view.zoom, 15));
        resolve(r);
      },
      (e) => reject(new Error(e.message)),
      { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 },
    );
  });
}

/** Highlights a cell, point or problem and flies to it; resolves false when not found. */
export function show(host, kind, id, lngLat) {
  const { data } = host;
  let at = lngLat;
  if (!at && kind === 'cell') {
    const c = data.cellById.get(id);
    if (c) at = [(c.bbox[0] + c.bbox[2]) / 2, (c.bbox[1] + c.bbox[3]) / 2];
  } else if (!at && kind === 'point') {
    const p = data.points.find((x) => x.id === id);
    if (p) at = [p.lng, p.lat];
  } else if (!at && kind === 'problem' && data.problems.ids) {
    const i = data.problems.ids.indexOf(id);
    if (i >= 0) at = [data.problems.coords[2 * i], data.problems.coords[2 * i + 1]];
  }
  if (!at) return Promise.resolve(false);
  if (!lngLat) at = data.toWgs(...at);
  host.highlight = { kind, id, lng: at[0], lat: at[1] };
  return flyTo(host, at[0], at[1], Math.max(host.view.zoom, 16)).then(() => true);
}

/** In pan mode, a click on a numbered marker or within 10 px of a problem reports
 * it (civic-problem-click {hit}); the page opens its card. Elsewhere on the heat
 * layer, the problems making up the density there are reported (civic-heat-click
 * {x, y, lng, lat, density, attributed, count, problems, rest}). */
export function problemClick(host, [x, y], [lng, lat], e) {
  const marker = markerLayout(host).find((m) => Math.hypot(m.x - x, m.y - y) <= 12);
  if (marker) {
    const hit = host.results[marker.i];
    host.highlight = { kind: 'problem', id: hit.id, lng: hit.lng, lat: hit.lat };
    host.requestRender();
    host._emit('civic-problem-click', { hit, shiftKey: e.shiftKey });
    return;
  }
  if (!host.data.problems.coords.length) return;
  const [hit] = host.layers.has('problems') ? host.civic.nearestProblems(lng, lat, 1, {}) : [];
  const near = hit && Math.hypot(...host.lngLatToPixel(hit.lng, hit.lat).map((p, i) => p - [x, y][i])) <= 10;
  if (!near) return heatClick(host, [x, y], [lng, lat]);
  host.highlight = { kind: 'problem', id: hit.id, lng: hit.lng, lat: hit.lat };
  host.requestRender();
  host._emit('civic-problem-click', { hit, shiftKey: e.shiftKey });
}

/** A click on the heat layer away from any dot: the problems under that pixel. */
function heatClick(host, [x, y], [lng, lat]) {
  if (!host.layers.has('heat') || host._errors.has('heat')) return;
  let parts;
  try {
    parts = problemsAt(host, x, y);
  } catch {
    return; // the layer's own error is already shown
  }
  if (!parts.count) return;
  host._emit('civic-heat-click', { x, y, lng, lat, ...parts });
}
