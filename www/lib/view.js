// Web Mercator view maths, in the XYZ tile scheme (256 px tiles, zoom 0 = one tile),
// so a view lines up with Tianditu/OSM tiles and with Leaflet and OpenLayers maps.
// A view is { lng, lat, zoom, width, height, pixelRatio, baseCrs }: centre in degrees,
// size in CSS pixels, the same object civicmap's renderers take.

export const TILE_PX = 256;
const MAX_LAT = 85.0511287798066;
const EARTH_RADIUS_M = 6378137;

/** World pixel x, y at zoom 0 (0..256) of a location. */
export function lngLatToWorld(lng, lat) {
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const s = Math.sin((clamped * Math.PI) / 180);
  return [
    ((lng + 180) / 360) * TILE_PX,
    (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * TILE_PX,
  ];
}

/** The location of a world pixel at zoom 0. */
export function worldToLngLat(x, y) {
  const lng = (x / TILE_PX) * 360 - 180;
  const n = Math.PI - (2 * Math.PI * y) / TILE_PX;
  const lat = (180 / Math.PI) * Math.atan(Math.sinh(n));
  return [lng, lat];
}

/** CSS pixel x, y of a location in a view (origin top left). */
export function lngLatToPixel(view, lng, lat) {
  const scale = 2 ** view.zoom;
  const [cx, cy] = lngLatToWorld(view.lng, view.lat);
  const [x, y] = lngLatToWorld(lng, lat);
  return [(x - cx) * scale + view.width / 2, (y - cy) * scale + view.height / 2];
}

/** The location under CSS pixel x, y of a view. */
export function pixelToLngLat(view, px, py) {
  const scale = 2 ** view.zoom;
  const [cx, cy] = lngLatToWorld(view.lng, view.lat);
  return worldToLngLat(cx + (px - view.width / 2) / scale, cy + (py - view.height / 2) / scale);
}

/** Ground metres per CSS pixel at the view's centre. */
export function metresPerPixel(view) {
  return (
    (Math.cos((view.lat * Math.PI) / 180) * 2 * Math.PI * EARTH_RADIUS_M) /
    (TILE_PX * 2 ** view.zoom)
  );
}

/** [minLng, minLat, maxLng, maxLat] visible in a view. */
export function viewBounds(view) {
  const [w, n] = pixelToLngLat(view, 0, 0);
  const [e, s] = pixelToLngLat(view, view.width, view.height);
  return [w, s, e, n];
}

/** The centre and zoom that show bounds [minLng, minLat, maxLng, maxLat] with padding (px). */
export function fitBounds(bounds, width, height, paddingPx = 24, maxZoom = 19) {
  const [a, b] = lngLatToWorld(bounds[0], bounds[3]);
  const [c, d] = lngLatToWorld(bounds[2], bounds[1]);
  const w = Math.max(c - a, 1e-9);
  const h = Math.max(d - b, 1e-9);
  const zx = Math.log2(Math.max(1, width - 2 * paddingPx) / w);
  const zy = Math.log2(Math.max(1, height - 2 * paddingPx) / h);
  const zoom = Math.max(1, Math.min(maxZoom, Math.min(zx, zy)));
  const [lng, lat] = worldToLngLat((a + c) / 2, (b + d) / 2);
  return { lng, lat, zoom };
}

/** A round scale-bar length (m) no longer than maxPx at the view's centre, and its width in px. */
export function scaleBar(view, maxPx = 120) {
  const mpp = metresPerPixel(view);
  const maxM = mpp * maxPx;
  const pow = 10 ** Math.floor(Math.log10(maxM));
  const step = [5, 2, 1].map((f) => f * pow).find((m) => m <= maxM) ?? pow;
  return { metres: step, px: step / mpp };
}

/** Haversine distance in metres. */
export function distanceM(lng1, lat1, lng2, lat2) {
  const r = Math.PI / 180;
  const dLat = (lat2 - lat1) * r;
  const dLng = (lng2 - lng1) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}
