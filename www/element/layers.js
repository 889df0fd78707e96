// One frame of the map, bottom to top: the tiles or the district outline as base,
// then the layers the core draws (cells with their owners or workload and the zones
// in one raster, the Gi* hot and cold spots, the selection, the heatmap; see rasters.js), then the marks the page draws
// itself because they follow the pointer or the page's state: point and problem
// dots, "my location", the search results, the highlight and the box or lasso being
// drawn. Nothing here draws the core's layers another way: when the core refuses,
// the layer stays empty and the error area says why.
import { lngLatToWorld, lngLatToPixel, pixelToLngLat, scaleBar, viewBounds } from '../lib/view.js';
import { cachedRaster, drawCached, dropRaster, placement, putFrame } from './rasters.js';
import { setStatus } from './messages.js';
import { drawLegend } from './legend.js';
import { markerLayout } from './supervisor.js';
import { heatView } from './heatpick.js';
import { drawHotspots } from './hotspots.js';

// Outline path coordinates are world pixels at zoom PATH_ZOOM relative to an origin
// near the data, so float32 paths stay sub-pixel exact up to zoom 20.
const PATH_ZOOM = 14;
const PATH_K = 2 ** PATH_ZOOM;
export const STATUS_COLOR = { open: '#d7191c', rectifying: '#fdae61', submitted: '#7b3294', closed: '#1a9641' };
const BACKGROUND = '#f4f1ea';

/** Device pixels of a view, as the core sizes its rasters. */
const deviceSize = (v) => [Math.round(v.width * v.pixelRatio), Math.round(v.height * v.pixelRatio)];

/** renderAssignment options that draw nothing but what is added to them (the core skips fills at opacity 0). */
const BARE = { fillOpacity: 0, unassigned: false, cellOutlines: false, conflicts: false, zones: false };

export function draw(host) {
  const t0 = performance.now();
  const ctx = host._ctx;
  const v = host.view;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, host._canvas.width, host._canvas.height);
  const tileUrl = host.getAttribute('tile-url');
  if (tileUrl) drawTiles(host, ctx, tileUrl);
  if (host.data.origin && host.civic) {
    drawOutline(host, ctx, !tileUrl);
    drawCells(host, ctx);
    drawHotspots(host, ctx);
    drawSelection(host, ctx);
    drawHeat(host, ctx);
    if (host.layers.has('points')) drawPoints(host, ctx);
    if (host.layers.has('problems')) drawProblems(host, ctx);
    drawMarks(host, ctx);
  }
  drawGesture(host, ctx);
  const sb = scaleBar(v, 100);
  host._scaleBar.style.width = `${Math.round(sb.px)}px`;
  host._scaleText.textContent = host.formatDistance(sb.metres);
  drawLegend(host);
  host.lastFrameMs = performance.now() - t0;
}

function drawTiles(host, ctx, template) {
  const v = host.view;
  const z = Math.max(0, Math.min(19, Math.round(v.zoom)));
  const scale = 2 ** (v.zoom - z);
  const size = 256 * scale * v.pixelRatio;
  const [cx, cy] = lngLatToWorld(v.lng, v.lat);
  const cxz = cx * 2 ** z;
  const cyz = cy * 2 ** z;
  const x0 = Math.floor((cxz - v.width / 2 / scale) / 256);
  const x1 = Math.floor((cxz + v.width / 2 / scale) / 256);
  const y0 = Math.floor((cyz - v.height / 2 / scale) / 256);
  const y1 = Math.floor((cyz + v.height / 2 / scale) / 256);
  const n = 2 ** z;
  for (let ty = y0; ty <= y1; ty++) {
    if (ty < 0 || ty >= n) continue;
    for (let tx = x0; tx <= x1; tx++) {
      const wx = ((tx % n) + n) % n;
      const url = template.replace('{z}', z).replace('{x}', wx).replace('{y}', ty).replace('{s}', 'abc'[(wx + ty) % 3]);
      let img = host._tiles.get(url);
      if (!img) {
        img = new Image();
        img.onload = () => host.requestRender();
        img.src = url;
        host._tiles.set(url, img);
        if (host._tiles.size > 400) host._tiles.delete(host._tiles.keys().next().value);
      }
      if (img.complete && img.naturalWidth) {
        const px = ((tx * 256 - cxz) * scale + v.width / 2) * v.pixelRatio;
        const py = ((ty * 256 - cyz) * scale + v.height / 2) * v.pixelRatio;
        ctx.drawImage(img, Math.floor(px), Math.floor(py), Math.ceil(size) + 1, Math.ceil(size) + 1);
      }
    }
  }
}

