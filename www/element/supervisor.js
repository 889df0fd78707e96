// The supervisor's work on the map: "my location" (from the browser or a click) and
// the nearest open problems around it, a click on a problem, and showing a cell,
// point or problem found elsewhere on the page.
import { flyTo } from './viewport.js';

/** Puts "my location" at a WGS-84 point and returns the nearest open problems. */
export function setLocation(host, lng, lat, options = {}) {
  host.location = { lng, lat };
  host.results = nearestOpen(host, lng, lat, options);
  host.requestRender();
  host._emit('civic-locate', { lng, lat, results: host.results });
  return host.results;
}

/** Nearest open (open or rectifying) problems, nearest first; filter as civicmap's. */
export function nearestOpen(host, lng, lat, { k = 20, filter = {} } = {}) {
  return host.civic.nearestProblems(lng, lat, k, { status: ['open', 'rectifying'], ...filter });
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

/** In pan mode, a click within 10 px of a problem reports it (civic-problem-click). */
export function problemClick(host, [x, y], [lng, lat], e) {
  if (!host.layers.has('problems') || !host.data.problems.coords.length) return;
  const [hit] = host.civic.nearestProblems(lng, lat, 1, { asOf: undefined });
  if (!hit) return;
  const [px, py] = host.lngLatToPixel(hit.lng, hit.lat);
  if (Math.hypot(px - x, py - y) > 10) return;
  host.highlight = { kind: 'problem', id: hit.id, lng: hit.lng, lat: hit.lat };
  host.requestRender();
  host._emit('civic-problem-click', { hit, shiftKey: e.shiftKey });
}
