// Paints civicmap's heatmap or assignment raster for a view onto an overlay's
// canvas, only through the core (renderHeatView / renderAssignmentView: frames put
// from wasm memory into the canvas at once, with no copy in JS). When the core
// refuses (a misspelt option, a bad view), nothing is drawn but the core's message,
// written on the canvas, and paint() returns the error for the layer to report.
// Shared by the Leaflet and OpenLayers overlays; the CivicMap passed in must come
// from the same package entry (../index.js, `civicmap`): one wasm module per page.
import { convertCoords, crsName } from '../index.js';

/**
 * A base map's centre (in `crs`, any name the core accepts) as WGS-84, which the
 * core's views take. Map libraries report the centre in the base map's system
 * (GCJ-02 for AMap/Tencent tiles).
 */
export function toWgs84(lng, lat, crs) {
  const from = crsName(crs || 'wgs84');
  if (from === 'wgs84') return [lng, lat];
  const out = convertCoords(new Float64Array([lng, lat]), from, 'wgs84');
  return [out[0], out[1]];
}

/** The core's message on the canvas, top left, as text (never as HTML). */
function writeMessage(g, message, pixelRatio) {
  g.setTransform(pixelRatio, 0, 0, pixelRatio, 0, 0);
  g.font = '12px system-ui, sans-serif';
  g.textBaseline = 'top';
  const text = `civicmap: ${message}`;
  const w = Math.min(g.measureText(text).width + 12, g.canvas.width / pixelRatio - 8);
  g.fillStyle = 'rgba(253,236,234,0.95)';
  g.fillRect(4, 4, w, 20);
  g.fillStyle = '#7a0c0c';
  g.fillText(text, 10, 8, w - 12);
  g.setTransform(1, 0, 0, 1, 0, 0);
}

/**
 * Sizes `canvas` to the view's device pixels and paints kind 'heat' or 'assignment'
 * from `civic` (a loaded CivicMap). view: {lng, lat, zoom, width, height, pixelRatio,
 * baseCrs}, centre in WGS-84 (see toWgs84). Returns null, or the core's error.
 */
export function paint(canvas, civic, view, kind, options = {}) {
  const w = Math.max(1, Math.round(view.width * view.pixelRatio));
  const h = Math.max(1, Math.round(view.height * view.pixelRatio));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const g = canvas.getContext('2d');
  g.setTransform(1, 0, 0, 1, 0, 0);
  g.clearRect(0, 0, w, h);
  try {
    const frame = kind === 'heat' ? civic.renderHeatView(view, options) : civic.renderAssignmentView(view, options);
    g.putImageData(new ImageData(frame, w, h), 0, 0);
    return null;
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    writeMessage(g, error.message, view.pixelRatio);
    return error;
  }
}