/** Sets the transform that maps outline path coordinates (see PATH_ZOOM) to device pixels; returns one CSS px in path units. */
function pathTransform(host, ctx) {
  const v = host.view;
  const pr = v.pixelRatio;
  const s = 2 ** (v.zoom - PATH_ZOOM);
  const [cx, cy] = lngLatToWorld(v.lng, v.lat);
  const [ox, oy] = host.data.origin;
  const z = 2 ** v.zoom;
  ctx.setTransform(pr * s, 0, 0, pr * s, pr * ((ox - cx) * z + v.width / 2), pr * ((oy - cy) * z + v.height / 2));
  return 1 / (pr * s);
}

/** The district outline (the base when there are no tiles): the page's base map, not a core layer. */
function drawOutline(host, ctx, fill) {
  const { data } = host;
  if (!data.outline.length) return;
  if (host._outlineFor !== data.outline) {
    const path = new Path2D();
    const [ox, oy] = data.origin;
    for (const line of data.outline) {
      line.forEach(([lng, lat], i) => {
        const [x, y] = lngLatToWorld(lng, lat);
        const px = (x - ox) * PATH_K;
        const py = (y - oy) * PATH_K;
        if (i === 0) path.moveTo(px, py);
        else path.lineTo(px, py);
      });
      path.closePath();
    }
    host._outlinePath = path;
    host._outlineFor = data.outline;
  }
  const px = pathTransform(host, ctx);
  if (fill) {
    ctx.fillStyle = '#ffffff';
    ctx.fill(host._outlinePath, 'evenodd');
  }
  ctx.strokeStyle = '#7a6f5a';
  ctx.lineWidth = 2 * px;
  ctx.setLineDash([6 * px, 3 * px]);
  ctx.stroke(host._outlinePath);
  ctx.setLineDash([]);
}

/** A layer the core's renderAssignment draws, as raster `name` with these options, over `view` (a part of the element's). */
function assignmentRaster(host, ctx, name, options, labels, view = host.view) {
  const v = host.data.coreView(view);
  const [w, h] = deviceSize(v);
  const opts = host.asOf ? { ...options, asOf: host.asOf } : options;
  return cachedRaster(host, ctx, name, {
    key: `${host.data.version}|${host.asOf}|${JSON.stringify(opts)}`,
    view,
    width: w,
    height: h,
    render: (g) => {
      putFrame(g, host.civic.renderAssignmentView(v, opts), w, h);
      return labels ? host.civic.assignmentLabels(v, 90) : null;
    },
  });
}

/**
 * Cells filled by owner (assignment) or by workload, else outlines only, conflicts
 * marked, and the zones: one raster, one render call per settled view.
 */
function drawCells(host, ctx) {
  const L = host.layers;
  const [asg, wl, cells, zones] = ['assignment', 'workloadLayer', 'cells', 'zones'].map((l) => L.has(l));
  const { data } = host;
  const some = (asg || wl || cells) && data.cells.length;
  if (!some && !(zones && data.zones.length)) return dropRaster(host, 'cells');
  const options = asg || wl
    ? { fill: asg ? 'owner' : 'openProblems', zones, conflicts: asg || cells }
    : { ...BARE, cellOutlines: cells, conflicts: cells, zones };
  const c = assignmentRaster(host, ctx, 'cells', options, asg);
  if (c?.extra) drawOwnerLabels(host, ctx, c);
}

/**
 * The selected cells: a raster of their own over just their box in view, so a click
 * renders a few cells (~2 ms) instead of the whole map again.
 */
function drawSelection(host, ctx) {
  const ids = washed(host);
  const view = ids.length ? selectionView(host, ids) : null;
  if (!view) return dropRaster(host, 'selected');
  assignmentRaster(host, ctx, 'selected', { ...BARE, selected: ids }, false, view);
}

/** The cells drawn as selected: the selected cells, and those shown for a picked zone or owner. */
function washed(host) {
  if (!host.shown?.length) return [...host.selection].sort();
  return [...new Set([...host.selection, ...host.shown])].sort();
}

/** The part of the view, on whole device pixels, that holds the selected cells (and their outline); null when none is in view. */
function selectionView(host, ids) {
  const v = host.view;
  const pr = v.pixelRatio;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const id of ids) {
    const c = host.data.cellById.get(id);
    if (!c) continue;
    const [ax, ay] = lngLatToPixel(v, c.bbox[0], c.bbox[3]);
    const [bx, by] = lngLatToPixel(v, c.bbox[2], c.bbox[1]);
    [x0, y0, x1, y1] = [Math.min(x0, ax), Math.min(y0, ay), Math.max(x1, bx), Math.max(y1, by)];
  }
  const margin = 4;
  const dx0 = Math.max(0, Math.floor((x0 - margin) * pr));
  const dy0 = Math.max(0, Math.floor((y0 - margin) * pr));
  const dx1 = Math.min(Math.round(v.width * pr), Math.ceil((x1 + margin) * pr));
  const dy1 = Math.min(Math.round(v.height * pr), Math.ceil((y1 + margin) * pr));
  if (!(dx1 > dx0 && dy1 > dy0)) return null;
  const [lng, lat] = pixelToLngLat(v, (dx0 + dx1) / (2 * pr), (dy0 + dy1) / (2 * pr));
  return { ...v, lng, lat, width: (dx1 - dx0) / pr, height: (dy1 - dy0) / pr };
}

/** Owner names at the core's anchors, moved with the raster (fonts are the page's business). */
function drawOwnerLabels(host, ctx, raster) {
  const { s: k, x0, y0 } = placement(host, raster);
  const pr = host.view.pixelRatio;
  ctx.setTransform(pr, 0, 0, pr, 0, 0);
  ctx.font = '600 12px system-ui, sans-serif';
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.lineWidth = 3;
  ctx.strokeStyle = 'rgba(255,255,255,0.9)';
  ctx.fillStyle = '#222';
  for (const l of raster.extra) {
    const name = host.data.ownerName(l.owner).split(' · ')[0];
    const x = x0 + l.x * k;
    const y = y0 + l.y * k;
    ctx.strokeText(name, x, y);
    ctx.fillText(name, x, y);
  }
}

/** Problems prepared per call of prepareHeat, and a frame's share of preparing (ms). */
const HEAT_SLICE = 50_000;
const HEAT_BUDGET_MS = 12;

/**
 * Prepares the core's heatmap cache a slice at a time (millions of problems take
 * seconds): true when ready to render; otherwise the status line says how far it
 * got and another frame is asked for, the last heatmap standing in meanwhile. When
 * the core refuses, true: the render then shows its message.
 */
function prepareHeat(host, hv, opts) {
  const t0 = performance.now();
  let p;
  try {
    do p = host.civic.prepareHeat(hv, HEAT_SLICE, opts);
    while (!p.ready && performance.now() - t0 < HEAT_BUDGET_MS);
  } catch {
    return true;
  }
  const text = host.t('heatPreparing');
  if (p.ready) {
    if (host._status.textContent.startsWith(text)) setStatus(host, '');
    return true;
  }
  setStatus(host, `${text} ${Math.floor((100 * p.done) / Math.max(1, p.total))} %`);
  host._emit('civic-heat-progress', { ready: p.ready, done: p.done, total: p.total });
  // A macrotask, not a frame: the page answers input between slices.
  host.life.timeout(() => host.requestRender(), 0);
  return false;
}

function drawHeat(host, ctx) {
  if (!host.layers.has('heat') || !host.data.problems.coords.length) return dropRaster(host, 'heat');
  const t0 = performance.now();
  const opts = host.heatOptions;
  // A kernel many pixels wide is smooth: rendered at half resolution (a quarter of
  // the pixels), drawImage scales it up.
  const { view: hv, scale: k } = heatView(host);
  const [w, h] = deviceSize(hv);
  if (!prepareHeat(host, hv, opts)) return drawCached(host, ctx, 'heat');
  let rendered = false;
  const c = cachedRaster(host, ctx, 'heat', {
    key: `${host.data.version}|${host.asOf}|${JSON.stringify(opts)}`,
    width: w,
    height: h,
    scale: 1 / k,
    render: (g) => {
      putFrame(g, host.civic.renderHeatView(hv, opts), w, h);
      // How many problems the frame weighed: none means an empty period, which
      // the legend says in words rather than with a 0–1 scale.
      host._heatBinned = host.civic.heatStats().binned;
      rendered = true;
    },
  });
  if (!c) return;
  if (rendered) host.lastHeatMs = performance.now() - t0;
  if (!host._firstHeat) {
    host._firstHeat = performance.now();
    host._emit('civic-heat', { ms: host.lastHeatMs, at: host._firstHeat });
  }
}

function drawPoints(host, ctx) {
  const v = host.view;
  const pr = v.pixelRatio;
  ctx.setTransform(pr, 0, 0, pr, 0, 0);
  ctx.fillStyle = '#1f78b4';
  ctx.strokeStyle = '#fff';
  ctx.lineWidth = 1.5;
  const picked = host.pick === 'points' ? host.picked : null;
  for (const p of host.data.points) {
    const [x, y] = lngLatToPixel(v, p.lng, p.lat);
    if (x < -10 || y < -10 || x > v.width + 10 || y > v.height + 10) continue;
    ctx.beginPath();
    ctx.rect(x - 4, y - 4, 8, 8);
    ctx.fill();
    ctx.stroke();
    if (picked?.has(p.id)) {
      // A picked point: a ring in the selection's blue.
      ctx.save();
      ctx.strokeStyle = '#1450e6';
      ctx.lineWidth = 2.5;
      ctx.beginPath();
      ctx.arc(x, y, 9, 0, 2 * Math.PI);
      ctx.stroke();
      ctx.restore();
    }
  }
}

function drawProblems(host, ctx) {
  const v = host.view;
  const { coords, status } = host.data.problems;
  const n = coords.length / 2;
  if (!n) return;
  const pr = v.pixelRatio;
  const [w, s, e, nn] = viewBounds(v);
  // Too many to read as dots: the heatmap shows them.
  let visible = 0;
  for (let i = 0; i < n && visible <= 20000; i++) {
    const lng = coords[2 * i], lat = coords[2 * i + 1];
    if (lng >= w && lng <= e && lat >= s && lat <= nn) visible++;
  }
  if (visible > 20000) return;
  // Under the heatmap, dots only where they can be told apart.
  if (host.layers.has('heat') && visible > 1500 && v.zoom < 15) return;
  ctx.setTransform(pr, 0, 0, pr, 0, 0);
  const r = v.zoom >= 15 ? 3.5 : 2.5;
  for (const st of ['closed', 'submitted', 'rectifying', 'open']) {
    ctx.fillStyle = STATUS_COLOR[st];
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      if ((status ? status[i] : 'open') !== st) continue;
      const lng = coords[2 * i], lat = coords[2 * i + 1];
      if (lng < w || lng > e || lat < s || lat > nn) continue;
      const [x, y] = lngLatToPixel(v, lng, lat);
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
    ctx.fill();
    ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    ctx.lineWidth = 1;
    ctx.stroke();
  }
}

/** "My location", the search results on top of it (moved apart where they would
 * cover each other, with a line back to the problem), and the highlight. */
function drawMarks(host, ctx) {
  const v = host.view;
  const pr = v.pixelRatio;
  ctx.setTransform(pr, 0, 0, pr, 0, 0);
  if (host.location) {
    const [x, y] = host.lngLatToPixel(host.location.lng, host.location.lat);
    ctx.fillStyle = 'rgba(0,120,255,0.2)';
    ctx.beginPath();
    ctx.arc(x, y, 16, 0, 2 * Math.PI);
    ctx.fill();
    ctx.fillStyle = '#0a64d8';
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(x, y, 6, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
  const marks = markerLayout(host);
  ctx.strokeStyle = '#b2182b';
  ctx.lineWidth = 1.5;
  for (const m of marks) {
    if (m.x === m.ax && m.y === m.ay) continue;
    ctx.beginPath();
    ctx.moveTo(m.ax, m.ay);
    ctx.lineTo(m.x, m.y);
    ctx.stroke();
    ctx.fillStyle = '#b2182b';
    ctx.beginPath();
    ctx.arc(m.ax, m.ay, 3, 0, 2 * Math.PI);
    ctx.fill();
  }
  for (const m of marks) {
    ctx.fillStyle = '#b2182b';
    ctx.strokeStyle = '#fff';
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.arc(m.x, m.y, 11, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
    ctx.fillStyle = '#fff';
    ctx.font = 'bold 11px sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(String(m.i + 1), m.x, m.y + 0.5);
  }
  const hl = host.highlight;
  if (!hl) return;
  ctx.strokeStyle = '#ff00aa';
  const cell = hl.kind === 'cell' ? host.data.cellById.get(hl.id) : null;
  ctx.beginPath();
  if (cell) {
    ctx.lineWidth = 4;
    for (const poly of cell.polys) {
      for (const ring of poly) {
        ring.forEach(([lng, lat], i) => {
          const [x, y] = lngLatToPixel(v, lng, lat);
          if (i) ctx.lineTo(x, y);
          else ctx.moveTo(x, y);
        });
        ctx.closePath();
      }
    }
  } else {
    const [x, y] = host.lngLatToPixel(hl.lng, hl.lat);
    ctx.lineWidth = 3;
    ctx.arc(x, y, 14, 0, 2 * Math.PI);
  }
  ctx.stroke();
}

function drawGesture(host, ctx) {
  const g = host._gesture;
  if (!g || (g.type !== 'box' && g.type !== 'lasso')) return;
  const pr = host.view.pixelRatio;
  ctx.setTransform(pr, 0, 0, pr, 0, 0);
  ctx.strokeStyle = '#0060df';
  ctx.fillStyle = 'rgba(0,96,223,0.12)';
  ctx.lineWidth = 1.5;
  ctx.setLineDash([5, 4]);
  ctx.beginPath();
  if (g.type === 'box') {
    ctx.rect(g.start[0], g.start[1], g.last[0] - g.start[0], g.last[1] - g.start[1]);
  } else {
    g.path.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
    ctx.closePath();
  }
  ctx.fill();
  ctx.stroke();
  ctx.setLineDash([]);
}
